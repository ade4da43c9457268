// Table types for Kysely. Times are ms since epoch; money is integer minor units.
import type { Generated } from 'kysely';

export interface WorkspaceTable {
  id: string;
  name: string;
  created_at: number;
}

/** Tokens are stored as SHA-256 hashes only; `workspace_id` is null for the admin token. */
export interface TokenTable {
  hash: string;
  workspace_id: string | null;
  kind: 'admin' | 'ingest' | 'read';
  created_at: number;
}

/** Every acknowledged event, exactly as received (`body`), with the fields queries need. */
export interface EventTable {
  pos: Generated<number>;
  workspace_id: string;
  id: string;
  type: string;
  ts: number;
  stream_id: string | null;
  user_id: string | null;
  order_id: string | null;
  amount_minor: number | null;
  body: string;
  received_at: number;
}

export interface RejectedTable {
  pos: Generated<number>;
  workspace_id: string;
  received_at: number;
  idx: number;
  event_id: string | null;
  error: string;
  event: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** Creator settings saved with PUT /api/creators/:id, as a JSON object. */
export interface CreatorSettingsTable {
  workspace_id: string;
  creator_id: string;
  settings: string;
  updated_at: number;
}

/** A workspace's secret per webhook source (`shopify`), stored as given: HMAC checks need it. */
export interface WebhookSecretTable {
  workspace_id: string;
  source: string;
  secret: string;
  updated_at: number;
}

export interface Database {
  creator_settings: CreatorSettingsTable;
  webhook_secrets: WebhookSecretTable;
  workspaces: WorkspaceTable;
  tokens: TokenTable;
  events: EventTable;
  rejected: RejectedTable;
  meta: MetaTable;
}
