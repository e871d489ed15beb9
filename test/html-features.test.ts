// The HTML report's everyday features in Chromium (issue 17): line anchors
// and ranges with Back/Forward, n/p through uncovered blocks and opening at
// the first one, the column clicked from, the summary header and counts in
// cells, recursive search with links and filtered totals, keyboard
// navigation, long files drawn near the viewport only, the function list,
// dark theme, 390 px, print, and a --split report from file:// with its
// loading indicator. Every page: no request leaves it, no console error.
// Screenshots go to test-artifacts/ (docs/html-*.png are copies).

import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../src/profile/model.js';
import { parseProfileString } from '../src/profile/parser.js';
import { buildHtmlModel } from '../src/report/html/model.js';
import { renderHtmlReport } from '../src/report/html/render.js';
import { annotateSource } from '../src/report/html/sourceView.js';
import { buildTree, findNode } from '../src/summary/tree.js';
import { percentText, profileTotals, trendArrow, type Totals } from '../src/summary/totals.js';
import { artifact, chromiumOrSkip, goSrcOrSkip, GOSRC, launch, openReport, STD_INPUTS, STD_NAMES, stdReport, tableRows, totalsRow, type Opened } from './html-browser.js';
import { runCli, tempDir, TESTDATA } from './helpers.js';

const NAMES = STD_NAMES;
const INPUTS = STD_INPUTS;
const profiles: Profile[] = INPUTS.map((p) => parseProfileString(readFileSync(p, 'utf8'), p));
const STRINGS_GO = 'strings/strings.go';

function cells(totals: readonly (Totals | null)[]): string[] {
  return totals.map((t, i) => percentText(t) + (i + 1 < totals.length ? trendArrow(t, totals[i + 1]) : ''));
}

function clean(o: Opened): void {
  expect(o.foreign, 'requests that left the page').toEqual([]);
  expect(o.errors, 'console errors').toEqual([]);
}

/** 0-based first lines of the uncovered stretches (lines with a 0 count or partly run), as the page computes them. */
function uncoveredStarts(profile: Profile, name: string): number[] {
  const file = profile.files.find((f) => f.name === name)!;
  const cov = annotateSource(file, readFileSync(join(GOSRC, name)));
  const partial = new Set(cov.partial);
  const starts: number[] = [];
  let inRun = false;
  cov.hits.forEach((h, i) => {
    if (h === null) return;
    const miss = h === 0 || partial.has(i);
    if (miss && !inRun) starts.push(i);
    inRun = miss;
  });
  return starts;
}

/** The row of line n is on screen, below the sticky source toolbar. */
async function lineVisible(page: Page, n: number): Promise<boolean> {
  return page.evaluate((n) => {
    const row = document.getElementById(`L${n}`);
    if (!row) return false;
    const r = row.getBoundingClientRect();
    const bar = document.getElementById('source-bar')!.getBoundingClientRect();
    return r.top >= bar.bottom - 1 && r.bottom <= window.innerHeight;
  }, n);
}

const selected = (page: Page): Promise<string[]> => page.$$eval('#code tr[data-sel]', (rows) => rows.map((r) => r.id));
const current = (page: Page): Promise<string | undefined> => page.$eval('#code', (t) => t.querySelector('tr[data-mark="current"]')?.id);
const hash = (page: Page): Promise<string> => page.evaluate(() => location.hash);

const hasChromium = chromiumOrSkip() && goSrcOrSkip();

describe.skipIf(!hasChromium)('html report features in Chromium', () => {
  let browser: Browser;
  let report: string;
  const dir = tempDir('gopherage-html-features-');

  beforeAll(async () => {
    browser = await launch();
    report = await stdReport(dir);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('line anchors: #path:L120, ranges, clicks and shift-clicks on line numbers, Back/Forward', async () => {
    const o = await openReport(browser, report, `#/${STRINGS_GO}:L120`);
    await o.page.waitForSelector('#source-view:not([hidden])');
    expect(await selected(o.page)).toEqual(['L120']);
    expect(await lineVisible(o.page, 120)).toBe(true);
    await o.page.click('#L130 td.ln a');
    await o.page.waitForFunction(() => location.hash === '#/strings/strings.go:L130');
    expect(await selected(o.page)).toEqual(['L130']);
    await o.page.click('#L140 td.ln a', { modifiers: ['Shift'] });
    await o.page.waitForFunction(() => location.hash === '#/strings/strings.go:L130-L140');
    expect(await selected(o.page)).toEqual(Array.from({ length: 11 }, (_, i) => `L${130 + i}`));
    await o.page.goBack();
    await o.page.waitForFunction(() => location.hash === '#/strings/strings.go:L130');
    expect(await selected(o.page)).toEqual(['L130']);
    await o.page.goBack();
    await o.page.waitForFunction(() => location.hash === '#/strings/strings.go:L120');
    expect(await selected(o.page)).toEqual(['L120']);
    await o.page.goForward();
    await o.page.waitForFunction(() => location.hash === '#/strings/strings.go:L130');
    expect(await selected(o.page)).toEqual(['L130']);
    clean(o);
    await o.page.close();

    // the form without the leading slash, a reversed range, and a column
    const d = await openReport(browser, report, `#${STRINGS_GO}@2:L125-L120`);
    await d.page.waitForSelector('#source-view:not([hidden])');
    expect(await selected(d.page)).toEqual(['L120', 'L121', 'L122', 'L123', 'L124', 'L125']);
    expect(await d.page.inputValue('#column')).toBe('1');
    expect(await lineVisible(d.page, 120)).toBe(true);
    clean(d);
    await d.page.close();
  });

  it('opens at the first uncovered line; n/p and the buttons walk the uncovered blocks', async () => {
    const starts = uncoveredStarts(profiles[0], STRINGS_GO);
    expect(starts.length).toBeGreaterThan(3);
    const o = await openReport(browser, report, `#/${STRINGS_GO}`);
    await o.page.waitForSelector('#source-view:not([hidden])');
    const id = (i: number): string => `L${starts[i] + 1}`;
    expect(await current(o.page)).toBe(id(0));
    expect(await lineVisible(o.page, starts[0] + 1)).toBe(true);
    expect(await o.page.textContent('#jump-pos')).toBe(`1 / ${starts.length} uncovered`);
    expect(await o.page.isDisabled('#prev')).toBe(true);
    await o.page.keyboard.press('n');
    expect(await current(o.page)).toBe(id(1));
    expect(await lineVisible(o.page, starts[1] + 1)).toBe(true);
    await o.page.keyboard.press('n');
    expect(await current(o.page)).toBe(id(2));
    await o.page.keyboard.press('p');
    expect(await current(o.page)).toBe(id(1));
    await o.page.click('#next');
    await o.page.click('#next');
    expect(await current(o.page)).toBe(id(3));
    expect(await o.page.textContent('#jump-pos')).toBe(`4 / ${starts.length} uncovered`);
    expect(await lineVisible(o.page, starts[3] + 1)).toBe(true);
    // every start is a red or yellow line
    for (const s of starts) expect(await o.page.getAttribute(`#L${s + 1}`, 'class')).toMatch(/^line (miss|hit partial)$/);
    // from an anchor, n goes to the next block after it
    await o.page.evaluate((l) => (location.hash = `#/strings/strings.go:L${l}`), starts[2] + 2);
    await o.page.waitForFunction((l) => document.querySelector(`#L${l}[data-sel]`) !== null, starts[2] + 2);
    await o.page.keyboard.press('n');
    expect(await current(o.page)).toBe(id(3));
    clean(o);
  });

  it('shows the column clicked from, and links follow the sorted column', async () => {
    const o = await openReport(browser, report, '#/strings/');
    await o.page.click('#rows tr:has(a:text-is("strings.go")) td:nth-child(4) a');
    await o.page.waitForFunction(() => location.hash === '#/strings/strings.go@3');
    await o.page.waitForSelector('#source-view:not([hidden])');
    expect(await o.page.inputValue('#column')).toBe('2');
    expect(await o.page.textContent('#file-coverage')).toMatch(/ in tabwriter$/);
    await o.page.goBack();
    await o.page.click('#table thead th:text-is("utf8")');
    expect(await o.page.getAttribute('#rows a:text-is("strings.go")', 'href')).toBe('#/strings/strings.go@4');
    clean(o);
  });

  it('summary header, covered/total in every cell (with a toggle), a legend', async () => {
    const o = await openReport(browser, report);
    const cards = await o.page.$$eval('#summary .card', (cs) => cs.map((c) => [...c.children].map((x) => x.textContent)));
    expect(cards).toEqual(
      profiles.map((p, i) => {
        const t = profileTotals(p);
        return [`${NAMES[i]}count`, percentText(t), `${t.covered.toLocaleString('en-US')} / ${t.statements.toLocaleString('en-US')} statements`, `${p.files.length} files`];
      }),
    );
    expect(await o.page.textContent('#summary .meta')).toMatch(/^Generated \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    const t = profileTotals(profiles[0]);
    const after = (): Promise<string> => o.page.$eval('#totals th:nth-child(2)', (c) => getComputedStyle(c, '::after').content);
    expect(await after()).toBe(`"${t.covered.toLocaleString('en-US')}/${t.statements.toLocaleString('en-US')}"`);
    await o.page.uncheck('#counts');
    expect(await after()).toBe('none');
    expect(await o.page.isVisible('#dir-legend')).toBe(true);
    expect(await o.page.textContent('#dir-legend')).toContain('not in this profile');
    clean(o);
  });

  it('recursive search by default: directories and files, links to both, totals of the matches', async () => {
    // sources only for strings/: unicode/utf8/utf8.go has none
    const root = join(dir, 'only-strings');
    mkdirSync(root, { recursive: true });
    // A copy: a link out of the source root is never followed (the root must hold the file itself).
    cpSync(join(GOSRC, 'strings'), join(root, 'strings'), { recursive: true });
    const out = join(dir, 'partial.html');
    const r = await runCli(['html', ...INPUTS, '-o', out, '--source-root', root]);
    expect(r.code).toBe(0);
    const o = await openReport(browser, out);
    await o.page.fill('#filter', 'utf8.go');
    expect((await tableRows(o.page)).map((x) => x[0])).toEqual(['unicode/utf8/utf8.gono source']);
    await o.page.click('#rows a.in-dir');
    await o.page.waitForFunction(() => location.hash === '#/unicode/utf8/');
    expect((await tableRows(o.page)).map((x) => x[0])).toEqual(['utf8.gono source']);
    await o.page.goBack();
    await o.page.waitForFunction(() => location.hash === '' || location.hash === '#/');
    const tree = buildTree(profiles);
    await o.page.fill('#filter', 'reader');
    const hits = profiles[0].files.map((f) => f.name).filter((n) => n.includes('reader'));
    expect((await tableRows(o.page)).map((x) => x[0])).toEqual(hits);
    // the Total row sums the matches
    const sum = NAMES.map((_, i) =>
      hits.map((h) => findNode(tree, h)!.totals[i]!).reduce((a, b) => ({ covered: a.covered + b.covered, statements: a.statements + b.statements })),
    );
    expect(await totalsRow(o.page)).toEqual(['Total of matches', ...cells(sum)]);
    await o.page.click(`#rows a:text-is("${hits[0]}")`);
    await o.page.waitForSelector('#source-view:not([hidden])');
    expect(await hash(o.page)).toBe(`#/${hits[0]}`);
    // without a filter the Total row is the directory's
    await o.page.goBack();
    await o.page.waitForSelector('#dir-view:not([hidden])');
    expect(await totalsRow(o.page)).toEqual(['Total', ...cells(profiles.map(profileTotals))]);
    clean(o);
  });

  it('keyboard: / searches, arrows move between rows, Enter opens', async () => {
    const o = await openReport(browser, report, '#/strings/');
    const focused = (): Promise<string> => o.page.evaluate(() => (document.activeElement as HTMLElement).id || (document.activeElement?.textContent ?? ''));
    await o.page.keyboard.press('/');
    expect(await focused()).toBe('filter');
    const names = (await tableRows(o.page)).map((r) => r[0]);
    await o.page.keyboard.press('ArrowDown');
    expect(await focused()).toBe(names[0]);
    await o.page.keyboard.press('ArrowDown');
    await o.page.keyboard.press('ArrowDown');
    expect(await focused()).toBe(names[2]);
    await o.page.keyboard.press('k');
    expect(await focused()).toBe(names[1]);
    await o.page.keyboard.press('Enter');
    await o.page.waitForFunction((n) => location.hash === `#/strings/${n}`, names[1]);
    await o.page.waitForSelector('#source-view:not([hidden])');
    clean(o);
  });

  it('long files: only rows near the viewport are drawn; anchors, n/p, scrolling and printing draw the rest', async () => {
    const root = join(dir, 'long');
    const n = 5000;
    const lines = ['package long', ''];
    while (lines.length < n) lines.push(`func f${lines.length}() int {`, `\treturn ${lines.length}`, '}');
    lines.length = n;
    mkdirSync(join(root, 'long'), { recursive: true });
    writeFileSync(join(root, 'long', 'long.go'), `${lines.join('\n')}\n`);
    const blocks = [];
    for (let l = 3; l + 1 < n; l += 3) blocks.push(`long/long.go:${l}.${lines[l - 1].length + 1},${l + 2}.2 1 ${l % 300 === 0 ? 0 : 1}`);
    writeFileSync(join(root, 'long.cov'), `mode: set\n${blocks.join('\n')}\n`);
    const out = join(dir, 'long.html');
    expect((await runCli(['html', join(root, 'long.cov'), '-o', out, '--source-root', root])).code).toBe(0);
    const o = await openReport(browser, out, '#/long/long.go');
    await o.page.waitForSelector('#source-view:not([hidden])');
    const drawn = (): Promise<number> => o.page.$$eval('#code tr.line', (r) => r.length);
    expect(await drawn()).toBeLessThan(n / 4);
    expect(await current(o.page)).toBe('L301'); // the first block with count 0 covers lines 301-302
    await o.page.evaluate(() => (location.hash = '#/long/long.go:L4500'));
    await o.page.waitForSelector('#L4500[data-sel]');
    expect(await o.page.textContent('#L4500 .code')).toBe(lines[4499]);
    expect(await lineVisible(o.page, 4500)).toBe(true);
    await o.page.keyboard.press('n');
    expect(await current(o.page)).toBe('L4501');
    await o.page.keyboard.press('n');
    expect(await current(o.page)).toBe('L4801');
    expect(await lineVisible(o.page, 4801)).toBe(true);
    await o.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await o.page.waitForSelector(`#L${n}`);
    expect(await drawn()).toBeLessThan(n);
    await o.page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await drawn()).toBe(n);
    clean(o);
  });

  it('lists functions with their coverage when the model has them; hostile names stay text', async () => {
    const src = 'package p\n\nfunc A() { b() }\n\nfunc evil() { c() }\n';
    const profile = parseProfileString('mode: set\np/p.go:3.10,3.17 1 1\np/p.go:5.13,5.20 1 0\n');
    const model = await buildHtmlModel([profile], { names: ['p'], findSource: async () => Buffer.from(src) });
    model.sources[0].functions = [
      { name: 'A', line: 3, covered: 1, statements: 1 },
      { name: '<img src=x onerror=alert(1)>', line: 5, covered: 0, statements: 1 },
    ];
    const out = join(dir, 'functions.html');
    writeFileSync(out, renderHtmlReport(model));
    const o = await openReport(browser, out, '#/p/p.go');
    await o.page.waitForSelector('#source-view:not([hidden])');
    expect(await o.page.isVisible('#functions')).toBe(true);
    expect(await o.page.textContent('#functions-title')).toBe('Functions (2)');
    await o.page.click('#functions summary');
    const rows = await o.page.$$eval('#function-list tr', (rs) => rs.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
    expect(rows).toEqual([
      ['A', '100.0%', 'line 3'],
      ['<img src=x onerror=alert(1)>', '0.0%', 'line 5'],
    ]);
    expect(await o.page.$$eval('img', (x) => x.length)).toBe(0);
    await o.page.click('#function-list a:text-is("<img src=x onerror=alert(1)>")');
    await o.page.waitForFunction(() => location.hash === '#/p/p.go:L5');
    expect(await selected(o.page)).toEqual(['L5']);
    clean(o);
  });

  it('dark theme under prefers-color-scheme: dark', async () => {
    const o = await openReport(browser, report, '#/strings/', { width: 1000, height: 760 }, { colorScheme: 'dark' });
    const bg = (sel: string): Promise<number[]> => o.page.$eval(sel, (e) => getComputedStyle(e).backgroundColor.match(/\d+/g)!.slice(0, 3).map(Number));
    const lum = (c: number[]): number => c[0] + c[1] + c[2];
    expect(lum(await bg('body'))).toBeLessThan(120);
    expect(lum(await bg('#rows td.num.heat'))).toBeLessThan(300);
    expect(lum(await o.page.$eval('body', (e) => getComputedStyle(e).color.match(/\d+/g)!.slice(0, 3).map(Number)))).toBeGreaterThan(600);
    await o.page.screenshot({ path: artifact('html-dark.png') });
    await o.page.evaluate(() => (location.hash = '#/strings/strings.go'));
    await o.page.waitForSelector('#source-view:not([hidden])');
    expect(lum(await bg('#code .cov0'))).toBeLessThan(300);
    expect(lum(await bg('#source-bar'))).toBeLessThan(120);
    clean(o);
  });

  it('usable at 390 px: no horizontal scroll of the page, the name column stays, profile columns scroll', async () => {
    const o = await openReport(browser, report, '#/strings/', { width: 390, height: 844 });
    const pageWidth = (): Promise<number> => o.page.evaluate(() => document.documentElement.scrollWidth);
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    const wrap = await o.page.$eval('#table-wrap', (w) => ({ scroll: w.scrollWidth, client: w.clientWidth }));
    expect(wrap.scroll).toBeGreaterThan(wrap.client);
    await o.page.screenshot({ path: artifact('html-390.png') });
    await o.page.$eval('#table-wrap', (w) => (w.scrollLeft = w.scrollWidth));
    const name = await o.page.$eval('#rows tr:first-child td.name', (c) => c.getBoundingClientRect().toJSON() as DOMRect);
    expect(name.left).toBeGreaterThanOrEqual(0);
    expect(name.right).toBeLessThanOrEqual(390);
    const lastCell = await o.page.$eval('#rows tr:first-child td:last-child', (c) => c.getBoundingClientRect().toJSON() as DOMRect);
    expect(lastCell.right).toBeLessThanOrEqual(390 + 1); // scrolled into view
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    await o.page.evaluate(() => (location.hash = '#/strings/strings.go'));
    await o.page.waitForSelector('#source-view:not([hidden])');
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    clean(o);
  });

  it('prints without the controls, light even in dark mode', async () => {
    const o = await openReport(browser, report, `#/${STRINGS_GO}`, undefined, { colorScheme: 'dark' });
    await o.page.waitForSelector('#source-view:not([hidden])');
    await o.page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    expect(await o.page.$eval('body', (e) => getComputedStyle(e).backgroundColor)).toBe('rgb(255, 255, 255)');
    const display = (sel: string): Promise<string> => o.page.$eval(sel, (e) => getComputedStyle(e).display);
    expect(await display('.jump')).toBe('none');
    expect(await o.page.$eval('#source-bar', (e) => getComputedStyle(e).position)).toBe('static');
    await o.page.evaluate(() => (location.hash = '#/strings/'));
    await o.page.waitForSelector('#dir-view:not([hidden])');
    expect(await display('#filter')).toBe('none');
    clean(o);
  });

  it('--split: a directory that works from file:// with a loading indicator; hostile names and sources inert', async () => {
    const root = join(dir, 'evil-src');
    const evilName = '<img src=x onerror=alert(1)>.go';
    mkdirSync(join(root, 'evil'), { recursive: true });
    writeFileSync(join(root, 'evil', evilName), 'package evil\n\nfunc f() { println("</script><script>alert(2)</script>\\"); alert(3); (\\"") }\n');
    const input = join(dir, 'evil.cov');
    writeFileSync(input, ['mode: set', `example.com/m/evil/${evilName}:3.10,3.61 1 0`, ''].join('\n'));
    const out = join(dir, 'split');
    const r = await runCli(['html', ...INPUTS, input, '-o', out, '--split', '--source-root', GOSRC, '--names', 'a,b,c,d,e']);
    expect(r.code).toBe(0);
    const r2 = await runCli(['html', input, '-o', join(dir, 'split-evil'), '--split', '--source-root', root, '--trim-prefix', 'example.com/m/']);
    expect(r2.code).toBe(0);
    const base = pathToFileURL(out).href;
    const o = await openReport(browser, join(out, 'index.html'), '', undefined, { allow: (u) => u.startsWith(`${base}/data/`) && u.endsWith('.js') });
    // hold the data script until the indicator has been seen
    let release!: () => void;
    const held = new Promise<void>((res) => (release = res));
    const requested: string[] = [];
    await o.page.route(`${base}/data/*.js`, async (route) => {
      requested.push(route.request().url().slice(base.length + 1));
      await held;
      await route.continue();
    });
    await o.page.click('#rows a:text-is("strings/")');
    await o.page.click('#rows a:text-is("strings.go")');
    await o.page.waitForSelector('#loading:not([hidden])');
    expect(await o.page.textContent('#loading-text')).toBe('Opening strings.go…');
    release();
    await o.page.waitForSelector('#source-view:not([hidden])');
    expect(await o.page.isHidden('#loading')).toBe(true);
    expect(requested).toHaveLength(1);
    expect(requested[0]).toMatch(/^data\/\d+\.js$/);
    const lines = readFileSync(join(GOSRC, STRINGS_GO), 'utf8').split('\n');
    expect(await o.page.textContent('#L92 .code')).toBe(lines[91]);
    clean(o);

    const evilBase = pathToFileURL(join(dir, 'split-evil')).href;
    const e = await openReport(browser, join(dir, 'split-evil', 'index.html'), `#/example.com/m/evil/${encodeURIComponent(evilName)}`, undefined, { allow: (u) => u.startsWith(`${evilBase}/data/`) });
    await e.page.waitForSelector('#source-view:not([hidden])');
    expect(await e.page.textContent('#L3 .code')).toBe('func f() { println("</script><script>alert(2)</script>\\"); alert(3); (\\"") }');
    expect(await e.page.$$eval('img, #code script', (x) => x.length)).toBe(0);
    clean(e);
    expect(readFileSync(join(dir, 'split-evil', 'index.html'), 'utf8')).not.toContain('<img');
  });

  it('screenshots for docs/html.md', async () => {
    const o = await openReport(browser, report, '#/strings/', { width: 1000, height: 760 });
    await o.page.screenshot({ path: artifact('html-light.png') });
    await o.page.evaluate(() => (location.hash = '#/strings/strings.go'));
    await o.page.waitForSelector('#source-view:not([hidden])');
    expect(await current(o.page)).toBe(`L${uncoveredStarts(profiles[0], STRINGS_GO)[0] + 1}`); // what the picture shows
    await o.page.screenshot({ path: artifact('html-source-view.png') });
    clean(o);
  });
});
