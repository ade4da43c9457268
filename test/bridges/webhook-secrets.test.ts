// Migration 0003 and the webhook-secret methods of WorkspaceStore on SQLite and PostgreSQL.
import { afterEach, describe, expect, test } from 'vitest';
import type { StorageBackend } from '../../db/dialect.js';
import { migrateToLatest } from '../../db/migrations.js';
import { WorkspaceStore } from '../../db/workspace-store.js';
import { tempPostgres, tempSqlite, type StorageLocation } from '../db/fixtures.js';

for (const [name, make] of [['SQLite', tempSqlite], ['PostgreSQL', tempPostgres]] as const) {
  describe(`webhook secrets: ${name}`, () => {
    let location: StorageLocation | undefined;
    let backend: StorageBackend | undefined;
    afterEach(async () => {
      try {
        await backend?.close();
      } finally {
        await location?.dispose();
      }
    });

    test('set, replace, read per workspace and source; survives a reopen', async () => {
      location = await make();
      backend = location.open();
      await migrateToLatest(backend.db, backend.caps);
      const store = new WorkspaceStore(backend.db);
      const ws = await store.create('brand');
      expect(await store.exists(ws.id)).toBe(true);
      expect(await store.exists('ws_missing')).toBe(false);
      expect(await store.webhookSecret(ws.id, 'shopify')).toBeUndefined();
      await store.setWebhookSecret(ws.id, 'shopify', 'first');
      await store.setWebhookSecret(ws.id, 'shopify', 'second');
      await store.setWebhookSecret('ws_other', 'shopify', 'theirs');
      expect(await store.webhookSecret(ws.id, 'shopify')).toBe('second');
      await backend.close();
      backend = location.open();
      await migrateToLatest(backend.db, backend.caps);
      const reopened = new WorkspaceStore(backend.db);
      expect(await reopened.webhookSecret(ws.id, 'shopify')).toBe('second');
      expect(await reopened.webhookSecret('ws_other', 'shopify')).toBe('theirs');
      expect(await reopened.webhookSecret(ws.id, 'other-source')).toBeUndefined();
    });
  });
}
