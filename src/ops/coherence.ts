// Coherence: two inputs that both cover a source file must agree on its
// block list (same positions, same NumStmt) — otherwise they come from
// different builds and adding their counts would be meaningless.

import { ProfileError } from '../profile/errors.js';
import { blockPosition, type FileCoverage, type Mode } from '../profile/model.js';

/** Index of the first block where two files' block lists differ, or -1 if they agree. */
export function firstDifference(a: FileCoverage, b: FileCoverage): number {
  const n = Math.min(a.stmts.length, b.stmts.length);
  for (let i = 0; i < n; i++) {
    const p = 4 * i;
    if (
      a.pos[p] !== b.pos[p] ||
      a.pos[p + 1] !== b.pos[p + 1] ||
      a.pos[p + 2] !== b.pos[p + 2] ||
      a.pos[p + 3] !== b.pos[p + 3] ||
      a.stmts[i] !== b.stmts[i]
    ) {
      return i;
    }
  }
  return a.stmts.length === b.stmts.length ? -1 : n;
}

function describe(f: FileCoverage, i: number): string {
  return i < f.stmts.length ? `"${blockPosition(f, i)} ${f.stmts[i]}"` : `no block #${i + 1}`;
}

/** The error for two inputs that disagree on a file's blocks; `i` is firstDifference(a, b). */
export function incoherentError(aInput: string, a: FileCoverage, bInput: string, b: FileCoverage, i: number): ProfileError {
  return new ProfileError(
    'INCOHERENT',
    `${aInput} and ${bInput} disagree on the blocks of ${a.name} (different builds?): ` +
      `block #${i + 1} is ${describe(a, i)} in ${aInput} but ${describe(b, i)} in ${bInput}`,
    { text: a.name },
  );
}

/** Fail unless two inputs have the same mode. */
export function checkSameMode(aInput: string, aMode: Mode, bInput: string, bMode: Mode): void {
  if (aMode !== bMode) {
    throw new ProfileError('MODE_MISMATCH', `mode mismatch: ${aInput} is "${aMode}" but ${bInput} is "${bMode}"`);
  }
}
