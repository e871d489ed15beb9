import { describe, expect, it } from 'vitest';
import { GoPositions, parseGo } from '../src/source/goParser.js';

describe('Go parser (tree-sitter)', () => {
  it('parses Go and converts positions to Go byte columns', async () => {
    const src = 'package p\nvar s = "ééé"; func f() {}\n';
    const tree = await parseGo(src);
    const fn = tree.rootNode.children.find((c) => c.type === 'function_declaration');
    expect(fn?.childForFieldName('name')?.text).toBe('f');
    // "var s = "ééé"; " is 15 UTF-16 units but 18 bytes: Go's column is 19.
    expect(new GoPositions(src).at(fn!.startPosition)).toEqual({ line: 2, col: 19 });
    expect(tree.rootNode.hasError).toBe(false);
  });
});
