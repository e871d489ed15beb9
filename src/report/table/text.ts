// Terminal table: a path column left-aligned, one right-aligned column per
// input, a rule under the heading and above the totals row. Widths are
// display widths (CJK and emoji 2 cells, combining marks 0). Optional ANSI
// colour: ▲ green, ▼ red, heading and totals bold. With a width (the
// terminal's), long paths are cut in the middle with … so rows fit.

import type { TableRow } from '../../summary/rows.js';
import { displayWidth, padEndWidth, padStartWidth, truncateMiddle, visibleText } from './displayWidth.js';
import { cellText, pathHeading, type TableFormatOptions, type TableReport } from './types.js';

const GAP = '  ';
const BOLD = '\x1b[1m';
const GREEN = '\x1b[32m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';
const MIN_PATH = 12;

/** Render the table for a terminal. */
export function formatTableText(report: TableReport, options: TableFormatOptions = {}): string {
  const { model, columns } = report;
  const line = (row: TableRow): string[] => [visibleText(row.label), ...row.cells.map(cellText)];
  const heading = [visibleText(pathHeading(model)), ...columns.map((c) => visibleText(c.name))];
  const body = model.rows.map(line);
  const total = line(model.total);
  const widths = heading.map((h) => displayWidth(h));
  for (const cells of [...body, total]) cells.forEach((c, i) => (widths[i] = Math.max(widths[i], displayWidth(c))));
  if (options.width !== undefined) {
    // the path column gives up what does not fit (down to MIN_PATH cells)
    const others = widths.slice(1).reduce((n, w) => n + w + GAP.length, 0);
    const room = Math.max(MIN_PATH, options.width - others);
    if (widths[0] > room) {
      widths[0] = room;
      for (const cells of [heading, ...body, total]) cells[0] = truncateMiddle(cells[0], room);
    }
  }
  const color = options.color === true;
  const render = (cells: string[], bold = false): string => {
    const text = cells
      .map((c, i) => {
        const padded = i === 0 ? padEndWidth(c, widths[i]) : padStartWidth(c, widths[i]);
        return color && i > 0 ? colorArrows(padded, bold) : padded;
      })
      .join(GAP)
      .trimEnd();
    return color && bold ? `${BOLD}${text}${RESET}` : text;
  };
  const rule = widths.map((w) => '-'.repeat(w)).join(GAP);
  const out = [render(heading, true), rule, ...body.map((cells) => render(cells)), rule, render(total, true)];
  return `${out.join('\n')}\n`;
}

function colorArrows(text: string, bold: boolean): string {
  const after = bold ? RESET + BOLD : RESET;
  return text.replace('▲', `${GREEN}▲${after}`).replace('▼', `${RED}▼${after}`);
}
