// `gopherage metadata abs|inc`: JSON describing the coverage run
// (src/report/metadata.ts). Defaults come from here: project from env
// REPO_OWNER, commit from `git rev-parse HEAD`, ref from `git branch
// --show-current` (falling back to HEAD).

import { execFileSync } from 'node:child_process';
import { Command } from 'commander';
import { InputError, UsageError } from '../profile/errors.js';
import { absMetadataJson, incMetadataJson, type BaseMetadata } from '../report/metadata.js';
import { action, note, outputOption } from './common.js';
import { writeOutputText } from './output.js';

interface BaseFlags {
  output: string;
  host: string;
  project?: string;
  root: string;
  trace: string;
}

interface AbsFlags extends BaseFlags {
  commit?: string;
  ref?: string;
  source: string;
  replace_root: string;
}

interface IncFlags extends BaseFlags {
  changelist_num?: string;
  patchset_num?: string;
}

function addBaseOptions(cmd: Command): Command {
  return cmd
    .addOption(outputOption())
    .option('--host <host>', 'name of the repository host', '')
    .option('-p, --project <name>', 'project name (default: env REPO_OWNER)')
    .option('-w, --root <path>', 'path to the workspace root of the repository', '')
    .option('-t, --trace <type>', 'type of coverage [COV, LCOV]', 'COV');
}

function baseFields(flags: BaseFlags): BaseMetadata {
  const project = flags.project || process.env.REPO_OWNER || '';
  if (project === '') throw new UsageError('no project: pass -p/--project or set REPO_OWNER');
  return { host: flags.host, project, workspaceRoot: flags.root, traceType: flags.trace };
}

function git(args: readonly string[]): string {
  const out = execFileSync('git', [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.replace(/\n$/, '');
}

function gitFailure(err: unknown): string {
  const e = err as { stderr?: string; message?: string };
  return (e.stderr || e.message || String(err)).trim().split('\n')[0];
}

/** Register `metadata abs` and `metadata inc`. */
export function registerMetadata(program: Command): void {
  const metadata = program
    .command('metadata')
    .description('print JSON metadata about the coverage run (subcommands: abs, inc)')
    .action(
      action(async () => {
        throw new UsageError('metadata needs a subcommand: abs or inc');
      }),
    );

  addBaseOptions(metadata.command('abs').description('metadata of absolute coverage of a commit'))
    .option('-c, --commit <sha>', 'commit hash (default: git rev-parse HEAD)')
    .option('-r, --ref <ref>', 'branch ref (default: git branch --show-current, or HEAD)')
    .option('-s, --source <text>', 'custom field about the coverage source', '')
    .option('--replace_root <path>', 'path to replace the root of coverage paths with (JSON key git_project)', '')
    .action(
      action(async (flags: AbsFlags) => {
        const base = baseFields(flags);
        let commitId = flags.commit ?? '';
        if (commitId === '') {
          try {
            commitId = git(['rev-parse', 'HEAD']);
          } catch (err) {
            throw new InputError('GIT', `cannot find the commit (git rev-parse HEAD: ${gitFailure(err)}); pass -c/--commit`);
          }
        }
        let ref = flags.ref ?? '';
        if (ref === '') {
          try {
            ref = git(['branch', '--show-current']);
          } catch (err) {
            note(`cannot find the branch (git branch --show-current: ${gitFailure(err)}); using HEAD`);
          }
          if (ref === '') ref = 'HEAD';
        }
        const json = absMetadataJson({ ...base, commitId, ref, source: flags.source, replaceRoot: flags.replace_root });
        await writeOutputText(flags.output, json);
      }),
    );

  addBaseOptions(metadata.command('inc').description('metadata of incremental coverage of a Gerrit change'))
    .option('--changelist_num <n>', 'Gerrit change number (required)')
    .option('--patchset_num <n>', 'Gerrit patchset number (required)')
    .action(
      action(async (flags: IncFlags) => {
        const base = baseFields(flags);
        if (!flags.changelist_num) throw new UsageError('--changelist_num (Gerrit change number) is required');
        if (!flags.patchset_num) throw new UsageError('--patchset_num (Gerrit patchset number) is required');
        const json = incMetadataJson({ ...base, changelistNum: flags.changelist_num, patchsetNum: flags.patchset_num });
        await writeOutputText(flags.output, json);
      }),
    );
}
