// An aggregator node: takes event messages from the JetStream work queue (shared with the other
// aggregators through one durable consumer), writes them to PostgreSQL idempotently by event id,
// publishes what it stored to the committed stream for the API nodes, and only then acks.
// A crash anywhere in between gets the messages redelivered; the id makes the rewrite a no-op
// and the committed message's id makes its republication one too.
import type { JsMsg } from '@nats-io/jetstream';
import type { EventRow, StorageBackend } from '../../db/dialect.js';
import { migrateToLatest } from '../../db/migrations.js';
import { openPostgres } from '../../db/postgres-backend.js';
import type { Config } from '../config.js';
import { openClusterLog, packRows, type ClusterLog, type CommittedRow } from './cluster-log.js';

const FETCH_MESSAGES = 256;
const FETCH_EXPIRES_MS = 1_000;

export interface Aggregator {
  /** Messages and events stored so far by this process. */
  readonly stats: { messages: number; events: number; fresh: number };
  stop(): Promise<void>;
}

export async function startAggregator(config: Config): Promise<Aggregator> {
  if (!config.natsUrl || !config.databaseUrl) throw new Error('an aggregator needs KOLPULSE_NATS_URL and KOLPULSE_DATABASE_URL');
  const postgres = openPostgres(config.databaseUrl);
  await migrateToLatest(postgres.db, postgres.caps);
  const log = await openClusterLog(config.natsUrl, config.natsPrefix);
  const consumer = await log.js.consumers.get(log.names.events, log.names.aggregators);
  const stats = { messages: 0, events: 0, fresh: 0 };
  let running = true;

  const loop = (async () => {
    while (running) {
      try {
        const msgs: JsMsg[] = [];
        for await (const m of await consumer.fetch({ max_messages: FETCH_MESSAGES, expires: FETCH_EXPIRES_MS })) msgs.push(m);
        if (msgs.length) await store(msgs, postgres, log, stats);
      } catch (err) {
        // Unacked messages come back after the ack wait; try again shortly.
        console.error(`aggregator: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  })();

  return {
    stats,
    async stop() {
      running = false;
      await loop;
      await log.close();
      await postgres.close();
    },
  };
}

async function store(msgs: JsMsg[], postgres: StorageBackend, log: ClusterLog, stats: Aggregator['stats']): Promise<void> {
  const parts = msgs.map((m) => JSON.parse(m.string()) as EventRow[]);
  const rows = parts.flat();
  const fresh = await postgres.append(rows, []);
  const publishes: Array<Promise<unknown>> = [];
  let o = 0;
  msgs.forEach((m, k) => {
    const part = parts[k]!;
    // A redelivered message may have been stored (and announced) by a process that then died:
    // announce all of it again; the message id and the API nodes' de-duplication drop repeats.
    const all = part.map((_, i) => i);
    const from = o;
    const announce = m.info.deliveryCount > 1 ? all : all.filter((i) => fresh[from + i]);
    o += part.length;
    if (!announce.length) return;
    const committed: CommittedRow[] = part.map((r) => [r.workspace_id, r.id, r.body]);
    const first = part[0]!;
    const subject = log.subject('committed', first.workspace_id, first.stream_id);
    packRows(committed, announce, log.maxPayload).forEach(({ payload }, n) => {
      publishes.push(log.js.publish(subject, payload, { msgID: `${m.info.stream}:${m.seq}:${n}` }));
    });
  });
  await Promise.all(publishes);
  for (const m of msgs) m.ack();
  stats.messages += msgs.length;
  stats.events += rows.length;
  stats.fresh += fresh.filter(Boolean).length;
}
