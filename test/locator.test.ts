// The source locator on a real workspace made here: go.work with two modules,
// a replace to a local directory, a vendor/ copy of a module whose original
// is gone, and a real profile from `go test -coverpkg` over it.

import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseGoModDirectives, parseVendorModules } from '../src/source/goModFiles.js';
import { createSourceLocator } from '../src/source/locator.js';
import { goOrSkip, run, tempDir, GO_TEST_CACHE } from './helpers.js';

const go = goOrSkip('1.23');

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

/** The workspace: ws/{go.work,a,b,lib,vendor}, dep's original outside ws (deleted after vendoring), a secret outside. */
function makeWorkspace(): { top: string; ws: string; secret: string } {
  const top = tempDir('gopherage-locator-');
  const ws = join(top, 'ws');
  write(join(ws, 'go.work'), 'go 1.23\n\nuse (\n\t./a\n\t./b // the second module\n)\n');
  write(join(ws, 'a/go.mod'), [
    'module example.com/a', '', 'go 1.23', '',
    'require (', '\texample.com/dep v0.0.0', '\texample.com/lib v0.0.0', ')', '',
    'replace example.com/lib => ../lib', '', 'replace "example.com/dep" v0.0.0 => ../../depsrc', '',
  ].join('\n'));
  write(join(ws, 'a/a.go'), 'package a\n\nimport (\n\t"example.com/dep"\n\t"example.com/lib"\n)\n\nfunc A(x int) int {\n\tif x > 0 {\n\t\treturn lib.L(x) + dep.D()\n\t}\n\treturn 0\n}\n');
  write(join(ws, 'a/a_test.go'), 'package a\n\nimport "testing"\n\nfunc TestA(t *testing.T) { A(1) }\n');
  write(join(ws, 'a/sub/s.go'), 'package sub\n\nfunc S() int { return 1 }\n');
  write(join(ws, 'b/go.mod'), 'module example.com/b\n\ngo 1.23\n');
  write(join(ws, 'b/b.go'), 'package b\n\nfunc B() int { return 2 }\n');
  write(join(ws, 'b/b_test.go'), 'package b\n\nimport "testing"\n\nfunc TestB(t *testing.T) { B() }\n');
  write(join(ws, 'lib/go.mod'), 'module example.com/lib\n\ngo 1.23\n');
  write(join(ws, 'lib/l.go'), 'package lib\n\nfunc L(x int) int {\n\treturn x * 2\n}\n');
  write(join(top, 'depsrc/go.mod'), 'module example.com/dep\n\ngo 1.23\n');
  write(join(top, 'depsrc/d.go'), 'package dep\n\nfunc D() int { return 3 }\n');
  const secret = join(top, 'secret.go');
  write(secret, 'package secret // must never be read\n');
  run('git', ['init', '-q', ws]);
  return { top, ws, secret };
}

describe('go.mod / go.work / modules.txt parsing', () => {
  it('reads module, use entries (block and line) and local replaces only', () => {
    const d = parseGoModDirectives(
      'module "example.com/m" // c\nuse ./x\nuse (\n  ./y\n  "./z w"\n)\nreplace a.com/r => ./r\nreplace (\n  b.com/r v1.0.0 => /abs/r\n  c.com/r => c.com/other v1.2.3\n)\n',
    );
    expect(d.module).toBe('example.com/m');
    expect(d.use).toEqual(['./x', './y', './z w']);
    expect(d.replaces).toEqual([
      { module: 'a.com/r', dir: './r' },
      { module: 'b.com/r', dir: '/abs/r' },
    ]);
    expect(parseVendorModules('# a.com/x v1.0.0\n## explicit; go 1.20\na.com/x/p\n# b.com/y v0.1.0 => ./y\n')).toEqual(['a.com/x', 'b.com/y']);
  });
});

describe.runIf(go)('source locator on a go.work workspace', () => {
  let ws: string;
  let secret: string;
  let profile: string;
  beforeAll(() => {
    ({ ws, secret } = makeWorkspace());
    const env = { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', GOPROXY: 'off', GOCACHE: GO_TEST_CACHE };
    run(go!, ['work', 'vendor'], { cwd: ws, env });
    rmSync(join(ws, '..', 'depsrc'), { recursive: true }); // only the vendor/ copy is left
    const cov = join(ws, '..', 'c.out');
    run(go!, ['test', '-coverprofile', cov, '-coverpkg=example.com/...', 'example.com/a/...', 'example.com/b/...'], { cwd: ws, env });
    profile = readFileSync(cov, 'utf8');
    // Symlinks made after the build (go would compile them): two escaping, one staying inside.
    symlinkSync(secret, join(ws, 'a/link.go'));
    symlinkSync(join(ws, '..'), join(ws, 'a/up'));
    symlinkSync(join(ws, 'a/a.go'), join(ws, 'a/inner.go'));
  }, 600_000);

  it('finds every file of a real -coverpkg profile with no flags', async () => {
    const names = [...new Set(profile.split('\n').slice(1).filter(Boolean).map((l) => l.slice(0, l.lastIndexOf(':'))))].sort();
    expect(names).toEqual(['example.com/a/a.go', 'example.com/a/sub/s.go', 'example.com/b/b.go', 'example.com/dep/d.go', 'example.com/lib/l.go']);
    for (const cwd of [ws, join(ws, 'b'), join(ws, 'a', 'sub')]) {
      const loc = await createSourceLocator({ cwd, goroot: null });
      expect(loc.repoRoot).toBe(run('git', ['rev-parse', '--show-toplevel'], { cwd: ws }).trim());
      const got = await Promise.all(names.map((n) => loc.locate(n)));
      expect(got.map((g) => (g.found ? [g.repoPath, g.module] : g.reason))).toEqual([
        ['a/a.go', 'example.com/a'],
        ['a/sub/s.go', 'example.com/a'],
        ['b/b.go', 'example.com/b'],
        ['vendor/example.com/dep/d.go', 'example.com/dep'],
        ['lib/l.go', 'example.com/lib'],
      ]);
      expect(Buffer.from((await loc.read('example.com/lib/l.go'))!).toString()).toContain('func L(');
    }
    const loc = await createSourceLocator({ cwd: ws, goroot: null });
    // dep's replace target is gone (only its vendor/ copy is left), so it is not a module on disk.
    expect(loc.modules.map((m) => m.path).sort()).toEqual(['example.com/a', 'example.com/b', 'example.com/lib']);
  });

  it('never resolves or reads escaping names', async () => {
    const loc = await createSourceLocator({ cwd: ws, goroot: null });
    const bad = [
      'example.com/a/../../secret.go',
      '../../etc/passwd',
      'example.com/a/../../../../../../etc/passwd',
      '/etc/passwd',
      secret,
      'example.com/a/link.go', // symlink to a file outside
      'example.com/a/up/secret.go', // through a symlinked directory
      'example.com/a/a.go\0',
    ];
    for (const name of bad) {
      const l = await loc.locate(name);
      expect(l.found, name).toBe(false);
      expect(await loc.read(name), name).toBeNull();
    }
    expect(await loc.locate('example.com/a/link.go')).toMatchObject({ reason: expect.stringMatching(/^outside the roots/) });
    expect(await loc.locate('example.com/a/../../secret.go')).toMatchObject({ reason: expect.stringMatching(/^outside the roots/) });
    expect(await loc.locate('example.com/zzz/x.go')).toMatchObject({ reason: expect.stringMatching(/^no module owns the prefix/) });
    expect(await loc.locate('example.com/a/nope.go')).toMatchObject({ reason: expect.stringMatching(/^file missing/) });
    // A symlink that stays inside the module is fine; so is an absolute name inside the repository.
    expect(await loc.locate('example.com/a/inner.go')).toMatchObject({ found: true, repoPath: 'a/a.go' });
    expect(await loc.locate(join(ws, 'b', 'b.go'))).toMatchObject({ found: true, repoPath: 'b/b.go' });
  });

  it('uses GOROOT/src for the standard library: detected from go on PATH, else $GOROOT, else none', async () => {
    const saved = { PATH: process.env.PATH, GOROOT: process.env.GOROOT };
    try {
      process.env.PATH = `${join(go!, '..')}:${saved.PATH ?? ''}`;
      delete process.env.GOROOT;
      const withGo = await createSourceLocator({ cwd: ws });
      expect(await withGo.locate('strings/strings.go')).toMatchObject({ found: true, module: 'std', path: expect.stringMatching(/\/src\/strings\/strings\.go$/) });
      process.env.PATH = '/nonexistent';
      expect((await (await createSourceLocator({ cwd: ws })).locate('strings/strings.go')).found).toBe(false);
      // $GOROOT is read from the environment handed in (the CLI passes process.env), never from process.env itself.
      process.env.GOROOT = join(go!, '..', '..');
      expect((await (await createSourceLocator({ cwd: ws })).locate('strings/strings.go')).found).toBe(false);
      expect((await (await createSourceLocator({ cwd: ws, env: { GOROOT: join(go!, '..', '..') } })).locate('strings/strings.go')).found).toBe(true);
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.GOROOT === undefined) delete process.env.GOROOT;
      else process.env.GOROOT = saved.GOROOT;
    }
    expect((await (await createSourceLocator({ cwd: ws, goroot: null })).locate('strings/strings.go')).found).toBe(false);
  });

  it('reads GOWORK from the environment handed in (a go.work elsewhere replaces the one found), never from process.env', async () => {
    const onlyA = join(tempDir(), 'only-a.work');
    writeFileSync(onlyA, `go 1.23\n\nuse ${join(ws, 'a')}\n`);
    const saved = process.env.GOWORK;
    try {
      process.env.GOWORK = onlyA;
      expect((await (await createSourceLocator({ cwd: ws, goroot: null })).locate('example.com/b/b.go')).found).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.GOWORK;
      else process.env.GOWORK = saved;
    }
    const loc = await createSourceLocator({ cwd: ws, goroot: null, env: { GOWORK: onlyA } });
    expect((await loc.locate('example.com/a/a.go')).found).toBe(true);
    expect((await loc.locate('example.com/b/b.go')).found).toBe(false);
  });

  it('honours --source-root/--trim-prefix (replacing discovery) and --source-map (before discovery)', async () => {
    const explicit = await createSourceLocator({ cwd: ws, sourceRoot: join(ws, 'a'), trimPrefix: ['example.com', 'example.com/a/'], goroot: null });
    expect(await explicit.locate('example.com/a/a.go')).toMatchObject({ found: true, repoPath: 'a/a.go' });
    expect((await explicit.locate('example.com/b/b.go')).found).toBe(false);
    expect((await explicit.locate('example.com/a/link.go')).found).toBe(false);
    const mapped = await createSourceLocator({ cwd: ws, sourceMap: [['example.com/b', join(ws, 'lib')]], goroot: null });
    expect(await mapped.locate('example.com/b/l.go')).toMatchObject({ found: true, repoPath: 'lib/l.go' });
    expect(await mapped.locate('example.com/b/b.go')).toMatchObject({ found: true, repoPath: 'b/b.go' }); // falls back to discovery
  });

  it('works outside a repository and without any go.mod (nothing found, reasons given)', async () => {
    const bare = tempDir('gopherage-bare-');
    const loc = await createSourceLocator({ cwd: bare, goroot: null });
    expect(loc.repoRoot).toBeUndefined();
    expect(loc.modules).toEqual([]);
    expect(await loc.locate('example.com/a/a.go')).toMatchObject({ found: false, reason: expect.stringMatching(/^no module owns the prefix/) });
  });
});
