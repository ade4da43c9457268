// The server's events table opened raw, for benchmarks that time SQLite itself: a fresh file
// migrated to the server's schema, the writer thread's pragmas, and its insert statement.
import BetterSqlite3 from 'better-sqlite3';
import { migrateToLatest } from '../db/migrations.js';
import { openSqlite } from '../db/sqlite-backend.js';

/** The insert of db/sqlite-writer.mjs (as Kysely compiles it in db/sqlite-backend.ts). */
export const INSERT_EVENT_SQL = 'insert into "events" ("workspace_id", "id", "type", "ts", "stream_id", "user_id", "order_id", "amount_minor", "body", "received_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict ("workspace_id", "id") do nothing';

/** A migrated database at `file`, opened with WAL and `synchronous`. */
export async function openRawEventsDb(file: string, sync: 'FULL' | 'NORMAL'): Promise<BetterSqlite3.Database> {
  const backend = openSqlite(file);
  await migrateToLatest(backend.db, backend.caps);
  await backend.close();
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync}`);
  return db;
}
