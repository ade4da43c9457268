// What is on disk after a kill: the SQLite file opened read-only while no server runs, and the
// WAL index (-shm) read raw, before any connection opens it again and resets it.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const dbFile = (dataDir: string) => path.join(dataDir, 'kolpulse.sqlite');

function readOnly<T>(dataDir: string, f: (db: Database.Database) => T): T {
  const db = new Database(dbFile(dataDir), { readonly: true, fileMustExist: true });
  try {
    return f(db);
  } finally {
    db.close();
  }
}

export function storedIds(dataDir: string): Set<string> {
  return readOnly(dataDir, (db) => new Set((db.prepare('SELECT id FROM events').all() as Array<{ id: string }>).map((r) => r.id)));
}

/** Stored event rows, and distinct (workspace, id) among them. */
export function storedCounts(dataDir: string): { rows: number; distinct: number } {
  return readOnly(dataDir, (db) => {
    const r = db.prepare('SELECT count(*) AS n, count(DISTINCT workspace_id || char(0) || id) AS d FROM events').get() as { n: number; d: number };
    return { rows: r.n, distinct: r.d };
  });
}

/** Names of the migrations recorded as done; null when the migration table does not exist yet. */
export function migrationsDone(dataDir: string): string[] | null {
  if (!fs.existsSync(dbFile(dataDir))) return null;
  return readOnly(dataDir, (db) => {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get();
    if (!table) return null;
    return (db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as Array<{ name: string }>).map((r) => r.name);
  });
}

export interface WalIndex {
  /** Frames in the WAL (header `mxFrame`). */
  mxFrame: number;
  /** Frames already copied into the database by a finished checkpoint. */
  nBackfill: number;
  /** Frames a checkpoint set out to copy; above `nBackfill` while one is under way (or was cut off). */
  nBackfillAttempted: number;
}

/**
 * The checkpoint fields of the WAL index (SQLite's wal.c: two 48-byte WalIndexHdr copies, then
 * WalCkptInfo { nBackfill, aReadMark[5], aLock[8], nBackfillAttempted }), native byte order.
 */
export function readWalIndex(dataDir: string): WalIndex | null {
  const file = `${dbFile(dataDir)}-shm`;
  if (!fs.existsSync(file)) return null;
  const buf = fs.readFileSync(file);
  if (buf.length < 136) return null;
  return { mxFrame: buf.readUInt32LE(16), nBackfill: buf.readUInt32LE(96), nBackfillAttempted: buf.readUInt32LE(128) };
}

export function workspaceNames(dataDir: string): string[] {
  return readOnly(dataDir, (db) => (db.prepare('SELECT name FROM workspaces ORDER BY created_at').all() as Array<{ name: string }>).map((r) => r.name));
}

/** Tables and indexes of the schema, by name. */
export function schemaObjects(dataDir: string): string[] {
  return readOnly(dataDir, (db) => (db.prepare("SELECT type || ' ' || name AS o FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1").all() as Array<{ o: string }>).map((r) => r.o));
}

/** What the released migration 0001_spine creates (migrations are never edited once released). */
const SPINE = new Set(['meta', 'workspaces', 'tokens', 'events', 'rejected', 'workspaces_name', 'events_workspace_id', 'rejected_workspace', 'kysely_migration', 'kysely_migration_lock']);

/**
 * Turns a stopped server's database back into one of the first schema version: drops every table
 * and index that 0001_spine does not create and forgets the later migrations. Data in the spine's
 * tables stays, as after an upgrade of the program over an old data dir.
 */
export function downgradeToSpine(dataDir: string): string[] {
  const db = new Database(dbFile(dataDir), { fileMustExist: true });
  try {
    const extra = (db.prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND type IN ('table', 'index') ORDER BY type").all() as Array<{ type: string; name: string }>)
      .filter((o) => !SPINE.has(o.name));
    db.transaction(() => {
      for (const o of extra) db.exec(`DROP ${o.type === 'table' ? 'TABLE' : 'INDEX'} IF EXISTS "${o.name}"`);
      db.prepare("DELETE FROM kysely_migration WHERE name <> '0001_spine'").run();
    })();
    return extra.map((o) => o.name);
  } finally {
    db.close();
  }
}
