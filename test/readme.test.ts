// README claims that can drift from the code: the GOCOVERDIR workflow creates
// its directories (Go writes nothing into a missing one), and the Development
// section names everything .ci/run installs. (The table JSON schema is
// checked in table-cli.test.ts.)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The text of the README section under `heading`, up to the next `## `. */
function section(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

describe('README', () => {
  it('the GOCOVERDIR workflow makes each directory before running with it', () => {
    const lines = section('## Go >= 1.20 binary coverage (GOCOVERDIR)').split('\n');
    const made = new Set<string>();
    let runs = 0;
    for (const line of lines) {
      const mkdir = /^mkdir -p ((?:\S+ ?)+?)\s*(#|$)/.exec(line);
      if (mkdir) for (const d of mkdir[1].split(' ')) made.add(d);
      for (const m of line.matchAll(/GOCOVERDIR=(\S+) /g)) {
        expect(made.has(m[1]), `${m[1]} is created before: ${line}`).toBe(true);
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(0);
  });

  it('Development names every package .ci/run installs', () => {
    const run = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    const list = /for p in ([^;]+); do/.exec(run);
    expect(list).not.toBeNull();
    const dev = section('## Development');
    for (const pkg of list![1].trim().split(/\s+/)) expect(dev, pkg).toContain(`\`${pkg}\``);
    expect(dev).toContain('bookworm-backports');
  });
});
