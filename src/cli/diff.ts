// `gopherage diff BEFORE AFTER`: what ran between two snapshots (src/ops/diff.ts).
// A canonical AFTER file is diffed by copying its lines with new counts.

import { Command, Option } from 'commander';
import { loadProfile } from '../input/load.js';
import { diffCanonicalText, diffProfiles } from '../ops/diff.js';
import { UsageError } from '../profile/errors.js';
import { writeProfile } from '../profile/writer.js';
import { action, outputOption, warn } from './common.js';
import { outputByCopy, type CanonicalCopy } from './copyOutput.js';
import { loadOne, oneProfileInput } from './loadOne.js';
import { withOutput } from './output.js';

interface DiffFlags {
  output: string;
  /** gopherage's diff spells its output flag `--o`; accepted (hidden) for scripts written for it. */
  o?: string;
  clamp?: boolean;
}

/** Register the `diff` command. */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('per-block difference AFTER - BEFORE of two snapshots of one execution (what ran in between)')
    .argument('<before>', 'earlier profile (path, GOCOVERDIR directory, quoted glob matching one file, or - for stdin)')
    .argument('<after>', 'later profile of the same execution')
    .addOption(outputOption())
    .addOption(new Option('--o <file>', 'output file (gopherage spelling of -o)').hideHelp())
    .option('--clamp', 'count blocks whose count decreased as 0 instead of failing', false)
    .action(
      action(async (beforeArg: string, afterArg: string, flags: DiffFlags) => {
        if (beforeArg === '-' && afterArg === '-') throw new UsageError('stdin (-) can be only one of BEFORE and AFTER');
        const output = flags.o ?? flags.output;
        const before = await loadOne(beforeArg, 'one BEFORE profile');
        const afterInput = await oneProfileInput(afterArg, 'one AFTER profile');
        // A canonical AFTER of BEFORE's blocks: its lines copied with new counts (the warning, if any, once it is known good).
        let note: string | null = null;
        const names = { clamp: flags.clamp, before: before.name, after: afterInput.name, warn: (m: string) => (note = m) };
        const copy: CanonicalCopy = (chunks, emit) => diffCanonicalText(before.profile, chunks, afterInput.name, emit, names);
        const warnNote = (): void => {
          if (note !== null) warn(note);
        };
        if (await outputByCopy(afterInput, output, copy, warnNote)) return;
        const after = { profile: await loadProfile(afterInput), name: afterInput.name };
        const diff = diffProfiles(before.profile, after.profile, {
          clamp: flags.clamp,
          before: before.name,
          after: after.name,
          warn,
        });
        await withOutput(output, (out) => writeProfile(diff, out));
      }),
    );
}
