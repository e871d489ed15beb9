// The root command: a missing command is a one-line usage error (exit 2)
// followed by the usage line, not a help dump; --help is still full help.

import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

describe('gopherage (root command)', () => {
  it('no arguments: one gopherage: line naming the commands, the usage line, exit 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'gopherage: missing command (merge, instrument, diff, aggregate, filter, junit, metadata, convert, table, html, ci, patch, func, collect, blocks)\n' +
        'usage: gopherage [options] [command]\n(run "gopherage --help" for details)\n',
    );
  });

  it('unknown command, also through help NAME: exit 2 with usage', async () => {
    const typo = await runCli(['mrege']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^gopherage: unknown command 'mrege'\n\(Did you mean merge\?\)\nusage: gopherage /);
    const help = await runCli(['help', 'nope']);
    expect(help.code).toBe(2);
    expect(help.stderr).toMatch(/^gopherage: unknown command 'nope'\nusage: gopherage \[options\] \[command\]\n/);
  });

  it('--help and help print the full help on stdout, exit 0', async () => {
    for (const args of [['--help'], ['help']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: gopherage \[options\] \[command\]\n/);
      expect(r.stdout).toContain('instrument');
      expect(r.stderr).toBe('');
    }
  });
});
