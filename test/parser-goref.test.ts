// Parity with Go's own parser: every fixture, parsed by golang.org/x/tools/cover
// (test/go/coverref) and printed as gopherage prints profiles, must equal our
// canonical output byte for byte; so must `gopherage merge` of coherent
// count/atomic inputs vs gopherage's merge algorithm. In set mode we OR where
// gopherage sums: there the expected output is Go's with counts capped at 1.

import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProfileBytes } from '../src/profile/parser.js';
import { formatProfile } from '../src/profile/writer.js';
import { buildCoverref, goOrSkip, ROOT, run, runCli, TESTDATA, tempDir, GO_TEST_CACHE } from './helpers.js';
import { fixtureFiles } from './parser-fixtures.js';

let coverref: string | null = null;
const go = goOrSkip('1.23');

beforeAll(() => {
  if (!go) return;
  coverref = buildCoverref(go);
});

/** Go's canonical text of one profile, or gopherage's merge of several. */
function goRef(...files: string[]): string {
  return run(coverref as string, files);
}

/** Set counts capped at 1: gopherage sums set-mode counts, we OR them. */
function capSet(text: string): string {
  return text.replace(/ (\d+)$/gm, (_, n: string) => ` ${Number(n) > 0 ? 1 : 0}`);
}

const T = (...rel: string[]): string[] => rel.map((r) => join(TESTDATA, r));

describe.skipIf(!go)('parse: byte-identical to golang.org/x/tools/cover', () => {
  for (const file of fixtureFiles()) {
    it(relative(TESTDATA, file), () => {
      const ours = formatProfile(parseProfileBytes(new Uint8Array(readFileSync(file)), file));
      const want = goRef(file);
      expect(want.startsWith('mode: ')).toBe(true);
      expect(ours).toBe(want);
    });
  }

  it('synthetic names: Windows paths, spaces, colons, unicode (Go sorts bytewise too)', () => {
    const text = [
      'mode: count',
      'u/😀.go:1.1,1.2 1 1',
      'C:\\x y\\a:b.go:3.4,5.6 7 8',
      'u/ｆ.go:1.1,1.2 1 2',
      'C:/x/a.go:9.1,9.9 1 0',
      'u/ｆ.go:1.1,1.2 1 3',
      'u/é.go:2.1,2.9 2 4',
      'u/é.go:1.1,1.9 1 4',
      '',
    ].join('\n');
    const f = join(tempDir(), 'names.cov');
    writeFileSync(f, text);
    const want = goRef(f);
    expect(want).toBe(
      'mode: count\nC:/x/a.go:9.1,9.9 1 0\nC:\\x y\\a:b.go:3.4,5.6 7 8\nu/é.go:1.1,1.9 1 4\nu/é.go:2.1,2.9 2 4\nu/ｆ.go:1.1,1.2 1 5\nu/😀.go:1.1,1.2 1 1\n',
    );
    expect(formatProfile(parseProfileBytes(readFileSync(f)))).toBe(want);
  });
});

describe.skipIf(!go)('merge: byte-identical to gopherage for count/atomic inputs', () => {
  const groups: [string, string[]][] = [
    ['coverpkg (4 test packages, same blocks)', T('coverpkg/strings.cov', 'coverpkg/utf8.cov', 'coverpkg/csv.cov', 'coverpkg/tabwriter.cov')],
    ['example', T('example/list-basic.cov', 'example/list-extending.cov', 'example/list-move.cov')],
    ['all std count profiles (disjoint files)', T(...['csv', 'list', 'path', 'sort', 'tabwriter', 'utf8'].map((p) => `std/count/${p}.cov`))],
    ['all std atomic profiles', T(...['csv', 'list', 'path', 'sort', 'tabwriter', 'utf8'].map((p) => `std/atomic/${p}.cov`))],
    ['multi-package output with the single-package ones', T('multi/multi.cov', 'std/count/list.cov', 'std/count/path.cov')],
    ['before and after sides', T('beforeafter/before/list.cov', 'beforeafter/before/path.cov', 'beforeafter/after/list.cov', 'beforeafter/after/path.cov')],
  ];
  for (const [name, files] of groups) {
    it(name, async () => {
      const r = await runCli(['merge', ...files]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(goRef(...files));
    });
  }

  it('set mode: ours ORs where gopherage sums (a deliberate difference)', async () => {
    const files = T('coverpkg/set/strings.cov', 'coverpkg/set/utf8.cov', 'coverpkg/set/csv.cov', 'coverpkg/set/tabwriter.cov');
    const r = await runCli(['merge', ...files]);
    expect(r.code).toBe(0);
    const gopherage = goRef(...files);
    expect(gopherage).toMatch(/ [2-4]$/m); // gopherage really does produce counts > 1 in set mode
    expect(r.stdout).not.toMatch(/ [2-9]$/m);
    expect(r.stdout).toBe(capSet(gopherage));
  });
});

describe.skipIf(!go)('fixtures are what Go 1.23 writes', () => {
  // Re-run two of testdata/generate.sh's commands and compare bytes: the
  // committed profiles are real `go test -coverprofile` output, not edited.
  const work = tempDir('gopherage-regen-');
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', GOPROXY: 'off', GOSUMDB: 'off', GOCACHE: GO_TEST_CACHE, GOPATH: join(work, 'gopath'), GO111MODULE: 'on', CGO_ENABLED: '0' };

  it('example/list-basic.cov (std container/list, -run ^TestList$)', () => {
    const out = join(work, 'list-basic.cov');
    run(go as string, ['test', '-short', '-count=1', '-covermode=count', '-run', '^TestList$', `-coverprofile=${out}`, 'container/list'], { cwd: work, env });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(TESTDATA, 'example/list-basic.cov'), 'utf8'));
  });

  it('incoherent/v1.cov (testdata/gosrc/tiny-v1 module)', () => {
    const out = join(work, 'v1.cov');
    run(go as string, ['test', '-count=1', '-covermode=count', `-coverprofile=${out}`, '.'], { cwd: join(TESTDATA, 'gosrc/tiny-v1'), env });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(TESTDATA, 'incoherent/v1.cov'), 'utf8'));
  });
});
