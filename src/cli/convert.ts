// `gopherage convert INPUT [--format text|lcov|cobertura|json]`: one input (a
// text profile or a GOCOVERDIR directory) out in another format. For a
// GOCOVERDIR and `--format text` the output is byte-identical to
// `go tool covdata textfmt -i=DIR -o=OUT`; for a text profile, `text` is the
// canonical profile. Reports name files by their path in the repository when
// the source is found (--path-style) and carry per-function data.

import { Command, Option } from 'commander';
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { UsageError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { writeChunks, writeProfile } from '../profile/writer.js';
import type { CoberturaOptions } from '../report/cobertura.js';
import { formatsOf, reporterFor, REPORTERS, type RenderOptions } from '../report/registry.js';
import type { ExclusionReport } from '../ops/exclude.js';
import type { FuncCoverage } from '../summary/functions.js';
import { action, collect, note, outputOption, parseNumber, warn } from './common.js';
import { addExcludeOptions, Excluder, type ExcludeFlags } from './excludeFlags.js';
import { addSourceOptions, locatorFromFlags, pathStyleOption, type PathStyle } from './sources.js';
import { convertInput, convertToText } from './convertText.js';
import { loadInput } from './loadOne.js';
import { withOutput } from './output.js';
import { addOptions, includeUntested, untestedOptions, type UntestedFlags } from './untested.js';

interface ConvertFlags extends ExcludeFlags, UntestedFlags {
  output: string;
  format: string;
  pathPrefix: string[];
  source: string[];
  blocks?: boolean;
  timestamp?: string;
  pathStyle: PathStyle;
  functions: boolean;
  sourceRoot?: string;
  trimPrefix: string[];
  sourceMap: string[];
  splitSize?: string;
}

interface ReportContext {
  mapPath: (name: string) => string;
  functions: (name: string) => readonly FuncCoverage[] | null | undefined;
  /** The input's name in errors. */
  input: string;
  flags: ConvertFlags;
  exclusions?: ExclusionReport;
}

/** The render options of the flags; --timestamp is read only for a reporter that takes it. */
function renderOptions(c: ReportContext, takes: readonly (keyof RenderOptions)[]): RenderOptions {
  const timestamp = takes.includes('timestamp') ? timestampOf(c.flags.timestamp) : undefined;
  return { mapPath: c.mapPath, functions: c.functions, input: c.input, sources: c.flags.source, timestamp, blocks: c.flags.blocks === true, exclusions: c.exclusions };
}

/** Output formats of `convert` (from the reporter registry). */
export const CONVERT_FORMATS = formatsOf('convert');

/** One `--path-prefix` rule: a leading `from` becomes `to`. */
export interface PathRule {
  from: string;
  to: string;
}

/** Parse `FROM=TO` (or `FROM`, meaning strip it); the first `=` separates. */
export function parsePathRule(value: string): PathRule {
  const eq = value.indexOf('=');
  const rule = eq < 0 ? { from: value, to: '' } : { from: value.slice(0, eq), to: value.slice(eq + 1) };
  if (rule.from === '') throw new UsageError(`--path-prefix: "${value}" has an empty prefix (use FROM=TO or FROM)`);
  return rule;
}

/** A path mapper applying the first rule whose prefix matches; other names are unchanged. */
export function pathMapper(rules: readonly PathRule[]): (name: string) => string {
  if (rules.length === 0) return (n) => n;
  return (name) => {
    for (const r of rules) if (name.startsWith(r.from)) return r.to + name.slice(r.from.length);
    return name;
  };
}

function timestampOf(value: string | undefined): number {
  const v = value ?? process.env.SOURCE_DATE_EPOCH;
  if (v === undefined || v === '') return 0;
  const n = parseNumber('--timestamp', v);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--timestamp: "${v}" is not a whole number of seconds`);
  return n;
}

/** Parse a size such as `9MiB`, `500KB`, `10000000` (bytes). */
export function parseSize(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?$/i.exec(value.trim());
  const unit = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1 << 20, gb: 1e9, gib: 1 << 30 }[(m?.[2] ?? 'b').toLowerCase() as 'b'];
  const n = m ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!(n >= 4096)) throw new UsageError(`${flag}: "${value}" is not a size of at least 4KiB (e.g. 9MiB)`);
  return n;
}

/**
 * Write Cobertura as parts `STEM-1.xml`, `STEM-2.xml`, ... beside `output`,
 * each at most `maxBytes`, and remove parts a previous, larger run left
 * (a glob such as `STEM-*.xml` would pick them up).
 */
async function writeCoberturaParts(profile: Profile, opts: CoberturaOptions, maxBytes: number, output: string): Promise<void> {
  // Imported here: only a run that renders Cobertura loads the reporter (start-up is most of a small job).
  const [{ coberturaParts }, { coberturaByteChunks }] = await Promise.all([import('../report/coberturaParts.js'), import('../report/cobertura.js')]);
  const { parts, oversized } = coberturaParts(profile, opts, maxBytes);
  for (const name of oversized) warn(`${name}: its Cobertura alone is over ${maxBytes} bytes; written as a part of its own`);
  const ext = extname(output);
  const stem = join(dirname(output), basename(output, ext));
  for (let i = 0; i < parts.length; i++) await withOutput(`${stem}-${i + 1}${ext}`, (out) => writeChunks(coberturaByteChunks(parts[i], opts), out));
  const stale = new RegExp(`^${escapeRegExp(basename(stem))}-(\\d+)${escapeRegExp(ext)}$`);
  for (const f of await readdir(dirname(output))) {
    const m = stale.exec(f);
    if (m && Number(m[1]) > parts.length) await rm(join(dirname(output), f), { force: true });
  }
  note(`wrote ${parts.length} Cobertura part${parts.length === 1 ? '' : 's'} ${stem}-{1..${parts.length}}${ext}`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Register `convert`. */
export function registerConvert(program: Command): void {
  const cmd = addOptions(program.command('convert'), untestedOptions())
    .description('convert a profile or a GOCOVERDIR directory to text (as go tool covdata textfmt), LCOV, Cobertura XML or a JSON summary')
    .argument('<input>', 'text profile, GOCOVERDIR directory, quoted glob matching one, or - for stdin')
    .addOption(outputOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(CONVERT_FORMATS).default('text'))
    .option('--path-prefix <from=to>', 'rewrite a leading FROM of file names to TO (FROM alone strips it); repeatable, first match wins; lcov/cobertura/json', collect, [])
    .option('--source <dir>', 'cobertura: a <source> directory the file names are relative to; repeatable', collect, [])
    .option('--timestamp <seconds>', 'cobertura: timestamp attribute (default $SOURCE_DATE_EPOCH, else 0)')
    .option('--blocks', 'json: include every block of every file')
    .option('--split-size <size>', 'cobertura: write parts NAME-1.xml, NAME-2.xml, ... of at most SIZE each (e.g. 9MiB: GitLab ignores files over 10 MiB); needs -o NAME.xml')
    .addOption(pathStyleOption())
    .option('--no-functions', 'lcov/cobertura/json: no per-function data (sources are then located, never parsed)');
  addExcludeOptions(addSourceOptions(cmd)).action(
    action(async (input: string, flags: ConvertFlags) => {
      const arg = await convertInput(input);
      const mapPath = pathMapper(flags.pathPrefix.map(parsePathRule));
      const locator = flags.format === 'text' && !flags.excludeGenerated && !flags.honorIgnore ? null : await locatorFromFlags(flags);
      const excluder = locator && (await Excluder.fromFlags(flags, locator));
      if (flags.format === 'text') {
        if (flags.pathPrefix.length > 0) throw new UsageError('--path-prefix applies to lcov, cobertura and json output, not text');
        if (excluder || flags.includeUntested !== undefined) {
          const { profile: all } = await includeUntested(await loadInput(arg), flags);
          const kept = excluder ? await excluder.applyAndReport(all) : all;
          await withOutput(flags.output, (out) => writeProfile(kept, out));
        } else {
          await convertToText(arg, flags.output);
        }
        return;
      }
      if (flags.splitSize !== undefined && flags.format !== 'cobertura') throw new UsageError('--split-size applies to cobertura output');
      if (flags.splitSize !== undefined && flags.output === '-') throw new UsageError('--split-size needs -o NAME.xml (the parts are NAME-1.xml, NAME-2.xml, ...)');
      const maxBytes = flags.splitSize === undefined ? undefined : parseSize('--split-size', flags.splitSize);
      const loaded = (await includeUntested(await loadInput(arg), flags)).profile;
      let profile = loaded;
      let exclusions: ExclusionReport | undefined;
      if (excluder) {
        ({ profile, report: exclusions } = await excluder.apply(loaded));
        excluder.tell(exclusions, loaded);
      }
      // Imported here, not at the top: `convert DIR` to text reads no source (start-up is most of a small job).
      const [{ SourceIndex }, { profileSourceFacts, reportPathMapper }, { keptFunctions }] = await Promise.all([
        import('../source/sourceIndex.js'),
        import('../source/fileFacts.js'),
        import('../ops/exclude.js'),
      ]);
      const index = new SourceIndex(locator!);
      const facts = await profileSourceFacts(profile, index, { functions: flags.functions });
      // Excluded files are named in the report too: their paths come from the unreduced profile,
      // and functions whose every statement was excluded are left out (as `func` does).
      const unreduced = exclusions ? await profileSourceFacts(loaded, index, { functions: flags.functions }) : null;
      const located = unreduced ? new Map([...unreduced, ...facts]) : facts;
      const functions = (name: string) => {
        const after = facts.get(name)?.functions;
        const before = unreduced?.get(name)?.functions ?? null;
        return after && keptFunctions(after, before);
      };
      const context = { mapPath: reportPathMapper(flags.pathStyle, located, mapPath), functions, flags, exclusions, input: arg.name };
      if (maxBytes !== undefined) {
        await writeCoberturaParts(profile, renderOptions(context, REPORTERS.cobertura.options), maxBytes, flags.output);
        return;
      }
      const reporter = reporterFor('convert', flags.format)!;
      const chunks = (await reporter.load())(profile, renderOptions(context, reporter.options));
      await withOutput(flags.output, (out) => writeChunks(chunks, out));
    }),
  );
}
