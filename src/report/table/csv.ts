// CSV for spreadsheets and scripts: one line per row (totals last), and per
// input column its percent (number, no % sign), covered and total statement
// counts and trend. RFC 4180 quoting, `\n` line ends. Absent = all four empty;
// 0 statements = empty percent with counts 0,0.

import type { TableCell, TableRow } from '../../summary/rows.js';
import type { TableReport } from './types.js';

/** Quote a CSV field when it needs it (comma, quote, CR/LF, leading/trailing space). */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellFields(cell: TableCell | null): string[] {
  if (cell === null) return ['', '', '', ''];
  return [cell.ratio === null ? '' : cell.percent.replace(/%$/, ''), String(cell.covered), String(cell.statements), cell.trend ?? ''];
}

/** Render the table as CSV. */
export function formatTableCsv(report: TableReport): string {
  const { model, columns } = report;
  const heading = ['name', 'path', 'kind', 'depth'];
  for (const c of columns) heading.push(`${c.name} percent`, `${c.name} covered`, `${c.name} statements`, `${c.name} trend`);
  const line = (row: TableRow): string[] => [row.label, row.path, row.kind, String(row.depth), ...row.cells.flatMap(cellFields)];
  const lines = [heading, ...model.rows.map(line), line(model.total)];
  return lines.map((fields) => fields.map(csvField).join(',')).join('\n') + '\n';
}
