// Rules that hold whatever path an event takes: a storage with a per-event size limit (a
// cluster's NATS messages) rejects an event over it alone, and a second purchase of one order,
// should one get past ingest (two cluster ingest nodes), never counts twice in the numbers.
import { describe, expect, it } from 'vitest';
import type { StorageBackend } from '../../db/dialect.js';
import { parseEvent, type CanonicalEvent } from '../../ingest/event-schema.js';
import { IngestService } from '../../ingest/ingest-service.js';
import { OrderLedger } from '../../ingest/order-ledger.js';
import { MetricsService } from '../../server/metrics/metrics-service.js';
import { streamMetrics } from '../../server/metrics/summary.js';

const T0 = Date.UTC(2026, 6, 1, 12);

describe('per-event rules', () => {
  it('an event over the storage limit is rejected alone with its size; its neighbours are stored', async () => {
    const stored: string[] = [];
    const backend = {
      maxEventBytes: 1_000,
      append: async (events: Array<{ id: string }>) => {
        stored.push(...events.map((e) => e.id));
        return events.map(() => true);
      },
    } as unknown as StorageBackend;
    const ingest = new IngestService({ backend, ledger: new OrderLedger(), currency: 'CNY' });
    const like = (id: string, extra = {}) => ({ id, type: 'like', ts: T0, streamId: 'S', userId: 'u', ...extra });
    const big = like('big', { note: '好'.repeat(400) }); // 400 × 3 bytes of UTF-8 in its body
    const ack = await ingest.submit('w', 1, [like('a'), big, like('b')]);
    const size = Buffer.byteLength(JSON.stringify(big));
    expect(size).toBeGreaterThan(1_000);
    expect(ack).toEqual({ seq: 1, accepted: 2, duplicates: 0, rejected: [{ index: 1, id: 'big', error: `event: ${size} bytes, over the 1000-byte limit of one event in this deployment` }] });
    expect(stored).toEqual(['a', 'b']);
  });

  it('a second purchase of an order that reaches the engines leaves GMV, orders and AOV as the first made them', () => {
    const ev = (e: Record<string, unknown>): CanonicalEvent => {
      const p = parseEvent(e);
      if (!p.ok) throw new Error(p.error);
      return p.event;
    };
    const metrics = new MetricsService();
    metrics.fold('w', [ev({ id: 'p-a', type: 'purchase', ts: T0, orderId: 'o1', userId: 'u', amount: '100.00', currency: 'CNY', streamId: 'S', productId: 'sku' })]);
    metrics.fold('w', [ev({ id: 'p-b', type: 'purchase', ts: T0 + 1, orderId: 'o1', userId: 'u', amount: '100.00', currency: 'CNY', streamId: 'S', productId: 'sku' })]);
    const s = streamMetrics(metrics.workspace('w').streams.get('S')!);
    expect({ orders: s.orders, gmv: s.gmv, aov: s.aov, netGmv: s.netGmv }).toEqual({ orders: 1, gmv: 100, aov: 100, netGmv: 100 });
  });
});
