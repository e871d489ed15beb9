// Per-file totals without the Profile (src/summary/totalsScan.ts,
// src/input/totals.ts): on every input, plain or gzip, canonical or not,
// `loadFileTotals` must give exactly what `profileFileTotals(loadProfile)`
// gives, or fail with exactly its error. Canonical inputs take the scan;
// the rest (a file seen again, blocks out of order or repeated, so set/count
// duplicates to combine, NumStmt conflicts, count overflow on combining) must
// be recognised by the scan (null) and fall back. Property-style: seeded
// random profiles, each mutated in every way, with CRLF, blank lines and a
// malformed line before or after the anomaly. Through the CLI, junit and
// table give the same bytes on the scan, on the fallback and on stdin (the
// general path).

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyInputs, loadProfile } from '../src/input/index.js';
import { loadFileTotals } from '../src/input/totals.js';
import { junitXml } from '../src/report/junit.js';
import { scanFileTotals } from '../src/summary/totalsScan.js';
import { parseProfileString } from '../src/profile/parser.js';
import { profileFileTotals } from '../src/summary/tree.js';
import { runCli, runCliProcess, tempDir, TESTDATA } from './helpers.js';
// A small seeded PRNG (mulberry32): the same cases on every run.
import { rng } from '../bench/generate.mjs';

type Line = { file: string; sl: number; sc: number; el: number; ec: number; n: number; count: number };

const NAMES = ['k8s.io/a/b.go', 'k8s.io/a/c.go', 'k8s.io/a-b/x.go', 'k8s.io/a/sub/d.go', 'x/ünï.go', 'x/😀.go', 'x/\uffff.go', 'odd: name/with space.go', 'z.go'];

/** A canonical profile's block lines: files contiguous, blocks strictly sorted. */
function canonical(rand: () => number, mode: string): Line[] {
  const names = NAMES.filter(() => rand() < 0.7);
  if (names.length === 0) names.push('only.go');
  const lines: Line[] = [];
  for (const file of names) {
    let sl = 1 + Math.floor(rand() * 3);
    let sc = 1;
    for (let k = 1 + Math.floor(rand() * 6); k > 0; k--) {
      // Some blocks share the start line (then the start column orders them).
      const el = sl + Math.floor(rand() * 3);
      lines.push({ file, sl, sc, el, ec: 2 + Math.floor(rand() * 9), n: Math.floor(rand() * 4), count: mode === 'set' ? Math.round(rand()) : Math.floor(rand() * 3) });
      if (rand() < 0.3) sc += 1 + Math.floor(rand() * 4);
      else [sl, sc] = [sl + 1 + Math.floor(rand() * 5), 1 + Math.floor(rand() * 4)];
    }
  }
  return lines;
}

const text = (l: Line): string => `${l.file}:${l.sl}.${l.sc},${l.el}.${l.ec} ${l.n} ${l.count}`;

/** The ways an input can leave canonical form (each must fall back) or stay in it. */
const MUTATIONS: Record<string, { canonical: boolean; error?: string; apply: (lines: Line[], rand: () => number) => Line[] }> = {
  none: { canonical: true, apply: (l) => l },
  'files shuffled (still contiguous)': {
    canonical: true,
    apply: (l) => {
      const byFile = new Map<string, Line[]>();
      for (const x of l) byFile.set(x.file, [...(byFile.get(x.file) ?? []), x]);
      return [...byFile.values()].reverse().flat();
    },
  },
  'a file seen again later': { canonical: false, apply: (l) => [...l, { ...l[0], sl: 9000 }] },
  'whole profile repeated (-coverpkg sections)': { canonical: false, apply: (l) => [...l, ...l.map((x) => ({ ...x, count: x.count + 1 }))] },
  'blocks out of order': { canonical: false, apply: (l) => [...l, { ...l[l.length - 1], sl: 0 }] },
  'a block repeated (counts combine)': { canonical: false, apply: (l, r) => [...l, { ...l[l.length - 1], count: Math.floor(r() * 3) }] },
  'a block repeated with another NumStmt': { canonical: false, error: 'INCONSISTENT_NUMSTMT', apply: (l) => [...l, { ...l[l.length - 1], n: l[l.length - 1].n + 1 }] },
  'a repeated block whose counts overflow': {
    canonical: false,
    error: 'COUNT_OVERFLOW', // not in set mode: there counts combine to 1
    apply: (l) => [...l.slice(0, -1), { ...l[l.length - 1], count: Number.MAX_SAFE_INTEGER }, { ...l[l.length - 1], count: 1 }],
  },
};

/** Profile text: the mode line, the block lines, with extras. */
function render(mode: string, lines: Line[], o: { crlf: boolean; blanks: boolean; bad: 'none' | 'first' | 'last' }): string {
  const out = [`mode: ${mode}`, ...lines.map(text)];
  if (o.blanks) out.splice(2, 0, '', `mode: ${mode}`, '   ');
  if (o.bad === 'first') out.splice(1, 0, 'k8s.io/a/b.go:1.2,3.x 1 1');
  if (o.bad === 'last') out.push('k8s.io/a/b.go:1.2,3.4 1 -1');
  return out.join(o.crlf ? '\r\n' : '\n') + (o.crlf ? '\r\n' : '\n');
}

/** What an attempt gives: its value, or its error's class, code and message. */
async function outcome<T>(f: () => Promise<T>): Promise<{ value: T } | { error: string }> {
  try {
    return { value: await f() };
  } catch (err) {
    const e = err as Error & { code?: string };
    return { error: `${e.constructor.name} ${e.code} ${e.message}` };
  }
}

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

let dir: string;
beforeAll(() => {
  dir = tempDir('gopherage-totals-');
});

/** Load `body` from a file (plain or gzip) both ways; returns the two outcomes. */
async function bothWays(name: string, body: Uint8Array): Promise<[unknown, unknown]> {
  const path = join(dir, name);
  writeFileSync(path, body);
  const [input] = await classifyInputs([path]);
  const general = await outcome(async () => profileFileTotals(await loadProfile(input)));
  const totals = await outcome(() => loadFileTotals(input));
  return [totals, general];
}

describe('loadFileTotals equals profileFileTotals(loadProfile), result or error', () => {
  let n = 0;
  for (let seed = 1; seed <= 12; seed++) {
    for (const [what, m] of Object.entries(MUTATIONS)) {
      it(`seed ${seed}: ${what}`, async () => {
        const rand = rng(seed);
        const mode = ['set', 'count', 'atomic'][seed % 3];
        const lines = m.apply(canonical(rand, mode), rand);
        for (const crlf of [false, true]) {
          for (const bad of ['none', 'first', 'last'] as const) {
            const body = new TextEncoder().encode(render(mode, lines, { crlf, blanks: seed % 2 === 0, bad }));
            // The scan alone: canonical inputs give totals, the others stop with null (or the scanner's error first).
            const scanned = await outcome(() => scanFileTotals(chunksOf(body, 1 + (seed % 7) * 13), 'x'));
            if (bad === 'none') expect('value' in scanned && scanned.value !== null, `${what} crlf=${crlf}`).toBe(m.canonical);
            if (bad === 'first') expect('error' in scanned).toBe(true);
            const [totals, general] = await bothWays(`p${n}.cov`, body);
            expect(totals, `${what} crlf=${crlf} bad=${bad}`).toEqual(general);
            const [gzTotals, gzGeneral] = await bothWays(`p${n++}.cov.gz`, gzipSync(body));
            expect(gzTotals).toEqual(gzGeneral);
            expect(JSON.stringify(gzTotals).replace(`p${n - 1}.cov.gz`, `p${n - 1}.cov`)).toBe(JSON.stringify(totals));
            // The input's first error wins: the mutation's own, else the malformed last line.
            const error = m.error !== undefined && !(mode === 'set' && m.error === 'COUNT_OVERFLOW') ? m.error : bad === 'last' ? 'NEGATIVE_NUMBER' : undefined;
            if (bad !== 'first') expect(totals).toMatchObject(error ? { error: expect.stringContaining(` ${error} `) } : { value: expect.any(Array) });
          }
        }
      });
    }
  }

  it('the errors that are not the scanner\'s come from the general parse, as they always did', async () => {
    const conflict = 'mode: count\na.go:1.1,2.2 1 1\nb.go:1.1,2.2 1 1\na.go:1.1,2.2 2 1\n';
    const [t1, g1] = await bothWays('conflict.cov', new TextEncoder().encode(conflict));
    expect(t1).toEqual(g1);
    expect(t1).toMatchObject({ error: expect.stringContaining('INCONSISTENT_NUMSTMT') });
    const overflow = `mode: count\na.go:1.1,2.2 1 ${Number.MAX_SAFE_INTEGER}\na.go:1.1,2.2 1 1\n`;
    const [t2, g2] = await bothWays('overflow.cov', new TextEncoder().encode(overflow));
    expect(t2).toEqual(g2);
    expect(t2).toMatchObject({ error: expect.stringContaining('COUNT_OVERFLOW') });
  });

  it('empty, mode-less and missing inputs fail as loadProfile fails', async () => {
    for (const [name, body] of [
      ['empty.cov', ''],
      ['nomode.cov', 'a.go:1.1,2.2 1 1\n'],
      ['onlymode.cov', 'mode: set\n'],
      ['binary.cov', '\x00\x63\x76\x6d\x01\x02'],
    ] as const) {
      const [t, g] = await bothWays(name, new TextEncoder().encode(body));
      expect(t, name).toEqual(g);
    }
    const missing = { kind: 'file', arg: join(dir, 'none.cov'), name: 'none.cov', size: 1 } as const;
    const gone = await outcome(() => loadFileTotals(missing));
    expect(gone).toEqual(await outcome(async () => profileFileTotals(await loadProfile(missing))));
    expect(gone).toMatchObject({ error: expect.stringContaining('InputError ENOENT none.cov: no such file') });
  });

  it('a GOCOVERDIR takes the general path', async () => {
    const [input] = await classifyInputs([join(TESTDATA, 'covdata', 'gocoverdir')]);
    expect(input.kind).toBe('covdir');
    const totals = await loadFileTotals(input);
    expect(totals.length).toBeGreaterThan(0);
    expect(totals).toEqual(profileFileTotals(await loadProfile(input)));
  });

  it('a named pipe (cannot be read twice) takes the general path at once', async () => {
    const path = join(dir, 'pipe.cov');
    await new Promise<void>((resolve, reject) => {
      const mk = spawn('mkfifo', [path]);
      mk.on('error', reject);
      mk.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo exited ${code}`))));
    });
    // Not canonical (a.go again after b.go): a scan would stop there and open the pipe again, waiting
    // forever for a writer. So the CLI runs as a child process, and this test's own timeout bounds that hang.
    const body = 'mode: count\na.go:1.1,2.2 1 1\nb.go:1.1,2.2 1 0\na.go:3.1,4.2 2 0\na.go:1.1,2.2 1 0\n';
    const writer = spawn('sh', ['-c', 'printf "%s" "$2" > "$1"', 'sh', path, body], { stdio: 'ignore' });
    try {
      const r = await runCliProcess(['junit', '-t', '0.5', path]);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toBe(junitXml(parseProfileString(body), 0.5));
      expect(r.stdout).toContain('name="a.go" time="0">\n        <failure>code coverage of 33%');
    } finally {
      writer.kill();
    }
  }, 60_000);

  it('a Go binary coverage file gets the same hint', async () => {
    // The meta-data file magic: the general path explains it; so must the scan.
    const meta = new Uint8Array([0x00, 0x63, 0x76, 0x6d, 1, 2, 3, 4]);
    const [t, g] = await bothWays('covmeta.abc', meta);
    expect(t).toEqual(g);
    expect(t).toMatchObject({ error: expect.stringContaining('Go binary coverage file') });
  });
});

describe('junit and table: the same bytes on the scan, the fallback and stdin', () => {
  const rand = rng(99);
  const lines = canonical(rand, 'count');
  const canon = render('count', lines, { crlf: false, blanks: false, bad: 'none' });
  // A second section whose counts are 0 (a test package that ran none of it): the same totals as `canon`, through the fallback.
  const fallback = render('count', [...lines, ...lines.map((l) => ({ ...l, count: 0 }))], { crlf: true, blanks: false, bad: 'none' });
  const shuffled = render('count', MUTATIONS['files shuffled (still contiguous)'].apply(lines, rand), { crlf: false, blanks: true, bad: 'none' });

  it('junit', async () => {
    const canonPath = join(dir, 'canon.cov');
    const fallbackPath = join(dir, 'fallback.cov');
    writeFileSync(canonPath, canon);
    writeFileSync(fallbackPath, fallback);
    for (const [path, body] of [
      [canonPath, canon],
      [fallbackPath, fallback],
    ]) {
      const file = await runCli(['junit', '-t', '0.5', path]);
      const stdin = await runCli(['junit', '-t', '0.5', '-'], { stdin: body });
      expect([file.code, file.stderr]).toEqual([0, '']);
      expect(file.stdout).toBe(stdin.stdout);
      expect(file.stdout).toBe(junitXml(await loadProfile(path), 0.5));
    }
    // The second section adds nothing: the same report as the canonical profile's.
    expect((await runCli(['junit', '-t', '0.5', fallbackPath])).stdout).toBe((await runCli(['junit', '-t', '0.5', canonPath])).stdout);
  });

  it('table, as text and json, with several columns', async () => {
    const paths = ['canon.cov', 'fallback.cov', 'shuffled.cov'].map((n) => join(dir, n));
    writeFileSync(paths[0], canon);
    writeFileSync(paths[1], fallback);
    writeFileSync(paths[2], shuffled);
    for (const format of ['text', 'json']) {
      const scan = await runCli(['table', '--format', format, '--depth', '3', '--names', 'a,b,c', ...paths]);
      expect([scan.code, scan.stderr]).toEqual([0, '']);
      // Each column through stdin: the general path (json names each column's input: "-" there).
      for (const [i, p] of paths.entries()) {
        const cols = paths.map((q, j) => (j === i ? '-' : q));
        const viaStdin = await runCli(['table', '--format', format, '--depth', '3', '--names', 'a,b,c', ...cols], { stdin: [canon, fallback, shuffled][i] });
        expect(viaStdin.stdout.replace('"input": "-"', `"input": "${p}"`), `${format} column ${i} from stdin`).toBe(scan.stdout);
      }
    }
  });

  it('an error after the point where the scan stops is the general path\'s error, exit 3', async () => {
    const path = join(dir, 'late-error.cov');
    writeFileSync(path, render('count', MUTATIONS['a file seen again later'].apply(lines, rand), { crlf: false, blanks: false, bad: 'last' }));
    const junit = await runCli(['junit', path]);
    const table = await runCli(['table', path]);
    const convert = await runCli(['convert', path]); // the Profile path
    expect(convert.code).toBe(3);
    expect(convert.stderr).toMatch(/^gopherage: .*late-error\.cov:\d+: negative number in /);
    expect([junit.code, junit.stderr, junit.stdout]).toEqual([3, convert.stderr, '']);
    expect([table.code, table.stderr, table.stdout]).toEqual([3, convert.stderr, '']);
  });
});
