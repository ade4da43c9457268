// The process entry: reads the settings, builds kolpulse, listens, and shuts down gracefully on
// SIGTERM/SIGINT (stop accepting, write what is queued, exit 0).
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { createKolpulse, type Kolpulse, type Role } from './app.js';
import { configFromEnv, type Config } from './config.js';

export interface Running { kp: Kolpulse; server: Server; base: string; stop(signal: string): Promise<void> }

/** Builds kolpulse from `config`, listens, and stops gracefully on SIGTERM/SIGINT. */
export async function startServer(config: Config, onStop: () => Promise<void> = async () => {}, role: Role = 'all'): Promise<Running> {
  const kp = await createKolpulse(config, undefined, role);
  const server = serve({ fetch: kp.app.fetch, port: config.port, hostname: config.host }) as Server;
  server.on('upgrade', (req, socket, head) => kp.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE'
      ? new Error(`port ${config.port} on ${config.host} is taken: stop what uses it or set PORT`) : err));
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping; writing what is queued`);
    await onStop();
    server.close();
    await kp.close();
    server.closeAllConnections?.();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return { kp, server, base: `http://${config.host}:${config.port}`, stop };
}

/** Lines telling a person where the server is and how to get in. */
export function banner(config: Config, kp: Kolpulse, base: string): string {
  const storage = config.natsUrl ? 'NATS JetStream, then PostgreSQL' : config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  const out: string[] = [`kolpulse listening on ${base} (storage: ${storage})`];
  if (kp.boot.firstStart && !config.adminToken) out.push(`admin token (saved in ${config.dataDir}/admin-token; shown once): ${kp.boot.adminToken}`);
  const dws = kp.boot.defaultWorkspace;
  if (dws) {
    if (kp.boot.firstStart) out.push(`default workspace ${dws.id}`, `  ingest token: ${dws.ingestToken}`, `  read token:   ${dws.readToken}`);
    out.push(`dashboard: ${base}/#token=${dws.readToken}`);
  }
  return out.join('\n');
}

export async function main(role: Role = 'all'): Promise<void> {
  const config = configFromEnv();
  if (role === 'ingest' && !config.natsUrl) throw new Error('an ingest node needs KOLPULSE_NATS_URL (and KOLPULSE_DATABASE_URL); without them run `kolpulse serve`');
  const { kp, base } = await startServer(config, undefined, role);
  console.log(role === 'ingest' ? `kolpulse ingest node listening on ${base}/ingest and ${base}/api/events` : banner(config, kp, base));
}
