// bench:ingest — sustained durable ingest over WebSocket, beside the transport limit measured in
// the same run: kolpulse (server/main.ts, as `kolpulse serve`) runs as a child process on a fresh
// data dir and is driven by worker-thread clients with pre-generated frames; then the same load
// goes to a bare `ws` server that only parses and acks. See docs/performance.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { defaultWorkspaceOf, freePort, SERVER_NODE_FLAGS, ServerProcess, waitHealthy } from './child.js';
import { summariseProfile } from './cpu-profile.js';
import { codeVersion, fmt, machine, report, type RunFigures } from './ingest-report.js';
import { drive } from './drive.js';
import { Clients } from './load-clients.js';
import type { WorkerSetup } from './load-worker.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage: npm run bench:ingest -- [options]
  --events N       events in total (default 1000000)
  --clients N      WebSocket clients, each in its own worker thread (default 4)
  --frame N        events per frame (default 500)
  --window N       frames in flight per client (default 4)
  --warmup N       frames per client sent before timing, not counted (default 10)
  --streams N      live rooms per client (default 2)
  --sync full|normal   KOLPULSE_SQLITE_SYNC of the server (default full)
  --max-queued N   KOLPULSE_MAX_QUEUED_EVENTS of the server (default: the server's)
  --only kolpulse|bare run one target only (no ratio)
  --stop term|kill how to stop kolpulse before counting stored events (default term)
  --entry main|cli main: node --import tsx bench/server-entry.ts (server/main.ts, default);
                   cli: node bin/kolpulse.mjs serve (also builds the dashboard first if stale)
  --node-arg A     extra Node flag for the kolpulse child, repeatable (after bench/child.ts SERVER_NODE_FLAGS, so it can override them)
  --cpu-prof       run the kolpulse child with --cpu-prof and print where its time goes
  --seed N         generator seed (default 42)
  --detectors-off  also run kolpulse with KOLPULSE_DETECTORS=off and print what the detectors cost
  --json FILE      append the figures of this run to FILE as one JSON line
  --keep           keep the temp data dir`;

const { values: flags } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    clients: { type: 'string', default: '4' },
    frame: { type: 'string', default: '500' },
    window: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '10' },
    streams: { type: 'string', default: '2' },
    sync: { type: 'string', default: 'full' },
    'max-queued': { type: 'string' },
    only: { type: 'string' },
    stop: { type: 'string', default: 'term' },
    entry: { type: 'string', default: 'main' },
    'node-arg': { type: 'string', multiple: true, default: [] },
    'cpu-prof': { type: 'boolean', default: false },
    seed: { type: 'string', default: '42' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'detectors-off': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
const int = (name: string, v: string, min = 1): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${v}"`);
  return n;
};
const opts = {
  events: int('events', flags.events),
  clients: int('clients', flags.clients),
  frame: int('frame', flags.frame),
  window: int('window', flags.window),
  warmup: int('warmup', flags.warmup, 0),
  streams: int('streams', flags.streams),
  seed: int('seed', flags.seed, 0),
  sync: flags.sync as 'full' | 'normal',
  stop: flags.stop === 'kill' ? 'SIGKILL' as const : 'SIGTERM' as const,
  /** Frames each client sends while timed: at least --events in all. */
  timedFrames: 0,
};
opts.timedFrames = Math.ceil(opts.events / opts.frame / opts.clients);
if (opts.sync !== 'full' && opts.sync !== 'normal') throw new Error(`--sync must be full or normal, got "${opts.sync}"`);
if (flags.entry !== 'main' && flags.entry !== 'cli') throw new Error(`--entry must be main or cli`);
if (flags.only && flags.only !== 'kolpulse' && flags.only !== 'bare') throw new Error(`--only must be kolpulse or bare`);

// ---- targets ---------------------------------------------------------------------------------

async function runKolpulse(clients: Clients, profileDir: string | null, detectors = true): Promise<RunFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-bench-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    KOLPULSE_DATA_DIR: dataDir,
    KOLPULSE_ADMIN_TOKEN: `bench-admin-${process.pid}`,
    KOLPULSE_SQLITE_SYNC: opts.sync,
    KOLPULSE_DETECTORS: detectors ? 'on' : 'off',
    // The benchmark sends far above one token's default rate limit on purpose.
    KOLPULSE_RATE_LIMIT: '0',
  };
  delete env.KOLPULSE_DATABASE_URL;
  if (flags['max-queued']) env.KOLPULSE_MAX_QUEUED_EVENTS = flags['max-queued'];
  const nodeArgs = [...(flags['node-arg'] ?? []), ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  const entry = flags.entry === 'cli' ? [path.join(ROOT, 'bin/kolpulse.mjs'), 'serve'] : ['--import', 'tsx', path.join(ROOT, 'bench/server-entry.ts')];
  const server = new ServerProcess([...nodeArgs, ...entry], env, ROOT);
  try {
    await waitHealthy(server, port);
    if (server.output.includes('building the dashboard')) console.log('  (the server built the dashboard with vite at start-up; VmHWM includes that, the sampled peak does not)');
    const { ingestToken } = defaultWorkspaceOf(dataDir);
    const run = await drive(clients, 'kolpulse', `ws://127.0.0.1:${port}/ingest?token=${encodeURIComponent(ingestToken)}`, server, opts);
    run.exitCode = await server.stop(opts.stop);
    // Read-only, after the server is gone: what is on disk is what was made durable.
    const db = new Database(path.join(dataDir, 'kolpulse.sqlite'), { readonly: true, fileMustExist: true });
    run.stored = (db.prepare('select count(*) from events').pluck().get() as number);
    run.storedRejected = (db.prepare('select count(*) from rejected').pluck().get() as number);
    db.close();
    return run;
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) await server.stop('SIGKILL');
    if (!flags.keep) fs.rmSync(dataDir, { recursive: true, force: true });
    else console.log(`data dir kept: ${dataDir}`);
  }
}

async function runBare(clients: Clients): Promise<RunFigures> {
  const server = new ServerProcess(['--import', 'tsx', path.join(ROOT, 'bench/bare-server.ts')], { ...process.env, PORT: '0' }, ROOT);
  try {
    const port = await server.waitFor((out) => {
      const m = /\{"port":(\d+)\}/.exec(out);
      return m ? Number(m[1]) : undefined;
    });
    const run = await drive(clients, 'bare', `ws://127.0.0.1:${port}/`, server, opts);
    run.exitCode = await server.stop('SIGTERM');
    return run;
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) await server.stop('SIGKILL');
  }
}
// ---- main ------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const setups: WorkerSetup[] = Array.from({ length: opts.clients }, (_, c) => ({
    client: c,
    seed: opts.seed * 1000 + c,
    frames: opts.warmup + opts.timedFrames,
    perFrame: opts.frame,
    streams: opts.streams,
  }));
  console.log(`kolpulse bench:ingest — ${fmt(opts.clients * opts.timedFrames * opts.frame)} events timed after ${fmt(opts.clients * opts.warmup * opts.frame)} warm-up: ${opts.clients} clients (worker threads) × frames of ${opts.frame}, ${opts.window} frames in flight per client; SQLite synchronous=${opts.sync}`);
  console.log(`machine: ${machine(os.tmpdir())}`);
  console.log(`code: ${codeVersion(ROOT)}; server node flags: ${[...SERVER_NODE_FLAGS, ...(flags['node-arg'] ?? [])].join(' ')}`);

  const clients = new Clients(setups);
  const t0 = performance.now();
  const ready = await clients.expect('ready');
  const bytes = ready.reduce((n, r) => n + r.bytes, 0);
  const events = ready.reduce((n, r) => n + r.events, 0);
  console.log(`generated ${fmt(events)} events in ${fmt((performance.now() - t0) / 1000, 1)} s before timing: ${fmt(bytes / 2 ** 20)} MiB of frames, ${fmt(bytes / events)} bytes/event`);

  const profileDir = flags['cpu-prof'] ? fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-prof-')) : null;
  let k: RunFigures | undefined;
  let b: RunFigures | undefined;
  try {
    if (flags.only !== 'bare') {
      console.log(`running against kolpulse (${flags.entry === 'cli' ? 'bin/kolpulse.mjs serve' : 'server/main.ts via bench/server-entry.ts'}) …`);
      k = await runKolpulse(clients, profileDir);
    }
    if (flags.only !== 'kolpulse') {
      console.log('running against a bare ws server (JSON.parse + fixed ack) …');
      b = await runBare(clients);
    }
    if (flags['detectors-off'] && k) {
      console.log('running against kolpulse with the authenticity detectors off …');
      const off = await runKolpulse(clients, null, false);
      console.log(`detectors on: ${fmt(k.eventsPerSec)} events/s, ${fmt(k.serverCpuSeconds * 1e6 / k.accepted, 2)} µs CPU/event; off: ${fmt(off.eventsPerSec)} events/s, ${fmt(off.serverCpuSeconds * 1e6 / off.accepted, 2)} µs CPU/event; with detectors = ${fmt((100 * k.eventsPerSec) / off.eventsPerSec, 1)} % of without (target ≥ 80 %)`);
    }
  } finally {
    clients.post({ type: 'exit' });
    await clients.close();
  }
  const intact = report(k, b, opts.stop);

  if (profileDir) {
    const files = fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(profileDir, f));
    // The server's main thread writes the largest profile (the loader thread writes a small one).
    const main = files.sort((x, y) => fs.statSync(y).size - fs.statSync(x).size)[0];
    if (main) {
      console.log(`\nkolpulse CPU profile (${main}):`);
      console.log(summariseProfile(JSON.parse(fs.readFileSync(main, 'utf8')), { root: ROOT }));
    }
  }
  if (flags.json) {
    const line = { at: new Date().toISOString(), opts, machine: machine(os.tmpdir()), kolpulse: k, bare: b, ratio: k && b ? k.eventsPerSec / b.eventsPerSec : null };
    fs.appendFileSync(flags.json, `${JSON.stringify(line)}\n`);
  }
  if (!intact) process.exitCode = 1;
}

await main();
