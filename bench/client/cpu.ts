// Who used the machine's CPU during a phase (Linux /proc): the whole machine, this Node process
// (kolpulse in-process for the end-to-end run), and chromium (this process's descendants). What
// is left was used by other processes: on a shared box, the reason a page's task can take 60 ms
// of wall time for 5 ms of work.
import fs from 'node:fs';

interface Sample { at: number; busy: number; chromium: number; node: number }

export interface CpuShare {
  /** Cores' worth of CPU, averaged over the phase. */
  machine: number;
  chromium: number;
  node: number;
  others: number;
}

const TICK_MS = 10; // USER_HZ = 100 on Linux

function machineBusyMs(): number {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
  const [user, nice, system, , , irq, softirq, steal] = cpu as number[];
  return (user! + nice! + system! + irq! + softirq! + steal!) * TICK_MS;
}

/** utime + stime (ms) of every chromium process below this one. */
function chromiumMs(): number {
  const parentOf = new Map<number, number>();
  const cpuOf = new Map<number, number>();
  const nameOf = new Map<number, string>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const f = stat.slice(close + 2).split(' ');
      const pid = Number(d);
      nameOf.set(pid, stat.slice(stat.indexOf('(') + 1, close));
      parentOf.set(pid, Number(f[1]));
      cpuOf.set(pid, (Number(f[11]) + Number(f[12])) * TICK_MS);
    } catch { /* gone */ }
  }
  let total = 0;
  for (const [pid, ms] of cpuOf) {
    if (!/chrom/i.test(nameOf.get(pid) ?? '')) continue;
    for (let p = parentOf.get(pid); p !== undefined && p > 1; p = parentOf.get(p)) {
      if (p === process.pid) {
        total += ms;
        break;
      }
    }
  }
  return total;
}

export function cpuSample(): Sample {
  const u = process.cpuUsage();
  return { at: performance.now(), busy: machineBusyMs(), chromium: chromiumMs(), node: (u.user + u.system) / 1000 };
}

export function cpuShare(a: Sample, b: Sample): CpuShare {
  const wall = b.at - a.at;
  const machine = (b.busy - a.busy) / wall;
  const chromium = (b.chromium - a.chromium) / wall;
  const node = (b.node - a.node) / wall;
  return { machine, chromium, node, others: Math.max(0, machine - chromium - node) };
}
