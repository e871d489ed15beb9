// `gopherage blocks` errors: a file that does not parse, a path outside any
// module, a bad //go:build line: one `gopherage:` line naming file and
// position, exit 3; nothing on stdout.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

describe('gopherage blocks: bad input', () => {
  const dir = tempDir('gopherage-blocks-cli-');
  writeFileSync(join(dir, 'go.mod'), 'module example.com/m\n');
  mkdirSync(join(dir, 'p'));
  writeFileSync(join(dir, 'p', 'ok.go'), 'package p\n\nfunc F() {}\n');
  writeFileSync(join(dir, 'bad.go'), 'package m\n\nfunc F() {\n\tif x {\n}\n');
  writeFileSync(join(dir, 'p', 'tag.go'), '//go:build linux &&\n\npackage p\n');

  it('a syntax error names the file, line and column (exit 3)', async () => {
    const r = await runCli(['blocks', join(dir, 'bad.go')]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gopherage: .*bad\.go:\d+:\d+: syntax error at \d+:\d+/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a bad //go:build line names the file and the line (exit 3)', async () => {
    const r = await runCli(['blocks', join(dir, 'p'), '--goos', 'linux', '--goarch', 'amd64']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`gopherage: ${join(dir, 'p', 'tag.go')}: parsing //go:build line: unexpected end of expression: "//go:build linux &&"\n`);
  });

  it('a file outside any module is an input error; unknown --goos a usage error', async () => {
    const outside = tempDir('gopherage-blocks-nomod-');
    writeFileSync(join(outside, 'a.go'), 'package a\n');
    const r = await runCli(['blocks', join(outside, 'a.go')], { cwd: outside });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/not inside a Go module/);
    const u = await runCli(['blocks', join(dir, 'p'), '--goos', 'plan10']);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/^gopherage: --goos: unknown GOOS "plan10"/);
  });
});
