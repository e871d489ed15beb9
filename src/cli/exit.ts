// The one place errors become exit codes and one-line messages.
// 0 ok, 1 a verdict failed, 2 usage error, 3 bad input or I/O failure,
// 4 an internal error (a bug in gopherage, never the user's input).

import type { CommanderError } from 'commander';
import { escapeText, InputError, ProfileError, UsageError, VerdictError } from '../profile/errors.js';
import { STDOUT_NAME, writeError } from './output.js';

export const EXIT_OK = 0;
export const EXIT_VERDICT = 1;
export const EXIT_USAGE = 2;
export const EXIT_INPUT = 3;
export const EXIT_INTERNAL = 4;

/** An error from the system: the file system, zlib, the network (an errno or a zlib code), as opposed to a bug. */
function isSystemError(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException;
  if (!e || typeof e.code !== 'string') return false;
  return typeof e.syscall === 'string' || typeof e.errno === 'number' || e.code.startsWith('Z_');
}

/**
 * True for commander's errors (CommanderError and its subclasses), known by
 * their `commander.*` code: this module must not load commander (a quick run,
 * src/cli/quick.ts, never does).
 */
function isCommanderError(err: unknown): err is CommanderError {
  const e = err as CommanderError;
  return e instanceof Error && typeof e.code === 'string' && e.code.startsWith('commander.') && typeof e.exitCode === 'number';
}

/** Exit code for an error thrown by a command. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof VerdictError) return EXIT_VERDICT;
  if (err instanceof UsageError) return EXIT_USAGE;
  if (isCommanderError(err)) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  if (err instanceof ProfileError || err instanceof InputError) return EXIT_INPUT;
  if (isSystemError(err)) return EXIT_INPUT;
  return EXIT_INTERNAL;
}

/** The `gopherage: ...` line for an error (one line: newlines are folded, other control characters escaped). */
export function errorLine(err: unknown): string {
  const msg = (err instanceof Error ? err.message : String(err));
  if (exitCodeFor(err) === EXIT_INTERNAL) return messageLine(`internal error: ${msg} (a bug in gopherage: please report it; GOPHERAGE_DEBUG=1 prints the stack)`);
  return messageLine(msg);
}

/** `gopherage: ` + a message made safe for a terminal: newlines folded, control characters escaped (see escapeText). */
export function messageLine(message: string): string {
  return `gopherage: ${escapeText(message.replace(/\s*\n\s*/g, ' '))}`;
}

/** Print an error that is not commander's nor a verdict: its `gopherage: ` line, then `usage` (if any), then its stack under GOPHERAGE_DEBUG; returns its exit code. */
export function printError(err: unknown, usage = ''): number {
  process.stderr.write(`${errorLine(err)}\n${usage}`);
  if (process.env.GOPHERAGE_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return exitCodeFor(err);
}

/** Stdout is guarded (a quick run that hands over to main must not guard it twice). */
let guarded = false;

/**
 * `gopherage ... | head`: a closed pipe is not an error worth a stack trace.
 * Any other failed write to stdout (`> /dev/full`) is one line and exit 3.
 */
export function guardStdout(): void {
  if (guarded) return;
  guarded = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT_OK);
    process.stderr.write(`${errorLine(writeError(err, STDOUT_NAME))}\n`);
    process.exit(EXIT_INPUT);
  });
}
