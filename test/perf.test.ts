// Correctness of the performance engine (no timings here; `npm run bench`
// reports figures): the guided parse (fast paths for in-order and repeated
// blocks, hand-over to the general accumulator) gives exactly the Profile and
// the errors of the plain parser, on real Go fixtures split into chunks at
// many offsets; the streaming fold gives exactly what loading every input and
// folding Profiles gives; the worker-thread split gives exactly the
// single-threaded result, and falls back to it for every error and warning.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parallelMerge } from '../dist/ops/parallel.js';
import { mergeInputs } from '../src/input/index.js';
import { loadProfile } from '../src/input/index.js';
import { aggregateProfiles } from '../src/ops/aggregate.js';
import { Merger, type OnMismatch } from '../src/ops/merge.js';
import { ProfileError } from '../src/profile/errors.js';
import { GuideCache, parseGuided } from '../src/profile/guided.js';
import { fileFromBlocks, type Profile } from '../src/profile/model.js';
import { parseProfileBytes } from '../src/profile/parser.js';
import { formatProfile } from '../src/profile/writer.js';
import { runCli, tempDir, TESTDATA, tierSkips } from './helpers.js';

const enc = new TextEncoder();
const read = (rel: string): Buffer => readFileSync(join(TESTDATA, rel));
const fixtureFiles = (dir: string): string[] =>
  readdirSync(join(TESTDATA, dir))
    .filter((f) => f.endsWith('.cov'))
    .sort()
    .map((f) => `${dir}/${f}`);

const COVERPKG = fixtureFiles('coverpkg');
const COVERPKG_SET = fixtureFiles('coverpkg/set');
const STD_COUNT = fixtureFiles('std/count');
const STD_ATOMIC = fixtureFiles('std/atomic');
const ALL = [...COVERPKG, ...COVERPKG_SET, ...STD_COUNT, ...STD_ATOMIC, 'multi/multi.cov', 'incoherent/v1.cov', 'incoherent/v2.cov'];

/** The bytes in chunks of `size` (the last may be shorter). */
function* chunked(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let o = 0; o < bytes.length; o += size) yield bytes.subarray(o, Math.min(bytes.length, o + size));
}

/** Chunks cut at the given offsets. */
function* cutAt(bytes: Uint8Array, cuts: number[]): Generator<Uint8Array> {
  let o = 0;
  for (const c of [...cuts, bytes.length]) {
    yield bytes.subarray(o, c);
    o = c;
  }
}

/**
 * Everything a Profile holds (typed arrays included) as one string: equal
 * strings mean equal Profiles, and comparing strings is far cheaper than a
 * deep equality of thousands of numbers, run here thousands of times.
 */
function dump(p: Profile): string {
  return JSON.stringify({ mode: p.mode, files: p.files.map((f) => ({ name: f.name, pos: [...f.pos], stmts: [...f.stmts], counts: [...f.counts] })) });
}

function errorOf(fn: () => unknown): ProfileError;
function errorOf(fn: () => Promise<unknown>): Promise<ProfileError>;
function errorOf(fn: () => unknown): ProfileError | Promise<ProfileError> {
  const check = (err: unknown): ProfileError => {
    expect(err).toBeInstanceOf(ProfileError);
    return err as ProfileError;
  };
  try {
    const r = fn();
    if (r instanceof Promise) {
      return r.then(
        () => {
          throw new Error('expected a ProfileError');
        },
        (err: unknown) => check(err),
      );
    }
  } catch (err) {
    return check(err);
  }
  throw new Error('expected a ProfileError');
}

const errInfo = (e: ProfileError): unknown => ({ code: e.code, message: e.message, line: e.line, input: e.input, text: e.text });

/** Templates a guided parse may get: none, the input itself, another fixture, a merge of several. */
function templates(rel: string): [string, Profile | null][] {
  const self = parseProfileBytes(read(rel), rel);
  const other = parseProfileBytes(read('coverpkg/strings.cov'), 'strings');
  const merged = new Merger({ onMismatch: 'union' });
  for (const f of [...COVERPKG, 'multi/multi.cov']) merged.add(parseProfileBytes(read(f), f), f);
  return [
    ['none', null],
    ['self', self],
    ['other', other],
    ['merged', merged.result()],
  ];
}

describe('guided parse equals the plain parse', () => {
  for (const rel of ALL) {
    it(`${rel}: every template, chunk sizes 1..4096 and cuts inside CRLF`, async () => {
      const bytes = read(rel);
      const want = dump(parseProfileBytes(bytes, rel));
      const crlf = enc.encode(bytes.toString('utf8').replace(/\n/g, '\r\n'));
      const cache = new GuideCache(false);
      for (const [, tmpl] of templates(rel)) {
        for (const size of [1, 3, 17, 64, 4096, bytes.length]) {
          expect(dump(await parseGuided(chunked(bytes, size), rel, tmpl, cache))).toEqual(want);
        }
        // A chunk boundary between '\r' and '\n' of every 97th line.
        const cuts: number[] = [];
        for (let i = 0, n = 0; i < crlf.length; i++) if (crlf[i] === 13 && n++ % 97 === 0) cuts.push(i + 1);
        expect(dump(await parseGuided(cutAt(crlf, cuts), rel, tmpl, cache))).toEqual(want);
      }
    });
  }

  it('repeated blocks (multi-package output) combine in the fast path and after hand-over', async () => {
    // multi.cov repeats blocks once per test package; shuffling some lines
    // makes the guided parse leave the template's order mid-file.
    const rel = 'multi/multi.cov';
    const lines = read(rel).toString('utf8').trimEnd().split('\n');
    const body = lines.slice(1);
    const swapped = [...body];
    for (let i = 5; i + 1 < swapped.length; i += 37) [swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]];
    const variants = [
      [lines[0], ...body, lines[0], ...swapped, ...body.slice(0, 10)],
      // Files handed over in the first run come back, right after the file
      // before them, in later runs: they must stay on the general path.
      [lines[0], ...swapped, ...body, ...body],
    ];
    for (const variant of variants) {
      const bytes = enc.encode(variant.join('\n'));
      const want = dump(parseProfileBytes(bytes, rel));
      for (const [name, tmpl] of templates(rel)) {
        expect(dump(await parseGuided(chunked(bytes, 4096), rel, tmpl)), name).toEqual(want);
      }
      // The repeats really changed counts (the case is not vacuous).
      expect(formatProfile(parseProfileBytes(bytes, rel))).not.toEqual(formatProfile(parseProfileBytes(read(rel), rel)));
    }
  });

  it('a file handed over to the general path stays there when it comes back after the file before it', async () => {
    // Canonical text follows its own template exactly; swapping two blocks in
    // the middle of one file hands that file over, and the later runs bring
    // it back right after its predecessor (the fast path's next-file switch).
    const rel = COVERPKG[0];
    const canonical = parseProfileBytes(read(rel), rel);
    const [head, ...body] = formatProfile(canonical).trimEnd().split('\n');
    const names = body.map((l) => l.slice(0, l.lastIndexOf(':')));
    // Blocks 2 and 3 of a file that has a predecessor and at least 4 blocks.
    const start = names.findIndex((n, i) => i > 0 && n !== names[i - 1] && names[i + 3] === n);
    expect(start).toBeGreaterThan(0);
    const at = start + 2;
    const swapped = [...body];
    [swapped[at], swapped[at + 1]] = [swapped[at + 1], swapped[at]];
    const bytes = enc.encode([head, ...swapped, ...body, ...body].join('\n'));
    const want = dump(parseProfileBytes(bytes, rel));
    for (const size of [64, 4096, bytes.length]) expect(dump(await parseGuided(chunked(bytes, size), rel, canonical))).toEqual(want);
  });

  it('the general table fast path stops at each line it must leave to the general scan, and gives the plain result', async () => {
    // Runs of plain lines of one file (followTail's case), each broken by a
    // line it must not take: a duplicate, an earlier block, a sign, a file
    // named by a prefix, a file seen before, CRLF, an overflowing sum, a
    // count of 17 digits, a trailing blank.
    const lines = [
      'mode: count',
      'a.go:1.1,2.2 1 1', 'a.go:3.1,4.2 1 0', 'a.go:3.1,4.2 1 5', 'a.go:5.1,6.2 2 1', 'a.go:7.1,8.2 1 1',
      'b.go:2.1,3.2 1 1', 'b.go:4.1,5.2 1 1', 'b.go:1.1,1.9 1 1', 'b.go:6.1,7.2 +1 1', 'b.go:8.1,9.2 1 007',
      'b.go2:1.1,2.2 1 1', 'b.go2:3.1,4.2 1 1', 'b.go:10.1,11.2 1 1\r', 'b.go:12.1,13.2 1 2\r',
      'c.go:1.1,2.2 1 9007199254740990', 'c.go:3.1,4.2 1 1', 'c.go:1.1,2.2 1 1', 'c.go:5.1,6.2 1 00000000000000001',
      'd.go:1.1,2.2 1 1', 'd.go:3.1,4.2 1 1 ', 'd.go:5.1,6.2 1 1',
    ];
    const bytes = enc.encode(`${lines.join('\n')}\n`);
    const want = dump(parseProfileBytes(bytes, 'fast'));
    for (const size of [1, 7, 64, bytes.length]) expect(dump(await parseGuided(chunked(bytes, size), 'fast', null))).toEqual(want);
    // The case is not vacuous: duplicates combined, blocks sorted, both visits of b.go kept.
    const text = formatProfile(parseProfileBytes(bytes, 'fast'));
    expect(text).toContain('a.go:3.1,4.2 1 5\n');
    expect(text).toContain('b.go:1.1,1.9 1 1\nb.go:2.1,3.2 1 1\n');
    expect(text).toContain('b.go:12.1,13.2 1 2\n');
    expect(text).toContain('c.go:1.1,2.2 1 9007199254740991\n');
    // An overflowing sum is the same error either way.
    const over = enc.encode('mode: count\nc.go:1.1,2.2 1 9007199254740991\nc.go:3.1,4.2 1 1\nc.go:1.1,2.2 1 1\n');
    const plain = errorOf(() => parseProfileBytes(over, 'over'));
    expect(plain.code).toBe('COUNT_OVERFLOW');
    expect(errInfo(await errorOf(() => parseGuided(chunked(over, 64), 'over', null)))).toEqual(errInfo(plain));
  });

  it('reused count buffers (consumesCounts folds) do not leak counts between inputs', async () => {
    const cache = new GuideCache(true);
    const tmpl = parseProfileBytes(read(COVERPKG[0]), COVERPKG[0]);
    for (const rel of [...COVERPKG, ...COVERPKG].reverse()) {
      const p = await parseGuided(chunked(read(rel), 1000), rel, tmpl, cache);
      expect(dump(p)).toEqual(dump(parseProfileBytes(read(rel), rel)));
    }
  });
});

describe('guided parse fails exactly like the plain parse', () => {
  const rel = 'coverpkg/utf8.cov';
  const lines = read(rel).toString('utf8').trimEnd().split('\n');
  const at = 40; // a line in the middle, inside the template's order
  const tmpl = parseProfileBytes(read(rel), rel);
  const block = lines[at];
  const name = block.slice(0, block.lastIndexOf(':'));
  const [pos, n] = block.slice(name.length + 1).split(' ');
  const cases: [string, string[]][] = [
    ['malformed line', [...lines.slice(0, at), `${name}:${pos} ${n}`, ...lines.slice(at + 1)]],
    ['negative count', [...lines.slice(0, at), `${name}:${pos} ${n} -1`, ...lines.slice(at + 1)]],
    ['count above 2^53-1', [...lines.slice(0, at), `${name}:${pos} ${n} 99999999999999999`, ...lines.slice(at + 1)]],
    ['conflicting mode line', [...lines.slice(0, at), 'mode: atomic', ...lines.slice(at)]],
    ['unknown mode', [...lines.slice(0, at), 'mode: bogus', ...lines.slice(at)]],
    // The same block again with another NumStmt: first seen in the fast path.
    ['inconsistent NumStmt (repeat)', [...lines, `${name}:${pos} ${Number(n) + 1} 3`]],
    ['inconsistent NumStmt (restart)', [...lines.slice(0, at + 3), `${name}:${pos} ${Number(n) + 1} 3`, ...lines.slice(at + 3)]],
    ['overflow when duplicates combine', [...lines.slice(0, at), `${name}:${pos} ${n} 9007199254740991`, ...lines.slice(at), `${name}:${pos} ${n} 1`]],
    ['too many digits', [...lines.slice(0, at), `${name}:${pos} 0004294967296 1`, ...lines.slice(at + 1)]],
  ];
  for (const [what, ls] of cases) {
    it(what, async () => {
      const bytes = enc.encode(`${ls.join('\n')}\n`);
      const want = errorOf(() => parseProfileBytes(bytes, rel));
      for (const t of [null, tmpl]) {
        for (const size of [7, 4096, bytes.length]) {
          const got = await errorOf(() => parseGuided(chunked(bytes, size), rel, t));
          expect(errInfo(got)).toEqual(errInfo(want));
        }
      }
    });
  }

  it('leading zeros are accepted (off the fast path) with the same values', async () => {
    const ls = [...lines];
    ls[at] = `${name}:0${pos} ${n} 0007`;
    const bytes = enc.encode(`${ls.join('\n')}\n`);
    expect(dump(await parseGuided(chunked(bytes, 64), rel, tmpl))).toEqual(dump(parseProfileBytes(bytes, rel)));
  });

  it('a template name no line can hold (a GOCOVERDIR file named "mode: x" or with a line break) is never taken by the fast path', async () => {
    const block = { startLine: 1, startCol: 2, endLine: 3, endCol: 4, numStmt: 1, count: 1 };
    for (const odd of ['mode: x', 'b\nc']) {
      const tmpl: Profile = { mode: 'count', files: [fileFromBlocks('a.go', [block]), fileFromBlocks(odd, [block])] };
      // The next template file's lines right after a.go's: the fast path's next-file case.
      const bytes = enc.encode(`mode: count\na.go:1.2,3.4 1 1\n${odd}:1.2,3.4 1 1\n`);
      const want = errorOf(() => parseProfileBytes(bytes, 'odd'));
      expect(want.line).toBe(3);
      for (const size of [5, bytes.length]) expect(errInfo(await errorOf(() => parseGuided(chunked(bytes, size), 'odd', tmpl)))).toEqual(errInfo(want));
    }
  });
});

describe('an input without a template is guided by its own first section once it repeats', () => {
  const rel = 'coverpkg/strings.cov';
  const [head, ...body] = formatProfile(parseProfileBytes(read(rel), rel)).trimEnd().split('\n');
  const at = 30;
  const name = body[at].slice(0, body[at].lastIndexOf(':'));
  const [pos, n] = body[at].slice(name.length + 1).split(' ');
  const swap = (ls: string[], i: number): string[] => {
    const out = [...ls];
    [out[i], out[i + 1]] = [out[i + 1], out[i]];
    return out;
  };
  /**
   * Parse guided by no template. Whether the input guided itself is observed
   * through the injected GuideCache (the collaborator every guide comes
   * from): the parse asks it for a guide made from a template of its own.
   */
  async function selfParse(bytes: Uint8Array, size: number): Promise<{ profile?: unknown; error?: unknown; selfTemplates: string[][] }> {
    const asked: (Profile | null)[] = [];
    const cache = new (class extends GuideCache {
      override guide(template: Profile | null): ReturnType<GuideCache['guide']> {
        asked.push(template);
        return super.guide(template);
      }
    })();
    const selfTemplates = (): string[][] => asked.filter((t): t is Profile => t !== null).map((t) => t.files.map((f) => f.name));
    try {
      const profile = dump(await parseGuided(chunked(bytes, size), rel, null, cache));
      return { profile, selfTemplates: selfTemplates() };
    } catch (err) {
      return { error: errInfo(err as ProfileError), selfTemplates: selfTemplates() };
    }
  }
  /** The file names of the first section, in order (what a self-guide is made of). */
  const firstSection = [...new Set(body.map((l) => l.slice(0, l.lastIndexOf(':'))))];
  const cases: [string, string[], boolean][] = [
    ['the same section again', [...body, ...body], true],
    ['three sections, the last one partial', [...body, ...body, ...body.slice(0, 50)], true],
    ['a later section with blocks in another order', [...body, ...swap(body, at)], true],
    ['a later section with a new block and a new file', [...body, ...body.slice(0, at), `${name}:1.1,1.2 1 5`, ...body.slice(at), 'zz/new.go:3.1,4.2 2 1'], true],
    ['a later section with another NumStmt for a block', [...body, ...body.slice(0, at), `${name}:${pos} ${Number(n) + 1} 3`, ...body.slice(at + 1)], true],
    ['a later section whose counts overflow', [...body.slice(0, at), `${name}:${pos} ${n} 9007199254740991`, ...body.slice(at + 1), ...body], true],
    ['a later section with a malformed line', [...body, ...body.slice(0, at), `${name}:${pos} ${n}`], true],
    ['a first section out of order (not self-guided)', [...swap(body, at), ...body], false],
  ];
  for (const [what, ls, guides] of cases) {
    it(what, async () => {
      const bytes = enc.encode(`${[head, ...ls].join('\n')}\n`);
      let want: { profile?: unknown; error?: unknown };
      try {
        want = { profile: dump(parseProfileBytes(bytes, rel)) };
      } catch (err) {
        want = { error: errInfo(err as ProfileError) };
      }
      for (const size of [5, 97, 4096, bytes.length]) {
        const got = await selfParse(bytes, size);
        expect({ profile: got.profile, error: got.error }).toEqual({ profile: want.profile, error: want.error });
        if (want.error === undefined) expect(got.selfTemplates, `self-guided at chunk size ${size}`).toEqual(guides ? [firstSection] : []);
      }
    });
  }
});

/** The pre-engine merge: load every input as a Profile, fold them in order. */
async function reference(args: string[], onMismatch: OnMismatch = 'error'): Promise<{ out?: string; err?: unknown; warnings: string[] }> {
  const warnings: string[] = [];
  try {
    const m = new Merger({ onMismatch, warn: (w) => warnings.push(w) });
    for (const a of args) m.add(await loadProfile(a), a);
    return { out: formatProfile(m.result()), warnings };
  } catch (err) {
    return { err: errInfo(err as ProfileError), warnings };
  }
}

async function engine(args: string[], onMismatch: OnMismatch = 'error'): Promise<{ out?: string; err?: unknown; warnings: string[] }> {
  const warnings: string[] = [];
  try {
    const p = await mergeInputs(args, { onMismatch, warn: (w) => warnings.push(w), workers: 0 });
    return { out: formatProfile(p), warnings };
  } catch (err) {
    return { err: errInfo(err as ProfileError), warnings };
  }
}

const abs = (rels: string[]): string[] => rels.map((r) => join(TESTDATA, r));

describe('streaming fold equals loading every input then merging', () => {
  const sets: [string, string[], OnMismatch?][] = [
    ['coverpkg count', COVERPKG],
    ['coverpkg set', COVERPKG_SET],
    ['std count', STD_COUNT],
    ['std atomic', STD_ATOMIC],
    ['same input 5 times', Array(5).fill(COVERPKG[1])],
    ['multi-package output with coverpkg', ['multi/multi.cov', ...COVERPKG]],
    ['incoherent', ['incoherent/v1.cov', 'incoherent/v2.cov']],
    ['incoherent after coherent ones', [...COVERPKG, 'incoherent/v1.cov', 'incoherent/v2.cov']],
    ['incoherent, union', ['incoherent/v1.cov', 'incoherent/v2.cov', 'incoherent/v1.cov'], 'union'],
    ['mode mismatch', ['modemismatch/count.cov', 'modemismatch/set.cov']],
    ['count and atomic', [COVERPKG[0], STD_ATOMIC[0]]],
  ];
  for (const [what, rels, onMismatch] of sets) {
    it(what, async () => {
      const want = await reference(abs(rels), onMismatch);
      const got = await engine(abs(rels), onMismatch);
      expect(got).toEqual(want);
      if (what.startsWith('incoherent') && onMismatch !== 'union') expect(got.err).toMatchObject({ code: 'INCOHERENT' });
    });
  }

  it('a parse error in a later input is reported as loadProfile reports it', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.cov');
    const text = read(COVERPKG[1]).toString('utf8').split('\n');
    text[30] = text[30].replace(/ (\d+)$/, ' x$1');
    writeFileSync(bad, text.join('\n'));
    const args = [...abs(COVERPKG), bad];
    const got = await engine(args);
    expect(got).toEqual(await reference(args));
    expect(got.err).toMatchObject({ code: 'BAD_LINE', line: 31, input: bad });
  });
});

describe('worker split', () => {
  /** Each worker-thread run loads the engine anew: the unit tier keeps one case of each kind, npm test runs them all. */
  const heavy = (what: string): boolean => tierSkips(`worker threads for ${what}`);
  // mainShare false: the main thread folds only the first input (the template), so
  // a worker folds every other one and its partial merge must come back and count.
  it('parallelMerge (dist build) returns the sequential result on real fixtures, with and without a share for the main thread', async () => {
    for (const mainShare of [true, false]) {
      // The last case adds files to the template (the worker sends its blocks, not only counts).
      for (const rels of [COVERPKG, COVERPKG_SET, STD_ATOMIC, ['multi/multi.cov', ...COVERPKG, ...COVERPKG], [COVERPKG[0], 'multi/multi.cov']]) {
        const args = abs(rels);
        const par = await parallelMerge(args, { workers: 2, mainShare });
        expect(par).not.toBeNull();
        expect(formatProfile(par as Profile)).toEqual((await reference(args)).out);
      }
    }
    // Three threads, two of them workers.
    const args = abs([...COVERPKG, ...COVERPKG]);
    expect(formatProfile((await parallelMerge(args, { workers: 3, mainShare: false })) as Profile)).toEqual((await reference(args)).out);
  });

  it('parallelMerge declines (null) on incoherent inputs, mode mismatches and bad files, on the main thread or in a worker', async () => {
    for (const mainShare of [true, false]) {
      expect(await parallelMerge(abs(['incoherent/v1.cov', ...COVERPKG, 'incoherent/v2.cov']), { workers: 2, mainShare })).toBeNull();
      expect(await parallelMerge(abs(['incoherent/v1.cov', 'incoherent/v2.cov']), { workers: 2, onMismatch: 'union', mainShare })).toBeNull();
      expect(await parallelMerge(abs(['modemismatch/count.cov', 'modemismatch/set.cov']), { workers: 2, mainShare })).toBeNull();
      expect(await parallelMerge([...abs(COVERPKG), join(TESTDATA, 'no-such.cov')], { workers: 2, mainShare })).toBeNull();
      // The first input (the main thread's, the workers' template) fails.
      expect(await parallelMerge([join(TESTDATA, 'no-such.cov'), ...abs(COVERPKG)], { workers: 2, mainShare })).toBeNull();
    }
  });

  const cliCases: [string, string[]][] = [
    ['count', COVERPKG],
    ['set', COVERPKG_SET],
    ['atomic', STD_ATOMIC],
    ['incoherent', [...COVERPKG, 'incoherent/v1.cov', 'incoherent/v2.cov']],
    ['mode mismatch', ['modemismatch/count.cov', ...COVERPKG_SET, 'modemismatch/set.cov']],
  ];
  for (const [what, rels] of cliCases) {
    it.skipIf(what !== 'count' && heavy(`merge: ${what}`))(`CLI merge --workers 2 equals --workers 0: ${what}`, async () => {
      const seq = await runCli(['merge', '--workers', '0', ...abs(rels)]);
      const par = await runCli(['merge', '--workers', '2', ...abs(rels)]);
      expect(par).toEqual(seq);
      if (what === 'incoherent' || what === 'mode mismatch') expect(seq.code).toBe(3);
      else expect(seq.code).toBe(0);
    });
  }

  it.skipIf(heavy('--on-mismatch union'))('CLI --on-mismatch union: same output and warnings with workers; gzip inputs', async () => {
    const dir = tempDir();
    const gz = join(dir, 'strings.cov.gz');
    writeFileSync(gz, gzipSync(read(COVERPKG[1])));
    const args = [...abs(['incoherent/v1.cov', 'incoherent/v2.cov']), gz, ...abs(COVERPKG)];
    const seq = await runCli(['merge', '--on-mismatch', 'union', '--workers', '0', ...args]);
    const par = await runCli(['merge', '--on-mismatch', 'union', '--workers', '2', ...args]);
    expect(seq.code).toBe(0);
    expect(seq.stderr).toContain('warning');
    expect(par).toEqual(seq);
    const gzOnly = [gz, ...abs(COVERPKG)];
    expect(await runCli(['merge', '--workers', '2', ...gzOnly])).toEqual(await runCli(['merge', '--workers', '0', ...gzOnly]));
  });

  it.skipIf(heavy('aggregate on large inputs'))('parallelMerge with hits (aggregate) returns the sequential aggregate; declines inputs of different modes', async () => {
    for (const rels of [COVERPKG, COVERPKG_SET, STD_ATOMIC]) {
      const args = abs(rels);
      const seq = aggregateProfiles(await Promise.all(args.map((a) => loadProfile(a))));
      for (const mainShare of [true, false]) {
        const par = await parallelMerge(args, { workers: 2, hits: true, mainShare });
        expect(par).not.toBeNull();
        expect(formatProfile(par as Profile)).toEqual(formatProfile(seq));
      }
    }
    // Inputs of different modes decline, also when one worker sees only the
    // `set` input and the other only the `count` one (both partials are then
    // count-mode hit counts): inputs big enough that each worker likely takes one.
    const dir = tempDir();
    const body = read(COVERPKG[0]).toString('utf8').split('\n').slice(1).join('\n').repeat(400);
    const big = [join(dir, 'count.cov'), join(dir, 'set.cov')];
    writeFileSync(big[0], `mode: count\n${body}`);
    writeFileSync(big[1], `mode: set\n${body.replace(/ \d+\n/g, ' 1\n')}`);
    for (const paths of [abs(['modemismatch/count.cov', 'modemismatch/set.cov']), big, [...big].reverse()]) {
      expect(await parallelMerge(paths, { workers: 2, hits: true })).toBeNull();
      expect(await parallelMerge(paths, { workers: 2, hits: true, mainShare: false })).toBeNull();
    }
  });

  for (const [what, rels] of cliCases) {
    it.skipIf(what !== 'count' && heavy(`aggregate: ${what}`))(`CLI aggregate --workers 2 equals --workers 0: ${what}`, async () => {
      const seq = await runCli(['aggregate', '--workers', '0', ...abs(rels)]);
      const par = await runCli(['aggregate', '--workers', '2', ...abs(rels)]);
      expect(par).toEqual(seq);
      expect(seq.code).toBe(what === 'incoherent' || what === 'mode mismatch' ? 3 : 0);
    });
  }

  it('--workers rejects a non-number', async () => {
    const r = await runCli(['merge', '--workers', 'many', ...abs(COVERPKG)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gopherage: --workers/);
  });
});
