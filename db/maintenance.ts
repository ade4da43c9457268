// Operator tasks on the store (docs/operations.md): an online backup of the SQLite file, and
// retention (dropping events older than a date). Both run beside a live server.
import BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Copies a live SQLite database to `dest` with SQLite's online backup API: a consistent copy
 * of one moment, taken page by page while the server goes on writing.
 */
export async function backupSqlite(file: string, dest: string, onProgress?: (done: number, total: number) => void): Promise<number> {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const result = await db.backup(dest, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        return 1_000; // pages per step; the server can write between steps
      },
    });
    return result.totalPages;
  } finally {
    db.close();
  }
}

export interface PruneCounts { events: number; rejected: number }

/** How many events (by event time) and rejected-log entries (by arrival) are before `before`. */
export async function countBefore(db: Kysely<Database>, before: number, workspaceId?: string): Promise<PruneCounts> {
  let ev = db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('ts', '<', before);
  let rj = db.selectFrom('rejected').select((eb) => eb.fn.countAll<number>().as('n')).where('received_at', '<', before);
  if (workspaceId) {
    ev = ev.where('workspace_id', '=', workspaceId);
    rj = rj.where('workspace_id', '=', workspaceId);
  }
  return { events: Number((await ev.executeTakeFirstOrThrow()).n), rejected: Number((await rj.executeTakeFirstOrThrow()).n) };
}

/** Deletes them, in one transaction. */
export async function pruneBefore(db: Kysely<Database>, before: number, workspaceId?: string): Promise<PruneCounts> {
  return db.transaction().execute(async (tx) => {
    let ev = tx.deleteFrom('events').where('ts', '<', before);
    let rj = tx.deleteFrom('rejected').where('received_at', '<', before);
    if (workspaceId) {
      ev = ev.where('workspace_id', '=', workspaceId);
      rj = rj.where('workspace_id', '=', workspaceId);
    }
    const e = await ev.executeTakeFirst();
    const r = await rj.executeTakeFirst();
    return { events: Number(e.numDeletedRows), rejected: Number(r.numDeletedRows) };
  });
}
