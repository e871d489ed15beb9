// Stable JSON (schema: schemas/table.v2.schema.json, documented in
// docs/table.md): the table model as data in the vocabulary every JSON output
// shares (docs/json.md), keys in a fixed order, two-space indentation.
// Absent cells are null; 0 statements has ratio and percent null. Paths never
// end in '/': `kind` says what a row is, `label` is the text the table shows.

import type { TableCell, TableRow } from '../../summary/rows.js';
import { jsonTotals } from '../../summary/totals.js';
import type { TableReport } from './types.js';

/** Identifies this document's shape; bumped on any incompatible change. */
export const TABLE_JSON_SCHEMA = 'gopherage-table/v2';

function cellJson(cell: TableCell | null): object | null {
  if (cell === null) return null;
  return { ...jsonTotals(cell), trend: cell.trend };
}

/** A directory path without its trailing '/' (the root stays ''). */
function bare(path: string): string {
  return path.endsWith('/') ? path.slice(0, -1) : path;
}

function rowJson(row: TableRow): object {
  return { path: bare(row.path), label: row.label, kind: row.kind, depth: row.depth, cells: row.cells.map(cellJson) };
}

/** Render the table as JSON. */
export function formatTableJson(report: TableReport): string {
  const { model, columns } = report;
  const doc = {
    schema: TABLE_JSON_SCHEMA,
    prefix: bare(model.prefix),
    depth: model.depth,
    sort: model.sort,
    columns: columns.map((c) => ({ name: c.name, input: c.input ?? null })),
    rows: model.rows.map(rowJson),
    total: rowJson(model.total),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
