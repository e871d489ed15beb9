// Start-up: each run loads only the code its command and flags need (issue 14).
// A module-resolve hook (registered through NODE_OPTIONS=--import in the child)
// appends every URL the real CLI resolves to a trace file, and require's cache
// at exit (CommonJS loaded with require); the tests check that
// small jobs (--version, merge of one profile, convert of a GOCOVERDIR to text,
// table, junit) never load the Go parser, the source readers, handlebars or
// reporters they do not render, while the outputs stay those of the full CLI.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSmallJob, SMALL_JOB_BYTES } from '../src/cli/jit.js';
import { BIN, runCliProcess, tempDir, TESTDATA } from './helpers.js';

const COVDIR = join(TESTDATA, 'covdata', 'gocoverdir');
const COVTEXT = join(TESTDATA, 'covdata', 'gocoverdir.txt');
const PROFILE = join(TESTDATA, 'example', 'list-basic.cov');

let dir: string;
let preload: string;

beforeAll(() => {
  dir = tempDir('gopherage-startup-');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    "import { appendFileSync } from 'node:fs';\n" +
      'export async function resolve(specifier, context, next) {\n' +
      '  const r = await next(specifier, context);\n' +
      "  appendFileSync(process.env.GOPHERAGE_TRACE, r.url + '\\n');\n" +
      '  return r;\n' +
      '}\n',
  );
  preload = join(dir, 'preload.mjs');
  // CommonJS loaded with require (handlebars, tree-sitter) bypasses the resolve hook: list require's cache at exit too.
  writeFileSync(
    preload,
    "import { appendFileSync } from 'node:fs';\n" +
      "import { createRequire, register } from 'node:module';\n" +
      "import { pathToFileURL } from 'node:url';\n" +
      `register(${JSON.stringify(pathToFileURL(hooks).href)});\n` +
      'const cache = createRequire(import.meta.url).cache;\n' +
      "process.on('exit', () => appendFileSync(process.env.GOPHERAGE_TRACE, Object.keys(cache).map((p) => pathToFileURL(p).href + '\\n').join('')));\n",
  );
});

/** Run the CLI with the hook; the exit code, stdout and the distinct module URLs it resolved (node: built-ins left out). */
async function traced(name: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string; modules: string[] }> {
  const trace = join(dir, `${name}.trace`);
  writeFileSync(trace, '');
  // Always a real process: what a process loads is the point (the unit tier runs runCli in-process).
  const r = await runCliProcess(args, { env: { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}`, GOPHERAGE_TRACE: trace } });
  const modules = [...new Set(readFileSync(trace, 'utf8').split('\n'))].filter((u) => u !== '' && !u.startsWith('node:'));
  return { ...r, modules };
}

/** The loaded modules matching a pattern (named in a failure). */
const matching = (modules: readonly string[], re: RegExp): string[] => modules.filter((u) => re.test(u));

/**
 * What no small job should load: the Go parser and source readers, handlebars,
 * the HTML report. (The flag checks of src/cli/untested.ts use three small
 * source modules that import nothing: build targets, go.mod lines, the syntax
 * error class.)
 */
const HEAVY = /\/dist\/source\/(?!(buildContext|goModFiles|goSyntaxError)\.js$)|tree-sitter|handlebars|\/dist\/report\/html\//;

describe('start-up: a command loads only what it needs', () => {
  it('--version loads no CLI module at all', async () => {
    const r = await traced('version', ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(matching(r.modules, /\/bin\/gopherage\.js$/)).toHaveLength(1); // the hook saw the run
    expect(matching(r.modules, /\/dist\/|node_modules/)).toEqual([]);
  });

  it('merge of one profile loads no source reader, parser, handlebars nor any reporter', async () => {
    const out = join(dir, 'merged.cov');
    const r = await traced('merge', ['merge', PROFILE, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^mode: /);
    expect(matching(r.modules, /\/dist\/cli\/merge\.js$/)).toHaveLength(1);
    expect(matching(r.modules, HEAVY)).toEqual([]);
    expect(matching(r.modules, /\/dist\/report\//)).toEqual([]);
    // A text profile needs neither the GOCOVERDIR reader nor, for one small input, the worker pool.
    expect(matching(r.modules, /\/dist\/covdata\/|\/dist\/ops\/parallel\.js$/)).toEqual([]);
  });

  it('convert GOCOVERDIR to text loads no source reader and no reporter module, and writes what covdata textfmt writes', async () => {
    const out = join(dir, 'convert.txt');
    const r = await traced('convert', ['convert', COVDIR, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(COVTEXT, 'utf8'));
    expect(matching(r.modules, /\/dist\/covdata\/readCovDir\.js$/)).toHaveLength(1);
    expect(matching(r.modules, HEAVY)).toEqual([]);
    // A quick run (no --format flag: src/cli/quick.ts) does not even load the registry of formats.
    expect(matching(r.modules, /\/dist\/report\//)).toEqual([]);
    // Through the full program, the registry lists the formats (for --format's choices); no reporter is imported.
    const full = await traced('convert-full', ['convert', COVDIR, '--format', 'text', '-o', out]);
    expect(full.code, full.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(COVTEXT, 'utf8'));
    expect(matching(full.modules, HEAVY)).toEqual([]);
    expect(matching(full.modules, /\/dist\/report\//).map((u) => u.replace(/.*\/dist\//, ''))).toEqual(['report/registry.js']);
  });

  it('convert --format lcov --no-functions imports the LCOV reporter alone', async () => {
    const r = await traced('lcov', ['convert', PROFILE, '--format', 'lcov', '--no-functions', '--path-style', 'import']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^TN:\nSF:/);
    expect(matching(r.modules, /\/dist\/report\/lcov\.js$/)).toHaveLength(1);
    expect(matching(r.modules, /\/dist\/report\/(cobertura|json|junit|func|table|html)/)).toEqual([]);
    expect(matching(r.modules, /handlebars/)).toEqual([]);
  });

  it('table and junit of one profile load no source reader, parser nor handlebars', async () => {
    const table = await traced('table', ['table', PROFILE]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('%');
    expect(matching(table.modules, /\/dist\/report\/table\/text\.js$/)).toHaveLength(1);
    expect(matching(table.modules, HEAVY)).toEqual([]);
    const junit = await traced('junit', ['junit', PROFILE]);
    expect(junit.stdout).toContain('<testsuite');
    expect(matching(junit.modules, /\/dist\/report\/junit\.js$/)).toHaveLength(1);
    expect(matching(junit.modules, HEAVY)).toEqual([]);
  });

  it('the trace sees CommonJS loaded with require: html does load handlebars', async () => {
    const out = join(dir, 'report.html');
    const r = await traced('html', ['html', PROFILE, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    expect(matching(r.modules, /\/handlebars\//).length).toBeGreaterThan(0);
  });
});

/** Run the CLI under `node --trace-opt`: the exit code, and the names of our (dist/) functions V8's optimizing compiler finished. */
function optimized(args: readonly string[]): { code: number; stderr: string; functions: string[] } {
  const r = spawnSync(process.execPath, ['--trace-opt', BIN, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  // Lines such as `[completed optimizing 0x... <JSFunction push (sfi = 0x...)> (target TURBOFAN) ...]`.
  const names = [...r.stdout.matchAll(/\[completed optimizing [^<]*<JSFunction ([^ >]*)/g)].map((m) => m[1]);
  return { code: r.status ?? -1, stderr: r.stderr, functions: [...new Set(names)] };
}

/** A count-mode profile of `files` files × 100 blocks (about 55 bytes a line). */
function profileText(files: number): string {
  const lines = ['mode: count'];
  for (let f = 0; f < files; f++) {
    for (let b = 0; b < 100; b++) lines.push(`example.com/mod/pkg${String(f).padStart(4, '0')}/file.go:${b + 1}.2,${b + 1}.40 1 ${(f * b) % 7}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('start-up: V8 tuning of small jobs (src/cli/jit.ts)', () => {
  it('a small job is regular text files only, under the bound in all', () => {
    const file = (size: number | null) => ({ kind: 'file' as const, arg: 'a', name: 'a', size });
    expect(isSmallJob([file(300 << 10)])).toBe(true);
    expect(isSmallJob([file(300 << 10), file(300 << 10)])).toBe(false);
    expect(isSmallJob([file(SMALL_JOB_BYTES)])).toBe(false);
    expect(isSmallJob([file(null)])).toBe(false); // a pipe or a device: size unknown
    expect(isSmallJob([file(10), { kind: 'covdir', arg: 'd', name: 'd' }])).toBe(false);
    expect(isSmallJob([])).toBe(false);
    // A gzip file's size says little of its text: never a small job.
    const gz = join(dir, 'small.cov.gz');
    writeFileSync(gz, gzipSync(profileText(40)));
    expect(isSmallJob([{ ...file(statSync(gz).size), arg: gz }])).toBe(false);
    expect(isSmallJob([{ ...file(statSync(gz).size), arg: PROFILE }])).toBe(true);
  });

  it('merge and convert of a small profile run without the optimizing compiler; a larger merge still optimizes; outputs are the same', () => {
    const small = join(dir, 'small.cov');
    const large = join(dir, 'large.cov');
    writeFileSync(small, profileText(40));
    writeFileSync(large, profileText(120));
    expect(statSync(small).size).toBeLessThan(SMALL_JOB_BYTES);
    expect(statSync(large).size).toBeGreaterThan(SMALL_JOB_BYTES);
    const smallMerge = optimized(['merge', small, '-o', join(dir, 'small-merged.cov')]);
    expect(smallMerge.code, smallMerge.stderr).toBe(0);
    // Without tuning the scanner's and writer's loops are optimized after a few thousand lines (as below).
    const hot = (fs: string[]): string[] => fs.filter((f) => /^(push|block|readBlock|followTail|putDecimal|putBlock|profileByteChunks)$/.test(f));
    expect(hot(smallMerge.functions)).toEqual([]);
    const smallConvert = optimized(['convert', small, '-o', join(dir, 'small-converted.cov')]);
    expect(smallConvert.code, smallConvert.stderr).toBe(0);
    expect(hot(smallConvert.functions)).toEqual([]);
    const largeMerge = optimized(['merge', large, '-o', join(dir, 'large-merged.cov')]);
    expect(largeMerge.code, largeMerge.stderr).toBe(0);
    // The general table's fast path (followTail: name, fields, order, append) is the hot loop of an unguided parse of a canonical input.
    expect(largeMerge.functions).toContain('followTail');
    // Tuning changes speed, never output: the canonical text of the input (already canonical here).
    expect(readFileSync(join(dir, 'small-merged.cov'), 'utf8')).toBe(readFileSync(small, 'utf8'));
    expect(readFileSync(join(dir, 'small-converted.cov'), 'utf8')).toBe(readFileSync(small, 'utf8'));
    expect(readFileSync(join(dir, 'large-merged.cov'), 'utf8')).toBe(readFileSync(large, 'utf8'));
  });
});

describe('start-up: quick runs (src/cli/quick.ts) skip commander and behave as the full program', () => {
  it('merge FILE -o OUT and convert DIR -o OUT load no commander module', async () => {
    const merge = await traced('quick-merge', ['merge', PROFILE, '-o', join(dir, 'quick-merged.cov')]);
    expect(merge.code, merge.stderr).toBe(0);
    expect(matching(merge.modules, /\/dist\/cli\/quick\.js$/)).toHaveLength(1);
    expect(matching(merge.modules, /commander|\/dist\/cli\/main\.js$/)).toEqual([]);
    const convert = await traced('quick-convert', ['convert', COVDIR, '--output', join(dir, 'quick-converted.txt')]);
    expect(convert.code, convert.stderr).toBe(0);
    expect(readFileSync(join(dir, 'quick-converted.txt'), 'utf8')).toBe(readFileSync(COVTEXT, 'utf8'));
    expect(matching(convert.modules, /commander|\/dist\/cli\/main\.js$|\/dist\/cli\/convert\.js$/)).toEqual([]);
    // Any other flag is the full program's.
    const full = await traced('full-merge', ['merge', PROFILE, '--workers', '0', '-o', join(dir, 'full-merged.cov')]);
    expect(full.code, full.stderr).toBe(0);
    expect(matching(full.modules, /\/commander\//).length).toBeGreaterThan(0);
  });

  it('quick and full runs give the same exit code, stdout, stderr and output (the full run forced by an explicit default flag)', async () => {
    const bad = join(dir, 'bad.cov');
    writeFileSync(bad, 'mode: count\nexample.com/a.go:1.2,3.4 1\n');
    const many = join(dir, 'many');
    mkdirSync(many, { recursive: true });
    for (const n of ['a.cov', 'b.cov']) copyFileSync(PROFILE, join(many, n));
    const o1 = join(dir, 'job1.cov');
    const o2 = join(dir, 'job2.cov');
    const full = ['--workers', 'auto'];
    const text = ['--format', 'text'];
    // [a quick job, flags that make it a full run of the same job (explicit defaults), its output file]
    const cases: [string[], string[], string | null][] = [
      [['merge', PROFILE, join(TESTDATA, 'example', 'list-extending.cov'), '-o', o1], full, o1],
      [['merge', PROFILE], ['--on-mismatch', 'error'], null],
      [['merge', join(dir, 'missing.cov'), '-o', o1], full, null],
      [['merge', bad, '-o', o1], full, null],
      [['merge', PROFILE, '-o', dir], ['--workers=auto'], null],
      [['convert', COVDIR], text, null],
      [['convert', PROFILE, `--output=${o2}`], ['-f', 'text'], o2],
      [['convert', bad], text, null],
      // A usage error (a glob matching two inputs) is reported by the full program, with its usage line.
      [['convert', join(many, '*.cov')], text, null],
    ];
    for (const [quick, extra, file] of cases) {
      const q = await runCliProcess(quick);
      const qFile = file && readFileSync(file, 'utf8');
      const f = await runCliProcess([...quick, ...extra]);
      const say = `${quick.join(' ')}\n${q.stderr}`;
      expect(q.code, say).toBe(f.code);
      expect(q.stdout, say).toBe(f.stdout);
      expect(q.stderr, say).toBe(f.stderr);
      if (file) expect(qFile, say).toBe(readFileSync(file, 'utf8'));
    }
    // The shapes checked above fail as they should (not all alike).
    expect((await runCliProcess(['merge', bad])).stderr).toMatch(/^gopherage: .*bad\.cov:2: /);
    expect((await runCliProcess(['convert', join(many, '*.cov')])).stderr).toMatch(/^gopherage: convert takes one input; .* matches 2\nusage: gopherage convert /);
  });

  it('what is not a quick job goes to commander: help, a missing argument or value, stdin, --', async () => {
    const help = await runCliProcess(['merge', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: gopherage merge /);
    const none = await runCliProcess(['merge', '-o', join(dir, 'x.cov')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^gopherage: missing required argument 'files'\nusage: gopherage merge /);
    const noValue = await runCliProcess(['merge', PROFILE, '-o']);
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toMatch(/^gopherage: option '-o, --output <file>' argument missing\n/);
    const stdin = await runCliProcess(['merge', '-'], { stdin: readFileSync(PROFILE) });
    expect(stdin.code, stdin.stderr).toBe(0);
    expect(stdin.stdout).toBe((await runCliProcess(['merge', PROFILE])).stdout);
    const before = await runCliProcess(['-o', join(dir, 'x.cov'), 'merge', PROFILE]);
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/^gopherage: unknown option '-o'\nusage: gopherage \[options\] \[command\]\n/);
    const dashed = await runCliProcess(['merge', '--', PROFILE]);
    expect(dashed.code, dashed.stderr).toBe(0);
    expect(dashed.stdout).toBe(stdin.stdout);
  });
});
