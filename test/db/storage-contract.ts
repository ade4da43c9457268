// The contract every StorageBackend keeps (db/dialect.ts), run by one 7-line file per backend:
// migrations, append's fresh flags and its one transaction, the stores and queries on top of it.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadCreatorSettings, saveCreatorSettings } from '../../db/creator-store.js';
import type { EventRow, RejectRow, StorageBackend } from '../../db/dialect.js';
import { countEvents, readRejected, scanEvents } from '../../db/event-queries.js';
import { migrateToLatest } from '../../db/migrations.js';
import { hashToken, WorkspaceStore } from '../../db/workspace-store.js';
import type { StorageLocation } from './fixtures.js';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);

function ev(workspaceId: string, id: string, extra: Partial<EventRow> = {}): EventRow {
  const body = JSON.stringify({ id, type: 'comment', ts: T0, streamId: 'room-1', userId: 'u1', text: 'hi' });
  return { workspace_id: workspaceId, id, type: 'comment', ts: T0, stream_id: 'room-1', user_id: 'u1', order_id: null, amount_minor: null, body, received_at: T0 + 5, ...extra };
}

function rej(workspaceId: string, idx: number, eventId: string | null, error: string): RejectRow {
  return { workspace_id: workspaceId, received_at: T0 + idx, idx, event_id: eventId, error, event: JSON.stringify({ id: eventId, idx }) };
}

async function scanAll(db: StorageBackend['db'], pageSize: number) {
  const out = [];
  for await (const page of scanEvents(db, pageSize)) out.push(...page);
  return out;
}

export function storageContract(name: string, makeLocation: () => Promise<StorageLocation>): void {
  describe(`storage contract: ${name}`, () => {
    let location: StorageLocation | undefined;
    let backend: StorageBackend;
    beforeEach(async () => {
      backend = undefined as unknown as StorageBackend; // not yet opened: nothing to close
      location = await makeLocation();
      backend = location.open();
      await migrateToLatest(backend.db, backend.caps);
    });
    afterEach(async () => {
      // The location is removed even when opening failed, so no test database is left behind.
      try {
        await backend?.close();
      } finally {
        await location?.dispose();
        location = undefined;
      }
    });

    test('migrations make every table, and running them again changes nothing', async () => {
      await migrateToLatest(backend.db, backend.caps);
      for (const table of ['meta', 'workspaces', 'tokens', 'events', 'rejected', 'creator_settings'] as const) {
        expect(await backend.db.selectFrom(table).selectAll().execute()).toEqual([]);
      }
    });

    test('append reports per row whether the event is new, within and across batches', async () => {
      expect(await backend.append([], [])).toEqual([]);
      // a twice in one batch: only its first row is new.
      expect(await backend.append([ev('w1', 'a'), ev('w1', 'b'), ev('w1', 'a'), ev('w1', 'c')], [])).toEqual([true, true, false, true]);
      // b again, d twice, and a's id in another workspace (ids are unique per workspace only).
      expect(await backend.append([ev('w1', 'b'), ev('w1', 'd'), ev('w1', 'd'), ev('w2', 'a')], [])).toEqual([false, true, false, true]);
      expect(await countEvents(backend.db, 'w1')).toBe(4);
      expect(await countEvents(backend.db, 'w2')).toBe(1);
      // A duplicate keeps the first stored row, not the later body.
      await backend.append([ev('w1', 'a', { body: '{"changed":true}' })], []);
      const a = await backend.db.selectFrom('events').select('body').where('workspace_id', '=', 'w1').where('id', '=', 'a').executeTakeFirstOrThrow();
      expect(JSON.parse(a.body)).toMatchObject({ id: 'a', text: 'hi' });
    });

    test('a batch larger than one statement can bind is stored whole', async () => {
      const n = 14_000; // 140,000 bound values: above PostgreSQL's 65,535 per statement
      const rows = Array.from({ length: n }, (_, i) => ev('w1', `big-${i}`));
      rows.push(ev('w1', 'big-0'), ev('w1', `big-${n - 1}`));
      const fresh = await backend.append(rows, Array.from({ length: 12_000 }, (_, i) => rej('w1', i, `bad-${i}`, 'no streamId')));
      expect(fresh.filter(Boolean)).toHaveLength(n);
      expect(fresh.slice(n)).toEqual([false, false]);
      expect(await countEvents(backend.db, 'w1')).toBe(n);
      expect(await readRejected(backend.db, 'w1', 1)).toMatchObject([{ id: 'bad-11999' }]);
    });

    test('numbers come back as JS numbers, exactly', async () => {
      const big = Number.MAX_SAFE_INTEGER;
      await backend.append([ev('w1', 'p', { type: 'purchase', ts: 1_714_564_800_123, order_id: 'o1', amount_minor: big, received_at: 1_714_564_801_456 })], []);
      const r = await backend.db.selectFrom('events').selectAll().executeTakeFirstOrThrow();
      expect(r).toMatchObject({ ts: 1_714_564_800_123, amount_minor: big, received_at: 1_714_564_801_456, order_id: 'o1' });
      expect(typeof r.pos).toBe('number');
    });

    test('rejects are stored with the events, and read newest first', async () => {
      expect(await backend.append([ev('w1', 'ok')], [rej('w1', 0, 'r0', 'missing streamId'), rej('w1', 1, null, 'not an object')])).toEqual([true]);
      await backend.append([], [rej('w1', 2, 'r2', 'bad ts'), rej('w2', 0, 'other', 'bad ts')]);
      const log = await readRejected(backend.db, 'w1', 100);
      expect(log).toEqual([
        { receivedAt: T0 + 2, index: 2, id: 'r2', error: 'bad ts', event: { id: 'r2', idx: 2 } },
        { receivedAt: T0 + 1, index: 1, id: null, error: 'not an object', event: { id: null, idx: 1 } },
        { receivedAt: T0, index: 0, id: 'r0', error: 'missing streamId', event: { id: 'r0', idx: 0 } },
      ]);
      expect((await readRejected(backend.db, 'w1', 2)).map((r) => r.index)).toEqual([2, 1]);
      expect((await readRejected(backend.db, 'w2', 100)).map((r) => r.id)).toEqual(['other']);
    });

    test('append is one transaction: when a reject cannot be stored, no event of the batch is', async () => {
      const broken = { ...rej('w1', 0, 'x', 'e'), error: null } as unknown as RejectRow; // error is NOT NULL
      await expect(backend.append([ev('w1', 'lost')], [broken])).rejects.toThrow();
      expect(await countEvents(backend.db, 'w1')).toBe(0);
      expect(await backend.append([ev('w1', 'lost')], [])).toEqual([true]);
    });

    test('scanEvents pages through all events in insertion order', async () => {
      await backend.append([ev('w1', 'z'), ev('w2', 'y')], []);
      await backend.append([ev('w1', 'z'), ev('w1', 'x')], []);
      await backend.append([ev('w2', 'w'), ev('w1', 'v')], []);
      const all = await scanAll(backend.db, 2);
      expect(all.map((e) => `${e.workspaceId}/${JSON.parse(e.body).id}`)).toEqual(['w1/z', 'w2/y', 'w1/x', 'w2/w', 'w1/v']);
      const pos = all.map((e) => e.pos);
      expect(pos).toEqual([...pos].sort((p, q) => p - q));
      expect(new Set(pos).size).toBe(5);
    });

    test('workspaces, tokens and meta', async () => {
      const store = new WorkspaceStore(backend.db);
      const a = await store.create('Brand A', T0);
      const b = await store.create('Brand B', T0 + 1);
      expect(await store.list()).toEqual([{ id: a.id, name: 'Brand A', createdAt: T0 }, { id: b.id, name: 'Brand B', createdAt: T0 + 1 }]);
      expect(await store.findByName('Brand B')).toEqual({ id: b.id, name: 'Brand B', createdAt: T0 + 1 });
      expect(await store.findByName('nobody')).toBeUndefined();
      await store.setAdminToken('first-admin');
      await store.setAdminToken('second-admin');
      const grants = await store.grants();
      expect(grants.get(hashToken(a.ingestToken))).toEqual({ kind: 'ingest', workspaceId: a.id });
      expect(grants.get(hashToken(b.readToken))).toEqual({ kind: 'read', workspaceId: b.id });
      expect(grants.get(hashToken('second-admin'))).toEqual({ kind: 'admin', workspaceId: null });
      expect(grants.has(hashToken('first-admin'))).toBe(false);
      expect(grants.size).toBe(5);
      expect(await store.getMeta('k')).toBeUndefined();
      await store.setMeta('k', 'one');
      await store.setMeta('k', 'two');
      expect(await store.getMeta('k')).toBe('two');
    });

    test('creator settings are upserted per workspace and creator', async () => {
      await saveCreatorSettings(backend.db, 'w1', 'c1', { name: 'Ann', tier: 'KOL' });
      await saveCreatorSettings(backend.db, 'w2', 'c1', { name: 'Other' });
      await saveCreatorSettings(backend.db, 'w1', 'c1', { name: 'Ann Lee', tier: 'KOC' });
      const saved = await loadCreatorSettings(backend.db);
      expect(saved.sort((p, q) => p.workspaceId.localeCompare(q.workspaceId))).toEqual([
        { workspaceId: 'w1', creatorId: 'c1', settings: { name: 'Ann Lee', tier: 'KOC' } },
        { workspaceId: 'w2', creatorId: 'c1', settings: { name: 'Other' } },
      ]);
    });

    test('everything survives closing and opening again; duplicates are still detected', async () => {
      await backend.append([ev('w1', 'kept')], [rej('w1', 0, 'bad', 'why')]);
      await backend.close();
      backend = location!.open();
      await migrateToLatest(backend.db, backend.caps);
      expect(await backend.append([ev('w1', 'kept'), ev('w1', 'new')], [])).toEqual([false, true]);
      expect((await readRejected(backend.db, 'w1', 10)).map((r) => r.id)).toEqual(['bad']);
      expect((await scanAll(backend.db, 100)).map((e) => JSON.parse(e.body).id)).toEqual(['kept', 'new']);
    });
  });
}
