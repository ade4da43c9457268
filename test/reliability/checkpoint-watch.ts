// Large WAL checkpoints on demand, and a SIGKILL in the middle of one: a reader in another
// process pins a snapshot so that the WAL grows, and a worker thread (its own event loop, free of
// the test's clients) polls the WAL index and SIGKILLs once `nBackfillAttempted` passes
// `nBackfill`, which SQLite sets before it copies WAL frames into the database and evens out after.
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { ROOT } from '../helpers/child-server.js';

const WATCHER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { shm, pid, timeoutMs } = workerData;
const buf = Buffer.alloc(136);
const nap = new Int32Array(new SharedArrayBuffer(4));
const end = Date.now() + timeoutMs;
let fd = null;
let seen = null;
while (Date.now() < end) {
  try {
    fd ??= fs.openSync(shm, 'r');
    if (fs.readSync(fd, buf, 0, 136, 0) === 136 && buf.readUInt32LE(128) > buf.readUInt32LE(96)) {
      try { process.kill(pid, 'SIGKILL'); } catch {}
      seen = { mxFrame: buf.readUInt32LE(16), nBackfill: buf.readUInt32LE(96), nBackfillAttempted: buf.readUInt32LE(128) };
      break;
    }
  } catch {}
  Atomics.wait(nap, 0, 0, 0.05);
}
if (fd !== null) fs.closeSync(fd);
parentPort.postMessage(seen);
`;

export interface CheckpointSeen { mxFrame: number; nBackfill: number; nBackfillAttempted: number }

/**
 * Starts watching `shmFile`; the returned promise resolves with the WAL index at the kill, or
 * null if no checkpoint started within `timeoutMs`. Start it before what triggers the checkpoint.
 */
export function killAtCheckpoint(shmFile: string, pid: number, timeoutMs: number): Promise<CheckpointSeen | null> {
  const worker = new Worker(WATCHER, { eval: true, workerData: { shm: shmFile, pid, timeoutMs } });
  return new Promise((resolve, reject) => {
    worker.once('message', (seen: CheckpointSeen | null) => resolve(seen));
    worker.once('error', reject);
  });
}

const PINNER = `
const Database = require('better-sqlite3');
const db = new Database(process.env.PIN_DB, { readonly: true, fileMustExist: true });
db.exec('BEGIN');
db.prepare('SELECT count(*) FROM events').get();
process.stdout.write('pinned\\n');
process.stdin.resume();
process.stdin.on('end', () => { db.exec('COMMIT'); db.close(); process.exit(0); });
`;

/**
 * Holds a read transaction on `dbFile` from another process (a backup, a long report query), so
 * no checkpoint gets past its snapshot and the WAL grows; the returned function lets go. Another
 * process, because POSIX locks are per process: this one reads the -shm file, and closing any
 * descriptor of it would drop the reader's locks.
 */
export async function pinSnapshot(dbFile: string): Promise<() => Promise<void>> {
  const proc = spawn(process.execPath, ['-e', PINNER], { cwd: ROOT, env: { ...process.env, PIN_DB: dbFile }, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.once('data', () => resolve());
    void exited.then((code) => reject(new Error(`the snapshot holder exited (${code}) before it had a snapshot`)));
  });
  return async () => {
    proc.stdin!.end();
    const code = await exited;
    if (code !== 0) throw new Error(`the snapshot holder exited with ${code}`);
  };
}
