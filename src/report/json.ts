// The JSON coverage summary of `convert --format json` (and the base of ci's
// summary.json): Profile in, a stable documented object (and its text) out.
// Vocabulary shared by every JSON output (docs/json.md); JSON Schema in
// schemas/coverage.v2.schema.json. Shape:
//
//   { "schema": "gopherage-coverage/v2", "mode": "count",
//     "total":       { "covered": 23, "statements": 24, "ratio": 0.958…, "percent": 95.8 },
//     "directories": [ { "path": "example.com/prog/lib", ...totals } ],
//     "files":       [ { "path": "example.com/prog/lib/lib.go", ...totals,
//                        "blocks": [[startLine, startCol, endLine, endCol, numStmt, count], …] } ] }
//
// `ratio` is covered/statements and `percent` the number Go's `%.1f` prints
// for 100*covered/statements (both null with 0 statements). Directories hold
// the files directly in them (a Go package), sorted bytewise; files in profile
// order; `blocks` only on request; `functions` (one per line: name, line,
// totals) when the file's source was found. Key order is fixed: output is
// deterministic.
// With exclusions (--exclude-generated / --honor-ignore), an `excluded` object
// after `directories` lists what was left out (src/ops/exclude.ts
// ExclusionReport, file names mapped like the others): excluded files and
// regions, each region with `executed` when ignored code ran anyway.

import { compareUtf8, type Profile } from '../profile/model.js';
import { addTotals, fileTotals, jsonTotals, type JsonTotals, type Totals } from '../summary/totals.js';
import { uniqueFunctionNames } from '../summary/functions.js';
import { goPathDir } from '../summary/goPath.js';
import type { ExclusionReport } from '../ops/exclude.js';
import type { LineReportOptions } from './lcov.js';

/** Identifies this document's shape; bumped on any incompatible change. */
export const JSON_SUMMARY_SCHEMA = 'gopherage-coverage/v2';

export type { JsonTotals };

/** One directory (the files directly in it) or file. */
export interface JsonEntry extends JsonTotals {
  path: string;
  /** Files only: true when the file is in no input profile (added from source by --include-untested). */
  notInProfile?: boolean;
  /** [startLine, startCol, endLine, endCol, numStmt, count] per block (files only, on request). */
  blocks?: number[][];
  /** Per function (files whose source was found): name (qualified: `(*T).M`), start line, totals. */
  functions?: (JsonTotals & { name: string; line: number })[];
}

/** The whole summary. */
export interface JsonSummary {
  schema: typeof JSON_SUMMARY_SCHEMA;
  mode: Profile['mode'];
  total: JsonTotals;
  directories: JsonEntry[];
  /** What --exclude-generated / --honor-ignore left out (only when they were given). */
  excluded?: ExclusionReport;
  files: JsonEntry[];
}

/** Options of the JSON summary. */
export interface JsonSummaryOptions extends LineReportOptions {
  /** Include every block of every file. */
  blocks?: boolean;
  /** The exclusion report to embed as `excluded`. */
  exclusions?: ExclusionReport;
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
    const entry: JsonEntry = { path: name, ...jsonTotals(t) };
    if (f.notInProfile) entry.notInProfile = true;
    if (opts.blocks) {
      const blocks: number[][] = [];
      for (let i = 0, p = 0; i < f.stmts.length; i++, p += 4) {
        blocks.push([f.pos[p], f.pos[p + 1], f.pos[p + 2], f.pos[p + 3], f.stmts[i], f.counts[i]]);
      }
      entry.blocks = blocks;
    }
    const funcs = opts.functions?.(f.name);
    if (funcs) {
      const names = uniqueFunctionNames(funcs);
      entry.functions = funcs.map((fc, i) => ({ name: names[i], line: fc.line, ...jsonTotals(fc) }));
    }
    files.push(entry);
  }
  const directories = [...dirs.keys()].sort(compareUtf8).map((path) => ({ path, ...jsonTotals(dirs.get(path)!) }));
  const summary: JsonSummary = { schema: JSON_SUMMARY_SCHEMA, mode: profile.mode, total: jsonTotals(total), directories, files };
  if (opts.exclusions) {
    const { files: exFiles, regions, unused, unexplained, missing, ...counts } = opts.exclusions;
    const { files: _files, ...head } = summary;
    return {
      ...head,
      excluded: {
        ...counts,
        files: exFiles.map((x) => ({ ...x, file: mapPath(x.file) })),
        regions: regions.map((x) => ({ ...x, file: mapPath(x.file) })),
        unused: unused.map((x) => ({ ...x, file: mapPath(x.file) })),
        unexplained: unexplained.map((x) => ({ ...x, file: mapPath(x.file) })),
        missing: missing.map((x) => ({ ...x, name: mapPath(x.name) })),
      },
      files,
    };
  }
  return summary;
}

/** The summary as JSON text: two-space indentation, one block per line, trailing newline; in chunks (one per file). */
export function* jsonSummaryChunks(profile: Profile, opts: JsonSummaryOptions = {}): Generator<string> {
  const s = jsonSummary(profile, opts);
  const { files, ...head } = s;
  yield `${JSON.stringify(head, null, 2).replace(/\n}$/, '')},\n  "files": [`;
  for (let i = 0; i < files.length; i++) {
    const { blocks, functions, ...totals } = files[i];
    let text = JSON.stringify(totals, null, 2).replace(/\n/g, '\n    ');
    if (blocks) {
      const rows = blocks.map((b) => `        [${b.join(', ')}]`).join(',\n');
      text = `${text.replace(/\n    }$/, '')},\n      "blocks": [${blocks.length > 0 ? `\n${rows}\n      ` : ''}]\n    }`;
    }
    if (functions) {
      const rows = functions.map((f) => `        ${JSON.stringify(f)}`).join(',\n');
      text = `${text.replace(/\n    }$/, '')},\n      "functions": [${functions.length > 0 ? `\n${rows}\n      ` : ''}]\n    }`;
    }
    yield `${i === 0 ? '' : ','}\n    ${text}`;
  }
  yield `${files.length > 0 ? '\n  ' : ''}]\n}\n`;
}
