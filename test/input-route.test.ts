// The one input route (src/input): arguments classified once into typed
// inputs, stdin injected by the caller, one fold driver for every merge (with
// or without worker threads), and errors explained without reading an input
// a second time (a named pipe can only be read once).

import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { classifyInputs, loadProfile, mergeInputs, type Input } from '../src/input/index.js';
import { fileChunks } from '../src/input/fs.js';
// Worker threads run the built JS (dist/ops/foldWorker.js).
import { mergeInputs as builtMergeInputs } from '../dist/input/index.js';
import { formatProfile } from '../src/profile/writer.js';
import { tempDir, TESTDATA } from './helpers.js';

const A = 'mode: set\nx.com/p/a.go:1.1,2.2 1 1\nx.com/p/a.go:3.1,4.2 2 0\n';
const B = 'mode: set\nx.com/p/a.go:1.1,2.2 1 0\nx.com/p/a.go:3.1,4.2 2 1\n';
const AB = 'mode: set\nx.com/p/a.go:1.1,2.2 1 1\nx.com/p/a.go:3.1,4.2 2 1\n';

async function failure(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return { code: (err as { code?: string }).code, message: (err as Error).message };
  }
  throw new Error('expected a failure');
}

/** A named pipe at `path` whose writer (another process) writes `text` once. */
async function pipeWith(path: string, text: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const mk = spawn('mkfifo', [path]);
    mk.on('error', reject);
    mk.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo exited ${code}`))));
  });
  // The text is an argument, not piped in: the reader's synchronous reads block this process's event loop.
  spawn('sh', ['-c', 'printf "%s" "$2" > "$1"', 'sh', path, text], { stdio: 'ignore' });
}

describe('classifyInputs', () => {
  it('classifies each argument by kind: file with its size, GOCOVERDIR directory, stdin, glob matches', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'a.cov'), A);
    writeFileSync(join(d, 'b.cov'), B);
    mkdirSync(join(d, 'covdir'));
    const stdin = (): AsyncIterable<Uint8Array> => Readable.from([Buffer.from(A)]);
    const got = await classifyInputs([join(d, 'a.cov'), join(d, 'covdir'), '-', join(d, '*.cov')], { stdin });
    expect(got.map((i) => [i.kind, i.arg, i.name, i.kind === 'file' ? i.size : undefined])).toEqual([
      ['file', join(d, 'a.cov'), join(d, 'a.cov'), A.length],
      ['covdir', join(d, 'covdir'), join(d, 'covdir'), undefined],
      ['stdin', '-', '<stdin>', undefined],
      ['file', join(d, 'a.cov'), join(d, 'a.cov'), A.length],
      ['file', join(d, 'b.cov'), join(d, 'b.cov'), B.length],
    ]);
  });

  it('a named pipe is a file of unknown size (never handed to worker threads)', async () => {
    const d = tempDir();
    await pipeWith(join(d, 'p.cov'), A);
    const [p] = await classifyInputs([join(d, 'p.cov')]);
    expect(p).toMatchObject({ kind: 'file', size: null });
    expect(formatProfile(await loadProfile(p))).toBe(A);
  });

  it('a path that cannot be stat-ed is reported when its turn comes: an earlier input\'s error wins', async () => {
    const d = tempDir();
    symlinkSync('loop', join(d, 'loop'));
    writeFileSync(join(d, 'bad.cov'), 'mode: set\nnot a block\n');
    const inputs = await classifyInputs([join(d, 'bad.cov'), join(d, 'loop')]);
    expect(inputs.map((i) => i.kind)).toEqual(['file', 'unreadable']);
    expect(await failure(mergeInputs(inputs, { workers: 0 }))).toMatchObject({ code: 'BAD_LINE' });
    writeFileSync(join(d, 'bad.cov'), A);
    expect(await failure(mergeInputs(inputs, { workers: 0 }))).toEqual({ code: 'ELOOP', message: `${join(d, 'loop')}: symbolic link loop` });
  });
});

describe('stdin is injected', () => {
  it('is read from options.stdin, gzip or plain, and named <stdin>', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'a.cov'), A);
    const stdin = (): AsyncIterable<Uint8Array> => Readable.from([gzipSync(B)]);
    expect(formatProfile(await mergeInputs([join(d, 'a.cov'), '-'], { stdin }))).toBe(AB);
    const bad = (): AsyncIterable<Uint8Array> => Readable.from([Buffer.from('mode: set\nx.com/p/a.go:1.1,2.2 1\n')]);
    expect(await failure(loadProfile('-', { stdin: bad }))).toMatchObject({ code: 'BAD_LINE', message: expect.stringMatching(/^<stdin>:2: /) });
  });

  it('without options.stdin, `-` is an error naming stdin (the library never reads the process\'s stdin)', async () => {
    expect(await failure(loadProfile('-'))).toEqual({ code: 'NO_STDIN', message: '<stdin>: no stdin given to read (pass options.stdin)' });
  });
});

describe('the fold driver', () => {
  it('calls onInput once per input, with its index, with and without worker threads', async () => {
    const d = tempDir();
    const paths = [A, B, A, B, A].map((t, i) => {
      writeFileSync(join(d, `${i}.cov`), t);
      return join(d, `${i}.cov`);
    });
    for (const workers of [0, 2]) {
      const seen: number[] = [];
      const merge = workers > 1 ? builtMergeInputs : mergeInputs;
      const p = await merge(paths, { workers, onInput: (input: Input, i: number) => (expect(input.arg).toBe(paths[i]), seen.push(i)) });
      expect(formatProfile(p)).toBe(AB);
      expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
    }
  });

  it('folds preloaded profiles first, as if they were the first inputs', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'b.cov'), 'mode: count\nx.com/p/a.go:1.1,2.2 1 3\n');
    const first = await loadProfile(join(TESTDATA, 'modemismatch', 'set.cov'));
    const got = await failure(mergeInputs([join(d, 'b.cov')], { preloaded: [[first, 'live-target']] }));
    expect(got.message).toMatch(/live-target/);
  });

  it('explains a parse error of a named pipe without reading it again (a second read would wait for a writer forever)', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'a.cov'), A);
    await pipeWith(join(d, 'p.cov'), 'mode: set\nx.com/p/a.go:1.1,2.2 1 x\n');
    const got = await failure(mergeInputs([join(d, 'a.cov'), join(d, 'p.cov')], { workers: 0 }));
    expect(got.code).toBe('BAD_LINE');
    expect(got.message.startsWith(`${join(d, 'p.cov')}:2: `)).toBe(true);
  });

  it('a Go binary coverage file among the inputs gets the GOCOVERDIR hint', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'a.cov'), A);
    writeFileSync(join(d, 'covcounters.x'), Buffer.from([0, 0x63, 0x77, 0x6d, 1, 2, 3]));
    expect(await failure(mergeInputs([join(d, 'a.cov'), join(d, 'covcounters.x')], { workers: 0 }))).toEqual({
      code: 'BINARY_COVERAGE',
      message: `${join(d, 'covcounters.x')}: a Go binary coverage file; pass its directory (the GOCOVERDIR) instead`,
    });
  });
});

describe('fileChunks (the input adapter)', () => {
  it('reads a gzip file from the descriptor it sniffed, and closes it when a parse stops early', async () => {
    const d = tempDir();
    const body = `mode: set\n${'x.com/p/a.go:1.1,2.2 1 1\n'.repeat(200_000)}`;
    writeFileSync(join(d, 'a.cov.gz'), gzipSync(body));
    let text = '';
    for await (const c of fileChunks(join(d, 'a.cov.gz'), 'a.cov.gz')) text += Buffer.from(c).toString('latin1');
    expect(text).toBe(body);
    const fds = (): number => readdirSync('/proc/self/fd').length;
    const before = fds();
    writeFileSync(join(d, 'bad.cov.gz'), gzipSync(`mode: set\nnot a block\n${body}`));
    expect(await failure(loadProfile(join(d, 'bad.cov.gz')))).toMatchObject({ code: 'BAD_LINE' });
    // The gunzip feed stops at its next turn and closes the file: bounded event-loop turns, no timing.
    for (let i = 0; i < 1000 && fds() > before; i++) await new Promise((r) => setImmediate(r));
    expect(fds()).toBe(before);
    expect(readFileSync(join(d, 'a.cov.gz')).length).toBeGreaterThan(0);
  });
});
