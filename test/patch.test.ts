// `gopherage patch` on a real git repository (test/patch-repo.ts) with a
// profile from a real `go test -coverprofile`. Expected numbers are worked
// out by hand from the sources and Go's block rules (see each comment).

import Ajv from 'ajv';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import { beforeAll, describe, expect, it } from 'vitest';
import { goOrSkip, ROOT, run, runCli } from './helpers.js';
import { makePatchRepo, SPECIAL_PATH, type PatchRepo } from './patch-repo.js';

const go = goOrSkip('1.23');
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'patch.v1.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

function valid(doc: unknown): void {
  const ok = validate(doc);
  expect(validate.errors ?? [], 'schema errors').toEqual([]);
  expect(ok).toBe(true);
}

// Hand-worked expectations. Go's blocks on the branch (cover splits a body at
// each control statement; an if's body block ends at its last statement):
//  cart/cart.go: Clear 4-6 (1 stmt, never run); in Total the for body's
//    `if` 21-22 (1, ran), its `continue` 22-23 (1, never: no negative item),
//    `t += n` 25 (1, ran). Changed: 3-7 (Clear and its comment), 18 (comment),
//    22-24 (the if). Line 22 lies in the ran `if` block and the unrun body: partial;
//    23 missed; 24 (`}`) and the comments are in no block. Statements touched:
//    Clear, if, continue = 3, covered 1.
//  cart/crlf.go (new, CRLF): Count 4-6 ran: 1/1, lines 4, 5, 6 covered.
//  price/helpers.go (renamed from util.go, Half added at 3-7): Half 4-6 ran: 1/1.
//  price/prix spécial.go (new): body 4-5 `if` (ran), 5-7 `return 100` (never),
//    8 `return p` (ran): 2/3; lines 4, 8 covered, 5 partial, 6-7 missed.
//  tax/tax.go: package not in the test run: not measured.
//  price/round.go came from main through the merge, price/price.go changed on
//    main after it: neither is in the merge-base diff. Test files do not count.
// Total: 5 of 8 statements = 62.5%.
const TEXT = [
  'Patch coverage: 62.5% (5/8 statements) in 5 changed Go files',
  'cart/cart.go  33.3%  missed lines 4-6,23  partial lines 22',
  'cart/crlf.go  100.0%',
  'price/helpers.go  100.0%',
  `${SPECIAL_PATH}  66.7%  missed lines 6-7  partial lines 5`,
  'tax/tax.go  not measured',
  '',
].join('\n');

describe.runIf(go)('gopherage patch on a real repository', () => {
  let repo: PatchRepo;
  const patch = (args: string[], stdin?: string) => runCli(['patch', repo.profile, '--repo', repo.dir, ...args], { stdin, env: { GITHUB_ACTIONS: undefined } });

  beforeAll(() => {
    repo = makePatchRepo(go!);
  }, 600_000);

  it('text: the merge-base diff, hand-checked numbers, a warning for the unmeasured package', async () => {
    const r = await patch(['--base', 'main']);
    expect(r.stderr).toBe('gopherage: warning: tax/tax.go: changed but not measured (no profile covers its package)\n');
    expect(r.stdout).toBe(TEXT);
    expect(r.code).toBe(0);
  });

  it('--threshold fails with the exact reason; --strict fails on the unmeasured file', async () => {
    const fail = await patch(['--base', 'main', '--threshold', '0.8']);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toContain('gopherage: FAIL: patch coverage 62.5% (5/8 statements) is below 80.0%\n');
    expect(fail.stdout.endsWith('verdict: FAIL (patch coverage 62.5% (5/8 statements) is below 80.0%)\n')).toBe(true);
    const pass = await patch(['--base', 'main', '--threshold', '0.625']);
    expect(pass.code).toBe(0);
    expect(pass.stdout.endsWith('verdict: pass (62.5% >= 62.5%)\n')).toBe(true);
    const strict = await patch(['--base', 'main', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('gopherage: FAIL: tax/tax.go: changed but not measured (no profile covers its package; --strict)\n');
  });

  it('json: valid against schemas/patch.v1.schema.json, with line lists and statement totals', async () => {
    const r = await patch(['--base', 'main', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    valid(doc);
    const mergeBase = run('git', ['merge-base', 'main', 'feature'], { cwd: repo.dir }).trim();
    expect(doc).toMatchObject({ schema: 'gopherage-patch/v1', base: 'main', head: 'HEAD', mergeBase, pass: true, reasons: [] });
    expect(doc.total).toEqual({ covered: 5, statements: 8, ratio: 0.625, percent: 62.5 });
    // covered: crlf 4,5,6 + helpers 4,5,6 + special 4,8; partial: cart 22, special 5; missed: cart 4,5,6,23 + special 6,7.
    expect(doc.lines).toEqual({ covered: 8, partial: 2, missed: 6 });
    expect(doc.notMeasured).toEqual(['tax/tax.go']);
    const byPath = Object.fromEntries(doc.files.map((f: { path: string }) => [f.path, f]));
    expect(Object.keys(byPath)).toEqual(['cart/cart.go', 'cart/crlf.go', 'price/helpers.go', SPECIAL_PATH, 'tax/tax.go']);
    expect(byPath['cart/cart.go']).toMatchObject({
      name: 'example.com/shop/cart/cart.go', measured: true, statements: 3, covered: 1, percent: 33.3,
      coveredLines: [], partialLines: [22], missedLines: [4, 5, 6, 23], missedRanges: [[4, 6], [23, 23]],
    });
    expect(byPath['cart/crlf.go']).toMatchObject({ statements: 1, covered: 1, coveredLines: [4, 5, 6], changedLines: 6 });
    expect(byPath[SPECIAL_PATH]).toMatchObject({
      name: `example.com/shop/${SPECIAL_PATH}`, statements: 3, covered: 2, coveredLines: [4, 8], partialLines: [5], missedLines: [6, 7], changedLines: 9,
    });
    expect(byPath['tax/tax.go']).toMatchObject({ name: null, measured: false, statements: 0, ratio: null, percent: null });
  });

  it('--diff - reads the diff from stdin and gives the same coverage', async () => {
    const mergeBase = run('git', ['merge-base', 'main', 'feature'], { cwd: repo.dir }).trim();
    const diff = run('git', ['diff', mergeBase, 'feature'], { cwd: repo.dir });
    const r = await patch(['--diff', '-', '--format', 'json'], diff);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    valid(doc);
    const fromGit = JSON.parse((await patch(['--base', 'main', '--format', 'json'])).stdout);
    expect(doc).toEqual({ ...fromGit, base: null, head: null, mergeBase: null });
    // The same diff as a file with CRLF line ends (as Windows tools write it).
    const crlfFile = join(repo.dir, '..', 'crlf.diff');
    writeFileSync(crlfFile, diff.replace(/\n/g, '\r\n'));
    const fromFile = await patch(['--diff', crlfFile, '--format', 'json']);
    expect(JSON.parse(fromFile.stdout)).toEqual(doc);
    // A two-dot diff (main..feature) would wrongly count main's later change to price.go.
    const twoDot = await patch(['--diff', '-', '--format', 'json'], run('git', ['diff', 'main', 'feature'], { cwd: repo.dir }));
    expect(JSON.parse(twoDot.stdout).files.map((f: { path: string }) => f.path)).toContain('price/price.go');
  });

  it('a GOCOVERDIR from the same tests gives the same patch coverage', async () => {
    const covdir = join(repo.dir, '..', 'covdir');
    mkdirSync(covdir, { recursive: true });
    run(go!, ['test', '-cover', './cart', './price', '-args', `-test.gocoverdir=${covdir}`], { cwd: repo.dir, env: repo.env });
    const fromDir = await runCli(['patch', covdir, '--repo', repo.dir, '--base', 'main', '--format', 'json']);
    expect(fromDir.code).toBe(0);
    const fromProfile = await patch(['--base', 'main', '--format', 'json']);
    expect(JSON.parse(fromDir.stdout)).toEqual(JSON.parse(fromProfile.stdout));
  });

  it('github: one warning per uncovered range, exact text; capped with one summary line', async () => {
    const r = await patch(['--base', 'main', '--format', 'github']);
    expect(r.stdout).toBe(
      [
        '::warning file=cart/cart.go,line=4,endLine=6,title=Not covered by tests::Changed lines 4-6 are not covered by tests.',
        '::warning file=cart/cart.go,line=23,endLine=23,title=Not covered by tests::Changed line 23 is not covered by tests.',
        `::warning file=${SPECIAL_PATH},line=6,endLine=7,title=Not covered by tests::Changed lines 6-7 are not covered by tests.`,
        '',
      ].join('\n'),
    );
    const capped = await patch(['--base', 'main', '--format', 'github', '--max-annotations', '1']);
    expect(capped.stdout).toBe(
      [
        '::warning file=cart/cart.go,line=4,endLine=6,title=Not covered by tests::Changed lines 4-6 are not covered by tests.',
        '::warning title=Not covered by tests::2 more uncovered ranges of changed lines not annotated (3 in all; raise --max-annotations to see them)',
        '',
      ].join('\n'),
    );
  });

  it('markdown: marker first, a table of the changed files and linked uncovered ranges (rendered with marked)', async () => {
    const base = 'https://github.com/o/r/blob/abc123';
    const r = await patch(['--base', 'main', '--format', 'markdown', '--link-base', base, '--threshold', '0.5']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<!-- gopherage:patch -->\n')).toBe(true);
    const html = await marked.parse(r.stdout, { gfm: true });
    const table = /<table>([\s\S]*?)<\/table>/.exec(html)![1];
    const heads = [...table.matchAll(/<th[^>]*>(.*?)<\/th>/g)].map((m) => m[1]);
    expect(heads).toEqual(['File', 'Coverage', 'Statements', 'Missed lines']);
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]));
    const special = encodeURIComponent('prix spécial.go');
    expect(rows).toEqual([
      [`<a href="${base}/cart/cart.go">cart/cart.go</a>`, '33.3%', '1/3', `<a href="${base}/cart/cart.go#L4-L6">4-6</a>, <a href="${base}/cart/cart.go#L23">23</a>`],
      [`<a href="${base}/cart/crlf.go">cart/crlf.go</a>`, '100.0%', '1/1', '–'],
      [`<a href="${base}/price/helpers.go">price/helpers.go</a>`, '100.0%', '1/1', '–'],
      [`<a href="${base}/price/${special}">${SPECIAL_PATH}</a>`, '66.7%', '2/3', `<a href="${base}/price/${special}#L6-L7">6-7</a>`],
      [`<a href="${base}/tax/tax.go">tax/tax.go</a>`, 'not measured', '–', '–'],
    ]);
    expect(html).toContain('<strong>62.5%</strong>');
    expect(html).toContain('<strong>Verdict: pass</strong>');
    expect(html).toMatch(/<details><summary>Uncovered changed lines \(3 ranges\)<\/summary>/);
    expect([...html.matchAll(/<li><a href="([^"]+)">/g)].map((m) => m[1])).toEqual([`${base}/cart/cart.go#L4-L6`, `${base}/cart/cart.go#L23`, `${base}/price/${special}#L6-L7`]);
  });

  it('a change only in comments (also inside a function body) has no executable lines and passes any threshold, saying so', async () => {
    const price = join(repo.dir, 'price', 'price.go');
    const text = readFileSync(price, 'utf8');
    run('git', ['checkout', '-qb', 'comments', 'feature'], { cwd: repo.dir, env: repo.env });
    try {
      // A doc comment (outside every block) and a comment inside the never-run `if pct <= 0` body (inside its block).
      const edited = text
        .replace('// Discount returns the price after a discount.', '// Discount returns the price after a discount of pct percent.')
        .replace('// Nothing to take off.', '// Nothing to take off: the price stays.');
      expect(edited).not.toBe(text.replace('// Discount returns the price after a discount.', '// Discount returns the price after a discount of pct percent.'));
      writeFileSync(price, edited);
      run('git', ['commit', '-qam', 'doc'], { cwd: repo.dir, env: repo.env });
      const r = await patch(['--base', 'feature', '--threshold', '1']);
      expect(r.stdout).toBe('Patch coverage: no executable changed lines (1 changed Go file)\nprice/price.go  no executable changed lines\nverdict: pass (no executable changed lines to hold to 100.0%)\n');
      expect(r.code).toBe(0);
    } finally {
      run('git', ['checkout', '-q', 'feature'], { cwd: repo.dir, env: repo.env });
    }
  });

  it('bad refs and bad flags are clear errors', async () => {
    const bad = await patch(['--base', 'no-such-branch']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/^gopherage: git merge-base no-such-branch HEAD \(in .*\): .*no-such-branch/);
    const both = await patch(['--base', 'main', '--diff', '-']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^gopherage: give --base REF \(git\) or --diff FILE, exactly one\n/);
    const ratio = await patch(['--base', 'main', '--threshold', '80']);
    expect(ratio.code).toBe(2);
    expect(ratio.stderr).toMatch(/^gopherage: --threshold: "80" is not a ratio between 0 and 1\n/);
  });
});
