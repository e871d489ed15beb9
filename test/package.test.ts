// The package a user installs: pack the tarball as npm publishes it, install
// it into an empty project, and check what a user gets there — the licence,
// every file the README links to, no source maps pointing at unshipped
// sources, a working `gopherage` command and library entry point.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { promisedOutput, readmeLibraryExample, ROOT, tempDir, tierSkips } from './helpers.js';

const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });

/** Every relative link target of a markdown text (no anchors, no URLs). */
function relativeLinks(markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1].split('#')[0];
    if (target === '' || /^[a-z]+:/i.test(target)) continue;
    out.push(target);
  }
  return out;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

// npm pack and npm install take seconds of CPU: npm test runs this, the unit tier does not (api.test.ts runs the README example there).
describe.skipIf(tierSkips('npm pack and npm install'))('the npm package', () => {
  let installed = '';
  let project = '';

  beforeAll(() => {
    const packDir = tempDir('gopherage-pack-');
    // --ignore-scripts: dist/ is built already (npm test runs tsc first); prepack's
    // clean rebuild would pull dist/ from under the CLI tests running beside this one.
    const name = npm(['pack', '--silent', '--ignore-scripts', '--pack-destination', packDir], ROOT).trim().split('\n').pop()!;
    project = tempDir('gopherage-user-');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', type: 'module' }));
    npm(['install', '--prefer-offline', '--no-package-lock', join(packDir, name)], project);
    installed = join(project, 'node_modules', 'gopherage');
  });

  it('ships the licence, and every file the README and the docs link to', () => {
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toContain('Apache License');
    const docs = [join(installed, 'README.md'), ...walk(join(installed, 'docs')).filter((f) => f.endsWith('.md'))];
    expect(docs.length).toBeGreaterThan(3);
    for (const doc of docs) {
      const dir = doc.slice(0, doc.lastIndexOf('/'));
      for (const link of relativeLinks(readFileSync(doc, 'utf8'))) {
        // Links into the development tree (tests, bench, testdata, .ci) are for contributors: not shipped.
        if (/^(\.\.\/)*(test|bench|testdata|src|\.ci)\//.test(link)) continue;
        expect(existsSync(join(dir, decodeURIComponent(link))), `${doc.slice(installed.length)} links to ${link}`).toBe(true);
      }
    }
  });

  it('has no source maps and no install scripts', () => {
    expect(walk(installed).filter((f) => f.endsWith('.map'))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts?.[hook], hook).toBeUndefined();
  });

  it('runs as a command and imports as a library in the user project', () => {
    const version = execFileSync(join(project, 'node_modules', '.bin', 'gopherage'), ['--version'], { encoding: 'utf8' }).trim();
    expect(version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    writeFileSync(join(project, 'use.mjs'), "import { parseProfileString } from 'gopherage';\nconsole.log(parseProfileString('mode: set\\na.go:1.1,2.2 1 1\\n').files[0].name);\n");
    expect(execFileSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8' })).toBe('a.go\n');
  });

  it("runs the README's Library API example in the user project", () => {
    const code = readmeLibraryExample();
    writeFileSync(join(project, 'example.mjs'), code);
    // The example reads the repository's testdata by relative path: run it from the repository root.
    const out = execFileSync(process.execPath, [join(project, 'example.mjs')], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trimEnd()).toBe(promisedOutput(code));
  });
});
