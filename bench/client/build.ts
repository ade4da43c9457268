// Builds what bench:client loads, with vite, into one temp dir (never dist/, which the server
// and other runs use): the synthetic bench page, the real dashboard (the repo's vite config) and
// the injected probe as one classic script.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HERE = path.join(ROOT, 'bench/client');

export interface Built {
  dir: string;
  /** The synthetic bench page (index.html + assets). */
  benchDir: string;
  /** The real dashboard, as `vite build` makes it for dist/client. */
  clientDir: string;
  /** The probe for addInitScript. */
  probeFile: string;
  remove(): void;
}

export async function buildAll(): Promise<Built> {
  const { build } = await import('vite');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-bench-client-'));
  const benchDir = path.join(dir, 'bench');
  const clientDir = path.join(dir, 'client');
  const probeDir = path.join(dir, 'probe');
  await build({ configFile: false, root: HERE, base: './', logLevel: 'warn', build: { outDir: benchDir, emptyOutDir: true } });
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: clientDir, emptyOutDir: true } });
  await build({
    configFile: false, root: HERE, logLevel: 'warn',
    build: { outDir: probeDir, emptyOutDir: true, lib: { entry: path.join(HERE, 'probe-entry.ts'), formats: ['iife'], name: 'kpProbeEntry', fileName: () => 'probe.js' } },
  });
  const probeFile = path.join(probeDir, 'probe.js');
  for (const f of [path.join(benchDir, 'index.html'), path.join(clientDir, 'index.html'), probeFile]) {
    if (!fs.existsSync(f)) throw new Error(`vite wrote no ${f}`);
  }
  return { dir, benchDir, clientDir, probeFile, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
