// `gopherage junit FILE [-t 0.8]`: TestGrid JUnit XML (src/report/junit.ts).

import { Command } from 'commander';
import { UsageError } from '../profile/errors.js';
import { render, reportText } from '../report/registry.js';
import { action, outputOption } from './common.js';
import { addExcludeOptions, Excluder, type ExcludeFlags } from './excludeFlags.js';
import { loadOne, loadOneTotals } from './loadOne.js';
import { writeOutputText } from './output.js';
import { addOptions, includeUntested, untestedOptions, type UntestedFlags } from './untested.js';

/** Parse a threshold as pflag's Float32 would (decimal or exponent form) and check it is in [0, 1]. */
export function parseThreshold(flag: string, value: string): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) throw new UsageError(`${flag}: "${value}" is not a number`);
  const t = Math.fround(Number(value));
  if (!(t >= 0 && t <= 1)) throw new UsageError(`${flag}: coverage threshold must be a number between 0 and 1 inclusive, got ${value}`);
  return t;
}

/** Register the `junit` command. */
export function registerJunit(program: Command): void {
  const cmd = addOptions(program.command('junit'), untestedOptions())
    .description('summarize a profile as TestGrid JUnit XML: OVERALL, each file, each directory; <failure> below the threshold')
    .argument('<file>', 'profile (path, GOCOVERDIR directory, quoted glob matching one file, or - for stdin)')
    .addOption(outputOption())
    .option('-t, --threshold <fraction>', 'coverage threshold in [0, 1]; targets below it get a <failure>', '0.8');
  addExcludeOptions(cmd).action(
    action(async (file: string, flags: ExcludeFlags & UntestedFlags & { output: string; threshold: string }) => {
      const threshold = parseThreshold('--threshold', flags.threshold);
      const excluder = await Excluder.fromFlags(flags);
      if (!excluder && flags.includeUntested === undefined) {
        // Only per-file totals are needed: no Profile is built (src/input/totals.ts).
        const [files, { junitTargetsOf, junitXmlOf }] = await Promise.all([loadOneTotals(file), import('../report/junit.js')]);
        await writeOutputText(flags.output, junitXmlOf(junitTargetsOf(files), threshold));
        return;
      }
      const { profile } = await includeUntested((await loadOne(file)).profile, flags);
      const kept = excluder ? await excluder.applyAndReport(profile) : profile;
      await writeOutputText(flags.output, reportText(await render('junit', kept, { threshold })));
    }),
  );
}
