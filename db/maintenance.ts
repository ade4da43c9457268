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
    // One step: in WAL mode it holds only a read snapshot, so the server goes on writing. Copying
    // in several steps would start over at every write in between, for ever under steady ingest.
    const result = await db.backup(dest, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        return Math.max(totalPages, 1);
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

/** Rows deleted per statement: each holds the write lock for well under a second. */
const PRUNE_CHUNK = 20_000;

/**
 * Deletes them, a chunk at a time, so a running server's writes wait for one chunk at most
 * (a single delete of millions of rows would hold the lock past the server's 5 s busy timeout).
 */
export async function pruneBefore(db: Kysely<Database>, before: number, workspaceId?: string): Promise<PruneCounts> {
  const counts: PruneCounts = { events: 0, rejected: 0 };
  for (const [table, column, key] of [['events', 'ts', 'events'], ['rejected', 'received_at', 'rejected']] as const) {
    for (;;) {
      const chunk = db.selectFrom(table).select('pos').where(column, '<', before).$if(workspaceId !== undefined, (q) => q.where('workspace_id', '=', workspaceId!)).limit(PRUNE_CHUNK);
      const r = await db.deleteFrom(table).where('pos', 'in', chunk).executeTakeFirst();
      const n = Number(r.numDeletedRows);
      counts[key] += n;
      if (n < PRUNE_CHUNK) break;
    }
  }
  return counts;
}
