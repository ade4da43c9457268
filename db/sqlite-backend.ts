// SQLite through better-sqlite3: WAL, synchronous commits, and a group-commit write path that
// runs Kysely-compiled statements as prepared statements inside one synchronous transaction.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { DialectCapabilities, EventRow, RejectRow, StorageBackend } from './dialect.js';
import type { Database } from './schema.js';

const capabilities: DialectCapabilities = {
  serialPrimaryKey: (t, column) => t.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement()),
};
export const sqliteCapabilities = Object.freeze(capabilities);

const EVENT_COLUMNS = ['workspace_id', 'id', 'type', 'ts', 'stream_id', 'user_id', 'order_id', 'amount_minor', 'body', 'received_at'] as const;
const REJECT_COLUMNS = ['workspace_id', 'received_at', 'idx', 'event_id', 'error', 'event'] as const;

export interface SqliteOptions {
  /** `full` fsyncs every commit (survives power loss); `normal` survives a process crash. */
  synchronous?: 'full' | 'normal';
}

export function openSqlite(file: string, options: SqliteOptions = {}): StorageBackend {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });

  // Prepared on first use: the tables exist only once migrations have run.
  let prepared: ReturnType<typeof prepare> | null = null;
  const statements = () => (prepared ??= prepare());
  function prepare() {
    const placeholder = (cols: readonly string[]) => Object.fromEntries(cols.map((c) => [c, null]));
    const insertEvent = raw.prepare(
      db.insertInto('events').values(placeholder(EVENT_COLUMNS) as never)
        .onConflict((oc) => oc.columns(['workspace_id', 'id']).doNothing()).compile().sql,
    );
    const insertReject = raw.prepare(db.insertInto('rejected').values(placeholder(REJECT_COLUMNS) as never).compile().sql);
    const hasEvent = raw.prepare(
      db.selectFrom('events').select(sql<number>`1`.as('one')).where('workspace_id', '=', '').where('id', '=', '').compile().sql,
    ).pluck();
    const append = raw.transaction((events: EventRow[], rejects: RejectRow[]) => {
      const fresh = new Array<boolean>(events.length);
      for (let i = 0; i < events.length; i++) {
        const e = events[i]!;
        fresh[i] = insertEvent.run(e.workspace_id, e.id, e.type, e.ts, e.stream_id ?? null, e.user_id ?? null,
          e.order_id ?? null, e.amount_minor ?? null, e.body, e.received_at).changes === 1;
      }
      for (const r of rejects) insertReject.run(r.workspace_id, r.received_at, r.idx, r.event_id ?? null, r.error, r.event);
      return fresh;
    });
    return { append, hasEvent };
  }

  return {
    db,
    caps: sqliteCapabilities,
    async append(events, rejects) {
      return statements().append(events, rejects);
    },
    async existingIds(workspaceId, ids) {
      const { hasEvent } = statements();
      return new Set(ids.filter((id) => hasEvent.get(workspaceId, id) !== undefined));
    },
    async close() {
      await db.destroy();
      if (raw.open) raw.close();
    },
  };
}
