// The browser-test rig: builds the dashboard once (vite, the repo's config), serves kolpulse on a
// real port, and drives Debian's chromium through playwright-core. Screenshots go to
// .screenshots/ (git-ignored) for a person to look at.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { TestKolpulse } from '../helpers/kolpulse.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOTS = path.join(ROOT, '.screenshots');
export const CHROMIUM = process.env.KOLPULSE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

export async function buildClient(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  if (!fs.existsSync(path.join(ROOT, 'dist/client/index.html'))) throw new Error('vite build wrote no dist/client/index.html');
}

export interface Rig {
  kp: TestKolpulse;
  baseUrl: string;
  browser: Browser;
  readToken: string;
  /** A fresh browser context (its own localStorage), optionally signed in already. */
  context(opts?: { signedIn?: boolean; lang?: 'en' | 'zh'; width?: number; height?: number }): Promise<BrowserContext>;
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startRig(): Promise<Rig> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  await buildClient();
  const kp = await TestKolpulse.start();
  const { baseUrl } = await kp.listen();
  // playwright gives every launch a fresh temporary user-data-dir.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true, timeout: 60_000 });
  const readToken = kp.defaultWorkspace.readToken;
  fs.mkdirSync(SHOTS, { recursive: true });
  return {
    kp, baseUrl, browser, readToken,
    async context(opts = {}) {
      const ctx = await browser.newContext({
        viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 }, locale: 'en-US', timezoneId: 'Asia/Shanghai',
        deviceScaleFactor: 1,
      });
      const init: Record<string, string> = {};
      if (opts.signedIn) init['kolpulse.token'] = readToken;
      init['kolpulse.lang'] = opts.lang ?? 'en';
      // Seeds storage on the dashboard's origin before its first script runs (first load only).
      await ctx.addInitScript((entries: Record<string, string>) => {
        if (sessionStorage.getItem('kolpulse.seeded')) return;
        sessionStorage.setItem('kolpulse.seeded', '1');
        for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
      }, init);
      return ctx;
    },
    async shot(page, name) {
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close().catch(() => {});
      await kp.close();
    },
  };
}
