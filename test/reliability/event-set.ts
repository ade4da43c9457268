// A seeded, realistic event set for crash tests: the simulator's KOL/KOC evening (purchases,
// refunds, fraud), delivered the way a flaky platform bridge would: out of order, some events
// late, some sent twice (by the same client or another), spread over several clients' frames.
import { demoScenario } from '../../ingest/simulator/scenarios.js';
import { Rng } from '../../ingest/simulator/random.js';
import { simulateStream, type SimEvent } from '../../ingest/simulator/stream-sim.js';

export interface EventSet {
  seed: number;
  /** Every distinct event once, in event-time order: what the store must end up holding. */
  events: SimEvent[];
  /** Per client, its frames in sending order; together they hold every event, some twice. */
  frames: SimEvent[][][];
  /** Events put into the frames more than once (beyond the first copy). */
  resent: number;
}

export interface EventSetOptions {
  clients: number;
  frameSize: number;
  /** Multiplies every stream's length (1 = the demo evening: 50–90 min, ~230k events). */
  durationScale: number;
  /** Share of events sent again in a later frame (of any client). */
  duplicateShare?: number;
}

const EVENING = Date.UTC(2024, 10, 11, 12);

export function buildEventSet(seed: number, opts: EventSetOptions): EventSet {
  const rng = new Rng(seed).fork('crash-event-set');
  const streams = demoScenario(seed, EVENING).map((s) => ({ ...s, durationMin: Math.max(10, Math.round(s.durationMin * opts.durationScale)) }));
  const events = streams.flatMap((s) => simulateStream(s).events).sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : 1));

  // Delivery order: a third of the refunds first (before their purchases), 3 % of the rest held
  // back to the very end, and the remainder shuffled within blocks of two frames.
  const early: SimEvent[] = [];
  const late: SimEvent[] = [];
  const body: SimEvent[] = [];
  for (const e of events) {
    if (e.type === 'refund' && rng.chance(1 / 3)) early.push(e);
    else if (rng.chance(0.03)) late.push(e);
    else body.push(e);
  }
  const block = opts.frameSize * 2;
  const shuffled: SimEvent[] = [];
  for (let o = 0; o < body.length; o += block) shuffled.push(...rng.shuffle(body.slice(o, o + block)));
  const delivery = [...early, ...shuffled, ...rng.shuffle(late)];

  // Duplicates: a copy of an event goes into a later position of the delivery, often another client's.
  const share = opts.duplicateShare ?? 0.02;
  const withCopies: SimEvent[] = [];
  const copies: Array<{ at: number; e: SimEvent }> = [];
  delivery.forEach((e, i) => {
    if (rng.chance(share)) copies.push({ at: i + rng.int(1, opts.frameSize * opts.clients * 4), e });
  });
  copies.sort((a, b) => a.at - b.at);
  let c = 0;
  delivery.forEach((e, i) => {
    while (c < copies.length && copies[c]!.at <= i) withCopies.push(copies[c++]!.e);
    withCopies.push(e);
  });
  while (c < copies.length) withCopies.push(copies[c++]!.e);

  // Frames go to the clients round-robin, so they interleave in time; one whole frame is sent again by the next client.
  const frames: SimEvent[][][] = Array.from({ length: opts.clients }, () => []);
  let n = 0;
  for (let o = 0; o < withCopies.length; o += opts.frameSize) frames[n++ % opts.clients]!.push(withCopies.slice(o, o + opts.frameSize));
  const again = frames[0]![Math.floor(frames[0]!.length / 2)]!;
  frames[1 % opts.clients]!.push(again);

  return { seed, events, frames, resent: withCopies.length - events.length + again.length };
}
