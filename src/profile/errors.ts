// Errors are data: a stable `code` plus context; the message is built from the
// context. The CLI maps each class to an exit code (see src/cli/exit.ts):
// ProfileError/InputError -> 3, UsageError -> 2. Library code never exits.

/** Stable codes of bad-input errors. */
export type ProfileErrorCode =
  | 'EMPTY_PROFILE' // no mode line at all (includes a 0-byte input)
  | 'MISSING_MODE' // first non-blank line is not a mode line
  | 'BAD_MODE' // mode other than set/count/atomic
  | 'MODE_CONFLICT' // a second, different mode line in one input
  | 'BAD_LINE' // a block line that does not parse
  | 'NEGATIVE_NUMBER' // a negative field
  | 'COUNT_OVERFLOW' // a count (or a sum of counts) above 2^53-1
  | 'INCONSISTENT_NUMSTMT' // the same block twice with different NumStmt
  | 'MODE_MISMATCH' // two inputs with different modes
  | 'INCOHERENT' // two inputs disagree on the blocks of one source file
  | 'FILES_DIFFER' // diff: a source file in one input only
  | 'COUNT_DECREASED' // diff: after < before
  | 'CORRUPT'; // binary coverage data that does not decode

const MAX_TEXT = 80;

/** Truncate offending text for an error message. */
export function truncateText(text: string, max = MAX_TEXT): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

export interface ProfileErrorContext {
  /** Input name as the user gave it (`-` is shown as `<stdin>`). */
  input?: string;
  /** 1-based line number, when the error is tied to one line. */
  line?: number;
  /** Offending text (already truncated). */
  text?: string;
}

/** Bad input data: a profile that does not parse or inputs that cannot be combined. */
export class ProfileError extends Error {
  readonly code: ProfileErrorCode;
  readonly input?: string;
  readonly line?: number;
  readonly text?: string;
  /** What went wrong, without the location prefix. */
  readonly detail: string;

  constructor(code: ProfileErrorCode, detail: string, ctx: ProfileErrorContext = {}) {
    // Line 0 means "no line" (binary GOCOVERDIR data has none).
    const where = ctx.input === undefined ? '' : !ctx.line ? `${ctx.input}: ` : `${ctx.input}:${ctx.line}: `;
    super(`${where}${detail}`);
    this.name = 'ProfileError';
    this.code = code;
    this.detail = detail;
    this.input = ctx.input;
    this.line = ctx.line;
    this.text = ctx.text;
  }
}

/** I/O trouble or an input that cannot be found (exit 3). */
export class InputError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'InputError';
    this.code = code;
  }
}

/** The user asked for something invalid (exit 2). */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A verdict failed, e.g. coverage below a threshold (exit 1). */
export class VerdictError extends Error {
  readonly code = 'VERDICT';
  readonly reasons: readonly string[];
  constructor(reasons: readonly string[]) {
    super(reasons.join('; '));
    this.name = 'VerdictError';
    this.reasons = reasons;
  }
}
