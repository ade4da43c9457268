// `kolpulse replay FILE.ndjson`: streams recorded events into a server's WebSocket ingest, in
// frames, optionally at N× the recorded pace, and reports what the server acknowledged.
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { MAX_EVENTS_PER_FRAME, MAX_FRAME_BYTES } from '../ingest/frame.js';
import { ResendingClient, type ClientStats } from '../ingest/resending-client.js';
import { FrameSender } from '../ingest/bridges/frame-sender.js';
import { openInput, processIo, serverOptions, type CommandIo } from './sending.js';

export const REPLAY_USAGE = `usage: kolpulse replay FILE.ndjson --url URL --token T [--speed N] [--batch N] [--json]

  FILE.ndjson    one event a line; - reads stdin
  --url URL      the server, http(s):// or ws(s):// (the endpoint /ingest is added)
  --token T      an ingest token (default: $KOLPULSE_INGEST_TOKEN)
  --speed N      replay at N× the pace recorded in the events' ts; default: as fast as acks allow
  --batch N      events per frame, 1–${MAX_EVENTS_PER_FRAME} (default 500)
  --json         print the final summary as one JSON object on stdout`;

/** Where the command reads and writes; tests pass their own. */
export type ReplayIo = CommandIo;

interface Options { file: string; url: string; token: string; speed: number | null; batch: number; json: boolean }

/** With --speed, waits shorter than this are not slept; events within it share a frame. */
const PACE_SLACK_MS = 15;
const EXAMPLES = 5;
const RATE_WINDOW_MS = 2000;

export async function replayCommand(args: string[], io: ReplayIo = processIo()): Promise<number> {
  const parsed = parseOptions(args, io.env);
  if (parsed === 'help') {
    io.stdout.write(`${REPLAY_USAGE}\n`);
    return 0;
  }
  if (typeof parsed === 'string') {
    io.stderr.write(`replay: ${parsed}\n${REPLAY_USAGE}\n`);
    return 2;
  }
  let input: NodeJS.ReadableStream;
  try {
    input = await openInput(parsed.file, io);
  } catch (err) {
    io.stderr.write(`replay: cannot read ${parsed.file}: ${(err as Error).message}\n`);
    return 2;
  }
  return replay(input, parsed, io);
}

/** The options, or what is wrong with them, or 'help'. */
function parseOptions(args: string[], env: ReplayIo['env']): Options | string {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        url: { type: 'string' }, token: { type: 'string' }, speed: { type: 'string' },
        batch: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return (err as Error).message;
  }
  if (values.help) return 'help';
  if (positionals.length !== 1) return positionals.length === 0 ? 'FILE is required (- for stdin)' : `one FILE only, got ${positionals.join(' ')}`;
  const server = serverOptions(values, env);
  if (typeof server === 'string') return server;
  const { token } = server;
  let speed: number | null = null;
  if (values.speed !== undefined) {
    speed = Number(values.speed);
    if (values.speed.trim() === '' || !Number.isFinite(speed) || speed <= 0) return `--speed must be a number > 0, got "${values.speed}"`;
  }
  const batch = values.batch === undefined ? 500 : Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > MAX_EVENTS_PER_FRAME) {
    return `--batch must be an integer from 1 to ${MAX_EVENTS_PER_FRAME}, got "${values.batch}"`;
  }
  return { file: positionals[0]!, url: server.url, token, speed, batch, json: values.json ?? false };
}

/** What the replay saw locally, beside the client's counters. */
interface Tally {
  lines: number;
  notJson: number;
  notJsonExamples: string[];
  tooLarge: number;
  tooLargeExamples: string[];
  rejectedExamples: string[];
  failures: Set<string>;
}

async function replay(input: NodeJS.ReadableStream, opts: Options, io: ReplayIo): Promise<number> {
  let lost = false;
  let attempts = 0;
  const tally: Tally = { lines: 0, notJson: 0, notJsonExamples: [], tooLarge: 0, tooLargeExamples: [], rejectedExamples: [], failures: new Set() };
  const progress = new Progress(io.stderr);
  const client = new ResendingClient({
    url: opts.url,
    token: opts.token,
    // One line when the connection drops and one when it is back, not one per failed attempt.
    onConnection: (state, detail) => {
      if (state === 'lost' && !lost) progress.note(`connection lost (${detail}); reconnecting, then resending what is not acknowledged`);
      if (state === 'open' && lost) progress.note(`reconnected after ${plural(attempts, 'failed attempt')}`);
      if (state === 'lost') attempts++;
      else attempts = 0;
      lost = state === 'lost';
    },
  });
  const started = performance.now();
  progress.start(() => client.stats);

  // Each event is tagged with its file line, to name it in reject reports.
  const batch = new FrameSender<number>(client, {
    maxEvents: opts.batch,
    onRejected: (line, id, error) => {
      if (tally.rejectedExamples.length < EXAMPLES) tally.rejectedExamples.push(`line ${line}${id ? ` (id ${id})` : ''}: ${error}`);
    },
    onFailed: (err) => void tally.failures.add(err.message),
  });
  const pace = opts.speed === null ? null : new Pacer(opts.speed);
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    progress.note('interrupted: sending nothing more, waiting for the acks of what was sent (Ctrl-C again to quit)');
  };
  process.once('SIGINT', onSigint);

  try {
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    for await (const line of lines) {
      if (interrupted || client.error) break;
      tally.lines++;
      const text = line.trim();
      if (text === '') continue;
      let event: unknown;
      try {
        event = JSON.parse(text);
      } catch (err) {
        // Sent as a JSON string: the server rejects it and keeps the text in its rejected log.
        event = text;
        tally.notJson++;
        if (tally.notJsonExamples.length < EXAMPLES) tally.notJsonExamples.push(`line ${tally.lines}: ${(err as Error).message}`);
      }
      if (pace) {
        const wait = pace.waitFor(event);
        if (wait > PACE_SLACK_MS) {
          batch.flush();
          await sleep(wait);
        }
      }
      if (!batch.add(event, tally.lines)) {
        tally.tooLarge++;
        if (tally.tooLargeExamples.length < EXAMPLES) tally.tooLargeExamples.push(`line ${tally.lines} (${Buffer.byteLength(JSON.stringify(event)) + 1} bytes)`);
        continue;
      }
      if (!client.writable) await client.ready().catch(() => undefined);
    }
    if (!interrupted) batch.flush();
    await batch.drain();
  } catch (err) {
    tally.failures.add(`reading input: ${(err as Error).message}`);
  } finally {
    batch.close();
    process.off('SIGINT', onSigint);
    progress.stop();
    client.close();
  }

  const stats = client.stats;
  const seconds = (performance.now() - started) / 1000;
  const complete = !interrupted && tally.failures.size === 0 && stats.eventsFailed === 0 && stats.acked === stats.sent && tally.tooLarge === 0;
  if (opts.json) {
    io.stdout.write(`${JSON.stringify({ ok: complete, seconds: Number(seconds.toFixed(3)), lines: tally.lines, ...stats, notJson: tally.notJson, tooLarge: tally.tooLarge, interrupted })}\n`);
  } else {
    io.stdout.write(summary(stats, tally, seconds, complete));
  }
  for (const f of tally.failures) io.stderr.write(`replay: ${f}\n`);
  return complete ? 0 : 1;
}

function summary(s: ClientStats, t: Tally, seconds: number, complete: boolean): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const out = [
    `replay ${complete ? 'done' : 'INCOMPLETE'} in ${seconds.toFixed(1)} s: ${plural(t.lines, 'line')} read, ${n(s.sent)} events sent, ${n(s.acked)} acknowledged ` +
      `(${n(s.accepted)} accepted, ${n(s.duplicates)} duplicates, ${n(s.rejected)} rejected), ${n(Math.round(s.acked / Math.max(seconds, 0.001)))} events/s`,
  ];
  if (s.reconnects || s.framesResent || s.retries) {
    out.push(`  ${plural(s.reconnects, 'reconnect')}, ${plural(s.framesResent, 'frame')} resent, ${plural(s.retries, '"retry" answer')}`);
  }
  if (s.sent > s.acked) out.push(`  ${n(s.sent - s.acked)} events sent but not acknowledged: replay the file again (the server skips duplicates)`);
  if (t.notJson) out.push(`  ${plural(t.notJson, 'line')} not JSON; sent as text, rejected by the server and kept in its rejected log: ${t.notJsonExamples.join('; ')}`);
  if (t.tooLarge) out.push(`  ${plural(t.tooLarge, 'line')} not sent, each alone over the ${MAX_FRAME_BYTES}-byte frame limit: ${t.tooLargeExamples.join('; ')}`);
  if (t.rejectedExamples.length) out.push(`  rejected, e.g. ${t.rejectedExamples.join('; ')} (all of them: GET /api/rejected with a read token)`);
  return `${out.join('\n')}\n`;
}


/**
 * Recorded pace ÷ speed. An event is due when the latest `ts` seen so far, counted from the
 * first, has elapsed ÷ speed; late (out-of-order) events and events without a `ts` go at once.
 */
class Pacer {
  #start = 0;
  #firstTs: number | null = null;
  #latestTs = 0;

  constructor(readonly speed: number) {}

  /** Milliseconds to wait before sending `event`. */
  waitFor(event: unknown): number {
    const ts = tsOf(event);
    if (ts === null) return 0;
    if (this.#firstTs === null) {
      this.#firstTs = this.#latestTs = ts;
      this.#start = performance.now();
      return 0;
    }
    this.#latestTs = Math.max(this.#latestTs, ts);
    return this.#start + (this.#latestTs - this.#firstTs) / this.speed - performance.now();
  }
}

function tsOf(event: unknown): number | null {
  if (typeof event !== 'object' || event === null) return null;
  const ts = (event as { ts?: unknown }).ts;
  const ms = typeof ts === 'number' ? ts : typeof ts === 'string' ? Date.parse(ts) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** The progress line on stderr: rewritten in place on a terminal, one line a second otherwise. */
class Progress {
  #timer: NodeJS.Timeout | null = null;
  #stats: (() => ClientStats) | null = null;
  /** Recent (time, acked) samples: the rate is taken over about two seconds, acks come in bursts. */
  #samples: Array<{ at: number; acked: number }> = [];
  #drawn = false;

  constructor(readonly out: ReplayIo['stderr']) {}

  start(stats: () => ClientStats): void {
    this.#stats = stats;
    this.#samples = [{ at: performance.now(), acked: 0 }];
    this.#timer = setInterval(() => this.#tick(), this.out.isTTY ? 250 : 1000);
    this.#timer.unref();
  }

  note(text: string): void {
    this.#clear();
    this.out.write(`replay: ${text}\n`);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#clear();
  }

  #tick(): void {
    const s = this.#stats!();
    const now = performance.now();
    this.#samples.push({ at: now, acked: s.acked });
    while (this.#samples.length > 2 && now - this.#samples[1]!.at >= RATE_WINDOW_MS) this.#samples.shift();
    const first = this.#samples[0]!;
    const rate = ((s.acked - first.acked) * 1000) / Math.max(1, now - first.at);
    const line = `replay: ${s.sent.toLocaleString('en-US')} sent, ${s.acked.toLocaleString('en-US')} acked, ` +
      `${Math.round(rate).toLocaleString('en-US')} events/s, ${s.rejected.toLocaleString('en-US')} rejected` +
      (s.reconnects ? `, ${plural(s.reconnects, 'reconnect')}` : '');
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${line}`);
      this.#drawn = true;
    } else {
      this.out.write(`${line}\n`);
    }
  }

  #clear(): void {
    if (this.#drawn) this.out.write('\r\x1b[2K');
    this.#drawn = false;
  }
}

const plural = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
