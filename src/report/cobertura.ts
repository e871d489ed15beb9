// Cobertura XML output (valid against the coverage-04 DTD; what GitLab
// merge-request annotations, Jenkins and Azure DevOps read): Profile in, XML
// text chunks out. Packages are directories, classes are files, lines carry
// the same per-line max hit counts as LCOV (lcov.ts); with function data a
// class lists its functions as <method>s, each with the lines it spans. Rates are
// covered/valid lines, "1" when a file or directory has no lines (never NaN).
// Deterministic: packages and classes sorted bytewise, fixed timestamp unless
// one is given.

import { compareUtf8, type Profile } from '../profile/model.js';
import { goPathDir } from './junit.js';
import { uniqueFunctionNames, type FuncCoverage } from '../summary/functions.js';
import { lineHits, linesHit, type LineHits, type LineReportOptions } from './lcov.js';

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
  filename: string;
  name: string;
  hits: LineHits;
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


/** The Cobertura XML of a profile, in chunks. */
export function* coberturaChunks(profile: Profile, opts: CoberturaOptions = {}): Generator<string> {
  const mapPath = opts.mapPath ?? ((n: string) => n);
  const packages = new Map<string, ClassEntry[]>();
  let valid = 0;
  let covered = 0;
  for (const f of profile.files) {
    const filename = mapPath(f.name);
    const hits = lineHits(f);
    const c = linesHit(hits);
    valid += hits.lines.length;
    covered += c;
    const dir = goPathDir(filename);
    const slash = filename.lastIndexOf('/');
    const entry: ClassEntry = { filename, name: filename.slice(slash + 1), hits, covered: c, funcs: opts.functions?.(f.name) ?? null };
    const list = packages.get(dir);
    if (list) list.push(entry);
    else packages.set(dir, [entry]);
  }
  let out =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">\n' +
    `<coverage line-rate="${lineRate(covered, valid)}" branch-rate="0" lines-covered="${covered}" lines-valid="${valid}"` +
    ` branches-covered="0" branches-valid="0" complexity="0" version="${xmlEscape(opts.version ?? 'gopherage')}" timestamp="${opts.timestamp ?? 0}">\n`;
  if (opts.sources && opts.sources.length > 0) {
    out += '  <sources>\n';
    for (const s of opts.sources) out += `    <source>${xmlEscape(s)}</source>\n`;
    out += '  </sources>\n';
  }
  out += '  <packages>\n';
  for (const dir of [...packages.keys()].sort(compareUtf8)) {
    const classes = packages.get(dir)!.sort((a, b) => compareUtf8(a.filename, b.filename));
    let pv = 0;
    let pc = 0;
    for (const c of classes) {
      pv += c.hits.lines.length;
      pc += c.covered;
    }
    out += `    <package name="${xmlEscape(dir)}" line-rate="${lineRate(pc, pv)}" branch-rate="0" complexity="0">\n      <classes>\n`;
    for (const c of classes) {
      out +=
        `        <class name="${xmlEscape(c.name)}" filename="${xmlEscape(c.filename)}" line-rate="${lineRate(c.covered, c.hits.lines.length)}"` +
        ' branch-rate="0" complexity="0">\n' + methodsXml(c) + '          <lines>\n';
      const { lines, hits } = c.hits;
      for (let i = 0; i < lines.length; i++) {
        out += `            <line number="${lines[i]}" hits="${hits[i]}"/>\n`;
        if (out.length >= 1 << 16) {
          yield out;
          out = '';
        }
      }
      out += '          </lines>\n        </class>\n';
    }
    out += '      </classes>\n    </package>\n';
  }
  out += '  </packages>\n</coverage>\n';
  yield out;
}

/** The `<methods>` element of a class: one method per function with the file's lines in its line range. */
function methodsXml(c: ClassEntry): string {
  if (!c.funcs || c.funcs.length === 0) return '          <methods/>\n';
  const names = uniqueFunctionNames(c.funcs);
  const { lines, hits } = c.hits;
  let out = '          <methods>\n';
  c.funcs.forEach((f, k) => {
    let body = '';
    let valid = 0;
    let covered = 0;
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] < f.line || lines[i] > f.endLine) continue;
      valid++;
      if (hits[i] > 0) covered++;
      body += `                <line number="${lines[i]}" hits="${hits[i]}"/>\n`;
    }
    out +=
      `            <method name="${xmlEscape(names[k])}" signature="" line-rate="${lineRate(covered, valid)}" branch-rate="0" complexity="0">\n` +
      `              <lines>\n${body}              </lines>\n            </method>\n`;
  });
  return `${out}          </methods>\n`;
}
