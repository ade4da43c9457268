// One data dir and one port, and the real server on them, to be SIGKILLed and started again
// while clients keep sending: after each kill it checks, before any restart, that every event the
// server had acknowledged is in the file.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { ChildServer, freePort } from '../helpers/child-server.js';
import type { ClientFleet } from './client-fleet.js';
import { dbFile, readWalIndex, storedIds, type WalIndex } from './sqlite-file.js';

export const ADMIN = 'kp_admin_reliability-admin-token';

export interface KillRecord {
  /** Frames acknowledged, and frames sent or waiting without an answer, at the moment of the kill. */
  ackedFrames: number;
  pending: number;
  /** Ids acknowledged before the kill that the file does not hold: must stay empty (CONTRACT §3.1). */
  lostAcked: string[];
  /** The WAL index as the killed process left it. */
  wal: WalIndex | null;
}

export class CrashSite {
  readonly kills: KillRecord[] = [];

  private constructor(public server: ChildServer, readonly dataDir: string, readonly port: number) {}

  static async open(dataDir: string): Promise<CrashSite> {
    const server = await ChildServer.start(dataDir, { KOLPULSE_ADMIN_TOKEN: ADMIN }, { port: await freePort() });
    return new CrashSite(server, dataDir, server.port);
  }

  /**
   * SIGKILLs the server (unless `killer` does, e.g. when it sees a checkpoint start), waits for
   * the exit, records what the file holds, and starts the server again on the same dir and port.
   */
  async crash(fleet: ClientFleet, killer?: (server: ChildServer) => Promise<void>): Promise<KillRecord> {
    const server = this.server;
    if (killer) await killer(server);
    server.kill('SIGKILL');
    const exit = await server.exited;
    // No answer comes from a dead server: these are the figures at the moment of death.
    const pending = fleet.pending;
    const ackedFrames = fleet.ackedFrames;
    if (exit.signal !== 'SIGKILL') throw new Error(`the server exited by itself (${JSON.stringify(exit)}):\n${server.stderr}`);
    // Read the WAL index before any connection opens the file again and resets it.
    const wal = readWalIndex(this.dataDir);
    const acked = [...fleet.acked];
    const stored = storedIds(this.dataDir);
    const record: KillRecord = { ackedFrames, pending, lostAcked: acked.filter((id) => !stored.has(id)), wal };
    this.kills.push(record);
    this.server = await ChildServer.start(this.dataDir, { KOLPULSE_ADMIN_TOKEN: ADMIN }, { port: this.port });
    return record;
  }
}

/** When to kill a starting server: after the spawn, after it opens the database, or as soon as `table` is committed. */
export type StartKill = { from: 'spawn' | 'open'; delayMs: number } | { from: 'table'; table: string };

/**
 * Spawns the server and SIGKILLs it while it starts: `delayMs` after the spawn, or after the
 * database is opened (its `-wal` file appears, and migrations follow), or the moment a migration
 * has committed `table` (polled every half millisecond), so between two statements of a migration.
 */
export async function killWhileStarting(dataDir: string, port: number, when: StartKill): Promise<void> {
  const server = ChildServer.spawn(dataDir, { KOLPULSE_ADMIN_TOKEN: ADMIN }, port);
  const wal = `${dbFile(dataDir)}-wal`;
  if (when.from !== 'spawn') while (!server.exit && !fs.existsSync(wal)) await new Promise((r) => setTimeout(r, 1));
  if (when.from === 'table') {
    const db = new Database(dbFile(dataDir), { readonly: true, fileMustExist: true });
    try {
      const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").pluck();
      const nap = new Int32Array(new SharedArrayBuffer(4));
      const end = Date.now() + 30_000;
      while (!server.exit && !has.get(when.table) && Date.now() < end) Atomics.wait(nap, 0, 0, 0.5);
    } finally {
      db.close();
    }
  } else {
    await new Promise((r) => setTimeout(r, when.delayMs));
  }
  server.kill('SIGKILL');
  const exit = await server.exited;
  if (exit.signal !== 'SIGKILL') throw new Error(`the server exited by itself while starting (${JSON.stringify(exit)}):\n${server.stdout}\n${server.stderr}`);
}
