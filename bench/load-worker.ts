// One load-generating WebSocket client, run in a worker thread so that the clients' work does
// not share the event loop that times them. Frames are generated and serialised before the
// start signal; the timed part only sends bytes and reads acks.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { buildFrames, EventGenerator } from './event-gen.js';

export interface WorkerSetup {
  client: number;
  seed: number;
  frames: number;
  perFrame: number;
  streams: number;
}

/** `go` sends frames [from, to) of this client's frames, keeping `window` of them in flight. */
export type ToWorker = { type: 'connect'; url: string | string[] } | { type: 'go'; window: number; from: number; to: number } | { type: 'disconnect' } | { type: 'exit' };

export interface ClientResult {
  client: number;
  frames: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Frames answered "overloaded/storage, retry" and sent again. */
  retries: number;
  firstRejects: string[];
  /** Per answered frame: ack time (epoch ms, sub-ms), latency send → ack (ms), events in it. */
  ackAt: Float64Array;
  latency: Float64Array;
  eventsIn: Uint32Array;
  firstSendAt: number;
}

export type FromWorker =
  | { type: 'ready'; client: number; events: number; bytes: number; genMs: number }
  | { type: 'connected'; client: number }
  | { type: 'disconnected'; client: number }
  | { type: 'done'; result: ClientResult }
  | { type: 'failed'; client: number; error: string };

interface Ack { seq: number | null; accepted?: number; duplicates?: number; rejected?: Array<{ index: number; error: string }>; error?: string }

const setup = workerData as WorkerSetup;
const port = parentPort!;
const now = () => performance.timeOrigin + performance.now();

const t0 = performance.now();
const gen = new EventGenerator({ seed: setup.seed, source: setup.client, streams: setup.streams });
// Buffers, sent as text frames: no string → UTF-8 conversion while timing.
const frames = buildFrames(gen, setup.frames, setup.perFrame).map((f) => Buffer.from(f, 'utf8'));
const bytes = frames.reduce((n, f) => n + f.length, 0);
port.postMessage({ type: 'ready', client: setup.client, events: setup.frames * setup.perFrame, bytes, genMs: performance.now() - t0 } satisfies FromWorker);

let socket: WebSocket | null = null;

port.on('message', (msg: ToWorker) => {
  // Several URLs: the clients take them in turn (clients spread over several ingest nodes).
  if (msg.type === 'connect') connect(Array.isArray(msg.url) ? msg.url[setup.client % msg.url.length]! : msg.url);
  else if (msg.type === 'disconnect') disconnect();
  else if (msg.type === 'go') run(msg.window, msg.from, msg.to);
  else process.exit(0);
});

function fail(error: string): void {
  port.postMessage({ type: 'failed', client: setup.client, error } satisfies FromWorker);
}

function connect(url: string): void {
  if (socket) {
    socket.removeAllListeners();
    socket.close(1000);
    socket = null;
  }
  // A zero mask makes `ws` skip masking on the client; the server unmasks as usual.
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 16 * 1024 * 1024, generateMask: (mask) => mask.fill(0) });
  ws.once('open', () => {
    socket = ws;
    port.postMessage({ type: 'connected', client: setup.client } satisfies FromWorker);
  });
  ws.once('error', (err) => fail(`connect ${url.replace(/token=[^&]+/, 'token=…')}: ${err.message}`));
}

function disconnect(): void {
  if (!socket) return;
  const ws = socket;
  socket = null;
  ws.removeAllListeners();
  ws.on('error', () => {});
  ws.once('close', () => port.postMessage({ type: 'disconnected', client: setup.client } satisfies FromWorker));
  ws.close(1000);
}

function run(window: number, from: number, to: number): void {
  const ws = socket!;
  ws.removeAllListeners('message');
  ws.removeAllListeners('close');
  const n = to - from;
  const sentAt = new Float64Array(frames.length);
  const ackAt = new Float64Array(n);
  const latency = new Float64Array(n);
  const eventsIn = new Uint32Array(n);
  const inFlight: number[] = [];
  const retryQueue: number[] = [];
  let next = from;
  let answered = 0;
  let accepted = 0;
  let duplicates = 0;
  let rejected = 0;
  let retries = 0;
  const firstRejects: string[] = [];
  let finished = false;
  let firstSendAt = 0;

  const send = (i: number) => {
    sentAt[i] = now();
    inFlight.push(i);
    ws.send(frames[i]!, { binary: false });
  };
  const pump = () => {
    while (inFlight.length < window) {
      if (retryQueue.length > 0) send(retryQueue.shift()!);
      else if (next < to) send(next++);
      else break;
    }
  };

  ws.on('message', (data) => {
    const at = now();
    const i = inFlight.shift();
    const ack = JSON.parse(data.toString()) as Ack;
    if (i === undefined || ack.seq !== i) return fail(`answer out of order: expected seq ${i}, got ${JSON.stringify(ack).slice(0, 200)}`);
    if (ack.error !== undefined) {
      // Overloaded or storage trouble: the frame was not stored; send it again shortly.
      retries++;
      setTimeout(() => {
        retryQueue.push(i);
        pump();
      }, 20);
      return;
    }
    ackAt[answered] = at;
    latency[answered] = at - sentAt[i]!;
    eventsIn[answered] = (ack.accepted ?? 0) + (ack.duplicates ?? 0) + (ack.rejected?.length ?? 0);
    answered++;
    accepted += ack.accepted ?? 0;
    duplicates += ack.duplicates ?? 0;
    rejected += ack.rejected?.length ?? 0;
    for (const r of ack.rejected ?? []) if (firstRejects.length < 5) firstRejects.push(`seq ${i} #${r.index}: ${r.error}`);
    if (answered === n) {
      finished = true;
      const result: ClientResult = {
        client: setup.client, frames: n, accepted, duplicates, rejected, retries, firstRejects,
        ackAt, latency, eventsIn, firstSendAt,
      };
      port.postMessage({ type: 'done', result } satisfies FromWorker);
      return;
    }
    pump();
  });
  ws.on('close', (code, reason) => {
    if (!finished) fail(`connection closed after ${answered}/${n} answers: ${code} ${reason.toString()}`);
  });

  firstSendAt = now();
  pump();
}
