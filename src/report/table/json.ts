// Stable JSON (schema documented in docs/table.md): the table model as data,
// keys in a fixed order, two-space indentation. Absent cells are null; 0
// statements has ratio and percent null.

import type { TableCell, TableRow } from '../../summary/rows.js';
import type { TableReport } from './types.js';

/** Identifies this document's shape; bumped on any incompatible change. */
export const TABLE_JSON_SCHEMA = 'gopherage-table/v1';

function cellJson(cell: TableCell | null): object | null {
  if (cell === null) return null;
  return {
    covered: cell.covered,
    statements: cell.statements,
    ratio: cell.ratio,
    percent: cell.ratio === null ? null : cell.percent,
    trend: cell.trend,
  };
}

function rowJson(row: TableRow): object {
  return { name: row.label, path: row.path, kind: row.kind, depth: row.depth, cells: row.cells.map(cellJson) };
}

/** Render the table as JSON. */
export function formatTableJson(report: TableReport): string {
  const { model, columns } = report;
  const doc = {
    schema: TABLE_JSON_SCHEMA,
    prefix: model.prefix,
    depth: model.depth,
    sort: model.sort,
    columns: columns.map((c) => ({ name: c.name, input: c.input ?? null })),
    rows: model.rows.map(rowJson),
    total: rowJson(model.total),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
