// Live coverage, end to end with real Go: the multi-package service in
// testdata/instrument/service is built as a TestMain shim (Go 1.19, Go 1.23)
// and as a `go build -cover` binary with the flusher (Go 1.23), run with the
// coverage endpoint on 127.0.0.1:0, driven with real requests and collected
// with `gopherage collect`. Counts are checked exactly; `-cover` output is
// compared with `go tool covdata textfmt`. All traffic stays on 127.0.0.1.

import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePayload } from '../src/collect/payload.js';
import { parseProfileString } from '../src/profile/parser.js';
import type { Profile } from '../src/profile/model.js';
import { goOrSkip, run, runCli, tempDir, TESTDATA, goTestEnv } from './helpers.js';

const SERVICE = join(TESTDATA, 'instrument', 'service');
const SUM_SRC = readFileSync(join(SERVICE, 'internal', 'sum', 'sum.go'), 'utf8').split('\n');
const HELLO_SRC = readFileSync(join(SERVICE, 'internal', 'hello', 'hello.go'), 'utf8').split('\n');
/** Line of the loop body of sum (runs n times per request) and of hello's named answer. */
const SUM_LOOP = SUM_SRC.findIndex((l) => l.includes('for i := 1')) + 1;
const HELLO_NAMED = HELLO_SRC.findIndex((l) => l.includes('"%s, %s\\n"')) + 1;


/** Count of the block starting at `line` of `file` (the first such block). */
function countAt(p: Profile, file: string, line: number): number {
  const f = p.files.find((x) => x.name === `example.com/service/${file}`);
  if (!f) throw new Error(`no ${file} in profile`);
  for (let i = 0; i < f.counts.length; i++) if (f.pos[4 * i] === line) return f.counts[i]!;
  throw new Error(`no block at ${file}:${line}`);
}

/** A running service: its own URL and its coverage endpoint URL (both parsed from its output). */
class Service {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  constructor(bin: string, args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((r) => this.child.on('exit', (code) => r(code)));
  }
  async url(): Promise<string> {
    return waitFor(() => /listening on (http:\/\/\S+)/.exec(this.stdout)?.[1], 'the service address', this);
  }
  async endpoint(): Promise<string> {
    return waitFor(() => /serving coverage on (http:\/\/\S+)/.exec(this.stderr)?.[1], 'the coverage endpoint', this);
  }
  async get(path: string, times = 1): Promise<string> {
    const base = await this.url();
    let body = '';
    for (let i = 0; i < times; i++) body = await (await fetch(`${base}${path}`)).text();
    return body;
  }
  async stop(): Promise<void> {
    this.child.stdin!.end();
    await this.exited;
  }
}

/** Poll until `cond` gives a value; a hang guard with a generous deadline, not a timing assertion. */
async function waitFor<T>(cond: () => T | undefined | null | false, what: string, svc?: Service, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = cond();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\nstdout:\n${svc?.stdout ?? ''}\nstderr:\n${svc?.stderr ?? ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function collect(dir: string, args: string[]): Promise<{ code: number; stderr: string; profile: Profile | null }> {
  const out = join(dir, `c-${Math.random().toString(36).slice(2)}.cov`);
  const r = await runCli(['collect', ...args, '-o', out]);
  let profile: Profile | null = null;
  try {
    profile = parseProfileString(readFileSync(out, 'utf8'), out);
  } catch {
    profile = null;
  }
  return { code: r.code, stderr: r.stderr, profile };
}

/** Exact counts and reset, the same for every way of building. */
function exactCountTests(get: () => { bin: string; env: NodeJS.ProcessEnv; dir: string; extraEnv: NodeJS.ProcessEnv }): void {
  it('collect gives exact counts; --reset then M requests gives exactly M; own flags work', async () => {
    const { bin, env, dir, extraEnv } = get();
    const svc = new Service(bin, ['-greeting', 'hey'], { ...env, ...extraEnv, GOPHERAGE_COVERAGE_ADDR: '127.0.0.1:0' });
    try {
      const endpoint = await svc.endpoint();
      expect(await svc.get('/hello?name=ann', 5)).toBe('hey, ann\n');
      expect(await svc.get('/sum?n=3', 7)).toBe('6\n');
      const first = await collect(dir, [endpoint, '--reset']);
      expect(first.code, first.stderr).toBe(0);
      expect(countAt(first.profile!, 'internal/hello/hello.go', HELLO_NAMED)).toBe(5);
      expect(countAt(first.profile!, 'internal/sum/sum.go', SUM_LOOP)).toBe(21);
      await svc.get('/sum?n=4', 2);
      const second = await collect(dir, [endpoint]);
      expect(second.code, second.stderr).toBe(0);
      expect(countAt(second.profile!, 'internal/sum/sum.go', SUM_LOOP)).toBe(8);
      expect(countAt(second.profile!, 'internal/hello/hello.go', HELLO_NAMED)).toBe(0);
    } finally {
      await svc.stop();
    }
  });
}

const go119 = goOrSkip('1.19');
const go123 = goOrSkip('1.23');

for (const [version, goBin] of [['1.19', go119], ['1.23', go123]] as const) {
  describe.skipIf(!goBin)(`Go ${version}: live coverage from a go test -c shim`, () => {
    let dir = '';
    let env: NodeJS.ProcessEnv = {};
    let bin = '';
    beforeAll(async () => {
      dir = tempDir('gopherage-live-shim-');
      env = goTestEnv(goBin!, dir);
      const mod = join(dir, 'mod');
      cpSync(SERVICE, mod, { recursive: true });
      for (const args of [['runtime', join(mod, 'coverage')], ['testmain', join(mod, 'cmd', 'service'), '--name', 'service'], ['flusher', join(mod, 'cmd', 'service')]]) {
        const r = await runCli(['instrument', ...args], { env: { PATH: env.PATH } });
        expect(r.code, r.stderr).toBe(0);
      }
      expect(run(join(dirname(goBin!), 'gofmt'), ['-l', mod], { env })).toBe('');
      bin = join(dir, 'service.test');
      // Go >= 1.20 resets with runtime/coverage.ClearCounters, which needs atomic mode.
      const mode = version === '1.19' ? 'count' : 'atomic';
      run(goBin!, ['test', '-c', `-covermode=${mode}`, '-coverpkg=./...', '-tags', 'coverage', '-o', bin, './cmd/service'], { cwd: mod, env });
      run(goBin!, ['vet', '-tags', 'coverage', './...'], { cwd: mod, env });
    }, 600_000);

    it('the module, holding the -cover flusher too, still builds and runs without -cover (//go:build go1.20)', async () => {
      const plain = join(dir, 'plain');
      run(goBin!, ['build', '-o', plain, './cmd/service'], { cwd: join(dir, 'mod'), env });
      const svc = new Service(plain, ['-greeting', 'hi'], { ...env, GOPHERAGE_COVERAGE_ADDR: '127.0.0.1:0' });
      expect(await svc.get('/sum?n=3')).toBe('6\n');
      await svc.stop();
      // Go 1.19 leaves the flusher out; Go 1.23 compiles it, and without -cover its endpoint stays off.
      if (version === '1.19') expect(svc.stderr).toBe('');
      else expect(svc.stderr).toContain('coverage: endpoint not started: this binary has no coverage data (built without -cover?)');
    }, 300_000);

    exactCountTests(() => ({ bin, env, dir, extraEnv: { KUBE_COVERAGE_FILE: join(dir, 'service.cov'), KUBE_COVERAGE_FLUSH_INTERVAL: '1h' } }));

    if (version !== '1.19') it('Go >= 1.20 shim built with -covermode=count: GET works, reset is a clear 409', async () => {
      const countBin = join(dir, 'service-count.test');
      run(goBin!, ['test', '-c', '-covermode=count', '-coverpkg=./...', '-tags', 'coverage', '-o', countBin, './cmd/service'], { cwd: join(dir, 'mod'), env });
      const svc = new Service(countBin, [], { ...env, KUBE_COVERAGE_FILE: join(dir, 'count.cov'), GOPHERAGE_COVERAGE_ADDR: '127.0.0.1:0' });
      try {
        await svc.get('/sum?n=2', 3);
        const endpoint = await svc.endpoint();
        const r = await collect(dir, [endpoint]);
        expect(r.code, r.stderr).toBe(0);
        expect(countAt(r.profile!, 'internal/sum/sum.go', SUM_LOOP)).toBe(6);
        const reset = await fetch(`${endpoint}/reset`, { method: 'POST' });
        expect(reset.status).toBe(409);
        expect(await reset.text()).toContain('coverage: cannot reset: ClearCounters invoked for program built with -covermode=count (please use -covermode=atomic)');
        const failed = await collect(dir, [endpoint, '--reset']);
        expect(failed.code).toBe(0); // the counts landed; the reset failure is reported
        expect(failed.stderr).toContain(`gopherage: warning: ${endpoint}: POST ${endpoint}/reset: HTTP 409`);
      } finally {
        await svc.stop();
      }
    }, 300_000);

    it('wrong or missing token: 401, collect exits 3 naming the target', async () => {
      const svc = new Service(bin, [], { ...env, KUBE_COVERAGE_FILE: join(dir, 'tok.cov'), GOPHERAGE_COVERAGE_ADDR: '127.0.0.1:0', GOPHERAGE_COVERAGE_TOKEN: 's3cret' });
      try {
        const endpoint = await svc.endpoint();
        expect((await fetch(endpoint)).status).toBe(401);
        for (const extra of [[], ['--token', 'wrong']]) {
          const r = await collect(dir, [endpoint, ...extra]);
          expect(r.code).toBe(3);
          expect(r.stderr).toContain(`${endpoint}: GET ${endpoint}: HTTP 401`);
        }
        writeFileSync(join(dir, 'token'), 's3cret\n');
        const ok = await collect(dir, [endpoint, '--token-file', join(dir, 'token')]);
        expect(ok.code, ok.stderr).toBe(0);
        expect(ok.profile!.mode).toBe(version === '1.19' ? 'count' : 'atomic');
      } finally {
        await svc.stop();
      }
    });
  });
}

describe.skipIf(!go123)('Go 1.23: live coverage from a go build -cover binary (flusher)', () => {
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  let bin = '';
  let countBin = '';
  const running: Service[] = [];
  const start = (extra: NodeJS.ProcessEnv = {}, args: string[] = []): Service => {
    const s = new Service(bin, args, { ...env, GOPHERAGE_COVERAGE_ADDR: '127.0.0.1:0', ...extra });
    running.push(s);
    return s;
  };
  beforeAll(async () => {
    dir = tempDir('gopherage-live-cover-');
    env = goTestEnv(go123!, dir);
    const mod = join(dir, 'mod');
    cpSync(SERVICE, mod, { recursive: true });
    const r = await runCli(['instrument', 'flusher', join(mod, 'cmd', 'service')]);
    expect(r.code, r.stderr).toBe(0);
    bin = join(dir, 'service');
    run(go123!, ['build', '-cover', '-covermode=atomic', '-coverpkg=./...', '-o', bin, './cmd/service'], { cwd: mod, env });
    countBin = join(dir, 'service-count');
    run(go123!, ['build', '-cover', '-covermode=count', '-coverpkg=./...', '-o', countBin, './cmd/service'], { cwd: mod, env });
  }, 600_000);
  afterAll(async () => {
    for (const s of running) s.child.kill('SIGKILL');
  });

  exactCountTests(() => ({ bin, env, dir, extraEnv: {} }));

  it('output equals go tool covdata textfmt of the same data; --covdir is a valid GOCOVERDIR', async () => {
    const a = start();
    const b = start();
    await a.get('/sum?n=5', 3);
    await b.get('/hello', 2);
    const covdir = join(dir, 'covdir');
    const out = join(dir, 'both.cov');
    const r = await runCli(['collect', await a.endpoint(), await b.endpoint(), '--covdir', covdir, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const names = readdirSync(covdir).sort();
    expect(names.filter((n) => n.startsWith('covmeta.'))).toHaveLength(1);
    expect(names.filter((n) => n.startsWith('covcounters.'))).toHaveLength(2);
    const textfmt = join(dir, 'textfmt.cov');
    run(go123!, ['tool', 'covdata', 'textfmt', `-i=${covdir}`, `-o=${textfmt}`], { env });
    // Byte-identical: covdata's text of the written GOCOVERDIR = gopherage's reading of it,
    const converted = await runCli(['convert', covdir]);
    expect(converted.stdout).toBe(readFileSync(textfmt, 'utf8'));
    // and collect's merged profile = the same data in canonical order.
    const canonical = await runCli(['merge', textfmt]);
    expect(readFileSync(out, 'utf8')).toBe(canonical.stdout);
    const p = parseProfileString(readFileSync(out, 'utf8'));
    expect(countAt(p, 'internal/sum/sum.go', SUM_LOOP)).toBe(15);
    // Collecting again into the same directory adds files, never overwrites.
    const again = await runCli(['collect', await a.endpoint(), await a.endpoint(), '--covdir', covdir]);
    expect(again.code, again.stderr).toBe(0);
    expect(readdirSync(covdir).filter((n) => n.startsWith('covcounters.'))).toHaveLength(4);
  });

  it('20 services collected concurrently; a killed target and one cut mid-response are named, the rest land', async () => {
    const services = Array.from({ length: 20 }, () => start());
    for (const [i, s] of services.entries()) await s.get('/sum?n=1', i + 1);
    const endpoints = await Promise.all(services.map((s) => s.endpoint()));
    // A target that dies mid-response: headers promise 1 MB, the connection drops after 10 bytes.
    const cut: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-tar', 'content-length': String(1 << 20) });
      res.write('0123456789', () => res.socket?.destroy());
    });
    await new Promise<void>((r) => cut.listen(0, '127.0.0.1', r));
    const cutUrl = `http://127.0.0.1:${(cut.address() as { port: number }).port}`;
    const killed = start();
    const killedUrl = await killed.endpoint();
    killed.child.kill('SIGKILL');
    await killed.exited;
    try {
      const list = join(dir, 'targets.txt');
      writeFileSync(list, `# pods\n${endpoints.join('\n')}\n${cutUrl}\n\n${killedUrl}\n`);
      const r = await collect(dir, [`@${list}`, '--concurrency', '5', '--retries', '1']);
      expect(r.code, r.stderr).toBe(0);
      expect(countAt(r.profile!, 'internal/sum/sum.go', SUM_LOOP)).toBe((20 * 21) / 2);
      expect(r.stderr).toContain(`gopherage: warning: ${cutUrl}: GET ${cutUrl}/coverage:`);
      expect(r.stderr).toContain(`gopherage: warning: ${killedUrl}: GET ${killedUrl}: ECONNREFUSED`);
      expect(r.stderr).toContain('collected 20 of 22 targets');
      const strict = await collect(dir, [`@${list}`, '--concurrency', '5', '--retries', '0', '--require-all']);
      expect(strict.code).toBe(3);
      expect(strict.stderr).toContain(`--require-all: 2 target(s) failed: ${cutUrl}, ${killedUrl}`);
    } finally {
      cut.close();
      await Promise.all(services.map((s) => s.stop()));
    }
  }, 300_000);

  it('with the GOCOVERDIR flush running too, GET still gives the counts since start, and since the reset', async () => {
    const cov = join(dir, 'flushing');
    mkdirSync(cov);
    const s = start({ GOCOVERDIR: cov, GOCOVERDIR_FLUSH_INTERVAL: '1s' });
    const files = () => readdirSync(cov).filter((n) => n.startsWith('covcounters.')).length;
    await s.get('/sum?n=2', 3);
    await waitFor(() => files() >= 2, 'two flushed counter files', s); // the 3 requests are in files now
    // A file of an earlier process with the same pid (pid 1 of a restarted container): not ours.
    const own = readdirSync(cov).filter((n) => n.startsWith('covcounters.'))[0]!;
    const stale = own.replace(/\.\d+$/, '.1000');
    cpSync(join(cov, own), join(cov, stale));
    const endpoint = await s.endpoint();
    const first = await collect(dir, [endpoint, '--reset']);
    expect(first.code, first.stderr).toBe(0);
    expect(countAt(first.profile!, 'internal/sum/sum.go', SUM_LOOP)).toBe(6);
    await s.get('/sum?n=5', 1);
    const n = files();
    await waitFor(() => files() > n, 'another flushed counter file', s);
    const second = await collect(dir, [endpoint]);
    expect(countAt(second.profile!, 'internal/sum/sum.go', SUM_LOOP)).toBe(5);
    await s.stop();
    // The directory itself still sums to everything the process ran.
    rmSync(join(cov, stale));
    const text = join(dir, 'flushing.cov');
    run(go123!, ['tool', 'covdata', 'textfmt', `-i=${cov}`, `-o=${text}`], { env });
    expect(countAt(parseProfileString(readFileSync(text, 'utf8')), 'internal/sum/sum.go', SUM_LOOP)).toBe(11);
  });

  it('concurrent requests: each gets a whole answer or 503 with Retry-After, never a mix', async () => {
    const s = start();
    await s.get('/sum?n=1', 2);
    const endpoint = await s.endpoint();
    const answers = await Promise.all(Array.from({ length: 30 }, async () => {
      const res = await fetch(endpoint);
      return { status: res.status, retry: res.headers.get('retry-after'), body: new Uint8Array(await res.arrayBuffer()) };
    }));
    for (const a of answers) {
      expect([200, 503]).toContain(a.status);
      if (a.status === 503) expect(a.retry).toBe('1');
      else expect(countAt((await decodePayload(a.body, endpoint)).profile, 'internal/sum/sum.go', SUM_LOOP)).toBe(2);
    }
    expect(answers.some((a) => a.status === 200)).toBe(true);
    await s.stop();
  });

  it('a non-loopback address without a token is refused; the program runs on', async () => {
    const s = start({ GOPHERAGE_COVERAGE_ADDR: '0.0.0.0:0' }, ['-greeting', 'yo']);
    expect(await s.get('/hello')).toBe('yo\n');
    await waitFor(() => s.stderr.includes('coverage: endpoint not started: GOPHERAGE_COVERAGE_ADDR="0.0.0.0:0" is not a loopback address and GOPHERAGE_COVERAGE_TOKEN is not set'), 'the refusal', s);
    expect(s.stderr).not.toContain('serving coverage');
    await s.stop();
    expect(s.stdout).toContain('bye\n');
  });

  it('reset of a -covermode=count binary answers a clear error', async () => {
    const s = new Service(countBin, [], { ...env, GOPHERAGE_COVERAGE_ADDR: '127.0.0.1:0' });
    running.push(s);
    const res = await fetch(`${await s.endpoint()}/reset`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('cannot reset (build with -covermode=atomic)');
    await s.stop();
  });

  it('ci --collect-before/--collect-after measures a phase against live services', async () => {
    const s = start();
    await s.get('/sum?n=2', 3);
    const endpoint = await s.endpoint();
    const before = join(dir, 'before.cov');
    const r = await runCli(['collect', endpoint, '-o', before]);
    expect(r.code, r.stderr).toBe(0);
    await s.get('/hello?name=x', 4);
    const list = join(dir, 'ci-targets.txt');
    writeFileSync(list, `${endpoint}\n`);
    const out = join(dir, 'ci-out');
    const ci = await runCli(['ci', '--before', before, '--collect-after', `@${list}`, '--out', out]);
    expect(ci.code, ci.stderr).toBe(0);
    const diff = parseProfileString(readFileSync(join(out, 'diff.cov'), 'utf8'));
    expect(countAt(diff, 'internal/hello/hello.go', HELLO_NAMED)).toBe(4);
    expect(countAt(diff, 'internal/sum/sum.go', SUM_LOOP)).toBe(0);
    // Both sides live (pulled one after the other): nothing ran in between but the endpoint itself.
    const both = await runCli(['ci', '--collect-before', endpoint, '--collect-after', endpoint, '--out', join(dir, 'ci-both')]);
    expect(both.code, both.stderr).toBe(0);
    const none = parseProfileString(readFileSync(join(dir, 'ci-both', 'diff.cov'), 'utf8'));
    expect(countAt(none, 'internal/hello/hello.go', HELLO_NAMED)).toBe(0);
    expect(countAt(none, 'internal/sum/sum.go', SUM_LOOP)).toBe(0);
    // Every live target must land in ci: a dead one fails the run, naming it.
    await s.stop();
    const dead = await runCli(['ci', '--before', before, '--collect-after', endpoint, '--out', join(dir, 'ci-dead')]);
    expect(dead.code).toBe(3);
    expect(dead.stderr).toContain(`gopherage: ${endpoint}: GET ${endpoint}: ECONNREFUSED`);
  });
});
