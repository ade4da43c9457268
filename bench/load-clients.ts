// The main-thread side of the load generator: one worker thread per WebSocket client
// (bench/load-worker.ts), driven by messages, awaited all together.
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerSetup } from './load-worker.js';

/** All clients at once: each message goes to every worker; `expect` waits for an answer from each. */
export class Clients {
  readonly #workers: Worker[] = [];
  readonly #waiting = new Map<string, { need: number; got: FromWorker[]; resolve: (m: FromWorker[]) => void; reject: (e: Error) => void }>();

  constructor(setups: WorkerSetup[]) {
    for (const setup of setups) {
      // Node 20 does not run `--import tsx` in workers: register the loader, then import the worker.
      const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(new URL('./load-worker.ts', import.meta.url).href)}); })`;
      const w = new Worker(boot, { eval: true, workerData: setup });
      w.on('message', (m: FromWorker) => this.#deliver(m));
      w.on('error', (err) => this.#fail(err));
      this.#workers.push(w);
    }
  }

  #deliver(m: FromWorker): void {
    if (m.type === 'failed') return this.#fail(new Error(`client ${m.client}: ${m.error}`));
    const wait = this.#waiting.get(m.type);
    if (!wait) return;
    wait.got.push(m);
    if (wait.got.length === wait.need) {
      this.#waiting.delete(m.type);
      wait.resolve(wait.got);
    }
  }

  #fail(err: Error): void {
    for (const [key, wait] of this.#waiting) {
      this.#waiting.delete(key);
      wait.reject(err);
    }
  }

  /** Resolves when every worker has sent a message of `type`. */
  expect<T extends FromWorker['type']>(type: T): Promise<Array<Extract<FromWorker, { type: T }>>> {
    return new Promise((resolve, reject) => {
      this.#waiting.set(type, { need: this.#workers.length, got: [], resolve: resolve as (m: FromWorker[]) => void, reject });
    });
  }

  post(msg: ToWorker): void {
    for (const w of this.#workers) w.postMessage(msg);
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
