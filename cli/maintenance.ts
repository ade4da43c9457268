// `kolpulse backup FILE` and `kolpulse prune --before DATE`: the operator tasks of
// docs/operations.md, on the store the settings point at (KOLPULSE_DATA_DIR or KOLPULSE_DATABASE_URL).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupSqlite, countBefore, pruneBefore } from '../db/maintenance.js';
import { migrateToLatest } from '../db/migrations.js';
import { openBackend } from '../server/app.js';
import { configFromEnv } from '../server/config.js';

export async function backupCommand(args: string[]): Promise<number> {
  const [dest] = args;
  const config = configFromEnv();
  if (!dest) {
    console.error('usage: kolpulse backup FILE   (an online copy of the SQLite database in KOLPULSE_DATA_DIR)');
    return 2;
  }
  if (config.databaseUrl) {
    console.error('with PostgreSQL, back up with its own tools (pg_dump, or base backups with WAL archiving): see docs/operations.md');
    return 2;
  }
  const file = path.join(config.dataDir, 'kolpulse.sqlite');
  if (!fs.existsSync(file)) {
    console.error(`no database at ${file}: set KOLPULSE_DATA_DIR to the server's data dir`);
    return 1;
  }
  if (fs.existsSync(dest)) {
    console.error(`${dest} exists: choose a new file`);
    return 1;
  }
  const pages = await backupSqlite(file, dest);
  console.log(`backed up ${file} to ${dest} (${pages} pages, ${(fs.statSync(dest).size / 2 ** 20).toFixed(1)} MiB)`);
  return 0;
}

export async function pruneCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { before: { type: 'string' }, workspace: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } });
  const before = values.before ? Date.parse(values.before) : NaN;
  if (!Number.isFinite(before)) {
    console.error('usage: kolpulse prune --before 2026-01-01 [--workspace ID] [--dry-run]   (deletes events older than the date, by event time)');
    return 2;
  }
  const backend = openBackend(configFromEnv());
  try {
    await migrateToLatest(backend.db, backend.caps);
    const scope = values.workspace ? `workspace ${values.workspace}` : 'all workspaces';
    const counts = values['dry-run'] ? await countBefore(backend.db, before, values.workspace) : await pruneBefore(backend.db, before, values.workspace);
    console.log(`${values['dry-run'] ? 'would delete' : 'deleted'} ${counts.events} events and ${counts.rejected} rejected-log entries before ${new Date(before).toISOString()} (${scope})`);
    if (!values['dry-run']) console.log('restart the server: it rebuilds its numbers from what is stored');
    return 0;
  } finally {
    await backend.close();
  }
}
