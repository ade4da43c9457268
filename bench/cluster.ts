// bench:cluster — acknowledged events/s and ack latency through one and through two ingest nodes
// of a cluster (NATS JetStream + two aggregators + PostgreSQL), beside the single process
// (embedded SQLite, and PostgreSQL) measured in the same run with the same clients and frames.
// Also how long the aggregators take to have everything in PostgreSQL. See docs/performance.md.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { defaultWorkspaceOf, freePort, ServerProcess, waitHealthy } from './child.js';
import { drive } from './drive.js';
import { fmt, machine, type RunFigures } from './ingest-report.js';
import { Clients } from './load-clients.js';
import type { WorkerSetup } from './load-worker.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = `usage: npm run bench:cluster -- [options]
  --events N      events per run (default 300000)
  --clients N     WebSocket clients, worker threads (default 4)
  --frame N       events per frame (default 500)
  --window N      frames in flight per client (default 4)
  --postgres URL  a database to create the bench databases in (default postgres://postgres@127.0.0.1:5432/test)
  --nats URL      NATS with JetStream (default nats://127.0.0.1:4222)`;

const { values: flags } = parseArgs({
  options: {
    events: { type: 'string', default: '300000' },
    clients: { type: 'string', default: '4' },
    frame: { type: 'string', default: '500' },
    window: { type: 'string', default: '4' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    nats: { type: 'string', default: 'nats://127.0.0.1:4222' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
const clientsN = Number(flags.clients);
const frame = Number(flags.frame);
const plan = { window: Number(flags.window), warmup: 10, timedFrames: Math.ceil(Number(flags.events) / frame / clientsN) };
const ADMIN = `bench-admin-${process.pid}`;

// ---- the processes ---------------------------------------------------------------------------

interface Node { proc: ServerProcess; port: number; dataDir: string }

async function startNode(command: 'serve' | 'ingest-node' | 'aggregator', env: Record<string, string>): Promise<Node> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kolpulse-bench-${command}-`));
  const proc = new ServerProcess([path.join(ROOT, 'bin/kolpulse.mjs'), command], {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', KOLPULSE_DATA_DIR: dataDir, KOLPULSE_ADMIN_TOKEN: ADMIN, KOLPULSE_RATE_LIMIT: '0', ...env,
  }, ROOT);
  if (command === 'aggregator') await proc.waitFor((out) => (out.includes('aggregator running') ? true : undefined), 180_000);
  else await waitHealthy(proc, port);
  return { proc, port, dataDir };
}

async function stopAll(nodes: Node[]): Promise<void> {
  await Promise.all(nodes.map((n) => n.proc.stop('SIGTERM').catch(() => n.proc.stop('SIGKILL'))));
  for (const n of nodes) fs.rmSync(n.dataDir, { recursive: true, force: true });
}

const ingestToken = (n: Node): string => defaultWorkspaceOf(n.dataDir).ingestToken;
const wsUrl = (n: Node, token: string): string => `ws://127.0.0.1:${n.port}/ingest?token=${encodeURIComponent(token)}`;

async function withDatabase<T>(run: (url: string, count: () => Promise<number>) => Promise<T>): Promise<T> {
  const name = `kolpulse_bench_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: flags.postgres });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(flags.postgres!);
  url.pathname = `/${name}`;
  const reader = new pg.Client({ connectionString: url.toString() });
  let connected: Promise<unknown> | null = null;
  try {
    return await run(url.toString(), async () => {
      await (connected ??= reader.connect());
      return Number((await reader.query<{ n: string }>('select count(*) as n from events')).rows[0]!.n);
    });
  } finally {
    await reader.end().catch(() => undefined);
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

// ---- targets ---------------------------------------------------------------------------------

interface Row { label: string; run: RunFigures; storedSeconds: number | null; stored: number }

async function single(clients: Clients, label: string, env: Record<string, string>, count: (node: Node) => Promise<number>): Promise<Row> {
  const node = await startNode('serve', env);
  try {
    const run = await drive(clients, 'kolpulse', wsUrl(node, ingestToken(node)), node.proc, plan);
    return { label, run, storedSeconds: null, stored: await count(node) };
  } finally {
    await stopAll([node]);
  }
}

async function cluster(clients: Clients, ingestNodes: number): Promise<Row> {
  return withDatabase(async (databaseUrl, count) => {
    const prefix = `bench${crypto.randomBytes(3).toString('hex')}`;
    const env = { KOLPULSE_DATABASE_URL: databaseUrl, KOLPULSE_NATS_URL: flags.nats!, KOLPULSE_NATS_PREFIX: prefix };
    const api = await startNode('serve', env);
    const nodes = [api];
    try {
      const rest = await Promise.all([
        ...Array.from({ length: ingestNodes }, () => startNode('ingest-node', env)),
        startNode('aggregator', env), startNode('aggregator', env),
      ]);
      nodes.push(...rest);
      const ingest = rest.slice(0, ingestNodes);
      const token = ingestToken(api);
      const t0 = performance.now();
      const run = await drive(clients, 'kolpulse', ingest.map((n) => wsUrl(n, token)), ingest[0]!.proc, plan);
      // Acknowledged means in JetStream; the aggregators then put it in PostgreSQL.
      const total = run.accepted + (run.warmupAccepted ?? 0);
      let stored = 0;
      for (const deadline = Date.now() + 300_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
        stored = await count();
        if (stored >= total) break;
      }
      return { label: `cluster, ${ingestNodes} ingest node${ingestNodes > 1 ? 's' : ''} + 2 aggregators`, run, storedSeconds: (performance.now() - t0) / 1000, stored };
    } finally {
      await stopAll(nodes);
      const nc = await connect({ servers: flags.nats! });
      const jsm = await jetstreamManager(nc);
      for (const s of ['EVENTS', 'COMMITTED']) await jsm.streams.delete(`${prefix.toUpperCase()}_${s}`).catch(() => false);
      await nc.close();
    }
  });
}

// ---- main ------------------------------------------------------------------------------------

const setups: WorkerSetup[] = Array.from({ length: clientsN }, (_, c) => ({ client: c, seed: 42_000 + c, frames: plan.warmup + plan.timedFrames, perFrame: frame, streams: 2 }));
console.log(`kolpulse bench:cluster — ${fmt(clientsN * plan.timedFrames * frame)} events timed per run: ${clientsN} clients × frames of ${frame}, ${plan.window} in flight each`);
console.log(`machine: ${machine(os.tmpdir())}; every process of every run shares these cores`);
const clients = new Clients(setups);
await clients.expect('ready');
const rows: Row[] = [];
try {
  const sqliteCount = async (n: Node) => {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(path.join(n.dataDir, 'kolpulse.sqlite'), { readonly: true });
    try {
      return db.prepare('select count(*) from events').pluck().get() as number;
    } finally {
      db.close();
    }
  };
  console.log('single process, SQLite …');
  rows.push(await single(clients, 'single process, SQLite (default)', { KOLPULSE_SQLITE_SYNC: 'full' }, sqliteCount));
  console.log('single process, PostgreSQL …');
  rows.push(await withDatabase(async (url, count) => single(clients, 'single process, PostgreSQL', { KOLPULSE_DATABASE_URL: url }, () => count())));
  for (const n of [1, 2]) {
    console.log(`cluster with ${n} ingest node${n > 1 ? 's' : ''} …`);
    rows.push(await cluster(clients, n));
  }
} finally {
  clients.post({ type: 'exit' });
  await clients.close();
}

const base = rows[0]!.run.eventsPerSec;
console.log(`\n${'target'.padEnd(44)}${'acked events/s'.padStart(15)}${'× single'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'all in PG after s'.padStart(19)}${'stored'.padStart(10)}`);
for (const r of rows) {
  const expected = r.run.accepted + (r.run.warmupAccepted ?? 0);
  console.log(`${r.label.padEnd(44)}${fmt(r.run.eventsPerSec).padStart(15)}${fmt(r.run.eventsPerSec / base, 2).padStart(10)}${fmt(r.run.p50, 1).padStart(9)}${fmt(r.run.p99, 1).padStart(9)}${(r.storedSeconds === null ? '–' : fmt(r.storedSeconds, 1)).padStart(19)}${`${fmt(r.stored)}${r.stored === expected ? ' ✓' : ` ✗ (${fmt(expected)} acked)`}`.padStart(10)}`);
  if (r.stored !== expected) process.exitCode = 1;
}
