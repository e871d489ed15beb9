// The yardsticks of `npm run bench` must be right before its ratios mean
// anything: the Go baselines (bench/go/gobase, built here against x/tools
// cover like the bench builds them) agree byte for byte with our commands
// where gopherage's output and ours should match, the junit comparison
// accepts what matches and rejects what does not, and the GOCOVERDIR maker
// (bench/covdir.mjs) yields directories `go tool covdata textfmt` and our
// `convert DIR` read to the same bytes.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs bench modules have no type declarations
import { makeCoverDirs } from '../bench/covdir.mjs';
// @ts-expect-error: plain .mjs bench modules have no type declarations
import { junitSame } from '../bench/groups.mjs';
import { GO_TEST_CACHE, goOrSkip, ROOT, run, runCli, tempDir, TESTDATA } from './helpers.js';

const go = goOrSkip('1.23');
const STD = join(TESTDATA, 'std', 'count');

describe.skipIf(!go)('bench baselines (bench/go/gobase, bench/covdir.mjs)', () => {
  let work = '';
  let gobase = '';
  let merged = '';

  beforeAll(async () => {
    work = tempDir('gopherage-bench-test-');
    gobase = join(work, 'gobase');
    const env = { ...process.env, GOPATH: '/usr/share/gocode', GO111MODULE: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local', GOCACHE: GO_TEST_CACHE };
    run(go!, ['build', '-o', gobase, './bench/go/gobase'], { cwd: ROOT, env });
    // Several packages in one profile: the merge of the std fixtures.
    merged = join(work, 'merged.cov');
    const inputs = readdirSync(STD).filter((f) => f.endsWith('.cov')).map((f) => join(STD, f));
    const r = await runCli(['merge', '-o', merged, ...inputs]);
    expect(r.code).toBe(0);
  });

  it('filter --exclude-path: gobase and ours write the same bytes', async () => {
    const theirs = join(work, 'filter-go.cov');
    run(gobase, ['filter', '-exclude-path', '^(path|sort)/', '-o', theirs, merged]);
    const r = await runCli(['filter', '--exclude-path', '^(path|sort)/', merged]);
    expect(r.code).toBe(0);
    const want = readFileSync(theirs, 'utf8');
    expect(want).toContain('\nunicode/utf8/');
    expect(want).not.toContain('\npath/');
    expect(r.stdout).toBe(want);
  });

  it('diff: gobase and ours write the same bytes (after = before merged twice, so the diff is before)', async () => {
    const after = join(work, 'after.cov');
    expect((await runCli(['merge', '-o', after, merged, merged])).code).toBe(0);
    const theirs = join(work, 'diff-go.cov');
    run(gobase, ['diff', '-o', theirs, merged, after]);
    const r = await runCli(['diff', merged, after]);
    expect(r.code).toBe(0);
    expect(readFileSync(theirs, 'utf8')).toBe(r.stdout);
    expect(r.stdout).toBe(readFileSync(merged, 'utf8'));
  });

  it('junit: OVERALL and file rows byte-identical, directory rows the same names; a changed file or directory row is caught', async () => {
    const theirs = join(work, 'junit-go.xml');
    const ours = join(work, 'junit-ours.xml');
    run(gobase, ['junit', '-o', theirs, merged]);
    expect((await runCli(['junit', '-o', ours, merged])).code).toBe(0);
    expect(junitSame(ours, theirs)).toBe('OVERALL+files: yes; dirs: same names');
    const bad = join(work, 'junit-bad.xml');
    const text = readFileSync(ours, 'utf8');
    const changed = text.replace(/(name="path\/match\.go"[\s\S]*?value=")[\d.]+/, '$10.1');
    expect(changed).not.toBe(text);
    writeFileSync(bad, changed);
    expect(junitSame(bad, theirs)).toBe(false);
    // A directory row under another name is caught too.
    const renamed = text.replace('name="path" time=', 'name="pathx" time=');
    expect(renamed).not.toBe(text);
    writeFileSync(bad, renamed);
    expect(junitSame(bad, theirs)).toBe(false);
  });

  it('GOCOVERDIR maker: real cover-binary runs; convert DIR equals go tool covdata textfmt', async () => {
    const dirs = makeCoverDirs(work, go!, [6, 3]);
    const counters = (d: string) => readdirSync(d).filter((f) => f.startsWith('covcounters.')).length;
    expect(counters(dirs[6])).toBe(6);
    expect(counters(dirs[3])).toBe(3);
    for (const n of [6, 3]) {
      const out = join(work, `textfmt-${n}.txt`);
      run(go!, ['tool', 'covdata', 'textfmt', '-i', dirs[n], '-o', out], { env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' } });
      const want = readFileSync(out, 'utf8');
      expect(want).toContain('example.com/benchcov/p4/p4.go:');
      const r = await runCli(['convert', dirs[n]]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(want);
    }
    // Six runs cover more than their first three.
    expect(readFileSync(join(work, 'textfmt-6.txt'), 'utf8')).not.toBe(readFileSync(join(work, 'textfmt-3.txt'), 'utf8'));
  });
});
