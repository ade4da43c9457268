// Presets: the demo evening (2 KOL, 4 KOC, three frauds in three streams, shared returning
// viewers) and the evaluation set (half clean, half fraud, 50–200,000 viewers, bounded sizes).
import { describe, expect, test } from 'vitest';
import { parseEvent } from '../../ingest/event-schema.js';
import { demoScenario, evaluationSet } from '../../ingest/simulator/scenarios.js';
import { simulateStream } from '../../ingest/simulator/stream-sim.js';
import type { FraudKind } from '../../ingest/simulator/sim-types.js';
import { kol, ofType, START } from './sim-fixtures.js';

describe('demoScenario', () => {
  const streams = demoScenario(7, START);

  test('two KOL and four KOC streams, one fraud kind in each of three streams', () => {
    expect(streams).toHaveLength(6);
    expect(streams.filter((s) => s.creator.tier === 'KOL')).toHaveLength(2);
    expect(streams.filter((s) => s.creator.tier === 'KOC')).toHaveLength(4);
    const kinds = streams.flatMap((s) => Object.keys(s.fraud ?? {}));
    expect(kinds.sort()).toEqual(['boughtViewers', 'brushedOrders', 'commentBots']);
    expect(streams.filter((s) => s.fraud).length).toBe(3);
    expect(new Set(streams.map((s) => s.streamId)).size).toBe(6);
    expect(new Set(streams.map((s) => s.creatorId)).size).toBe(6);
    expect(demoScenario(7, START)).toEqual(streams);
  });

  test('all events valid; returning viewers cross streams, so attribution has paths', () => {
    const results = streams.map((s) => simulateStream(s));
    const seenIn = new Map<string, Set<string>>();
    for (const [i, r] of results.entries()) {
      const sample = r.events.filter((_, k) => k % 7 === 0);
      expect(sample.map((e) => parseEvent(e)).filter((p) => !p.ok)).toEqual([]);
      expect(r.events.length).toBeLessThan(300_000);
      for (const e of r.events) if ('userId' in e) seenIn.set(e.userId, (seenIn.get(e.userId) ?? new Set()).add(streams[i]!.streamId));
    }
    const crossing = [...seenIn.values()].filter((s) => s.size >= 2).length;
    expect(crossing).toBeGreaterThan(50);
    const fraudStreams = results.filter((r) => r.truth.fraud.length > 0);
    expect(fraudStreams).toHaveLength(3);
  });
});

describe('evaluationSet', () => {
  const set = evaluationSet(200, 'eval');

  test('deterministic; half clean, half with fraud', () => {
    expect(evaluationSet(200, 'eval')).toEqual(set);
    expect(evaluationSet(200, 'other')).not.toEqual(set);
    expect(set).toHaveLength(200);
    expect(set.filter((s) => s.fraud)).toHaveLength(100);
    expect(new Set(set.map((s) => s.streamId)).size).toBe(200);
  });

  test('sizes from 50 to 200,000, durations 20–120 min, strengths 0.2–1 in every kind', () => {
    const sizes = set.map((s) => s.size);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(200_000);
    expect(sizes.filter((s) => s < 300).length).toBeGreaterThan(20);
    expect(sizes.filter((s) => s > 20_000).length).toBeGreaterThan(20);
    for (const s of set) {
      expect(s.durationMin).toBeGreaterThanOrEqual(20);
      expect(s.durationMin).toBeLessThanOrEqual(120);
      for (const w of Object.values(s.fraud ?? {})) {
        expect(w.strength).toBeGreaterThanOrEqual(0.2);
        expect(w.strength).toBeLessThanOrEqual(1);
        expect(w.startMin).toBeLessThan(s.durationMin);
        if (w.endMin !== undefined) expect(w.endMin).toBeLessThanOrEqual(s.durationMin);
      }
    }
    const kinds = new Map<FraudKind, number[]>();
    for (const s of set) for (const [k, w] of Object.entries(s.fraud ?? {})) kinds.set(k as FraudKind, [...(kinds.get(k as FraudKind) ?? []), w.strength]);
    expect([...kinds.keys()].sort()).toEqual(['boughtViewers', 'brushedOrders', 'commentBots']);
    for (const strengths of kinds.values()) {
      expect(strengths.some((x) => x < 0.4)).toBe(true);
      expect(strengths.some((x) => x > 0.8)).toBe(true);
    }
    expect(set.filter((s) => Object.keys(s.fraud ?? {}).length >= 2).length).toBeGreaterThan(10);
  });

  test('the biggest stream of the set stays under 300k events thanks to sampling', () => {
    const biggest = [...set].sort((a, b) => b.size * b.durationMin - a.size * a.durationMin)[0]!;
    const { events } = simulateStream(biggest);
    expect(events.length).toBeLessThan(300_000);
    expect(Math.max(...ofType(events, 'viewer_count').map((c) => c.current))).toBeGreaterThan(biggest.size * 0.7);
  });

  test('worst case: 200,000 viewers for 120 min with every fraud at full strength stays under 300k', () => {
    const { events, truth } = simulateStream(kol({
      size: 200_000, durationMin: 120, seed: 3,
      fraud: { boughtViewers: { strength: 1, startMin: 0 }, commentBots: { strength: 1, startMin: 0 }, brushedOrders: { strength: 1, startMin: 0 } },
    }));
    expect(events.length).toBeLessThan(300_000);
    expect(truth.fakeOrderIds.size).toBeGreaterThan(1000);
  });
});
