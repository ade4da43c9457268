// Settings, read from the environment once at the process entry and frozen (README "Settings").
import path from 'node:path';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** postgres://… selects PostgreSQL; unset means the embedded SQLite file in `dataDir`. */
  readonly databaseUrl: string | null;
  readonly adminToken: string | null;
  readonly currency: string;
  /** SQLite commit durability: `full` (fsync each commit) or `normal` (survives process crashes). */
  readonly sqliteSync: 'full' | 'normal';
  /** Events queued for writing before ingest answers "overloaded, retry". */
  readonly maxQueuedEvents: number;
  /** Most events in one write transaction (whole frames). */
  readonly maxBatchEvents: number;
  /** Events per second each ingest token may send (a 10 s burst allowed); 0: no limit. */
  readonly rateLimit: number;
  /** Open WebSocket connections (ingest and live) in all, and per token. */
  readonly maxConnections: number;
  readonly maxConnectionsPerToken: number;
  /** Authenticity detectors on (default) or off (to measure what they cost). */
  readonly detectors: boolean;
  /** nats://… runs this node as part of a cluster: ingest goes through NATS JetStream (docs/deployment.md). */
  readonly natsUrl: string | null;
  /** Prefix of the JetStream streams and subjects, so several deployments can share one NATS. */
  readonly natsPrefix: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const int = (name: string, fallback: number): number => {
    const v = env[name];
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${v}"`);
    return n;
  };
  const currency = (env.KOLPULSE_CURRENCY || 'CNY').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`KOLPULSE_CURRENCY must be an ISO 4217 code, got "${currency}"`);
  const sync = (env.KOLPULSE_SQLITE_SYNC || 'full').toLowerCase();
  if (sync !== 'full' && sync !== 'normal') throw new Error(`KOLPULSE_SQLITE_SYNC must be full or normal, got "${sync}"`);
  const detectors = (env.KOLPULSE_DETECTORS || 'on').toLowerCase();
  if (detectors !== 'on' && detectors !== 'off') throw new Error(`KOLPULSE_DETECTORS must be on or off, got "${detectors}"`);
  const natsUrl = env.KOLPULSE_NATS_URL || null;
  if (natsUrl && !env.KOLPULSE_DATABASE_URL) throw new Error('KOLPULSE_NATS_URL needs KOLPULSE_DATABASE_URL: cluster nodes share one PostgreSQL database');
  const natsPrefix = env.KOLPULSE_NATS_PREFIX || 'kolpulse';
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(natsPrefix)) throw new Error(`KOLPULSE_NATS_PREFIX must be 1–32 letters, digits, _ or -, got "${natsPrefix}"`);
  return Object.freeze({
    port: int('PORT', 8787),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.KOLPULSE_DATA_DIR || './data'),
    databaseUrl: env.KOLPULSE_DATABASE_URL || null,
    adminToken: env.KOLPULSE_ADMIN_TOKEN || null,
    currency,
    sqliteSync: sync,
    maxQueuedEvents: int('KOLPULSE_MAX_QUEUED_EVENTS', 200_000),
    maxBatchEvents: int('KOLPULSE_MAX_BATCH_EVENTS', 4_000),
    rateLimit: int('KOLPULSE_RATE_LIMIT', 50_000),
    maxConnections: int('KOLPULSE_MAX_CONNECTIONS', 2_000),
    maxConnectionsPerToken: int('KOLPULSE_MAX_CONNECTIONS_PER_TOKEN', 200),
    detectors: detectors === 'on',
    natsUrl,
    natsPrefix,
  });
}
