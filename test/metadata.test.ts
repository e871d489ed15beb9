// metadata: gopherage's JSON (key order, Go string escaping, no trailing
// newline), defaults from REPO_OWNER and from git in a real temporary
// repository, required flags.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { absMetadataJson, goJsonString, incMetadataJson } from '../src/report/metadata.js';
import { run, runCli, tempDir } from './helpers.js';

const BASE = { host: 'gerrit', project: 'kubernetes', workspaceRoot: '/ws', traceType: 'COV' };

function gitRepo(branch: string | null): { dir: string; sha: string } {
  const dir = tempDir('gopherage-meta-');
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
  run('git', ['init', '-q', '-b', 'release-1.12', dir], { env });
  run('git', ['-C', dir, 'commit', '-q', '--allow-empty', '-m', 'x'], { env });
  const sha = run('git', ['-C', dir, 'rev-parse', 'HEAD']).trim();
  if (branch === null) run('git', ['-C', dir, 'checkout', '-q', '--detach'], { env });
  return { dir, sha };
}

describe('metadata JSON', () => {
  it('abs: keys in gopherage order', () => {
    expect(absMetadataJson({ ...BASE, commitId: 'abc', ref: 'main', source: 'e2e', replaceRoot: 'k8s.io/kubernetes' })).toBe(
      '{"host":"gerrit","project":"kubernetes","workspace_root":"/ws","trace_type":"COV","commit_id":"abc","ref":"main","source":"e2e","git_project":"k8s.io/kubernetes"}',
    );
  });

  it('inc: keys in gopherage order', () => {
    expect(incMetadataJson({ ...BASE, changelistNum: '123', patchsetNum: '4' })).toBe(
      '{"host":"gerrit","project":"kubernetes","workspace_root":"/ws","trace_type":"COV","changelist_num":"123","patchset_num":"4"}',
    );
  });

  it('strings are escaped as Go encoding/json does (HTML-safe)', () => {
    expect(goJsonString('a<b>&"c"\\\n\t\u0001\u2028é')).toBe('"a\\u003cb\\u003e\\u0026\\"c\\"\\\\\\n\\t\\u0001\\u2028é"');
  });
});

describe('gopherage metadata (CLI)', () => {
  it('abs: defaults from REPO_OWNER and git (commit, branch)', async () => {
    const { dir, sha } = gitRepo('release-1.12');
    const r = await runCli(['metadata', 'abs'], { cwd: dir, env: { REPO_OWNER: 'kubernetes' } });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(
      `{"host":"","project":"kubernetes","workspace_root":"","trace_type":"COV","commit_id":"${sha}","ref":"release-1.12","source":"","git_project":""}`,
    );
  });

  it('abs: detached HEAD gives ref "HEAD"; flags override everything', async () => {
    const { dir, sha } = gitRepo(null);
    const r = await runCli(['metadata', 'abs', '-p', 'proj'], { cwd: dir, env: { REPO_OWNER: 'kubernetes' } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ project: 'proj', commit_id: sha, ref: 'HEAD' });
    const out = join(dir, 'meta.json');
    const f = await runCli(
      ['metadata', 'abs', '--host', 'h', '-p', 'p', '-w', 'w', '-t', 'LCOV', '-c', 'c1', '-r', 'r1', '-s', 's1', '--replace_root', 'g', '-o', out],
      { cwd: dir, env: { REPO_OWNER: undefined } },
    );
    expect([f.code, f.stdout, f.stderr]).toEqual([0, '', '']);
    expect(readFileSync(out, 'utf8')).toBe(
      '{"host":"h","project":"p","workspace_root":"w","trace_type":"LCOV","commit_id":"c1","ref":"r1","source":"s1","git_project":"g"}',
    );
  });

  it('abs outside a git repository: commit is an error (exit 3), unless given', async () => {
    const dir = tempDir('gopherage-nogit-');
    const env = { REPO_OWNER: 'k', GIT_CEILING_DIRECTORIES: dir };
    const r = await runCli(['metadata', 'abs'], { cwd: dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^gopherage: cannot find the commit \(git rev-parse HEAD: .*\); pass -c\/--commit\n$/);
    const ok = await runCli(['metadata', 'abs', '-c', 'abc'], { cwd: dir, env });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/using HEAD/);
    expect(JSON.parse(ok.stdout)).toMatchObject({ commit_id: 'abc', ref: 'HEAD' });
  });

  it('no project from flag or env: usage error (exit 2)', async () => {
    const r = await runCli(['metadata', 'inc', '--changelist_num', '1', '--patchset_num', '2'], { env: { REPO_OWNER: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gopherage: no project: pass -p\/--project or set REPO_OWNER\nusage: gopherage metadata inc/);
  });

  it('inc: both Gerrit numbers are required', async () => {
    const ok = await runCli(['metadata', 'inc', '--changelist_num', '123', '--patchset_num', '4'], { env: { REPO_OWNER: 'k' } });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('{"host":"","project":"k","workspace_root":"","trace_type":"COV","changelist_num":"123","patchset_num":"4"}');
    const a = await runCli(['metadata', 'inc', '--patchset_num', '4'], { env: { REPO_OWNER: 'k' } });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--changelist_num \(Gerrit change number\) is required/);
    const b = await runCli(['metadata', 'inc', '--changelist_num', '4'], { env: { REPO_OWNER: 'k' } });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--patchset_num \(Gerrit patchset number\) is required/);
  });

  it('missing or unknown subcommand, unknown flag: exit 2 with usage', async () => {
    const none = await runCli(['metadata']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^gopherage: metadata needs a subcommand: abs or inc\nusage: gopherage metadata/);
    const bad = await runCli(['metadata', 'rel']);
    expect(bad.code).toBe(2);
    const flag = await runCli(['metadata', 'abs', '--changelist_num', '1'], { env: { REPO_OWNER: 'k' } });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--changelist_num'\nusage: gopherage metadata abs/);
  });

  it('--help lists every flag with defaults', async () => {
    const abs = await runCli(['metadata', 'abs', '--help']);
    for (const f of ['--host', '-p, --project', '-w, --root', '-t, --trace', '-c, --commit', '-r, --ref', '-s, --source', '--replace_root', '-o, --output']) {
      expect(abs.stdout).toContain(f);
    }
    expect(abs.stdout).toContain('(default: "COV")');
    const inc = await runCli(['metadata', 'inc', '--help']);
    expect(inc.stdout).toContain('--changelist_num');
    expect(inc.stdout).toContain('--patchset_num');
  });
});
