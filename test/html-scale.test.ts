// A report for a 10,000-file profile (synthetic, Kubernetes-like layout) must
// render and navigate in Chromium. Times and sizes are measured and written to
// test-artifacts/html-scale.json (docs/html.md quotes them); no assertion is
// made on time, only on what the page shows.

import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, chromiumOrSkip, launch, openReport, tableRows } from './html-browser.js';
import { runCli, tempDir } from './helpers.js';

/** Deterministic pseudo-random numbers (LCG). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A count-mode profile of `areas x pkgs x files` files, 20 blocks each; `flat` puts every file in one directory. */
function syntheticProfile(seed: number, flat = false): string {
  const rand = rng(seed);
  const out = ['mode: count'];
  for (let a = 0; a < 20; a++) {
    for (let p = 0; p < 25; p++) {
      for (let f = 0; f < 20; f++) {
        const name = flat ? `k8s.io/kubernetes/pkg/all/a${a}_p${p}_file${f}.go` : `k8s.io/kubernetes/pkg/area${a}/pkg${p}/file${f}.go`;
        for (let b = 0; b < 20; b++) {
          const line = 10 + b * 5;
          const count = rand() < 0.3 ? 0 : Math.floor(rand() * 1000);
          out.push(`${name}:${line}.2,${line + 3}.3 ${1 + (b % 4)} ${count}`);
        }
      }
    }
  }
  return `${out.join('\n')}\n`;
}

/** Click in the page and time it until the next painted frame (milliseconds, page clock). */
async function clickTimed(page: Page, selector: string): Promise<number> {
  const start = await page.evaluate(() => performance.now());
  await page.click(selector);
  const end = await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))));
  return Math.round(end - start);
}

const hasChromium = chromiumOrSkip();

describe.skipIf(!hasChromium)('10,000-file report', () => {
  let browser: Browser;
  const dir = tempDir('gopherage-html-scale-');
  const results: Record<string, unknown> = {};

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    writeFileSync(artifact('html-scale.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log('html scale measurements:', JSON.stringify(results));
  });

  async function make(name: string, seeds: number[], flat = false): Promise<string> {
    const inputs = seeds.map((s, i) => {
      const p = join(dir, `${name}-${i}.cov`);
      writeFileSync(p, syntheticProfile(s, flat));
      return p;
    });
    const out = join(dir, `${name}.html`);
    const t0 = Date.now();
    const r = await runCli(['html', ...inputs, '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    results[name] = { columns: seeds.length, profileBytes: statSync(inputs[0]).size, htmlBytes: statSync(out).size, generateMs: Date.now() - t0 };
    return out;
  }

  async function measureOpen(name: string, file: string, hash = ''): Promise<Awaited<ReturnType<typeof openReport>>> {
    const o = await openReport(browser, file, hash);
    // from navigation start to the first frame painted after the app rendered
    const openMs = await o.page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => r(Math.round(performance.now())))));
    Object.assign(results[name] as object, { openMs });
    return o;
  }

  it('one column: renders, drills down three levels, filters, opens deep links', async () => {
    const file = await make('tree-1col', [1]);
    const o = await measureOpen('tree-1col', file);
    expect((await tableRows(o.page)).map((r) => r[0])).toEqual(['k8s.io/kubernetes/pkg/']); // one row for the single-child chain
    await o.page.click('#rows a:text-is("k8s.io/kubernetes/pkg/")');
    await o.page.waitForFunction(() => location.hash === '#/k8s.io/kubernetes/pkg/');
    expect(await o.page.$$eval('#rows tr', (r) => r.length)).toBe(20);
    (results['tree-1col'] as Record<string, number>).drillMs = await clickTimed(o.page, '#rows a:text-is("area7/")');
    await o.page.waitForFunction(() => location.hash === '#/k8s.io/kubernetes/pkg/area7/');
    expect(await o.page.$$eval('#rows tr', (r) => r.length)).toBe(25);
    await o.page.uncheck('#deep');
    await o.page.fill('#filter', 'pkg1');
    expect((await tableRows(o.page)).map((r) => r[0])).toEqual(['pkg1/', 'pkg10/', 'pkg11/', 'pkg12/', 'pkg13/', 'pkg14/', 'pkg15/', 'pkg16/', 'pkg17/', 'pkg18/', 'pkg19/']);
    await o.page.goBack();
    await o.page.waitForFunction(() => location.hash === '#/k8s.io/kubernetes/pkg/');
    expect(await o.page.$$eval('#rows tr', (r) => r.length)).toBe(20);
    expect(o.errors).toEqual([]);
    expect(o.foreign).toEqual([]);
    await o.page.close();

    const search = await openReport(browser, file);
    const t0 = await search.page.evaluate(() => performance.now());
    await search.page.fill('#filter', 'area19/pkg24/file19');
    (results['tree-1col'] as Record<string, number>).searchMs = Math.round((await search.page.evaluate(() => performance.now())) - t0);
    expect((await tableRows(search.page)).map((r) => r[0])).toEqual(['k8s.io/kubernetes/pkg/area19/pkg24/file19.go']);
    await search.page.fill('#filter', 'file19');
    expect(await search.page.textContent('#row-count')).toBe('500 matches below this directory');
    // a directory match lists the directory, not every file in it
    await search.page.fill('#filter', 'area19/pkg2');
    expect((await tableRows(search.page)).map((r) => r[0])).toEqual(['k8s.io/kubernetes/pkg/area19/pkg2/', ...[20, 21, 22, 23, 24].map((n) => `k8s.io/kubernetes/pkg/area19/pkg${n}/`)]);
    expect(search.errors).toEqual([]);
    await search.page.close();

    const deep = await openReport(browser, file, '#/k8s.io/kubernetes/pkg/area19/pkg24/');
    expect((await tableRows(deep.page)).map((r) => r[0])).toHaveLength(20);
    expect(deep.errors).toEqual([]);
    await deep.page.close();
  });

  it('three columns: renders and sorts', async () => {
    const file = await make('tree-3col', [1, 2, 3]);
    const o = await measureOpen('tree-3col', file, '#/k8s.io/kubernetes/pkg/area3/');
    expect(await o.page.$$eval('#table thead th', (t) => t.length)).toBe(4);
    await o.page.click('#table thead th:nth-child(3)');
    const pct = (await tableRows(o.page)).map((r) => Number(r[2].replace(/[%▲▼]/g, '')));
    expect(pct).toEqual([...pct].sort((a, b) => a - b));
    expect(o.errors).toEqual([]);
    await o.page.close();
  });

  it('10,000 files in one directory: first 1,000 rows, sort and filter over all, show all on request', async () => {
    const file = await make('flat-1col', [4], true);
    const o = await measureOpen('flat-1col', file, '#/k8s.io/kubernetes/pkg/all/');
    const rowCount = (): Promise<number> => o.page.$$eval('#rows tr', (r) => r.length);
    expect(await rowCount()).toBe(1000);
    expect(await o.page.textContent('#more-text')).toBe('Showing the first 1000 of 10000 rows (filter to narrow down).');
    const results1 = results['flat-1col'] as Record<string, number>;
    results1.sortMs = await clickTimed(o.page, '#table thead th:nth-child(2)');
    const pct = (await tableRows(o.page)).map((r) => Number(r[1].replace('%', '')));
    expect(pct).toEqual([...pct].sort((a, b) => a - b));
    await o.page.fill('#filter', 'a19_p24_');
    expect(await rowCount()).toBe(20);
    expect(await o.page.isHidden('#more')).toBe(true);
    await o.page.fill('#filter', '');
    results1.showAllMs = await clickTimed(o.page, '#show-all');
    expect(await rowCount()).toBe(10_000);
    expect(o.errors).toEqual([]);
    await o.page.screenshot({ path: artifact('html-scale-flat.png') });
    await o.page.close();
  });
});
