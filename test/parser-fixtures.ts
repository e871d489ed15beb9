// The committed Go 1.23 fixture profiles (see testdata/README.md), for tests
// that run something over every one of them.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TESTDATA } from './helpers.js';

/** Fixture directories made by testdata/generate.sh. */
export const FIXTURE_DIRS = ['std', 'coverpkg', 'multi', 'beforeafter', 'example', 'incoherent', 'modemismatch'] as const;

/** Every committed fixture profile (*.cov) under FIXTURE_DIRS, sorted. */
export function fixtureFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir).sort()) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('.cov')) out.push(p);
    }
  };
  for (const d of FIXTURE_DIRS) walk(join(TESTDATA, d));
  return out;
}
