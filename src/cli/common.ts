// Small helpers shared by command modules: option definitions used by many
// commands, warnings, and the action wrapper that ties errors to a command
// (and words a library's option errors with the command's flags).
// Loading this module does not load commander (a quick run, src/cli/quick.ts,
// uses its helpers without it): the option factories require it when called.

import type { Command, Option } from 'commander';
import { createRequire } from 'node:module';
import { OptionError, UsageError } from '../profile/errors.js';
import { messageLine } from './exit.js';
import { STDOUT_ARG } from './output.js';

/** Error raised inside a command's action, remembering the command (for its usage line). */
export class CommandFailure extends Error {
  override readonly cause: unknown;
  readonly command: Command;
  constructor(cause: unknown, command: Command) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.cause = cause;
    this.command = command;
  }
}

/** Commander's Option class, loaded on first use (the instance `import 'commander'` gives: one module cache). */
function optionClass(): typeof Option {
  return (createRequire(import.meta.url)('commander') as typeof import('commander')).Option;
}

/** `-o/--output FILE` (default `-` = stdout). */
export function outputOption(): Option {
  const Option = optionClass();
  return new Option('-o, --output <file>', 'output file, written atomically ("-" = stdout)').default(STDOUT_ARG);
}

/** `--workers` when not given. */
export const WORKERS_DEFAULT = 'auto';

/** `--workers N|auto`: threads of a streaming fold (merge, aggregate). */
export function workersOption(): Option {
  const Option = optionClass();
  return new Option('--workers <n>', 'threads that fold large inputs, the main thread included: a number (0 or 1 = no workers) or "auto" (one per core for >= 16 MiB of input)').default(WORKERS_DEFAULT);
}

/** The value of `--workers`, or a usage error. */
export function parseWorkers(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = parseNumber('--workers', value);
  if (n < 0 || !Number.isInteger(n)) throw new UsageError(`--workers: "${value}" is not a number of threads`);
  return n;
}

/** Print a warning line on stderr. */
export function warn(message: string): void {
  process.stderr.write(`${messageLine(`warning: ${message}`)}\n`);
}

/** Print a note line on stderr. */
export function note(message: string): void {
  process.stderr.write(`${messageLine(message)}\n`);
}

/**
 * Wrap an async action so that any error carries the command it came from.
 * A library's OptionError is re-worded with the command's flags: an option
 * is the flag whose attribute has its name (`envPrefix` is `--env-prefix`),
 * or the one `aliases` gives (`{ packageName: 'package' }`); names of no flag
 * stay as the library wrote them.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>, aliases: Readonly<Record<string, string>> = {}): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const cmd = args[args.length - 1] as Command;
    try {
      await fn(...args);
    } catch (err) {
      throw new CommandFailure(err instanceof OptionError ? new UsageError(err.messageFor((o) => flagOf(cmd, aliases[o] ?? o) ?? o)) : err, cmd);
    }
  };
}

/** The long flag of a command's option attribute (`envPrefix` -> `--env-prefix`), or null when it has none. */
function flagOf(cmd: Command, attribute: string): string | null {
  return cmd.options.find((o) => o.attributeName() === attribute)?.long ?? null;
}

/** Parse a number option, or fail with a usage error naming the flag. */
export function parseNumber(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag}: "${value}" is not a number`);
  return n;
}

/** Commander argument parser for a repeatable option: each occurrence appends its value. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** When a report is made: now, or SOURCE_DATE_EPOCH (seconds) for reproducible output, as `YYYY-MM-DD HH:MM UTC`. */
export function reportDate(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const d = epoch !== undefined && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
