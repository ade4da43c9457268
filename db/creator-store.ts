// Creator settings saved through the API (name, tier, tracking code, followers, fee).
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface StoredCreatorSettings { workspaceId: string; creatorId: string; settings: Record<string, unknown> }

export async function saveCreatorSettings(db: Kysely<Database>, workspaceId: string, creatorId: string, settings: object): Promise<void> {
  const text = JSON.stringify(settings);
  const now = Date.now();
  await db.insertInto('creator_settings')
    .values({ workspace_id: workspaceId, creator_id: creatorId, settings: text, updated_at: now })
    .onConflict((oc) => oc.columns(['workspace_id', 'creator_id']).doUpdateSet({ settings: text, updated_at: now }))
    .execute();
}

export async function loadCreatorSettings(db: Kysely<Database>): Promise<StoredCreatorSettings[]> {
  const rows = await db.selectFrom('creator_settings').selectAll().execute();
  return rows.map((r) => ({ workspaceId: r.workspace_id, creatorId: r.creator_id, settings: JSON.parse(r.settings) as Record<string, unknown> }));
}
