// Hostile and unlucky inputs (issue 12): long lines on every input path,
// byte file names, numbers as Go reads them, absurd LCOV spans, renamed
// covmeta files. Each case failed before its fix.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { LineParser, MAX_LINE_BYTES, parseProfileString } from '../src/profile/parser.js';
import { formatProfile } from '../src/profile/writer.js';
import { BIN, goOrSkip, ROOT, run, runCli, tempDir } from './helpers.js';

const LIMIT_MSG = /line longer than 16 MiB/;

describe('long lines cost linear time on every input path', () => {
  // A 40 MB line: "mode" then 40 MB of 'a' with no newline (cheap to make, compresses to ~40 KB).
  const body = Buffer.concat([Buffer.from('mode: set\n'), Buffer.alloc(40 << 20, 0x61)]);

  it('a line pushed in 1 KiB chunks hits the line limit (was one copy of the whole carry per chunk)', () => {
    const parser = new LineParser('<chunks>', { mode: () => {}, block: () => {} });
    const step = 1024;
    let err: unknown = null;
    try {
      for (let at = 0; at < body.length; at += step) parser.push(body.subarray(at, at + step));
      parser.end();
    } catch (e) {
      err = e;
    }
    expect(String(err)).toMatch(LIMIT_MSG);
    expect((err as { line?: number }).line).toBe(2);
    expect(MAX_LINE_BYTES).toBe(16 << 20);
  });

  it('gzip file input', async () => {
    const f = join(tempDir(), 'long.cov.gz');
    writeFileSync(f, gzipSync(body, { level: 1 }));
    const r = await runCli(['merge', f]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(LIMIT_MSG);
    expect(r.stderr).toContain(`${f}:2:`);
  });

  it('stdin (a pipe), plain and gzip', () => {
    const dir = tempDir();
    for (const [name, data] of [['long.cov', body], ['long.cov.gz', gzipSync(body, { level: 1 })]] as const) {
      const f = join(dir, name);
      writeFileSync(f, data);
      // `cat f | gopherage merge -`: the CLI stops reading at the limit, so cat may die of SIGPIPE.
      const r = spawnSync('sh', ['-c', 'cat "$1" | "$2" "$3" merge -', 'sh', f, process.execPath, BIN], { encoding: 'utf8' });
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(LIMIT_MSG);
      expect(r.stderr).toContain('<stdin>:2:');
    }
  });

  it('plain file input', async () => {
    const f = join(tempDir(), 'long.cov');
    writeFileSync(f, body);
    const r = await runCli(['merge', f]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(LIMIT_MSG);
  });

  it('a long line that ends within the limit is parsed whole across chunks', () => {
    const blocks: string[] = [];
    const parser = new LineParser('<chunks>', { mode: () => {}, block: (name, sl, sc, el, ec, n, c) => blocks.push(`${name.length}:${sl}.${sc},${el}.${ec} ${n} ${c}`) });
    const text = Buffer.concat([Buffer.from('mode: set\n'), Buffer.alloc(3 << 20, 0x62), Buffer.from('.go:1.2,3.4 5 6\nx.go:1.1,1.2 1 0')]);
    for (let at = 0; at < text.length; at += 4099) parser.push(text.subarray(at, at + 4099));
    parser.end();
    expect(blocks).toEqual([`${(3 << 20) + 3}:1.2,3.4 5 6`, '4:1.1,1.2 1 0']);
  });
});

describe('numbers as Go reads them (strconv.Atoi on each field)', () => {
  // Every field with leading zeros, a '+', and "-0": Go's x/tools parser takes them all.
  const text = [
    'mode: count',
    'a.go:+1.00002,+0003.+4 +5 +6',
    'a.go:0000000000000000000000000007.0000000000000000000000000001,0000000000000000000000000008.2 0000000000000000000000000001 00000000000000000000000000000000000009',
    'b.go:-0.-00,-0.-0 -0 -000',
    '',
  ].join('\n');
  const want = 'mode: count\na.go:1.2,3.4 5 6\na.go:7.1,8.2 1 9\nb.go:0.0,0.0 0 0\n';

  it('accepts leading zeros, "+" and "-0" in line, column, statements and count', () => {
    expect(formatProfile(parseProfileString(text))).toBe(want);
  });

  it('keeps the exact-integer errors when a value is not representable', () => {
    const bad = (line: string) => () => parseProfileString(`mode: count\n${line}\n`, 'n.cov');
    expect(bad('a.go:1.1,2.2 1 +9007199254740992')).toThrow('count exceeds 2^53-1');
    expect(bad('a.go:1.1,2.2 1 00000009007199254740991')).not.toThrow();
    expect(bad('a.go:1.1,2.2 +4294967296 1')).toThrow('number out of range');
    expect(bad('a.go:1.1,2.2 1 -1')).toThrow('negative number');
    expect(bad('a.go:1.1,2.2 1 +')).toThrow('bad block');
    expect(bad('a.go:1.1,2.2 1 +-1')).toThrow('bad block');
  });

  const go = goOrSkip('1.23');
  let coverref = '';
  beforeAll(() => {
    if (!go) return;
    coverref = join(tempDir(), 'coverref');
    const env = { ...process.env, GOPATH: `${join(ROOT, 'test/go/coverref')}:/usr/share/gocode`, GO111MODULE: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' };
    run(go, ['build', '-o', coverref, 'coverref'], { env, cwd: ROOT });
  });

  it.skipIf(!go)('matches golang.org/x/tools/cover on the same input', async () => {
    const f = join(tempDir(), 'numbers.cov');
    writeFileSync(f, text);
    expect(run(coverref, [f])).toBe(want);
    const r = await runCli(['merge', f]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(want);
  });
});
