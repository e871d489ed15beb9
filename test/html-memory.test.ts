// Memory of `html` on profiles of very many files (issue 12 item 8). Without
// a source view the page needs only per-file totals, so the CLI drops the
// profiles (and the source locator) before the page's nodes are built, and
// builds them straight from the totals (no summary tree first); the model
// built that way (buildHtmlTreeModel) must be the one buildHtmlModel gives.
// The CLI check runs a 200,000-file profile under a fixed V8 heap limit: the
// build before the direct node build and the lean locator needed between 130
// and 140 MB of heap there ("heap limit" at 130), this one passes at 100; the
// test gives it 120. The locator check measures, deterministically (a child
// process with --expose-gc), what a locator keeps for names no root applies
// to: it kept a promise and a Location per name (about 130 bytes), now nothing.

import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExclusionReport } from '../src/ops/exclude.js';
import { fileFromBlocks, type Profile } from '../src/profile/model.js';
import { parseProfileString } from '../src/profile/parser.js';
import { buildHtmlModel, buildHtmlTreeModel, htmlColumnTotals } from '../src/report/html/model.js';
import { BIN, ROOT, TESTDATA, tempDir } from './helpers.js';

const FILES = 200_000;
const HEAP_MB = 120;

describe('html of a 200,000-file profile', () => {
  it(`writes the page within a ${HEAP_MB} MB heap`, async () => {
    const dir = tempDir('gopherage-html-memory-');
    const lines = ['mode: set'];
    for (let i = 0; i < FILES; i++) lines.push(`d${i}/f.go:1.1,2.2 1 ${i % 4 === 0 ? 0 : 1}`);
    const cov = join(dir, 'files.cov');
    writeFileSync(cov, `${lines.join('\n')}\n`);
    const out = join(dir, 'out.html');
    // cwd: an empty directory (no module to discover sources in: no source view).
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [`--max-old-space-size=${HEAP_MB}`, BIN, 'html', cov, '-o', out], { cwd: dir, maxBuffer: 1 << 24 }, (err, _stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stderr }),
      );
    });
    expect(result.stderr).not.toMatch(/heap limit|out of memory/i);
    expect(result.code).toBe(0);
    const page = readFileSync(out, 'utf8');
    const covered = FILES - FILES / 4;
    // The root's totals, then the last directory of the tree (d99999 sorts after d199999).
    expect(page).toContain(`"root":{"n":"","t":[[${covered},${FILES}]],"d":[{"n":"d0","t":[[0,1]],"d":[{"n":"f.go","t":[[0,1]]}]}`);
    expect(page).toContain(`{"n":"d99999","t":[[1,1]],"d":[{"n":"f.go","t":[[1,1]]}]}]}`);
    expect(page.match(/"n":"f\.go"/g)).toHaveLength(FILES);
  }, 600_000);
});

/** Child script: heap bytes per name a live locator holds after locating 200,000 names no root applies to. */
const LOCATE = `
const { createSourceLocator } = await import(${JSON.stringify(join(ROOT, 'dist', 'source', 'locator.js'))});
const N = 200000;
const names = Array.from({ length: N }, (_, i) => 'd' + i + '/f.go');
const locator = await createSourceLocator({ cwd: process.cwd(), env: {}, goroot: null });
gc();
const before = process.memoryUsage().heapUsed;
let missing = 0;
let next = 0;
await Promise.all(Array.from({ length: 32 }, async () => {
  while (next < N) if (!(await locator.locate(names[next++])).found) missing++;
}));
gc();
const perName = (process.memoryUsage().heapUsed - before) / N;
const again = await locator.locate('d7/f.go');
process.stdout.write(JSON.stringify({ perName, missing, again, modules: locator.modules.length }));
`;

describe('the source locator on a million-file profile', () => {
  it('keeps nothing for names no root applies to (they are cheap to answer again)', () => {
    // cwd: an empty directory, not in a repository: no module, no GOROOT, so no root applies to any name.
    const dir = tempDir('gopherage-locate-memory-');
    const script = join(dir, 'locate.mjs');
    writeFileSync(script, LOCATE);
    const out = JSON.parse(execFileSync(process.execPath, ['--expose-gc', script], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 20 }));
    expect(out.modules).toBe(0);
    expect(out.missing).toBe(200_000);
    expect(out.again).toEqual({ found: false, name: 'd7/f.go', reason: 'no module owns the prefix (no go.mod or go.work found)' });
    // Before: a cached promise and Location per name, about 130 bytes.
    expect(out.perName).toBeLessThan(20);
  }, 120_000);
});

describe('buildHtmlTreeModel', () => {
  const load = (name: string): Profile => parseProfileString(readFileSync(join(TESTDATA, 'coverpkg', `${name}.cov`), 'utf8'), name);

  it('is buildHtmlModel without a source finder, untested files and exclusions included', async () => {
    const a = load('strings');
    const untested = { ...fileFromBlocks('extra/new.go', [{ startLine: 3, startCol: 1, endLine: 4, endCol: 2, numStmt: 2, count: 0 }]), notInProfile: true };
    const b: Profile = { mode: 'count', files: [...load('csv').files, untested] };
    const ran = a.files[0].name;
    const exclusions: ExclusionReport = {
      statements: 3,
      generated: { files: 0, statements: 0 },
      ignored: { files: 1, regions: 1, statements: 3 },
      files: [],
      regions: [{ file: ran, reason: 'coverage-ignore', line: 7, detail: 'why', startLine: 8, startCol: 1, endLine: 9, endCol: 2, blocks: 1, statements: 3, covered: 3, executed: true }],
      unused: [],
      unexplained: [],
      missing: [],
    };
    const opts = { names: ['a', 'b'], title: 'T', date: '2026-01-01 00:00 UTC', exclusions: [exclusions, null] };
    const expected = await buildHtmlModel([a, b], opts);
    const model = buildHtmlTreeModel([a, b].map(htmlColumnTotals), opts);
    expect(model).toEqual(expected);
    // What the comparison covers: an untested file, a flagged file and the exclusion summary.
    expect(JSON.stringify(model)).toContain('"n":"new.go","t":[null,[0,2]],"u":1');
    expect(JSON.stringify(model)).toContain('"x":1');
    expect(model.exclusions?.[0]?.ran).toHaveLength(1);
  });
});
