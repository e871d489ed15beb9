// The unified-diff parser and the GitHub workflow-command escaping, on diffs
// as git writes them (quoted names, renames, deletes, binary, new files, CRLF).

import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../src/patch/github.js';
import { parseUnifiedDiff, unquoteGitName } from '../src/patch/unidiff.js';

describe('parseUnifiedDiff', () => {
  it('takes the new path of renames, skips nothing silently, and reads hunks with and without counts', () => {
    const diff = [
      'diff --git a/p/util.go b/p/helpers.go',
      'similarity index 70%',
      'rename from p/util.go',
      'rename to p/helpers.go',
      'index 1111111..2222222 100644',
      '--- a/p/util.go',
      '+++ b/p/helpers.go',
      '@@ -2,0 +3,5 @@ package p',
      '+// Half halves p.',
      '+func Half(p int) int {',
      '+\treturn p / 2',
      '+}',
      '+',
      '@@ -9 +14 @@ func Clamp(p, max int) int {',
      '-\t\treturn max',
      '+\t\treturn max - 1',
      'diff --git a/p/old.go b/p/old.go',
      'deleted file mode 100644',
      'index 3333333..0000000',
      '--- a/p/old.go',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-package p',
      '--- looks like a header but is a removed line',
      'diff --git a/img.png b/img.png',
      'new file mode 100644',
      'index 0000000..4444444',
      'Binary files /dev/null and b/img.png differ',
      'diff --git a/p/only-renamed.go b/q/only-renamed.go',
      'similarity index 100%',
      'rename from p/only-renamed.go',
      'rename to q/only-renamed.go',
      'diff --git a/n.go b/n.go',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/n.go',
      '@@ -0,0 +1,2 @@',
      '+package n',
      '+',
      '',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual([
      { path: 'p/helpers.go', oldPath: 'p/util.go', binary: false, added: [3, 4, 5, 6, 7, 14] },
      { path: null, oldPath: 'p/old.go', binary: false, added: [] },
      { path: 'img.png', oldPath: null, binary: true, added: [] },
      { path: 'q/only-renamed.go', oldPath: 'p/only-renamed.go', binary: false, added: [] },
      { path: 'n.go', oldPath: null, binary: false, added: [1, 2] },
    ]);
  });

  it('decodes quoted names (spaces, non-ASCII as octal UTF-8 bytes, escapes) and strips the trailing tab', () => {
    expect(unquoteGitName('"price/prix sp\\303\\251cial.go"')).toBe('price/prix spécial.go');
    expect(unquoteGitName('"a\\tb\\"c\\\\d.go"')).toBe('a\tb"c\\d.go');
    const diff = [
      'diff --git "a/price/prix sp\\303\\251cial.go" "b/price/prix sp\\303\\251cial.go"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/price/prix sp\\303\\251cial.go"',
      '@@ -0,0 +1 @@',
      '+package price',
      'diff --git a/with space.go b/with space.go',
      '--- a/with space.go\t',
      '+++ b/with space.go\t',
      '@@ -1 +1 @@',
      '-package a',
      '+package b',
    ].join('\n');
    expect(parseUnifiedDiff(diff).map((f) => [f.path, f.added])).toEqual([
      ['price/prix spécial.go', [1]],
      ['with space.go', [1]],
    ]);
  });

  it('reads CRLF diffs, "no newline" markers, mnemonic and missing prefixes, and plain diff -u with timestamps', () => {
    const crlf = 'diff --git a/c.go b/c.go\r\n--- a/c.go\r\n+++ b/c.go\r\n@@ -1,2 +1,3 @@\r\n package c\r\n+\r\n-x\r\n\\ No newline at end of file\r\n+x\r\n\\ No newline at end of file\r\n';
    expect(parseUnifiedDiff(crlf)).toEqual([{ path: 'c.go', oldPath: 'c.go', binary: false, added: [2, 3] }]);
    const mnemonic = 'diff --git i/a.go w/a.go\n--- i/a.go\n+++ w/a.go\n@@ -1 +1 @@\n-a\n+b\n';
    expect(parseUnifiedDiff(mnemonic)[0].path).toBe('a.go');
    const noPrefix = 'diff --git a/x.go a/x.go\n--- a/x.go\n+++ a/x.go\n@@ -1 +1 @@\n-a\n+b\n';
    expect(parseUnifiedDiff(noPrefix)[0].path).toBe('a/x.go');
    const plain = '--- old/f.go\t2024-01-01 00:00:00\n+++ new/f.go\t2024-01-02 00:00:00\n@@ -3,0 +4,2 @@\n+a\n+b\n--- g.go\n+++ g.go\n@@ -1 +1 @@\n-a\n+b\n';
    expect(parseUnifiedDiff(plain).map((f) => [f.path, f.added])).toEqual([
      ['new/f.go', [4, 5]],
      ['g.go', [1]],
    ]);
  });

  it('names the line of a bad hunk header', () => {
    expect(() => parseUnifiedDiff('--- a/x\n+++ b/x\n@@ -1 +x @@\n', 'my.diff')).toThrow('my.diff:3: bad hunk header "@@ -1 +x @@"');
  });
});

describe('workflow command escaping', () => {
  it('escapes %, CR, LF in data, and also : and , in properties', () => {
    expect(escapeData('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext: a, b');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });
});
