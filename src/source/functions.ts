// Function extents of a Go source file, as `go tool cover -func` computes
// them (cmd/cover/func.go): every top-level function or method declaration
// that has a body, in source order, named without its receiver, spanning
// from the `func` keyword to just after the closing brace. Positions are
// go/token's *adjusted* positions: `//line` and `/*line */` directives shift
// lines (and columns) exactly as go/scanner + go/token do, because the
// profile's blocks were recorded with the same adjusted positions.
// Source text in, extents out.

import { GoPositions, parseGo, type GoNode, type GoPosition } from './goParser.js';

/** A function's extent: Go line, UTF-8 byte column (1-based; column 0 = unknown after a `//line f:N` directive). */
export interface FuncExtent {
  name: string;
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
}

/** A line directive: from `at` (unadjusted) on, positions map to line `line`, column `col` (0 = unknown). */
interface LineInfo {
  at: GoPosition;
  line: number;
  col: number;
}

const before = (a: GoPosition, b: GoPosition) => a.line < b.line || (a.line === b.line && a.col < b.col);

/** Parse `line ...` directive text (after `//` or `/*`) as go/scanner's updateLineInfo does; null when not one. */
function directive(text: string): { line: number; col: number } | null {
  const body = text.slice('line '.length);
  const trailing = (t: string) => {
    const i = t.lastIndexOf(':');
    if (i < 0) return null;
    const digits = t.slice(i + 1);
    return { i, n: /^[0-9]+$/.test(digits) ? Number(digits) : NaN };
  };
  const last = trailing(body);
  if (last === null || Number.isNaN(last.n)) return null;
  const prev = trailing(body.slice(0, last.i));
  const max = 1 << 30;
  if (prev !== null && !Number.isNaN(prev.n)) {
    if (last.n === 0 || last.n > max || prev.n === 0 || prev.n > max) return null;
    return { line: prev.n, col: last.n };
  }
  if (last.n === 0 || last.n > max) return null;
  return { line: last.n, col: 0 };
}

/** The line directives of a file, in order, with the unadjusted position each applies from. */
function lineInfos(root: GoNode, pos: GoPositions, end: GoPosition): LineInfo[] {
  const infos: LineInfo[] = [];
  const visit = (n: GoNode) => {
    if (n.type === 'comment') {
      let text = n.text;
      const start = pos.at(n.startPosition);
      const slashes = text.startsWith('//');
      if (slashes && text.endsWith('\r')) text = text.slice(0, -1);
      if (!text.slice(2).startsWith('line ') || (slashes && start.col !== 1)) return;
      const d = directive(slashes ? text.slice(2) : text.slice(2, -2));
      if (d === null) return;
      // `//` comments apply from the start of the next line; `/* */` from just after the comment.
      const at = slashes ? { line: start.line + 1, col: 1 } : pos.at(n.endPosition);
      if (!before(at, end)) return;
      if (infos.length > 0 && !before(infos[infos.length - 1].at, at)) return;
      infos.push({ at, ...d });
      return;
    }
    for (const c of n.children) if (c) visit(c);
  };
  visit(root);
  return infos;
}

/** go/token's adjusted position of an unadjusted one. */
function adjust(p: GoPosition, infos: readonly LineInfo[]): GoPosition {
  let info: LineInfo | undefined;
  for (const i of infos) {
    if (before(p, i.at)) break;
    info = i;
  }
  if (!info) return p;
  const d = p.line - info.at.line;
  const line = info.line + d;
  if (info.col === 0) return { line, col: 0 };
  return { line, col: d === 0 ? info.col + (p.col - info.at.col) : p.col };
}

/** The end of the text as a Go position (directives at the very end are ignored, as go/token does). */
function endOf(text: string): GoPosition {
  const lines = text.split('\n');
  return { line: lines.length, col: Buffer.byteLength(lines[lines.length - 1], 'utf8') + 1 };
}

/** The function set `go tool cover -func` reports for this source, in source order. */
export async function goFunctions(text: string): Promise<FuncExtent[]> {
  const tree = await parseGo(text);
  try {
    const pos = new GoPositions(text);
    const infos = lineInfos(tree.rootNode, pos, endOf(text));
    const out: FuncExtent[] = [];
    for (const n of tree.rootNode.namedChildren) {
      if (!n || (n.type !== 'function_declaration' && n.type !== 'method_declaration')) continue;
      const body = n.childForFieldName('body');
      const name = n.childForFieldName('name');
      if (!body || !name) continue; // no body: declared for assembly
      const start = adjust(pos.at(n.startPosition), infos);
      const end = adjust(pos.at(body.endPosition), infos);
      out.push({ name: name.text, startLine: start.line, startCol: start.col, endLine: end.line, endCol: end.col });
    }
    return out;
  } finally {
    tree.delete();
  }
}
