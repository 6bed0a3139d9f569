import { chromium } from 'playwright-core';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const dir = '/tmp/incident-emulator-console-screenshots';
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chr-')), { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'], viewport: { width: 1200, height: 760 } });
const page = await ctx.newPage();
for (const f of process.argv.slice(2)) { await page.goto(`file://${dir}/${f}.jpg`); await page.screenshot({ path: `/tmp/view-${f}.png` }); }
await ctx.close();
