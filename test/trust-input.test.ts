// Hostile and unlucky inputs (issue 12): long lines on every input path,
// byte file names, numbers as Go reads them, absurd LCOV spans, renamed
// covmeta files. Each case failed before its fix.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LineParser, MAX_LINE_BYTES } from '../src/profile/parser.js';
import { BIN, runCli, tempDir } from './helpers.js';

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
