// `collect` without Go: the tar container (made by GNU tar from a real
// GOCOVERDIR), target URLs and @files, never-colliding GOCOVERDIR names, and
// the CLI against stand-in endpoints on 127.0.0.1 (retries, 401s, resets,
// text and GOCOVERDIR answers). The real endpoints are tested in
// test/live.go.test.ts.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCovDirFiles } from '../src/collect/covdir.js';
import { decodePayload } from '../src/collect/payload.js';
import { coverageUrl, parseTargetList, resetUrl } from '../src/collect/pull.js';
import { isTar, readTar } from '../src/collect/tar.js';
import { readCovDirProfile } from '../src/covdata/readCovDir.js';
import { formatProfile } from '../src/profile/writer.js';
import { BIN, runCli, tempDir, TESTDATA } from './helpers.js';

const COVDIR = join(TESTDATA, 'covdata', 'gocoverdir');

/** A ustar archive of the fixture GOCOVERDIR, made by GNU tar. */
function fixtureTar(dir = COVDIR): Buffer {
  const r = spawnSync('tar', ['--format=ustar', '-cf', '-', '-C', dir, ...readdirSync(dir).sort()], { maxBuffer: 1 << 26 });
  expect(r.status, r.stderr?.toString()).toBe(0);
  return r.stdout;
}

describe('tar container', () => {
  it('reads the files GNU tar packed, and decodes them as the GOCOVERDIR they came from', async () => {
    const tar = fixtureTar();
    expect(isTar(tar)).toBe(true);
    const files = readTar(tar, 't');
    expect([...files.keys()].sort()).toEqual(readdirSync(COVDIR).sort());
    for (const [name, data] of files) expect(Buffer.from(data).equals(readFileSync(join(COVDIR, name)))).toBe(true);
    const payload = await decodePayload(tar, 'http://x');
    expect(formatProfile(payload.profile)).toBe(formatProfile(await readCovDirProfile(COVDIR)));
  });

  it('rejects truncated archives and entries that are not plain files', () => {
    const tar = fixtureTar();
    expect(() => readTar(tar.subarray(0, 1024 + 100), 'cut')).toThrow(/truncated/);
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'covmeta.x'), 'x');
    const nested = spawnSync('tar', ['--format=ustar', '-cf', '-', '-C', dir, 'sub/covmeta.x']).stdout;
    expect(() => readTar(nested, 'n')).toThrow(/entry name "sub\/covmeta.x" is not a plain file name/);
    expect(isTar(Buffer.from('mode: set\n'))).toBe(false);
  });
});

describe('targets', () => {
  it('URLs get /coverage unless they end with it; reset appends /reset', () => {
    expect(coverageUrl('http://127.0.0.1:9999')).toBe('http://127.0.0.1:9999/coverage');
    expect(coverageUrl('http://h:1/base/')).toBe('http://h:1/base/coverage');
    expect(coverageUrl('https://h/coverage')).toBe('https://h/coverage');
    expect(resetUrl('http://h:1')).toBe('http://h:1/coverage/reset');
    expect(() => coverageUrl('h:1')).toThrow(/only http and https URLs/);
    expect(() => coverageUrl('not a url')).toThrow(/is not a URL/);
    expect(parseTargetList('# pods\nhttp://a:1\r\n\n  http://b:2  \n')).toEqual(['http://a:1', 'http://b:2']);
  });
});

describe('--covdir names', () => {
  it('never collide: the meta file is shared, each counter file gets a free name', async () => {
    const dir = tempDir();
    const files = readTar(fixtureTar(), 't');
    const first = await writeCovDirFiles(dir, files);
    const second = await writeCovDirFiles(dir, files);
    expect(first).toHaveLength(5);
    expect(second).toHaveLength(4); // the meta-data file is already there, with the same bytes
    expect(new Set([...first, ...second]).size).toBe(9);
    const once = await readCovDirProfile(COVDIR);
    const twice = await readCovDirProfile(dir);
    twice.files.forEach((f, k) => f.counts.forEach((c, i) => expect(c).toBe(2 * once.files[k]!.counts[i]!)));
  });
});

/** A stand-in endpoint on 127.0.0.1 that records what it was asked. */
async function endpoint(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<{ url: string; calls: string[]; server: Server }> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    calls.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
    handler(req, res, calls.length);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, calls, server };
}
const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const TEXT = 'mode: count\nexample.com/m/a.go:1.1,2.2 1 4\n';

describe('gopherage collect', () => {
  it('merges a GOCOVERDIR answer and a text answer; --reset posts to each target after collecting', async () => {
    const tar = fixtureTar();
    const a = await endpoint((req, res) => res.end(req.method === 'GET' ? tar : 'ok'));
    const b = await endpoint((req, res) => res.end(req.method === 'GET' ? TEXT : 'ok'));
    const dir = tempDir();
    const r = await runCli(['collect', a.url, `${b.url}/coverage`, '--reset', '-o', join(dir, 'out.cov'), '--token', 'tk', '--covdir', join(dir, 'cd')]);
    expect(r.code, r.stderr).toBe(0);
    expect(a.calls).toEqual(['GET /coverage Bearer tk', 'POST /coverage/reset Bearer tk']);
    expect(b.calls).toEqual(['GET /coverage Bearer tk', 'POST /coverage/reset Bearer tk']);
    writeFileSync(join(dir, 'b.cov'), TEXT);
    const want = await runCli(['merge', COVDIR, join(dir, 'b.cov')]);
    expect(want.code, want.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out.cov'), 'utf8')).toBe(want.stdout);
    expect(r.stderr).toContain(`gopherage: warning: ${b.url}/coverage: a text profile (TestMain shim), not written to --covdir`);
    expect(readdirSync(join(dir, 'cd')).sort()).toEqual(readdirSync(COVDIR).sort());
  });

  it('retries 503 with backoff; does not retry 401; names failed targets; exit 3 only when nothing landed or --require-all', async () => {
    const flaky = await endpoint((_req, res, n) => {
      if (n <= 2) {
        res.writeHead(503, { 'retry-after': '1' });
        res.end('coverage: busy with another request, retry\n');
      } else res.end(TEXT);
    });
    const locked = await endpoint((_req, res) => {
      res.writeHead(401);
      res.end('coverage: missing or wrong bearer token\n');
    });
    const ok = await runCli(['collect', flaky.url, locked.url]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe(TEXT);
    expect(flaky.calls).toHaveLength(3);
    expect(locked.calls).toHaveLength(1);
    expect(ok.stderr).toContain(`gopherage: warning: ${locked.url}: GET ${locked.url}/coverage: HTTP 401: coverage: missing or wrong bearer token\n`);
    const strict = await runCli(['collect', locked.url, '--require-all']);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain(`gopherage: no target collected (${locked.url})`);
  });

  it('a target that does not decode, or disagrees with the others, is named; the rest land', async () => {
    const good = await endpoint((_req, res) => res.end(TEXT));
    const garbage = await endpoint((_req, res) => res.end('hello\n'));
    const other = await endpoint((_req, res) => res.end('mode: set\nexample.com/m/a.go:1.1,2.2 1 1\n'));
    const r = await runCli(['collect', good.url, garbage.url, other.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(TEXT);
    expect(r.stderr).toContain(`gopherage: warning: ${garbage.url}:`);
    expect(r.stderr).toContain(`gopherage: warning: ${other.url}:`);
    expect(r.stderr).toContain('collected 1 of 3 targets');
  });

  it('a target that never answers times out and is named; the others land', async () => {
    const hung = await endpoint(() => undefined); // accepts, never answers
    const good = await endpoint((_req, res) => res.end(TEXT));
    const r = await runCli(['collect', hung.url, good.url, '--timeout', '300ms', '--retries', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(TEXT);
    expect(r.stderr).toContain(`gopherage: warning: ${hung.url}: GET ${hung.url}/coverage: timed out after 300 ms\n`);
    hung.server.closeAllConnections();
  });

  it('usage and input errors', async () => {
    const bad = await runCli(['collect', 'ftp://x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('gopherage: target "ftp://x": only http and https URLs');
    const missing = await runCli(['collect', '@/nonexistent/targets.txt']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('/nonexistent/targets.txt');
    expect((await runCli(['collect', 'http://127.0.0.1:1', '--token', 'a', '--token-file', 'b'])).code).toBe(2);
    expect((await runCli(['collect', 'http://127.0.0.1:1', '--timeout', 'soon'])).code).toBe(2);
    expect((await runCli(['collect', 'http://127.0.0.1:1', '--concurrency', '0'])).code).toBe(2);
  });
});

// `script` (util-linux) runs the command on a pseudo-terminal; spawned
// asynchronously, since the stand-in endpoints answer from this process.
const hasScript = spawnSync('script', ['--version']).status === 0;
describe.skipIf(!hasScript)('collect progress', () => {
  it('is shown on a terminal stderr, not on a pipe', async () => {
    const a = await endpoint((_req, res) => res.end(TEXT));
    const b = await endpoint((_req, res) => res.end(TEXT));
    const out = join(tempDir(), 'o.cov');
    const args = ['collect', a.url, b.url, '-o', out];
    const quote = (x: string): string => `'${x.replace(/'/g, `'\\''`)}'`;
    const tty = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn('script', ['-qec', [process.execPath, BIN, ...args].map(quote).join(' '), '/dev/null']);
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('close', (code) => resolve({ code, out: text }));
    });
    expect(tty.code, tty.out).toBe(0);
    expect(tty.out).toContain('\rgopherage: pulled 2/2 targets ');
    const piped = await runCli(args);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('gopherage: collected 2 of 2 targets\n');
  });
});
