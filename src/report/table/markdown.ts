// GitHub-flavoured markdown table, for a PR comment or $GITHUB_STEP_SUMMARY:
// path column left-aligned, percentage columns right-aligned, totals row in
// bold. Every name is escaped so no file name can add markup or break a row;
// cells are padded to equal display width so the raw text reads as a table too.

import type { TableRow } from '../../summary/rows.js';
import { displayWidth, padEndWidth, padStartWidth, visibleText } from './displayWidth.js';
import { cellText, pathHeading, type TableReport } from './types.js';

/** Escape text for a GFM table cell: markdown punctuation gets a backslash, control characters become visible. */
export function escapeMarkdown(text: string): string {
  return visibleText(text).replace(/[\\`*_[\]<>|~&$]/g, (c) => `\\${c}`);
}

/** Render the table as GitHub-flavoured markdown. */
export function formatTableMarkdown(report: TableReport): string {
  const { model, columns } = report;
  const line = (row: TableRow): string[] => [escapeMarkdown(row.label), ...row.cells.map(cellText)];
  const heading = [escapeMarkdown(pathHeading(model)), ...columns.map((c) => escapeMarkdown(c.name))];
  const body = model.rows.map(line);
  const total = line(model.total);
  total[0] = `**${total[0]}**`;
  const widths = heading.map((h) => Math.max(3, displayWidth(h)));
  for (const cells of [...body, total]) cells.forEach((c, i) => (widths[i] = Math.max(widths[i], displayWidth(c))));
  const render = (cells: string[]): string =>
    `| ${cells.map((c, i) => (i === 0 ? padEndWidth(c, widths[i]) : padStartWidth(c, widths[i]))).join(' | ')} |`;
  const align = `| ${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w - 1)}` : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return `${[render(heading), align, ...body.map(render), render(total)].join('\n')}\n`;
}
