// Workspaces and their tokens. Only SHA-256 hashes of tokens are stored.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, TokenTable } from './schema.js';

export type TokenKind = TokenTable['kind'];
export interface TokenGrant { kind: TokenKind; workspaceId: string | null }
export interface Workspace { id: string; name: string; createdAt: number }
export interface NewWorkspace extends Workspace { ingestToken: string; readToken: string }

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(kind: TokenKind): string {
  return `kp_${kind}_${crypto.randomBytes(24).toString('base64url')}`;
}

/** A new workspace with fresh tokens, not stored yet. */
export function newWorkspace(name: string, now = Date.now()): NewWorkspace {
  return { id: `ws_${crypto.randomBytes(8).toString('hex')}`, name, createdAt: now, ingestToken: newToken('ingest'), readToken: newToken('read') };
}

export class WorkspaceStore {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(name: string, now = Date.now()): Promise<NewWorkspace> {
    const ws = newWorkspace(name, now);
    await this.insert(ws);
    return ws;
  }

  /** Stores a workspace made by `newWorkspace`; `metaKey`, when given, records its id in the same transaction. */
  async insert(ws: NewWorkspace, metaKey?: string): Promise<void> {
    const now = ws.createdAt;
    const name = ws.name;
    await this.#db.transaction().execute(async (tx) => {
      if (metaKey) await tx.insertInto('meta').values({ key: metaKey, value: ws.id }).execute();
      await tx.insertInto('workspaces').values({ id: ws.id, name, created_at: now }).execute();
      await tx.insertInto('tokens').values([
        { hash: hashToken(ws.ingestToken), workspace_id: ws.id, kind: 'ingest', created_at: now },
        { hash: hashToken(ws.readToken), workspace_id: ws.id, kind: 'read', created_at: now },
      ]).execute();
    });
  }

  async list(): Promise<Workspace[]> {
    const rows = await this.#db.selectFrom('workspaces').selectAll().orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: Number(r.created_at) }));
  }

  async findByName(name: string): Promise<Workspace | undefined> {
    const r = await this.#db.selectFrom('workspaces').selectAll().where('name', '=', name).orderBy('created_at').executeTakeFirst();
    return r && { id: r.id, name: r.name, createdAt: Number(r.created_at) };
  }

  /** Replaces the admin token (kept as a hash; the caller keeps the plain token). */
  async setAdminToken(token: string, now = Date.now()): Promise<void> {
    // Safe when cluster nodes start at once with the same token: no delete-then-insert race.
    const hash = hashToken(token);
    await this.#db.transaction().execute(async (tx) => {
      await tx.deleteFrom('tokens').where('kind', '=', 'admin').where('hash', '!=', hash).execute();
      await tx.insertInto('tokens').values({ hash, workspace_id: null, kind: 'admin', created_at: now })
        .onConflict((oc) => oc.column('hash').doNothing()).execute();
    });
  }

  /** All grants by token hash, for the in-memory lookup of the auth layer. */
  async grants(): Promise<Map<string, TokenGrant>> {
    const rows = await this.#db.selectFrom('tokens').select(['hash', 'kind', 'workspace_id']).execute();
    return new Map(rows.map((r) => [r.hash, { kind: r.kind, workspaceId: r.workspace_id }]));
  }

  async exists(id: string): Promise<boolean> {
    const r = await this.#db.selectFrom('workspaces').select('id').where('id', '=', id).executeTakeFirst();
    return r !== undefined;
  }

  /** Sets (or replaces) the secret a webhook source signs with, for one workspace. */
  async setWebhookSecret(workspaceId: string, source: string, secret: string, now = Date.now()): Promise<void> {
    await this.#db.insertInto('webhook_secrets')
      .values({ workspace_id: workspaceId, source, secret, updated_at: now })
      .onConflict((oc) => oc.columns(['workspace_id', 'source']).doUpdateSet({ secret, updated_at: now }))
      .execute();
  }

  async webhookSecret(workspaceId: string, source: string): Promise<string | undefined> {
    const r = await this.#db.selectFrom('webhook_secrets').select('secret')
      .where('workspace_id', '=', workspaceId).where('source', '=', source).executeTakeFirst();
    return r?.secret;
  }

  async getMeta(key: string): Promise<string | undefined> {
    const r = await this.#db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    return r?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.#db.insertInto('meta').values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }
}
