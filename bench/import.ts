// `npm run bench:import`: a generated 1,000,000-row Douyin order export imported end to end with
// `kolpulse import orders` (the CLI as a child process) into a real server (another child), and the
// same file with --dry-run. Prints both wall times and rates; asserts nothing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultWorkspaceOf, freePort, ServerProcess } from './child.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const ADMIN = 'kp_admin_bench-import';

/** A Douyin shop export: 100 rooms, 20 creators, 5 % unpaid and 3 % cancelled after payment. */
function writeExport(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  const t0 = Date.parse('2024-11-11T12:00:00Z') / 1000;
  let buf = 'order_id,order_status,pay_amount,create_time,pay_time,room_id,author_id,doudian_open_id,product_id,item_num\n';
  for (let i = 0; i < rows; i++) {
    const status = i % 20 === 0 ? 1 : i % 33 === 0 ? 4 : 2;
    const created = t0 + Math.floor(i / 20);
    buf += `${6918000000000000000n + BigInt(i)},${status},${990 + (i % 50_000)},${created},${status === 1 ? '' : created + 15},` +
      `${7379000000000000000n + BigInt(i % 100)},creator-${i % 20},buyer-${i % 250_000},${3670000000000000000n + BigInt(i % 500)},${1 + (i % 3)}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

function runImport(args: string[]): Promise<{ seconds: number; summary: Record<string, unknown> }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/kolpulse.mjs', 'import', 'orders', ...args, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      try {
        resolve({ seconds: (performance.now() - started) / 1000, summary: JSON.parse(out) as Record<string, unknown> });
      } catch {
        reject(new Error(`import printed no summary: ${out}`));
      }
    });
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-bench-import-'));
try {
  const file = path.join(dir, 'orders.csv');
  let started = performance.now();
  writeExport(file, ROWS);
  console.log(`generated ${ROWS.toLocaleString('en-US')} rows (${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const dry = await runImport([file, '--format', 'douyin', '--dry-run']);
  console.log(`--dry-run: ${dry.seconds.toFixed(1)} s wall (${Math.round(ROWS / dry.seconds).toLocaleString('en-US')} rows/s) ${JSON.stringify(dry.summary)}`);

  const port = await freePort();
  const dataDir = path.join(dir, 'data');
  const server = new ServerProcess(['--import', 'tsx', 'bench/server-entry.ts'], { ...process.env, PORT: String(port), KOLPULSE_DATA_DIR: dataDir, KOLPULSE_ADMIN_TOKEN: ADMIN }, ROOT);
  try {
    await server.waitFor((out) => (out.includes('listening') ? true : undefined));
    const { ingestToken } = defaultWorkspaceOf(dataDir);
    started = performance.now();
    const real = await runImport([file, '--format', 'douyin', '--url', `http://127.0.0.1:${port}`, '--token', ingestToken]);
    console.log(`into a server: ${real.seconds.toFixed(1)} s wall (${Math.round(ROWS / real.seconds).toLocaleString('en-US')} rows/s) ${JSON.stringify(real.summary)}`);
  } finally {
    await server.stop();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
