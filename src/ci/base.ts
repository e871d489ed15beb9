// The `--compare` base of a CI run: either a profile (merged, filtered like
// the current run) or the summary.json of a previous run, which holds per-file
// totals only. Reports take profiles, so a summary becomes a stand-in profile
// whose blocks carry exactly each file's covered and uncovered statements.

import type { FileCoverage, Profile } from '../profile/model.js';
import { ProfileError } from '../profile/errors.js';
import { compareUtf8 } from '../profile/model.js';
import type { FileTotals } from '../summary/tree.js';
import { JSON_SUMMARY_SCHEMA } from '../report/json.js';

/** What version 1 summaries (before the shared JSON vocabulary) carried instead of `schema`. */
const V1_FORMAT = 'gopherage-coverage';

/**
 * A profile with the given per-file totals: per file one covered block of
 * `covered` statements and one uncovered block with the rest. Only for
 * summaries (tables, HTML columns, verdicts); its blocks are not real.
 */
export function profileFromTotals(files: readonly FileTotals[]): Profile {
  const out: FileCoverage[] = [...files]
    .sort((a, b) => compareUtf8(a.name, b.name))
    .map((f) => ({
      name: f.name,
      pos: new Uint32Array([0, 0, 0, 0, 0, 0, 0, 1]),
      stmts: new Uint32Array([f.totals.covered, f.totals.statements - f.totals.covered]),
      counts: new Float64Array([1, 0]),
    }));
  return { mode: 'count', files: out };
}

/** Per-file totals from the text of a summary.json written by `gopherage ci` or `convert --format json`. */
export function totalsFromSummaryJson(text: string, input: string): FileTotals[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ProfileError('CORRUPT', `not valid JSON: ${(err as Error).message}`, { input });
  }
  const d = doc as { schema?: unknown; format?: unknown; files?: unknown };
  // v2 names a file `path`; v1 (`"format": "gopherage-coverage"`) named it `name`.
  const key = d?.schema === JSON_SUMMARY_SCHEMA ? 'path' : d?.format === V1_FORMAT ? 'name' : null;
  if (d === null || typeof d !== 'object' || key === null || !Array.isArray(d.files)) {
    throw new ProfileError('CORRUPT', `not a gopherage summary (want "schema": "${JSON_SUMMARY_SCHEMA}" and a "files" list)`, { input });
  }
  return d.files.map((f: unknown, i: number) => {
    const e = f as Record<string, unknown>;
    const name = e?.[key];
    const ok =
      typeof name === 'string' &&
      Number.isSafeInteger(e.statements) &&
      Number.isSafeInteger(e.covered) &&
      (e.covered as number) >= 0 &&
      (e.covered as number) <= (e.statements as number);
    if (!ok) throw new ProfileError('CORRUPT', `files[${i}] needs "${key}", "statements" and "covered" (0 <= covered <= statements)`, { input });
    return { name: name as string, totals: { covered: e.covered as number, statements: e.statements as number } };
  });
}
