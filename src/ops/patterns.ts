// Path patterns for `filter`: flag values in, compiled regular expressions
// out. Two jobs, both matching what gopherage's flag library (spf13/pflag
// StringSlice) and Go's `regexp` do:
//  1. split one flag value into fields the way Go's `encoding/csv` reads one
//     record (`a,"b,c"` -> [a, b,c]; `""` inside quotes is a quote);
//  2. compile each field, Go RE2 syntax, as an unanchored JavaScript RegExp.
//     The Go-only forms people actually write are translated (a leading
//     `(?i)`/`(?s)`/`(?m)`, `(?P<name>`, `\A`, `\z`, `\Q...\E`, `[[:alpha:]]`);
//     JavaScript-only forms Go rejects (lookaround, backreferences) and Go
//     forms JavaScript cannot express are usage errors, never silent misreads.

import { UsageError } from '../profile/errors.js';

/** Split one flag value into fields as pflag's StringSlice does (Go `encoding/csv`, one record). */
export function splitFlagValue(value: string): string[] {
  if (value === '') return [];
  const reader = new LineReader(value);
  let line: string | null;
  // Skip empty lines, as encoding/csv does.
  for (;;) {
    line = reader.next();
    if (line === null) throw new CsvError('EOF (no field in value)');
    if (line !== '\n') break;
  }
  const fields: string[] = [];
  const lineNo = reader.lineNo;
  let col = 1;
  for (;;) {
    if (line.length === 0 || line[0] !== '"') {
      // Non-quoted field: up to the next comma or the end of the line.
      const i = line.indexOf(',');
      const field = i >= 0 ? line.slice(0, i) : line.slice(0, line.length - nlLength(line));
      const q = field.indexOf('"');
      if (q >= 0) throw new CsvError(`parse error on line ${lineNo}, column ${col + q}: bare " in non-quoted-field`);
      fields.push(field);
      if (i < 0) break;
      line = line.slice(i + 1);
      col += i + 1;
      continue;
    }
    // Quoted field: may span lines; `""` is a quote; must end at a comma or line end.
    line = line.slice(1);
    col += 1;
    let field = '';
    let done = false;
    for (;;) {
      const i = line.indexOf('"');
      if (i >= 0) {
        field += line.slice(0, i);
        line = line.slice(i + 1);
        col += i + 1;
        if (line[0] === '"') {
          field += '"';
          line = line.slice(1);
          col += 1;
        } else if (line[0] === ',') {
          line = line.slice(1);
          col += 1;
          fields.push(field);
          break;
        } else if (nlLength(line) === line.length) {
          fields.push(field);
          done = true;
          break;
        } else {
          throw new CsvError(`parse error on line ${reader.lineNo}, column ${col - 1}: extraneous or missing " in quoted-field`);
        }
      } else if (line.length > 0) {
        field += line;
        const next = reader.next();
        if (next === null) throw new CsvError(`parse error on line ${reader.lineNo}: extraneous or missing " in quoted-field`);
        line = next;
        col = 1;
      } else {
        throw new CsvError(`parse error on line ${reader.lineNo}: extraneous or missing " in quoted-field`);
      }
    }
    if (done) break;
  }
  // Go reads one record and silently ignores the rest; a pattern dropped
  // without a word would be a wrong report, so trailing records are an error.
  for (let rest = reader.next(); rest !== null; rest = reader.next()) {
    if (rest !== '\n') throw new CsvError('more than one line of patterns in one value (use the flag again, or commas)');
  }
  return fields;
}

class CsvError extends Error {}

function nlLength(line: string): number {
  return line.endsWith('\n') ? 1 : 0;
}

/** Go csv's readLine: lines keep their '\n'; "\r\n" becomes "\n"; a '\r' right before the end is dropped. */
class LineReader {
  private offset = 0;
  lineNo = 0;
  constructor(private readonly text: string) {}
  next(): string | null {
    if (this.offset >= this.text.length) return null;
    const nl = this.text.indexOf('\n', this.offset);
    let line: string;
    if (nl < 0) {
      line = this.text.slice(this.offset);
      this.offset = this.text.length;
      if (line.endsWith('\r')) line = line.slice(0, -1);
    } else {
      line = this.text.slice(this.offset, nl + 1);
      this.offset = nl + 1;
    }
    this.lineNo++;
    if (line.endsWith('\r\n')) line = `${line.slice(0, -2)}\n`;
    return line;
  }
}

/** All fields of repeated flag values (each split as by `splitFlagValue`); `flag` names it in usage errors. */
export function splitFlagValues(flag: string, values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    try {
      out.push(...splitFlagValue(v));
    } catch (err) {
      if (err instanceof CsvError) throw new UsageError(`invalid argument ${JSON.stringify(v)} for ${flag}: ${err.message}`);
      throw err;
    }
  }
  return out;
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/**
 * Compile one Go (RE2) regular expression as an unanchored JavaScript RegExp
 * with the same matches for path names. Throws UsageError (naming `flag`) for
 * an invalid pattern or one using syntax that cannot be carried over exactly.
 */
export function compileGoRegexp(flag: string, pattern: string): RegExp {
  const bad = (why: string): UsageError => new UsageError(`${flag}: invalid regular expression ${JSON.stringify(pattern)}: ${why}`);
  let src = pattern;
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    if (lead[1].includes('U')) throw bad('the ungreedy flag (?U) is not supported');
    flags = [...new Set(lead[1])].join('');
    src = src.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const d = src[i + 1];
      if (d === undefined) throw bad('trailing backslash');
      if (d === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const lit = end < 0 ? src.slice(i + 2) : src.slice(i + 2, end);
        out += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? src.length : end + 1;
        continue;
      }
      if (!inClass && d === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && d === 'z') out += '(?![\\s\\S])';
      else if (d >= '1' && d <= '9') throw bad('backreferences are not Go regexp syntax');
      else if (d === 'k' || d === 'p' || d === 'P' || d === 'C' || d === 'Z' || d === 'x' && src[i + 2] === '{') {
        throw bad(`\\${d} is not supported here`);
      } else out += c + d;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && src[i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(i));
        if (m) {
          const set = POSIX_CLASSES[m[2]];
          if (!set || m[1] === '^') throw bad(`unsupported character class [:${m[1]}${m[2]}:]`);
          out += set;
          i += m[0].length - 1;
          continue;
        }
      }
      if (c === '[') {
        out += '\\[';
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') {
        out += '\\]'; // Go: a ']' first in a class is literal
        i++;
      }
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      if (src[i + 2] === 'P' && src[i + 3] === '<') {
        out += '(?<';
        i += 3;
        continue;
      }
      const rest = src.slice(i + 2);
      if (rest.startsWith('=') || rest.startsWith('!') || rest.startsWith('<=') || rest.startsWith('<!')) {
        throw bad('lookaround is not Go regexp syntax');
      }
      if (!rest.startsWith(':') && !rest.startsWith('<')) throw bad('flag groups are only supported at the start, as (?i)');
    }
    out += c;
  }
  try {
    return new RegExp(out, flags);
  } catch (err) {
    throw bad((err as Error).message.replace(/^Invalid regular expression: /, ''));
  }
}

/**
 * Split repeated flag values and compile every field (see splitFlagValues,
 * compileGoRegexp). An empty field (`a,,b`, a trailing comma, `""`) is a usage
 * error: as a regex it would match every file, which gopherage silently does.
 */
export function compilePathPatterns(flag: string, values: readonly string[]): RegExp[] {
  return splitFlagValues(flag, values).map((p) => {
    if (p === '') throw new UsageError(`${flag}: empty pattern (a stray comma?) would match every file`);
    return compileGoRegexp(flag, p);
  });
}
