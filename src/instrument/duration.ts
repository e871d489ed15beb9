// Go duration strings (`5s`, `1m30s`, `500ms`, `1.5h`): the syntax of Go's
// time.ParseDuration, so a value this tool accepts is one the generated Go
// code accepts too. String in, nanoseconds (or null) out.

import { OptionError } from '../profile/errors.js';

const UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5 micro sign
  'μs': 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const MAX_NS = 2 ** 63 - 1;

/** Nanoseconds of a Go duration string, or null when time.ParseDuration would reject it. */
export function parseGoDuration(text: string): number | null {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return null;
  let total = 0;
  const part = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
  while (s !== '') {
    const m = part.exec(s);
    if (!m) return null;
    const [whole, int, frac, unit] = m as unknown as [string, string, string | undefined, string];
    if (int === '' && (frac === undefined || frac === '')) return null;
    const scale = UNITS[unit];
    if (scale === undefined) return null;
    total += Number(`${int || '0'}.${frac || '0'}`) * scale;
    s = s.slice(whole.length);
  }
  if (total > MAX_NS) return null;
  return sign * total;
}

/** True for a Go duration that is strictly positive (a usable flush interval). */
export function isPositiveGoDuration(text: string): boolean {
  const ns = parseGoDuration(text);
  return ns !== null && ns > 0;
}

/** Fail with an OptionError naming `option` unless `text` is a positive Go duration (a flush interval). */
export function checkInterval(option: string, text: string): void {
  if (!isPositiveGoDuration(text)) throw new OptionError(option, `"${text}" is not a positive Go duration (e.g. 5s, 1m30s)`);
}
