// Where a process's CPU time went, from a V8 `.cpuprofile` (node --cpu-prof): self time by
// module and by function, and inclusive time of the project's own functions. Also runnable:
// `node --import tsx bench/cpu-profile.ts FILE.cpuprofile`.
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
export interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** The module a frame belongs to: a project file, an npm package, a Node internal, or V8's own. */
function moduleOf(url: string, root: string): string {
  if (url === '') return '(V8/native)';
  if (url.startsWith('node:')) return 'node:internals';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 14).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  return file.startsWith(root) ? file.slice(root.length + 1) : file;
}

export function summariseProfile(profile: CpuProfile, options: { root: string; top?: number }): string {
  const { root } = options;
  const top = options.top ?? 18;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const label = (n: ProfileNode) => {
    const f = n.callFrame;
    if (f.url === '') return f.functionName || '(anonymous)';
    // tsx emits each module on one line, so the column is what tells two functions apart.
    return `${f.functionName || '(anonymous)'} ${moduleOf(f.url, root)}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  };

  const self = new Map<string, number>();
  const selfByModule = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id)!;
    total += dt;
    if (node.callFrame.functionName === '(idle)') {
      idle += dt;
      return;
    }
    const key = label(node);
    self.set(key, (self.get(key) ?? 0) + dt);
    const mod = node.callFrame.url === '' ? node.callFrame.functionName || '(V8/native)' : moduleOf(node.callFrame.url, root);
    selfByModule.set(mod, (selfByModule.get(mod) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!;
      if (!n.callFrame.url.includes(root) || n.callFrame.url.includes('/node_modules/')) continue;
      const k = label(n);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });

  const busy = total - idle;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  const list = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${ms(v)}  ${k}`).join('\n');
  return [
    `profiled ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (idle ${(idle / 1e6).toFixed(1)} s); shares below are of busy time`,
    'self time by module:',
    list(selfByModule, top),
    'self time by function:',
    list(self, top),
    'inclusive time of project functions:',
    list(inclusive, top),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node --import tsx bench/cpu-profile.ts FILE.cpuprofile [ROOT]');
    process.exit(2);
  }
  const root = process.argv[3] ?? fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
  console.log(summariseProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, { root, top: 30 }));
}
