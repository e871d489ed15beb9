// The JSON coverage summary of `convert --format json`: Profile in, a stable
// documented object (and its text) out. Totals follow src/summary: covered
// statements = NumStmt of blocks with count > 0. Shape (version 1):
//
//   { "format": "gopherage-coverage", "version": 1, "mode": "count",
//     "total":       { "statements": 24, "covered": 23, "ratio": 0.958…, "percent": "95.8" },
//     "directories": [ { "name": "example.com/prog/lib", ...totals } ],
//     "files":       [ { "name": "example.com/prog/lib/lib.go", ...totals,
//                        "blocks": [[startLine, startCol, endLine, endCol, numStmt, count], …] } ] }
//
// `ratio` is covered/statements (null with 0 statements), `percent` Go's
// `%.1f` of 100*covered/statements (null with 0 statements). Directories hold the files
// directly in them (a Go package), sorted bytewise; files in profile order;
// `blocks` only on request. Key order is fixed: output is deterministic.

import { compareUtf8, type Profile } from '../profile/model.js';
import { goFixed } from '../summary/goFormat.js';
import { addTotals, coverageRatio, fileTotals, type Totals } from '../summary/totals.js';
import { goPathDir } from './junit.js';
import type { LineReportOptions } from './lcov.js';

/** Format name and version written into every summary. */
export const JSON_SUMMARY_FORMAT = 'gopherage-coverage';
export const JSON_SUMMARY_VERSION = 1;

/** Statement totals with their ratio and Go-formatted percentage. */
export interface JsonTotals {
  statements: number;
  covered: number;
  ratio: number | null;
  percent: string | null;
}

/** One directory (the files directly in it) or file. */
export interface JsonEntry extends JsonTotals {
  name: string;
  /** Files only: true when the file is in no input profile (added from source by --include-untested). */
  notInProfile?: boolean;
  /** [startLine, startCol, endLine, endCol, numStmt, count] per block (files only, on request). */
  blocks?: number[][];
}

/** The whole summary. */
export interface JsonSummary {
  format: typeof JSON_SUMMARY_FORMAT;
  version: typeof JSON_SUMMARY_VERSION;
  mode: Profile['mode'];
  total: JsonTotals;
  directories: JsonEntry[];
  files: JsonEntry[];
}

/** Options of the JSON summary. */
export interface JsonSummaryOptions extends LineReportOptions {
  /** Include every block of every file. */
  blocks?: boolean;
}

/** Totals with their ratio and Go-formatted percentage (null with 0 statements). */
export function withRatio(t: Totals): JsonTotals {
  const ratio = coverageRatio(t);
  return { statements: t.statements, covered: t.covered, ratio, percent: ratio === null ? null : goFixed((100 * t.covered) / t.statements, 1) };
}


/** Build the summary object of a profile. */
export function jsonSummary(profile: Profile, opts: JsonSummaryOptions = {}): JsonSummary {
  const mapPath = opts.mapPath ?? ((n: string) => n);
  const total: Totals = { covered: 0, statements: 0 };
  const dirs = new Map<string, Totals>();
  const files: JsonEntry[] = [];
  for (const f of profile.files) {
    const name = mapPath(f.name);
    const t = fileTotals(f);
    addTotals(total, t);
    const dir = goPathDir(name);
    const d = dirs.get(dir);
    if (d) addTotals(d, t);
    else dirs.set(dir, { ...t });
    const entry: JsonEntry = { name, ...withRatio(t) };
    if (f.notInProfile) entry.notInProfile = true;
    if (opts.blocks) {
      const blocks: number[][] = [];
      for (let i = 0, p = 0; i < f.stmts.length; i++, p += 4) {
        blocks.push([f.pos[p], f.pos[p + 1], f.pos[p + 2], f.pos[p + 3], f.stmts[i], f.counts[i]]);
      }
      entry.blocks = blocks;
    }
    files.push(entry);
  }
  const directories = [...dirs.keys()].sort(compareUtf8).map((name) => ({ name, ...withRatio(dirs.get(name)!) }));
  return { format: JSON_SUMMARY_FORMAT, version: JSON_SUMMARY_VERSION, mode: profile.mode, total: withRatio(total), directories, files };
}

/** The summary as JSON text: two-space indentation, one block per line, trailing newline; in chunks (one per file). */
export function* jsonSummaryChunks(profile: Profile, opts: JsonSummaryOptions = {}): Generator<string> {
  const s = jsonSummary(profile, opts);
  const { files, ...head } = s;
  yield `${JSON.stringify(head, null, 2).replace(/\n}$/, '')},\n  "files": [`;
  for (let i = 0; i < files.length; i++) {
    const { blocks, ...totals } = files[i];
    let text = JSON.stringify(totals, null, 2).replace(/\n/g, '\n    ');
    if (blocks) {
      const rows = blocks.map((b) => `        [${b.join(', ')}]`).join(',\n');
      text = `${text.replace(/\n    }$/, '')},\n      "blocks": [${blocks.length > 0 ? `\n${rows}\n      ` : ''}]\n    }`;
    }
    yield `${i === 0 ? '' : ','}\n    ${text}`;
  }
  yield `${files.length > 0 ? '\n  ' : ''}]\n}\n`;
}
