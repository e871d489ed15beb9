// The source view's highlighting against the real `go tool cover -html`
// (Go 1.23) on real profiles of Go's standard library: for every file, every
// character must get the same span class (cov0..cov10, or none) and the same
// hit count title as in Go's page. Also: stale sources are detected.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileFromBlocks } from '../src/profile/model.js';
import { parseProfileString } from '../src/profile/parser.js';
import { annotateSource, heatLevel, splitSource } from '../src/report/html/sourceView.js';
import { goSrcOrSkip, GOSRC } from './html-browser.js';
import { goOrSkip, run, tempDir, TESTDATA, GO_TEST_CACHE } from './helpers.js';

const GOROOT_SRC = GOSRC;

/** Per line of Go's page: one marker per character ("level:count", or "-" outside spans); tabs are 8 spaces there. */
function goLines(html: string): Map<string, string[][]> {
  const names = new Map<string, string>();
  for (const m of html.matchAll(/<option value="(file\d+)">(.*?) \(/g)) names.set(m[1], m[2]);
  const out = new Map<string, string[][]>();
  for (const m of html.matchAll(/<pre class="file" id="(file\d+)" style="display: none">([\s\S]*?)<\/pre>/g)) {
    const lines: string[][] = [[]];
    const stack: string[] = [];
    for (const t of m[2].matchAll(/<span class="cov(\d+)" title="(\d+)">|<\/span>|&(gt|lt|amp);|([^<&])/g)) {
      if (t[1] !== undefined) stack.push(`${t[1]}:${t[2]}`);
      else if (t[0] === '</span>') stack.pop();
      else {
        const ch = t[3] !== undefined ? '>' : t[4];
        if (ch === '\n') lines.push([]);
        else if (ch !== '\r') lines[lines.length - 1].push(stack.length ? stack[stack.length - 1] : '-');
      }
    }
    if (lines.length > 0 && lines[lines.length - 1].length === 0) lines.pop();
    out.set(names.get(m[1]) ?? m[1], lines);
  }
  return out;
}

/** The same markers from our annotation (tabs expanded to 8 markers, as Go writes 8 spaces). */
function ourLines(text: string[], segs: number[][]): string[][] {
  return text.map((line, i) => {
    const marks: string[] = [];
    const row = segs[i];
    let k = 0;
    for (let c = 0; c < line.length; c++) {
      while (k < row.length && row[k + 1] <= c) k += 4;
      const m = k < row.length && row[k] <= c ? `${row[k + 2]}:${row[k + 3]}` : '-';
      const width = line[c] === '\t' ? 8 : 1; // UTF-16 units on both sides
      for (let w = 0; w < width; w++) marks.push(m);
    }
    return marks;
  });
}

describe('source highlighting matches go tool cover -html', () => {
  const go = goOrSkip('1.23');
  const ready = go !== null && goSrcOrSkip();
  const cases = ['count/sort.cov', 'count/list.cov', 'count/utf8.cov', 'set/path.cov', 'set/csv.cov', 'atomic/sort.cov', 'atomic/list.cov'];
  it.skipIf(!ready).each(cases)('%s', (fixture) => {
    const profilePath = join(TESTDATA, 'std', fixture);
    const dir = tempDir('gopherage-cover-html-');
    const out = join(dir, 'cover.html');
    run(go!, ['tool', 'cover', `-html=${profilePath}`, '-o', out], {
      cwd: dir,
      env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', GOPROXY: 'off', GOCACHE: GO_TEST_CACHE, GOPATH: join(dir, 'gopath'), GO111MODULE: 'on' },
    });
    const theirs = goLines(readFileSync(out, 'utf8'));
    const profile = parseProfileString(readFileSync(profilePath, 'utf8'));
    expect(theirs.size).toBe(profile.files.length);
    let covered = 0;
    for (const file of profile.files) {
      const src = readFileSync(join(GOROOT_SRC, file.name));
      const lines = splitSource(src);
      const ann = annotateSource(file, src, lines);
      expect(ann.misplaced).toBe(0);
      const ours = ourLines(lines.lines, ann.segs);
      const want = theirs.get(file.name);
      expect(want, file.name).toBeDefined();
      expect(ours.length).toBe(want!.length);
      for (let i = 0; i < ours.length; i++) expect(ours[i].join(' '), `${file.name}:${i + 1}`).toBe(want![i].join(' '));
      covered += ann.hits.filter((h) => h !== null && h > 0).length;
    }
    expect(covered).toBeGreaterThan(0);
  });
});

describe('heat levels', () => {
  it('follow log(count)/log(max), 8 when the max is 1, 0 for uncovered', () => {
    expect(heatLevel(0, 100)).toBe(0);
    expect(heatLevel(1, 1)).toBe(8);
    expect(heatLevel(1, 100)).toBe(1);
    expect(heatLevel(10, 100)).toBe(5); // log 10 / log 100 = 0.5 -> floor(4.5)+1
    expect(heatLevel(100, 100)).toBe(10);
  });
});

describe('annotateSource', () => {
  const src = Buffer.from('package p\n\nfunc f(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t}\n\treturn 0\n}\n');
  // Blocks as cmd/cover writes them for the code above.
  const file = fileFromBlocks('p/p.go', [
    { startLine: 3, startCol: 19, endLine: 4, endCol: 11, numStmt: 1, count: 5 },
    { startLine: 4, startCol: 11, endLine: 6, endCol: 3, numStmt: 1, count: 0 },
    { startLine: 7, startCol: 2, endLine: 7, endCol: 10, numStmt: 1, count: 5 },
  ]);

  it('marks hit, missed and untracked lines with the max visible count', () => {
    const a = annotateSource(file, src);
    expect(a.hits).toEqual([null, null, 5, 5, 0, 0, 5, null]);
    expect(a.partial).toEqual([3]); // `if x > 0 {` runs, its `{` block does not
    expect(a.misplaced).toBe(0);
    expect(a.segs[4]).toEqual([0, 10, 0, 0]); // "\t\treturn 1" entirely in the uncovered block
  });

  it('reports blocks that do not fit the source (stale checkout)', () => {
    const shorter = Buffer.from('package p\n\nfunc f() {}\n');
    const a = annotateSource(file, shorter);
    expect(a.misplaced).toBeGreaterThan(0);
  });

  it('maps byte columns to UTF-16 positions on non-ASCII lines', () => {
    const text = Buffer.from('package p\n\nvar s = "é😀"; func g() { h() }\n');
    const col = Buffer.from('var s = "é😀"; func g() {').length + 1; // byte column after the brace
    const f = fileFromBlocks('p/p.go', [{ startLine: 3, startCol: col, endLine: 3, endCol: col + 6, numStmt: 1, count: 2 }]);
    const a = annotateSource(f, text);
    const line = splitSource(text).lines[2];
    const [s, e] = a.segs[2];
    expect(line.slice(s, e)).toBe(' h() }');
  });
});
