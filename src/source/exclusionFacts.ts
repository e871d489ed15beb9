// Per-file facts for exclusions: profile file names + a source locator in,
// per name the generated header, the ignore markers and the matching
// .covignore rule out (src/ops/exclude.ts decides what to drop). Sources are
// read through the locator (never outside its roots), a bounded number at a
// time; each module's .covignore is read once.

import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import pMap from 'p-map';
import type { ExclusionFacts } from '../ops/exclude.js';
import { InputError } from '../profile/errors.js';
import { parseCovIgnore, type CovIgnore } from './covignore.js';
import type { Location, SourceLocator } from './locator.js';
import { findIgnoreMarkers, generatedHeader } from './markers.js';

/** What the facts need from a source locator (src/source/locator.ts). */
export type SourceAccess = Pick<SourceLocator, 'modules' | 'locate' | 'read'>;

/** Which facts to gather. */
export interface FactOptions {
  generated: boolean;
  ignore: boolean;
  /** Files read at once (default 16). */
  concurrency?: number;
}

/** Name of the per-module ignore file. */
export const COVIGNORE_FILE = '.covignore';

/** Facts for every name (names already known in `cache` are not looked up again). */
export async function gatherExclusionFacts(
  names: readonly string[],
  src: SourceAccess,
  opts: FactOptions,
  cache: Map<string, ExclusionFacts> = new Map(),
): Promise<Map<string, ExclusionFacts>> {
  const covignores = new Map<string, Promise<CovIgnore | null>>();
  const loadCovIgnore = (dir: string): Promise<CovIgnore | null> => {
    let p = covignores.get(dir);
    if (!p) {
      p = readCovIgnore(join(dir, COVIGNORE_FILE));
      covignores.set(dir, p);
    }
    return p;
  };
  const todo = names.filter((n) => !cache.has(n));
  await pMap(
    todo,
    async (name) => {
      const facts: ExclusionFacts = {};
      const loc = await src.locate(name);
      const owner = ownerOf(name, loc, src.modules);
      if (opts.ignore && owner) {
        const rules = await loadCovIgnore(owner.dir);
        const rule = rules?.match(owner.rel) ?? null;
        facts.covignore = rule && { ...rule, file: join(owner.dir, COVIGNORE_FILE) };
      }
      const bytes = loc.found ? await src.read(name) : null;
      if (bytes === null) {
        facts.missing = loc.found ? 'file missing' : loc.reason;
      } else {
        const text = new TextDecoder().decode(bytes);
        if (opts.generated) facts.generated = generatedHeader(text);
        if (opts.ignore) facts.markers = await findIgnoreMarkers(text);
      }
      cache.set(name, facts);
    },
    { concurrency: opts.concurrency ?? 16 },
  );
  return cache;
}

/**
 * The directory whose .covignore applies to `name`, and the name relative to it:
 * the module the locator found it in; with --source-root, that root; when not
 * found, the module whose path is the longest prefix of the name. None for std.
 */
function ownerOf(name: string, loc: Location, modules: SourceAccess['modules']): { dir: string; rel: string } | null {
  if (loc.found && loc.module === 'std') return null;
  if (loc.found && loc.module !== undefined && loc.moduleDir !== undefined && name.startsWith(`${loc.module}/`)) {
    return { dir: loc.moduleDir, rel: name.slice(loc.module.length + 1) };
  }
  if (loc.found && loc.moduleDir !== undefined) return { dir: loc.moduleDir, rel: toSlash(relative(realpathSync(loc.moduleDir), loc.path)) };
  return moduleOf(name, modules);
}

/** The module owning an import-path file name (longest module path), with the name relative to its root. */
function moduleOf(name: string, modules: SourceAccess['modules']): { dir: string; rel: string } | null {
  let best: { path: string; dir: string } | null = null;
  for (const m of modules) {
    if (name.startsWith(`${m.path}/`) && (best === null || m.path.length > best.path.length)) best = m;
  }
  return best && { dir: best.dir, rel: name.slice(best.path.length + 1) };
}

function toSlash(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

async function readCovIgnore(path: string): Promise<CovIgnore | null> {
  try {
    return parseCovIgnore(await readFile(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new InputError(code ?? 'IO', `${path}: ${(err as Error).message}`);
  }
}
