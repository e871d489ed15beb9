// The pure core of patch coverage and per-path rules on small hand-made
// inputs: line classification edge cases, range grouping, annotation
// escaping of odd paths, the most specific rule; and the CLI on a tiny git
// repository with a hand-written profile (no Go needed).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRules, pathRuleReasons, ruleFor } from '../src/ci/rules.js';
import { patchCoverage } from '../src/patch/coverage.js';
import { githubAnnotations } from '../src/patch/github.js';
import { codeLines } from '../src/patch/goLines.js';
import { fileFromBlocks, type Block } from '../src/profile/model.js';
import { run, runCli, tempDir } from './helpers.js';

const b = (startLine: number, startCol: number, endLine: number, endCol: number, numStmt: number, count: number): Block => ({ startLine, startCol, endLine, endCol, numStmt, count });

describe('patchCoverage', () => {
  it('classifies lines by the blocks on them; a block ending at column 1 and blocks without statements do not count', () => {
    const file = fileFromBlocks('m/a.go', [
      b(3, 10, 5, 1, 2, 1), // lines 3-4 (ends at column 1 of line 5)
      b(5, 2, 6, 3, 1, 0), // lines 5-6, never ran
      b(6, 3, 8, 2, 1, 4), // lines 6-8, ran
      b(10, 12, 10, 14, 0, 0), // an empty body: no statements
      b(12, 1, 13, 5, 1, 0), // 12-13 never ran
      b(16, 1, 16, 9, 1, 0), // 16 never ran
    ]);
    const c = patchCoverage([{ path: 'a.go', oldPath: 'a.go', binary: false, added: [4, 5, 6, 7, 10, 12, 13, 14, 15, 16, 5] }], new Map([['a.go', file]]));
    const f = c.files[0];
    expect(f.covered).toEqual([4, 7]); // 4: first block only (it does not reach 5)
    expect(f.partial).toEqual([6]); // unrun 5-6 and ran 6-8
    expect(f.missed).toEqual([5, 12, 13, 16]);
    // 10 (0 statements), 14, 15 are not executable: 12-16 is one range, 5 stands alone (6 is executable).
    expect(f.missedRanges).toEqual([[5, 5], [12, 16]]);
    expect(f.changedLines).toBe(10); // line 5 listed twice counts once
    // Blocks touching a changed line: all but the empty one: 2+1+1+1+1 statements, 3 ran.
    expect(c.totals).toEqual({ statements: 6, covered: 3 });
    expect(c.lines).toEqual({ covered: 2, partial: 1, missed: 4 });
  });

  it('skips tests, non-Go, deleted and binary files; not measured only when the package has no measured file', () => {
    const file = fileFromBlocks('m/p/a.go', [b(1, 1, 2, 2, 1, 1)]);
    const c = patchCoverage(
      [
        { path: 'p/a_test.go', oldPath: null, binary: false, added: [1] },
        { path: 'p/README.md', oldPath: null, binary: false, added: [1] },
        { path: null, oldPath: 'p/gone.go', binary: false, added: [] },
        { path: 'p/x.go', oldPath: null, binary: true, added: [] },
        { path: 'p/types.go', oldPath: null, binary: false, added: [1, 2] },
        { path: 'q/new.go', oldPath: null, binary: false, added: [1] },
      ],
      new Map([['p/a.go', file]]),
    );
    expect(c.files.map((f) => [f.path, f.measured])).toEqual([
      ['p/types.go', true],
      ['q/new.go', false],
    ]);
    expect(c.notMeasured).toEqual(['q/new.go']);
    expect(c.totals).toEqual({ statements: 0, covered: 0 });
  });

  it('annotations escape commas, colons, percent signs and newlines in file names', () => {
    const path = 'odd/a,b:c%d\n.go';
    const file = fileFromBlocks('m/x.go', [b(1, 1, 1, 9, 1, 0)]);
    const c = patchCoverage([{ path, oldPath: null, binary: false, added: [1] }], new Map([[path, file]]));
    expect(githubAnnotations(c, 10)).toBe('::warning file=odd/a%2Cb%3Ac%25d%0A.go,line=1,endLine=1,title=Not covered by tests::Changed line 1 is not covered by tests.\n');
    expect(githubAnnotations(c, 0)).toBe('::warning title=Not covered by tests::1 more uncovered range of changed lines not annotated (1 in all; raise --max-annotations to see them)\n');
  });
});

describe('per-path rules', () => {
  const rules = compileRules([
    { path: 'pkg/', threshold: 0.5 },
    { path: 'pkg/a/', threshold: 0.7 },
    { path: 'pkg/.', threshold: 0.9 }, // ties with "pkg/" + one char: same length as "pkg/a", listed later
    { path: '^m/pkg/a$', threshold: 0.6 },
  ]);
  it('the longest match wins, the first listed on a tie', () => {
    expect(ruleFor(rules, 'm/pkg/a/x.go')?.path).toBe('pkg/a/');
    expect(ruleFor(rules, 'm/pkg/b/x.go')?.path).toBe('pkg/.');
    expect(ruleFor(rules, 'm/pkg/a')?.path).toBe('^m/pkg/a$');
    expect(ruleFor(rules, 'm/other/x.go')).toBeNull();
  });
  it('one line per failing target, naming the path and both numbers', () => {
    const files = new Map([
      ['m/pkg/a/x.go', { covered: 6, statements: 10 }],
      ['m/other/y.go', { covered: 1, statements: 2 }],
      ['m/other/empty.go', { covered: 0, statements: 0 }],
    ]);
    expect(pathRuleReasons('file', files, rules, 0.8)).toEqual([
      'file m/pkg/a/x.go: coverage 60.0% is below 70.0% (rule "pkg/a/")',
      'file m/other/y.go: coverage 50.0% is below the file threshold of 80.0%',
    ]);
    expect(pathRuleReasons('package', new Map([['m/pkg/a', { covered: 6, statements: 10 }]]), rules, null)).toEqual([]);
    expect(() => compileRules([{ path: '(?=x)', threshold: 1 }])).toThrow(/rules "\(\?=x\)": invalid regular expression/);
  });
});

describe('gopherage patch without Go', () => {
  it('warns when no profile file maps into the repository', async () => {
    const dir = tempDir();
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e', GIT_CONFIG_NOSYSTEM: '1' };
    const git = (...a: string[]) => run('git', a, { cwd: dir, env });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'go.mod'), 'module example.com/x\n');
    mkdirSync(join(dir, 'p'));
    writeFileSync(join(dir, 'p', 'a.go'), 'package p\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'f');
    writeFileSync(join(dir, 'p', 'a.go'), 'package p\n\nfunc F() int {\n\treturn 1\n}\n');
    git('commit', '-qam', 'f');
    const profile = join(dir, 'c.out');
    writeFileSync(profile, 'mode: set\nother.com/y/p/a.go:3.14,5.2 1 1\n');
    const r = await runCli(['patch', profile, '--base', 'main'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'gopherage: warning: no profile file maps to a file of the repository (e.g. "other.com/y/p/a.go"): wrong --repo, or use --source-map IMPORT_PREFIX=DIR\n' +
        'gopherage: warning: p/a.go: changed but not measured (no profile covers its package)\n',
    );
    // With the import prefix mapped, the same profile measures the change.
    const mapped = await runCli(['patch', profile, '--base', 'main', '--source-map', `other.com/y=${dir}`], { cwd: dir });
    expect(mapped.stderr).toBe('');
    expect(mapped.stdout).toBe('Patch coverage: 100.0% (1/1 statements) in 1 changed Go file\np/a.go  100.0%\n');
  });
});

describe('codeLines', () => {
  it('tells code from comment and blank lines; strings and raw strings are code', () => {
    const src = [
      'package p', // 1
      '', // 2
      '// doc', // 3
      'func F() string {', // 4
      '\t/* a', // 5
      '\t   b */', // 6
      '\tx := "// not a comment"', // 7
      '\ty := `raw', // 8
      '', // 9: inside the raw string
      '// still raw`', // 10
      '\t/* c */ return x + y // trailing', // 11
      "\tr := '/'", // 12
      '}\r', // 13
      '\t\r', // 14
    ].join('\n');
    const code = codeLines(src);
    expect([...Array(15).keys()].slice(1).filter((l) => code[l])).toEqual([1, 4, 7, 8, 9, 10, 11, 12, 13]);
  });

  it('patchCoverage leaves comment lines out of lines, ranges and statements', () => {
    const file = fileFromBlocks('m/a.go', [b(1, 10, 6, 2, 3, 0)]);
    const code = [false, true, true, false, true, false, true]; // lines 3 and 5 are comments
    const c = patchCoverage([{ path: 'a.go', oldPath: null, binary: false, added: [2, 3, 4, 5] }], new Map([['a.go', file]]), new Map([['a.go', code]]));
    expect(c.files[0].missed).toEqual([2, 4]);
    expect(c.files[0].missedRanges).toEqual([[2, 4]]); // line 3 is a comment: no split
    const onlyComments = patchCoverage([{ path: 'a.go', oldPath: null, binary: false, added: [3, 5] }], new Map([['a.go', file]]), new Map([['a.go', code]]));
    expect(onlyComments.totals).toEqual({ statements: 0, covered: 0 });
    expect(onlyComments.files[0].missed).toEqual([]);
  });
});
