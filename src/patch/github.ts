// GitHub Actions workflow commands for a patch: one `::warning` per uncovered
// range of changed lines, so the lines show up in the pull request's diff.
// PatchCoverage in, command lines out. At most `max` annotations, then one
// summary line saying how many were left out.
//
// Escaping follows @actions/core (toolkit `command.ts`): in the message
// `%`, CR and LF become %25, %0D, %0A; in property values also `:` and `,`
// become %3A and %2C.

import { rangesText, type PatchCoverage } from './coverage.js';

/** Title of every annotation. */
export const ANNOTATION_TITLE = 'Not covered by tests';

/** Escape a workflow-command message. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a workflow-command property value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The annotation lines (each ending in "\n"). */
export function githubAnnotations(c: PatchCoverage, max: number): string {
  const all = c.files.flatMap((f) => f.missedRanges.map((r) => ({ path: f.path, r })));
  const out: string[] = [];
  for (const { path, r } of all.slice(0, max)) {
    const what = r[0] === r[1] ? `Changed line ${r[0]} is` : `Changed lines ${rangesText([r])} are`;
    const props = `file=${escapeProperty(path)},line=${r[0]},endLine=${r[1]},title=${escapeProperty(ANNOTATION_TITLE)}`;
    out.push(`::warning ${props}::${escapeData(`${what} not covered by tests.`)}\n`);
  }
  if (all.length > max) {
    const left = all.length - max;
    const msg = `${left} more uncovered range${left === 1 ? '' : 's'} of changed lines not annotated (${all.length} in all; raise --max-annotations to see them)`;
    out.push(`::warning title=${escapeProperty(ANNOTATION_TITLE)}::${escapeData(msg)}\n`);
  }
  return out.join('');
}
