// Cover's blocks computed from source: for one Go file's text, the blocks
// (startLine.startCol,endLine.endCol numStmt) that Go 1.23's cmd/cover
// instruments, found on the tree-sitter syntax tree by the rules of
// cmd/cover/cover.go (Visit, addCounters, statementBoundary,
// endsBasicSourceBlock, isControl, the else and label rewrites, dedup).
// In: Go source text. Out: blocks in canonical order (startLine, startCol,
// endLine, endCol), positions as fset.Position gives them, i.e. adjusted by
// //line directives (see lineDirectives.ts). Offsets inside this module are
// UTF-16 indices of the JS string (tree-sitter's); positions convert once.

import type { Query } from '@vscode/tree-sitter-wasm';
import { goParser, parseGo, type GoNode } from './goParser.js';
import { PositionTable } from './lineDirectives.js';
import { GoSyntaxError } from './goSyntaxError.js';

/** One block cover instruments. `file` is set when a //line directive names another file for the enclosing function. */
export interface SourceBlock {
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
  numStmt: number;
  /** Base name of the file a //line directive assigns the enclosing function to (absent: the file itself). */
  file?: string;
}

/** What the package loader needs of a Go file besides its blocks. */
export interface GoFileFacts {
  /** The package clause's name ('' with imports [] for a file without functions, which is not parsed: it has no blocks). */
  packageName: string;
  /** Import paths, in source order. */
  imports: string[];
  blocks: SourceBlock[];
}

/** Blocks of one Go source file, as `go test -cover` (Go 1.23) instruments them. Throws GoSyntaxError on unparsable text. */
export async function goBlocks(text: string): Promise<SourceBlock[]> {
  return (await analyzeGoFile(text)).blocks;
}

/** Parse a Go file once: its package name, imports and cover blocks. Throws GoSyntaxError on unparsable text. */
export async function analyzeGoFile(text: string): Promise<GoFileFacts> {
  // No `func` anywhere: no function, no literal, no block. Data files (tables, generated
  // constants: a fifth of GOROOT/src) are not parsed at all; their syntax is not checked.
  if (!/\bfunc\b/.test(text)) return { packageName: '', imports: [], blocks: [] };
  const tree = await parseGo(text);
  try {
    const root = tree.rootNode;
    if (root.hasError) throw syntaxError(root, new PositionTable(text));
    const raw = new BlockFinder(await captureQuery(), root, text).find();
    const comments = PositionTable.mayHaveDirectives(text)
      ? root.descendantsOfType('comment').map((c) => ({ start: c!.startIndex, end: c!.endIndex, text: c!.text }))
      : [];
    let packageName = '';
    const imports: string[] = [];
    // Imports follow the package clause: stop at the first other declaration.
    for (let i = 0, n = root.childCount; i < n; i++) {
      const top = root.child(i);
      if (top?.type === 'package_clause') packageName = top.namedChildren.find((c) => c?.type === 'package_identifier')?.text ?? '';
      else if (top?.type !== 'import_declaration' && top?.type !== 'comment' && top?.type !== ';' && top?.type !== '\n') break;
      else if (top?.type === 'import_declaration') {
        for (const spec of top.descendantsOfType('import_spec')) {
          const path = spec?.childForFieldName('path')?.text;
          if (path) imports.push(path.slice(1, -1));
        }
      }
    }
    return { packageName, imports, blocks: toPositions(new PositionTable(text, comments), raw) };
  } finally {
    tree.delete();
  }
}

interface RawBlock {
  start: number;
  end: number;
  numStmt: number;
  /** Offset of the `func` of the function the block belongs to (its counters' owner). */
  owner: number;
}

/** A statement of a list: a syntax node, or the empty statement cover puts after a split label. */
type Stmt = GoNode | { pos: number; end: number };

const QUERY = `
(function_declaration) @fn
(method_declaration) @fn
(func_literal) @lit
(block) @block
(expression_case) @clause
(default_case) @clause
(type_case) @clause
(communication_case) @clause
(if_statement alternative: (if_statement) @elseif)
`;

let query: Promise<Query> | undefined;
function captureQuery(): Promise<Query> {
  query ??= goParser().then(async (parser) => {
    const ts = (await import('@vscode/tree-sitter-wasm')).default as typeof import('@vscode/tree-sitter-wasm');
    return new ts.Query(parser.language!, QUERY);
  });
  return query;
}

const BRANCHES = new Set(['break_statement', 'continue_statement', 'goto_statement', 'fallthrough_statement']);
const CONTROL = new Set(['for_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement']);
const SWITCHES = new Set(['expression_switch_statement', 'type_switch_statement', 'select_statement']);

class BlockFinder {
  private readonly blocks: RawBlock[] = [];
  /** Start offsets of func literals (sorted) and of their bodies' `{`. */
  private readonly litStart: number[] = [];
  private readonly litBody: number[] = [];
  private owner = 0;

  constructor(
    private readonly query: Query,
    private readonly root: GoNode,
    private readonly text: string,
  ) {}

  find(): RawBlock[] {
    const caps = this.query.captures(this.root);
    for (const { name, node } of caps) {
      if (name === 'lit') {
        this.litStart.push(node.startIndex);
        this.litBody.push(node.childForFieldName('body')!.startIndex);
      }
    }
    let skipEnd = -1; // end of a function cover skips (named "_")
    let ownerEnd = -1; // end of the current top-level function (decl or literal)
    for (const { name, node } of caps) {
      const at = node.startIndex;
      if (at < skipEnd) continue;
      if (name === 'fn' || (name === 'lit' && at >= ownerEnd)) {
        if (name === 'fn' && node.childForFieldName('name')?.text === '_') {
          skipEnd = node.endIndex;
          continue;
        }
        if (at >= ownerEnd) {
          this.owner = at;
          ownerEnd = node.endIndex;
        }
      } else if (name === 'block') this.visitBlock(node);
      else if (name === 'clause') this.visitClause(node);
      else if (name === 'elseif') this.addCounters(elseEnd(node.parent!), node.endIndex + 1, [node], true);
    }
    return this.blocks;
  }

  /** A `{ ... }` block; an else block starts right after `else` (cover inserts its `{` there). */
  private visitBlock(block: GoNode): void {
    const parent = block.parent!;
    const isElse = parent.type === 'if_statement' && parent.childForFieldName('alternative')?.id === block.id;
    const pos = isElse ? elseEnd(parent) : block.startIndex;
    this.addCounters(pos, block.endIndex, statements(block), true, pos + 1);
  }

  /** A case clause of a switch, type switch or select: counters after the colon, up to its last statement. */
  private visitClause(clause: GoNode): void {
    const colon = childOfType(clause, ':')!.startIndex;
    const list = statements(clause);
    const end = list.length ? stmtEnd(list[list.length - 1]) : colon + 1;
    this.addCounters(colon + 1, end, list, false);
  }

  /** cover's addCounters: split a statement list into basic blocks at control flow (an empty list: one block from insertPos). */
  private addCounters(pos: number, blockEnd: number, stmts: Stmt[], extend: boolean, insertPos = pos): void {
    if (stmts.length === 0) {
      this.blocks.push({ start: insertPos, end: blockEnd, numStmt: 0, owner: this.owner });
      return;
    }
    let list = stmts.slice();
    for (;;) {
      let last = 0;
      let end = blockEnd;
      for (; last < list.length; last++) {
        const s = list[last];
        end = this.boundary(s);
        if (this.endsBlock(s)) {
          if (isNode(s) && s.type === 'labeled_statement') {
            const inner = labeledInner(s);
            if (!isNode(inner) || !CONTROL.has(inner.type)) {
              // The label becomes its own statement ending this block; the labeled statement starts the next.
              end = s.startIndex;
              list.splice(last + 1, 0, inner);
            }
          }
          last++;
          extend = false;
          break;
        }
      }
      if (extend) end = blockEnd;
      if (pos !== end) this.blocks.push({ start: pos, end, numStmt: last, owner: this.owner });
      list = list.slice(last);
      if (list.length === 0) break;
      pos = stmtPos(list[0]);
    }
  }

  /** cover's statementBoundary: where the basic block ending at s stops. */
  private boundary(s: Stmt): number {
    if (!isNode(s)) return s.end;
    switch (s.type) {
      case 'block':
        return s.startIndex;
      case 'if_statement':
      case 'for_statement':
      case 'expression_switch_statement':
      case 'select_statement':
      case 'type_switch_statement': {
        const [from, to] = this.headerRange(s);
        const body = bodyBrace(s);
        return this.firstLiteral(from, to) ?? body;
      }
      case 'labeled_statement':
        return this.boundary(labeledInner(s));
    }
    return this.firstLiteral(s.startIndex, s.endIndex) ?? s.endIndex;
  }

  /** The part of a control statement's header that cover searches for function literals. */
  private headerRange(s: GoNode): [number, number] {
    if (s.type === 'select_statement') return [0, 0];
    if (s.type === 'type_switch_statement') {
      const init = s.childForFieldName('initializer');
      return init ? [init.startIndex, init.endIndex] : [0, 0];
    }
    if (s.type === 'for_statement') {
      const range = childOfType(s, 'range_clause');
      const x = range?.childForFieldName('right');
      if (range) return x ? [x.startIndex, x.endIndex] : [0, 0];
    }
    return [s.startIndex, bodyBrace(s)];
  }

  /** cover's endsBasicSourceBlock. */
  private endsBlock(s: Stmt): boolean {
    if (!isNode(s)) return false;
    switch (s.type) {
      case 'block':
      case 'for_statement':
      case 'if_statement':
      case 'labeled_statement':
      case 'expression_switch_statement':
      case 'type_switch_statement':
      case 'select_statement':
        return true;
      case 'expression_statement':
        if (this.text.startsWith('panic', s.startIndex) && isPanic(s)) return true;
    }
    if (BRANCHES.has(s.type)) return true;
    return this.firstLiteral(s.startIndex, s.endIndex) !== undefined;
  }

  /** The `{` of the body of the first function literal starting in [from, to), if any (cover's hasFuncLiteral). */
  private firstLiteral(from: number, to: number): number | undefined {
    const starts = this.litStart;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < starts.length && starts[lo] < to ? this.litBody[lo] : undefined;
  }
}

function isNode(s: Stmt): s is GoNode {
  return 'type' in s;
}

function stmtPos(s: Stmt): number {
  return isNode(s) ? s.startIndex : s.pos;
}

/** go/ast's End() of a statement (a label's is its statement's). */
function stmtEnd(s: Stmt): number {
  if (!isNode(s)) return s.end;
  return s.type === 'labeled_statement' ? stmtEnd(labeledInner(s)) : s.endIndex;
}

/** The statement after a label; go/parser's implicit empty statement when there is none (`L: }`). */
function labeledInner(s: GoNode): Stmt {
  const inner = s.namedChildren.find((c) => c !== null && c.type !== 'label_name' && c.type !== 'comment');
  return inner ?? { pos: s.endIndex, end: s.endIndex };
}

/** The statements of a block or case clause, comments left out. */
function statements(node: GoNode): GoNode[] {
  const list = node.namedChildren.find((c) => c?.type === 'statement_list');
  if (!list) return [];
  return list.namedChildren.filter((c): c is GoNode => c !== null && c.type !== 'comment');
}

/** The first child of `node` of this type (children are fetched one by one: headers are short, bodies long). */
function childOfType(node: GoNode, type: string): GoNode | null {
  for (let i = 0, n = node.childCount; i < n; i++) {
    const c = node.child(i);
    if (c?.type === type) return c;
  }
  return null;
}

/** Offset of the body's `{` of if/for (the block) or switch/select (the brace token). */
function bodyBrace(s: GoNode): number {
  if (SWITCHES.has(s.type)) return childOfType(s, '{')!.startIndex;
  const body = s.childForFieldName(s.type === 'if_statement' ? 'consequence' : 'body');
  return body!.startIndex;
}

/** Offset just after the `else` keyword of an if statement. */
function elseEnd(ifStmt: GoNode): number {
  const e = childOfType(ifStmt, 'else');
  if (!e) throw new Error('lost else');
  return e.endIndex;
}

/** `panic(x)`: a call of the identifier panic with exactly one argument. */
function isPanic(s: GoNode): boolean {
  const call = s.namedChildren.find((c) => c?.type !== 'comment');
  if (call?.type !== 'call_expression') return false;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'identifier' || fn.text !== 'panic') return false;
  const args = call.childForFieldName('arguments');
  return args?.namedChildren.filter((c) => c?.type !== 'comment').length === 1;
}

/** Position of the first syntax error, as a GoSyntaxError. */
function syntaxError(root: GoNode, table: PositionTable): GoSyntaxError {
  let node = root;
  for (;;) {
    const next = node.children.find((c) => c !== null && (c.isError || c.isMissing || c.hasError));
    if (!next || next.isError || next.isMissing) {
      const at = next ?? node;
      const p = table.physical(at.startIndex);
      return new GoSyntaxError(p.line, p.col, at.text.slice(0, 40));
    }
    node = next;
  }
}

/** Raw blocks to positions: //line adjustment, cover's dedup, canonical order. */
function toPositions(table: PositionTable, raw: RawBlock[]): SourceBlock[] {
  const seen = new Set<string>();
  const out: SourceBlock[] = [];
  for (const b of raw) {
    const s = table.adjusted(b.start);
    const e = table.adjusted(b.end);
    // cover's dedup: a repeated (start, end) pair (possible only under //line) gets its end column bumped.
    let endCol = e.col;
    const key = `${s.file}\0${s.line}.${s.col}\0${e.file}\0${e.line}.`;
    while (seen.has(key + endCol)) endCol++;
    seen.add(key + endCol);
    const block: SourceBlock = { startLine: s.line, startCol: s.col, endLine: e.line, endCol, numStmt: b.numStmt };
    const file = table.adjusted(b.owner).file;
    if (file !== undefined) block.file = file;
    out.push(block);
  }
  return out.sort(
    (a, b) =>
      a.startLine - b.startLine || a.startCol - b.startCol || a.endLine - b.endLine || a.endCol - b.endCol || a.numStmt - b.numStmt,
  );
}
