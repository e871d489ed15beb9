// Comments and docs that point at other files must stay true: every cited
// src/… or test/… .ts file exists, and golden files are regenerated with
// UPDATE_GOLDEN=1 (test/helpers.ts), never a bare UPDATE=1.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SELF = relative(ROOT, fileURLToPath(import.meta.url));

/** Text files of the project that may cite other files (sources, tests, scripts, docs). */
function citingFiles(): string[] {
  const files = ['README.md', '.ci/run'];
  for (const dir of ['src', 'test', 'testdata', 'docs']) {
    for (const f of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (/\.(ts|md|sh)$/.test(f)) files.push(join(dir, f));
    }
  }
  return files.filter((f) => f !== SELF);
}

describe('references in comments and docs', () => {
  const files = citingFiles();

  it('cited src/ and test/ TypeScript files exist', () => {
    const missing: string[] = [];
    for (const f of files) {
      for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(/\b(?:src|test)\/[\w./-]+\.ts\b/g)) {
        if (!existsSync(join(ROOT, m[0]))) missing.push(`${f}: ${m[0]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('golden files are regenerated with UPDATE_GOLDEN=1', () => {
    const stale = files.filter((f) => /\bUPDATE=1\b/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(stale).toEqual([]);
  });
});
