// The one place of `--include-untested[=DIR,...]` and the build target flags
// (`--goos`, `--goarch`, `--tags`) shared by table, html, junit, convert and
// ci (and `blocks`): adds every buildable non-test Go file of the modules that
// the profile has no blocks for, with blocks computed from source at count 0
// (src/source/untested.ts). Modules: the DIRs given (each a module root or a
// directory inside one), else those the source locator discovers from cwd.

import { Command, Option } from 'commander';
import { execFileSync } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError, UsageError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { ConstraintError, hostTarget, KNOWN_ARCH, KNOWN_OS, type BuildContext } from '../source/buildContext.js';
import { parseGoModDirectives } from '../source/goModFiles.js';
import { GoSyntaxError } from '../source/goSyntaxError.js';
import type { PackageFile } from '../source/packageFiles.js';
import type { AddedFile } from '../source/untested.js';
import { note } from './common.js';

// The Go parser and the source scanners are imported inside the functions that
// use them: a command given none of these flags loads none of them (start-up).

/** The flags `untestedOptions` adds. */
export interface UntestedFlags {
  includeUntested?: string | true;
  goos?: string;
  goarch?: string;
  tags?: string;
}

/** `--goos`, `--goarch`, `--tags`: the build target for choosing Go files (fresh Option objects for one command). */
export function targetOptions(): Option[] {
  return [
    new Option('--goos <os>', 'build target for choosing Go files (default: $GOOS, else this machine\'s)'),
    new Option('--goarch <arch>', 'build target for choosing Go files (default: $GOARCH, else this machine\'s)'),
    new Option('--tags <list>', 'build tags for choosing Go files (comma-separated, as go build -tags)'),
  ];
}

/** `--include-untested[=DIR,...]` plus the target options: add each to a command with `.addOption`. */
export function untestedOptions(): Option[] {
  return [
    new Option(
      '--include-untested [dirs]',
      'add the Go files no profile covers, at 0 %, from these module directories (comma-separated, write =DIRS; default: the modules found from the working directory)',
    ),
    ...targetOptions(),
  ];
}

/** Add the options of `untestedOptions` (or `targetOptions`) to a command. */
export function addOptions(cmd: Command, options: readonly Option[]): Command {
  for (const o of options) cmd.addOption(o);
  return cmd;
}

/** The build target of the flags: the machine's unless --goos/--goarch; cgo from $CGO_ENABLED, else on for native builds with a C compiler. */
export function buildContextOf(flags: UntestedFlags): BuildContext {
  const host = hostTarget(process.platform, process.arch);
  const goos = flags.goos ?? process.env.GOOS ?? host.goos;
  const goarch = flags.goarch ?? process.env.GOARCH ?? host.goarch;
  if (!KNOWN_OS.has(goos)) throw new UsageError(`--goos: unknown GOOS "${goos}"`);
  if (!KNOWN_ARCH.has(goarch)) throw new UsageError(`--goarch: unknown GOARCH "${goarch}"`);
  const env = process.env.CGO_ENABLED;
  const cgo = env === '1' ? true : env === '0' ? false : goos === host.goos && goarch === host.goarch && hasCCompiler();
  const tags = (flags.tags ?? '').split(',').filter((t) => t !== '');
  return { goos, goarch, cgo, tags, goMinor: 23 };
}

function hasCCompiler(): boolean {
  for (const cc of [process.env.CC, 'gcc', 'clang'].filter((c): c is string => !!c)) {
    try {
      execFileSync(cc, ['--version'], { stdio: 'ignore', timeout: 10_000 });
      return true;
    } catch {
      // try the next
    }
  }
  return false;
}

/** A module to scan: its path, root and the subtree asked for. */
interface ModuleScope {
  path: string;
  dir: string;
  under: string;
}

async function moduleOf(dir: string): Promise<ModuleScope> {
  const under = resolve(dir);
  const st = await stat(under).catch(() => null);
  if (!st?.isDirectory()) throw new UsageError(`--include-untested: ${dir} is not a directory (write --include-untested=DIR, or put the flag after the inputs)`);
  for (let d = under; ; d = dirname(d)) {
    const text = await readFile(join(d, 'go.mod'), 'utf8').catch(() => null);
    if (text !== null) {
      const path = parseGoModDirectives(text).module;
      if (!path) throw new InputError('BAD_GOMOD', `${join(d, 'go.mod')}: no module line`);
      return { path, dir: d, under };
    }
    if (dirname(d) === d) throw new UsageError(`--include-untested: no go.mod in ${dir} or above it`);
  }
}

const scanned = new Map<string, Promise<PackageFile[]>>();

/** The Go files of the modules --include-untested names (or the discovered ones); scanned once per process for the same flags. */
export function untestedCandidates(flags: UntestedFlags): Promise<PackageFile[]> {
  const key = JSON.stringify([flags.includeUntested, flags.goos, flags.goarch, flags.tags]);
  let files = scanned.get(key);
  if (!files) scanned.set(key, (files = scanModules(flags)));
  return files;
}

async function scanModules(flags: UntestedFlags): Promise<PackageFile[]> {
  const ctx = buildContextOf(flags);
  let scopes: ModuleScope[];
  if (typeof flags.includeUntested === 'string') {
    scopes = await Promise.all(flags.includeUntested.split(',').filter((d) => d !== '').map(moduleOf));
  } else {
    const { createSourceLocator } = await import('../source/locator.js');
    const locator = await createSourceLocator({ cwd: process.cwd(), goroot: null, env: process.env });
    scopes = locator.modules.map((m) => ({ ...m, under: m.dir }));
    if (scopes.length === 0) throw new UsageError(`--include-untested: no Go module found from ${process.cwd()}; name one with --include-untested=DIR`);
  }
  const { moduleFiles } = await import('../source/packageFiles.js');
  const files: PackageFile[] = [];
  for (const s of scopes) {
    try {
      files.push(...(await moduleFiles(ctx, s.path, s.dir, s.under)));
    } catch (err) {
      throw sourceError(err);
    }
  }
  return files;
}

/** A parse or constraint failure in a source file as a one-line input error naming the file. */
export function sourceError(err: unknown): unknown {
  const file = (err as { file?: string }).file ?? '';
  if (err instanceof GoSyntaxError) return new InputError('GO_SYNTAX', `${file}:${err.line}:${err.col}: ${err.message}`);
  if (err instanceof ConstraintError) return new InputError('GO_BUILD_LINE', `${file}: ${err.message}: ${JSON.stringify(err.lineText)}`);
  return err;
}

/** Apply --include-untested to a profile (unchanged without the flag); notes on stderr what was added. */
export async function includeUntested(profile: Profile, flags: UntestedFlags): Promise<{ profile: Profile; added: AddedFile[] }> {
  if (flags.includeUntested === undefined) return { profile, added: [] };
  const candidates = await untestedCandidates(flags);
  const { addUntested } = await import('../source/untested.js');
  const result = addUntested(profile, candidates);
  note(untestedSummary(result.added));
  return result;
}

/** "N files not in any profile add M statements (at 0 %)". */
export function untestedSummary(added: readonly AddedFile[]): string {
  const stmts = added.reduce((n, a) => n + a.statements, 0);
  return `--include-untested: ${added.length} file${added.length === 1 ? '' : 's'} not in any profile add ${stmts} statement${stmts === 1 ? '' : 's'} to the denominator (at 0 %)`;
}
