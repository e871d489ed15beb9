// One patch measurement, shared by `gopherage patch` and `ci --patch-base`:
// a merged profile, a repository and either refs or a diff text in; the
// PatchCoverage and its context out. Profile names (import paths) become
// repository paths through the source locator; the changed sources (at the
// head, or in the work tree for a given diff) tell comment and blank lines
// apart from code.

import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileCoverage, Profile } from '../profile/model.js';
import { createSourceLocator, type LocatorOptions } from '../source/locator.js';
import { countsForPatch, patchCoverage, type PatchCoverage } from './coverage.js';
import { codeLines } from './goLines.js';
import { git, gitPatch, repoRoot } from './git.js';
import type { PatchContext } from './json.js';
import { parseUnifiedDiff } from './unidiff.js';

/** What to measure. */
export interface PatchRequest {
  /** Any directory inside the repository. */
  repo: string;
  /** Base ref (with `head`), when the diff comes from git. */
  base?: string;
  head?: string;
  /** A unified diff instead of git: its text and its name for messages. */
  diff?: { text: string; input: string };
  threshold: number | null;
  /** Extra locator settings (source maps). */
  locator?: Omit<LocatorOptions, 'cwd'>;
}

/** Profile files keyed by their path relative to `root` (files the locator cannot place under it are left out). */
export async function filesByRepoPath(profile: Profile, root: string, extra: Omit<LocatorOptions, 'cwd'> = {}): Promise<Map<string, FileCoverage>> {
  const locator = await createSourceLocator({ cwd: root, goroot: null, ...extra });
  const out = new Map<string, FileCoverage>();
  for (const f of profile.files) {
    const loc = await locator.locate(f.name);
    if (!loc.found) continue;
    if (loc.repoPath !== undefined) {
      out.set(loc.repoPath, f);
      continue;
    }
    const rel = relative(root, loc.path);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) out.set(rel.split(sep).join('/'), f);
  }
  return out;
}

/** Measure the patch; `located` is how many profile files were placed in the repository. */
export async function measurePatch(profile: Profile, req: PatchRequest): Promise<{ coverage: PatchCoverage; context: PatchContext; located: number }> {
  // A given diff needs no repository: its paths are relative to --repo then.
  const root = req.diff ? await repoRoot(req.repo).catch(() => resolve(req.repo)) : await repoRoot(req.repo);
  let text: string;
  let input: string;
  let mergeBase: string | null = null;
  if (req.diff) {
    ({ text, input } = req.diff);
  } else {
    const p = await gitPatch(root, req.base!, req.head ?? 'HEAD');
    text = p.diff;
    mergeBase = p.mergeBase;
    input = `git diff ${mergeBase} ${req.head ?? 'HEAD'}`;
  }
  const byPath = await filesByRepoPath(profile, root, req.locator);
  const diff = parseUnifiedDiff(text, input);
  // The changed sources as of the head (the work tree for a given diff), for their comment and blank lines.
  const code = new Map<string, boolean[]>();
  for (const d of diff) {
    if (!countsForPatch(d) || !byPath.has(d.path)) continue;
    const source = req.diff
      ? await readFile(join(root, d.path), 'utf8').catch(() => null)
      : await git(root, ['show', `${req.head ?? 'HEAD'}:${d.path}`]).catch(() => null);
    if (source !== null) code.set(d.path, codeLines(source));
  }
  const coverage = patchCoverage(diff, byPath, code);
  const context: PatchContext = {
    base: req.diff ? null : req.base!,
    head: req.diff ? null : (req.head ?? 'HEAD'),
    mergeBase,
    threshold: req.threshold,
  };
  return { coverage, context, located: byPath.size };
}
