// The source locator: a profile file name (an import path plus a file name,
// e.g. `k8s.io/kubernetes/pkg/kubelet/kubelet.go`) in, a file on disk out.
// Roots, tried in this order: --source-map entries, --source-root (which
// replaces discovery), else discovery from the working directory: the module
// containing it, every `use` of a go.work, local `replace` directives,
// vendor/ (vendor/modules.txt), and GOROOT/src for the standard library. When
// neither a go.work nor a go.mod is above cwd (e.g. a repository root with
// modules in subdirectories), the repository's go.mod files are used
// (skipping testdata, vendor, `.`/`_` directories, as `go ./...` does).
// Within a rank the longest import prefix wins; the first existing file wins.
//
// Path safety: a name never resolves outside the root it matched. Names with
// `..` segments or NUL bytes are refused before touching the disk, and the
// real path (symlinks resolved) must stay inside the root's real path; absolute
// names are only accepted inside the repository or a module directory.
// Nothing outside is ever read.

import { execFile } from 'node:child_process';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseGoModDirectives, parseVendorModules } from './goModFiles.js';

/** How to look for sources (see docs/source.md). */
export interface LocatorOptions {
  /** Where to start looking (the user's working directory). */
  cwd: string;
  /** Explicit --source-root DIR (overrides discovery). */
  sourceRoot?: string;
  /** --trim-prefix P (with sourceRoot; longest match wins). */
  trimPrefix?: readonly string[];
  /** Repeatable --source-map IMPORT_PREFIX=DIR. */
  sourceMap?: ReadonlyArray<readonly [importPrefix: string, dir: string]>;
  /** undefined = detect (`go env GOROOT`, else $GOROOT of `env`); null = no standard library. */
  goroot?: string | null;
  /** The environment read for GOROOT and GOWORK (the CLI passes its own; default: neither is set). */
  env?: LocatorEnv;
}

/** The environment variables the locator reads. */
export interface LocatorEnv {
  readonly GOROOT?: string;
  readonly GOWORK?: string;
}

/** Where a profile file name was found, or why not. */
export type Location =
  | { found: true; name: string; path: string; repoPath?: string; module?: string; moduleDir?: string }
  | { found: false; name: string; reason: string };

/** Finds profile file names on disk. */
export interface SourceLocator {
  /** Git toplevel of cwd, when inside a repository (real path). */
  readonly repoRoot?: string;
  /** Modules found (main module, go.work uses, local replaces). */
  readonly modules: ReadonlyArray<{ path: string; dir: string }>;
  /** Locate one profile file name (cached). */
  locate(name: string): Promise<Location>;
  /** Contents of a found source (null when not found); never reads outside the roots. */
  read(name: string): Promise<Uint8Array | null>;
}

/** One place names can resolve to: `prefix` (import path, '' = any) maps to `dir`. */
interface Root {
  prefix: string;
  dir: string;
  rank: number;
  kind: 'map' | 'source-root' | 'module' | 'vendor' | 'std';
  /** For source-root: prefixes stripped before lookup (longest first). */
  trim?: readonly string[];
}

const exists = (p: string) => stat(p).then((s) => s, () => null);

function run(cmd: string, args: string[], cwd: string): Promise<string | null> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd, timeout: 120_000, encoding: 'utf8' }, (err, stdout) => done(err ? null : stdout.trim()));
  });
}

async function findUp(start: string, name: string): Promise<string | null> {
  for (let dir = start; ; dir = dirname(dir)) {
    if (await exists(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return null;
  }
}

async function readText(p: string): Promise<string | null> {
  return readFile(p, 'utf8').then((t) => t, () => null);
}

/** The git repository root of `cwd`: `git rev-parse --show-toplevel`, else the nearest directory holding `.git`. */
export async function findRepoRoot(cwd: string): Promise<string | undefined> {
  const top = await run('git', ['rev-parse', '--show-toplevel'], cwd);
  if (top) return realpath(top).catch(() => top);
  const git = await findUp(cwd, '.git');
  return git === null ? undefined : realpath(dirname(git)).catch(() => dirname(git));
}

/** GOROOT as the toolchain on PATH reports it, else GOROOT of `env`, else null. */
export async function detectGoroot(cwd: string, env: LocatorEnv = {}): Promise<string | null> {
  const out = await run('go', ['env', 'GOROOT'], cwd);
  if (out) return out;
  return env.GOROOT ? env.GOROOT : null;
}

/** Discover modules from cwd: go.work uses (or the main module), their local replaces and vendor dirs. */
async function discover(cwd: string, repoRoot: string | undefined, env: LocatorEnv): Promise<{ modules: { path: string; dir: string }[]; vendors: { path: string; dir: string }[] }> {
  const modules: { path: string; dir: string }[] = [];
  const vendors: { path: string; dir: string }[] = [];
  const seen = new Set<string>();
  const addModule = async (dir: string, replacesOnly?: string) => {
    const text = await readText(join(dir, 'go.mod'));
    if (text === null) return;
    const d = parseGoModDirectives(text);
    const path = replacesOnly ?? d.module;
    if (path && !seen.has(`${path}\0${dir}`)) {
      seen.add(`${path}\0${dir}`);
      modules.push({ path, dir });
    }
    if (replacesOnly !== undefined) return;
    for (const r of d.replaces) await addModule(resolve(dir, r.dir), r.module);
    const vendored = await readText(join(dir, 'vendor', 'modules.txt'));
    if (vendored !== null) for (const m of parseVendorModules(vendored)) vendors.push({ path: m, dir: join(dir, 'vendor', m) });
  };
  const gowork = env.GOWORK;
  const work = gowork === 'off' ? null : gowork ? resolve(cwd, gowork) : await findUp(cwd, 'go.work');
  const workText = work === null ? null : await readText(work);
  if (work !== null && workText !== null) {
    const w = parseGoModDirectives(workText);
    const base = dirname(work);
    for (const u of w.use) await addModule(resolve(base, u));
    for (const r of w.replaces) await addModule(resolve(base, r.dir), r.module);
    const vendored = await readText(join(base, 'vendor', 'modules.txt'));
    if (vendored !== null) for (const m of parseVendorModules(vendored)) vendors.push({ path: m, dir: join(base, 'vendor', m) });
  }
  const mod = await findUp(cwd, 'go.mod');
  if (mod !== null) await addModule(dirname(mod));
  if (modules.length === 0 && repoRoot !== undefined) for (const dir of await repoModuleDirs(repoRoot)) await addModule(dir);
  return { modules, vendors };
}

/** Most modules taken from a repository scan (a bound for huge monorepos). */
const MAX_REPO_MODULES = 1000;

/**
 * Directories of the repository's go.mod files (tracked or not, not ignored), skipping what Go's `./...`
 * skips: testdata, vendor, and directories starting with `.` or `_`.
 */
async function repoModuleDirs(repoRoot: string): Promise<string[]> {
  const out = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ':(glob)**/go.mod'], repoRoot);
  if (!out) return [];
  const dirs = out
    .split('\0')
    .filter((p) => p.endsWith('go.mod') && !p.split('/').slice(0, -1).some((seg) => seg === 'testdata' || seg === 'vendor' || /^[._]/.test(seg)))
    .map((p) => join(repoRoot, dirname(p)));
  return [...new Set(dirs)].slice(0, MAX_REPO_MODULES);
}

/** The part of `name` under `prefix` (`''` = all of it), or null when the prefix does not own the name. */
function under(name: string, prefix: string): string | null {
  if (prefix === '') return name;
  if (name === prefix) return null;
  return name.startsWith(prefix + '/') ? name.slice(prefix.length + 1) : null;
}

/** True when `p` is `dir` or below it. */
function inside(p: string, dir: string): boolean {
  const rel = relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Build a locator (runs discovery, git and `go env` once). */
export async function createSourceLocator(opts: LocatorOptions): Promise<SourceLocator> {
  const cwd = resolve(opts.cwd);
  const roots: Root[] = [];
  for (const [prefix, dir] of opts.sourceMap ?? []) roots.push({ prefix: prefix.replace(/\/+$/, ''), dir: resolve(cwd, dir), rank: 0, kind: 'map' });
  let modules: { path: string; dir: string }[] = [];
  const repoRoot = await findRepoRoot(cwd);
  // The standard library's root, detected on first need (running `go env` costs time).
  let std: Promise<Root | null> | undefined;
  const stdRoot = () =>
    (std ??= (opts.goroot !== undefined ? Promise.resolve(opts.goroot) : opts.sourceRoot === undefined ? detectGoroot(cwd, opts.env) : Promise.resolve(null)).then(
      (g): Root | null => (g ? { prefix: '', dir: join(g, 'src'), rank: 4, kind: 'std' } : null),
    ));
  if (opts.sourceRoot !== undefined) {
    const trim = [...(opts.trimPrefix ?? [])].sort((a, b) => b.length - a.length);
    roots.push({ prefix: '', dir: resolve(cwd, opts.sourceRoot), rank: 1, kind: 'source-root', trim });
  } else {
    const found = await discover(cwd, repoRoot, opts.env ?? {});
    modules = found.modules;
    for (const m of modules) roots.push({ prefix: m.path, dir: m.dir, rank: 2, kind: 'module' });
    for (const v of found.vendors) roots.push({ prefix: v.path, dir: v.dir, rank: 3, kind: 'vendor' });
  }
  roots.sort((a, b) => a.rank - b.rank || b.prefix.length - a.prefix.length);

  const realDirs = new Map<string, Promise<string | null>>();
  const realDir = (dir: string) => {
    let p = realDirs.get(dir);
    if (!p) realDirs.set(dir, (p = realpath(dir).then((r) => r, () => null)));
    return p;
  };
  const repoPathOf = (p: string) => (repoRoot !== undefined && inside(p, repoRoot) ? relative(repoRoot, p).split(sep).join('/') : undefined);

  /** Resolve `rel` under `root`: the real path when it is a regular file inside the root, else why not. */
  async function tryRoot(root: Root, rel: string): Promise<{ path: string } | { reason: string }> {
    const base = await realDir(root.dir);
    if (base === null) return { reason: `file missing (${root.dir} does not exist)` };
    const full = join(root.dir, ...rel.split('/'));
    const real = await realpath(full).then((r) => r, () => null);
    if (real === null) return { reason: `file missing (looked for ${full})` };
    if (!inside(real, base)) return { reason: `outside the roots (${full} resolves to ${real})` };
    const st = await exists(real);
    if (!st?.isFile()) return { reason: `file missing (${full} is not a regular file)` };
    return { path: real };
  }

  // One text per roots list, shared by every name it applies to (a million unowned names need no million copies).
  const noOwnerReasons = new Map<Root | null, string>();
  /**
   * Locate `name`; `io` is false when the answer came without touching the
   * file system (a refused name, or no root applies to it).
   */
  async function locateUncached(name: string): Promise<{ loc: Location; io: boolean }> {
    if (name.includes('\0')) return { loc: { found: false, name, reason: 'outside the roots (NUL byte in the name)' }, io: false };
    if (isAbsolute(name) || /^[A-Za-z]:[\\/]/.test(name)) return { loc: await locateAbsolute(name), io: true };
    const parts = name.split(/[/\\]/);
    if (parts.includes('..')) return { loc: { found: false, name, reason: 'outside the roots (`..` in the name)' }, io: false };
    const firstHasDot = parts[0].includes('.');
    let lastReason: string | null = null;
    const std = firstHasDot ? null : await stdRoot();
    for (const root of std ? [...roots, std] : roots) {
      let rel: string | null;
      if (root.kind === 'source-root') {
        const p = root.trim!.find((t) => name.startsWith(t));
        rel = (p === undefined ? name : name.slice(p.length)).replace(/^[/\\]+/, '');
        if (rel.split(/[/\\]/).includes('..')) return { loc: { found: false, name, reason: 'outside the roots (`..` in the name)' }, io: false };
      } else if (root.kind === 'std') {
        rel = firstHasDot ? null : name;
      } else rel = under(name, root.prefix);
      if (rel === null || rel === '') continue;
      const r = await tryRoot(root, rel);
      if ('path' in r) {
        const module = root.kind === 'std' ? 'std' : root.kind === 'source-root' ? undefined : root.prefix;
        return { loc: { found: true, name, path: r.path, repoPath: repoPathOf(r.path), module, moduleDir: root.dir }, io: true };
      }
      lastReason ??= r.reason;
    }
    if (lastReason !== null) return { loc: { found: false, name, reason: lastReason }, io: true };
    let reason = noOwnerReasons.get(std);
    if (reason === undefined) noOwnerReasons.set(std, (reason = `no module owns the prefix (${describeRoots(std ? [...roots, std] : roots)})`));
    return { loc: { found: false, name, reason }, io: false };
  }

  async function locateAbsolute(name: string): Promise<Location> {
    const real = await realpath(name).then((r) => r, () => null);
    const allowed = [repoRoot, ...modules.map((m) => m.dir), ...roots.map((r) => r.dir)].filter((d): d is string => d !== undefined);
    for (const d of allowed) {
      const base = await realDir(d);
      if (base !== null && real !== null && inside(real, base) && (await exists(real))?.isFile()) {
        return { found: true, name, path: real, repoPath: repoPathOf(real) };
      }
    }
    return { found: false, name, reason: real === null ? 'file missing' : 'outside the roots (absolute name outside the repository and modules)' };
  }

  // Answers that needed the file system, by name, kept once settled. The
  // others are not kept (computing them again is cheap): a million names no
  // root applies to would hold hundreds of MB, and even adding and deleting
  // each one leaves that much garbage for the next full GC.
  const cache = new Map<string, Promise<Location>>();
  const locate = (name: string): Promise<Location> => {
    const hit = cache.get(name);
    if (hit) return hit;
    const p: Promise<Location> = locateUncached(name).then(({ loc, io }) => {
      if (io) cache.set(name, p);
      return loc;
    });
    return p;
  };
  return {
    repoRoot,
    modules,
    locate,
    async read(name) {
      const loc = await locate(name);
      return loc.found ? readFile(loc.path) : null;
    },
  };
}

/** A short description of where names were looked up, for "not found" messages. */
function describeRoots(roots: readonly Root[]): string {
  if (roots.length === 0) return 'no go.mod or go.work found';
  const names = roots.slice(0, 4).map((r) => (r.kind === 'std' ? `std at ${r.dir}` : `${r.prefix || '*'} at ${r.dir}`));
  return `looked in ${names.join(', ')}${roots.length > 4 ? `, and ${roots.length - 4} more` : ''}`;
}
