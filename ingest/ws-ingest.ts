// The WebSocket ingest (CONTRACT §3.1): one answer per frame, in order, each sent only after
// the frame's accepted events are durable. Frame-level errors answer and keep the connection.
import { parseJsonFrame } from './frame.js';
import { IngestError, type Ack, type IngestService } from './ingest-service.js';

/** The little of a `ws` WebSocket that ingest uses. */
export interface IngestSocket {
  send(data: string): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): void;
  on(event: 'close', listener: () => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  close(code?: number, reason?: string): void;
  readonly readyState: number;
  readonly bufferedAmount: number;
}

const OPEN = 1;
/** Bytes of answers waiting on a socket beyond which the client is taken not to read them. */
const MAX_UNREAD_ANSWERS = 16 * 1024 * 1024;

export type FrameAnswer = Ack | { seq: number | null; error: string };

export function attachIngestSocket(socket: IngestSocket, workspaceId: string, ingest: IngestService): void {
  let tail: Promise<void> = Promise.resolve();
  const reply = (answer: Promise<Answered>) => {
    tail = tail.then(() => answer).then((a) => {
      if (socket.readyState !== OPEN) return;
      socket.send(JSON.stringify(a.answer));
      // A client that does not read its answers would make them pile up in memory: close it.
      // Every frame it was sent an answer for is stored; it reconnects and resends the rest.
      if (socket.bufferedAmount > MAX_UNREAD_ANSWERS) socket.close(1008, 'answers not read; reconnect and resend unanswered frames');
    }, (err: Error) => console.error(`ingest: ${err.stack ?? err.message}`));
  };
  // A protocol error (such as a frame over the size limit, closed with 1009) ends this socket
  // only; without a listener it would be thrown and take the process down.
  socket.on('error', () => {});
  socket.on('message', (data) => {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    reply(answerFrame(text, workspaceId, ingest));
  });
}

/** `retryable`: the frame was refused for now (overload, storage fault, shutdown), not for its content. */
export interface Answered { answer: FrameAnswer; retryable: boolean }

/** The answer to one frame, shared by the WebSocket and HTTP ingest. */
export async function answerFrame(text: string, workspaceId: string, ingest: IngestService, parse = parseJsonFrame): Promise<Answered> {
  const frame = parse(text);
  if (!frame.ok) return { answer: { seq: null, error: frame.error }, retryable: false };
  try {
    return { answer: await ingest.submit(workspaceId, frame.seq, frame.events), retryable: false };
  } catch (err) {
    if (err instanceof IngestError) return { answer: { seq: frame.seq, error: err.message }, retryable: true };
    throw err;
  }
}
