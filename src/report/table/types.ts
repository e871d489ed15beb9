// The one interface every table formatter implements: a TableModel (rows from
// src/summary/rows.ts) plus the column headings in, the whole report text out.

import type { TableCell, TableModel } from '../../summary/rows.js';

/** One input column. */
export interface TableColumn {
  /** Heading (base name without extension, or from --names). */
  readonly name: string;
  /** The input argument it came from, when known (shown in json). */
  readonly input?: string;
}

/** What a formatter renders. */
export interface TableReport {
  readonly columns: readonly TableColumn[];
  readonly model: TableModel;
}

/** Presentation options. */
export interface TableFormatOptions {
  /** ANSI colour (text format only); decided by the caller (TTY, NO_COLOR, FORCE_COLOR). */
  readonly color?: boolean;
  /** Fit lines into this many terminal cells by cutting long paths in the middle (text format only; the terminal's width). */
  readonly width?: number;
}

/** Renders a whole table report as text (ending in a newline). */
export type TableFormatter = (report: TableReport, options?: TableFormatOptions) => string;

/** Heading of the first (path) column: the prefix, or "Path" for the whole tree. */
export function pathHeading(model: TableModel): string {
  return model.prefix === '' ? 'Path' : model.prefix;
}

/** Display text of a cell: "▲ 49.8%", "▼ 28.1%", "32.4%", "–" (0 statements), "" (absent). */
export function cellText(cell: TableCell | null): string {
  if (cell === null) return '';
  const arrow = cell.trend === 'up' ? '▲ ' : cell.trend === 'down' ? '▼ ' : '';
  return `${arrow}${cell.percent}`;
}
