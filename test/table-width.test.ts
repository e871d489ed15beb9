// `table` on a terminal fits the terminal width: long paths (and a long
// --prefix heading) are cut in the middle with …, wide characters are never
// split and columns stay aligned; piped or written to a file, nothing is cut.
// The CLI case runs on a real pseudo-terminal (`script` from util-linux) of 40
// columns.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProfileFile } from '../src/input/index.js';
import { displayWidth, formatTableText, truncateMiddle } from '../src/report/table/index.js';
import { tableRows } from '../src/summary/rows.js';
import { buildTree } from '../src/summary/tree.js';
import { BIN, runCli, TESTDATA } from './helpers.js';

const FIX = join(TESTDATA, 'golden', 'table', 'fixtures');
const INPUTS = ['master.cov', '1.12.cov', '1.11.cov'].map((f) => join(FIX, f));

describe('truncateMiddle', () => {
  it('keeps both ends, fits the width, never splits a wide character', () => {
    expect(truncateMiddle('k8s.io/kubernetes/pkg/kubelet/kubelet.go', 20)).toBe('k8s.io/ku…kubelet.go');
    expect(displayWidth(truncateMiddle('k8s.io/kubernetes/pkg/kubelet/kubelet.go', 20))).toBe(20);
    expect(truncateMiddle('short.go', 20)).toBe('short.go');
    const wide = '界界界界界界界界界界.go'; // 23 cells
    for (let w = 2; w < 23; w++) {
      const t = truncateMiddle(wide, w);
      expect(displayWidth(t), `width ${w}`).toBeLessThanOrEqual(w);
      expect(displayWidth(t), `width ${w}`).toBeGreaterThanOrEqual(w - 1); // at most the one cell a wide character could not use
      expect(t).toMatch(/^界*…(界*\.go|go|o|)$/);
    }
  });
});

describe('formatTableText with a width', () => {
  it('cuts paths in the middle so every line fits, columns aligned', async () => {
    const model = tableRows(buildTree(await Promise.all(INPUTS.map((p) => readProfileFile(p)))), { prefix: 'example.com/shop/wide', depth: 3 });
    const full = formatTableText({ columns: ['a', 'b', 'c'].map((name) => ({ name })), model });
    const fullWidth = Math.max(...full.trimEnd().split('\n').map(displayWidth));
    const width = fullWidth - 10;
    const text = formatTableText({ columns: ['a', 'b', 'c'].map((name) => ({ name })), model }, { width });
    const lines = text.trimEnd().split('\n');
    expect(new Set(lines.map(displayWidth))).toEqual(new Set([width]));
    expect(lines.some((l) => l.includes('…'))).toBe(true);
    // the number columns are the same as without the width
    const tail = (t: string): string[] => t.trimEnd().split('\n').map((l) => l.slice(-24));
    expect(tail(text)).toEqual(tail(full));
    // wide enough: unchanged
    expect(formatTableText({ columns: ['a', 'b', 'c'].map((name) => ({ name })), model }, { width: fullWidth })).toBe(full);
  });
});

describe('table CLI on a terminal', () => {
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript && !process.env.CI)('fits 40 columns on a TTY, cuts nothing when piped', async () => {
    const prefix = 'example.com/shop/wide/';
    const args = ['table', ...INPUTS, '--prefix', prefix, '--depth', '3'];
    const quote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;
    const cmd = `stty cols 40 rows 40; NO_COLOR=1 ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
    const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8' });
    expect(tty.status, tty.stdout).toBe(0);
    const lines = tty.stdout.replace(/\r/g, '').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(40);
    expect(lines.some((l) => l.includes('…'))).toBe(true);
    const piped = await runCli(args);
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toContain('…');
    expect(Math.max(...piped.stdout.trimEnd().split('\n').map(displayWidth))).toBeGreaterThan(40);
  });
});
