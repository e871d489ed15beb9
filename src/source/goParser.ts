// The Go parser: tree-sitter's Go grammar compiled to WebAssembly, as shipped
// by @vscode/tree-sitter-wasm (runtime and grammar built together, no install
// script, nothing fetched at run time). Loaded lazily, once per process.
//
// Positions: tree-sitter reports rows 0-based and columns in UTF-16 code units
// of the JS string; Go (cmd/cover, go/token) counts lines 1-based and columns
// in UTF-8 bytes, 1-based. `goPosition` converts.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Language, Node, Parser, Point, Tree } from '@vscode/tree-sitter-wasm';

export type { Node as GoNode, Tree as GoTree, Point as GoPoint };

const require = createRequire(import.meta.url);

let loading: Promise<Parser> | undefined;

/** The shared Go parser (tree-sitter), initialised on first use. */
export function goParser(): Promise<Parser> {
  loading ??= (async () => {
    const ts = require('@vscode/tree-sitter-wasm') as typeof import('@vscode/tree-sitter-wasm');
    await ts.Parser.init();
    const wasm = readFileSync(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-go.wasm'));
    const language: Language = await ts.Language.load(wasm);
    const parser = new ts.Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return loading;
}

/** Parse Go source text into a syntax tree (never throws on syntax errors: see `tree.rootNode.hasError`). */
export async function parseGo(text: string): Promise<Tree> {
  const parser = await goParser();
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** A Go source position: 1-based line, 1-based column in UTF-8 bytes (as go/token prints). */
export interface GoPosition {
  line: number;
  col: number;
}

/**
 * Converts tree-sitter points of one source text to Go positions.
 * Build one per file and reuse it: it indexes line starts once.
 */
export class GoPositions {
  private readonly lineStarts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** The Go position of a tree-sitter point (row 0-based, column in UTF-16 units). */
  at(p: Point): GoPosition {
    const start = this.lineStarts[p.row] ?? this.text.length;
    const prefix = this.text.slice(start, start + p.column);
    return { line: p.row + 1, col: Buffer.byteLength(prefix, 'utf8') + 1 };
  }
}
