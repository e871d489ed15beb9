// Cobertura XML output (valid against the coverage-04 DTD; what GitLab
// merge-request annotations, Jenkins and Azure DevOps read): Profile in, XML
// chunks out. Packages are directories, classes are files, lines carry
// the same per-line max hit counts as LCOV (lcov.ts); with function data a
// class lists its functions as <method>s, each with the lines it spans. Rates are
// covered/valid lines, "1" when a file or directory has no lines (never NaN).
// Deterministic: packages and classes sorted bytewise, fixed timestamp unless
// one is given. Two passes over the files: line totals first (the rates come
// before the lines), then the lines, written straight into bytes
// (byteSink.ts): the report is about 45 bytes per line of Go.

import { compareUtf8, type FileCoverage, type Profile } from '../profile/model.js';
import { goPathDir } from '../summary/goPath.js';
import { uniqueFunctionNames, type FuncCoverage } from '../summary/functions.js';
import { ByteSink, Piece } from './byteSink.js';
import type { LineReportOptions } from './lcov.js';
import { LineExpander, linesHit, type LineHits } from './lineHits.js';

/** Options of the Cobertura reporter. */
export interface CoberturaOptions extends LineReportOptions {
  /** `<source>` entries: directories the class file names are relative to (none by default). */
  sources?: readonly string[];
  /** Value of the `timestamp` attribute (default 0, for reproducible output). */
  timestamp?: number;
  /** Value of the `version` attribute (default "gopherage"). */
  version?: string;
}

interface ClassEntry {
  file: FileCoverage;
  filename: string;
  name: string;
  valid: number;
  covered: number;
  funcs: readonly FuncCoverage[] | null;
}

/** The line rate as Cobertura writes it: covered/valid, at most 4 decimals; "1" when there is nothing to cover. */
export function lineRate(covered: number, valid: number): string {
  if (valid === 0) return '1';
  return String(Math.round((covered / valid) * 10000) / 10000);
}

/** Escape text for an XML attribute or element; characters XML 1.0 cannot hold become U+FFFD. */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']|[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return '\uFFFD';
    }
  });
}

/** The Cobertura XML of a profile, as UTF-8 chunks of about 64 KiB that end at line ends. */
export function* coberturaByteChunks(profile: Profile, opts: CoberturaOptions = {}): Generator<Uint8Array> {
  const mapPath = opts.mapPath ?? ((n: string) => n);
  const expander = new LineExpander(opts.input);
  const packages = new Map<string, ClassEntry[]>();
  let valid = 0;
  let covered = 0;
  for (const file of profile.files) {
    const filename = mapPath(file.name);
    const hits = expander.expand(file);
    const c = linesHit(hits);
    valid += hits.lines.length;
    covered += c;
    const dir = goPathDir(filename);
    const slash = filename.lastIndexOf('/');
    const entry: ClassEntry = { file, filename, name: filename.slice(slash + 1), valid: hits.lines.length, covered: c, funcs: opts.functions?.(file.name) ?? null };
    const list = packages.get(dir);
    if (list) list.push(entry);
    else packages.set(dir, [entry]);
  }
  const out = new ByteSink();
  out.text(
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">\n' +
      `<coverage line-rate="${lineRate(covered, valid)}" branch-rate="0" lines-covered="${covered}" lines-valid="${valid}"` +
      ` branches-covered="0" branches-valid="0" complexity="0" version="${xmlEscape(opts.version ?? 'gopherage')}" timestamp="${opts.timestamp ?? 0}">\n`,
  );
  if (opts.sources && opts.sources.length > 0) {
    out.text('  <sources>\n');
    for (const s of opts.sources) out.text(`    <source>${xmlEscape(s)}</source>\n`);
    out.text('  </sources>\n');
  }
  out.text('  <packages>\n');
  for (const dir of [...packages.keys()].sort(compareUtf8)) {
    const classes = packages.get(dir)!.sort((a, b) => compareUtf8(a.filename, b.filename));
    let pv = 0;
    let pc = 0;
    for (const c of classes) {
      pv += c.valid;
      pc += c.covered;
    }
    out.text(`    <package name="${xmlEscape(dir)}" line-rate="${lineRate(pc, pv)}" branch-rate="0" complexity="0">\n      <classes>\n`);
    for (const c of classes) {
      out.text(
        `        <class name="${xmlEscape(c.name)}" filename="${xmlEscape(c.filename)}" line-rate="${lineRate(c.covered, c.valid)}"` +
          ' branch-rate="0" complexity="0">\n',
      );
      const hits = expander.expand(c.file);
      yield* methods(out, c.funcs, hits);
      out.piece(LINES_OPEN);
      yield* out.recordChunks(LINE, HITS, LINE_END, hits.lines, hits.hits, 0, hits.lines.length);
      out.piece(CLASS_CLOSE);
    }
    out.text('      </classes>\n    </package>\n');
  }
  out.text('  </packages>\n</coverage>\n');
  yield out.take();
}

const LINES_OPEN = new Piece('          <lines>\n');
const CLASS_CLOSE = new Piece('          </lines>\n        </class>\n');
/** The indented start of a `<line>` element: of a class, of a method. */
const LINE = new Piece('            <line number="');
const METHOD_LINE = new Piece('                <line number="');
const HITS = new Piece('" hits="');
const LINE_END = new Piece('"/>\n');


/** The `<methods>` element of a class: one method per function with the file's lines in its line range. */
function* methods(out: ByteSink, funcs: readonly FuncCoverage[] | null, h: LineHits): Generator<Uint8Array> {
  if (!funcs || funcs.length === 0) {
    out.text('          <methods/>\n');
    return;
  }
  const names = uniqueFunctionNames(funcs);
  out.text('          <methods>\n');
  for (let k = 0; k < funcs.length; k++) {
    const f = funcs[k];
    // Lines are ascending: the function's are one run of them.
    const from = firstAbove(h.lines, f.line - 1);
    const to = Math.max(from, firstAbove(h.lines, f.endLine));
    let covered = 0;
    for (let i = from; i < to; i++) if (h.hits[i] > 0) covered++;
    out.text(
      `            <method name="${xmlEscape(names[k])}" signature="" line-rate="${lineRate(covered, to - from)}" branch-rate="0" complexity="0">\n` +
        '              <lines>\n',
    );
    yield* out.recordChunks(METHOD_LINE, HITS, LINE_END, h.lines, h.hits, from, to);
    out.text('              </lines>\n            </method>\n');
  }
  out.text('          </methods>\n');
}

/** The index of the first of ascending `lines` above `x` (lines.length if none). */
function firstAbove(lines: Uint32Array, x: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
