// Scale-out (issue #8): two ingest nodes, two aggregators and one API node as child processes
// against the real NATS JetStream and PostgreSQL. Clients spread over both ingest nodes, resend
// some frames, and one aggregator is SIGKILLed mid-run and restarted; the API node's summaries
// and attribution must then equal a single kolpulse fed the same events once, and hand counts.
import crypto from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ResendingClient } from '../../ingest/resending-client.js';
import { demoScenario } from '../../ingest/simulator/scenarios.js';
import { simulateStream, type SimEvent } from '../../ingest/simulator/stream-sim.js';
import { freshPostgresDatabase } from '../db/fixtures.js';
import { TestKolpulse } from '../helpers/kolpulse.js';
import { ClusterNode, NATS_URL } from './nodes.js';

const T0 = Date.UTC(2026, 5, 1, 12);
const FRAME = 500;
const MODELS = ['direct', 'last_touch', 'first_touch', 'linear', 'time_decay', 'position_based', 'data_driven'];

let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
const prefix = `kpt${crypto.randomBytes(4).toString('hex')}`;
const nodes: ClusterNode[] = [];
let reference: TestKolpulse;

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.dispose()));
  await reference?.close();
  await database?.drop();
  // Leave nothing of this run in the shared NATS server.
  const nc = await connect({ servers: NATS_URL });
  const jsm = await jetstreamManager(nc);
  for (const s of ['EVENTS', 'COMMITTED']) await jsm.streams.delete(`${prefix.toUpperCase()}_${s}`).catch(() => false);
  await nc.close();
});

// Six streams of the demo, made smaller: about 80,000 events with purchases and refunds.
const streams = demoScenario('cluster-test', T0).map((o) => ({ ...o, size: Math.min(o.size, 800), durationMin: Math.min(o.durationMin, 45) }));
const events: SimEvent[] = streams.flatMap((o) => simulateStream(o).events);

beforeAll(async () => {
  database = await freshPostgresDatabase();
  reference = await TestKolpulse.start();
  for (let i = 0; i < events.length; i += 5000) await reference.ingest(events.slice(i, i + 5000));
}, 120_000);

test('two ingest nodes, two aggregators (one killed mid-run) and an API node equal one kolpulse fed the same events', async () => {
  const env = { KOLPULSE_DATABASE_URL: database.url, KOLPULSE_NATS_URL: NATS_URL, KOLPULSE_NATS_PREFIX: prefix };
  // The API node first: it makes the default workspace.
  const api = await ClusterNode.start('serve', env);
  nodes.push(api);
  const started = await Promise.all([
    ClusterNode.start('ingest-node', env), ClusterNode.start('ingest-node', env),
    ClusterNode.start('aggregator', env), ClusterNode.start('aggregator', env),
  ]);
  nodes.push(...started);
  const [ingestA, ingestB, aggregator] = started as [ClusterNode, ClusterNode, ClusterNode, ClusterNode];
  const { ingestToken, readToken } = api.defaultWorkspace();
  // A dashboard on the API node, watching one stream while its events go in through the ingest nodes.
  const watched = streams[2]!.streamId;
  const live = new WebSocket(`ws://127.0.0.1:${api.port}/live?token=${readToken}&streamId=${encodeURIComponent(watched)}`);
  const pushed: Array<{ type: string; streamId?: string; summary?: { orders: number } | null }> = [];
  live.on('message', (d) => pushed.push(JSON.parse(d.toString())));
  await new Promise((r) => live.once('open', r));

  // Streams interleaved minute by minute, so frames arrive out of event order across clients.
  const order = [...events].sort((a, b) => Math.floor(a.ts / 60_000) - Math.floor(b.ts / 60_000) || a.id.localeCompare(b.id));
  const frames: SimEvent[][] = [];
  for (let i = 0; i < order.length; i += FRAME) frames.push(order.slice(i, i + FRAME));
  // Every seventh frame is sent twice (a client that resends after a lost ack, on another node).
  const plan = frames.flatMap((f, i) => (i % 7 === 3 ? [f, f] : [f]));

  const clients = [0, 1, 2, 3].map((i) => new ResendingClient({ url: (i % 2 ? ingestB : ingestA).baseUrl, token: ingestToken, maxInFlight: 4 }));
  let acked = 0;
  let killed: Promise<void> | null = null;
  await Promise.all(clients.map(async (client, c) => {
    for (let i = c; i < plan.length; i += clients.length) {
      await client.send(plan[i]!);
      acked++;
      // A third of the way in, one aggregator dies without warning and comes back 1.5 s later.
      if (!killed && acked > plan.length / 3) {
        killed = (async () => {
          await aggregator.stop('SIGKILL');
          await new Promise((r) => setTimeout(r, 1_500));
          nodes.push(await ClusterNode.start('aggregator', env));
        })();
      }
    }
    await client.drain();
  }));
  await killed;
  for (const client of clients) {
    expect(client.error).toBeNull();
    client.close();
  }
  const sent = clients.reduce((n, c) => n + c.stats.accepted + c.stats.duplicates, 0);
  expect(sent).toBe(plan.reduce((n, f) => n + f.length, 0));

  const read = async (k: { request(p: string): Promise<Response> }, p: string) => (await k.request(p)).json();
  const apiRead = (p: string) => read({ request: (q) => fetch(`${api.baseUrl}${q}`, { headers: { authorization: `Bearer ${readToken}` } }) }, p);
  const refRead = (p: string) => read({ request: (q) => reference.request(q, { headers: { authorization: `Bearer ${reference.defaultWorkspace.readToken}` } }) }, p);
  const paths = [
    ...streams.map((s) => `/api/streams/${s.streamId}/summary`),
    ...streams.map((s) => `/api/streams/${s.streamId}/suspect-orders`),
    ...streams.map((s) => `/api/streams/${s.streamId}/series?step=60`),
    ...MODELS.map((m) => `/api/attribution?model=${m}&from=0&to=${T0 + 86_400_000}`),
    `/api/compare?by=tier&from=0&to=${T0 + 86_400_000}`,
  ];
  const expected = await Promise.all(paths.map(refRead));
  // Aggregation is asynchronous: wait until the API node has folded everything (or 60 s).
  let actual: unknown[] = [];
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
    actual = await Promise.all(paths.map(apiRead));
    if (JSON.stringify(actual) === JSON.stringify(expected)) break;
  }
  paths.forEach((p, i) => expect({ path: p, body: actual[i] }).toEqual({ path: p, body: expected[i] }));

  // The live push carried the stream as it grew, ending on the final figures.
  const last = () => pushed.filter((m) => m.type === 'update' && m.streamId === watched).at(-1)?.summary;
  for (let t = 0; t < 50 && JSON.stringify(last()) !== JSON.stringify(expected[2]); t++) await new Promise((r) => setTimeout(r, 100));
  const updates = pushed.filter((m) => m.type === 'update' && m.streamId === watched);
  live.close();
  expect(updates.length).toBeGreaterThan(1);
  expect(updates.at(-1)!.summary).toEqual(expected[2]);

  // By hand, from the generated events: orders and GMV of each stream.
  for (const s of streams) {
    const purchases = events.filter((e) => e.type === 'purchase' && e.streamId === s.streamId) as Array<Extract<SimEvent, { type: 'purchase' }>>;
    const cents = purchases.reduce((sum, p) => sum + Math.round(Number(p.amount) * 100), 0);
    const summary = actual[streams.indexOf(s)] as { orders: number; gmv: number };
    expect({ stream: s.streamId, orders: summary.orders, gmv: Math.round(summary.gmv * 100) }).toEqual({ stream: s.streamId, orders: purchases.length, gmv: cents });
  }

  // Stored once each: as many rows as distinct ids, and each id once.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string; ids: string }>('select count(*) as n, count(distinct id) as ids from events');
    expect({ rows: Number(rows[0]!.n), ids: Number(rows[0]!.ids) }).toEqual({ rows: new Set(events.map((e) => e.id)).size, ids: new Set(events.map((e) => e.id)).size });
  } finally {
    await client.end();
  }
}, 300_000);
