// The GOCOVERDIR decoder on damaged real files (the committed fixture written
// by Go 1.23): every truncation and byte flips at every offset of every file
// must end in a clean ProfileError naming the file (and, for corrupt data, the
// offset) or in a decoded result; never another exception, never a hang.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCovDir, decodeCovDirSync } from '../src/covdata/decodeCovDir.js';
import type { UnitTable } from '../src/covdata/unitTable.js';
import { CounterRecords, decodeCounterFile, scanCounterFile } from '../src/covdata/counters.js';
import { ProfileError } from '../src/profile/errors.js';
import { readCovDir } from '../src/covdata/readCovDir.js';
import { runCli, tempDir, TESTDATA } from './helpers.js';

const DIR = join(TESTDATA, 'covdata', 'gocoverdir');
const NAMES = readdirSync(DIR).sort();
const ORIGINAL = new Map(NAMES.map((n) => [join(DIR, n), new Uint8Array(readFileSync(join(DIR, n)))]));
const EXPECTED = readFileSync(join(TESTDATA, 'covdata', 'gocoverdir.txt'), 'utf8');

/**
 * Decode the fixture with one file replaced; returns the text or the error.
 * Both drivers run (the promise one and the synchronous one the CLI uses,
 * whose reader reuses one buffer): they must give the same text or the
 * same error.
 */
async function decodeWith(path: string, bytes: Uint8Array): Promise<string | unknown> {
  const outcome = (run: () => UnitTable): string | unknown => {
    try {
      return [...run().textChunks()].join('');
    } catch (err) {
      return err;
    }
  };
  let asyncOutcome: string | unknown;
  try {
    const table = await decodeCovDir(DIR, NAMES, async (p) => (p === path ? bytes : ORIGINAL.get(p)!));
    asyncOutcome = [...table.textChunks()].join('');
  } catch (err) {
    asyncOutcome = err;
  }
  const scratch = new Uint8Array(1 << 16);
  const syncOutcome = outcome(() =>
    decodeCovDirSync(DIR, NAMES, (p) => {
      const b = p === path ? bytes : ORIGINAL.get(p)!;
      scratch.fill(0xa5); // what a previous file left behind must not matter
      scratch.set(b);
      return scratch.subarray(0, b.length);
    }),
  );
  if (typeof asyncOutcome === 'string') expect(syncOutcome).toBe(asyncOutcome);
  else expect(String(syncOutcome)).toBe(String(asyncOutcome));
  return asyncOutcome;
}

describe('GOCOVERDIR decoder on damaged files', () => {
  it('decodes the undamaged fixture exactly as go tool covdata textfmt did', async () => {
    expect(await decodeWith('', new Uint8Array())).toBe(EXPECTED);
    const r = await runCli(['convert', DIR]);
    expect(r.stdout).toBe(EXPECTED);
  });

  it('every truncation of every file is a CORRUPT error naming the file and an offset', async () => {
    let checked = 0;
    for (const [path, bytes] of ORIGINAL) {
      for (let len = 0; len < bytes.length; len++) {
        const got = await decodeWith(path, bytes.subarray(0, len));
        expect(got, `${path} truncated to ${len}`).toBeInstanceOf(ProfileError);
        const e = got as ProfileError;
        expect(e.code).toBe('CORRUPT');
        expect(e.input).toBe(path);
        expect(e.message).toMatch(new RegExp(`^${path.replace(/[.]/g, '\\.')}: corrupt coverage data at offset \\d+: `));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('byte flips at every offset give a clean error or a decoded profile, never a crash', async () => {
    let errors = 0;
    let decoded = 0;
    for (const [path, bytes] of ORIGINAL) {
      for (let off = 0; off < bytes.length; off++) {
        for (const mask of [0x01, 0x80, 0xff]) {
          const copy = bytes.slice();
          copy[off] ^= mask;
          const got = await decodeWith(path, copy);
          if (typeof got === 'string') {
            expect(got.startsWith('mode: ')).toBe(true);
            decoded++;
            continue;
          }
          expect(got, `${path} offset ${off} ^ ${mask}: ${String(got)}`).toBeInstanceOf(ProfileError);
          expect((got as ProfileError).message).not.toMatch(/undefined|NaN/);
          if (off < 4) expect((got as ProfileError).code, 'a bad magic is always caught').toBe('CORRUPT');
          errors++;
        }
      }
    }
    // Counter values and names carry no checksum, so some flips decode; structure flips must not.
    expect(errors).toBeGreaterThan(decoded / 4);
  });

  it('names files by the joined, normalised path however the directory is spelled', () => {
    for (const spelling of [`${DIR}/`, `${DIR}/./`, `${DIR}//`, join(DIR, '..', 'gocoverdir')]) {
      const table = decodeCovDirSync(spelling, NAMES, (p) => {
        const b = ORIGINAL.get(p);
        if (!b) throw new Error(`read of ${p}, not a normalised path of the fixture`);
        return b;
      });
      expect([...table.textChunks()].join('')).toBe(EXPECTED);
    }
  });

  it('reads files larger than the reader\'s first buffer whole, and the files after them afresh', async () => {
    const dir = tempDir();
    const counter = NAMES.find((n) => n.startsWith('covcounters.'))!;
    for (const n of NAMES) writeFileSync(join(dir, n), ORIGINAL.get(join(DIR, n))!);
    expect([...(await readCovDir(dir)).textChunks()].join('')).toBe(EXPECTED);
    // 200,000 zero bytes after a counter file: its footer is now zeros, at the very end.
    const big = new Uint8Array(ORIGINAL.get(join(DIR, counter))!.length + 200_000);
    big.set(ORIGINAL.get(join(DIR, counter))!);
    writeFileSync(join(dir, counter), big);
    await expect(readCovDir(dir)).rejects.toThrow(`${join(dir, counter)}: corrupt coverage data at offset ${big.length - 16}: bad footer magic`);
  });

  it('decodeCounterFile and the flat records agree on every counter file', () => {
    const recs = new CounterRecords();
    for (const [path, bytes] of ORIGINAL) {
      if (!path.includes('covcounters.')) continue;
      const cf = decodeCounterFile(bytes, path);
      scanCounterFile(bytes, path, recs);
      expect(recs.metaHash).toBe(cf.metaHash);
      const flat: number[] = [];
      for (const f of cf.funcs) flat.push(f.pkg, f.func, f.offset, f.counters.length, ...f.counters);
      expect([...recs.data.subarray(0, recs.length)]).toEqual(flat);
      expect(cf.funcs.length).toBeGreaterThan(0);
    }
  });

  it('a huge claimed length fails fast instead of allocating or looping', async () => {
    const meta = [...ORIGINAL.keys()].find((p) => p.includes('covmeta.'))!;
    const bytes = ORIGINAL.get(meta)!.slice();
    new DataView(bytes.buffer).setUint32(16, 0xffffffff, true); // package count, low word
    const got = await decodeWith(meta, bytes);
    expect(got).toBeInstanceOf(ProfileError);
    expect((got as Error).message).toBe(`${meta}: corrupt coverage data at offset 16: 4294967295 packages cannot fit in the file`);
  });
});
