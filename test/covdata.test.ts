// GOCOVERDIR reader against the real Go 1.23 toolchain: small real programs
// built with `go build -cover` (set, count, atomic; one binary covering
// several packages; several binaries into one directory), run several times,
// then `gopherage convert DIR` must equal `go tool covdata textfmt` byte for
// byte, and a GOCOVERDIR must work wherever a profile does.

import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatProfile, parseProfileString } from '../src/index.js';
import { goOrSkip, run, runCli, tempDir, TESTDATA } from './helpers.js';

const go = goOrSkip('1.23');
const PROG = join(TESTDATA, 'covdata', 'prog');
const REWRITE = join(TESTDATA, 'covdata', 'rewrite');
const GOROOT_COVERAGE = '/usr/lib/go-1.23/src/internal/coverage';
const ARGS = [[], ['x'], ['x', 'y'], ['x', 'y', 'z']];

describe.skipIf(!go)('GOCOVERDIR vs go tool covdata textfmt', () => {
  let work = '';
  const env: NodeJS.ProcessEnv = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', CGO_ENABLED: '0' };
  delete env.GOFLAGS;
  delete env.GOCOVERDIR;
  const bin = (name: string): string => join(work, 'bin', name);
  const dir = (name: string): string => join(work, 'cov', name);

  /** Run `binary` once per argument list with GOCOVERDIR=`out`. */
  const runInto = (binary: string, out: string, argLists = ARGS): void => {
    mkdirSync(out, { recursive: true });
    for (const a of argLists) run(binary, a, { env: { ...env, GOCOVERDIR: out } });
  };
  /** `go tool covdata textfmt -i=DIRS` as text. */
  const textfmt = (...dirs: string[]): string => {
    const out = join(work, `textfmt-${Math.random().toString(36).slice(2)}.txt`);
    run(go!, ['tool', 'covdata', 'textfmt', `-i=${dirs.join(',')}`, `-o=${out}`], { env });
    return readFileSync(out, 'utf8');
  };

  beforeAll(() => {
    work = tempDir('gopherage-covdata-');
    const build = (name: string, args: string[], pkg = '.'): void => {
      run(go!, ['build', '-cover', ...args, '-o', bin(name), pkg], { cwd: PROG, env });
    };
    build('set', ['-covermode=set', '-coverpkg=./...']);
    build('count', ['-covermode=count', '-coverpkg=./...']);
    build('atomic', ['-covermode=atomic', '-coverpkg=./...']);
    build('mainonly', ['-covermode=count', '-coverpkg=example.com/prog']);
    build('other', ['-covermode=count', '-coverpkg=./...'], './cmd/other');
    for (const m of ['set', 'count', 'atomic']) runInto(bin(m), dir(m));
    // Three different binaries (three meta-data files, overlapping packages) into one directory.
    runInto(bin('count'), dir('mixed'), [[], ['a', 'b']]);
    runInto(bin('mainonly'), dir('mixed'), [['a'], ['a', 'b', 'c']]);
    runInto(bin('other'), dir('mixed'), [[], ['a', 'b']]);
    // Go's own counter encoder, copied from GOROOT with import paths rewritten.
    const rw = join(work, 'rewrite');
    cpSync(REWRITE, rw, { recursive: true });
    const dst = join(rw, 'internal', 'coverage');
    mkdirSync(dst, { recursive: true });
    for (const sub of ['', 'decodecounter', 'encodecounter', 'stringtab', 'slicereader', 'slicewriter', 'uleb128']) {
      mkdirSync(join(dst, sub), { recursive: true });
      for (const f of readdirSync(join(GOROOT_COVERAGE, sub))) {
        if (!f.endsWith('.go') || f.endsWith('_test.go')) continue;
        const src = readFileSync(join(GOROOT_COVERAGE, sub, f), 'utf8').replaceAll('"internal/coverage', '"example.com/rewrite/internal/coverage');
        writeFileSync(join(dst, sub, f), src);
      }
    }
    run(go!, ['build', '-o', bin('rewrite'), '.'], { cwd: rw, env });
  });

  for (const mode of ['set', 'count', 'atomic']) {
    it(`convert DIR equals textfmt byte for byte (${mode} mode, 4 runs, 3 packages)`, async () => {
      const want = textfmt(dir(mode));
      expect(want.startsWith(`mode: ${mode}\n`)).toBe(true);
      expect(want).toContain('example.com/prog/lib/sub/sub.go:');
      const r = await runCli(['convert', dir(mode)]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(want);
      // -o writes the same bytes.
      const out = join(work, `convert-${mode}.cov`);
      expect((await runCli(['convert', dir(mode), '-o', out])).code).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(want);
    });
  }

  it('set-mode counts are 0/1 after several runs; count mode sums them', () => {
    const set = parseProfileString(textfmt(dir('set')));
    const count = parseProfileString(textfmt(dir('count')));
    expect(set.files.flatMap((f) => [...f.counts]).every((c) => c === 0 || c === 1)).toBe(true);
    expect(Math.max(...count.files.flatMap((f) => [...f.counts]))).toBeGreaterThan(1);
  });

  it('three binaries in one directory (several meta-data files, shared packages): byte-identical', async () => {
    const metas = readdirSync(dir('mixed')).filter((f) => f.startsWith('covmeta.'));
    expect(metas.length).toBe(3);
    const want = textfmt(dir('mixed'));
    expect(want).toContain('example.com/prog/cmd/other/main.go:');
    const r = await runCli(['convert', dir('mixed')]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(want);
  });

  it('raw and ULEB128 counters in several segments, written by Go\'s own encoder, read like the original', async () => {
    const want = textfmt(dir('count'));
    for (const [flavor, segs] of [['raw', '1'], ['raw', '3'], ['uleb', '2'], ['uleb', '3']] as const) {
      const out = join(work, 'cov', `rewritten-${flavor}-${segs}`);
      mkdirSync(out);
      for (const f of readdirSync(dir('count'))) {
        if (f.startsWith('covmeta.')) cpSync(join(dir('count'), f), join(out, f));
        else run(bin('rewrite'), [join(dir('count'), f), join(out, f), flavor, segs], { env });
      }
      // Go's textfmt reads only the first segment of a counter file; with one segment it must agree.
      if (segs === '1') expect(textfmt(out)).toBe(want);
      const r = await runCli(['convert', out]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(want);
    }
  });

  it('a GOCOVERDIR is accepted by merge, alone and with text profiles and other directories', async () => {
    const canonical = (text: string): string => formatProfile(parseProfileString(text));
    const one = await runCli(['merge', dir('count')]);
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(canonical(textfmt(dir('count'))));
    const two = await runCli(['merge', dir('count'), dir('mixed')]);
    expect(two.stderr).toBe('');
    expect(two.stdout).toBe(canonical(textfmt(dir('count'), dir('mixed'))));
    const textFile = join(work, 'mixed.cov');
    writeFileSync(textFile, textfmt(dir('mixed')));
    const withText = await runCli(['merge', textFile, dir('count')]);
    expect(withText.stdout).toBe(two.stdout);
  });

  it('ignores partially written tmp.* files', async () => {
    const d = join(work, 'cov', 'with-tmp');
    cpSync(dir('count'), d, { recursive: true });
    const meta = readdirSync(d).find((f) => f.startsWith('covmeta.'))!;
    writeFileSync(join(d, `tmp.${meta}1795382869303257221`), Buffer.from([0, 0x63, 0x76]));
    writeFileSync(join(d, `tmp.covcounters.${meta.slice(8)}.1.2`), 'partial');
    const r = await runCli(['convert', d]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(textfmt(dir('count')));
  });

  it('fails naming the file when counter files have no meta-data file', async () => {
    const d = join(work, 'cov', 'orphans');
    mkdirSync(d);
    const counters = readdirSync(dir('count')).filter((f) => f.startsWith('covcounters.'));
    for (const f of counters) cpSync(join(dir('count'), f), join(d, f));
    const r = await runCli(['convert', d]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`gopherage: ${d}: counter file ${counters.sort()[0]} (and ${counters.length - 1} more) has no meta-data file (covmeta.<hash>) in this directory\n`);
  });

  it('fails on a newer format version, and on mixed modes in one directory', async () => {
    const d = join(work, 'cov', 'v2');
    cpSync(dir('count'), d, { recursive: true });
    const meta = readdirSync(d).find((f) => f.startsWith('covmeta.'))!;
    const bytes = readFileSync(join(d, meta));
    bytes.writeUInt32LE(2, 4);
    writeFileSync(join(d, meta), bytes);
    const r = await runCli(['convert', d]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`gopherage: ${join(d, meta)}: meta-data file version 2 is newer than this reader supports (1); written by a newer Go?\n`);

    const mixed = join(work, 'cov', 'set-and-count');
    cpSync(dir('set'), mixed, { recursive: true });
    cpSync(dir('count'), mixed, { recursive: true });
    const m = await runCli(['convert', mixed]);
    expect(m.code).toBe(3);
    expect(m.stderr).toMatch(/^gopherage: .*covmeta\.\w+: counter mode clash: .*covmeta\.\w+ has mode (set|count), .*covmeta\.\w+ has mode (set|count)\n$/);
  });
});
