// The WebSocket ingest (CONTRACT §3.1): one answer per frame, in order, each sent only after
// the frame's accepted events are durable. Frame-level errors answer and keep the connection.
import { parseJsonFrame } from './frame.js';
import { IngestError, type Ack, type IngestService } from './ingest-service.js';

/** The little of a `ws` WebSocket that ingest uses. */
export interface IngestSocket {
  send(data: string, cb?: (err?: Error) => void): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): void;
  on(event: 'close', listener: () => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  close(code?: number, reason?: string): void;
  pause(): void;
  resume(): void;
  readonly readyState: number;
  readonly bufferedAmount: number;
}

const OPEN = 1;
/** Frames read from one socket and not answered yet, beyond which it is not read further. */
export const MAX_FRAMES_UNANSWERED = 32;
/** Bytes of answers not yet written to the network beyond which the socket is not read further. */
const ANSWERS_HIGH_WATER = 1024 * 1024;
/** Bytes of answers waiting on a socket beyond which the client is taken not to read them. */
const MAX_UNREAD_ANSWERS = 16 * 1024 * 1024;

export type FrameAnswer = Ack | { seq: number | null; error: string; retryAfterMs?: number };

/**
 * Answers each frame of `socket`, in order. Backpressure: while the socket has many frames in
 * work or its answers are not being read, the server stops reading it (TCP then slows the
 * client down) instead of queueing without bound.
 */
export function attachIngestSocket(socket: IngestSocket, workspaceId: string, ingest: IngestService, gate?: RateGate): void {
  let tail: Promise<void> = Promise.resolve();
  let unanswered = 0;
  let paused = false;
  const adjust = () => {
    if (socket.readyState !== OPEN) return;
    const lagging = unanswered >= MAX_FRAMES_UNANSWERED || socket.bufferedAmount > ANSWERS_HIGH_WATER;
    if (lagging !== paused) {
      paused = lagging;
      if (lagging) socket.pause();
      else socket.resume();
    }
  };
  const reply = (answer: Promise<Answered>) => {
    unanswered++;
    adjust();
    tail = tail.then(() => answer).then((a) => {
      unanswered--;
      if (socket.readyState !== OPEN) return;
      socket.send(JSON.stringify(a.answer), adjust);
      // A client that does not read its answers would make them pile up in memory: close it.
      // Every frame it was sent an answer for is stored; it reconnects and resends the rest.
      if (socket.bufferedAmount > MAX_UNREAD_ANSWERS) socket.close(1008, 'answers not read; reconnect and resend unanswered frames');
      else adjust();
    }, (err: Error) => {
      unanswered--;
      adjust();
      console.error(`ingest: ${err.stack ?? err.message}`);
    });
  };
  // A protocol error (such as a frame over the size limit, closed with 1009) ends this socket
  // only; without a listener it would be thrown and take the process down.
  socket.on('error', () => {});
  socket.on('message', (data) => {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    reply(answerFrame(text, workspaceId, ingest, parseJsonFrame, gate));
  });
}

/**
 * `retryable`: the frame was refused for now (overload, storage fault, shutdown, rate limit),
 * not for its content; `retryAfterMs` when the rate limit says how long to wait.
 */
export interface Answered { answer: FrameAnswer; retryable: boolean; retryAfterMs?: number }

/** Takes `events` from the sender's allowance: 0 when they may go, else the ms to wait. */
export type RateGate = (events: number) => number;

/** The answer to one frame, shared by the WebSocket and HTTP ingest. */
export async function answerFrame(text: string, workspaceId: string, ingest: IngestService, parse = parseJsonFrame, gate: RateGate = () => 0): Promise<Answered> {
  const frame = parse(text);
  if (!frame.ok) return { answer: { seq: null, error: frame.error }, retryable: false };
  const wait = gate(frame.events.length);
  if (wait > 0) {
    return { answer: { seq: frame.seq, error: `rate limited: this token sends more events per second than allowed; retry in ${wait} ms`, retryAfterMs: wait }, retryable: true, retryAfterMs: wait };
  }
  try {
    return { answer: await ingest.submit(workspaceId, frame.seq, frame.events), retryable: false };
  } catch (err) {
    if (err instanceof IngestError) return { answer: { seq: frame.seq, error: err.message }, retryable: true };
    throw err;
  }
}
