// STAND-IN for branch i15's source locator (API in LOCATOR.md): replaced by
// the real one when i15 is merged. Profile file names (import path + file)
// in, paths on disk and repository paths out, through the go.mod files of
// the git repository containing `cwd`.

import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LocatorOptions {
  cwd: string;
  sourceRoot?: string;
  trimPrefix?: readonly string[];
  sourceMap?: ReadonlyArray<readonly [importPrefix: string, dir: string]>;
  goroot?: string | null;
}
export type Location =
  | { found: true; name: string; path: string; repoPath?: string; module?: string; moduleDir?: string }
  | { found: false; name: string; reason: string };
export interface SourceLocator {
  readonly repoRoot?: string;
  readonly modules: ReadonlyArray<{ path: string; dir: string }>;
  locate(name: string): Promise<Location>;
  read(name: string): Promise<Uint8Array | null>;
}

async function goModules(dir: string, out: Array<{ path: string; dir: string }>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (e.isFile() && e.name === 'go.mod') {
      const m = /^module\s+"?([^\s"]+)"?/m.exec(await readFile(join(dir, e.name), 'utf8'));
      if (m) out.push({ path: m[1], dir });
    } else if (e.isDirectory() && !['.git', 'vendor', 'node_modules', 'testdata'].includes(e.name) && !e.name.startsWith('.')) {
      await goModules(join(dir, e.name), out);
    }
  }
}

/** Build a locator for the repository containing `opts.cwd`. */
export async function createSourceLocator(opts: LocatorOptions): Promise<SourceLocator> {
  const repoRoot = await run('git', ['rev-parse', '--show-toplevel'], { cwd: opts.cwd }).then(
    (r) => resolve(r.stdout.trim()),
    () => undefined,
  );
  const modules: Array<{ path: string; dir: string }> = [];
  await goModules(repoRoot ?? resolve(opts.cwd), modules);
  for (const [p, d] of opts.sourceMap ?? []) modules.push({ path: p.replace(/\/+$/, ''), dir: resolve(opts.cwd, d) });
  const locate = async (name: string): Promise<Location> => {
    let best: { path: string; dir: string } | null = null;
    for (const m of modules) if (name.startsWith(`${m.path}/`) && (!best || m.path.length > best.path.length)) best = m;
    if (!best) return { found: false, name, reason: 'no module owns the prefix' };
    const path = join(best.dir, name.slice(best.path.length + 1));
    if (!(await stat(path).then((s) => s.isFile(), () => false))) return { found: false, name, reason: 'file missing' };
    const rel = repoRoot === undefined ? undefined : relative(repoRoot, path);
    const repoPath = rel === undefined || rel.startsWith('..') ? undefined : rel.split(sep).join('/');
    return { found: true, name, path, repoPath, module: best.path, moduleDir: best.dir };
  };
  return {
    repoRoot,
    modules,
    locate,
    read: async (name) => {
      const loc = await locate(name);
      return loc.found ? new Uint8Array(await readFile(loc.path)) : null;
    },
  };
}
