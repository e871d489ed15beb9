// `gopherage patch PROFILE... --base REF`: coverage of the lines a change
// adds (src/patch). Profiles are merged; the diff comes from git (merge-base
// of --base and --head, to --head) or from --diff FILE|-. Output as text,
// PR-comment markdown, JSON or GitHub workflow commands; --threshold and
// --strict turn the exit code.

import { Command, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { text as streamText } from 'node:stream/consumers';
import { UsageError, VerdictError } from '../profile/errors.js';
import { asInputError } from '../profile/read.js';
import { githubAnnotations } from '../patch/github.js';
import { patchJson, patchReasons } from '../patch/json.js';
import { measurePatch } from '../patch/measure.js';
import { patchMarkdown, patchText } from '../patch/render.js';
import { action, outputOption, parseNumber, warn } from './common.js';
import { mergeInputs } from '../input/index.js';
import { cliInputs } from './inputs.js';
import { writeOutputText } from './output.js';
import { addSourceOptions, parseSourceMap } from './sources.js';
import { addOptions, includeUntested, untestedOptions, type UntestedFlags } from './untested.js';

export const PATCH_FORMATS = ['text', 'markdown', 'json', 'github'] as const;

interface PatchFlags extends UntestedFlags {
  base?: string;
  head: string;
  repo?: string;
  diff?: string;
  format: (typeof PATCH_FORMATS)[number];
  threshold?: string;
  strict?: boolean;
  linkBase?: string;
  maxAnnotations: string;
  output: string;
  sourceRoot?: string;
  trimPrefix: string[];
  sourceMap: string[];
}

/** A ratio flag in [0, 1], or a usage error naming the flag. */
export function parseRatio(flag: string, value: string): number {
  const n = parseNumber(flag, value);
  if (n < 0 || n > 1) throw new UsageError(`${flag}: "${value}" is not a ratio between 0 and 1`);
  return n;
}

/** A diff file's text (`-` = stdin). */
export async function readDiff(path: string): Promise<{ text: string; input: string }> {
  if (path === '-') return { text: await streamText(process.stdin), input: '<stdin>' };
  try {
    return { text: await readFile(path, 'utf8'), input: path };
  } catch (err) {
    throw asInputError(err, path);
  }
}

/** The warning when no profile file maps into the repository (every changed file would be "not measured"). */
export function unlocatedHint(example: string): string {
  return `no profile file maps to a file of the repository (e.g. ${JSON.stringify(example)}): wrong --repo, or use --source-map IMPORT_PREFIX=DIR`;
}

/** Register `gopherage patch`. */
export function registerPatch(program: Command): void {
  const cmd = addOptions(program.command('patch'), untestedOptions())
    .description('coverage of the changed lines of a branch (statement-based), for a PR comment, annotations or a gate')
    .argument('<profiles...>', 'profiles, GOCOVERDIR directories, quoted globs or - for stdin (merged)')
    .option('--base <ref>', 'the branch the change goes into: lines changed since the merge-base of it and --head count')
    .option('--head <ref>', 'the change', 'HEAD')
    .option('--repo <dir>', 'the git repository (default: the one containing the working directory)')
    .option('--diff <file>', 'read a unified diff (or - for stdin) instead of running git')
    .addOption(new Option('--format <format>', 'output format').choices([...PATCH_FORMATS]).default('text'))
    .option('--threshold <ratio>', 'exit 1 when patch coverage is below this ratio in [0, 1]')
    .option('--strict', 'a changed Go file that no profile measures fails the run')
    .option('--link-base <url>', 'markdown: link files and lines under this URL, e.g. https://github.com/ORG/REPO/blob/SHA')
    .option('--max-annotations <n>', 'github: at most this many annotations, then one summary line', '10')
    .addOption(outputOption());
  addSourceOptions(cmd, 'directory holding the sources (replaces discovery from the go.mod/go.work files of --repo)').action(
      action(async (profiles: string[], flags: PatchFlags) => {
        if ((flags.base === undefined) === (flags.diff === undefined)) throw new UsageError('give --base REF (git) or --diff FILE, exactly one');
        const threshold = flags.threshold === undefined ? null : parseRatio('--threshold', flags.threshold);
        const max = parseNumber('--max-annotations', flags.maxAnnotations);
        if (!Number.isInteger(max) || max < 0) throw new UsageError(`--max-annotations: "${flags.maxAnnotations}" is not a whole number >= 0`);
        const inputs = await cliInputs(profiles);
        if (flags.diff === '-' && inputs.some((i) => i.kind === 'stdin')) throw new UsageError('stdin (-) can be only one of a profile and --diff');
        const { profile } = await includeUntested(await mergeInputs(inputs, { warn }), flags);
        const diff = flags.diff === undefined ? undefined : await readDiff(flags.diff);
        if (flags.trimPrefix.length > 0 && flags.sourceRoot === undefined) throw new UsageError('--trim-prefix needs --source-root');
        const locator = {
          sourceRoot: flags.sourceRoot === undefined ? undefined : resolve(flags.sourceRoot),
          trimPrefix: flags.trimPrefix,
          sourceMap: flags.sourceMap.map((m) => parseSourceMap(m)).map(([p, d]) => [p, resolve(d)] as const),
          env: process.env,
        };
        const { coverage, context, located } = await measurePatch(profile, { repo: flags.repo ?? '.', base: flags.base, head: flags.head, diff, threshold, locator });
        if (located === 0 && profile.files.length > 0) warn(unlocatedHint(profile.files[0].name));
        for (const p of coverage.notMeasured) warn(`${p}: changed but not measured (no profile covers its package)`);
        const opts = { threshold, linkBase: flags.linkBase ?? null };
        const out =
          flags.format === 'json' ? `${JSON.stringify(patchJson(coverage, context, flags.strict === true), null, 2)}\n`
          : flags.format === 'markdown' ? patchMarkdown(coverage, opts)
          : flags.format === 'github' ? githubAnnotations(coverage, max)
          : patchText(coverage, opts);
        await writeOutputText(flags.output, out);
        const reasons = patchReasons(coverage, threshold, flags.strict === true);
        if (reasons.length > 0) throw new VerdictError(reasons);
      }),
    );
}
