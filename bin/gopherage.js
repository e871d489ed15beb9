#!/usr/bin/env node
// `gopherage --version` answers before any of the CLI loads (start-up is
// most of such a run); a quick job (`merge FILES -o OUT`, `convert INPUT -o
// OUT`: src/cli/quick.ts) runs without commander; everything else goes to
// the commander program.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { run } = await import('../dist/cli/quick.js');
  process.exitCode = await run(process.argv);
}
