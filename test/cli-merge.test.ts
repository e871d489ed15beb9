// `gopherage merge` as a real process. A table of cases records argv, exit
// code, stderr and stdout together in one golden transcript
// (testdata/golden/merge/cli-table.txt; UPDATE_GOLDEN=1 rewrites it, never
// under CI), each case also asserting its own expectations inline. Then the
// properties a transcript cannot show: stdin, gzip by magic bytes, atomic
// `-o` (a failing run leaves an existing output untouched, no temp files
// left behind, `-o` may name an input), and large output through a pipe.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProfileString } from '../src/profile/parser.js';
import { formatProfile } from '../src/profile/writer.js';
import { expectGolden, runCli, TESTDATA, tempDir, type CliResult } from './helpers.js';

/** A scratch workspace holding copies of the fixtures, so paths in messages are short and stable. */
let ws = '';
const read = (rel: string): string => readFileSync(join(ws, rel), 'utf8');

beforeAll(() => {
  ws = tempDir('gopherage-merge-');
  const copy = (rel: string, to = rel): void => {
    mkdirSync(dirname(join(ws, to)), { recursive: true });
    copyFileSync(join(TESTDATA, rel), join(ws, to));
  };
  for (const f of ['list-basic', 'list-extending', 'list-move']) copy(`example/${f}.cov`);
  for (const f of ['v1', 'v2']) copy(`incoherent/${f}.cov`);
  for (const f of ['set', 'count']) copy(`modemismatch/${f}.cov`);
  for (const side of ['before', 'after']) for (const p of ['list', 'path']) copy(`beforeafter/${side}/${p}.cov`);
  copy('coverpkg/strings.cov', 'big/strings.cov');
  copy('coverpkg/csv.cov', 'big/csv.cov');
  writeFileSync(join(ws, 'example/list-basic.cov.gz'), gzipSync(readFileSync(join(TESTDATA, 'example/list-basic.cov'))));
  // gzip data under a plain name: detected by magic bytes, not by extension
  writeFileSync(join(ws, 'gz-in-disguise.cov'), gzipSync(readFileSync(join(TESTDATA, 'example/list-move.cov'))));
  writeFileSync(join(ws, 'empty.cov'), '');
  writeFileSync(join(ws, 'header-only.cov'), 'mode: count\n');
  writeFileSync(join(ws, 'bad-line.cov'), 'mode: count\ncontainer/list/list.go:31.35,32.53 1 1\ncontainer/list/list.go:32.53,34 1 1\n');
  writeFileSync(join(ws, 'crlf.cov'), read('example/list-extending.cov').replaceAll('\n', '\r\n'));
});

interface Case {
  name: string;
  argv: string[];
  stdin?: string;
  code: number;
  /** Exact stderr. */
  stderr: string;
  /** Expected stdout, as a function of the workspace (usually another run's output or a fixture). */
  stdout?: () => string;
}

/** Our expected merge of fixture files: each parsed, counts summed per block line (an oracle independent of the CLI). */
function sumOf(...rels: string[]): string {
  const texts = rels.map(read);
  const acc = new Map<string, number>();
  for (const t of texts) {
    for (const l of t.trimEnd().split(/\r?\n/).slice(1)) {
      const k = l.slice(0, l.lastIndexOf(' '));
      acc.set(k, (acc.get(k) ?? 0) + Number(l.slice(l.lastIndexOf(' ') + 1)));
    }
  }
  const mode = texts[0].split(/\r?\n/)[0];
  return formatProfile(parseProfileString(`${mode}\n${[...acc].map(([k, v]) => `${k} ${v}`).join('\n')}\n`));
}

const USAGE = 'usage: gopherage merge [options] <files...>\n(run "gopherage merge --help" for details)\n';
const EXAMPLES = ['example/list-basic.cov', 'example/list-extending.cov', 'example/list-move.cov'];

const CASES: Case[] = [
  { name: 'three coherent count profiles', argv: ['merge', ...EXAMPLES], code: 0, stderr: '', stdout: () => sumOf(...EXAMPLES) },
  { name: 'a quoted glob', argv: ['merge', 'example/*.cov'], code: 0, stderr: '', stdout: () => sumOf(...EXAMPLES) },
  { name: 'a recursive glob over two directories', argv: ['merge', '**/after/*.cov', 'beforeafter/before/*.cov'], code: 0, stderr: '', stdout: () => sumOf('beforeafter/after/list.cov', 'beforeafter/after/path.cov', 'beforeafter/before/list.cov', 'beforeafter/before/path.cov') },
  { name: 'one input is a no-op (canonical copy)', argv: ['merge', 'example/list-move.cov'], code: 0, stderr: '', stdout: () => read('example/list-move.cov') },
  { name: 'stdin as -', argv: ['merge', '-', 'example/list-move.cov'], stdin: 'STDIN:example/list-basic.cov', code: 0, stderr: '', stdout: () => sumOf('example/list-basic.cov', 'example/list-move.cov') },
  { name: 'gzip input, by extension and by magic bytes', argv: ['merge', 'example/list-basic.cov.gz', 'gz-in-disguise.cov'], code: 0, stderr: '', stdout: () => sumOf('example/list-basic.cov', 'example/list-move.cov') },
  { name: 'CRLF input', argv: ['merge', 'crlf.cov'], code: 0, stderr: '', stdout: () => read('example/list-extending.cov') },
  { name: 'zero blocks: just the mode line', argv: ['merge', 'header-only.cov', 'header-only.cov'], code: 0, stderr: '', stdout: () => 'mode: count\n' },
  { name: 'union of two builds warns once per file', argv: ['merge', '--on-mismatch', 'union', 'incoherent/v1.cov', 'incoherent/v2.cov'], code: 0, stderr: 'gopherage: warning: incoherent/v1.cov and incoherent/v2.cov have different blocks for example.com/tiny/tiny.go: keeping the union of their blocks\n', stdout: () => sumOf('incoherent/v1.cov', 'incoherent/v2.cov') },
  { name: '-o into a missing directory', argv: ['merge', '-o', 'out/merged.cov', ...EXAMPLES], code: 3, stderr: 'gopherage: out/merged.cov: cannot write: no such directory\n' },
  { name: 'incoherent inputs', argv: ['merge', 'incoherent/v1.cov', 'incoherent/v2.cov'], code: 3, stderr: 'gopherage: incoherent/v1.cov and incoherent/v2.cov disagree on the blocks of example.com/tiny/tiny.go (different builds?): block #1 is "5.22,6.11 1" in incoherent/v1.cov but "5.22,6.9 1" in incoherent/v2.cov\n' },
  { name: 'mode mismatch', argv: ['merge', 'modemismatch/count.cov', 'modemismatch/set.cov'], code: 3, stderr: 'gopherage: mode mismatch: modemismatch/count.cov is "count" but modemismatch/set.cov is "set"\n' },
  { name: 'mode mismatch with stdin', argv: ['merge', 'modemismatch/count.cov', '-'], stdin: 'STDIN:modemismatch/set.cov', code: 3, stderr: 'gopherage: mode mismatch: modemismatch/count.cov is "count" but <stdin> is "set"\n' },
  { name: 'a malformed line', argv: ['merge', 'example/list-basic.cov', 'bad-line.cov'], code: 3, stderr: 'gopherage: bad-line.cov:3: bad block "container/list/list.go:32.53,34 1 1" (expected file:L.C,L.C N C)\n' },
  { name: 'a malformed line on stdin', argv: ['merge', '-'], stdin: 'mode: set\nx.go:1.1,2.2 1 -1\n', code: 3, stderr: 'gopherage: <stdin>:2: negative number in "x.go:1.1,2.2 1 -1"\n' },
  { name: 'an empty file', argv: ['merge', 'empty.cov'], code: 3, stderr: 'gopherage: empty.cov: empty profile: no "mode:" line\n' },
  { name: 'empty stdin', argv: ['merge', '-'], stdin: '', code: 3, stderr: 'gopherage: <stdin>: empty profile: no "mode:" line\n' },
  { name: 'a missing file', argv: ['merge', 'example/list-basic.cov', 'nope.cov'], code: 3, stderr: 'gopherage: nope.cov: no such file\n' },
  { name: 'a glob that matches nothing', argv: ['merge', 'example/*.nope'], code: 3, stderr: 'gopherage: example/*.nope: pattern matches no file\n' },
  { name: 'stdin twice', argv: ['merge', '-', '-'], code: 3, stderr: 'gopherage: stdin (-) given more than once\n' },
  { name: 'no input', argv: ['merge'], code: 2, stderr: `gopherage: missing required argument 'files'\n${USAGE}` },
  { name: 'a bad --on-mismatch value', argv: ['merge', '--on-mismatch', 'sum', 'example/list-basic.cov'], code: 2, stderr: `gopherage: option '--on-mismatch <how>' argument 'sum' is invalid. Allowed choices are error, union.\n${USAGE}` },
  { name: 'an unknown flag', argv: ['merge', '--frobnicate', 'example/list-basic.cov'], code: 2, stderr: `gopherage: unknown option '--frobnicate'\n${USAGE}` },
];

/** One case of the transcript. */
function transcript(c: Case, r: CliResult): string {
  return [`### ${c.name}`, `$ gopherage ${c.argv.map((a) => (/[\s*?']/.test(a) ? `'${a}'` : a)).join(' ')}${c.stdin ? ` < ${c.stdin.startsWith('STDIN:') ? c.stdin.slice(6) : JSON.stringify(c.stdin)}` : ''}`, `exit ${r.code}`, '--- stderr', r.stderr.trimEnd(), '--- stdout', r.stdout.trimEnd(), ''].join('\n');
}

describe('merge CLI table', () => {
  const GOLDEN_TABLE = join(TESTDATA, 'golden/merge/cli-table.txt');
  /** The golden transcript's section for each case, by case name (each case checks its own: no test depends on another). */
  const sections = new Map<string, string>();
  if (existsSync(GOLDEN_TABLE)) {
    for (const s of readFileSync(GOLDEN_TABLE, 'utf8').split(/(?=^### )/m)) sections.set(s.slice(4, s.indexOf('\n')), s.replace(/\n+$/, ''));
  }
  const updating = Boolean(process.env.UPDATE_GOLDEN && !process.env.CI);
  const results: string[] = [];
  if (updating) afterAll(() => expectGolden(GOLDEN_TABLE, results.join('\n')));

  for (const c of CASES) {
    it(c.name, async () => {
      const stdin = c.stdin?.startsWith('STDIN:') ? read(c.stdin.slice(6)) : c.stdin;
      const r = await runCli(c.argv, { cwd: ws, stdin });
      expect(r.stderr).toBe(c.stderr);
      expect(r.code).toBe(c.code);
      if (c.code !== 0) expect(r.stdout).toBe('');
      if (c.stdout) expect(r.stdout).toBe(c.stdout());
      const text = transcript(c, r);
      results[CASES.indexOf(c)] = text;
      if (!updating) expect(text.replace(/\n+$/, ''), `golden transcript of "${c.name}" (UPDATE_GOLDEN=1 rewrites it)`).toBe(sections.get(c.name));
    });
  }

  it('the golden transcript has exactly one section per case, in order (no stale sections)', () => {
    expect([...sections.keys()]).toEqual(CASES.map((c) => c.name));
  });
});

describe('merge -o: atomic output', () => {
  it('writes the merge to the file and nothing to stdout', async () => {
    const dir = tempDir();
    const out = join(dir, 'merged.cov');
    const r = await runCli(['merge', '-o', out, ...EXAMPLES], { cwd: ws });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    expect(readFileSync(out, 'utf8')).toBe(sumOf(...EXAMPLES));
    expect(readdirSync(dir)).toEqual(['merged.cov']);
  });

  it('a failing run leaves an existing output untouched and no temp file behind', async () => {
    const dir = tempDir();
    const out = join(dir, 'report.cov');
    writeFileSync(out, 'previous contents\n');
    for (const argv of [
      ['merge', '-o', out, 'incoherent/v1.cov', 'incoherent/v2.cov'],
      ['merge', '-o', out, 'modemismatch/count.cov', 'modemismatch/set.cov'],
      ['merge', '-o', out, 'example/list-basic.cov', 'bad-line.cov'],
      ['merge', '-o', out, 'example/list-basic.cov', 'nope.cov'],
    ]) {
      const r = await runCli(argv, { cwd: ws });
      expect(r.code).toBe(3);
      expect(readFileSync(out, 'utf8')).toBe('previous contents\n');
      expect(readdirSync(dir)).toEqual(['report.cov']);
    }
  });

  it('-o may name one of the inputs (read first, replaced after)', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.cov');
    copyFileSync(join(ws, 'example/list-basic.cov'), a);
    const r = await runCli(['merge', '-o', a, a, 'example/list-move.cov', 'example/list-extending.cov'], { cwd: ws });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(readFileSync(a, 'utf8')).toBe(sumOf(...EXAMPLES));
    expect(readdirSync(dir)).toEqual(['a.cov']);
  });

  it('-o into a missing directory is an I/O error (exit 3) and creates nothing', async () => {
    const dir = tempDir();
    const r = await runCli(['merge', '-o', join(dir, 'no/such/dir/x.cov'), 'example/list-basic.cov'], { cwd: ws });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`gopherage: ${join(dir, 'no/such/dir/x.cov')}: cannot write: no such directory\n`);
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });

  it('-o - writes to stdout', async () => {
    const r = await runCli(['merge', '-o', '-', 'example/list-move.cov'], { cwd: ws });
    expect([r.code, r.stdout]).toEqual([0, read('example/list-move.cov')]);
  });
});

describe('merge: larger output through a pipe', () => {
  it('stdout and -o give identical bytes (backpressure on a pipe loses nothing)', async () => {
    const files = ['big/strings.cov', 'big/csv.cov', 'big/strings.cov', 'big/csv.cov'];
    const piped = await runCli(['merge', ...files], { cwd: ws });
    expect(piped.code).toBe(0);
    const out = join(tempDir(), 'm.cov');
    expect((await runCli(['merge', '-o', out, ...files], { cwd: ws })).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(piped.stdout);
    expect(piped.stdout).toBe(sumOf(...files));
    expect(piped.stdout.split('\n').length).toBe(read('big/strings.cov').split('\n').length);
  });
});

describe('merge: same answer on every path', () => {
  it('gzip on stdin', async () => {
    const r = await runCli(['merge', '-'], { cwd: ws, stdin: gzipSync(readFileSync(join(ws, 'example/list-basic.cov'))) });
    expect([r.code, r.stderr, r.stdout]).toEqual([0, '', read('example/list-basic.cov')]);
  });

  // --workers forces the worker-thread merge on these small inputs; it must
  // not change a byte of output or of any error message.
  const argvs: string[][] = [
    ['big/strings.cov', 'big/csv.cov', 'big/strings.cov'],
    ['incoherent/v1.cov', 'incoherent/v2.cov'],
    ['--on-mismatch', 'union', 'incoherent/v1.cov', 'incoherent/v2.cov', 'incoherent/v1.cov'],
    ['modemismatch/count.cov', 'modemismatch/set.cov'],
    ['big/strings.cov', 'bad-line.cov', 'big/csv.cov'],
    ['example/list-basic.cov', 'example/list-basic.cov.gz', 'crlf.cov'],
  ];
  for (const argv of argvs) {
    it(`--workers 0 and 2 agree: ${argv.join(' ')}`, async () => {
      const seq = await runCli(['merge', '--workers', '0', ...argv], { cwd: ws });
      const par = await runCli(['merge', '--workers', '2', ...argv], { cwd: ws });
      expect(par).toEqual(seq);
    });
  }
});
