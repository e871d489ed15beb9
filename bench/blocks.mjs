// `npm run bench:blocks`: cover's blocks computed from source, over the whole
// Go standard library. For every non-test .go file under GOROOT/src (testdata
// left out), the expected blocks come from Go's own cmd/cover
// (`cover -mode=set FILE` writes the instrumented file, whose GoCover.Pos and
// NumStmt arrays are exactly the blocks); they are cached under os.tmpdir()
// so re-runs only time gopherage. Then times `goBlocks` over all files and
// compares. Prints files compared, files identical, the time taken, and every
// file that differs or that cover itself rejects.
//
// Usage: node bench/blocks.mjs [--limit N] [--jobs N (cover processes)] [--workers N (default: one per core)]
// Environment: GO (default /usr/lib/go-1.23/bin/go).

import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { goBlocks } = await import(join(ROOT, 'dist', 'source', 'blocks.js'));

if (!isMainThread) {
  // A worker: compute the blocks of its files and send them back.
  const out = [];
  for (const file of workerData.files) {
    try {
      const blocks = await goBlocks(readFileSync(file, 'utf8'));
      out.push({ blocks: blocks.map((b) => `${b.startLine}.${b.startCol},${b.endLine}.${b.endCol} ${b.numStmt}`) });
    } catch (err) {
      out.push({ error: err.message });
    }
  }
  parentPort.postMessage(out);
  process.exit(0);
}
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const LIMIT = opt('limit', Infinity);
const JOBS = opt('jobs', 2);
const WORKERS = opt('workers', availableParallelism());
const GO = process.env.GO ?? '/usr/lib/go-1.23/bin/go';
const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' };
const goroot = execFileSync(GO, ['env', 'GOROOT'], { encoding: 'utf8', env }).trim();
const tooldir = execFileSync(GO, ['env', 'GOTOOLDIR'], { encoding: 'utf8', env }).trim();
const version = execFileSync(GO, ['env', 'GOVERSION'], { encoding: 'utf8', env }).trim();
const cover = join(tooldir, 'cover');
const cacheDir = join(tmpdir(), `gopherage-bench-blocks-${version}`);
mkdirSync(cacheDir, { recursive: true });

function listGoFiles(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (e.name !== 'testdata') listGoFiles(join(dir, e.name), out);
    } else if (e.name.endsWith('.go') && !e.name.endsWith('_test.go')) out.push(join(dir, e.name));
  }
  return out;
}

/** Blocks as `L.C,L.C N` strings from cmd/cover's instrumented output, or an error text. */
function parseCover(out) {
  const i = out.lastIndexOf('\nvar GoCover_ = struct {');
  if (i < 0) return { error: 'no GoCover_ variable in cover output' };
  const tail = out.slice(i);
  const pos = [...tail.matchAll(/^\t\t(\d+), (\d+), (0x[0-9a-f]+), \/\/ \[\d+\]$/gm)];
  const ns = [...tail.matchAll(/^\t\t(\d+), \/\/ \d+$/gm)];
  return {
    blocks: pos.map((m, k) => {
      const v = parseInt(m[3], 16);
      return `${m[1]}.${v & 0xffff},${m[2]}.${(v >>> 16) & 0xffff} ${ns[k][1]}`;
    }),
  };
}

const run = promisify(execFile);
async function expected(file) {
  const key = createHash('sha1').update(file).update(readFileSync(file)).digest('hex');
  const cached = join(cacheDir, `${key}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8'));
  let result;
  try {
    const { stdout } = await run(cover, ['-mode=set', '-var=GoCover_', file], { maxBuffer: 1 << 28, env });
    result = parseCover(stdout);
  } catch (err) {
    result = { error: String(err.stderr || err.message).trim().split('\n')[0] };
  }
  writeFileSync(cached, JSON.stringify(result));
  return result;
}

const files = listGoFiles(join(goroot, 'src'), []).sort().slice(0, LIMIT);
process.stderr.write(`${files.length} files under ${goroot}/src; cover's blocks (cached in ${cacheDir})...\n`);
const want = new Array(files.length);
let next = 0;
await Promise.all(
  Array.from({ length: JOBS }, async () => {
    while (next < files.length) {
      const k = next++;
      want[k] = await expected(files[k]);
    }
  }),
);

// Timed part: read and compute, nothing else, in WORKERS threads (default: one per core).
const LOAD0 = loadavg()[0].toFixed(1);
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const got = new Array(files.length);
const chunks = Array.from({ length: WORKERS }, () => []);
files.forEach((f, k) => chunks[k % WORKERS].push(k));
await Promise.all(
  chunks.map(
    (ks) =>
      new Promise((done, fail) => {
        const w = new Worker(new URL(import.meta.url), { workerData: { files: ks.map((k) => files[k]) } });
        w.on('message', (results) => {
          results.forEach((r, i) => (got[ks[i]] = r));
          done();
        });
        w.on('error', fail);
      }),
  ),
);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const megabytes = files.reduce((n, f) => n + statSync(f).size, 0) / 1e6;

let compared = 0;
let identical = 0;
const differ = [];
const rejected = [];
for (let k = 0; k < files.length; k++) {
  const rel = files[k].slice(goroot.length + 5);
  if (want[k].error) {
    rejected.push(`${rel}: cover: ${want[k].error}; gopherage: ${got[k].error ?? `${got[k].blocks.length} blocks`}`);
    continue;
  }
  compared++;
  const a = [...want[k].blocks].sort().join('\n');
  const b = got[k].error ?? [...got[k].blocks].sort().join('\n');
  if (a === b) identical++;
  else differ.push(rel);
}
console.log(`files compared:  ${compared}`);
console.log(`load average before/after: ${LOAD0} / ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
console.log(`files identical: ${identical}`);
console.log(`time: ${seconds.toFixed(1)} s to compute the blocks of all ${files.length} files (${megabytes.toFixed(1)} MB) in ${WORKERS} worker threads; CPU time ${cpuSeconds.toFixed(1)} s`);
if (differ.length) console.log(`differ:\n  ${differ.join('\n  ')}`);
if (rejected.length) console.log(`not compared (cover rejects the file):\n  ${rejected.join('\n  ')}`);
process.exitCode = differ.length ? 1 : 0;
