// The JSON document of a patch's coverage (schema: schemas/patch.v1.schema.json,
// documented in docs/patch.md). PatchCoverage plus the run's context in, a
// plain object with a fixed key order out, in the vocabulary every JSON
// output shares (docs/json.md):
//
//   { "schema": "gopherage-patch/v1",
//     "base": "main", "head": "HEAD", "mergeBase": "<sha>" | null,
//     "threshold": 0.8 | null, "pass": true, "reasons": [],
//     "total": { "covered": 10, "statements": 16, "ratio": 0.625, "percent": 62.5 },
//     "lines": { "covered": 7, "partial": 1, "missed": 4 },
//     "notMeasured": ["pkg/new/new.go"],
//     "files": [ { "path", "name", "measured", "changedLines", ...total,
//                  "lines": { covered, partial, missed }, "coveredLines": [..], "partialLines": [..],
//                  "missedLines": [..], "missedRanges": [[12, 14], [20, 20]] } ] }

import { jsonTotals } from '../summary/totals.js';
import { patchThresholdReason, type PatchCoverage } from './coverage.js';

/** Identifies this document's shape; bumped on any incompatible change. */
export const PATCH_JSON_SCHEMA = 'gopherage-patch/v1';

/** Where the diff came from (null fields when a diff file was given). */
export interface PatchContext {
  base: string | null;
  head: string | null;
  mergeBase: string | null;
  threshold: number | null;
}

/** The JSON document (an object; JSON.stringify it). */
export function patchJson(c: PatchCoverage, ctx: PatchContext, strict = false): object {
  const reasons = patchReasons(c, ctx.threshold, strict);
  return {
    schema: PATCH_JSON_SCHEMA,
    base: ctx.base,
    head: ctx.head,
    mergeBase: ctx.mergeBase,
    threshold: ctx.threshold,
    pass: reasons.length === 0,
    reasons,
    total: jsonTotals(c.totals),
    lines: c.lines,
    notMeasured: c.notMeasured,
    files: c.files.map((f) => ({
      path: f.path,
      name: f.name,
      measured: f.measured,
      changedLines: f.changedLines,
      ...jsonTotals(f.totals),
      lines: { covered: f.covered.length, partial: f.partial.length, missed: f.missed.length },
      coveredLines: f.covered,
      partialLines: f.partial,
      missedLines: f.missed,
      missedRanges: f.missedRanges,
    })),
  };
}

/** Every failing rule of a patch: the threshold, and with `strict` each file not measured. */
export function patchReasons(c: PatchCoverage, threshold: number | null, strict: boolean): string[] {
  const reasons: string[] = [];
  const r = patchThresholdReason(c.totals, threshold);
  if (r !== null) reasons.push(r);
  if (strict) for (const p of c.notMeasured) reasons.push(`${p}: changed but not measured (no profile covers its package; --strict)`);
  return reasons;
}
