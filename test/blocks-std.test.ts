// Blocks computed from source against a real coverage run over the Go 1.23
// standard library: testdata/stdblocks/std.out.gz is the profile of
// `go test -covermode=set -coverprofile` over the packages of
// testdata/stdblocks/packages.txt (made once by generate.sh). For every file
// in it, the blocks computed from /usr/lib/go-1.23/src must be the same,
// position for position and NumStmt for NumStmt (counts ignored).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { blockAt } from '../src/profile/model.js';
import { parseProfileBytes } from '../src/profile/parser.js';
import { goBlocks } from '../src/source/blocks.js';
import { goOrSkip, TESTDATA } from './helpers.js';

const SRC = '/usr/lib/go-1.23/src';
const go = goOrSkip('1.23');
if (go && !existsSync(join(SRC, 'fmt', 'print.go'))) throw new Error(`Go 1.23 sources missing under ${SRC} (install golang-1.23-src)`);

describe.skipIf(!go)('blocks vs the standard library (Go 1.23 go test -coverprofile)', () => {
  it('computes the blocks of every file of the committed sample', { timeout: 900_000 }, async () => {
    const profile = parseProfileBytes(gunzipSync(readFileSync(join(TESTDATA, 'stdblocks', 'std.out.gz'))));
    const packages = new Set(profile.files.map((f) => f.name.slice(0, f.name.lastIndexOf('/'))));
    const listed = readFileSync(join(TESTDATA, 'stdblocks', 'packages.txt'), 'utf8').split('\n').filter(Boolean);
    expect(packages.size).toBeGreaterThanOrEqual(50);
    for (const p of listed) expect(packages.has(p), p).toBe(true);
    const differ: string[] = [];
    let blocks = 0;
    for (const f of profile.files) {
      const want: string[] = [];
      for (let i = 0; i < f.stmts.length; i++) {
        const b = blockAt(f, i);
        want.push(`${b.startLine}.${b.startCol},${b.endLine}.${b.endCol} ${b.numStmt}`);
      }
      const got = (await goBlocks(readFileSync(join(SRC, f.name), 'utf8'))).map(
        (b) => `${b.startLine}.${b.startCol},${b.endLine}.${b.endCol} ${b.numStmt}`,
      );
      blocks += want.length;
      if (got.join('\n') !== want.join('\n')) differ.push(f.name);
    }
    expect(differ).toEqual([]);
    expect(profile.files.length).toBeGreaterThan(300);
    expect(blocks).toBeGreaterThan(20_000);
  });
});
