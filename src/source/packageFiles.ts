// The Go files `go build` compiles, found on disk: the packages of a module
// (what `./...` matches: testdata/, vendor/, `_`/`.` directories and nested
// modules left out, symlinked directories not followed) and, in each, the
// non-test files go/build selects for a target (buildContext.ts), cgo files
// only with cgo enabled, `package documentation` files never.
// In: a module (import path + directory) or a package directory, a target.
// Out: files with their import path, profile name and parsed facts.

import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { analyzeGoFile, type GoFileFacts } from './blocks.js';
import { goodOSArchFile, shouldBuild, type BuildContext } from './buildContext.js';

/** A Go file of a package. */
export interface PackageFile {
  /** Import path of its package. */
  importPath: string;
  /** The name a coverage profile gives it: import path + '/' + base name. */
  name: string;
  /** Absolute path on disk. */
  path: string;
  facts: GoFileFacts;
}

/** go/build's file-name rules: a non-test .go file without `_`/`.` prefix whose _GOOS/_GOARCH suffix matches. */
export function candidateName(ctx: BuildContext, base: string): boolean {
  if (!base.endsWith('.go') || base.endsWith('_test.go')) return false;
  if (base.startsWith('_') || base.startsWith('.')) return false;
  return goodOSArchFile(ctx, base);
}

/** The buildable non-test files of the package in `dir` whose import path is `importPath`. */
export async function packageFiles(ctx: BuildContext, dir: string, importPath: string): Promise<PackageFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: PackageFile[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.isDirectory() || !candidateName(ctx, e.name)) continue;
    const path = join(dir, e.name);
    const text = await readFile(path, 'utf8');
    const facts = await fileFacts(ctx, text).catch((err: unknown) => {
      throw Object.assign(err as Error, { file: path });
    });
    if (facts === null) continue;
    if (facts.packageName === 'documentation') continue;
    if (facts.imports.includes('C') && !ctx.cgo) continue;
    out.push({ importPath, name: `${importPath}/${e.name}`, path, facts });
  }
  return out;
}

/** A file's facts, or null when its build constraints leave it out. Errors (syntax, bad //go:build) are thrown. */
async function fileFacts(ctx: BuildContext, text: string): Promise<GoFileFacts | null> {
  return shouldBuild(ctx, text) ? analyzeGoFile(text) : null;
}

/** The package directories under `dir` that `./...` would match (relative, '/'-separated; '' = dir itself). */
export async function packageDirs(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (abs: string, rel: string): Promise<void> => {
    const entries = await readdir(abs, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name.endsWith('.go'))) out.push(rel);
    for (const e of entries) {
      if (!e.isDirectory()) continue; // symlinked directories are not followed, as `./...` does
      if (e.name === 'testdata' || e.name === 'vendor' || e.name.startsWith('.') || e.name.startsWith('_')) continue;
      const sub = join(abs, e.name);
      if (entries.length && (await readdir(sub)).includes('go.mod')) continue; // a nested module
      await walk(sub, rel === '' ? e.name : `${rel}/${e.name}`);
    }
  };
  await walk(dir, '');
  return out.sort();
}

/** Every buildable non-test file of the packages of module `modulePath` rooted at `moduleDir`, limited to the subtree `under` (default: all). */
export async function moduleFiles(ctx: BuildContext, modulePath: string, moduleDir: string, under = moduleDir): Promise<PackageFile[]> {
  const out: PackageFile[] = [];
  const base = relative(moduleDir, under).split(sep).join('/');
  for (const rel of await packageDirs(under)) {
    const r = [base, rel].filter((x) => x !== '').join('/');
    const importPath = r === '' ? modulePath : `${modulePath}/${r}`;
    out.push(...(await packageFiles(ctx, rel === '' ? under : join(under, ...rel.split('/')), importPath)));
  }
  return out;
}
