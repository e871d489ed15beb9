// The HTML report in a real browser (Debian Chromium via playwright-core),
// opened from disk: right numbers for known fixtures (checked against Go's own
// `go tool cover -func` totals), drill-down with the hash, Back/Forward, the
// source view's highlighting, sorting, filter, no request leaving the page,
// no console error, hostile file names rendered as text. Screenshots go to
// test-artifacts/.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockAt, type Profile } from '../src/profile/model.js';
import { parseProfileString } from '../src/profile/parser.js';
import { buildTree, findNode } from '../src/summary/tree.js';
import { percentText, profileTotals, trendArrow, type Totals } from '../src/summary/totals.js';
import { artifact, chromiumOrSkip, goSrcOrSkip, GOSRC, launch, openReport, STD_INPUTS, STD_NAMES, stdReport, tableRows, totalsRow, type Opened } from './html-browser.js';
import { findGo, run, runCli, tempDir, TESTDATA } from './helpers.js';

const NAMES = STD_NAMES;
const INPUTS = STD_INPUTS;
const profiles: Profile[] = INPUTS.map((p) => parseProfileString(readFileSync(p, 'utf8'), p));

/** Expected text of a row's coverage cells: percent + arrow against the column to the right. */
function cells(totals: readonly (Totals | null)[]): string[] {
  return totals.map((t, i) => percentText(t) + (i + 1 < totals.length ? trendArrow(t, totals[i + 1]) : ''));
}

function clean(o: Opened): void {
  expect(o.foreign, 'requests that left the page').toEqual([]);
  expect(o.errors, 'console errors').toEqual([]);
}

const hasChromium = chromiumOrSkip() && goSrcOrSkip();

describe.skipIf(!hasChromium)('html report in Chromium', () => {
  let browser: Browser;
  let report: string;
  const dir = tempDir('gopherage-html-');

  beforeAll(async () => {
    browser = await launch();
    report = await stdReport(dir);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the right numbers for the fixtures (totals as go tool cover -func prints them)', async () => {
    const o = await openReport(browser, report);
    const tree = buildTree(profiles);
    expect(await o.page.textContent('#title')).toBe('strings + utf8 by test package');
    const heads = await o.page.$$eval('#table thead th', (ths) => ths.map((t) => t.textContent));
    expect(heads).toEqual(['Name', ...NAMES]);
    const rows = await tableRows(o.page);
    // single-child directory chains in one row (unicode/ holds only utf8/)
    expect(rows).toEqual(tree.children.map((c) => [c.name === 'unicode' ? 'unicode/utf8/' : `${c.name}/`, ...cells(c.totals)]));
    const totals = await totalsRow(o.page);
    expect(totals).toEqual(['Total', ...cells(profiles.map(profileTotals))]);
    // Go's own arithmetic for the totals row
    const go = findGo('1.23');
    if (go) {
      for (let i = 0; i < INPUTS.length; i++) {
        const out = run(go, ['tool', 'cover', `-func=${INPUTS[i]}`], { env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', GOPROXY: 'off' } });
        const goTotal = /total:\s+\(statements\)\s+([\d.]+%)/.exec(out)![1];
        expect(totals[i + 1].replace(/[▲▼]$/, '')).toBe(goTotal);
      }
    } else if (process.env.CI) throw new Error('Go 1.23 is required under CI');
    // covered/total statements on hover
    const title = await o.page.getAttribute('#totals tr th:nth-child(2)', 'title');
    const t0 = profileTotals(profiles[0]);
    expect(title).toBe(`${t0.covered}/${t0.statements} statements covered`);
    await o.page.screenshot({ path: artifact('html-root.png') });
    clean(o);
  });

  it('drills down with the hash, and Back/Forward and deep links work', async () => {
    const o = await openReport(browser, report);
    // the collapsed chain unicode/utf8/ is one click away
    await o.page.click('#rows a:text-is("unicode/utf8/")');
    await o.page.waitForFunction(() => location.hash === '#/unicode/utf8/');
    expect(await tableRows(o.page)).toEqual([['utf8.go', ...cells(findNode(buildTree(profiles), 'unicode/utf8/utf8.go')!.totals)]]);
    expect(await o.page.textContent('#crumbs')).toBe('All files/unicode/utf8');
    await o.page.click('#crumbs a:text-is("unicode")');
    await o.page.waitForFunction(() => location.hash === '#/unicode/');
    expect((await tableRows(o.page)).map((r) => r[0])).toEqual(['utf8/']);
    await o.page.goBack();
    await o.page.waitForFunction(() => location.hash === '#/unicode/utf8/');
    expect((await tableRows(o.page)).map((r) => r[0])).toEqual(['utf8.go']);
    await o.page.goBack();
    await o.page.waitForFunction(() => location.hash === '');
    expect((await tableRows(o.page)).map((r) => r[0])).toEqual(['strings/', 'unicode/utf8/']);
    await o.page.goForward();
    await o.page.waitForFunction(() => location.hash === '#/unicode/utf8/');
    expect((await tableRows(o.page)).map((r) => r[0])).toEqual(['utf8.go']);
    await o.page.click('#crumbs a:text-is("All files")');
    await o.page.waitForFunction(() => location.hash === '#/');
    clean(o);

    const deep = await openReport(browser, report, '#/unicode/utf8/');
    expect((await tableRows(deep.page)).map((r) => r[0])).toEqual(['utf8.go']);
    clean(deep);
  });

  it('sorts by a column and filters the directory', async () => {
    const o = await openReport(browser, report, '#/strings/', { width: 1000, height: 760 });
    const files = findNode(buildTree(profiles), 'strings')!.children;
    expect((await tableRows(o.page)).map((r) => r[0])).toEqual(files.map((f) => f.name));
    await o.page.hover('#rows tr:nth-child(3) td:nth-child(3)');
    await o.page.screenshot({ path: artifact('html-directory.png') }); // docs/html-report.png
    await o.page.click('#table thead th:text-is("csv")');
    const ratio = (t: Totals | null): number => (t === null || t.statements === 0 ? Infinity : t.covered / t.statements);
    // equal coverage: more statements first (a 900-statement 0% file above a 3-statement one)
    const stmts = (t: Totals | null): number => t?.statements ?? 0;
    const byCsv = [...files].map((f, i) => ({ f, i })).sort((a, b) => ratio(a.f.totals[1]) - ratio(b.f.totals[1]) || stmts(b.f.totals[1]) - stmts(a.f.totals[1]) || a.i - b.i);
    expect((await tableRows(o.page)).map((r) => r[0])).toEqual(byCsv.map((x) => x.f.name));
    expect(await o.page.evaluate(() => location.hash)).toBe('#/strings/?sort=2');
    await o.page.click('#table thead th:text-is("csv")');
    const desc = byCsv.filter((x) => x.f.totals[1]!.statements > 0);
    const top = Math.max(...desc.map((x) => ratio(x.f.totals[1])));
    expect((await tableRows(o.page))[0][0]).toBe(desc.filter((x) => ratio(x.f.totals[1]) === top).sort((a, b) => stmts(b.f.totals[1]) - stmts(a.f.totals[1]) || a.i - b.i)[0].f.name);
    expect(await o.page.evaluate(() => location.hash)).toBe('#/strings/?sort=2-desc');
    // the sort survives a reload of the URL
    const again = await openReport(browser, report, '#/strings/?sort=2-desc');
    expect(await tableRows(again.page)).toEqual(await tableRows(o.page));
    expect(await again.page.getAttribute('#table thead th:nth-child(3)', 'aria-sort')).toBe('descending');
    clean(again);
    await again.page.close();
    await o.page.uncheck('#deep');
    await o.page.fill('#filter', 'READER');
    expect((await tableRows(o.page)).map((r) => r[0]).sort()).toEqual(files.filter((f) => f.name.includes('reader')).map((f) => f.name).sort());
    expect(await o.page.textContent('#row-count')).toMatch(/^\d+ of \d+ entries$/);
    clean(o);

    // from the root: search the whole subtree, open a hit; sort from the keyboard
    const r = await openReport(browser, report);
    expect(await r.page.isChecked('#deep')).toBe(true); // recursive by default
    await r.page.fill('#filter', 'utf8.GO');
    expect((await tableRows(r.page)).map((x) => x[0])).toEqual(['unicode/utf8/utf8.go']);
    expect(await r.page.textContent('#row-count')).toBe('1 match below this directory');
    // directories match too; nothing below a matching directory is listed again
    await r.page.fill('#filter', 'e');
    const all = profiles[0].files.map((f) => f.name).filter((n) => n.startsWith('strings/') && n.includes('e'));
    expect((await tableRows(r.page)).map((x) => x[0])).toEqual([...all, 'unicode/utf8/']);
    await r.page.fill('#filter', 'utf8.go');
    await r.page.focus('#table thead th:nth-child(2)');
    await r.page.keyboard.press('Enter');
    expect(await r.page.getAttribute('#table thead th:nth-child(2)', 'aria-sort')).toBe('ascending');
    await r.page.click('#rows a:text-is("unicode/utf8/utf8.go")');
    await r.page.waitForFunction(() => location.hash === '#/unicode/utf8/utf8.go');
    await r.page.waitForSelector('#source-view:not([hidden])');
    clean(r);
  });

  it('opens the source with covered and uncovered lines highlighted, per chosen profile', async () => {
    const file = profiles[0].files.find((f) => f.name === 'strings/strings.go')!;
    // Single-line blocks alone on their line: one covered, one not (in the first profile).
    const lineUse = new Map<number, number>();
    for (let i = 0; i < file.stmts.length; i++) {
      const b = blockAt(file, i);
      for (let l = b.startLine; l <= b.endLine; l++) lineUse.set(l, (lineUse.get(l) ?? 0) + 1);
    }
    const alone = [...Array(file.stmts.length).keys()].map((i) => blockAt(file, i)).filter((b) => b.startLine === b.endLine && lineUse.get(b.startLine) === 1);
    const hit = alone.find((b) => b.count > 1)!;
    const miss = alone.find((b) => b.count === 0)!;
    expect(hit && miss).toBeTruthy();

    const o = await openReport(browser, report);
    await o.page.click('#rows a:text-is("strings/")');
    await o.page.click('#rows a:text-is("strings.go")');
    await o.page.waitForFunction(() => location.hash === '#/strings/strings.go');
    await o.page.waitForSelector('#source-view:not([hidden])');
    const line = (n: number) =>
      o.page.$eval(`#L${n}`, (tr) => ({ cls: tr.className, hits: tr.querySelector('.hits')!.textContent, spans: [...tr.querySelectorAll('.code span')].map((s) => [s.className, s.getAttribute('title')]) }));
    const h = await line(hit.startLine);
    expect(h.cls).toBe('line hit');
    expect(h.hits).toBe(String(hit.count));
    expect(h.spans.some(([c, t]) => /^cov([1-9]|10)$/.test(c!) && t === String(hit.count))).toBe(true);
    const m = await line(miss.startLine);
    expect(m.cls).toBe('line miss');
    expect(m.hits).toBe('0');
    expect(m.spans).toContainEqual(['cov0', '0']);
    // the source text is the file on disk
    const lines = readFileSync(join(GOSRC, 'strings/strings.go'), 'utf8').split('\n');
    expect(await o.page.textContent(`#L${hit.startLine} .code`)).toBe(lines[hit.startLine - 1]);
    await o.page.screenshot({ path: artifact('html-source.png') });

    // choose another profile: the hash records it and the counts change
    const other = profiles[3].files.find((f) => f.name === 'strings/strings.go')!;
    const idx = [...Array(other.stmts.length).keys()].find((i) => other.pos[4 * i] === hit.startLine && other.pos[4 * i + 1] === hit.startCol)!;
    await o.page.selectOption('#column', '3');
    await o.page.waitForFunction(() => location.hash === '#/strings/strings.go@4');
    expect((await line(hit.startLine)).hits).toBe(String(other.counts[idx]));
    await o.page.goBack();
    await o.page.waitForFunction(() => location.hash === '#/strings/strings.go');
    expect((await line(hit.startLine)).hits).toBe(String(hit.count));
    clean(o);
  });

  it('renders hostile file names and source lines as text, marks files without source', async () => {
    const root = join(dir, 'evil-src');
    const evilName = '<img src=x onerror=alert(1)>.go';
    mkdirSync(join(root, 'evil'), { recursive: true });
    writeFileSync(join(root, 'evil', evilName), 'package evil\n\nfunc f() { println("</script><script>alert(2)</script>") }\n');
    const profile = [
      'mode: set',
      `example.com/m/evil/${evilName}:3.10,3.61 1 1`,
      'example.com/m/evil/</script><!--.go:3.10,3.20 1 0',
      'example.com/m/evil/missing.go:3.10,3.20 1 1',
      '',
    ].join('\n');
    const input = join(dir, 'evil.cov');
    writeFileSync(input, profile);
    const out = join(dir, 'evil.html');
    const r = await runCli(['html', input, '-o', out, '--source-root', root, '--trim-prefix', 'example.com/m/', '--names', '<b>bold</b>']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^gopherage: source found for 1 of 3 files; the others are marked "no source": example\.com\/m\/evil\/<\/script><!--\.go \(file missing \(looked for .*\)\), example\.com\/m\/evil\/missing\.go \(file missing \(looked for .*\)\)\n$/,
    );

    const o = await openReport(browser, out, '#/example.com/m/evil/');
    const rows = await tableRows(o.page);
    expect(rows.map((x) => x[0])).toEqual(['</', `${evilName}`, 'missing.gono source']);
    expect(await o.page.textContent('#table thead th:nth-child(2)')).toBe('<b>bold</b>');
    expect(await o.page.$$eval('img, b', (els) => els.length)).toBe(0);
    await o.page.click(`#rows a:text-is("${evilName}")`);
    await o.page.waitForSelector('#source-view:not([hidden])');
    expect(await o.page.textContent('#L3 .code')).toBe('func f() { println("</script><script>alert(2)</script>") }');
    expect(await o.page.$$eval('#code script, img', (els) => els.length)).toBe(0);
    // The file's functions, with their coverage (1 of 1 statement), each a link to its line.
    expect(await o.page.isHidden('#functions')).toBe(false);
    const fns = await o.page.$$eval('#function-list tr', (trs) => trs.map((r) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent?.trim())));
    expect(fns.length).toBe(1);
    expect(fns[0][0]).toBe('f');
    expect(fns[0][1]).toContain('100.0%');
    expect(fns[0][2]).toBe('line 3');
    expect(await o.page.getAttribute('#function-list a', 'href')).toMatch(/:L3$/);
    clean(o);
  });

  it('navigates names with spaces, #, %, @, ? and non-ASCII, by click and by deep link', async () => {
    const names = ['dir with space/a#b.go', 'dir with space/50%.go', 'ü/x@2.go', 'q?/é.go'];
    const input = join(dir, 'odd.cov');
    writeFileSync(input, ['mode: count', ...names.map((n, i) => `${n}:3.1,3.9 1 ${i}`), ''].join('\n'));
    const root = join(dir, 'odd-src');
    for (const n of names) {
      mkdirSync(join(root, n, '..'), { recursive: true });
      writeFileSync(join(root, n), `package p\n\n// ${n}\n`);
    }
    const out = join(dir, 'odd.html');
    expect((await runCli(['html', input, '-o', out, '--source-root', root])).code).toBe(0);
    const o = await openReport(browser, out);
    expect((await tableRows(o.page)).map((r) => r[0])).toEqual(['dir with space/', 'q?/', 'ü/']);
    await o.page.click('#rows a:text-is("ü/")');
    await o.page.click('#rows a:text-is("x@2.go")');
    await o.page.waitForSelector('#source-view:not([hidden])');
    expect(await o.page.textContent('#L3 .code')).toBe('// ü/x@2.go');
    expect(await o.page.textContent('#crumbs')).toBe('All files/ü/x@2.go');
    const hash = await o.page.evaluate(() => location.hash);
    clean(o);
    for (const [h, text] of [
      [hash, '// ü/x@2.go'],
      [`#/${encodeURIComponent('dir with space')}/${encodeURIComponent('a#b.go')}`, '// dir with space/a#b.go'],
      [`#/${encodeURIComponent('dir with space')}/${encodeURIComponent('50%.go')}@1`, '// dir with space/50%.go'],
      [`#/${encodeURIComponent('q?')}/${encodeURIComponent('é.go')}`, '// q?/é.go'],
    ]) {
      const d = await openReport(browser, out, h);
      await d.page.waitForSelector('#source-view:not([hidden])');
      expect(await d.page.textContent('#L3 .code')).toBe(text);
      clean(d);
      await d.page.close();
    }
    const gone = await openReport(browser, out, '#/nope/');
    expect(await gone.page.textContent('#not-found')).toBe('Not in this report: nope');
    expect((await tableRows(gone.page)).map((r) => r[0])).toEqual(['dir with space/', 'q?/', 'ü/']);
    clean(gone);
  });

  it('is under a CSP that blocks any request the page might try', async () => {
    const o = await openReport(browser, report);
    const outcome = await o.page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      let fetched = 'allowed';
      try {
        await fetch('http://127.0.0.1:9/x');
      } catch {
        fetched = 'blocked';
      }
      await new Promise((r) => setTimeout(r, 50));
      return { fetched, violations };
    });
    expect(outcome.fetched).toBe('blocked');
    expect(outcome.violations).toContain('connect-src');
    expect(o.foreign).toEqual([]); // never reached the network layer
    await o.page.close();
  });
});
