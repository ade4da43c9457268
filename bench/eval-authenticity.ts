// eval:authenticity — runs the detectors over seeded simulated streams (half clean, half with
// frauds of varied strength and size), fed minute by minute as if live, and prints per-signal
// precision and recall, the false-positive rate on clean streams, and minutes from onset to flag.
import { parseEvent } from '../ingest/event-schema.js';
import { evaluationSet } from '../ingest/simulator/scenarios.js';
import { createStreamSim } from '../ingest/simulator/stream-sim.js';
import type { FraudKind } from '../ingest/simulator/sim-types.js';
import { AuthenticityService } from '../server/authenticity/authenticity-service.js';
import type { Flag } from '../server/authenticity/types.js';
import { MetricsService } from '../server/metrics/metrics-service.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const N = Number(arg('streams', '200'));
const SEED = arg('seed', 'eval-2026');
const VERBOSE = args.includes('--verbose');
const MIN = 60_000;

const SIGNAL: Record<FraudKind, string> = { boughtViewers: 'viewer_inflation', commentBots: 'comment_bots', brushedOrders: 'order_brushing' };
const band = (s: number) => (s < 0.45 ? 'weak' : s < 0.75 ? 'medium' : 'strong');
const serious = (f: Flag) => f.severity !== 'low';

interface Outcome {
  streamId: string; size: number; clean: boolean; flags: Flag[];
  episodes: Array<{ kind: FraudKind; strength: number; detected: boolean; minutesToFlag: number | null }>;
  fakeOrders: number; suspects: number; suspectsTrue: number; events: number;
}

function evaluate(options: ReturnType<typeof evaluationSet>[number]): Outcome {
  const sim = createStreamSim(options);
  const metrics = new MetricsService();
  const auth = new AuthenticityService(metrics, { reuseSlow: false });
  const episodes = sim.truth.fraud.map((f) => ({ kind: f.kind, strength: f.strength, firstTs: f.firstTs, seen: null as number | null }));
  let events = 0;
  for (let t = sim.startTs + MIN; !sim.done; t += MIN) {
    const batch = sim.eventsUntil(t).map((e) => {
      const p = parseEvent(e);
      if (!p.ok) throw new Error(`simulator event rejected: ${p.error}`);
      return p.event;
    });
    events += batch.length;
    auth.fold('w', batch);
    metrics.fold('w', batch);
    const pending = episodes.filter((e) => e.seen === null && e.firstTs < t);
    if (pending.length === 0) continue;
    const flags = auth.assess('w', options.streamId).flags;
    for (const e of pending) if (flags.some((f) => f.signal === SIGNAL[e.kind] && serious(f))) e.seen = t;
  }
  const final = auth.assess('w', options.streamId);
  const suspects = auth.suspectOrders('w', options.streamId);
  return {
    streamId: options.streamId,
    size: options.size,
    clean: episodes.length === 0,
    flags: final.flags,
    episodes: episodes.map((e) => ({
      kind: e.kind, strength: e.strength,
      detected: final.flags.some((f) => f.signal === SIGNAL[e.kind] && serious(f)),
      minutesToFlag: e.seen === null ? null : Math.max(0, Math.ceil((e.seen - e.firstTs) / MIN) - 1),
    })),
    fakeOrders: sim.truth.fakeOrderIds.size,
    suspects: suspects.length,
    suspectsTrue: suspects.filter((s) => sim.truth.fakeOrderIds.has(s.orderId)).length,
    events,
  };
}

const started = performance.now();
const outcomes: Outcome[] = [];
for (const [i, o] of evaluationSet(N, SEED).entries()) {
  const r = evaluate(o);
  outcomes.push(r);
  if (VERBOSE || (r.clean && r.flags.length > 0) || r.episodes.some((e) => !e.detected && e.strength >= 0.45)) {
    console.log(`${String(i).padStart(3)} ${r.streamId.padEnd(22)} size ${String(r.size).padStart(6)} ${r.clean ? 'clean' : r.episodes.map((e) => `${e.kind}@${e.strength.toFixed(2)}${e.detected ? '✓' : '✗'}`).join(' ')} → ${r.flags.map((f) => `${f.signal}:${f.severity}`).join(', ') || 'no flags'}`);
  }
}

const pct = (a: number, b: number) => (b === 0 ? '  n/a' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
const median = (v: number[]) => (v.length === 0 ? NaN : [...v].sort((a, b) => a - b)[v.length >> 1]!);
const clean = outcomes.filter((o) => o.clean);
console.log(`\n${outcomes.length} streams (${clean.length} clean), ${outcomes.reduce((a, o) => a + o.events, 0).toLocaleString('en-US')} events, seed ${SEED}, ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log('A stream counts as flagged for a signal when it carries a flag of that signal of severity medium or high.\n');
console.log('signal             precision  recall(all)  weak    medium  strong  median min to flag (medium+strong)');
for (const kind of Object.keys(SIGNAL) as FraudKind[]) {
  const signal = SIGNAL[kind];
  const flagged = outcomes.filter((o) => o.flags.some((f) => f.signal === signal && serious(f)));
  const truePos = flagged.filter((o) => o.episodes.some((e) => e.kind === kind));
  const eps = outcomes.flatMap((o) => o.episodes.filter((e) => e.kind === kind));
  const byBand = (b: string) => eps.filter((e) => band(e.strength) === b);
  const rec = (list: typeof eps) => pct(list.filter((e) => e.detected).length, list.length);
  const times = eps.filter((e) => band(e.strength) !== 'weak' && e.minutesToFlag !== null).map((e) => e.minutesToFlag!);
  console.log(`${signal.padEnd(18)} ${pct(truePos.length, flagged.length)}     ${rec(eps)}      ${rec(byBand('weak'))}  ${rec(byBand('medium'))}  ${rec(byBand('strong'))}  ${median(times)}  (n=${eps.length})`);
}
const cleanFlagged = clean.filter((o) => o.flags.some(serious));
const cleanAny = clean.filter((o) => o.flags.length > 0);
console.log(`\nfalse positives on clean streams: ${pct(cleanFlagged.length, clean.length)} with a medium/high flag, ${pct(cleanAny.length, clean.length)} with any flag (low included)`);
const mediumStrong = outcomes.flatMap((o) => o.episodes).filter((e) => band(e.strength) !== 'weak');
console.log(`recall on medium and strong fraud, all signals: ${pct(mediumStrong.filter((e) => e.detected).length, mediumStrong.length)} (target ≥ 90%)`);
const fake = outcomes.reduce((a, o) => a + o.fakeOrders, 0);
const sus = outcomes.reduce((a, o) => a + o.suspects, 0);
const susTrue = outcomes.reduce((a, o) => a + o.suspectsTrue, 0);
console.log(`suspect orders: precision ${pct(susTrue, sus)}, recall ${pct(susTrue, fake)} (${susTrue} of ${fake} fake orders; ${sus - susTrue} real orders held suspect)`);
