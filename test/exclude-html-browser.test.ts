// The HTML report of `html --honor-ignore --exclude-generated` in real
// Chromium: the page says what was excluded and marks the files whose ignored
// code ran (fixture module testdata/markers, numbers as in test/markers.test.ts).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip, launch, openReport } from './html-browser.js';
import { runCli, tempDir, TESTDATA } from './helpers.js';

const MOD = join(TESTDATA, 'markers');
const run = chromiumOrSkip();

describe.runIf(run)('excluded code in the HTML report (Chromium)', () => {
  let browser: Browser;
  let report: string;

  beforeAll(async () => {
    const r = await runCli(['html', join(MOD, 'cover.out'), '--honor-ignore', '--exclude-generated', '--names', 'cover'], { cwd: MOD });
    expect(r.code).toBe(0);
    report = join(tempDir(), 'report.html');
    writeFileSync(report, r.stdout);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('states the excluded statements and the ignored code that ran, and badges those files', async () => {
    const o = await openReport(browser, report, '#/example.com/markers/ign/');
    const excluded = o.page.locator('#excluded');
    expect(await excluded.isVisible()).toBe(true);
    const text = await excluded.textContent();
    expect(text).toContain('cover: excluded 44 statements (21 generated, 23 ignored)');
    expect(text).toContain('ignored code that ran: example.com/markers/ign/cti.go:16 (coverage-ignore)');
    const badged = await o.page.$$eval('#rows tr', (rows) =>
      rows.filter((r) => r.querySelector('.badge.ignored-ran')).map((r) => r.querySelector('td.name a, td.name span')?.textContent ?? ''),
    );
    expect(badged).toEqual(['cti.go', 'gocover_block.go']);
    expect(o.errors).toEqual([]);
    expect(o.foreign).toEqual([]);
    await o.page.close();
  });
});
