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

/**
 * Characters a terminal must not receive raw: C0 and C1 controls, DEL, line
 * and paragraph separators, bidi overrides and lone surrogates (which stand
 * for bytes that are not UTF-8, see `bytesText`).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SHORT: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Escape what must not reach a terminal as Go's %q would show it: `\t`,
 * `\xNN`, `\uNNNN`; a byte that is not UTF-8 (a lone U+DC80..U+DCFF from
 * `bytesText`) as `\xNN`. Everything else, quotes and backslashes included,
 * is kept, so clean text is unchanged.
 */
export function escapeText(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (SHORT[c]) return SHORT[c];
    if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16).padStart(2, '0')}`;
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Decode bytes for a message: valid UTF-8 as text, each other byte as the
 * lone surrogate U+DC00+byte, which `escapeText` shows as `\xNN` (so no byte
 * is lost to U+FFFD).
 */
export function bytesText(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    let out = '';
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i];
      const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
      let ch: string | null = null;
      if (n > 0 && i + n <= bytes.length) {
        try {
          ch = strict.decode(bytes.subarray(i, i + n));
        } catch {
          ch = null;
        }
      }
      if (ch === null) {
        out += String.fromCharCode(0xdc00 + b);
        i++;
      } else {
        out += ch;
        i += n;
      }
    }
    return out;
  }
}

/**
 * Offending input text quoted for an error message: truncated, non-printable
 * characters escaped, in double quotes. The one way messages quote input.
 */
export function quoteText(text: string | Uint8Array, max = MAX_TEXT): string {
  const s = typeof text === 'string' ? text : bytesText(text.subarray(0, 4 * max + 4));
  return `"${escapeText(truncateText(s, max))}"`;
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

/** How a message names an option: the library shows its option name, the CLI its flag (`--env-prefix`). */
export type OptionNamer = (option: string) => string;

/**
 * A bad option value given to a library function (a UsageError). `option` is
 * the option's name in the library (`interval`, `envPrefix`); the message
 * names it as is, and the CLI re-words it with its own flag names
 * (`messageFor`), so library code never names a CLI flag.
 */
export class OptionError extends UsageError {
  readonly option: string;
  private readonly describe: (name: OptionNamer) => string;

  /** `detail` is the text after `OPTION: `, or a message built from the namer (for messages naming several options). */
  constructor(option: string, detail: string | ((name: OptionNamer) => string)) {
    const describe = typeof detail === 'string' ? (name: OptionNamer) => `${name(option)}: ${detail}` : detail;
    super(describe((o) => o));
    this.name = 'OptionError';
    this.option = option;
    this.describe = describe;
  }

  /** The message with every option named by `name`. */
  messageFor(name: OptionNamer): string {
    return this.describe(name);
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
