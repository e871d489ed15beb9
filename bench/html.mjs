// `npm run bench:html`: the HTML report with sources at Kubernetes scale, in
// headless Chromium (Debian's /usr/bin/chromium via playwright-core). Builds
// under os.tmpdir():
//   k8s:  8,360 synthesized Go files of realistic size (license header,
//         imports, functions; lognormal lengths, one file of exactly 3,000
//         lines) under k8s.io/kubernetes/ names, and a count profile whose
//         blocks fit them (one column);
//   std:  the three std-library fixture sets (testdata/std/{count,atomic,set},
//         each merged into one column) with the Go 1.23 sources.
// For each report, single page and --split, prints (median of --runs):
//   table visible   navigation start -> first frame painted with table rows
//                   (requestAnimationFrame callback before that paint);
//   open 3,000 ln   setting the hash of a 3,000-line file -> first frame with
//                   its rows (k8s only);
//   page / raw      page bytes (index + data scripts when split) / raw bytes
//                   of the embedded sources;
//   heap 10 files   V8 heap used after opening 10 files in turn (after a GC).
// Targets (issue 17): ≤ 1.5 s, ≤ 300 ms, ≤ 0.5, ≤ 60 MB.
// Usage: node bench/html.mjs [--runs N] [--files N] [--keep]

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { rng } from './generate.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'gopherage.js');
const GOSRC = '/usr/lib/go-1.23/src';
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const RUNS = Number(opt('runs', '3'));
const FILES = Number(opt('files', '8360'));
const KEEP = args.includes('--keep');
const log = (s) => process.stderr.write(`${s}\n`);

const work = mkdtempSync(join(tmpdir(), 'gopherage-bench-html-'));
process.on('exit', () => {
  if (!KEEP) rmSync(work, { recursive: true, force: true });
  else log(`kept in ${work}`);
});

function cli(a) {
  const r = spawnSync(process.execPath, [BIN, ...a], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`gopherage ${a.join(' ')}: ${r.stderr}`);
  return r;
}

// ---- synthesized Go sources ------------------------------------------------

const WORDS = ['pod', 'node', 'claim', 'volume', 'service', 'endpoint', 'lease', 'quota', 'token', 'secret', 'config', 'status', 'spec', 'owner', 'label', 'selector', 'event', 'queue', 'cache', 'informer', 'lister', 'client', 'scheme', 'codec', 'watch', 'retry', 'backoff', 'deadline', 'namespace', 'container', 'image', 'probe', 'port', 'route', 'policy', 'binding', 'subject', 'verb', 'resource', 'version', 'group', 'kind', 'field', 'path', 'value', 'index', 'count', 'limit', 'request', 'response'];
const TYPES = ['string', 'int', 'int64', 'bool', 'error', '[]string', 'map[string]string', '*v1.Pod', '*v1.Node', 'metav1.Object', 'time.Duration', 'context.Context', 'types.UID'];
const IMPORTS = ['"context"', '"errors"', '"fmt"', '"sort"', '"strings"', '"sync"', '"time"', 'v1 "k8s.io/api/core/v1"', 'metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"', '"k8s.io/apimachinery/pkg/types"', '"k8s.io/apimachinery/pkg/util/wait"', '"k8s.io/client-go/tools/cache"', '"k8s.io/klog/v2"', 'utilruntime "k8s.io/apimachinery/pkg/util/runtime"'];
const LICENSE = ['/*', 'Copyright 2016 The Kubernetes Authors.', '', 'Licensed under the Apache License, Version 2.0 (the "License");', 'you may not use this file except in compliance with the License.', 'You may obtain a copy of the License at', '', '    http://www.apache.org/licenses/LICENSE-2.0', '', 'Unless required by applicable law or agreed to in writing, software', 'distributed under the License is distributed on an "AS IS" BASIS,', 'WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.', 'See the License for the specific language governing permissions and', 'limitations under the License.', '*/', ''];

/** A Go-like source of about `target` lines and count-mode blocks that fit it. */
function goSource(r, pkg, target) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const id = () => pick(WORDS) + (r() < 0.5 ? pick(WORDS).replace(/^./, (c) => c.toUpperCase()) : '') + (r() < 0.2 ? String(Math.floor(r() * 100)) : '');
  const Id = () => id().replace(/^./, (c) => c.toUpperCase());
  const lines = [...LICENSE, `package ${pkg}`, '', 'import ('];
  const n = 3 + Math.floor(r() * 8);
  for (const imp of [...IMPORTS].sort(() => r() - 0.5).slice(0, n).sort()) lines.push(`\t${imp}`);
  lines.push(')', '');
  const blocks = [];
  const count = () => {
    const x = r();
    return x < 0.35 ? 0 : x < 0.55 ? 1 : x < 0.95 ? Math.floor(r() * 1000) : Math.floor(r() * 1e7);
  };
  const stmt = (ind) => {
    const t = '\t'.repeat(ind);
    switch (Math.floor(r() * 8)) {
      case 0:
        return `${t}${id()} := ${id()}.${Id()}(${id()}, ${id()})`;
      case 1:
        return `${t}klog.V(${1 + Math.floor(r() * 5)}).InfoS("${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}", "${pick(WORDS)}", klog.KObj(${id()}))`;
      case 2:
        return `${t}${id()}.${Id()} = append(${id()}.${Id()}, ${id()}...)`;
      case 3:
        return `${t}defer ${id()}.${Id()}()`;
      case 4:
        return `${t}${id()}[${id()}] = ${Math.floor(r() * 1000)}`;
      case 5:
        return `${t}${id()}, err := ${id()}.${Id()}(ctx, ${id()}.Name, metav1.GetOptions{})`;
      case 6:
        return `${t}utilruntime.HandleError(fmt.Errorf("${pick(WORDS)} %q: %w", ${id()}, err))`;
      default:
        return `${t}${id()} := &${Id()}{${Id()}: ${id()}, ${Id()}: ${Math.floor(r() * 60)}}`;
    }
  };
  while (lines.length < target) {
    for (let i = 0, k = Math.floor(r() * 3); i < k; i++) lines.push(`// ${Id()} ${pick(WORDS)} the ${pick(WORDS)} of ${pick(WORDS)} ${pick(WORDS)}s for the ${pick(WORDS)}.`);
    lines.push(`func (${pick(WORDS)[0]} *${Id()}) ${Id()}(ctx context.Context, ${id()} ${pick(TYPES)}) (${pick(TYPES)}, error) {`);
    let open = { line: lines.length, col: lines[lines.length - 1].length + 1 };
    const close = (line, col) => {
      blocks.push(`${open.line}.${open.col},${line}.${col} ${1 + Math.floor(r() * 4)} `);
    };
    const body = 3 + Math.floor(r() * 20);
    for (let s = 0; s < body && lines.length < target + 40; s++) {
      if (r() < 0.25) {
        lines.push(`\tif err != nil || ${id()} == nil {`);
        close(lines.length, lines[lines.length - 1].length + 1);
        open = { line: lines.length, col: lines[lines.length - 1].length + 1 };
        for (let k = 0, m = 1 + Math.floor(r() * 3); k < m; k++) lines.push(stmt(2));
        lines.push(`\t\treturn nil, fmt.Errorf("${pick(WORDS)}: %w", err)`);
        lines.push('\t}');
        close(lines.length, 3);
        open = { line: lines.length, col: 3 };
      } else lines.push(stmt(1));
    }
    lines.push(`\treturn ${id()}, nil`, '}', '');
    close(lines.length - 1, 2);
  }
  return { text: `${lines.join('\n')}\n`, blocks: blocks.map((b) => b + count()) };
}

function buildK8s() {
  const dir = join(work, 'k8s');
  const src = join(dir, 'src');
  const r = rng(7);
  const layout = k8sNames(r, FILES);
  const profile = ['mode: count'];
  let raw = 0;
  let long = null;
  layout.forEach((f, i) => {
    // lognormal lines: median ~180, long tail; file 100 is exactly 3,000 lines
    const target = i === 100 ? 3000 : Math.min(6000, Math.round(Math.exp(5.2 + 0.8 * gauss(r))));
    const pkg = f.name.split('/').at(-2).replace(/[^a-z]/g, '') || 'pkg';
    let g = goSource(r, pkg, target);
    if (i === 100) {
      const lines = g.text.split('\n').slice(0, 3000);
      g = { text: `${lines.join('\n')}\n`, blocks: g.blocks.filter((b) => Number(b.split(',')[1].split('.')[0]) <= 3000) };
      long = f.name;
    }
    const path = join(src, f.name.slice('k8s.io/kubernetes/'.length));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, g.text);
    raw += Buffer.byteLength(g.text);
    for (const b of g.blocks) profile.push(`${f.name}:${b}`);
  });
  writeFileSync(join(dir, 'k8s.cov'), `${profile.join('\n')}\n`);
  const files = layout.map((f) => f.name);
  return { name: `k8s: ${FILES.toLocaleString('en')} synthesized files`, inputs: [join(dir, 'k8s.cov')], flags: ['--source-root', src, '--trim-prefix', 'k8s.io/kubernetes/'], raw, long, files };
}

/** `n` file names laid out like Kubernetes: ~1,400 directories of 1 to 12 files. */
function k8sNames(r, n) {
  const AREAS = ['pkg/kubelet', 'pkg/controller', 'pkg/scheduler', 'pkg/proxy', 'pkg/volume', 'pkg/apis', 'pkg/registry', 'staging/src/k8s.io/apiserver/pkg', 'staging/src/k8s.io/client-go', 'staging/src/k8s.io/apimachinery/pkg', 'cmd', 'test/e2e', 'plugin/pkg'];
  const names = [];
  for (let d = 0; names.length < n; d++) {
    const dir = `k8s.io/kubernetes/${AREAS[d % AREAS.length]}/${WORDS[(d * 7) % WORDS.length]}/${WORDS[(d * 13 + 5) % WORDS.length]}${Math.floor(d / 50)}`;
    for (let i = 0, m = 1 + Math.floor(r() * 12); i < m && names.length < n; i++) names.push({ name: `${dir}/${WORDS[(i * 11 + d) % WORDS.length]}_${i}.go` });
  }
  return names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function gauss(r) {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

function buildStd() {
  const dir = join(work, 'std');
  mkdirSync(dir, { recursive: true });
  const inputs = ['count', 'atomic', 'set'].map((mode) => {
    const out = join(dir, `${mode}.cov`);
    const ins = readdirSync(join(ROOT, 'testdata', 'std', mode)).map((f) => join(ROOT, 'testdata', 'std', mode, f));
    cli(['merge', '-o', out, ...ins]);
    return out;
  });
  const names = new Set();
  for (const p of inputs) for (const line of spawnSync('cut', ['-d:', '-f1', p], { encoding: 'utf8' }).stdout.split('\n').slice(1)) if (line) names.add(line);
  let raw = 0;
  for (const n of names) raw += statSync(join(GOSRC, n)).size;
  return { name: 'std: 3 fixture sets, Go 1.23 sources', inputs, flags: ['--source-root', GOSRC], raw, long: null, files: [...names].sort() };
}

// ---- measuring in Chromium -------------------------------------------------

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Before any page script: note the first animation frame that has table rows,
// and (on demand) the first frame showing a given number of source rows.
const PROBE = `(() => {
  window.__bench = {};
  function tick() {
    const t = performance.now();
    if (window.__bench.table === undefined && document.querySelector('#rows tr')) window.__bench.table = t;
    if (window.__bench.want && !document.getElementById('source-view').hidden && document.querySelector('#code tr.line')) {
      window.__bench.source = t;
      window.__bench.want = false;
    }
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})();`;

async function measure(browser, url, c) {
  const table = [];
  const open = [];
  let heap = null;
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.addInitScript(PROBE);
    await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    await page.waitForFunction(() => window.__bench && window.__bench.table !== undefined, null, { timeout: 120_000, polling: 100 }).catch((err) => {
      throw new Error(`${err.message}; page errors: ${errors.join('; ') || 'none'}`);
    });
    table.push(await page.evaluate(() => window.__bench.table));
    await page.waitForLoadState('load', { timeout: 120_000 });
    const hashOf = (f) => `#/${f.split('/').map(encodeURIComponent).join('/')}`;
    if (c.long) {
      await page.evaluate((h) => {
        window.__bench.want = true;
        window.__bench.start = performance.now();
        location.hash = h;
      }, hashOf(c.long));
      await page.waitForFunction(() => window.__bench.source !== undefined && !window.__bench.want, null, { timeout: 60_000, polling: 50 });
      open.push(await page.evaluate(() => window.__bench.source - window.__bench.start));
      const rows = await page.$$eval('#code tr.line', (r) => r.length);
      if (run === 0) log(`  3,000-line file: ${rows} rows drawn at first`);
    }
    if (run === RUNS - 1) {
      // ten files in turn
      const step = Math.max(1, Math.floor(c.files.length / 10));
      for (let i = 0; i < 10; i++) {
        const f = c.files[(i * step + 3) % c.files.length];
        await page.evaluate((h) => (location.hash = h), hashOf(f));
        await page.waitForFunction((f) => !document.getElementById('source-view').hidden && document.getElementById('crumbs').textContent.endsWith(f.split('/').at(-1)), f, { timeout: 60_000, polling: 50 });
      }
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    }
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    await page.close();
  }
  return { table: median(table), open: open.length ? median(open) : null, heap };
}

const cases = [];
log('building the std-library case');
cases.push(buildStd());
log(`synthesizing ${FILES} Go files`);
cases.push(buildK8s());

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
const rows = [];
for (const c of cases) {
  for (const split of [false, true]) {
    const out = join(work, `${c.name.split(':')[0]}${split ? '-split' : '.html'}`);
    const t0 = Date.now();
    cli(['html', ...c.inputs, ...c.flags, '-o', out, ...(split ? ['--split'] : [])]);
    const genMs = Date.now() - t0;
    const page = split ? join(out, 'index.html') : out;
    const packs = split
      ? readdirSync(join(out, 'data')).reduce((n, f) => n + readFileSync(join(out, 'data', f), 'latin1').length - 'gopherageData(,"");\n'.length - f.length + 3, 0)
      : [...readFileSync(out, 'latin1').matchAll(/<script type="text\/plain" id="gz\d+">([^<]*)<\/script>/g)].reduce((n, m) => n + m[1].length, 0);
    const bytes = split ? statSync(page).size + readdirSync(join(out, 'data')).reduce((n, f) => n + statSync(join(out, 'data', f)).size, 0) : statSync(out).size;
    log(`${c.name}${split ? ' (--split)' : ''}: ${(bytes / 2 ** 20).toFixed(1)} MiB in ${genMs} ms; measuring`);
    const m = await measure(browser, pathToFileURL(page).href, c);
    rows.push({ c, split, bytes, packs, genMs, ...m, indexBytes: statSync(page).size });
  }
}
await browser.close();

const fmt = (x, d = 0) => (x === null || x === undefined ? '–' : x.toFixed(d));
const mark = (ok) => (ok ? '✓' : '✗');
console.log(`Chromium headless, ${cpus().length} cores (${cpus()[0].model}), load ${loadavg()[0].toFixed(1)}; median of ${RUNS} runs.`);
console.log('');
console.log('| report | raw sources MiB | page MiB | page / raw (≤ 0.5) | packed sources / raw | table visible ms (≤ 1500) | open 3,000-line file ms (≤ 300) | JS heap after 10 files MB (≤ 60) | generate s |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const ratio = r.bytes / r.c.raw;
  const heapMb = r.heap / 1e6;
  console.log(
    `| ${r.c.name}${r.split ? ', --split (index ' + fmt(r.indexBytes / 2 ** 20, 2) + ' MiB)' : ''} | ${fmt(r.c.raw / 2 ** 20, 1)} | ${fmt(r.bytes / 2 ** 20, 1)} | ${fmt(ratio, 2)} ${mark(ratio <= 0.5)} | ${fmt(r.packs / r.c.raw, 2)} | ${fmt(r.table)} ${mark(r.table <= 1500)} | ${r.open === null ? '–' : `${fmt(r.open)} ${mark(r.open <= 300)}`} | ${fmt(heapMb, 1)} ${mark(heapMb <= 60)} | ${fmt(r.genMs / 1000, 1)} |`,
  );
}
