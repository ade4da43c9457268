// A fuzz run as data: frames of valid, faulty, duplicate and broken events for one stream, each
// with its required outcome, and the stream summary the accepted ones must add up to (CONTRACT §4.2).
import fc from 'fast-check';
import { extrasArb, ownObject, specArb, tsArb, type Item, type Spec, type Stored } from './hostile-events.js';
import { BROKEN_LINES, faultArb, MISSING, NOT_OBJECTS, toJsonText, type Fault } from './hostile-faults.js';

type Slot =
  | { kind: 'good'; spec: Spec; ts: { value: number | string; ms: number }; extras: Array<[string, unknown]> }
  | { kind: 'bad'; spec: Spec; ts: { value: number | string; ms: number }; fault: Fault; extras: Array<[string, unknown]> }
  | { kind: 'notObject'; value: unknown }
  | { kind: 'broken'; text: string }
  | { kind: 'dup'; pick: number }
  | { kind: 'refund'; pick: number; share: number };

export type Transport = 'ws' | 'http' | 'ndjson';
export interface FramePlan { seq: number | null | 'array'; slots: Slot[]; garbageBefore: string | null }
export interface RunPlan { transport: Transport; streamId: string; frames: FramePlan[] }

/** Frames that are not a frame at all: answered `{"seq": null, "error"}` and nothing stored. */
export const GARBAGE_FRAMES = (streamId: string): string[] => [
  '', ' ', '{', 'NaN', '[NaN]', '[1e999', 'null', '42', '"str"', 'true', '{}', '{"seq":1}', '{"seq":"1","events":[]}', '{"seq":1.5,"events":[]}',
  '{"seq":9007199254740993,"events":[]}', '{"events":{}}', '{"events":"[]"}', '{"seq":1,"events":null}', `[${'0,'.repeat(5000)}0]`,
  `{"__proto__":{"seq":3,"events":[${JSON.stringify({ id: 'leak', type: 'like', ts: 0, streamId, userId: 'u' })}]}}`,
  `{"constructor":{"prototype":{"events":[]}}}`, '\ud800',
];

function slotArb(streamId: string, ndjson: boolean): fc.Arbitrary<Slot> {
  const spec = specArb(streamId);
  const good = fc.record({ spec, ts: tsArb, extras: extrasArb }).map((s): Slot => ({ kind: 'good', ...s }));
  const bad = spec.chain((s) => fc.record({ ts: tsArb, fault: faultArb(s.type), extras: extrasArb }).map((r): Slot => ({ kind: 'bad', spec: s, ...r })));
  const options: Array<fc.WeightedArbitrary<Slot>> = [
    { weight: 6, arbitrary: good },
    { weight: 5, arbitrary: bad },
    { weight: 1, arbitrary: fc.constantFrom(...NOT_OBJECTS).map((value): Slot => ({ kind: 'notObject', value })) },
    { weight: 1, arbitrary: fc.nat().map((pick): Slot => ({ kind: 'dup', pick })) },
    { weight: 1, arbitrary: fc.record({ pick: fc.nat(), share: fc.double({ min: 0, max: 1, noNaN: true }) }).map((r): Slot => ({ kind: 'refund', ...r })) },
  ];
  if (ndjson) options.push({ weight: 1, arbitrary: fc.constantFrom(...BROKEN_LINES).map((text): Slot => ({ kind: 'broken', text })) });
  return fc.oneof(...options);
}

export function runPlanArb(streamIds: fc.Arbitrary<string>): fc.Arbitrary<RunPlan> {
  return fc.record({ transport: fc.constantFrom<Transport>('ws', 'http', 'ndjson'), streamId: streamIds }).chain(({ transport, streamId }) => {
    const frame = fc.record({
      seq: transport === 'ndjson' ? fc.constant(null) : fc.oneof(fc.constant<'array'>('array'), fc.constant(null), fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 })),
      slots: fc.array(slotArb(streamId, transport === 'ndjson'), { minLength: 0, maxLength: 24 }),
      garbageBefore: transport === 'ndjson' ? fc.constant(null) : fc.option(fc.constantFrom(...GARBAGE_FRAMES(streamId)), { freq: 3 }),
    });
    return fc.array(frame, { minLength: 1, maxLength: 3 }).map((frames) => ({ transport, streamId, frames }));
  });
}

/** What one frame must be answered with, and the texts that make it up. */
export interface FrameExpect { body: string; seq: number | null; items: Item[] }

/** The run's state as the contract defines it: ids taken, orders bought, what was accepted. */
export class RunOracle {
  readonly accepted: Stored[] = [];
  readonly #acceptedTexts: string[] = [];
  readonly #orders = new Map<string, { amount: number; refunded: number }>();
  readonly refunds: Stored[] = [];
  #next = 0;

  constructor(readonly prefix: string, readonly streamId: string) {}

  /** Builds a frame's texts and expectations, and applies the accepted events to the state. */
  frame(plan: FramePlan, transport: Transport): FrameExpect {
    const items: Item[] = [];
    for (const slot of plan.slots) {
      const item = this.#item(slot);
      if (item) items.push(item);
    }
    const texts = items.map((i) => i.text);
    let body: string;
    let seq: number | null = null;
    if (transport === 'ndjson') body = texts.map((t, i) => (i % 3 === 2 ? `\r\n  \n${t}` : t)).join('\n');
    else if (plan.seq === 'array') body = `[${texts.join(',')}]`;
    else {
      seq = plan.seq;
      body = `{"events":[${texts.join(',')}],"seq":${JSON.stringify(plan.seq)},"note":{"__proto__":{"polluted":1}}}`;
    }
    return { body, seq, items };
  }

  #id(): string {
    return `${this.prefix}.${this.#next++}`;
  }

  #event(spec: Spec, id: string, ts: number | string, extras: Array<[string, unknown]>): Record<string, unknown> {
    return ownObject([...extras, ['id', id], ['type', spec.type], ['ts', ts], ...Object.entries(spec.fields)]);
  }

  #item(slot: Slot): Item | null {
    switch (slot.kind) {
      case 'good': {
        const id = this.#id();
        const text = toJsonText(this.#event(slot.spec, id, slot.ts.value, slot.extras));
        const stored: Stored = { id, type: slot.spec.type, ts: slot.ts.ms, ...slot.spec.stored };
        if (stored.type === 'purchase') {
          if (this.#orders.has(stored.orderId!)) return { text, expect: { kind: 'reject', prefix: 'orderId: ' } };
          this.#orders.set(stored.orderId!, { amount: stored.amountMinor!, refunded: 0 });
        }
        return this.#accept(text, stored);
      }
      case 'bad': {
        const e = this.#event(slot.spec, this.#id(), slot.ts.value, slot.extras);
        if (slot.fault.value === MISSING) delete e[slot.fault.field];
        else e[slot.fault.field] = slot.fault.value;
        return { text: toJsonText(e), expect: { kind: 'reject', prefix: slot.fault.prefix } };
      }
      case 'notObject':
        return { text: JSON.stringify(slot.value), expect: { kind: 'reject', prefix: 'event must be a JSON object' } };
      case 'broken':
        return { text: slot.text, expect: { kind: 'reject', prefix: 'invalid JSON: ' } };
      case 'dup':
        if (this.#acceptedTexts.length === 0) return null;
        return { text: this.#acceptedTexts[slot.pick % this.#acceptedTexts.length]!, expect: { kind: 'duplicate' } };
      case 'refund': {
        const open = [...this.#orders].filter(([, o]) => o.refunded < o.amount);
        if (open.length === 0) return null;
        const [orderId, order] = open[slot.pick % open.length]!;
        const minor = Math.max(1, Math.floor((order.amount - order.refunded) * slot.share));
        order.refunded += minor;
        const id = this.#id();
        const amount = `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
        const stored: Stored = { id, type: 'refund', ts: Date.UTC(2026, 0, 1), streamId: null, userId: null, orderId, amountMinor: minor, likes: 0, gifts: 0, current: null, text: null };
        this.refunds.push(stored);
        return this.#accept(JSON.stringify({ id, type: 'refund', ts: '2026-01-01T08:00:00+08:00', orderId, amount }), stored);
      }
    }
  }

  #accept(text: string, stored: Stored): Item {
    this.accepted.push(stored);
    this.#acceptedTexts.push(text);
    return { text, expect: { kind: 'accept', stored } };
  }

  /** The summary fields of CONTRACT §4.2 for the run's stream, from the accepted events; null when it has none. */
  summary(): Record<string, number> | null {
    const inStream = this.accepted.filter((e) => e.streamId === this.streamId);
    if (inStream.length === 0) return null;
    const count = (type: string) => inStream.filter((e) => e.type === type).length;
    const distinct = (types: string[] | null) => new Set(inStream.filter((e) => e.userId !== null && (types === null || types.includes(e.type))).map((e) => e.userId)).size;
    const purchases = inStream.filter((e) => e.type === 'purchase');
    const gmv = purchases.reduce((s, e) => s + e.amountMinor!, 0);
    const refunds = this.refunds.reduce((s, e) => s + e.amountMinor!, 0);
    return {
      views: count('member_join'),
      uniqueViewers: distinct(null),
      peakViewers: Math.max(0, ...inStream.map((e) => e.current ?? 0)),
      comments: count('comment'),
      likes: inStream.reduce((s, e) => s + e.likes, 0),
      follows: count('follow'),
      shares: count('share'),
      gifts: inStream.reduce((s, e) => s + e.gifts, 0),
      engagedUsers: distinct(['comment', 'like', 'follow', 'share', 'gift']),
      orders: purchases.length,
      buyers: distinct(['purchase']),
      gmv: gmv / 100,
      refunds: refunds / 100,
      netGmv: (gmv - refunds) / 100,
    };
  }
}
