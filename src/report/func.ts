// The `gopherage func` report: per-function coverage rows in, text out.
// `text` is byte-identical to `go tool cover -func` (Go's tabwriter, `%.1f`,
// `total:` line) when rows keep Go's order; `json` and `markdown` carry the
// same rows. The total is over every function, also when --min lists fewer.

import { coverPercentText, type FuncCoverage } from '../summary/functions.js';
import { goTabwrite } from '../summary/tabwriter.js';
import type { Totals } from '../summary/totals.js';
import { withRatio, type JsonTotals } from './json.js';
import { escapeMarkdown } from './table/markdown.js';

/** One function of one file. */
export interface FuncRow extends FuncCoverage {
  /** The file name as the report shows it (the profile's name). */
  file: string;
}

/** Row orders: Go's (files bytewise, functions in source order), by name, by coverage, by uncovered statements. */
export type FuncSort = 'go' | 'name' | 'coverage' | 'uncovered';

/** Sort rows (stable; `go` keeps the order given). */
export function sortFuncRows(rows: readonly FuncRow[], sort: FuncSort): FuncRow[] {
  const out = [...rows];
  const pct = (r: FuncRow) => (r.statements === 0 ? 1 : r.covered / r.statements);
  if (sort === 'name') out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  else if (sort === 'coverage') out.sort((a, b) => pct(a) - pct(b));
  else if (sort === 'uncovered') out.sort((a, b) => b.statements - b.covered - (a.statements - a.covered));
  return out;
}

/** Sum of the rows' statements, as cmd/cover's total. */
export function funcTotal(rows: readonly FuncRow[]): Totals {
  const t = { covered: 0, statements: 0 };
  for (const r of rows) {
    t.covered += r.covered;
    t.statements += r.statements;
  }
  return t;
}

/** `go tool cover -func` text. */
export function funcText(rows: readonly FuncRow[], total: Totals): string {
  let raw = '';
  for (const r of rows) raw += `${r.file}:${r.line}:\t${r.name}\t${coverPercentText(r)}\n`;
  raw += `total:\t(statements)\t${coverPercentText(total)}\n`;
  return goTabwrite(raw);
}

/** JSON document of `func --format json`. */
export interface FuncJson {
  format: 'gopherage-functions';
  version: 1;
  total: JsonTotals;
  functions: (JsonTotals & { file: string; line: number; name: string })[];
}

/** `func --format json` text (two-space indentation, trailing newline). */
export function funcJson(rows: readonly FuncRow[], total: Totals): string {
  const doc: FuncJson = {
    format: 'gopherage-functions',
    version: 1,
    total: withRatio(total),
    functions: rows.map((r) => ({ file: r.file, line: r.line, name: r.name, ...withRatio(r) })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** A GitHub-flavoured markdown table of the rows and the total. */
export function funcMarkdown(rows: readonly FuncRow[], total: Totals): string {
  const lines = ['| Function | File | Statements | Coverage |', '| :--- | :--- | ---: | ---: |'];
  for (const r of rows) lines.push(`| ${escapeMarkdown(r.name)} | ${escapeMarkdown(`${r.file}:${r.line}`)} | ${r.statements} | ${coverPercentText(r)} |`);
  lines.push(`| **total** | | ${total.statements} | ${coverPercentText(total)} |`);
  return `${lines.join('\n')}\n`;
}
