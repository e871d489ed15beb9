// One package rule (Go's path.Dir of the cleaned name) everywhere: junit,
// the JSON summary, Cobertura and ci's --package-threshold agree on odd names.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

const PROFILE = ['mode: set', './x/a.go:1.1,2.2 2 1', 'x//b.go:1.1,2.2 2 0', 'a.go:1.1,2.2 1 0', 'x/y/c.go:1.1,2.2 1 1', ''].join('\n');

describe('the package of a file', () => {
  it('is the same in junit, json, cobertura and ci --package-threshold', async () => {
    const dir = tempDir();
    const input = join(dir, 'odd.cov');
    writeFileSync(input, PROFILE);
    const want = ['.', 'x', 'x/y'];

    const junit = await runCli(['junit', input]);
    const junitDirs = [...junit.stdout.matchAll(/<testcase class_name="go_coverage" name="([^"]+)"/g)].map((m) => m[1]).filter((n) => n !== 'OVERALL' && !n.endsWith('.go'));
    expect(junitDirs).toEqual(want);

    const json = JSON.parse((await runCli(['convert', input, '-f', 'json'])).stdout);
    expect(json.directories.map((d: { path: string }) => d.path)).toEqual(want);
    expect(json.directories.find((d: { path: string }) => d.path === 'x')).toMatchObject({ covered: 2, statements: 4 });

    const cobertura = (await runCli(['convert', input, '-f', 'cobertura'])).stdout;
    expect([...cobertura.matchAll(/<package name="([^"]+)"/g)].map((m) => m[1])).toEqual(want);

    const out = join(dir, 'r');
    const ci = await runCli(['ci', '--profiles', input, '--package-threshold', '0.9', '--out', out]);
    expect(ci.code).toBe(1);
    expect(ci.stderr).toBe(
      'gopherage: FAIL: package .: coverage 0.0% is below the package threshold of 90.0%\n' +
        'gopherage: FAIL: package x: coverage 50.0% is below the package threshold of 90.0%\n',
    );
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).ci.reasons).toHaveLength(2);
  });
});
