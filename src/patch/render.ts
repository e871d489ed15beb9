// Human renderings of a patch's coverage: the text report for a terminal and
// the markdown body of a pull-request comment. PatchCoverage in, text out.
//
// Markdown starts with the hidden marker `<!-- gopherage:patch -->` (a bot
// finds its own comment by it and updates it), then the headline, a table of
// the changed Go files and a collapsible list of the uncovered ranges. With a
// link base (e.g. https://github.com/ORG/REPO/blob/SHA) paths and ranges link
// to the lines.

import { escapeMarkdown } from '../report/table/markdown.js';
import { goFixed } from '../summary/goFormat.js';
import { patchHeadline, patchPercent, patchThresholdReason, rangesText, type PatchCoverage, type PatchFile } from './coverage.js';

/** The marker the PR comment starts with. */
export const PATCH_MARKER = '<!-- gopherage:patch -->';

/** Options shared by the renderings. */
export interface PatchRenderOptions {
  /** `--threshold` (0..1), or null. */
  threshold: number | null;
  /** Base URL of file links (markdown), e.g. https://github.com/ORG/REPO/blob/SHA. */
  linkBase?: string | null;
}

/** The verdict line of a threshold ('' without one). */
export function patchVerdictLine(c: PatchCoverage, threshold: number | null): string {
  if (threshold === null) return '';
  const limit = `${goFixed(threshold * 100, 1)}%`;
  if (c.totals.statements === 0) return `verdict: pass (no executable changed lines to hold to ${limit})`;
  const reason = patchThresholdReason(c.totals, threshold);
  return reason === null ? `verdict: pass (${patchPercent(c.totals)} >= ${limit})` : `verdict: FAIL (${reason})`;
}

/** What a file's coverage cell says. */
function fileCell(f: PatchFile): string {
  if (!f.measured) return 'not measured';
  if (f.totals.statements === 0) return 'no executable changed lines';
  return patchPercent(f.totals);
}

/** The text report: headline, then per file `path  pct  missed lines 12-14,20`. */
export function patchText(c: PatchCoverage, opts: PatchRenderOptions): string {
  const lines = [patchHeadline(c)];
  for (const f of c.files) {
    let s = `${f.path}  ${fileCell(f)}`;
    if (f.missedRanges.length > 0) s += `  missed lines ${rangesText(f.missedRanges)}`;
    if (f.partial.length > 0) s += `  partial lines ${f.partial.join(',')}`;
    lines.push(s);
  }
  const verdict = patchVerdictLine(c, opts.threshold);
  if (verdict) lines.push(verdict);
  return `${lines.join('\n')}\n`;
}

/** URL of a file (and optionally a line range) under the link base. */
export function lineLink(base: string, path: string, range?: [number, number]): string {
  const url = `${base.replace(/\/+$/, '')}/${path.split('/').map(encodeURIComponent).join('/')}`;
  if (!range) return url;
  return range[0] === range[1] ? `${url}#L${range[0]}` : `${url}#L${range[0]}-L${range[1]}`;
}

/** The PR-comment body. */
export function patchMarkdown(c: PatchCoverage, opts: PatchRenderOptions): string {
  const link = (text: string, path: string, range?: [number, number]): string =>
    opts.linkBase ? `[${text}](${lineLink(opts.linkBase, path, range)})` : text;
  const out = [PATCH_MARKER, '### Patch coverage', ''];
  const headline = patchHeadline(c).replace(/^Patch coverage: ([\d.]+%)/, 'Patch coverage: **$1**');
  const l = c.lines;
  out.push(c.files.length === 0 ? headline : `${headline} · changed lines: ${l.covered} covered, ${l.partial} partial, ${l.missed} missed`);
  const verdict = patchVerdictLine(c, opts.threshold);
  if (verdict) out.push('', verdict.replace(/^verdict: (pass|FAIL)/, '**Verdict: $1**'));
  if (c.files.length > 0) {
    out.push('', '| File | Coverage | Statements | Missed lines |', '| --- | ---: | ---: | --- |');
    for (const f of c.files) {
      const path = link(escapeMarkdown(f.path), f.path);
      const stmts = f.measured && f.totals.statements > 0 ? `${f.totals.covered}/${f.totals.statements}` : '–';
      const missed = f.missedRanges.map((r) => link(rangesText([r]), f.path, r)).join(', ') || '–';
      out.push(`| ${path} | ${fileCell(f)} | ${stmts} | ${missed} |`);
    }
  }
  const uncovered = c.files.flatMap((f) => f.missedRanges.map((r) => ({ f, r })));
  if (uncovered.length > 0) {
    out.push('', `<details><summary>Uncovered changed lines (${uncovered.length} range${uncovered.length === 1 ? '' : 's'})</summary>`, '');
    for (const { f, r } of uncovered) out.push(`- ${link(`${escapeMarkdown(f.path)}:${rangesText([r])}`, f.path, r)}`);
    out.push('', '</details>');
  }
  if (c.notMeasured.length > 0) {
    out.push('', `Not measured (no profile covers their package): ${c.notMeasured.map(escapeMarkdown).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}
