// The commander program: one module per command registers itself here.
// Errors from any command are reported once, here, as one `gopherage: ` line
// and mapped to an exit code (src/cli/exit.ts).

import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { escapeText, UsageError, VerdictError } from '../profile/errors.js';
import { CommandFailure } from './common.js';
import { EXIT_OK, EXIT_USAGE, exitCodeFor, guardStdout, messageLine, printError } from './exit.js';
import { enableVmTuning } from './jit.js';

type Register = (program: Command) => void;

/**
 * Every command, in help order, each loaded only when needed: a run of one
 * command imports that command's module alone (start-up is most of a small
 * job), help and unknown names load them all.
 */
const COMMANDS: readonly { name: string; load: () => Promise<Register> }[] = [
  { name: 'merge', load: async () => (await import('./merge.js')).registerMerge },
  { name: 'instrument', load: async () => (await import('./instrument.js')).registerInstrument },
  { name: 'diff', load: async () => (await import('./diff.js')).registerDiff },
  { name: 'aggregate', load: async () => (await import('./aggregate.js')).registerAggregate },
  { name: 'filter', load: async () => (await import('./filter.js')).registerFilter },
  { name: 'junit', load: async () => (await import('./junit.js')).registerJunit },
  { name: 'metadata', load: async () => (await import('./metadata.js')).registerMetadata },
  { name: 'convert', load: async () => (await import('./convert.js')).registerConvert },
  { name: 'table', load: async () => (await import('./table.js')).registerTable },
  { name: 'html', load: async () => (await import('./html.js')).registerHtml },
  { name: 'ci', load: async () => (await import('./ci.js')).registerCi },
  { name: 'patch', load: async () => (await import('./patch.js')).registerPatch },
  { name: 'func', load: async () => (await import('./func.js')).registerFunc },
  { name: 'collect', load: async () => (await import('./collect.js')).registerCollect },
  { name: 'blocks', load: async () => (await import('./blocks.js')).registerBlocks },
];

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Build the program: with `only`, just that command (when it is one of ours),
 * otherwise every command.
 */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('gopherage')
    .description('Toolkit for Go coverage profiles')
    .version(pkg.version)
    .exitOverride()
    // Errors are printed once, by main(). writeErr only receives the full help
    // that commander shows for a missing subcommand: main() prints one usage error instead.
    .configureOutput({ outputError: () => {}, writeErr: () => {} })
    .showSuggestionAfterError(true);
  const one = COMMANDS.find((c) => c.name === only);
  for (const c of one ? [one] : COMMANDS) (await c.load())(program);
  // Commands registered above inherit exitOverride/configureOutput from `program`.
  return program;
}

/** Run the CLI; resolves to the exit code. `tuneVm`: this is gopherage's own process, which may tune V8 (src/cli/jit.ts). */
export async function main(argv: readonly string[], options: { tuneVm?: boolean } = {}): Promise<number> {
  if (options.tuneVm) enableVmTuning();
  guardStdout();
  const program = await buildProgram(argv[2]);
  try {
    await program.parseAsync([...argv]);
    return EXIT_OK;
  } catch (err) {
    return report(program, err, argv.slice(2));
  }
}

function report(program: Command, err: unknown, args: readonly string[]): number {
  let cmd: Command | undefined;
  if (err instanceof CommandFailure) {
    cmd = err.command;
    err = err.cause;
  }
  if (err instanceof CommanderError) {
    // Help asked for is success; help shown because a subcommand is missing is a usage error.
    if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT_OK;
    const { command, rest } = findCommand(program, cmd, args);
    const message = err.code === 'commander.help' ? missingCommand(command, rest) : err.message.replace(/^error: /, '');
    // Commander's own line breaks (a "Did you mean" hint) stay; control characters of the arguments are escaped.
    process.stderr.write(`gopherage: ${message.split('\n').map(escapeText).join('\n')}\n${usageLine(command)}`);
    return EXIT_USAGE;
  }
  if (err instanceof VerdictError) {
    // One line per failing rule.
    for (const reason of err.reasons) process.stderr.write(`${messageLine(`FAIL: ${reason}`)}\n`);
    return exitCodeFor(err);
  }
  return printError(err, err instanceof UsageError ? usageLine(cmd ?? program) : '');
}

/** The subcommand named on the command line (for the usage line of a commander error) and the arguments after it. */
function findCommand(program: Command, cmd: Command | undefined, args: readonly string[]): { command: Command; rest: readonly string[] } {
  if (cmd) return { command: cmd, rest: [] };
  let current = program;
  let i = 0;
  for (; i < args.length; i++) {
    const sub = current.commands.find((c) => c.name() === args[i] || c.aliases().includes(args[i]));
    if (!sub) break;
    current = sub;
  }
  return { command: current, rest: args.slice(i) };
}

/**
 * The message for commander's error help: shown when a command with
 * subcommands got none (`gopherage`, `gopherage instrument`), or for
 * `help NAME` with an unknown NAME.
 */
function missingCommand(cmd: Command, rest: readonly string[]): string {
  if (rest[0] === 'help' && rest[1] !== undefined) return `unknown command '${rest[1]}'`;
  const names = cmd.commands.map((c) => c.name());
  if (!cmd.parent) return `missing command (${names.join(', ')})`;
  const choices = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
  return `${cmd.name()} needs a subcommand: ${choices}`;
}

function usageLine(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return `usage: ${names.join(' ')} ${cmd.usage()}\n(run "${names.join(' ')} --help" for details)\n`;
}
