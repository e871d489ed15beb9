// Shared test helpers: run the built CLI as a real process, find Go
// toolchains, make temp dirs. CLI tests need `dist/` (npm test builds first).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'vitest';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin', 'gopherage.js');
export const TESTDATA = join(ROOT, 'testdata');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  stdin?: string | Buffer;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** Run `gopherage ARGS...` as a child process (bin/gopherage.js) and collect everything it says. */
export function runCliProcess(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: env as NodeJS.ProcessEnv });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolvePromise({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.end(opts.stdin ?? '');
  });
}

/**
 * Run `gopherage ARGS...` inside this test process: the same `main()` of
 * dist/cli/main.js that bin/gopherage.js calls, with argv, stdin, stdout,
 * stderr, the environment and the working directory swapped in for the call
 * and restored after it (calls are queued, one at a time). No process
 * start-up and no module loading per run: the unit tier's runCli.
 */
export function runCliInProcess(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  const result = inProcessQueue.then(() => inProcess(args, opts));
  inProcessQueue = result.catch(() => undefined);
  return result;
}

let inProcessQueue: Promise<unknown> = Promise.resolve();

async function inProcess(args: readonly string[], opts: CliOptions): Promise<CliResult> {
  const { main } = (await import(pathToFileURL(join(ROOT, 'dist', 'cli', 'main.js')).href)) as { main: (argv: readonly string[]) => Promise<number> };
  const collect = (into: Buffer[]): Writable =>
    new Writable({
      write(chunk: Buffer | string, encoding: BufferEncoding, done: () => void) {
        into.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding));
        done();
      },
    });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdin = new PassThrough();
  stdin.end(opts.stdin ?? '');
  const streams = { stdin, stdout: collect(out), stderr: collect(err) };
  const saved = Object.fromEntries(Object.keys(streams).map((k) => [k, Object.getOwnPropertyDescriptor(process, k)!]));
  const savedEnv = { ...process.env };
  const savedCwd = process.cwd();
  try {
    for (const [k, v] of Object.entries({ NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env })) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    process.chdir(opts.cwd ?? ROOT);
    for (const [k, v] of Object.entries(streams)) Object.defineProperty(process, k, { value: v, configurable: true, writable: true });
    const code = await main([process.execPath, BIN, ...args]);
    return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
  } finally {
    for (const [k, d] of Object.entries(saved)) Object.defineProperty(process, k, d);
    process.chdir(savedCwd);
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
    Object.assign(process.env, savedEnv);
  }
}

/**
 * Run `gopherage ARGS...`. In `npm test` (and CI) a real child process; in
 * the unit tier (`npm run test:unit`) the same main() in-process
 * (runCliInProcess), since process start-up is most of a small run. Tests
 * about the process itself (pipes, signals, exit status of bin/) call
 * runCliProcess.
 */
export function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  return UNIT_TIER ? runCliInProcess(args, opts) : runCliProcess(args, opts);
}

/**
 * The Go build cache every test shares: Go's cache is safe for concurrent use,
 * and one warm cache saves each test a cold build of the runtime with coverage.
 */
export const GO_TEST_CACHE = join(tmpdir(), 'gopherage-test-gocache');

/** Write `text` to `root/rel`, making the directories on the way (fixture trees built in tests). */
export function putFile(root: string, rel: string, text: string): void {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
}

/** The environment for running Go in a test: toolchain `go`, no network or user settings, the shared cache, GOPATH under `home`. */
export function goTestEnv(go: string, home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${dirname(go)}:${process.env.PATH ?? ''}`,
    GOTOOLCHAIN: 'local',
    GOPROXY: 'off',
    GOFLAGS: '',
    GOENV: 'off',
    GO111MODULE: 'on',
    CGO_ENABLED: '0',
    GOCACHE: GO_TEST_CACHE,
    GOPATH: join(home, 'gopath'),
  };
}

/**
 * Build test/go/coverref (golang.org/x/tools/cover's parser, printing profiles
 * as gopherage does; Debian's x/tools under /usr/share/gocode) and return the binary.
 */
export function buildCoverref(go: string): string {
  const out = join(tempDir(), 'coverref');
  const env = { ...process.env, GOPATH: `${join(ROOT, 'test/go/coverref')}:/usr/share/gocode`, GO111MODULE: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local', GOCACHE: GO_TEST_CACHE };
  run(go, ['build', '-o', out, 'coverref'], { env, cwd: ROOT });
  return out;
}

/** A fresh temp directory. */
export function tempDir(prefix = 'gopherage-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * `npm run test:unit` (GOPHERAGE_TEST_TIER=unit) is the fast tier of the edit
 * loop: tests that need Go, its sources or Chromium skip there, saying so,
 * even under CI. `npm test` (what CI runs) runs everything.
 */
export const UNIT_TIER = process.env.GOPHERAGE_TEST_TIER === 'unit';

/** True (after saying so) when the unit tier skips a test that needs `what`. */
export function tierSkips(what: string): boolean {
  if (!UNIT_TIER) return false;
  console.warn(`skipping in the unit tier: needs ${what} (npm test runs it)`);
  return true;
}

/**
 * Path to the `go` binary of a Debian Go toolchain (`1.19`, `1.23`), or null.
 * Tests that need Go call `goOrSkip()`: under CI (env CI set) a missing Go is a
 * failure, locally the test is skipped with a message.
 */
export function findGo(version: '1.19' | '1.23'): string | null {
  const p = `/usr/lib/go-${version}/bin/go`;
  if (existsSync(p)) return p;
  return null;
}

/** Decide whether Go-dependent tests run: returns the go binary, or null to skip (never under CI). */
export function goOrSkip(version: '1.19' | '1.23'): string | null {
  if (tierSkips(`Go ${version}`)) return null;
  const go = findGo(version);
  if (go) return go;
  if (process.env.CI) throw new Error(`Go ${version} is required under CI (install golang-${version}-go); see .ci/run`);
  console.warn(`skipping: Go ${version} not installed (/usr/lib/go-${version}/bin/go) and CI is unset`);
  return null;
}

/** Run a command synchronously, failing loudly with its output. */
export function run(cmd: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Compare `actual` with the golden file at `path`. With UPDATE_GOLDEN=1 (and
 * never under CI) the file is rewritten instead: review the diff.
 */
export function expectGolden(path: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN && !process.env.CI) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`missing golden ${path}: run with UPDATE_GOLDEN=1 and review the diff`);
  expect(actual, path).toBe(readFileSync(path, 'utf8'));
}

/** The first ```js block of the README's "## Library API" section (run by api.test.ts and package.test.ts). */
export function readmeLibraryExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Library API\n');
  if (start < 0) throw new Error('README.md has no "## Library API" section');
  const block = /```js\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!block) throw new Error('README.md "## Library API" has no ```js block');
  return block[1];
}

/** What a README example says it prints: the text after each `// prints: ` comment, one line each, in order. */
export function promisedOutput(code: string): string {
  return code
    .split('\n')
    .flatMap((l) => /\/\/ prints: (.*)$/.exec(l)?.slice(1) ?? [])
    .join('\n');
}
