// One timed run of the load generator against one target: connect every client, send the
// warm-up frames, then the timed ones, measuring the target process meanwhile.
import { ticksToSeconds, type ServerProcess } from './child.js';
import { figures, type RunFigures } from './ingest-report.js';
import type { Clients } from './load-clients.js';
import type { ClientResult } from './load-worker.js';

export interface DrivePlan {
  window: number;
  warmup: number;
  timedFrames: number;
}

/** `url`: one for all clients, or one per client in turn (clients spread over several nodes). */
export async function drive(clients: Clients, target: RunFigures['target'], url: string | string[], server: ServerProcess, plan: DrivePlan): Promise<RunFigures> {
  const connected = clients.expect('connected');
  clients.post({ type: 'connect', url });
  await connected;
  server.startSampling(100);
  let warm: ClientResult[] = [];
  if (plan.warmup > 0) {
    const warmed = clients.expect('done');
    clients.post({ type: 'go', window: plan.window, from: 0, to: plan.warmup });
    warm = (await warmed).map((m) => m.result);
  }
  const cpu0 = server.sample().cpuTicks;
  const client0 = process.cpuUsage();
  const done = clients.expect('done');
  const wallFrom = performance.timeOrigin + performance.now();
  clients.post({ type: 'go', window: plan.window, from: plan.warmup, to: plan.warmup + plan.timedFrames });
  const results = (await done).map((m) => m.result);
  const proc = server.sample();
  const clientCpu = process.cpuUsage(client0);
  const disconnected = clients.expect('disconnected');
  clients.post({ type: 'disconnect' });
  await disconnected;
  const run = figures(target, results, wallFrom, {
    cpuSeconds: ticksToSeconds(proc.cpuTicks - cpu0),
    clientCpuSeconds: (clientCpu.user + clientCpu.system) / 1e6,
    peakRssKb: server.maxSampledRssKb,
    hwmKb: proc.hwmKb,
    endRssKb: proc.rssKb,
  });
  run.warmupAccepted = warm.reduce((n, r) => n + r.accepted, 0);
  run.warmupRejected = warm.reduce((n, r) => n + r.rejected, 0);
  return run;
}
