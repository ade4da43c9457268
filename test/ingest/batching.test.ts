// Group commit with a bounded batch: frames queued behind a slow commit go to storage in batches
// of at most maxBatchEvents events (whole frames), oldest first, and each frame's answer and
// the folded events are the same as if there were no bound.
import { describe, expect, it } from 'vitest';
import type { StorageBackend } from '../../db/dialect.js';
import type { CanonicalEvent } from '../../ingest/event-schema.js';
import { IngestService } from '../../ingest/ingest-service.js';
import { OrderLedger } from '../../ingest/order-ledger.js';

const T0 = Date.UTC(2026, 6, 1, 12);

/** A backend whose commits wait until `release()`, recording the ids of each batch. */
function stalledBackend() {
  const batches: string[][] = [];
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const backend = {
    append: async (events: Array<{ id: string }>) => {
      batches.push(events.map((e) => e.id));
      await gate;
      return events.map(() => true);
    },
  } as unknown as StorageBackend;
  return { backend, batches, release: () => open() };
}

const like = (id: string) => ({ id, type: 'like', ts: T0, streamId: 'S', userId: 'u', count: 1 });
const frame = (f: number, size: number) => Array.from({ length: size }, (_, i) => like(`f${f}-e${i}`));

describe('bounded group commit', () => {
  it('writes a backlog in batches of whole frames up to maxBatchEvents, oldest first, answering every frame', async () => {
    const { backend, batches, release } = stalledBackend();
    const ingest = new IngestService({ backend, ledger: new OrderLedger(), currency: 'CNY', maxBatchEvents: 1_200 });
    const folded: string[] = [];
    ingest.onCommit((_ws, events: readonly CanonicalEvent[]) => folded.push(...events.map((e) => e.id)));
    // Frame 0 goes alone and stalls; frames 1–12 (500 events each, frame 7 has 1,500) queue behind it.
    const sizes = [500, 500, 500, 500, 500, 500, 500, 1_500, 500, 500, 500, 500, 500];
    const acks = sizes.map((n, f) => ingest.submit('w', f, frame(f, n)));
    await new Promise((r) => setImmediate(r));
    release();
    const answered = await Promise.all(acks);
    expect(answered.map((a) => [a.seq, a.accepted, a.rejected.length])).toEqual(sizes.map((n, f) => [f, n, 0]));

    // By hand: the third submit brings the queue to the bound, so frames 0 and 1 go at once (a
    // third frame would pass 1,200); then the queue is packed oldest first, the 1,500 frame alone.
    const frameOf = (id: string) => Number(id.slice(1, id.indexOf('-')));
    expect(batches.map((b) => [...new Set(b.map(frameOf))])).toEqual([[0, 1], [2, 3], [4, 5], [6], [7], [8, 9], [10, 11], [12]]);
    expect(batches.flat().length).toBe(sizes.reduce((a, b) => a + b, 0));
    expect(folded).toEqual(batches.flat());
  });

  it('packs a backlog greedily: batch sizes as a by-hand packing of the queue gives', async () => {
    const { backend, batches, release } = stalledBackend();
    const ingest = new IngestService({ backend, ledger: new OrderLedger(), currency: 'CNY', maxBatchEvents: 1_000 });
    const sizes = [300, 300, 300, 300, 900, 100, 1_400, 50, 50];
    const first = ingest.submit('w', 0, frame(0, 10));
    await new Promise((r) => setImmediate(r)); // frame 0 is in flight alone
    const rest = sizes.map((n, f) => ingest.submit('w', f + 1, frame(f + 1, n)));
    release();
    await Promise.all([first, ...rest]);
    // Queue 300 300 300 300 900 100 1400 50 50 under a bound of 1,000:
    // [300 300 300] [300] (900 would pass) [900 100] [1400] [50 50].
    expect(batches.map((b) => b.length)).toEqual([10, 900, 300, 1_000, 1_400, 100]);
  });
});
