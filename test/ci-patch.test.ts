// `gopherage ci --patch-base` with per-path rules and badges, on the real
// repository of test/patch-repo.ts (profile from `go test -coverprofile`).
// The patch numbers are those hand-worked in test/patch.test.ts; the per-file
// and per-package totals are worked out here from the same blocks.

import Ajv from 'ajv';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { goOrSkip, ROOT, runCli, tempDir } from './helpers.js';
import { makePatchRepo, type PatchRepo } from './patch-repo.js';

const go = goOrSkip('1.23');

// Totals of the branch's profile (set mode; statements of blocks that ran):
//  cart/cart.go 6/8 (Clear and `continue` never ran), cart/crlf.go 1/1,
//  price/helpers.go 3/6 (Clamp returns early), price/price.go 2/3,
//  price/prix spécial.go 2/3, price/round.go 1/1.
//  Packages: cart 7/9 = 77.8%, price 8/13 = 61.5%. Total 15/22 = 68.2%.
describe.runIf(go)('ci --patch-base, rules and badges', () => {
  let repo: PatchRepo;
  beforeAll(() => {
    repo = makePatchRepo(go!);
  }, 600_000);

  it('writes patch.md/patch.json/badges, adds the section to the step summary, annotates, and fails on every broken rule', async () => {
    const out = join(tempDir(), 'reports');
    const stepSummary = join(tempDir(), 'step.md');
    writeFileSync(stepSummary, '');
    // Rules from the config file; the most specific match wins for helpers.go (60%, not 50%).
    writeFileSync(
      join(repo.dir, 'gopherage.config.json'),
      JSON.stringify({ rules: [{ path: 'price/', threshold: 0.5 }, { path: 'price/helpers\\.go$', threshold: 0.6 }, { path: 'shop/price$', threshold: 0.65 }] }),
    );
    const r = await runCli(['ci', '--profiles', repo.profile, '--patch-base', 'main', '--patch-threshold', '0.8', '--file-threshold', '0.7', '--out', out], {
      cwd: repo.dir,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        'gopherage: warning: tax/tax.go: changed but not measured (no profile covers its package)',
        'gopherage: FAIL: file example.com/shop/price/helpers.go: coverage 50.0% is below 60.0% (rule "price/helpers\\.go$")',
        'gopherage: FAIL: package example.com/shop/price: coverage 61.5% is below 65.0% (rule "shop/price$")',
        'gopherage: FAIL: patch coverage 62.5% (5/8 statements) is below 80.0%',
        '',
      ].join('\n'),
    );
    expect(r.stdout.startsWith('Total coverage: 68.2% (15/22 statements)\nPatch coverage: 62.5% (5/8 statements) in 5 changed Go files\nverdict: FAIL (3 rules)\n')).toBe(true);
    // Annotations (GITHUB_ACTIONS=true) after the report list.
    expect(r.stdout.endsWith(
      [
        '::warning file=cart/cart.go,line=4,endLine=6,title=Not covered by tests::Changed lines 4-6 are not covered by tests.',
        '::warning file=cart/cart.go,line=23,endLine=23,title=Not covered by tests::Changed line 23 is not covered by tests.',
        '::warning file=price/prix spécial.go,line=6,endLine=7,title=Not covered by tests::Changed lines 6-7 are not covered by tests.',
        '',
      ].join('\n'),
    )).toBe(true);

    // patch.json and patch.md are what `gopherage patch` writes.
    const patch = (format: string) => runCli(['patch', repo.profile, '--base', 'main', '--format', format, '--threshold', '0.8'], { cwd: repo.dir });
    const json = JSON.parse(readFileSync(join(out, 'patch.json'), 'utf8'));
    const validate = new Ajv({ strict: true }).compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'patch.v1.schema.json'), 'utf8')));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json).toEqual(JSON.parse((await patch('json')).stdout));
    expect(json.total).toEqual({ covered: 5, statements: 8, ratio: 0.625, percent: 62.5 });
    const md = readFileSync(join(out, 'patch.md'), 'utf8');
    expect(md).toBe((await patch('markdown')).stdout);

    // summary.md (also appended to $GITHUB_STEP_SUMMARY) carries the patch section and every reason.
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(readFileSync(stepSummary, 'utf8')).toBe(`${summary}\n`);
    expect(summary).toContain('#### Patch coverage\n\nPatch coverage: **62.5%** (5/8 statements) in 5 changed Go files');
    expect(summary).toContain('| cart/cart.go | 33.3% | 1/3 | 4-6, 23 |');
    expect(summary).toContain('**Patch verdict: FAIL** (patch coverage 62.5% (5/8 statements) is below 80.0%)');
    expect(summary).toContain('**Verdict: FAIL**\n\n- file example.com/shop/price/helpers.go');
    const sj = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(sj.ci.patch).toEqual({ covered: 5, statements: 8, ratio: 0.625, percent: 62.5, threshold: 0.8 });
    expect(sj.ci.reasons).toHaveLength(3);

    // Badges (badge-maker's colours): total 68.2% without a threshold is yellow; the patch below its threshold is red.
    const badge = readFileSync(join(out, 'coverage.svg'), 'utf8');
    expect(badge).toMatch(/^<svg /);
    expect(badge).toContain('aria-label="coverage: 68.2%"');
    expect(badge).toContain('fill="#d8b800"');
    const patchBadge = readFileSync(join(out, 'patch.svg'), 'utf8');
    expect(patchBadge).toContain('aria-label="patch coverage: 62.5%"');
    expect(patchBadge).toContain('fill="#dd4343"');
  });

  it('passes when every rule holds; a threshold badge is green; no annotations outside GitHub Actions', async () => {
    const out = join(tempDir(), 'reports');
    writeFileSync(join(repo.dir, 'gopherage.config.json'), '{}');
    const r = await runCli(
      ['ci', '--profiles', repo.profile, '--patch-base', 'main', '--patch-threshold', '0.6', '--threshold', '0.6', '--rule', 'helpers\\.go$=0.5', '--out', out],
      { cwd: repo.dir, env: { GITHUB_ACTIONS: undefined, GITHUB_STEP_SUMMARY: undefined } },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('::warning');
    expect(readFileSync(join(out, 'coverage.svg'), 'utf8')).toContain('fill="#4b0"');
    // A rule's threshold replaces --file-threshold for the files it matches.
    const strictFiles = await runCli(['ci', '--profiles', repo.profile, '--file-threshold', '0.7', '--rule', 'helpers\\.go$=0.5', '--out', out], { cwd: repo.dir });
    expect(strictFiles.stderr).toBe(
      [
        'gopherage: FAIL: file example.com/shop/price/price.go: coverage 66.7% is below the file threshold of 70.0%',
        'gopherage: FAIL: file example.com/shop/price/prix spécial.go: coverage 66.7% is below the file threshold of 70.0%',
        '',
      ].join('\n'),
    );
    const bad = await runCli(['ci', '--profiles', repo.profile, '--rule', 'a(b=0.5', '--out', out], { cwd: repo.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^gopherage: rules "a\(b": invalid regular expression/);
    const ratio = await runCli(['ci', '--profiles', repo.profile, '--rule', 'x=80', '--out', out], { cwd: repo.dir });
    expect(ratio.code).toBe(2);
    expect(ratio.stderr).toMatch(/^gopherage: --rule: "x=80": the threshold must be a ratio between 0 and 1\n/);
    const noBase = await runCli(['ci', '--profiles', repo.profile, '--patch-threshold', '0.5', '--out', out], { cwd: repo.dir });
    expect(noBase.code).toBe(2);
    expect(noBase.stderr).toMatch(/^gopherage: --patch-threshold needs --patch-base\n/);
  });
});
