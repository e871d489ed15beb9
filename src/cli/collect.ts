// `gopherage collect TARGET... -o OUT`: pull coverage from live processes
// that serve the generated endpoint (core: src/collect). This module reads
// @files and the token, shows progress on a TTY, writes the merged profile
// and/or the GOCOVERDIR, names every failed target on stderr and decides the
// exit code (3 when nothing landed, or on any failure with --require-all).

import { mkdir, readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { collectTargets, type Collection } from '../collect/collect.js';
import { writeCovDirFiles } from '../collect/covdir.js';
import { coverageUrl, parseTargetList, type PullOptions } from '../collect/pull.js';
import { parseGoDuration } from '../instrument/duration.js';
import { InputError, UsageError } from '../profile/errors.js';
import { asInputError } from '../profile/read.js';
import { writeProfile } from '../profile/writer.js';
import { action, note, parseNumber, warn } from './common.js';
import { withOutput } from './output.js';

/** Environment variable read for the token when neither --token nor --token-file is given. */
export const TOKEN_ENV = 'GOPHERAGE_COVERAGE_TOKEN';

interface CollectFlags {
  output?: string;
  covdir?: string;
  concurrency: string;
  timeout: string;
  retries: string;
  token?: string;
  tokenFile?: string;
  reset?: boolean;
  requireAll?: boolean;
}

export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description('pull coverage from running binaries (the generated /coverage endpoint) and merge it, or write a GOCOVERDIR')
    .argument('<targets...>', 'endpoint URLs (http://host:port[/coverage]) or @file with one URL per line')
    .addOption(new Option('-o, --output <file>', 'merged text profile, written atomically ("-" = stdout; default "-" unless --covdir)'))
    .option('--covdir <dir>', 'also write a GOCOVERDIR: the meta-data and counter files of each -cover target')
    .option('--concurrency <n>', 'targets pulled at once', '8')
    .option('--timeout <duration>', 'per request (Go duration)', '30s')
    .option('--retries <n>', 'retries per target, with exponential backoff from 200ms', '3')
    .option('--token <token>', `bearer token (default: $${TOKEN_ENV})`)
    .option('--token-file <file>', 'read the bearer token from a file (first line)')
    .option('--reset', 'after collecting, zero the counters of every target collected (POST /coverage/reset)')
    .option('--require-all', 'exit 3 when any target fails (default: only when none was collected)')
    .action(
      action(async (args: string[], flags: CollectFlags) => {
        const targets = await expandTargets(args);
        const opts = await pullOptions(flags);
        const concurrency = parseNumber('--concurrency', flags.concurrency);
        if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency: "${flags.concurrency}" is not a positive integer`);
        const progress = new TargetProgress(targets.length);
        let collection: Collection;
        try {
          collection = await collectTargets(targets, { ...opts, concurrency, reset: flags.reset, onDone: (_t, ok) => progress.done(ok) });
        } finally {
          progress.end();
        }
        await writeCollection(collection, flags);
        for (const f of collection.failures) warn(f.message);
        note(`collected ${collection.landed.length} of ${targets.length} targets${flags.reset ? ' (then reset)' : ''}`);
        if (collection.merged === null) throw new InputError('COLLECT', `no target collected (${collection.failures.map((f) => f.target).join(', ')})`);
        if (flags.requireAll && collection.failures.length > 0) {
          const names = [...new Set(collection.failures.map((f) => f.target))];
          throw new InputError('COLLECT', `--require-all: ${names.length} target(s) failed: ${names.join(', ')}`);
        }
      }),
    );
}

/** Expand `@file` arguments and check every URL (usage errors before any request). */
export async function expandTargets(args: readonly string[]): Promise<string[]> {
  const targets: string[] = [];
  for (const arg of args) {
    if (!arg.startsWith('@')) {
      targets.push(arg);
      continue;
    }
    let text: string;
    try {
      text = await readFile(arg.slice(1), 'utf8');
    } catch (err) {
      throw asInputError(err, arg.slice(1));
    }
    targets.push(...parseTargetList(text));
  }
  if (targets.length === 0) throw new UsageError('no targets');
  for (const t of targets) coverageUrl(t);
  return targets;
}

/** Timeout, retries and token from the flags (token: --token, --token-file, else $GOPHERAGE_COVERAGE_TOKEN). */
export async function pullOptions(flags: { timeout: string; retries: string; token?: string; tokenFile?: string }): Promise<PullOptions> {
  const ns = parseGoDuration(flags.timeout);
  if (ns === null || ns <= 0) throw new UsageError(`--timeout: "${flags.timeout}" is not a positive Go duration (e.g. 30s)`);
  const retries = parseNumber('--retries', flags.retries);
  if (!Number.isInteger(retries) || retries < 0) throw new UsageError(`--retries: "${flags.retries}" is not a number of retries`);
  if (flags.token !== undefined && flags.tokenFile !== undefined) throw new UsageError('give --token or --token-file, not both');
  let token = flags.token ?? process.env[TOKEN_ENV];
  if (flags.tokenFile !== undefined) {
    try {
      token = (await readFile(flags.tokenFile, 'utf8')).split(/\r?\n/)[0]!.trim();
    } catch (err) {
      throw asInputError(err, flags.tokenFile);
    }
  }
  return { timeoutMs: Math.max(1, Math.round(ns / 1e6)), retries, backoffMs: 200, token: token || undefined };
}

async function writeCollection(c: Collection, flags: CollectFlags): Promise<void> {
  if (flags.covdir !== undefined) {
    const dir = flags.covdir;
    await mkdir(dir, { recursive: true }).catch((err: unknown) => {
      throw asInputError(err, dir);
    });
    for (const r of c.results) {
      if (!('payload' in r)) continue;
      if (r.payload.files === null) warn(`${r.target}: a text profile (TestMain shim), not written to --covdir`);
      else await writeCovDirFiles(dir, r.payload.files);
    }
  }
  const output = flags.output ?? (flags.covdir === undefined ? '-' : undefined);
  if (output !== undefined && c.merged !== null) {
    const merged = c.merged;
    await withOutput(output, (out) => writeProfile(merged, out));
  }
}

/** "collected k/n targets" on stderr, only when it is a terminal. */
class TargetProgress {
  private finished = 0;
  private failed = 0;
  private shown = false;
  constructor(private readonly total: number) {}
  done(ok: boolean): void {
    this.finished++;
    if (!ok) this.failed++;
    if (process.stderr.isTTY !== true) return;
    process.stderr.write(`\rgopherage: pulled ${this.finished}/${this.total} targets${this.failed ? `, ${this.failed} failed` : ''} `);
    this.shown = true;
  }
  end(): void {
    if (this.shown) process.stderr.write('\n');
  }
}
