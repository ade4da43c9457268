// The compact per-user evidence against plain arrays: whatever order joins and comments arrive
// in, each user keeps every join time, every comment time and the group of every comment long
// enough to have one, as the detectors read them (times ascending, groups as a bag).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toArray } from '../../server/compact/time-list.js';
import { bagValues } from '../../server/compact/group-bag.js';
import { StreamEvidence } from '../../server/authenticity/stream-evidence.js';
import type { CanonicalEvent } from '../../ingest/event-schema.js';

const T0 = Date.UTC(2026, 2, 1, 20, 0, 0);
/** Texts already normalised (lower case, no punctuation), so a group's text is the text itself; "ok" is too short for a group. */
const TEXTS = ['ok', 'blue one please', 'how much is shipping', 'size guide please', 'love this host'];

const action = fc.record({
  user: fc.constantFrom('a', 'b', 'c', 'd'),
  join: fc.boolean(),
  ts: fc.oneof(fc.nat(5), fc.nat(3_600_000)),
  text: fc.constantFrom(...TEXTS),
});

function eventOf(a: { user: string; join: boolean; ts: number; text: string }, i: number): CanonicalEvent {
  const base = { id: `e${i}`, ts: T0 + a.ts, streamId: 's', userId: a.user };
  return (a.join ? { ...base, type: 'member_join' } : { ...base, type: 'comment', text: a.text }) as CanonicalEvent;
}

describe('StreamEvidence per-user joins and comments', () => {
  it('keeps every join, comment time and comment group, in any arrival order', () => {
    fc.assert(fc.property(fc.array(action, { minLength: 1, maxLength: 300 }), fc.nat(), (actions, seed) => {
      const events = actions.map(eventOf);
      // Any arrival order: a seeded shuffle of the same events.
      const arrivals = events.map((e, i) => ({ e, k: (i * 2_654_435_761 + seed) % 1_000_003 })).sort((x, y) => x.k - y.k).map((x) => x.e);
      const ev = new StreamEvidence();
      for (const e of arrivals) ev.fold(e);
      for (const user of ['a', 'b', 'c', 'd']) {
        const mine = actions.filter((a) => a.user === user);
        const joins = mine.filter((a) => a.join).map((a) => T0 + a.ts).sort((x, y) => x - y);
        const comments = mine.filter((a) => !a.join);
        const u = ev.users.get(user);
        if (!u) {
          expect(mine).toEqual([]);
          continue;
        }
        expect(u.joins === null ? [] : toArray(u.joins)).toEqual(joins);
        expect(u.commentTs === null ? [] : toArray(u.commentTs)).toEqual(comments.map((a) => T0 + a.ts).sort((x, y) => x - y));
        const grouped = u.commentGroups === null ? [] : bagValues(u.commentGroups).map((g) => ev.groupText[g]);
        expect(grouped.sort()).toEqual(comments.map((a) => a.text).filter((t) => t !== 'ok').sort());
      }
    }), { numRuns: 200 });
  });
});
