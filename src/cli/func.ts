// `gopherage func PROFILE...`: per-function coverage, byte-identical to
// `go tool cover -func=PROFILE` in text form. Profiles are merged first (as
// `merge` does); sources are found by the locator (src/source/locator.ts),
// with no flags inside a checkout. A file whose source cannot be found is an
// error (exit 3) naming the file and where it was looked up, as cmd/cover fails.

import { Command, Option } from 'commander';
import { InputError, UsageError } from '../profile/errors.js';
import { funcTotal, functionRows, sortFuncRows, type FuncRow, type FuncSort } from '../report/func.js';
import { formatsOf, reporterFor, reportText } from '../report/registry.js';
import { profileSourceFacts } from '../source/fileFacts.js';
import { SourceIndex } from '../source/sourceIndex.js';
import { action, outputOption, parseNumber, warn } from './common.js';
import { mergeInputs } from '../input/index.js';
import { cliInputs } from './inputs.js';
import { withOutput } from './output.js';
import { keptFunctions } from '../ops/exclude.js';
import { addExcludeOptions, Excluder, type ExcludeFlags } from './excludeFlags.js';
import { addSourceOptions, locatorFromFlags, type SourceFlags } from './sources.js';
import { addOptions, includeUntested, untestedOptions, type UntestedFlags } from './untested.js';

interface FuncFlags extends SourceFlags, UntestedFlags, Omit<ExcludeFlags, keyof SourceFlags> {
  output: string;
  format: string;
  sort?: Exclude<FuncSort, 'go'>;
  min?: string;
}

/** Register `func`. */
export function registerFunc(program: Command): void {
  const cmd = addOptions(program.command('func'), untestedOptions())
    .description('per-function coverage, as go tool cover -func (profiles are merged first; sources found from go.mod/go.work/GOROOT)')
    .argument('<files...>', 'profiles, GOCOVERDIR directories, quoted globs or - for stdin')
    .addOption(outputOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(formatsOf('func')).default('text'))
    .addOption(new Option('--sort <order>', 'row order (default: files bytewise, functions in source order, as Go)').choices(['name', 'coverage', 'uncovered']))
    .option('--min <pct>', 'list only functions whose coverage is below PCT percent (the total still covers all)');
  addExcludeOptions(addSourceOptions(cmd)).action(
    action(async (files: string[], flags: FuncFlags) => {
      const min = flags.min === undefined ? undefined : parseNumber('--min', flags.min);
      if (min !== undefined && (min < 0 || min > 100)) throw new UsageError(`--min: "${flags.min}" is not a percentage (0-100)`);
      const locator = await locatorFromFlags(flags);
      const { profile: merged } = await includeUntested(await mergeInputs(await cliInputs(files), { warn }), flags);
      const excluder = await Excluder.fromFlags(flags, locator);
      const profile = excluder ? await excluder.applyAndReport(merged) : merged;
      const index = new SourceIndex(locator);
      const facts = await profileSourceFacts(profile, index);
      // Functions whose every statement was excluded (e.g. `{ // coverage-ignore`) are left out, not shown as 0.0%.
      const unreduced = profile === merged ? null : await profileSourceFacts(merged, index);
      for (const f of profile.files) {
        const { location, functions } = facts.get(f.name)!;
        if (functions === null) {
          throw new InputError('SOURCE_NOT_FOUND', `${f.name}: source not found: ${location.found ? 'unreadable' : location.reason}`);
        }
      }
      const rows: FuncRow[] = functionRows(profile, (name) => {
        const after = facts.get(name)?.functions;
        return after && keptFunctions(after, unreduced?.get(name)?.functions ?? null);
      });
      const total = funcTotal(rows);
      let shown = min === undefined ? rows : rows.filter((r) => (100 * r.covered) / (r.statements || 1) < min);
      if (flags.sort) shown = sortFuncRows(shown, flags.sort);
      const text = reportText((await reporterFor('func', flags.format)!.load())({ rows: shown, total }, {}));
      await withOutput(flags.output, async (out) => {
        out.write(text);
      });
    }),
  );
}
