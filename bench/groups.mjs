// The groups of `npm run bench` beyond the merge sets: start-up, the
// single-input commands against the Go baselines (bench/go/gobase),
// converters against our own junit, and GOCOVERDIR against
// `go tool covdata textfmt`. In: a context (paths, runs, the rows list);
// out: rows pushed onto ctx.rows (see bench/measure.mjs), output identity
// checked where the outputs should match.

import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCoverDirs } from './covdir.mjs';
import { measure, row } from './measure.mjs';
import { makeLayout, writeProfileFile } from './generate.mjs';

/** The --exclude-path of the filter row: drops the api/ and cmd/ trees of the generated k8s.io names (about 2 in 15 files). */
export const FILTER_RE = '^k8s.io/(api|cmd)/';

const same = (a, b) => readFileSync(a).equals(readFileSync(b));

/** The floor rows' command (bench/readfloor.mjs). */
const READ_FLOOR = fileURLToPath(new URL('./readfloor.mjs', import.meta.url));

/** Compare two commands, interleaved; push and return the row. */
function compare(ctx, group, label, baseName, ours, base, opts = {}) {
  ctx.log(`  ${group}: ${label} vs ${baseName} ...`);
  const load0 = loadavg()[0];
  const m = measure({ ours, base }, opts.runs ?? ctx.runs);
  const identical = opts.check ? opts.check() : null;
  const r = row(group, label, baseName, m.ours, m.base, { targets: opts.targets, identical, load0 });
  ctx.rows.push(r);
  ctx.log(`    wall ${r.ours.wall.toFixed(3)} vs ${r.base.wall.toFixed(3)} s (${r.ratios.wall?.toFixed(2)}×), CPU ${r.ratios.cpu?.toFixed(2)}×, RSS ${r.ratios.rss?.toFixed(2)}×, met: ${r.met}, identical: ${r.identical}`);
  return r;
}

/** Start-up: `--version` and `merge` of one ~300 KB profile against `node -e 0` (CPU; 10 runs per sample). */
export function startup(ctx) {
  const { node, BIN, work } = ctx;
  const small = join(work, 'small.cov');
  const layout = makeLayout({ seed: 5, files: 90, blocksPerFile: 88, prefix: '', short: true });
  const bytes = writeProfileFile(small, layout, { seed: 7 });
  const rep = { repeat: 10 };
  const runs = Math.max(ctx.runs, 5);
  const nodeE = [node, ['-e', '0'], rep];
  compare(ctx, 'startup', '`--version`', '`node -e 0`', [node, [BIN, '--version'], rep], nodeE, { runs, targets: { cpu: 1.3 } });
  const kb = `${Math.round(bytes / 1024)} KB`;
  compare(ctx, 'startup', `\`merge\` of one ${kb} profile`, '`node -e 0`', [node, [BIN, 'merge', '-o', join(work, 'small-out.cov'), small], rep], nodeE, {
    runs,
    targets: { cpu: 2 },
  });
  const ours = join(work, 'small-ours.cov');
  const theirs = join(work, 'small-go.cov');
  compare(ctx, 'startup', `\`merge\` of one ${kb} profile`, 'gomerge', [node, [BIN, 'merge', '-o', ours, small], rep], [ctx.gomerge, ['-o', theirs, small], rep], {
    runs,
    check: () => same(ours, theirs),
  });
}

/**
 * Split a junit document into its <testcase> elements and compare: OVERALL
 * and the file rows (names ending in .go) byte for byte, the directory rows
 * by name only (ours are the Go package's files, sorted; gopherage's are a
 * name-prefix subset in map order: a documented difference). False when
 * anything else differs.
 */
export function junitSame(oursPath, goPath) {
  const cases = (p) => readFileSync(p, 'utf8').match(/ {4}<testcase [\s\S]*?<\/testcase>/g) ?? [];
  const a = cases(oursPath);
  const b = cases(goPath);
  const name = (c) => / name="([^"]*)"/.exec(c)[1];
  const split = (cs) => {
    let i = 1;
    while (i < cs.length && name(cs[i]).endsWith('.go')) i++;
    return [cs.slice(0, i).join('\n'), cs.slice(i).map(name).sort().join('\n')];
  };
  const [fa, da] = split(a);
  const [fb, db] = split(b);
  if (a.length === 0 || fa !== fb || da !== db) return false;
  return 'OVERALL+files: yes; dirs: same names';
}

/** junit, filter, table, html on `merged`, diff `half` → `merged`, each against gobase. */
export function single(ctx, merged, half) {
  const { node, BIN, work, gobase } = ctx;
  const t = { wall: 0.5, rss: 1 };
  const o = (n) => join(work, `single-ours.${n}`);
  const g = (n) => join(work, `single-go.${n}`);
  compare(ctx, 'single', '`junit`', 'gobase junit', [node, [BIN, 'junit', '-o', o('xml'), merged]], [gobase, ['junit', '-o', g('xml'), merged]], {
    targets: t,
    check: () => junitSame(o('xml'), g('xml')),
  });
  compare(ctx, 'single', `\`filter --exclude-path '${FILTER_RE}'\``, 'gobase filter', [node, [BIN, 'filter', '--exclude-path', FILTER_RE, '-o', o('cov'), merged]], [gobase, ['filter', '-exclude-path', FILTER_RE, '-o', g('cov'), merged]], {
    targets: t,
    check: () => same(o('cov'), g('cov')),
  });
  compare(ctx, 'single', '`table`', 'gobase table: per-directory summary', [node, [BIN, 'table', '-o', o('txt'), merged]], [gobase, ['table', '-o', g('txt'), merged]], { targets: t });
  // What no Node command can go under: start-up, the reads, and finding each line's end (no parsing).
  compare(ctx, 'single', 'floor: read it, find its line ends (`readfloor.mjs --lines`)', 'gobase table: per-directory summary', [node, [READ_FLOOR, '--lines', merged]], [gobase, ['table', '-o', g('txt'), merged]]);
  compare(ctx, 'single', '`html`', 'gobase html', [node, [BIN, 'html', '-o', o('html'), merged]], [gobase, ['html', '-o', g('html'), merged]], { targets: t });
  compare(ctx, 'single', '`diff` of two 39 MB profiles', 'gobase diff', [node, [BIN, 'diff', '-o', o('diff'), half, merged]], [gobase, ['diff', '-o', g('diff'), half, merged]], {
    targets: t,
    check: () => same(o('diff'), g('diff')),
  });
}

/** convert --format lcov|cobertura|json of `merged` against our own junit of it. */
export function convert(ctx, merged) {
  const { node, BIN, work } = ctx;
  const junit = [node, [BIN, 'junit', '-o', join(work, 'conv.xml'), merged]];
  for (const f of ['lcov', 'cobertura', 'json']) {
    compare(ctx, 'convert', `\`convert --format ${f}\``, 'our `junit`', [node, [BIN, 'convert', '--format', f, '-o', join(work, `conv.${f}`), merged]], junit, { targets: { wall: 1.5 } });
  }
}

/** GOCOVERDIR of 2,000 and 200 runs of a real `go build -cover` binary: `convert DIR` against `go tool covdata textfmt`. */
export function covdir(ctx) {
  const { node, BIN, work, go } = ctx;
  ctx.log('  covdir: building the cover binary and running it 2,000 times ...');
  const dirs = makeCoverDirs(work, go, [2000, 200]);
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' };
  for (const [n, target] of [[2000, 1.5], [200, 2.5]]) {
    const ours = join(work, `covdir-ours-${n}.cov`);
    const theirs = join(work, `covdir-go-${n}.cov`);
    compare(ctx, 'covdir', `\`convert DIR\`, ${n.toLocaleString('en')} runs`, '`go tool covdata textfmt`', [node, [BIN, 'convert', '-o', ours, dirs[n]]], [go, ['tool', 'covdata', 'textfmt', '-i', dirs[n], '-o', theirs], { env }], {
      targets: { wall: target },
      check: () => same(ours, theirs),
    });
  }
  // What no Node command can go under: start-up and reading every file (no decoding).
  compare(ctx, 'covdir', 'floor: read its files, 200 runs (`readfloor.mjs --files`)', '`go tool covdata textfmt`', [node, [READ_FLOOR, '--files', dirs[200]]], [go, ['tool', 'covdata', 'textfmt', '-i', dirs[200], '-o', join(work, 'covdir-go-200.cov')], { env }]);
}
