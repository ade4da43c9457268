// The SQLite writer thread: runs each batch of events and rejects in one transaction on its own
// connection, so the commit (and its fsync) never blocks the event loop that parses frames. Plain
// JavaScript: a worker gets no TypeScript loader. The SQL comes from Kysely in the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, synchronous, insertEventSql, insertRejectSql } = workerData;
const EVENT_WIDTH = 10;
const REJECT_WIDTH = 6;

const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
db.pragma('busy_timeout = 5000');

let statements = null;
function prepare() {
  const insertEvent = db.prepare(insertEventSql);
  const insertReject = db.prepare(insertRejectSql);
  const append = db.transaction((events, rejects) => {
    const n = events.length / EVENT_WIDTH;
    const fresh = new Uint8Array(n);
    for (let i = 0, o = 0; i < n; i++, o += EVENT_WIDTH) {
      fresh[i] = insertEvent.run(events[o], events[o + 1], events[o + 2], events[o + 3], events[o + 4], events[o + 5],
        events[o + 6], events[o + 7], events[o + 8], events[o + 9]).changes;
    }
    for (let o = 0; o < rejects.length; o += REJECT_WIDTH) {
      insertReject.run(rejects[o], rejects[o + 1], rejects[o + 2], rejects[o + 3], rejects[o + 4], rejects[o + 5]);
    }
    return fresh;
  });
  return { append };
}

parentPort.on('message', (msg) => {
  try {
    statements ??= prepare();
    if (msg.kind === 'append') {
      const started = performance.now();
      const fresh = statements.append(msg.events, msg.rejects);
      // Wall-clock times (ms since the epoch, sub-ms) of the start and end of the transaction, so
      // the main thread can tell the trip here and the trip back from the transaction itself.
      const origin = performance.timeOrigin;
      parentPort.postMessage({ id: msg.id, ok: true, fresh, startedAt: origin + started, endedAt: origin + performance.now() }, [fresh.buffer]);
    } else if (msg.kind === 'close') {
      db.close();
      parentPort.postMessage({ id: msg.id, ok: true });
    }
  } catch (err) {
    parentPort.postMessage({ id: msg.id, ok: false, error: String(err && err.message ? err.message : err), code: err && err.code });
  }
});
