// `npm start` builds the dashboard when the build is missing or older than its sources.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export async function ensureClientBuilt(): Promise<void> {
  const built = path.join(ROOT, 'dist/client/index.html');
  const sources = Math.max(newestMtime(path.join(ROOT, 'client')), fs.statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs);
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) return;
  console.log('building the dashboard (client/ → dist/client) …');
  const { build } = await import('vite');
  try {
    await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } catch (err) {
    // The API and ingest must come up even when the dashboard cannot be built.
    console.error(`the dashboard could not be built; serving the API without it: ${(err as Error).message.split('\n')[0]}`);
  }
}
