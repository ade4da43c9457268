// Debian's chromium through playwright-core, with the browser tests' flags
// (test/browser/harness.ts) and their viewport: 1280×800 at device pixel ratio 1.
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.KOLPULSE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

export async function launch(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true, timeout: 60_000 });
}

export function context(browser: Browser, dpr = 1): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: dpr, locale: 'en-US', timezoneId: 'Asia/Shanghai' });
}
