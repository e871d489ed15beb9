// Go's text/tabwriter, for the settings `go tool cover -func` uses
// (minwidth 1, tabwidth 8, padding 1, padchar '\t', no flags): lines of
// tab-terminated cells in, aligned text out. The last cell of a line is not
// part of a column; a column block is a run of consecutive lines that have a
// cell in that column; widths count runes (utf8.RuneCount); padding with tabs
// rounds a cell's width up to a multiple of the tab width.

/** tabwriter.NewWriter parameters (only tab padding is implemented, as cmd/cover uses). */
export interface TabwriterSettings {
  minwidth: number;
  tabwidth: number;
  padding: number;
}

/** The settings of cmd/cover's -func output. */
export const COVER_FUNC_TABWRITER: TabwriterSettings = { minwidth: 1, tabwidth: 8, padding: 1 };

const runeCount = (s: string) => [...s].length;

/** Format text written to a Go tabwriter (with '\t' padding) and flushed; `text` is everything written. */
export function goTabwrite(text: string, settings: TabwriterSettings = COVER_FUNC_TABWRITER): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  // A trailing newline leaves an empty last line with one empty cell: tabwriter writes nothing for it.
  const last = lines[lines.length - 1];
  const hasTrailing = last.length === 1 && last[0] === '';
  let out = '';
  const widths: number[] = [];
  const pad = (textw: number, cellw: number) => {
    const w = Math.ceil(cellw / settings.tabwidth) * settings.tabwidth;
    return '\t'.repeat(Math.ceil((w - textw) / settings.tabwidth));
  };
  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const line = lines[i];
      line.forEach((cell, j) => {
        out += cell;
        if (j < widths.length && j < line.length - 1) out += pad(runeCount(cell), widths[j]);
      });
      if (i + 1 < lines.length) out += '\n';
    }
  };
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      writeLines(line0, i);
      line0 = i;
      let width = settings.minwidth;
      for (; i < line1 && column < lines[i].length - 1; i++) width = Math.max(width, runeCount(lines[i][column]) + settings.padding);
      widths.push(width);
      format(line0, i);
      widths.pop();
      line0 = i;
      i--; // the loop's i++ must not skip the line that ended the block
    }
    writeLines(line0, line1);
  };
  // Lines with a single cell flush the writer (each starts a fresh formatting section).
  let start = 0;
  const end = hasTrailing ? lines.length - 1 : lines.length;
  for (let i = 0; i < end; i++) {
    if (lines[i].length === 1) {
      format(start, i + 1);
      start = i + 1;
    }
  }
  format(start, end);
  return out;
}
