// Measurement core of `npm run bench`: one command run as a fresh process
// under /usr/bin/time (wall s, CPU s = user+sys, peak RSS MiB), commands
// interleaved run by run, medians, per-pair ratios, and rows checked against
// a target. In: commands [cmd, args]; out: plain numbers and row objects
// that bench/report.mjs prints.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Whether CPU time and peak RSS are measured (needs /usr/bin/time). */
export const HAVE_TIME = TIME !== null;

// `sh -c LOOP sh N cmd args...` runs cmd N times (stdout discarded); /usr/bin/time
// then reports the CPU of all N runs and the largest peak RSS of one.
const LOOP = 'n=$1; shift; i=0; while [ $i -lt $n ]; do "$@" >/dev/null || exit 1; i=$((i+1)); done';

/**
 * One sample of a command: wall s, cpu s, peak RSS MiB (cpu/rss null without
 * /usr/bin/time). `repeat` > 1 runs it that many times in one sample and
 * divides, for commands near /usr/bin/time's 10 ms resolution.
 */
export function once(cmd, cmdArgs, { repeat = 1, env } = {}) {
  const argv = repeat > 1 ? ['sh', '-c', LOOP, 'sh', String(repeat), cmd, ...cmdArgs] : [cmd, ...cmdArgs];
  const opts = { encoding: 'utf8', maxBuffer: 1 << 26, env: env ?? process.env };
  const t0 = process.hrtime.bigint();
  const r = TIME ? spawnSync(TIME, ['-f', 'BENCH %e %U %S %M', ...argv], opts) : spawnSync(argv[0], argv.slice(1), opts);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9 / repeat;
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.slice(0, 4).join(' ')}... failed (${r.status}): ${String(r.stderr).slice(-2000)}`);
  if (!TIME) return { wall, cpu: null, rss: null, stdout: r.stdout };
  const line = r.stderr.trim().split('\n').reverse().find((l) => l.startsWith('BENCH '));
  const [, , u, s, m] = line.split(' ').map(Number);
  return { wall, cpu: (u + s) / repeat, rss: m / 1024, stdout: r.stdout };
}

/** Median of the non-null numbers (lower middle), or null. */
export const median = (xs) => {
  const v = xs.filter((x) => x !== null && x !== undefined && Number.isFinite(x)).sort((a, b) => a - b);
  return v.length === 0 ? null : v[Math.floor((v.length - 1) / 2)];
};

/**
 * Run every command of `cmds` ({key: [cmd, args, opts?]}) `runs` times,
 * interleaved (a, b, c, a, b, c, ...). Returns per key the medians and the
 * raw samples (for per-pair ratios).
 */
export function measure(cmds, runs) {
  const samples = Object.fromEntries(Object.keys(cmds).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const [k, [cmd, a, o]] of Object.entries(cmds)) samples[k].push(once(cmd, a, o));
  }
  const out = {};
  for (const [k, rs] of Object.entries(samples)) {
    out[k] = {
      wall: median(rs.map((r) => r.wall)),
      cpu: median(rs.map((r) => r.cpu)),
      rss: median(rs.map((r) => r.rss)),
      samples: rs,
      stdout: rs[0].stdout,
    };
  }
  return out;
}

/** Median over interleaved pairs of ours[i].key / base[i].key. */
export function pairRatio(ours, base, key) {
  return median(ours.samples.map((s, i) => (s[key] === null || !base.samples[i][key] ? null : s[key] / base.samples[i][key])));
}

/**
 * A compared row: `ours` against `base` (both from measure()), with ratios
 * (median of per-pair ratios for wall and CPU, ratio of medians for RSS) and
 * `targets` ({wall, cpu, rss}: each ratio must be ≤ its target). `identical`
 * is true/false when outputs were compared, or a note string.
 */
export function row(group, label, baseName, ours, base, { targets = {}, identical = null, load0 }) {
  const ratios = {
    wall: pairRatio(ours, base, 'wall'),
    cpu: pairRatio(ours, base, 'cpu'),
    rss: ours.rss && base.rss ? ours.rss / base.rss : null,
  };
  const checks = Object.entries(targets).map(([k, t]) => ({ k, t, ok: ratios[k] !== null && ratios[k] <= t }));
  return {
    group,
    label,
    baseName,
    ours,
    base,
    ratios,
    checks,
    met: checks.length === 0 ? null : checks.every((c) => c.ok),
    identical,
    load: [load0, loadavg()[0]],
  };
}
