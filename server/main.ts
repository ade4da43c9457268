// The process entry: reads the settings, builds kolpulse, listens, and shuts down gracefully on
// SIGTERM/SIGINT (stop accepting, write what is queued, exit 0).
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { createKolpulse } from './app.js';
import { configFromEnv } from './config.js';

export async function main(): Promise<void> {
  const config = configFromEnv();
  const kp = await createKolpulse(config);
  const server = serve({ fetch: kp.app.fetch, port: config.port, hostname: config.host }) as Server;
  server.on('upgrade', (req, socket, head) => kp.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const base = `http://${config.host}:${config.port}`;
  const out: string[] = [`kolpulse listening on ${base} (storage: ${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`})`];
  if (kp.boot.firstStart && !config.adminToken) out.push(`admin token (saved in ${config.dataDir}/admin-token; shown once): ${kp.boot.adminToken}`);
  const dws = kp.boot.defaultWorkspace;
  if (dws) {
    if (kp.boot.firstStart) out.push(`default workspace ${dws.id}`, `  ingest token: ${dws.ingestToken}`, `  read token:   ${dws.readToken}`);
    out.push(`dashboard: ${base}/#token=${dws.readToken}`);
  }
  console.log(out.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping; writing what is queued`);
    server.close();
    await kp.close();
    server.closeAllConnections?.();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
