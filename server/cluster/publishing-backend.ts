// The storage of an ingest node in a cluster: an event is durable once JetStream has it, so
// `append` publishes to the events stream and resolves when JetStream has acknowledged every
// message. Events already in PostgreSQL, or published by this node lately, are reported as
// duplicates without being published (a resend that reaches another node while its first copy
// is still on its way to PostgreSQL is published again, counted as accepted, and stored once);
// rejects go straight to PostgreSQL's rejected-event log.
import type { EventRow, RejectRow, StorageBackend } from '../../db/dialect.js';
import { storedIds } from '../../db/event-queries.js';
import { eventKey, messageId, packRows, RecentKeys, type ClusterLog } from './cluster-log.js';

const PUBLISH_TIMEOUT_MS = 10_000;
/** Published ids are remembered for 5 to 10 minutes, longer than events wait for an aggregator. */
const REMEMBER_MS = 5 * 60_000;

export function publishingBackend(postgres: StorageBackend, log: ClusterLog): StorageBackend {
  const published = new RecentKeys(REMEMBER_MS);
  async function append(events: EventRow[], rejects: RejectRow[]): Promise<boolean[]> {
    const fresh = new Array<boolean>(events.length).fill(false);

    // Only the first row of a (workspace, id) in the batch can be new, and only if this node has
    // not published it lately (checked in memory) nor is it stored (asked of PostgreSQL).
    const byWorkspace = new Map<string, Map<string, number>>();
    events.forEach((e, i) => {
      let first = byWorkspace.get(e.workspace_id);
      if (!first) byWorkspace.set(e.workspace_id, (first = new Map()));
      if (!first.has(e.id) && !published.has(eventKey(e.workspace_id, e.id))) first.set(e.id, i);
    });
    const bySubject = new Map<string, number[]>();
    for (const [ws, first] of byWorkspace) {
      const stored = await storedIds(postgres.db, ws, [...first.keys()]);
      for (const [id, i] of first) {
        if (stored.has(id)) continue;
        const subject = log.subject('events', ws, events[i]!.stream_id);
        let list = bySubject.get(subject);
        if (!list) bySubject.set(subject, (list = []));
        list.push(i);
      }
    }

    // Started only now: a failure above must not leave this promise without a handler.
    const storingRejects = rejects.length ? postgres.append([], rejects) : Promise.resolve([]);
    const publishes: Array<Promise<void>> = [];
    for (const [subject, indices] of bySubject) {
      for (const { payload, indices: part } of packRows(events, indices, log.maxPayload)) {
        const msgID = messageId(subject, part.map((i) => events[i]!.id));
        publishes.push(log.js.publish(subject, payload, { msgID, timeout: PUBLISH_TIMEOUT_MS }).then((ack) => {
          // A duplicate message was published before (a resent frame): its events are not new.
          if (ack.duplicate) return;
          for (const i of part) {
            fresh[i] = true;
            published.add(eventKey(events[i]!.workspace_id, events[i]!.id));
          }
        }));
      }
    }
    // Settle everything before failing, so no publish is left rejecting unhandled.
    const outcomes = await Promise.allSettled([...publishes, storingRejects]);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    return fresh;
  }

  // A stored row carries the body as a JSON string (quotes escaped), beside its other columns.
  const maxEventBytes = Math.floor((log.maxPayload - 4_096) / 2);
  return { db: postgres.db, caps: postgres.caps, append, maxEventBytes, close: () => postgres.close() };
}
