// NATS JetStream as the durable log of a cluster (docs/deployment.md): ingest nodes publish
// accepted events to one stream, aggregators store them in PostgreSQL and publish what they
// stored to a second stream that every API node follows. Names, subjects and message shapes
// live here, in one place.
import crypto from 'node:crypto';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

const NANOS_PER_MS = 1_000_000;
/** A resent message within this window is dropped by JetStream itself (its `Nats-Msg-Id`). */
const DUPLICATE_WINDOW_MS = 5 * 60_000;
/** An aggregator that took a message and went silent for this long gets it redelivered elsewhere. */
export const ACK_WAIT_MS = 10_000;
/** How long API nodes can be behind: committed messages older than this are dropped. */
const COMMITTED_MAX_AGE_MS = 24 * 3_600_000;

/** What an API node needs of a stored event: its workspace, its id and its body as received. */
export type CommittedRow = [workspaceId: string, id: string, body: string];

export interface ClusterLog {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly names: { readonly events: string; readonly committed: string; readonly aggregators: string };
  /** The subject of a (workspace, stream) partition in the events or the committed stream. */
  subject(kind: 'events' | 'committed', workspaceId: string, streamId: string | null | undefined): string;
  /** Largest message payload to write: the server's limit less room for headers. */
  readonly maxPayload: number;
  close(): Promise<void>;
}

/** Subject tokens may not hold `.`, `*`, `>` or spaces: ids go base64url-encoded, `_` for none. */
function token(id: string | null | undefined): string {
  return id ? Buffer.from(id, 'utf8').toString('base64url') : '_';
}

/** Connects, and creates the streams and the aggregators' consumer when they do not exist yet. */
export async function openClusterLog(url: string, prefix: string): Promise<ClusterLog> {
  const nc = await connect({ servers: url.split(',').map((s) => s.trim()).filter(Boolean), name: `kolpulse-${process.pid}`, maxReconnectAttempts: -1 });
  const jsm = await jetstreamManager(nc);
  const up = prefix.toUpperCase().replace(/-/g, '_');
  const names = { events: `${up}_EVENTS`, committed: `${up}_COMMITTED`, aggregators: `${up}_AGGREGATORS` };
  const durable = { storage: StorageType.File, duplicate_window: DUPLICATE_WINDOW_MS * NANOS_PER_MS };
  // Each event message is stored once by one aggregator, then removed.
  await ensureStream(jsm, { ...durable, name: names.events, subjects: [`${prefix}.events.>`], retention: RetentionPolicy.Workqueue });
  await ensureStream(jsm, {
    ...durable, name: names.committed, subjects: [`${prefix}.committed.>`], retention: RetentionPolicy.Limits, max_age: COMMITTED_MAX_AGE_MS * NANOS_PER_MS,
  });
  try {
    await jsm.consumers.info(names.events, names.aggregators);
  } catch {
    await jsm.consumers.add(names.events, {
      durable_name: names.aggregators,
      ack_policy: AckPolicy.Explicit,
      ack_wait: ACK_WAIT_MS * NANOS_PER_MS,
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: 20_000,
    });
  }
  return {
    nc,
    js: jetstream(nc),
    jsm,
    names,
    subject: (kind, ws, stream) => `${prefix}.${kind}.${token(ws)}.${token(stream)}`,
    maxPayload: (nc.info?.max_payload ?? 1024 * 1024) - 4096,
    close: async () => {
      if (!nc.isClosed()) await nc.drain();
    },
  };
}

async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(config.name);
    return;
  } catch {
    // not there yet
  }
  try {
    await jsm.streams.add(config);
  } catch (err) {
    // Another node may have created it in the meantime.
    await jsm.streams.info(config.name).catch(() => {
      throw err;
    });
  }
}

/** Splits rows into JSON payloads under `maxBytes`; each keeps the indices of its rows. */
export function packRows<T>(rows: readonly T[], indices: readonly number[], maxBytes: number): Array<{ payload: string; indices: number[] }> {
  const out: Array<{ payload: string; indices: number[] }> = [];
  let parts: string[] = [];
  let idx: number[] = [];
  let bytes = 2;
  const emit = () => {
    if (parts.length) out.push({ payload: `[${parts.join(',')}]`, indices: idx });
    parts = [];
    idx = [];
    bytes = 2;
  };
  indices.forEach((i) => {
    const text = JSON.stringify(rows[i]);
    const size = Buffer.byteLength(text) + 1;
    if (size + 2 > maxBytes) throw new Error(`an event of ${size} bytes is over the NATS message limit of ${maxBytes} bytes`);
    if (bytes + size > maxBytes) emit();
    parts.push(text);
    idx.push(i);
    bytes += size;
  });
  emit();
  return out;
}

/** The `Nats-Msg-Id` of a message: the same rows on the same subject give the same id. */
export function messageId(subject: string, keys: readonly string[]): string {
  const h = crypto.createHash('sha256').update(subject);
  for (const k of keys) h.update('\u0000').update(k);
  return h.digest('base64url');
}

export const eventKey = (workspaceId: string, id: string): string => `${workspaceId}\u0000${id}`;

/** A set of strings that may grow past V8's limit of 2^24 entries in one Set: 16 shards by hash. */
export class KeySet {
  readonly #shards: Array<Set<string>> = Array.from({ length: 16 }, () => new Set<string>());

  #shard(key: string): Set<string> {
    let h = 0;
    for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
    return this.#shards[h & 15]!;
  }

  add(key: string): void {
    this.#shard(key).add(key);
  }

  has(key: string): boolean {
    return this.#shard(key).has(key);
  }
}

/** Keys seen lately; two generations, so a key is remembered for one to two periods. */
export class RecentKeys {
  #now = new KeySet();
  #before = new KeySet();
  #turnedAt = Date.now();
  constructor(readonly periodMs: number) {}

  has(key: string): boolean {
    return this.#now.has(key) || this.#before.has(key);
  }

  add(key: string): void {
    const t = Date.now();
    if (t - this.#turnedAt > this.periodMs) {
      this.#before = this.#now;
      this.#now = new KeySet();
      this.#turnedAt = t;
    }
    this.#now.add(key);
  }
}

