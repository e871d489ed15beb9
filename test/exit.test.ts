// exitCodeFor and errorLine: every kind of error maps to its documented exit
// code, and a bug is never reported as the user's bad input.

import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { errorLine, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, EXIT_VERDICT, exitCodeFor } from '../src/cli/exit.js';
import { InputError, ProfileError, UsageError, VerdictError } from '../src/profile/errors.js';

function fsError(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall}`), { code, syscall, errno: -2 });
}

describe('exit codes', () => {
  it('maps each kind of error to its code', () => {
    expect(exitCodeFor(new VerdictError(['total coverage 1.0% is below the threshold of 2.0%']))).toBe(EXIT_VERDICT);
    expect(exitCodeFor(new UsageError('--threshold: "x" is not a number'))).toBe(EXIT_USAGE);
    expect(exitCodeFor(new CommanderError(1, 'commander.unknownOption', 'unknown option'))).toBe(EXIT_USAGE);
    expect(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', ''))).toBe(EXIT_OK);
    expect(exitCodeFor(new ProfileError('CORRUPT', 'bad', { input: 'a.cov' }))).toBe(EXIT_INPUT);
    expect(exitCodeFor(new InputError('ENOENT', 'a.cov: no such file'))).toBe(EXIT_INPUT);
    expect(exitCodeFor(fsError('ENOSPC', 'write'))).toBe(EXIT_INPUT);
    expect(exitCodeFor(Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR', errno: -3 }))).toBe(EXIT_INPUT);
  });

  it('reports a programming bug as an internal error (4), not as bad input', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'length')");
    expect(exitCodeFor(bug)).toBe(EXIT_INTERNAL);
    expect(exitCodeFor(Object.assign(new TypeError('bad arg'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBe(EXIT_INTERNAL);
    expect(errorLine(bug)).toBe(
      "gopherage: internal error: Cannot read properties of undefined (reading 'length') (a bug in gopherage: please report it; GOPHERAGE_DEBUG=1 prints the stack)",
    );
  });

  it('folds a multi-line message into one line', () => {
    expect(errorLine(new InputError('X', 'first\n  second'))).toBe('gopherage: first second');
  });
});
