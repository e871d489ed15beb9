// Percentages against real Go: table cells must print what Go prints for the
// same statements. (1) `go tool cover -func`'s "total:" line equals our table's
// Total cell on every real fixture; (2) a tiny Go program prints
// 100*covered/statements with %.1f for a grid of counts (exact ties such as
// 23/80 = 28.75% included) and percentText must agree on every one.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProfileFile } from '../src/input/index.js';
import { tableRows } from '../src/summary/rows.js';
import { percentText } from '../src/summary/totals.js';
import { buildTree } from '../src/summary/tree.js';
import { goOrSkip, ROOT, run, tempDir, TESTDATA, GO_TEST_CACHE } from './helpers.js';

const goEnv = (dir: string): NodeJS.ProcessEnv => ({
  ...process.env,
  GOTOOLCHAIN: 'local',
  GOFLAGS: '',
  GOPROXY: 'off',
  GOCACHE: GO_TEST_CACHE,
  GOPATH: join(dir, 'gopath'),
  CGO_ENABLED: '0',
});

describe('percentages agree with Go', () => {
  it('table Total equals `go tool cover -func` total on real fixtures', { timeout: 300_000 }, async () => {
    const go = goOrSkip('1.23');
    if (!go) return;
    const env = goEnv(tempDir());
    const cases = [
      ...['strings', 'utf8', 'csv', 'tabwriter'].map((p) => ({ file: join(TESTDATA, 'coverpkg', `${p}.cov`), cwd: ROOT })),
      ...['master', '1.12', '1.11'].map((b) => ({
        file: join(TESTDATA, 'golden', 'table', 'fixtures', `${b}.cov`),
        cwd: join(TESTDATA, 'golden', 'table', 'fixtures', 'shop'), // cover -func reads the module's sources
      })),
    ];
    for (const c of cases) {
      const out = run(go, ['tool', 'cover', `-func=${c.file}`], { cwd: c.cwd, env });
      const goTotal = /^total:\s+\(statements\)\s+(\S+)$/m.exec(out)?.[1];
      expect(goTotal, out).toMatch(/%$/);
      const model = tableRows(buildTree([await readProfileFile(c.file)]), { prefix: '' });
      expect(model.total.cells[0]?.percent, c.file).toBe(goTotal);
    }
  });

  it('percentText prints %.1f of 100*covered/statements exactly as Go', { timeout: 300_000 }, () => {
    const go = goOrSkip('1.23');
    if (!go) return;
    const dir = tempDir();
    const src = join(dir, 'pct.go');
    const MAX = 400;
    writeFileSync(
      src,
      `package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for t := int64(1); t <= ${MAX}; t++ {
		for c := int64(0); c <= t; c++ {
			fmt.Fprintf(w, "%d %d %.1f%%\\n", c, t, 100*float64(c)/float64(t))
		}
	}
}
`,
    );
    const out = run(go, ['run', src], { cwd: dir, env: goEnv(dir) });
    const lines = out.trimEnd().split('\n');
    expect(lines.length).toBe((MAX * (MAX + 3)) / 2);
    const wrong: string[] = [];
    for (const line of lines) {
      const [c, t, want] = line.split(' ');
      const got = percentText({ covered: Number(c), statements: Number(t) });
      if (got !== want) wrong.push(`${c}/${t}: go ${want}, ours ${got}`);
    }
    expect(wrong).toEqual([]);
    expect(lines).toContain('23 80 28.8%'); // an exact tie (28.75): half to even, as Go rounds
  });
});
