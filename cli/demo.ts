// `npm run demo`: a server in a fresh data dir, fed over the WebSocket ingest with the simulated
// evening of six streams (2 KOL, 4 KOC; bought viewers, comment bots and brushed orders in three
// of them) at live speed. The first minutes are sent at once so the dashboard is alive at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ResendingClient } from '../ingest/resending-client.js';
import { demoScenario } from '../ingest/simulator/scenarios.js';
import { createStreamSim } from '../ingest/simulator/stream-sim.js';
import { configFromEnv } from '../server/config.js';
import { banner, startServer } from '../server/main.js';

const MIN = 60_000;
const BACKFILL = 30 * MIN;

export async function demoCommand(args: string[]): Promise<number> {
  const speedAt = args.indexOf('--speed');
  const speed = speedAt >= 0 ? Number(args[speedAt + 1]) : 1;
  if (!Number.isFinite(speed) || speed <= 0) {
    console.error('usage: kolpulse demo [--speed N]   (N > 0; 1 = live speed)');
    return 2;
  }
  const env = { ...process.env };
  if (!env.KOLPULSE_DATA_DIR) env.KOLPULSE_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-demo-'));
  const config = configFromEnv(env);
  let client: ResendingClient | null = null;
  const running = await startServer(config, async () => {
    await client?.drain().catch(() => {});
    client?.close();
  });
  const ws = running.kp.boot.defaultWorkspace!;
  client = new ResendingClient({ url: running.base, token: ws.ingestToken, maxInFlight: 8 });

  // The evening began 30 minutes ago (in demo time): those minutes go at once, so the frauds
  // (which start 8–15 minutes into their streams) are already on screen.
  const wallStart = Date.now();
  const demoStart = wallStart - BACKFILL;
  const sims = demoScenario('kolpulse-demo', demoStart).map(createStreamSim);
  const demoNow = () => demoStart + BACKFILL + (Date.now() - wallStart) * speed;
  const pump = async () => {
    const now = demoNow();
    const events = sims.flatMap((s) => s.eventsUntil(now));
    for (let i = 0; i < events.length; i += 2000) await client!.send(events.slice(i, i + 2000));
    return events.length;
  };
  const first = await pump();
  console.log(banner(config, running.kp, running.base));
  console.log(`demo: 6 streams (2 KOL, 4 KOC), ${first.toLocaleString('en-US')} events of the first 30 minutes sent; now live at ${speed}× speed. Ctrl-C stops.`);
  console.log(`demo data: ${config.dataDir}`);
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    await pump();
    if (sims.every((s) => s.done)) {
      console.log('demo: every stream has ended; the server keeps running for the reports. Ctrl-C stops.');
      return new Promise<number>(() => {});
    }
  }
}
