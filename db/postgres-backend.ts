// PostgreSQL through node-postgres: Kysely's PostgresDialect over a pg Pool, and an append that
// writes a batch as chunked multi-row `insert … on conflict do nothing returning` in one transaction.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DialectCapabilities, EventRow, RejectRow, StorageBackend } from './dialect.js';
import type { Database } from './schema.js';

const capabilities: DialectCapabilities = {
  serialPrimaryKey: (t, column) => t.addColumn(column, 'bigserial', (c) => c.primaryKey()),
};
export const postgresCapabilities = Object.freeze(capabilities);

// PostgreSQL allows at most 65,535 bind parameters per statement; events have 10 columns.
const MAX_PARAMS = 65_535;
const EVENT_CHUNK = Math.floor(MAX_PARAMS / 10);
const REJECT_CHUNK = Math.floor(MAX_PARAMS / 6);

const INT8_OID = 20;

/** int8 as a JS number: stored values are ms timestamps, money minor units and row positions. */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${text} is beyond 2^53 and cannot be read as a number`);
  return n;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export interface PostgresOptions {
  /** Pool size; the writer needs one connection, reads the rest. */
  max?: number;
}

export function openPostgres(url: string, options: PostgresOptions = {}): StorageBackend {
  // Per-pool type overrides, so other pg users in the same process keep the driver defaults.
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, parseInt8);
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (err) => console.error(`postgres: idle connection error: ${err.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

  async function append(events: EventRow[], rejects: RejectRow[]): Promise<boolean[]> {
    const fresh = new Array<boolean>(events.length).fill(false);
    if (events.length === 0 && rejects.length === 0) return fresh;
    // Only the first row of a (workspace, id) within the batch can be new; later ones are duplicates.
    const keyOf = (workspaceId: string, id: string) => `${workspaceId}\u0000${id}`;
    const firstAt = new Map<string, number>();
    events.forEach((e, i) => {
      const k = keyOf(e.workspace_id, e.id);
      if (!firstAt.has(k)) firstAt.set(k, i);
    });
    const unique = [...firstAt.values()].map((i) => events[i]!);

    await db.transaction().execute(async (tx) => {
      for (let o = 0; o < unique.length; o += EVENT_CHUNK) {
        const inserted = await tx.insertInto('events').values(unique.slice(o, o + EVENT_CHUNK))
          .onConflict((oc) => oc.columns(['workspace_id', 'id']).doNothing())
          .returning(['workspace_id', 'id']).execute();
        for (const r of inserted) fresh[firstAt.get(keyOf(r.workspace_id, r.id))!] = true;
      }
      for (let o = 0; o < rejects.length; o += REJECT_CHUNK) {
        await tx.insertInto('rejected').values(rejects.slice(o, o + REJECT_CHUNK)).execute();
      }
    });
    return fresh;
  }

  return {
    db,
    caps: postgresCapabilities,
    append,
    // Kysely's destroy ends the pool.
    close: () => db.destroy(),
  };
}
