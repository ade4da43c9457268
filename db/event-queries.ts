// Reads of stored events and of the rejected-event log.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface RejectedEntry { receivedAt: number; index: number; id: string | null; error: string; event: unknown }

export async function readRejected(db: Kysely<Database>, workspaceId: string, limit: number): Promise<RejectedEntry[]> {
  const rows = await db.selectFrom('rejected').selectAll().where('workspace_id', '=', workspaceId)
    .orderBy('pos', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    receivedAt: Number(r.received_at),
    index: r.idx,
    id: r.event_id,
    error: r.error,
    event: parseStored(r.event),
  }));
}

function parseStored(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface StoredEvent { pos: number; workspaceId: string; body: string }

/** Stored events in insertion order, in pages, for rebuilding in-memory state at start. */
export async function* scanEvents(db: Kysely<Database>, pageSize = 20_000): AsyncGenerator<StoredEvent[]> {
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('events').select(['pos', 'workspace_id', 'body'])
      .where('pos', '>', after).orderBy('pos').limit(pageSize).execute();
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]!.pos);
    yield rows.map((r) => ({ pos: Number(r.pos), workspaceId: r.workspace_id, body: r.body }));
  }
}

export async function countEvents(db: Kysely<Database>, workspaceId: string): Promise<number> {
  const r = await db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(r.n);
}


/** Which of `ids` a workspace has stored already (for de-duplication before events are published). */
export async function storedIds(db: Kysely<Database>, workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let o = 0; o < ids.length; o += 5_000) {
    const rows = await db.selectFrom('events').select('id').where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids.slice(o, o + 5_000)).execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}
