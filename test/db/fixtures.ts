// Fresh storage locations for the storage contract: a temp SQLite file, or a uniquely named
// PostgreSQL database in the local test cluster (dropped afterwards, so runs never collide).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { StorageBackend } from '../../db/dialect.js';
import { openPostgres } from '../../db/postgres-backend.js';
import { openSqlite } from '../../db/sqlite-backend.js';

/** Where a backend keeps its data: open it (again, for a reopen), and remove it at the end. */
export interface StorageLocation {
  open(): StorageBackend;
  dispose(): Promise<void>;
}

export async function tempSqlite(): Promise<StorageLocation> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-db-'));
  return {
    open: () => openSqlite(path.join(dir, 'kolpulse.sqlite')),
    dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The cluster the tests may create databases in (CI starts it; see .ci/run). */
export const POSTGRES_ADMIN_URL = process.env.KOLPULSE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A new empty database `kolpulse_test_<random>`; `drop()` removes it, closing leftover sessions. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kolpulse_test_${crypto.randomBytes(6).toString('hex')}`;
  // The name is made here from hex digits only, so quoting it is enough.
  await admin((c) => c.query(`create database "${name}"`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

export async function tempPostgres(): Promise<StorageLocation> {
  const database = await freshPostgresDatabase();
  return { open: () => openPostgres(database.url), dispose: database.drop };
}
