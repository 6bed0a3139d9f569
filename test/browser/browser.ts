/**
 * What the console's browser tests share: Debian's Chromium driven by playwright-core (browser
 * downloads are not possible, so the executable is the system's), an emulator per scenario on
 * loopback, and small screenshots in a folder the run prints.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { startEmulator, type RunningEmulator, type StartOptions } from '../../src/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS ?? join(tmpdir(), 'incident-emulator-console-screenshots');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One browser for the whole run, with a fresh profile (playwright passes it as --user-data-dir). */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const profile = mkdtempSync(join(tmpdir(), 'incident-emulator-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    viewport: { width: 1200, height: 760 },
  });
  context.setDefaultTimeout(10_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface Scenario {
  emulator: RunningEmulator;
  page: Page;
  /** Page errors and failed console requests seen so far (a scenario ends with none). */
  problems: string[];
  screenshot(name: string): Promise<void>;
}

/** An emulator of its own and a new page on its console; both closed when the test ends. */
export async function openConsole(t: Test, context: BrowserContext, options: StartOptions = {}, view = ''): Promise<Scenario> {
  const emulator = await startEmulator(options);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // An HTTP error answer is logged by Chromium too; the scenarios check how the console shows it.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource: the server responded with a status of')) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  t.teardown(async () => {
    await page.close();
    await emulator.close();
  });
  await page.goto(`${emulator.url}/_emulator/console${view === '' ? '' : `#${view}`}`);
  return {
    emulator,
    page,
    problems,
    screenshot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.jpg`), type: 'jpeg', quality: 55 });
    },
  };
}
