// filter of a canonical input by copying its lines (src/profile/canonical.ts,
// filterCanonicalText): the copy is taken exactly when the input is canonical,
// and whichever path runs, the CLI's output, note, errors and -o handling are
// those of the general path (parse, filter, write): the oracle here is the
// general path itself (parseProfileString + filterProfile + formatProfile, and
// the loader's error for a bad input).

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { errorLine } from '../src/cli/exit.js';
import { readProfileFile } from '../src/input/index.js';
import { filterCanonicalText, filterProfile, keepsFile, type FilterOptions } from '../src/ops/filter.js';
import { parseProfileString } from '../src/profile/parser.js';
import { formatProfile } from '../src/profile/writer.js';
import { TESTDATA, runCli, tempDir } from './helpers.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A canonical profile made by our own writer from a real `go test` profile. */
const CANON = formatProfile(parseProfileString(readFileSync(join(TESTDATA, 'multi/multi.cov'), 'utf8'), 'multi'));
const KEEP: FilterOptions = { include: [/list|path/], exclude: [/match/] };

/** What the general path writes for `text` filtered by `options`. */
function general(text: string, options: FilterOptions = KEEP): string {
  return formatProfile(filterProfile(parseProfileString(text, 'x'), options));
}

/** `bytes` in chunks of `size`. */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

/** Run the copy over `text` in chunks of `size`: its output, or null when it declined. */
async function copy(text: string, size = 1 << 20, options: FilterOptions = KEEP): Promise<string | null> {
  const out: Uint8Array[] = [];
  const r = await filterCanonicalText(chunked(enc.encode(text), size), 'x', options, (b) => void out.push(b));
  return r === null ? null : out.map((b) => dec.decode(b)).join('');
}

/** The lines of CANON, to build variants from. */
const LINES = CANON.trimEnd().split('\n');
const blockLine = (k: number): string => LINES[k];
const lastColon = (l: string): number => l.lastIndexOf(':');

/** Inputs the copy must decline, each with what makes it not canonical. */
const NOT_CANONICAL: Record<string, string> = {
  'files out of order': [LINES[0], ...LINES.slice(1).reverse()].join('\n') + '\n',
  'blocks out of order': [LINES[0], LINES[2], LINES[1], ...LINES.slice(3)].join('\n') + '\n',
  'a duplicate block': [LINES[0], LINES[1], LINES[1], ...LINES.slice(2)].join('\n') + '\n',
  'CRLF line ends': CANON.replace(/\n/g, '\r\n'),
  'one CRLF line': CANON.replace('\n', '\r\n'),
  'a leading zero': CANON.replace(blockLine(3), blockLine(3).replace(/ (\d+)$/, ' 0$1')),
  'a plus sign': CANON.replace(blockLine(3), blockLine(3).replace(/ (\d+)$/, ' +$1')),
  'a leading zero in a position': CANON.replace(blockLine(2), blockLine(2).slice(0, lastColon(blockLine(2)) + 1) + '0' + blockLine(2).slice(lastColon(blockLine(2)) + 1)),
  'trailing blanks': CANON.replace(blockLine(4), `${blockLine(4)} \t`),
  'a blank line': CANON.replace(`${blockLine(4)}\n`, `${blockLine(4)}\n\n`),
  'a blank line at the end': `${CANON}\n`,
  'a blank line first': `\n${CANON}`,
  'a second mode line': CANON.replace(`${blockLine(4)}\n`, `${blockLine(4)}\n${LINES[0]}\n`),
  'a mode line with a blank': CANON.replace('mode: count', 'mode:  count'),
  'no final newline': CANON.slice(0, -1),
  'a "-0" count': CANON.replace(blockLine(3), blockLine(3).replace(/ (\d+)$/, ' -0')),
};

describe('filterCanonicalText (library)', () => {
  it('copies exactly what the general path writes from a canonical input, however it is chunked', async () => {
    const want = general(CANON);
    expect(want.split('\n').length).toBeGreaterThan(10);
    expect(want).not.toBe(CANON);
    for (const size of [1 << 20, 4096, 61, 7, 1]) expect(await copy(CANON, size), `chunks of ${size}`).toBe(want);
    expect(await copy(CANON, 1 << 20, {})).toBe(CANON);
    expect(await copy(CANON, 13, { include: [/nothing/] })).toBe('mode: count\n');
    expect(await copy('mode: set\n', 3)).toBe('mode: set\n');
  });

  it('reports the files seen and kept', async () => {
    const r = await filterCanonicalText(chunked(enc.encode(CANON), 100), 'x', KEEP, () => {});
    const files = parseProfileString(CANON, 'x').files.map((f) => f.name);
    expect(r).toEqual({ files: files.length, selected: files.filter(keepsFile(KEEP)).length });
  });

  it('declines every input that is not canonical (the general path then runs)', async () => {
    for (const [what, text] of Object.entries(NOT_CANONICAL)) {
      expect(text, what).not.toBe(CANON);
      for (const size of [1 << 20, 5]) expect(await copy(text, size), `${what}, chunks of ${size}`).toBeNull();
    }
  });

  it('a malformed line throws the scanner error the general path throws', async () => {
    const bad = `${CANON}not a block\n`;
    let general: unknown;
    try {
      parseProfileString(bad, 'x');
    } catch (err) {
      general = err;
    }
    expect(general).toBeInstanceOf(Error);
    await expect(copy(bad)).rejects.toThrow((general as Error).message);
  });
});

describe('gopherage filter of a canonical file (CLI)', () => {
  const ARGS = ['--include-path', 'list|path', '--exclude-path', 'match'];

  it('canonical input: the general output, to stdout and to -o (no temp file left)', async () => {
    const dir = tempDir();
    const f = join(dir, 'in.cov');
    writeFileSync(f, CANON);
    const r = await runCli(['filter', f, ...ARGS]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(general(CANON));
    const o = await runCli(['filter', f, ...ARGS, '-o', join(dir, 'out.cov')]);
    expect([o.code, o.stdout, o.stderr]).toEqual([0, '', '']);
    expect(readFileSync(join(dir, 'out.cov'), 'utf8')).toBe(general(CANON));
    // -o may name the input.
    const self = await runCli(['filter', f, ...ARGS, '-o', f]);
    expect(self.code).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe(general(CANON));
    expect(readdirSync(dir).sort()).toEqual(['in.cov', 'out.cov']);
  });

  it('everything filtered out: the note and the mode line, as the general path', async () => {
    const dir = tempDir();
    const f = join(dir, 'in.cov');
    writeFileSync(f, CANON);
    const r = await runCli(['filter', f, '--include-path', 'no-such-file']);
    const files = parseProfileString(CANON, 'x').files.length;
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'mode: count\n', `gopherage: filter: all ${files} source files of ${f} were filtered out; writing a profile with only the mode line\n`]);
  });

  it('inputs that are not canonical, gzip, or stdin: byte-identical to the general path', async () => {
    const dir = tempDir();
    const cases: [string, string][] = [...Object.entries(NOT_CANONICAL), ['canonical', CANON]];
    for (const [k, [what, text]] of cases.entries()) {
      const f = join(dir, `in${k}.cov`);
      writeFileSync(f, text);
      const gz = join(dir, `in${k}.cov.gz`);
      writeFileSync(gz, gzipSync(text));
      const want = general(text);
      const ways = [['file', [f], undefined]] as [string, string[], string | undefined][];
      // gzip and stdin (always the general path: it cannot be read twice) for a few.
      if (['canonical', 'CRLF line ends', 'a duplicate block', 'files out of order'].includes(what)) ways.push(['gzip', [gz], undefined], ['stdin', ['-'], text]);
      for (const [how, args, stdin] of ways) {
        const r = await runCli(['filter', ...args, ...ARGS], { stdin });
        expect([r.code, r.stderr, r.stdout], `${what} (${how})`).toEqual([0, '', want]);
      }
    }
  });

  it('a bad line late in a canonical input: the general error, exit 3, -o untouched', async () => {
    const dir = tempDir();
    const f = join(dir, 'bad.cov');
    writeFileSync(f, `${CANON}${LINES[LINES.length - 1].replace(/ \d+$/, ' x')}\n`);
    const want = await readProfileFile(f).then(
      () => null,
      (err: unknown) => `${errorLine(err)}\n`,
    );
    expect(want).toMatch(/bad\.cov:\d+: /);
    const out = join(dir, 'out.cov');
    writeFileSync(out, 'keep me\n');
    for (const o of [out, '-']) {
      const r = await runCli(['filter', f, ...ARGS, '-o', o]);
      expect([r.code, r.stdout, r.stderr], o).toEqual([3, '', want]);
    }
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    expect(readdirSync(dir).sort()).toEqual(['bad.cov', 'out.cov']);
    // The same through gzip.
    writeFileSync(`${f}.gz`, gzipSync(readFileSync(f)));
    const gz = await runCli(['filter', `${f}.gz`, ...ARGS, '-o', out]);
    expect([gz.code, gz.stderr]).toEqual([3, want!.replace('bad.cov:', 'bad.cov.gz:')]);
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
  });

  it('a Go binary coverage file and an unwritable -o fail as the general path does', async () => {
    const dir = tempDir();
    const meta = readdirSync(join(TESTDATA, 'covdata/gocoverdir')).find((n) => n.startsWith('covmeta.'))!;
    const bin = join(dir, meta);
    copyFileSync(join(TESTDATA, 'covdata/gocoverdir', meta), bin);
    const r = await runCli(['filter', bin, ...ARGS]);
    expect([r.code, r.stdout, r.stderr]).toEqual([3, '', `gopherage: ${bin}: a Go binary coverage file; pass its directory (the GOCOVERDIR) instead\n`]);
    // A canonical input to -o naming a directory, and a bad input to it: each reports what the general path reports.
    const f = join(dir, 'in.cov');
    writeFileSync(f, CANON);
    mkdirSync(join(dir, 'sub'));
    const isDir = await runCli(['filter', f, ...ARGS, '-o', join(dir, 'sub')]);
    expect([isDir.code, isDir.stderr]).toEqual([3, `gopherage: ${join(dir, 'sub')}: cannot write: is a directory\n`]);
    const noDir = await runCli(['filter', f, ...ARGS, '-o', join(dir, 'none', 'out.cov')]);
    expect([noDir.code, noDir.stderr]).toEqual([3, `gopherage: ${join(dir, 'none', 'out.cov')}: cannot write: no such directory\n`]);
    const badToDir = await runCli(['filter', bin, ...ARGS, '-o', join(dir, 'sub')]);
    expect([badToDir.code, badToDir.stderr]).toEqual([3, r.stderr]);
    expect(existsSync(join(dir, 'sub'))).toBe(true);
  });
});
