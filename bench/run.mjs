// `npm run bench`: generates large realistic inputs under os.tmpdir(), builds
// the Go baseline (bench/go/gomerge, x/tools cover in GOPATH mode), and for
// each input set measures — median of N runs, each run a fresh process under
// /usr/bin/time — our `merge` (and `aggregate`), the Go baseline and the raw-read floor: wall
// time, CPU time (user+sys) and peak RSS, plus ratios ours/Go. Checks that
// our output is byte-identical to Go's (count mode). Prints a markdown table.
//
// Usage: node bench/run.mjs [--runs N] [--sets many,wide,repeated,huge,files] [--keep]
// Environment: GO (go binary; default /usr/lib/go-1.23/bin/go, then `go`).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layoutBlocks, makeLayout, writeProfileFile } from './generate.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'gopherage.js');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const RUNS = Number(opt('runs', '3'));
const SETS = opt('sets', 'many,wide,repeated,huge,files').split(',');
const KEEP = args.includes('--keep');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

const work = mkdtempSync(join(tmpdir(), 'gopherage-bench-'));
const log = (s) => process.stderr.write(`${s}\n`);
process.on('exit', () => {
  if (!KEEP) rmSync(work, { recursive: true, force: true });
  else log(`inputs kept in ${work}`);
});

// ---- Go baseline -----------------------------------------------------------
const GO = process.env.GO ?? (existsSync('/usr/lib/go-1.23/bin/go') ? '/usr/lib/go-1.23/bin/go' : 'go');
const gomerge = join(work, 'gomerge');
{
  const r = spawnSync(GO, ['build', '-o', gomerge, './bench/go/gomerge'], {
    cwd: ROOT,
    env: { ...process.env, GOPATH: '/usr/share/gocode', GO111MODULE: 'off', GOFLAGS: '' },
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    log(`cannot build the Go baseline (needs Go and golang-golang-x-tools-dev):\n${r.stderr}`);
    process.exit(1);
  }
}
const goVersion = spawnSync(GO, ['version'], { encoding: 'utf8' }).stdout.trim();

// ---- measurement -----------------------------------------------------------
/** One run of a command: wall s, cpu s, peak RSS MiB (null without /usr/bin/time). */
function once(cmd, cmdArgs) {
  const t0 = process.hrtime.bigint();
  const r = TIME
    ? spawnSync(TIME, ['-f', 'BENCH %e %U %S %M', cmd, ...cmdArgs], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(cmd, cmdArgs, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.slice(0, 3).join(' ')}... failed (${r.status}): ${r.stderr.slice(-2000)}`);
  if (!TIME) return { wall, cpu: null, rss: null, stdout: r.stdout };
  const line = r.stderr.trim().split('\n').reverse().find((l) => l.startsWith('BENCH '));
  const [, e, u, s, m] = line.split(' ').map(Number);
  return { wall: e, cpu: u + s, rss: m / 1024, stdout: r.stdout };
}

const median = (xs) => {
  const v = xs.filter((x) => x !== null).sort((a, b) => a - b);
  return v.length === 0 ? null : v[Math.floor((v.length - 1) / 2)];
};

/** Median over RUNS runs, runs interleaved by the caller. */
function measure(cmds) {
  const runs = Object.fromEntries(Object.keys(cmds).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) for (const [k, [cmd, a]] of Object.entries(cmds)) runs[k].push(once(cmd, a));
  const out = {};
  for (const [k, rs] of Object.entries(runs)) {
    out[k] = { wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), rss: median(rs.map((r) => r.rss)), stdout: rs[0].stdout };
  }
  return out;
}

const sizeOf = (files) => files.reduce((n, f) => n + statSync(f).size, 0);

// ---- input sets ------------------------------------------------------------
function generate(name, n, layout, sections = 1) {
  const dir = join(work, name);
  spawnSync('mkdir', ['-p', dir]);
  const files = [];
  for (let i = 0; i < n; i++) {
    const f = join(dir, `p${String(i).padStart(3, '0')}.cov`);
    writeProfileFile(f, layout, { seed: 1000 + i, sections });
    files.push(f);
  }
  return files;
}

const results = [];
const rss = [];
function mergeSet(label, files, blocks, extra = {}, command = 'merge') {
  log(`measuring ${label}: ${files.length} inputs, ${(sizeOf(files) / 1e6).toFixed(0)} MB ...`);
  const ours = join(work, 'ours.cov');
  const theirs = join(work, 'go.cov');
  const load0 = loadavg()[0];
  const m = measure({
    ours: [process.execPath, [BIN, command, '-o', ours, ...files]],
    go: [gomerge, [...(command === 'aggregate' ? ['-aggregate'] : []), '-o', theirs, ...files]],
    floor: [process.execPath, [join(ROOT, 'bench', 'readfloor.mjs'), ...files]],
  });
  const identical = readFileSync(ours).equals(readFileSync(theirs));
  const row = { label, inputs: files.length, mb: sizeOf(files) / 1e6, blocks, identical, load: [load0, loadavg()[0]], ...m, ...extra };
  results.push(row);
  log(`  ours ${fmt(m.ours.wall)} s, go ${fmt(m.go.wall)} s, floor ${fmt(m.floor.wall)} s, identical: ${identical}`);
  return row;
}

const fmt = (x, d = 2) => (x === null || x === undefined ? '-' : x.toFixed(d));

if (SETS.includes('many')) {
  const layout = makeLayout({ seed: 1, files: 1000, blocksPerFile: 88, prefix: '', short: true });
  const files = generate('many', 128, layout);
  mergeSet('many: 128 × ~3.4 MB, same blocks', files, layoutBlocks(layout));
  mergeSet('many: the first 2 of them', files.slice(0, 2), layoutBlocks(layout));
  mergeSet('many, `aggregate`: 128 × ~3.4 MB', files, layoutBlocks(layout), {}, 'aggregate');
  // Peak RSS against the number of inputs, single-threaded and with 2 workers.
  const out = join(work, 'rss.cov');
  for (const w of ['0', '2']) {
    const m = measure({
      two: [process.execPath, [BIN, 'merge', '--workers', w, '-o', out, ...files.slice(0, 2)]],
      all: [process.execPath, [BIN, 'merge', '--workers', w, '-o', out, ...files]],
    });
    rss.push({ workers: w, two: m.two.rss, all: m.all.rss });
  }
  rmSync(join(work, 'many'), { recursive: true, force: true });
}
let wideMerged = null;
if (SETS.includes('wide')) {
  const layout = makeLayout({ seed: 2, files: 7000, blocksPerFile: 100, prefix: 'k8s.io/' });
  const files = generate('wide', 12, layout);
  mergeSet('wide: 12 × ~39 MB, 700k blocks each', files, layoutBlocks(layout));
  wideMerged = join(work, 'wide-merged.cov');
  spawnSync(process.execPath, [BIN, 'merge', '-o', wideMerged, ...files]);
  rmSync(join(work, 'wide'), { recursive: true, force: true });
}
if (SETS.includes('repeated')) {
  const layout = makeLayout({ seed: 3, files: 600, blocksPerFile: 50, prefix: 'k8s.io/kubernetes/' });
  const files = generate('repeated', 8, layout, 16);
  mergeSet('repeated: 8 × 16 packages × 30k blocks (-coverpkg)', files, layoutBlocks(layout));
  rmSync(join(work, 'repeated'), { recursive: true, force: true });
}
let parse = null;
if (SETS.includes('huge')) {
  const layout = makeLayout({ seed: 4, files: 7000, blocksPerFile: 100, prefix: 'k8s.io/kubernetes/' });
  const files = generate('huge', 1, layout, 24);
  log(`parse throughput of ${(sizeOf(files) / 1e9).toFixed(2)} GB ...`);
  const ps = [];
  for (let i = 0; i < RUNS; i++) ps.push(JSON.parse(once(process.execPath, [join(ROOT, 'bench', 'parse.mjs'), files[0]]).stdout));
  parse = { bytes: ps[0].bytes, blocks: ps[0].blocks, read: median(ps.map((p) => p.read)), engine: median(ps.map((p) => p.engine)), stream: median(ps.map((p) => p.stream)) };
  mergeSet('huge: one 1 GB profile, 24 × 700k repeated blocks', files, layoutBlocks(layout));
  rmSync(join(work, 'huge'), { recursive: true, force: true });
}

// ---- 1,000,000 distinct files of one block each (per-file memory) -----------
let manyFiles = null;
if (SETS.includes('files')) {
  const n = 1_000_000;
  const f = join(work, 'files.cov');
  writeManyFiles(f, n);
  log(`peak RSS of merge and html on ${n} files (${(statSync(f).size / 1e6).toFixed(0)} MB) ...`);
  const m = measure({
    merge: [process.execPath, [BIN, 'merge', '-o', join(work, 'files-out.cov'), f]],
    html: [process.execPath, [BIN, 'html', '-o', join(work, 'files.html'), f]],
  });
  manyFiles = { n, mb: statSync(f).size / 1e6, ...m };
  rmSync(f, { force: true });
}

/** `d<i>/f.go:1.1,2.2 1 1` for i < n: a profile of n distinct files. */
function writeManyFiles(path, n) {
  const parts = ['mode: set\n'];
  for (let i = 0; i < n; i++) parts.push(`d${i}/f.go:1.1,2.2 1 1\n`);
  writeFileSync(path, parts.join(''));
}

// ---- reports on a 700k-block profile (commands other modules add) ---------
const reports = [];
if (wideMerged) {
  const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' }).stdout;
  const has = (c) => new RegExp(`^\\s+${c}\\b`, 'm').test(help);
  const cases = [
    ['junit', ['junit', '-t', '0.5', '-o', join(work, 'r.xml'), wideMerged]],
    ['table', ['table', '-o', join(work, 'r.txt'), wideMerged]],
    ['html', ['html', '-o', join(work, 'r.html'), wideMerged]],
  ];
  for (const [name, a] of cases) {
    if (!has(name)) {
      reports.push({ name, missing: true });
      continue;
    }
    try {
      reports.push({ name, ...measure({ r: [process.execPath, [BIN, ...a]] }).r });
    } catch (err) {
      reports.push({ name, error: err.message.split('\n')[0] });
    }
  }
}

// ---- report ----------------------------------------------------------------
const cpu = cpus();
const out = [];
out.push(`Machine: ${cpu[0].model}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; Node ${process.version}; ${goVersion}; median of ${RUNS} runs.`);
out.push('');
out.push('| input set | MB | ours wall s | Go wall s | ours/Go wall | ours CPU s | Go CPU s | ours RSS MiB | Go RSS MiB | ours/Go RSS | read floor s | identical | load avg |');
out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|---:|');
for (const r of results) {
  out.push(
    `| ${r.label} | ${fmt(r.mb, 0)} | ${fmt(r.ours.wall)} | ${fmt(r.go.wall)} | **${fmt(r.ours.wall / r.go.wall)}** | ${fmt(r.ours.cpu)} | ${fmt(r.go.cpu)} | ${fmt(r.ours.rss, 0)} | ${fmt(r.go.rss, 0)} | **${r.ours.rss ? fmt(r.ours.rss / r.go.rss) : '-'}** | ${fmt(r.floor.wall)} | ${r.identical ? 'yes' : '**NO**'} | ${fmt(r.load[0], 1)}–${fmt(r.load[1], 1)} |`,
  );
}
for (const r of rss) {
  if (r.two === null) continue;
  out.push('', `Peak RSS with --workers ${r.workers}: 2 inputs ${fmt(r.two, 0)} MiB, 128 inputs ${fmt(r.all, 0)} MiB (${fmt(r.all / r.two)}×).`);
}
if (parse) {
  const mbs = (s) => fmt(parse.bytes / 1e6 / s, 0);
  out.push(
    '',
    `Parse of one ${fmt(parse.bytes / 1e9)} GB profile (${parse.blocks} distinct blocks), in process: ` +
      `engine ${fmt(parse.engine)} s = **${mbs(parse.engine)} MB/s**; stream adapter (parseProfileStream) ${fmt(parse.stream)} s = ${mbs(parse.stream)} MB/s; ` +
      `raw read of the same bytes ${fmt(parse.read)} s = ${mbs(parse.read)} MB/s.`,
  );
}
if (manyFiles) {
  const per = (mib) => fmt(((mib - 50) * 2 ** 20) / manyFiles.n, 0);
  out.push(
    '',
    `${manyFiles.n} distinct files (${fmt(manyFiles.mb, 0)} MB profile, one block each), peak RSS: ` +
      `merge ${fmt(manyFiles.merge.rss, 0)} MiB (${fmt(manyFiles.merge.wall)} s), html ${fmt(manyFiles.html.rss, 0)} MiB (${fmt(manyFiles.html.wall)} s); ` +
      `about ${per(manyFiles.merge.rss)} / ${per(manyFiles.html.rss)} bytes per file above a 50 MiB baseline.`,
  );
}
if (reports.length) {
  out.push('', 'Reports on the merged 700k-block wide profile (wall s / peak RSS MiB):', '');
  for (const r of reports) {
    out.push(`- ${r.name}: ${r.missing ? 'command not available' : r.error ? `failed: ${r.error}` : `${fmt(r.wall)} s / ${fmt(r.rss, 0)} MiB`}`);
  }
}
process.stdout.write(`${out.join('\n')}\n`);
if (results.some((r) => !r.identical)) {
  log('ERROR: our merge output differs from the Go baseline');
  process.exitCode = 1;
}
