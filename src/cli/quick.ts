// Quick runs: the commonest small jobs, `merge FILE... [-o OUT]` and
// `convert INPUT [-o OUT]` (to text), recognised from argv without loading
// commander (with its child_process import, about a quarter of such a run's
// module loading). argv in; the exit code out, or null when the run is not
// one of these exact shapes: any other flag, help, `-` (stdin), `--`, or an
// argument commander would reject, goes to the full program (main.ts), which
// then reports what is wrong. A quick run calls the same functions as the
// commands' actions (mergeFiles, convertToText) and reports errors as main
// does; a usage error (a glob matching several inputs) is handed to main too,
// for its usage line: nothing has been read or written by then. `run` is the
// CLI process's entry (bin/gopherage.js): a quick run, else the full program.

import { parseArgs } from 'node:util';
import { UsageError } from '../profile/errors.js';
import { EXIT_OK, guardStdout, printError } from './exit.js';
import { enableVmTuning } from './jit.js';
import { STDOUT_ARG } from './output.js';

/** A quick job: its arguments (after the command name) and output. */
interface QuickJob {
  command: 'merge' | 'convert';
  inputs: string[];
  output: string;
}

/** The quick job argv asks for, or null (then the full program runs). */
export function quickJob(argv: readonly string[]): QuickJob | null {
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(2), options: { output: { type: 'string', short: 'o' } }, allowPositionals: true, strict: true, tokens: true });
  } catch {
    return null; // an unknown flag, --help, a missing value: commander's to report
  }
  const [command, ...inputs] = parsed.positionals;
  // The command comes first: a flag before it is the root program's (and an error there).
  if ((command !== 'merge' && command !== 'convert') || argv[2] !== command) return null;
  if (parsed.tokens.some((t) => t.kind === 'option-terminator')) return null;
  if (inputs.length === 0 || inputs.some((a) => a.startsWith('-'))) return null;
  if (command === 'convert' && inputs.length !== 1) return null;
  return { command, inputs, output: parsed.values.output ?? STDOUT_ARG };
}

/**
 * Run argv as a quick job if it is one: resolves to the exit code, or to null
 * when the full program must run (not a quick job, or a usage error to report
 * with its usage line). `tuneVm` as main's.
 */
export async function quickRun(argv: readonly string[], options: { tuneVm?: boolean } = {}): Promise<number | null> {
  const job = quickJob(argv);
  if (job === null) return null;
  if (options.tuneVm) enableVmTuning();
  guardStdout();
  try {
    if (job.command === 'merge') {
      const { mergeFiles, MERGE_DEFAULTS } = await import('./merge.js');
      await mergeFiles(job.inputs, { ...MERGE_DEFAULTS, output: job.output });
    } else {
      const { convertInput, convertToText } = await import('./convertText.js');
      await convertToText(await convertInput(job.inputs[0]), job.output);
    }
    return EXIT_OK;
  } catch (err) {
    if (err instanceof UsageError) return null;
    return printError(err);
  }
}

/** The CLI's own process: a quick run when argv is one, else the full program; resolves to the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const code = await quickRun(argv, { tuneVm: true });
  if (code !== null) return code;
  const { main } = await import('./main.js');
  return main(argv, { tuneVm: true });
}
