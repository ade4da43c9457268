// SQLite through better-sqlite3: WAL, synchronous commits, Kysely for queries, and a group-commit
// write path that runs Kysely-compiled statements as prepared statements in a writer thread.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteAdapter, SqliteDialect, type DialectAdapter } from 'kysely';
import type { DialectCapabilities, EventRow, RejectRow, StorageBackend } from './dialect.js';
import type { Database } from './schema.js';
import { SqliteWriter } from './sqlite-writer-client.js';

const capabilities: DialectCapabilities = {
  serialPrimaryKey: (t, column) => t.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement()),
};
export const sqliteCapabilities = Object.freeze(capabilities);

const EVENT_COLUMNS = ['workspace_id', 'id', 'type', 'ts', 'stream_id', 'user_id', 'order_id', 'amount_minor', 'body', 'received_at'] as const;
const REJECT_COLUMNS = ['workspace_id', 'received_at', 'idx', 'event_id', 'error', 'event'] as const;

/**
 * SQLite runs schema changes inside transactions, but Kysely's adapter says it does not, so its
 * Migrator committed each statement alone: a kill in the middle of a migration left tables with
 * no record of their migration, and every later start failed. With this, the pending migrations
 * and their records commit together or not at all.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

export interface SqliteOptions {
  /** `full` fsyncs every commit (survives power loss); `normal` survives a process crash. */
  synchronous?: 'full' | 'normal';
}

export function openSqlite(file: string, options: SqliteOptions = {}): StorageBackend {
  // A file, not :memory:: the writer thread opens the same database on its own connection.
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new TransactionalDdlSqliteDialect({ database: raw }) });

  // Writes go to a writer thread with its own connection; its SQL is compiled here by Kysely.
  const placeholder = (cols: readonly string[]) => Object.fromEntries(cols.map((c) => [c, null]));
  const writer = new SqliteWriter(file, options.synchronous ?? 'full', () => ({
    insertEventSql: db.insertInto('events').values(placeholder(EVENT_COLUMNS) as never)
      .onConflict((oc) => oc.columns(['workspace_id', 'id']).doNothing()).compile().sql,
    insertRejectSql: db.insertInto('rejected').values(placeholder(REJECT_COLUMNS) as never).compile().sql,
  }));

  return {
    db,
    caps: sqliteCapabilities,
    append: (events, rejects) => writer.append(events, rejects),
    async close() {
      await writer.close();
      await db.destroy();
      if (raw.open) raw.close();
    },
  };
}
