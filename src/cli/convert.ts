// `gopherage convert INPUT [--format text|lcov|cobertura|json]`: one input (a
// text profile or a GOCOVERDIR directory) out in another format. For a
// GOCOVERDIR and `--format text` the output is byte-identical to
// `go tool covdata textfmt -i=DIR -o=OUT`; for a text profile, `text` is the
// canonical profile. Reports name files by their path in the repository when
// the source is found (--path-style) and carry per-function data.

import { Command, Option } from 'commander';
import { readCovDir } from '../covdata/readCovDir.js';
import { UsageError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { writeChunks, writeProfile } from '../profile/writer.js';
import { coberturaChunks } from '../report/cobertura.js';
import { jsonSummaryChunks } from '../report/json.js';
import { lcovChunks } from '../report/lcov.js';
import { keptFunctions, type ExclusionReport } from '../ops/exclude.js';
import { profileSourceFacts } from '../source/fileFacts.js';
import { SourceIndex } from '../source/sourceIndex.js';
import type { FuncCoverage } from '../summary/functions.js';
import { action, collect, outputOption, parseNumber } from './common.js';
import { addExcludeOptions, Excluder, type ExcludeFlags } from './excludeFlags.js';
import { addSourceOptions, locatorFromFlags, pathStyleOption, reportPathMapper, type PathStyle } from './sources.js';
import { expandInputs } from './inputs.js';
import { isDirectory, loadProfile } from './load.js';
import { withOutput } from './output.js';

interface ConvertFlags extends ExcludeFlags {
  output: string;
  format: ConvertFormat;
  pathPrefix: string[];
  source: string[];
  blocks?: boolean;
  timestamp?: string;
  pathStyle: PathStyle;
  functions: boolean;
  sourceRoot?: string;
  trimPrefix: string[];
  sourceMap: string[];
}

interface ReportContext {
  mapPath: (name: string) => string;
  functions: (name: string) => readonly FuncCoverage[] | null | undefined;
  flags: ConvertFlags;
  exclusions?: ExclusionReport;
}

/** The report formats, by name: each turns a Profile into text chunks. */
const REPORTERS = {
  lcov: (p: Profile, c: ReportContext) => lcovChunks(p, { mapPath: c.mapPath, functions: c.functions }),
  cobertura: (p: Profile, c: ReportContext) =>
    coberturaChunks(p, { mapPath: c.mapPath, functions: c.functions, sources: c.flags.source, timestamp: timestampOf(c.flags.timestamp) }),
  json: (p: Profile, c: ReportContext) =>
    jsonSummaryChunks(p, { mapPath: c.mapPath, functions: c.functions, blocks: c.flags.blocks === true, exclusions: c.exclusions }),
} satisfies Record<string, (p: Profile, c: ReportContext) => Iterable<string>>;

/** Output formats of `convert`. */
export const CONVERT_FORMATS = ['text', ...(Object.keys(REPORTERS) as (keyof typeof REPORTERS)[])] as const;
type ConvertFormat = 'text' | keyof typeof REPORTERS;

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

/** Register `convert`. */
export function registerConvert(program: Command): void {
  const cmd = program
    .command('convert')
    .description('convert a profile or a GOCOVERDIR directory to text (as go tool covdata textfmt), LCOV, Cobertura XML or a JSON summary')
    .argument('<input>', 'text profile, GOCOVERDIR directory, quoted glob matching one, or - for stdin')
    .addOption(outputOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(CONVERT_FORMATS).default('text'))
    .option('--path-prefix <from=to>', 'rewrite a leading FROM of file names to TO (FROM alone strips it); repeatable, first match wins; lcov/cobertura/json', collect, [])
    .option('--source <dir>', 'cobertura: a <source> directory the file names are relative to; repeatable', collect, [])
    .option('--timestamp <seconds>', 'cobertura: timestamp attribute (default $SOURCE_DATE_EPOCH, else 0)')
    .option('--blocks', 'json: include every block of every file')
    .addOption(pathStyleOption())
    .option('--no-functions', 'lcov/cobertura/json: no per-function data (sources are then located, never parsed)');
  addExcludeOptions(addSourceOptions(cmd)).action(
    action(async (input: string, flags: ConvertFlags) => {
      const inputs = await expandInputs([input]);
      if (inputs.length !== 1) throw new UsageError(`convert takes one input; ${input} matches ${inputs.length}`);
      const arg = inputs[0];
      const mapPath = pathMapper(flags.pathPrefix.map(parsePathRule));
      const locator = flags.format === 'text' && !flags.excludeGenerated && !flags.honorIgnore ? null : await locatorFromFlags(flags);
      const excluder = locator && (await Excluder.fromFlags(flags, locator));
      if (flags.format === 'text') {
        if (flags.pathPrefix.length > 0) throw new UsageError('--path-prefix applies to lcov, cobertura and json output, not text');
        if (excluder) {
          const kept = await excluder.applyAndReport(await loadProfile(arg));
          await withOutput(flags.output, (out) => writeProfile(kept, out));
        } else if (await isDirectory(arg)) {
          const table = await readCovDir(arg);
          await withOutput(flags.output, (out) => writeChunks(table.textChunks(), out));
        } else {
          const profile = await loadProfile(arg);
          await withOutput(flags.output, (out) => writeProfile(profile, out));
        }
        return;
      }
      const loaded = await loadProfile(arg);
      let profile = loaded;
      let exclusions: ExclusionReport | undefined;
      if (excluder) {
        ({ profile, report: exclusions } = await excluder.apply(loaded));
        excluder.tell(exclusions, loaded);
      }
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
      const chunks = REPORTERS[flags.format](profile, { mapPath: reportPathMapper(flags.pathStyle, located, mapPath), functions, flags, exclusions });
      await withOutput(flags.output, (out) => writeChunks(chunks, out));
    }),
  );
}
