// `gopherage convert INPUT [--format text|lcov|cobertura|json]`: one input (a
// text profile or a GOCOVERDIR directory) out in another format. For a
// GOCOVERDIR and `--format text` the output is byte-identical to
// `go tool covdata textfmt -i=DIR -o=OUT`; for a text profile, `text` is the
// canonical profile.

import { Command, Option } from 'commander';
import { readCovDir } from '../covdata/readCovDir.js';
import { UsageError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { writeChunks, writeProfile } from '../profile/writer.js';
import { coberturaChunks } from '../report/cobertura.js';
import { jsonSummaryChunks } from '../report/json.js';
import { lcovChunks } from '../report/lcov.js';
import { action, collect, outputOption, parseNumber } from './common.js';
import { expandInputs } from './inputs.js';
import { isDirectory, loadProfile } from './load.js';
import { withOutput } from './output.js';
import { addOptions, includeUntested, untestedOptions, type UntestedFlags } from './untested.js';

interface ConvertFlags extends UntestedFlags {
  output: string;
  format: ConvertFormat;
  pathPrefix: string[];
  source: string[];
  blocks?: boolean;
  timestamp?: string;
}

interface ReportContext {
  mapPath: (name: string) => string;
  flags: ConvertFlags;
}

/** The report formats, by name: each turns a Profile into text chunks. */
const REPORTERS = {
  lcov: (p: Profile, c: ReportContext) => lcovChunks(p, { mapPath: c.mapPath }),
  cobertura: (p: Profile, c: ReportContext) =>
    coberturaChunks(p, { mapPath: c.mapPath, sources: c.flags.source, timestamp: timestampOf(c.flags.timestamp) }),
  json: (p: Profile, c: ReportContext) => jsonSummaryChunks(p, { mapPath: c.mapPath, blocks: c.flags.blocks === true }),
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
  addOptions(program.command('convert'), untestedOptions())
    .description('convert a profile or a GOCOVERDIR directory to text (as go tool covdata textfmt), LCOV, Cobertura XML or a JSON summary')
    .argument('<input>', 'text profile, GOCOVERDIR directory, quoted glob matching one, or - for stdin')
    .addOption(outputOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(CONVERT_FORMATS).default('text'))
    .option('--path-prefix <from=to>', 'rewrite a leading FROM of file names to TO (FROM alone strips it); repeatable, first match wins; lcov/cobertura/json', collect, [])
    .option('--source <dir>', 'cobertura: a <source> directory the file names are relative to; repeatable', collect, [])
    .option('--timestamp <seconds>', 'cobertura: timestamp attribute (default $SOURCE_DATE_EPOCH, else 0)')
    .option('--blocks', 'json: include every block of every file')
    .action(
      action(async (input: string, flags: ConvertFlags) => {
        const inputs = await expandInputs([input]);
        if (inputs.length !== 1) throw new UsageError(`convert takes one input; ${input} matches ${inputs.length}`);
        const arg = inputs[0];
        const mapPath = pathMapper(flags.pathPrefix.map(parsePathRule));
        if (flags.format === 'text') {
          if (flags.pathPrefix.length > 0) throw new UsageError('--path-prefix applies to lcov, cobertura and json output, not text');
          if (flags.includeUntested !== undefined) {
            const { profile } = await includeUntested(await loadProfile(arg), flags);
            await withOutput(flags.output, (out) => writeProfile(profile, out));
          } else if (await isDirectory(arg)) {
            const table = await readCovDir(arg);
            await withOutput(flags.output, (out) => writeChunks(table.textChunks(), out));
          } else {
            const profile = await loadProfile(arg);
            await withOutput(flags.output, (out) => writeProfile(profile, out));
          }
          return;
        }
        const { profile } = await includeUntested(await loadProfile(arg), flags);
        const chunks = REPORTERS[flags.format](profile, { mapPath, flags });
        await withOutput(flags.output, (out) => writeChunks(chunks, out));
      }),
    );
}
