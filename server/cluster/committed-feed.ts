// How an API node keeps its in-memory engines current in a cluster: it rebuilds them from
// PostgreSQL at start, then follows the committed stream from the point it noted before the
// rebuild. An event can reach it both ways (stored during the rebuild) or twice (a message
// republished after an aggregator crash); each is folded once, by its (workspace, id) key.
import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import { parseEvent, type CanonicalEvent } from '../../ingest/event-schema.js';
import type { CommitListener } from '../../ingest/ingest-service.js';
import { ACK_WAIT_MS, eventKey, RecentKeys, type ClusterLog, type CommittedRow, type KeySet } from './cluster-log.js';

export interface CommittedFeed {
  /** Committed messages folded so far. */
  readonly folded: () => number;
  stop(): Promise<void>;
}

/** The sequence to follow from, noted before the rebuild from storage begins. */
export async function committedTail(log: ClusterLog): Promise<number> {
  return (await log.jsm.streams.info(log.names.committed)).state.last_seq;
}

/**
 * Folds every committed event after `afterSeq` into `listeners`. `rebuilt` holds the keys of
 * the events folded by the rebuild; it is dropped once no message can still repeat them.
 */
export async function followCommitted(
  log: ClusterLog, afterSeq: number, listeners: CommitListener[], rebuilt: KeySet, onFail: (err: Error) => void,
): Promise<CommittedFeed> {
  const consumer = await log.js.consumers.get(log.names.committed, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 });
  const recent = new RecentKeys(4 * ACK_WAIT_MS);
  let overlap: KeySet | null = rebuilt;
  // An event the rebuild read is announced at most an ack wait (plus the time to store it)
  // after the rebuild began; messages published later cannot repeat it.
  const overlapEnds = BigInt(Date.now() + 6 * ACK_WAIT_MS) * 1_000_000n;
  let folded = 0;
  const messages: ConsumerMessages = await consumer.consume();
  const done = (async () => {
    for await (const m of messages) {
      if (overlap && m.info.timestampNanos > overlapEnds) overlap = null;
      const byWorkspace = new Map<string, CanonicalEvent[]>();
      for (const [ws, id, body] of JSON.parse(m.string()) as CommittedRow[]) {
        const key = eventKey(ws, id);
        if (recent.has(key) || overlap?.has(key)) continue;
        recent.add(key);
        const parsed = parseEvent(JSON.parse(body));
        if (!parsed.ok) continue; // stored events passed the same validation when they came in
        let list = byWorkspace.get(ws);
        if (!list) byWorkspace.set(ws, (list = []));
        list.push(parsed.event);
      }
      for (const [ws, events] of byWorkspace) {
        for (const l of listeners) {
          try {
            l(ws, events);
          } catch (err) {
            console.error(`committed feed: a listener failed: ${(err as Error).stack ?? String(err)}`);
          }
        }
      }
      folded++;
    }
  })();
  let stopping = false;
  // The feed ending by itself, or failing, would leave this node's numbers frozen: say so loudly.
  done.then(
    () => stopping || onFail(new Error('the committed stream consumer ended')),
    (err: Error) => stopping || onFail(err),
  );
  return {
    folded: () => folded,
    async stop() {
      stopping = true;
      messages.stop();
      await done.catch(() => undefined);
    },
  };
}
