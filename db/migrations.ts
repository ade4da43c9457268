// Versioned schema migrations, run at every start by Kysely's Migrator. Append new ones; never
// edit a released one. Column types that differ between dialects come from the dialect.
import { Migrator, type Kysely, type Migration } from 'kysely';
import type { DialectCapabilities } from './dialect.js';

function migrations(caps: DialectCapabilities): Record<string, Migration> {
  return {
    '0001_spine': {
      async up(db: Kysely<any>) {
        await db.schema.createTable('meta')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createTable('workspaces')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('workspaces_name').on('workspaces').column('name').execute();
        await db.schema.createTable('tokens')
          .addColumn('hash', 'text', (c) => c.primaryKey())
          .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        await caps.serialPrimaryKey(db.schema.createTable('events'), 'pos')
          .addColumn('workspace_id', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('ts', 'bigint', (c) => c.notNull())
          .addColumn('stream_id', 'text')
          .addColumn('user_id', 'text')
          .addColumn('order_id', 'text')
          .addColumn('amount_minor', 'bigint')
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('received_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('events_workspace_id').unique().on('events').columns(['workspace_id', 'id']).execute();
        // No other index: every secondary index costs ingest throughput, and reads are served
        // from the in-memory rollups (rebuilt from a scan in insertion order at start).
        await caps.serialPrimaryKey(db.schema.createTable('rejected'), 'pos')
          .addColumn('workspace_id', 'text', (c) => c.notNull())
          .addColumn('received_at', 'bigint', (c) => c.notNull())
          .addColumn('idx', 'integer', (c) => c.notNull())
          .addColumn('event_id', 'text')
          .addColumn('error', 'text', (c) => c.notNull())
          .addColumn('event', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('rejected_workspace').on('rejected').columns(['workspace_id', 'pos']).execute();
      },
    },
    '0002_creator_settings': {
      async up(db: Kysely<any>) {
        await db.schema.createTable('creator_settings')
          .addColumn('workspace_id', 'text', (c) => c.notNull())
          .addColumn('creator_id', 'text', (c) => c.notNull())
          .addColumn('settings', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('creator_settings_pk', ['workspace_id', 'creator_id'])
          .execute();
      },
    },
    '0003_webhook_secrets': {
      async up(db: Kysely<any>) {
        // Kept as given, not hashed: verifying a webhook's HMAC needs the secret itself.
        await db.schema.createTable('webhook_secrets')
          .addColumn('workspace_id', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('secret', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('webhook_secrets_pk', ['workspace_id', 'source'])
          .execute();
      },
    },
  };
}

export async function migrateToLatest(db: Kysely<any>, caps: DialectCapabilities): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(caps) } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error)?.message ?? 'unknown error'}`);
  }
}
