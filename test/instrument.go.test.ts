// Real Go, real processes: generate the coverage shim / flusher into a small
// program (testdata/instrument/ticker), build it with Go 1.19 and Go 1.23,
// run it, and watch the coverage get written. Every snapshot is parsed with
// this project's parser. Builds happen once per Go version (beforeAll); the Go
// build cache is shared across runs under the OS temp dir.

import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProfileString } from '../src/profile/parser.js';
import type { FileCoverage, Profile } from '../src/profile/model.js';
import { goOrSkip, run, runCli, tempDir, TESTDATA, goTestEnv } from './helpers.js';

const TICKER = join(TESTDATA, 'instrument', 'ticker');
const WORKER_SRC = readFileSync(join(TICKER, 'app', 'worker.go'), 'utf8');
/** Line of `for range ticks {`: the loop body block starts there and counts the ticks. */
const TICK_LINE = WORKER_SRC.split('\n').findIndex((l) => l.includes('for range ticks')) + 1;


/** The number of ticks a profile records: the count of the worker's loop-body block. */
function tickCount(p: Profile, pkgDir: string): number {
  const f = p.files.find((x) => x.name === `example.com/ticker/${pkgDir}/worker.go`);
  if (!f) return -1;
  for (let i = 0; i < f.counts.length; i++) if (f.pos[4 * i] === TICK_LINE && f.pos[4 * i + 1]! > 1) return f.counts[i]!;
  throw new Error(`no block at line ${TICK_LINE} of worker.go`);
}

/** Every block of `later` has a count >= the same block of `earlier` (same block lists). */
function expectGrown(earlier: Profile, later: Profile): void {
  expect(later.files.map((f) => f.name)).toEqual(earlier.files.map((f) => f.name));
  earlier.files.forEach((e: FileCoverage, k) => {
    const l = later.files[k]!;
    expect(Array.from(l.pos)).toEqual(Array.from(e.pos));
    e.counts.forEach((c, i) => expect(l.counts[i]!).toBeGreaterThanOrEqual(c));
  });
}

/** A running instrumented program driven through stdin. */
class Program {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  constructor(bin: string, args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((r) => this.child.on('exit', (code, signal) => r({ code, signal })));
  }
  send(...lines: string[]): void {
    for (const l of lines) this.child.stdin!.write(`${l}\n`);
  }
  /** Send `n` ticks and wait until the program has printed the last of them. */
  async tick(n: number): Promise<void> {
    const before = (this.stdout.match(/^tick \d+$/gm) ?? []).length;
    for (let i = 0; i < n; i++) this.send('tick');
    await waitFor(() => (this.stdout.match(/^tick \d+$/gm) ?? []).length === before + n, `${before + n} ticks`, this);
  }
}

/** Poll until `cond` holds; fail (with the program's output) after a generous deadline — a hang guard, not a timing assertion. */
async function waitFor<T>(cond: () => T | false | null | undefined, what: string, prog?: Program, ms = 40_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = cond();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\nstdout:\n${prog?.stdout ?? ''}\nstderr:\n${prog?.stderr ?? ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function readSnapshot(path: string): Profile | null {
  if (!existsSync(path)) return null;
  return parseProfileString(readFileSync(path, 'utf8'), path);
}

for (const version of ['1.19', '1.23'] as const) {
  const go = goOrSkip(version);
  describe.skipIf(!go)(`Go ${version}: go test -c shim (instrument testmain + runtime)`, () => {
    const goBin = go!;
    let dir = '';
    let env: NodeJS.ProcessEnv = {};
    let bin = '';
    let runtimeNote = '';

    beforeAll(async () => {
      dir = tempDir('gopherage-instrument-');
      env = goTestEnv(goBin, dir);
      cpSync(TICKER, join(dir, 'mod'), { recursive: true });
      const mod = join(dir, 'mod');
      // No --go: the target version comes from `go env GOVERSION` of the go on PATH.
      const rt = await runCli(['instrument', 'runtime', join(mod, 'coverage'), '--flush-on-signal'], { env: { PATH: env.PATH } });
      expect(rt.code, rt.stderr).toBe(0);
      runtimeNote = rt.stderr;
      const tm = await runCli(['instrument', 'testmain', join(mod, 'app'), '--name', 'ticker'], { env: { PATH: env.PATH } });
      expect(tm.code, tm.stderr).toBe(0);
      mkdirSync(join(mod, 'internal', 'plaincov'), { recursive: true });
      const plain = await runCli(['instrument', 'runtime', join(mod, 'internal', 'plaincov'), '--package', 'plaincov', '--go', version, '--interval', '1m30s']);
      expect(plain.code, plain.stderr).toBe(0);
      bin = join(dir, 'ticker.test');
      run(goBin, ['test', '-c', '-covermode=count', '-coverpkg=./...', '-tags', 'coverage', '-o', bin, './app'], { cwd: mod, env });
      run(goBin, ['vet', '-tags', 'coverage', './...'], { cwd: mod, env });
      run(goBin, ['build', './...'], { cwd: mod, env }); // without -tags coverage: the !coverage files
    });

    it('detects the Go version and writes gofmt-clean files', () => {
      expect(runtimeNote).toContain(`target Go ${version} (go env GOVERSION: go${version}`);
      expect(runtimeNote).toContain(`generating Go ${version} testDeps`);
      const mod = join(dir, 'mod');
      expect(readdirSync(join(mod, 'coverage')).sort()).toEqual([
        'zz_generated_coverage.go',
        'zz_generated_coverage_disabled.go',
        'zz_generated_coverage_endpoint.go',
        'zz_generated_coverage_testdeps.go',
      ]);
      expect(existsSync(join(mod, 'app', 'zz_generated_ticker_test.go'))).toBe(true);
      expect(run(join(dirname(goBin), 'gofmt'), ['-l', mod], { env })).toBe('');
    });

    it('rewrites the profile periodically with growing counts; own flags work; final flush when main returns', async () => {
      const out = join(dir, 'periodic', 'ticker.cov');
      mkdirSync(dirname(out), { recursive: true });
      const p = new Program(bin, ['-greeting', 'hey'], { ...env, KUBE_COVERAGE_FILE: out, KUBE_COVERAGE_FLUSH_INTERVAL: '1s' });
      await waitFor(() => p.stdout.includes('greeting=hey\n'), 'greeting', p);
      await p.tick(2);
      const first = await waitFor(() => {
        const s = readSnapshot(out);
        return s && tickCount(s, 'app') === 2 ? s : null;
      }, 'a snapshot with 2 ticks', p);
      expect(first.mode).toBe('count');
      await p.tick(3);
      const second = await waitFor(() => {
        const s = readSnapshot(out);
        return s && tickCount(s, 'app') === 5 ? s : null;
      }, 'a snapshot with 5 ticks', p);
      expectGrown(first, second);
      p.send('quit');
      expect(await p.exited).toEqual({ code: 0, signal: null });
      expect(p.stdout).toContain('ticks=5\n');
      expect(p.stdout).toMatch(/^PASS\ncoverage: [\d.]+% of statements/m); // printed by every flush
      const last = readSnapshot(out)!;
      expect(tickCount(last, 'app')).toBe(5);
      expectGrown(second, last);
      expect(existsSync(`${out}.tmp`)).toBe(false);
      // The shim's own code is instrumented too, in zz_generated files that filters can drop.
      expect(last.files.some((f) => f.name === 'example.com/ticker/coverage/zz_generated_coverage.go')).toBe(true);
    });

    it('writes the final profile when main returns, before any periodic flush', async () => {
      const out = join(dir, 'final.cov');
      const p = new Program(bin, [], { ...env, KUBE_COVERAGE_FILE: out, KUBE_COVERAGE_FLUSH_INTERVAL: '1h' });
      await p.tick(2);
      expect(existsSync(out)).toBe(false);
      p.send('quit');
      expect(await p.exited).toEqual({ code: 0, signal: null });
      expect(tickCount(readSnapshot(out)!, 'app')).toBe(2);
    });

    it('flushes on SIGTERM and exits 143', async () => {
      const out = join(dir, 'sigterm.cov');
      const p = new Program(bin, [], { ...env, KUBE_COVERAGE_FILE: out, KUBE_COVERAGE_FLUSH_INTERVAL: '1h' });
      await p.tick(3);
      p.child.kill('SIGTERM');
      expect(await p.exited).toEqual({ code: 143, signal: null });
      expect(tickCount(readSnapshot(out)!, 'app')).toBe(3);
    });

    it('KUBE_COVERAGE_FLUSH_ON_SIGNAL=false leaves SIGTERM alone (nothing flushed)', async () => {
      const out = join(dir, 'nosignal.cov');
      const p = new Program(bin, [], { ...env, KUBE_COVERAGE_FILE: out, KUBE_COVERAGE_FLUSH_INTERVAL: '1h', KUBE_COVERAGE_FLUSH_ON_SIGNAL: 'false' });
      await p.tick(1);
      p.child.kill('SIGTERM');
      expect(await p.exited).toEqual({ code: null, signal: 'SIGTERM' });
      expect(existsSync(out)).toBe(false);
    });

    it('pitfall: os.Exit in main skips the final flush', async () => {
      const out = join(dir, 'exit.cov');
      const p = new Program(bin, [], { ...env, KUBE_COVERAGE_FILE: out, KUBE_COVERAGE_FLUSH_INTERVAL: '1h' });
      await p.tick(1);
      p.send('exit');
      expect(await p.exited).toEqual({ code: 7, signal: null });
      expect(existsSync(out)).toBe(false);
      // Go >= 1.20 test binaries use runtime coverage: its exit hook warns (docs/instrument.md, Pitfalls).
      if (version === '1.23') expect(p.stderr).toContain('warning: GOCOVERDIR not set, no coverage data emitted\n');
      else expect(p.stderr).not.toContain('GOCOVERDIR');
    });

    it('fails loudly on an invalid interval or an unwritable destination', async () => {
      const bad = new Program(bin, [], { ...env, KUBE_COVERAGE_FILE: join(dir, 'x.cov'), KUBE_COVERAGE_FLUSH_INTERVAL: 'banana' });
      bad.child.stdin!.end();
      expect((await bad.exited).code).not.toBe(0);
      expect(bad.stderr).toContain('KUBE_COVERAGE_FLUSH_INTERVAL="banana" is not a positive duration');
      const nodir = new Program(bin, [], { ...env, KUBE_COVERAGE_FILE: join(dir, 'missing', 'x.cov') });
      nodir.child.stdin!.end();
      expect((await nodir.exited).code).not.toBe(0);
      expect(nodir.stderr).toContain('cannot write the coverage profile (KUBE_COVERAGE_FILE)');
      expect(nodir.stdout).not.toContain('greeting=');
    });
  });
}

const go123 = goOrSkip('1.23');
describe.skipIf(!go123)('Go 1.23: go build -cover flusher (instrument flusher)', () => {
  const goBin = go123!;
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  let bin = '';
  let countBin = '';

  beforeAll(async () => {
    dir = tempDir('gopherage-flusher-');
    env = goTestEnv(goBin, dir);
    const mod = join(dir, 'mod');
    cpSync(TICKER, mod, { recursive: true });
    const r = await runCli(['instrument', 'flusher', join(mod, 'app'), '--flush-on-signal']);
    expect(r.code, r.stderr).toBe(0);
    expect(run(join(dirname(goBin), 'gofmt'), ['-l', mod], { env })).toBe('');
    bin = join(dir, 'ticker');
    run(goBin, ['build', '-cover', '-covermode=atomic', '-o', bin, './app'], { cwd: mod, env });
    run(goBin, ['vet', './...'], { cwd: mod, env });
    countBin = join(dir, 'ticker-count');
    run(goBin, ['build', '-cover', '-covermode=count', '-o', countBin, './app'], { cwd: mod, env });
  });

  const counterFiles = (d: string) => (existsSync(d) ? readdirSync(d).filter((f) => f.startsWith('covcounters.')).length : 0);
  const textfmt = (d: string): Profile => {
    const out = join(dir, `textfmt-${Math.random().toString(36).slice(2)}.cov`);
    run(goBin, ['tool', 'covdata', 'textfmt', `-i=${d}`, `-o=${out}`], { env });
    return parseProfileString(readFileSync(out, 'utf8'), out);
  };

  it('writes delta snapshots: covdata totals equal the true number of ticks', async () => {
    const cov = join(dir, 'periodic');
    mkdirSync(cov);
    const p = new Program(bin, ['-greeting', 'hey'], { ...env, GOCOVERDIR: cov, GOCOVERDIR_FLUSH_INTERVAL: '1s' });
    await waitFor(() => p.stdout.includes('greeting=hey\n'), 'greeting', p);
    // Ticks are sent just after a flush, far from the next one (see docs: an
    // increment between WriteCountersDir and ClearCounters would be lost).
    await waitFor(() => counterFiles(cov) >= 1, 'a first counter file', p);
    await p.tick(3);
    const n = counterFiles(cov);
    await waitFor(() => counterFiles(cov) > n, 'the next counter file', p);
    const first = textfmt(cov);
    expect(first.mode).toBe('atomic');
    expect(tickCount(first, 'app')).toBe(3);
    await p.tick(2);
    const m = counterFiles(cov);
    await waitFor(() => counterFiles(cov) > m + 1, 'two more counter files', p);
    const second = textfmt(cov);
    expect(tickCount(second, 'app')).toBe(5); // not 3+3+5+5: each file holds a delta
    expectGrown(first, second);
    await p.tick(1);
    p.send('quit');
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stdout).toContain('ticks=6\n');
    const last = textfmt(cov);
    expect(tickCount(last, 'app')).toBe(6); // the exit hook wrote the remainder only
    expectGrown(second, last);
  });

  it('exits 143 on SIGTERM and Go writes the counts since the last flush', async () => {
    const cov = join(dir, 'sigterm');
    mkdirSync(cov);
    const p = new Program(bin, [], { ...env, GOCOVERDIR: cov, GOCOVERDIR_FLUSH_INTERVAL: '1h' });
    await p.tick(2);
    p.child.kill('SIGTERM');
    expect(await p.exited).toEqual({ code: 143, signal: null });
    expect(tickCount(textfmt(cov), 'app')).toBe(2);
  });

  it('does nothing without GOCOVERDIR', async () => {
    const p = new Program(bin, [], env);
    await p.tick(1);
    p.send('quit');
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stderr).not.toContain('coverage:'); // (Go itself warns "GOCOVERDIR not set")
    expect(readdirSync(dir).filter((f) => f.startsWith('cov'))).toEqual([]);
  });

  it('refuses a -covermode=count binary (clearing counters needs atomic)', async () => {
    const cov = join(dir, 'count');
    mkdirSync(cov);
    const p = new Program(countBin, [], { ...env, GOCOVERDIR: cov });
    p.child.stdin!.end();
    expect((await p.exited).code).toBe(2);
    expect(p.stderr).toContain('needs a binary built with go build -cover -covermode=atomic');
    expect(counterFiles(cov)).toBe(0);
  });
});
