// Input arguments and output files, in process: glob expansion with
// fast-glob (argument order kept, each pattern's matches sorted, no match is
// an error), literal paths that look like globs, stdin rules, and the atomic
// temp-file-then-rename output of withOutput.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyInputs } from '../src/input/index.js';

/** The arguments as classified inputs' paths (and `-`). */
const expandInputs = async (args: string[]): Promise<string[]> => (await classifyInputs(args)).map((i) => i.arg);
import { withOutput, writeOutputText } from '../src/cli/output.js';
import { InputError } from '../src/profile/errors.js';
import { tempDir } from './helpers.js';

/** A temp tree: before/{a,b}.cov, after/x/{c,d}.cov, .hidden.cov, odd[1].cov, notes.txt, covdir/ (a directory). */
function tree(): string {
  const d = tempDir();
  for (const f of ['before/b.cov', 'before/a.cov', 'after/x/d.cov', 'after/x/c.cov', 'after/.hidden.cov', 'odd[1].cov', 'notes.txt']) {
    mkdirSync(join(d, f, '..'), { recursive: true });
    writeFileSync(join(d, f), 'mode: set\n');
  }
  mkdirSync(join(d, 'covdir'));
  return d;
}

async function inputError(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('expandInputs', () => {
  it('keeps argument order and sorts each pattern\'s matches; dot files are not matched', async () => {
    const d = tree();
    expect(await expandInputs([join(d, 'after/**/*.cov'), '-', join(d, 'before/*.cov')])).toEqual([
      join(d, 'after/x/c.cov'),
      join(d, 'after/x/d.cov'),
      '-',
      join(d, 'before/a.cov'),
      join(d, 'before/b.cov'),
    ]);
  });

  it('takes an existing path as is, even with glob characters in its name', async () => {
    const d = tree();
    expect(await expandInputs([join(d, 'odd[1].cov'), join(d, 'before/b.cov')])).toEqual([join(d, 'odd[1].cov'), join(d, 'before/b.cov')]);
  });

  it('matches directories too (GOCOVERDIR inputs)', async () => {
    const d = tree();
    expect(await expandInputs([join(d, 'cov*')])).toEqual([join(d, 'covdir')]);
  });

  it('a file named twice is kept twice (merged twice, as the user asked)', async () => {
    const d = tree();
    expect(await expandInputs([join(d, 'before/*.cov'), join(d, 'before/a.cov')])).toEqual([join(d, 'before/a.cov'), join(d, 'before/b.cov'), join(d, 'before/a.cov')]);
  });

  it('a pattern that matches nothing is an error naming it', async () => {
    const d = tree();
    const err = await inputError(expandInputs([join(d, 'before/*.cov'), join(d, 'nothing/**/*.cov')]));
    expect(err.code).toBe('NO_MATCH');
    expect(err.message).toBe(`${join(d, 'nothing/**/*.cov')}: pattern matches no file`);
  });

  it('a missing literal path is an error naming it', async () => {
    const err = await inputError(expandInputs(['/definitely/not/here.cov']));
    expect([err.code, err.message]).toEqual(['ENOENT', '/definitely/not/here.cov: no such file']);
  });

  it('stdin may be given once', async () => {
    expect(await expandInputs(['-'])).toEqual(['-']);
    const err = await inputError(expandInputs(['-', '-']));
    expect(err.code).toBe('STDIN_TWICE');
  });
});

describe('withOutput', () => {
  it('writes through a temp file and renames it into place', async () => {
    const d = tempDir();
    const target = join(d, 'out.cov');
    let seenDuringWrite: string[] = [];
    await withOutput(target, async (out) => {
      await new Promise((r) => out.write('mode: set\n', r)); // flushed to the (temp) file
      seenDuringWrite = readdirSync(d);
    });
    expect(seenDuringWrite.length).toBe(1);
    expect(seenDuringWrite[0]).not.toBe('out.cov'); // the target does not exist until the rename
    expect(seenDuringWrite[0].startsWith('.out.cov.tmp-')).toBe(true);
    expect(readdirSync(d)).toEqual(['out.cov']);
    expect(readFileSync(target, 'utf8')).toBe('mode: set\n');
  });

  it('a failure while writing leaves the old target untouched and removes the temp file', async () => {
    const d = tempDir();
    const target = join(d, 'out.cov');
    writeFileSync(target, 'old\n');
    await expect(
      withOutput(target, async (out) => {
        out.write('half a rep');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    expect(readdirSync(d)).toEqual(['out.cov']);
  });

  it('a failure before the temp file is even open leaves no temp file behind (300 tries: the open races the cleanup)', async () => {
    const d = tempDir();
    const target = join(d, 'out.cov');
    for (let i = 0; i < 300; i++) {
      await expect(
        withOutput(target, async (out) => {
          out.write('x');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(d)).toEqual([]);
  });

  it('replaces an existing file', async () => {
    const d = tempDir();
    const target = join(d, 'r.txt');
    writeFileSync(target, 'a much longer previous content\n');
    await writeOutputText(target, 'new\n');
    expect(readFileSync(target, 'utf8')).toBe('new\n');
  });

  it('names the output in I/O errors: missing directory, target is a directory', async () => {
    const d = tempDir();
    const e1 = await inputError(writeOutputText(join(d, 'no/such/x.cov'), 'x'));
    expect(e1.message).toBe(`${join(d, 'no/such/x.cov')}: cannot write: no such directory`);
    mkdirSync(join(d, 'adir'));
    const e2 = await inputError(writeOutputText(join(d, 'adir'), 'x'));
    expect(e2.message).toBe(`${join(d, 'adir')}: cannot write: is a directory`);
    expect(readdirSync(d)).toEqual(['adir']);
  });

  it('an fs error from reading something else inside the callback keeps its own path', async () => {
    const d = tempDir();
    const err = await inputError(
      withOutput(join(d, 'o.txt'), async () => {
        readFileSync(join(d, 'missing-source.go'));
      }),
    );
    expect(err.message).toBe(`${join(d, 'missing-source.go')}: no such file`);
  });
});
