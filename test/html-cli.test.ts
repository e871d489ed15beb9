// `gopherage html` as a process: outputs, flags, exit codes, the source
// finder's confinement to --source-root, atomic output on failure.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, TESTDATA } from './helpers.js';

const LIST = join(TESTDATA, 'example', 'list-basic.cov');
const MOVE = join(TESTDATA, 'example', 'list-move.cov');

/** The JSON model embedded in a page. */
function model(html: string): { columns: { name: string }[]; sourceStats: { found: number; missing: number }; sources: { path: string; lines: string[] }[] } {
  const m = /<script type="application\/json" id="gopherage-data">([\s\S]*?)<\/script>/.exec(html);
  return JSON.parse(m![1]);
}

describe('gopherage html', () => {
  it('writes the page to stdout by default, columns named after the inputs', async () => {
    const r = await runCli(['html', LIST, MOVE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(model(r.stdout).columns.map((c) => c.name)).toEqual(['list-basic', 'list-move']);
  });

  it('takes --names and --title', async () => {
    const r = await runCli(['html', LIST, MOVE, '--names', 'before,after', '--title', 'PR #1 & co']);
    expect(r.code).toBe(0);
    expect(model(r.stdout).columns.map((c) => c.name)).toEqual(['before', 'after']);
    expect(r.stdout).toContain('<title>PR #1 &amp; co</title>');
  });

  it('rejects a --names count that does not match the inputs (exit 2)', async () => {
    const r = await runCli(['html', LIST, MOVE, '--names', 'one']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('gopherage: --names: 1 name for 2 inputs');
  });

  it('rejects --trim-prefix without --source-root (exit 2)', async () => {
    const r = await runCli(['html', LIST, '--trim-prefix', 'k8s.io/']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('gopherage: --trim-prefix needs --source-root');
  });

  it('fails on a --source-root that is not a directory (exit 3)', async () => {
    const r = await runCli(['html', LIST, '--source-root', join(TESTDATA, 'no-such-dir')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`gopherage: --source-root ${join(TESTDATA, 'no-such-dir')}: not a directory\n`);
  });

  it('maps names with --trim-prefix (longest wins) and never reads outside --source-root', async () => {
    const dir = tempDir('gopherage-html-cli-');
    const root = join(dir, 'checkout');
    mkdirSync(join(root, 'pkg'), { recursive: true });
    writeFileSync(join(root, 'pkg', 'a.go'), 'package pkg\n\nfunc A() { b() }\n');
    writeFileSync(join(dir, 'secret.go'), 'TOP SECRET\n');
    const input = join(dir, 'in.cov');
    writeFileSync(input, ['mode: count', 'example.com/mod/pkg/a.go:3.10,3.17 1 4', 'example.com/mod/../secret.go:1.1,1.5 1 1', ''].join('\n'));
    const out = join(dir, 'out.html');
    const r = await runCli(['html', input, '-o', out, '--source-root', root, '--trim-prefix', 'example.com/', '--trim-prefix', 'example.com/mod/']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("gopherage: source found for 1 of 2 files; the others are marked \"no source\": example.com/mod/../secret.go (outside the roots (`..` in the name))\n");
    const html = readFileSync(out, 'utf8');
    const m = model(html);
    expect(m.sources.map((s) => [s.path, s.lines])).toEqual([['example.com/mod/pkg/a.go', ['package pkg', '', 'func A() { b() }']]]);
    expect(html).not.toContain('TOP SECRET');
  });

  it('warns when no source at all is found (a wrong --trim-prefix, most likely)', async () => {
    const dir = tempDir('gopherage-html-cli-');
    const r = await runCli(['html', LIST, '-o', join(dir, 'r.html'), '--source-root', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`gopherage: warning: no source file found under ${dir} (looked for e.g. container/list/list.go); check --source-root and --trim-prefix\n`);
  });

  it('leaves no output behind when an input is bad (exit 3, one line naming file and line)', async () => {
    const dir = tempDir('gopherage-html-cli-');
    const bad = join(dir, 'bad.cov');
    writeFileSync(bad, 'mode: count\npkg/a.go:1.1,2 1 1\n');
    const out = join(dir, 'out.html');
    const r = await runCli(['html', LIST, bad, '-o', out]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${bad}:2:`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.cov']);
  });
});
