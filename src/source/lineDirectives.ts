// Offsets of a Go source text to positions as go/token reports them:
// 1-based line, 1-based column in UTF-8 bytes, and (fset.Position, which
// cmd/cover uses) adjusted by //line and /*line*/ directives the way
// go/scanner.updateLineInfo records them and go/token.File.unpack applies
// them. In: the text (offsets are UTF-16 indices into it) and its comments.
// Out: physical and adjusted positions.

/** A comment of the source: its offsets (UTF-16 indices) and text. */
export interface SourceComment {
  start: number;
  end: number;
  text: string;
}

/** A position; `file` is the base name a line directive gives (absent before any directive). */
export interface AdjustedPosition {
  line: number;
  col: number;
  file?: string;
}

interface LineInfo {
  offset: number;
  file: string | undefined;
  line: number;
  col: number;
}

const MAX_LINE_COL = 1 << 30;

/** Line/column tables of one source text, with its line directives. */
export class PositionTable {
  private readonly lineStarts: number[] = [0];
  private readonly ascii: boolean;
  private readonly infos: LineInfo[] = [];

  /** `comments` are only read when given (tree-sitter comment nodes, in source order). */
  constructor(
    private readonly text: string,
    comments: readonly SourceComment[] = [],
  ) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    // eslint-disable-next-line no-control-regex
    this.ascii = !/[^\x00-\x7f]/.test(text);
    for (const c of comments) this.directive(c);
  }

  /** Whether the text may hold a line directive (cheap pre-check before collecting comments). */
  static mayHaveDirectives(text: string): boolean {
    return /^\/\/line |\/\*line /m.test(text);
  }

  /** 0-based index of the line holding offset. */
  private lineIndex(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private byteCol(lineIdx: number, offset: number): number {
    const start = this.lineStarts[lineIdx];
    if (this.ascii) return offset - start + 1;
    return Buffer.byteLength(this.text.slice(start, offset), 'utf8') + 1;
  }

  /** The position ignoring line directives. */
  physical(offset: number): AdjustedPosition {
    const i = this.lineIndex(offset);
    return { line: i + 1, col: this.byteCol(i, offset) };
  }

  /** The position fset.Position reports: adjusted by the last line directive before it. */
  adjusted(offset: number): AdjustedPosition {
    const i = this.lineIndex(offset);
    const pos: AdjustedPosition = { line: i + 1, col: this.byteCol(i, offset) };
    const info = this.infoAt(offset);
    if (!info) return pos;
    const infoLine = this.lineIndex(info.offset);
    const d = i - infoLine;
    pos.line = info.line + d;
    if (info.col === 0) pos.col = 0;
    else if (d === 0) pos.col = info.col + (pos.col - this.byteCol(infoLine, info.offset));
    if (info.file !== undefined) pos.file = info.file;
    return pos;
  }

  private infoAt(offset: number): LineInfo | undefined {
    let found: LineInfo | undefined;
    for (const info of this.infos) {
      if (info.offset > offset) break;
      found = info;
    }
    return found;
  }

  /** go/scanner's updateLineInfo for one comment. */
  private directive(c: SourceComment): void {
    let text = c.text;
    const block = text.startsWith('/*');
    if (!block && text.endsWith('\r')) text = text.slice(0, -1);
    if (!text.startsWith('line ', 2)) return;
    // //line directives must start at the beginning of a line.
    if (!block && this.lineStarts[this.lineIndex(c.start)] !== c.start) return;
    if (block) text = text.slice(0, -2);
    text = text.slice(7);
    let [i, n, ok] = trailingDigits(text);
    if (i === 0 || !ok) return; // not a directive, or one go/scanner rejects
    let line: number;
    let col = 0;
    const [i2, n2, ok2] = trailingDigits(text.slice(0, i - 1));
    if (ok2) {
      [line, col] = [n2, n];
      if (col === 0 || col > MAX_LINE_COL) return;
      text = text.slice(0, i - 1);
      i = i2;
    } else line = n;
    if (line === 0 || line > MAX_LINE_COL) return;
    const name = text.slice(0, i - 1);
    let file: string | undefined;
    if (name === '' && ok2) file = this.adjusted(c.start).file;
    else file = baseName(name);
    // The directive applies from just after the comment (after its newline for //line).
    let next = c.end;
    if (!block) {
      next = this.text.indexOf('\n', c.start) + 1;
      if (next === 0) return; // at end of file: offset == size, not recorded
    }
    const lastInfo = this.infos[this.infos.length - 1];
    if ((!lastInfo || lastInfo.offset < next) && next < this.text.length) this.infos.push({ offset: next, file, line, col });
  }
}

/** go/scanner's trailingDigits: index after the last ':', the number after it, and whether it parsed. */
function trailingDigits(text: string): [number, number, boolean] {
  const i = text.lastIndexOf(':');
  if (i < 0) return [0, 0, false];
  const digits = text.slice(i + 1);
  const ok = /^[0-9]+$/.test(digits) && digits.length <= 19;
  return [i + 1, ok ? Number(digits) : 0, ok];
}

/** filepath.Base of a cleaned file name ("" gives "."). */
function baseName(name: string): string {
  const trimmed = name.replace(/\/+$/, '');
  if (trimmed === '') return name === '' ? '.' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
