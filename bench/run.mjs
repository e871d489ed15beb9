// `npm run bench`: builds the Go baselines (bench/go/gomerge: gopherage's
// merge; bench/go/gobase: its junit, filter, diff, html and a per-directory
// table; all on x/tools cover in GOPATH mode), generates large realistic
// inputs under os.tmpdir(), and measures our commands against them, each
// command a fresh process under /usr/bin/time, interleaved pairs, medians:
// wall, CPU (user+sys), peak RSS, ratios ours/baseline against the targets
// of issue 14, output identity where outputs should match, load average.
// Prints one markdown table plus the merge sets' extra lines.
//
// Usage: node bench/run.mjs [--runs N] [--sets LIST] [--keep] [--json FILE]
//   groups: startup single convert covdir many wide repeated huge files
//   (merge = many,wide,repeated; default: all). Quick single groups:
//     node bench/run.mjs --sets startup          # ~1 min
//     node bench/run.mjs --sets covdir           # ~1 min (2,000 runs of a cover binary)
//     node bench/run.mjs --sets single,convert   # generates the wide set (~2-4 min)
// Environment: GO (go binary; default /usr/lib/go-1.23/bin/go, then `go`).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layoutBlocks, makeLayout, writeProfileFile } from './generate.mjs';
import { convert, covdir, single, startup } from './groups.mjs';
import { HAVE_TIME, measure, median, once, row } from './measure.mjs';
import { fmt, rowsJson, rowsTable } from './report.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'gopherage.js');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const GROUPS = ['startup', 'covdir', 'wide', 'single', 'convert', 'many', 'repeated', 'huge', 'files'];
const RUNS = Number(opt('runs', '3'));
const SETS = new Set(opt('sets', GROUPS.join(',')).split(',').flatMap((s) => (s === 'merge' ? ['many', 'wide', 'repeated'] : [s])));
for (const s of SETS) {
  if (!GROUPS.includes(s)) {
    process.stderr.write(`unknown set ${s} (sets: ${GROUPS.join(', ')}, merge)\n`);
    process.exit(2);
  }
}
if (!(RUNS >= 3)) process.stderr.write('note: fewer than 3 runs: ratios are not medians of 3 pairs\n');
const KEEP = args.includes('--keep');
const JSON_OUT = opt('json', null);

const work = mkdtempSync(join(tmpdir(), 'gopherage-bench-'));
const log = (s) => process.stderr.write(`${s}\n`);
process.on('exit', () => {
  if (!KEEP) rmSync(work, { recursive: true, force: true });
  else log(`inputs kept in ${work}`);
});

// ---- Go baselines ----------------------------------------------------------
const GO = process.env.GO ?? (existsSync('/usr/lib/go-1.23/bin/go') ? '/usr/lib/go-1.23/bin/go' : 'go');
/** Build bench/go/<name> in GOPATH mode against Debian's x/tools. */
function buildGo(name) {
  const out = join(work, name);
  const r = spawnSync(GO, ['build', '-o', out, `./bench/go/${name}`], {
    cwd: ROOT,
    env: { ...process.env, GOPATH: '/usr/share/gocode', GO111MODULE: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' },
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    log(`cannot build the Go baseline ${name} (needs Go and golang-golang-x-tools-dev):\n${r.stderr}`);
    process.exit(1);
  }
  return out;
}
const goVersion = spawnSync(GO, ['version'], { encoding: 'utf8' }).stdout.trim();
const ctx = { node: process.execPath, BIN, work, go: GO, gomerge: buildGo('gomerge'), gobase: buildGo('gobase'), runs: RUNS, rows: [], log };
const notes = [];
const loadStart = loadavg();

// ---- input sets ------------------------------------------------------------
function generate(name, n, layout, sections = 1) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const files = [];
  for (let i = 0; i < n; i++) {
    const f = join(dir, `p${String(i).padStart(3, '0')}.cov`);
    writeProfileFile(f, layout, { seed: 1000 + i, sections });
    files.push(f);
  }
  return files;
}
const sizeOf = (files) => files.reduce((n, f) => n + statSync(f).size, 0);

/** A merge (or aggregate) row: ours vs gomerge, plus the raw-read floor of the same bytes. */
function mergeSet(label, files, targets, command = 'merge') {
  group(`merge (${label})`, () => mergeSetOnce(label, files, targets, command));
}
function mergeSetOnce(label, files, targets, command) {
  log(`merge: ${label}: ${files.length} inputs, ${(sizeOf(files) / 1e6).toFixed(0)} MB ...`);
  const ours = join(work, 'ours.cov');
  const theirs = join(work, 'go.cov');
  const load0 = loadavg()[0];
  const m = measure(
    {
      ours: [process.execPath, [BIN, command, '-o', ours, ...files]],
      go: [ctx.gomerge, [...(command === 'aggregate' ? ['-aggregate'] : []), '-o', theirs, ...files]],
      floor: [process.execPath, [join(ROOT, 'bench', 'readfloor.mjs'), ...files]],
    },
    RUNS,
  );
  const identical = readFileSync(ours).equals(readFileSync(theirs));
  const mb = sizeOf(files) / 1e6;
  ctx.rows.push(row('merge', `${label} (${fmt(mb, 0)} MB)`, `gomerge${command === 'aggregate' ? ' -aggregate' : ''}`, m.ours, m.go, { targets, identical, load0 }));
  const r = ctx.rows[ctx.rows.length - 1];
  log(`  ours ${fmt(m.ours.wall)} s, go ${fmt(m.go.wall)} s (${fmt(r.ratios.wall)}× wall, ${fmt(r.ratios.cpu)}× CPU), floor ${fmt(m.floor.wall)} s, identical: ${identical}`);
  notes.push(`Read floor of ${label}: ${fmt(m.floor.wall)} s (a Node process reading the same ${fmt(mb, 0)} MB).`);
}

/** Run one group; a failure (a command that exits non-zero) is noted and the run goes on with the next group. */
function group(name, fn) {
  log(`${name} ...`);
  try {
    fn();
  } catch (err) {
    const msg = String(err.message).split('\n')[0];
    log(`  ${name} FAILED: ${msg}`);
    notes.push(`**${name} failed:** ${msg}`);
    failed = true;
  }
}
let failed = false;

if (SETS.has('startup')) group('startup', () => startup(ctx));
if (SETS.has('covdir')) group('covdir', () => covdir(ctx));

// The wide set: 12 × ~39 MB; its merge (41 MB, 700k blocks) is the input of
// the single-input and converter groups, the merge of its first 6 the "before" of diff.
if (['wide', 'single', 'convert'].some((s) => SETS.has(s))) {
  const layout = makeLayout({ seed: 2, files: 7000, blocksPerFile: 100, prefix: 'k8s.io/' });
  log('generating the wide set ...');
  const files = generate('wide', 12, layout);
  if (SETS.has('wide')) mergeSet('wide: 12 × ~39 MB, 700k blocks each', files, { wall: 0.25, cpu: 0.35 });
  if (SETS.has('single') || SETS.has('convert')) {
    const merged = join(work, 'wide-merged.cov');
    const half = join(work, 'wide-half.cov');
    once(process.execPath, [BIN, 'merge', '-o', merged, ...files]);
    once(process.execPath, [BIN, 'merge', '-o', half, ...files.slice(0, 6)]);
    rmSync(join(work, 'wide'), { recursive: true, force: true });
    notes.push(`Single-input and converter input: the merged wide set, ${fmt(statSync(merged).size / 1e6, 1)} MB, ${layoutBlocks(layout)} blocks in ${layout.length} files; diff's "before" is the merge of its first 6 inputs.`);
    if (SETS.has('single')) group('single', () => single(ctx, merged, half));
    if (SETS.has('convert')) group('convert', () => convert(ctx, merged));
  }
  rmSync(join(work, 'wide'), { recursive: true, force: true });
}

const rss = [];
if (SETS.has('many')) {
  const layout = makeLayout({ seed: 1, files: 1000, blocksPerFile: 88, prefix: '', short: true });
  log('generating the many set ...');
  const files = generate('many', 128, layout);
  mergeSet('many: 128 × ~3.4 MB, same blocks', files, { wall: 0.25 });
  mergeSet('many: the first 2 of them', files.slice(0, 2), {});
  mergeSet('many, `aggregate`: 128 × ~3.4 MB', files, {}, 'aggregate');
  // Peak RSS against the number of inputs, single-threaded and with 2 workers.
  const out = join(work, 'rss.cov');
  for (const w of ['0', '2']) {
    const m = measure(
      {
        two: [process.execPath, [BIN, 'merge', '--workers', w, '-o', out, ...files.slice(0, 2)]],
        all: [process.execPath, [BIN, 'merge', '--workers', w, '-o', out, ...files]],
      },
      RUNS,
    );
    rss.push({ workers: w, two: m.two.rss, all: m.all.rss });
  }
  rmSync(join(work, 'many'), { recursive: true, force: true });
}
if (SETS.has('repeated')) {
  const layout = makeLayout({ seed: 3, files: 600, blocksPerFile: 50, prefix: 'k8s.io/kubernetes/' });
  const files = generate('repeated', 8, layout, 16);
  mergeSet('repeated: 8 × 16 packages × 30k blocks (-coverpkg)', files, { wall: 0.25, cpu: 0.35 });
  rmSync(join(work, 'repeated'), { recursive: true, force: true });
}
let parse = null;
if (SETS.has('huge')) {
  const layout = makeLayout({ seed: 4, files: 7000, blocksPerFile: 100, prefix: 'k8s.io/kubernetes/' });
  const files = generate('huge', 1, layout, 24);
  log(`parse throughput of ${(sizeOf(files) / 1e9).toFixed(2)} GB ...`);
  const ps = [];
  for (let i = 0; i < RUNS; i++) ps.push(JSON.parse(once(process.execPath, [join(ROOT, 'bench', 'parse.mjs'), files[0]]).stdout));
  parse = { bytes: ps[0].bytes, blocks: ps[0].blocks, read: median(ps.map((p) => p.read)), engine: median(ps.map((p) => p.engine)), stream: median(ps.map((p) => p.stream)) };
  mergeSet('huge: one 1 GB profile, 24 × 700k repeated blocks', files, {});
  rmSync(join(work, 'huge'), { recursive: true, force: true });
}

// ---- 1,000,000 distinct files of one block each (per-file memory) -----------
let manyFiles = null;
if (SETS.has('files')) {
  const n = 1_000_000;
  const f = join(work, 'files.cov');
  const parts = ['mode: set\n'];
  for (let i = 0; i < n; i++) parts.push(`d${i}/f.go:1.1,2.2 1 1\n`);
  writeFileSync(f, parts.join(''));
  log(`peak RSS of merge and html on ${n} files (${(statSync(f).size / 1e6).toFixed(0)} MB) ...`);
  group('files', () => {
    const m = measure(
      {
        merge: [process.execPath, [BIN, 'merge', '-o', join(work, 'files-out.cov'), f]],
        html: [process.execPath, [BIN, 'html', '-o', join(work, 'files.html'), f]],
      },
      RUNS,
    );
    manyFiles = { n, mb: statSync(f).size / 1e6, ...m };
  });
  rmSync(f, { force: true });
}

// ---- report ----------------------------------------------------------------
const cpu = cpus();
const la = (l) => l.map((x) => fmt(x, 1)).join(' ');
const out = [];
out.push(
  `Machine: ${cpu[0].model}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; Node ${process.version}; ${goVersion}; ` +
    `median of ${RUNS} interleaved pairs (start-up: ≥ 5 pairs of 10 runs each); load average (1, 5, 15 min) ${la(loadStart)} at the start, ${la(loadavg())} at the end.`,
);
if (!HAVE_TIME) out.push('', '/usr/bin/time is missing: no CPU time or peak RSS.');
out.push('', ...rowsTable(ctx.rows));
if (notes.length) out.push('', ...notes.map((n) => `- ${n}`));
for (const r of rss) {
  if (r.two === null) continue;
  const ratio = r.all / r.two;
  out.push('', `Peak RSS with --workers ${r.workers}: 2 inputs ${fmt(r.two, 0)} MiB, 128 inputs ${fmt(r.all, 0)} MiB (${fmt(ratio)}×; flat ≤ 1.3×: ${ratio <= 1.3 ? 'met' : '**not met**'}).`);
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
  const met = (mib) => (mib * 2 ** 20 <= 1e9 ? 'met' : '**not met**');
  out.push(
    '',
    `${manyFiles.n} distinct files (${fmt(manyFiles.mb, 0)} MB profile, one block each), peak RSS: ` +
      `merge ${fmt(manyFiles.merge.rss, 0)} MiB (${fmt(manyFiles.merge.wall)} s), html ${fmt(manyFiles.html.rss, 0)} MiB (${fmt(manyFiles.html.wall)} s); ` +
      `about ${per(manyFiles.merge.rss)} / ${per(manyFiles.html.rss)} bytes per file above a 50 MiB baseline; ` +
      `target ≤ 1 GB (10^9 bytes) each: merge ${met(manyFiles.merge.rss)}, html ${met(manyFiles.html.rss)}.`,
  );
}
process.stdout.write(`${out.join('\n')}\n`);
if (JSON_OUT) writeFileSync(JSON_OUT, `${JSON.stringify({ loadStart, loadEnd: loadavg(), runs: RUNS, rows: rowsJson(ctx.rows) }, null, 1)}\n`);
if (failed) process.exitCode = 1;
if (ctx.rows.some((r) => r.identical === false)) {
  log('ERROR: an output that must equal its baseline differs');
  process.exitCode = 1;
}
