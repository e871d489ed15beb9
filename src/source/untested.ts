// Untested code at 0 %: add to a profile the Go files it lacks, with the
// blocks cover would instrument (computed from source) at count 0, marked
// `notInProfile`. In: a profile and the buildable files of some modules
// (packageFiles.ts). Out: the widened profile and what was added.

import { compareUtf8, fileFromBlocks, type FileCoverage, type Profile } from '../profile/model.js';
import type { SourceBlock } from './blocks.js';
import type { PackageFile } from './packageFiles.js';

/** One file added by `addUntested`. */
export interface AddedFile {
  name: string;
  statements: number;
}

/** The profile with every file of `files` it has no blocks for added at count 0 (files with no blocks are skipped). */
export function addUntested(profile: Profile, files: readonly PackageFile[]): { profile: Profile; added: AddedFile[] } {
  const present = new Set(profile.files.map((f) => f.name));
  const byName = new Map<string, SourceBlock[]>();
  for (const f of files) {
    for (const b of f.facts.blocks) {
      // A //line directive can give a function's blocks another file name.
      const name = b.file === undefined ? f.name : `${f.importPath}/${b.file}`;
      if (present.has(name)) continue;
      let list = byName.get(name);
      if (!list) byName.set(name, (list = []));
      list.push(b);
    }
  }
  const extra: FileCoverage[] = [];
  const added: AddedFile[] = [];
  for (const [name, blocks] of byName) {
    blocks.sort((a, b) => a.startLine - b.startLine || a.startCol - b.startCol || a.endLine - b.endLine || a.endCol - b.endCol);
    const unique = blocks.filter(
      (b, i) => i === 0 || !(b.startLine === blocks[i - 1].startLine && b.startCol === blocks[i - 1].startCol && b.endLine === blocks[i - 1].endLine && b.endCol === blocks[i - 1].endCol),
    );
    const file = fileFromBlocks(name, unique.map((b) => ({ ...b, count: 0 })));
    extra.push({ ...file, notInProfile: true });
    added.push({ name, statements: unique.reduce((n, b) => n + b.numStmt, 0) });
  }
  if (extra.length === 0) return { profile, added };
  const merged = [...profile.files, ...extra].sort((a, b) => compareUtf8(a.name, b.name));
  added.sort((a, b) => compareUtf8(a.name, b.name));
  return { profile: { mode: profile.mode, files: merged }, added };
}
