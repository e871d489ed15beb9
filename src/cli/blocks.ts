// `gopherage blocks FILE|DIR...`: the blocks Go 1.23's cover would instrument,
// computed from source (src/source/blocks.ts), printed as a `mode: set`
// profile with every count 0. A FILE is taken as given; a DIR stands for its
// package's buildable non-test files (build rules of --goos/--goarch/--tags).
// Names are import paths: the owning module's path (go.mod found upward, or
// a module the source locator discovered) plus the directory, or the path
// under GOROOT/src for the standard library.

import { Command } from 'commander';
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { asInputError } from '../profile/read.js';
import { InputError } from '../profile/errors.js';
import { writeProfile } from '../profile/writer.js';
import { analyzeGoFile } from '../source/blocks.js';
import { parseGoModDirectives } from '../source/goModFiles.js';
import { detectGoroot } from '../source/locator.js';
import { packageFiles, type PackageFile } from '../source/packageFiles.js';
import { addUntested } from '../source/untested.js';
import { action, outputOption } from './common.js';
import { withOutput } from './output.js';
import { addOptions, buildContextOf, sourceError, targetOptions, type UntestedFlags } from './untested.js';

/** Register `gopherage blocks`. */
export function registerBlocks(program: Command): void {
  addOptions(program.command('blocks'), targetOptions())
    .description('the blocks go test -cover (Go 1.23) instruments, computed from source, as a mode: set profile with counts 0')
    .argument('<paths...>', 'Go files, or package directories (their buildable non-test files)')
    .addOption(outputOption())
    .action(
    action(async (paths: string[], flags: UntestedFlags & { output: string }) => {
      const ctx = buildContextOf(flags);
      const goroot = await detectGoroot(process.cwd(), process.env);
      const files: PackageFile[] = [];
      for (const p of paths) {
        const abs = resolve(p);
        const st = await stat(abs).catch((err: unknown) => {
          throw asInputError(err, p);
        });
        const dir = st.isDirectory() ? abs : dirname(abs);
        const importPath = await importPathOf(dir, goroot);
        try {
          if (st.isDirectory()) files.push(...(await packageFiles(ctx, abs, importPath)));
          else {
            const text = await readFile(abs, 'utf8');
            const facts = await analyzeGoFile(text).catch((err: unknown) => {
              throw Object.assign(err as Error, { file: p });
            });
            files.push({ importPath, name: `${importPath}/${basename(abs)}`, path: abs, facts });
          }
        } catch (err) {
          throw sourceError(err);
        }
      }
      const { profile } = addUntested({ mode: 'set', files: [] }, files);
      await withOutput(flags.output, (out) => writeProfile(profile, out));
    }),
  );
}

/** Import path of the package in `dir`: module path + relative directory, or the path under GOROOT/src. */
export async function importPathOf(dir: string, goroot: string | null): Promise<string> {
  const real = await realpath(dir).catch(() => dir);
  if (goroot) {
    const src = await realpath(join(goroot, 'src')).catch(() => join(goroot, 'src'));
    const rel = relative(src, real);
    if (rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep)) return rel.split(sep).join('/');
  }
  for (let d = real; ; d = dirname(d)) {
    const text = await readFile(join(d, 'go.mod'), 'utf8').catch(() => null);
    if (text !== null) {
      const mod = parseGoModDirectives(text).module;
      if (!mod) throw new InputError('BAD_GOMOD', `${join(d, 'go.mod')}: no module line`);
      const rel = relative(d, real).split(sep).join('/');
      if (mod === 'std' && rel !== '') return rel; // GOROOT/src: the standard library's paths have no module prefix
      return rel === '' ? mod : `${mod}/${rel}`;
    }
    if (dirname(d) === d) throw new InputError('NO_MODULE', `${dir}: not inside a Go module (no go.mod above it) nor GOROOT/src`);
  }
}
