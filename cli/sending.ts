// What `kolpulse replay`, `bridge` and `import` share: where they read and write, the input file,
// the server options (--url, --token), the resending WebSocket client behind a frame sender, and
// the tally of what the server answered.
import fs from 'node:fs';
import { FrameSender } from '../ingest/bridges/frame-sender.js';
import { ingestUrl, ResendingClient, type ClientStats } from '../ingest/resending-client.js';

/** Where a command reads and writes; tests pass their own. */
export interface CommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
}

export const processIo = (): CommandIo => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });

/** The input named on the command line (`-` for stdin), opened: a missing file fails here, before any sending. */
export function openInput(file: string, io: CommandIo): Promise<NodeJS.ReadableStream> {
  if (file === '-') return Promise.resolve(io.stdin);
  return new Promise((resolve, reject) => {
    const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
    stream.once('open', () => resolve(stream));
    stream.once('error', reject);
  });
}

export const SERVER_OPTIONS = { url: { type: 'string' }, token: { type: 'string' } } as const;

/** The server URL and ingest token from the options (token default $KOLPULSE_INGEST_TOKEN), or what is wrong. */
export function serverOptions(values: { url?: string; token?: string }, env: CommandIo['env']): { url: string; token: string } | string {
  if (!values.url) return '--url is required';
  try {
    ingestUrl(values.url);
  } catch (err) {
    return `--url: ${(err as Error).message}`;
  }
  const token = values.token ?? env.KOLPULSE_INGEST_TOKEN;
  if (!token) return '--token is required (or set KOLPULSE_INGEST_TOKEN)';
  return { url: values.url, token };
}

export interface Sending<Tag> {
  client: ResendingClient;
  sender: FrameSender<Tag>;
  /** Frames given up, with why (refused token, no server). */
  failures: Set<string>;
  eventsFailed: () => number;
  stats: () => ClientStats;
}

export function openSending<Tag>(
  server: { url: string; token: string },
  opts: { maxEvents?: number; lingerMs?: number; onRejected: (tag: Tag, id: string | null, error: string) => void; note: (text: string) => void },
): Sending<Tag> {
  let lost = false;
  const client = new ResendingClient({
    url: server.url,
    token: server.token,
    // One line when the connection drops and one when it is back, not one per attempt.
    onConnection: (state, detail) => {
      if (state === 'lost' && !lost) opts.note(`connection lost (${detail}); reconnecting, then resending what is not acknowledged`);
      if (state === 'open' && lost) opts.note('reconnected');
      lost = state === 'lost';
    },
  });
  const failures = new Set<string>();
  const sender = new FrameSender<Tag>(client, {
    maxEvents: opts.maxEvents, lingerMs: opts.lingerMs, onRejected: opts.onRejected,
    onFailed: (err) => void failures.add(err.message),
  });
  return { client, sender, failures, eventsFailed: () => client.stats.eventsFailed, stats: () => client.stats };
}

/** `12 sent, 12 acknowledged (10 accepted, 2 duplicates, 0 rejected)`. */
export function ackSummary(s: ClientStats): string {
  const n = (v: number) => v.toLocaleString('en-US');
  return `${n(s.sent)} events sent, ${n(s.acked)} acknowledged (${n(s.accepted)} accepted, ${n(s.duplicates)} duplicates, ${n(s.rejected)} rejected)`;
}
