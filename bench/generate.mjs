// Input generators for `npm run bench`: deterministic (seeded), realistic
// shapes of Go text cover profiles, written in large buffered chunks under a
// directory the caller owns (os.tmpdir()). Out: file paths and byte sizes.
//
// Shapes: a layout is a list of source files, each with sorted blocks whose
// start positions are unique (Go's x/tools sorts by start only, unstably, so
// unique starts keep the Go baseline's output order well defined).

import { closeSync, openSync, writeSync } from 'node:fs';

/** Small, fast, seeded PRNG (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIRS = ['api', 'apis', 'cmd', 'controller', 'kubelet', 'proxy', 'scheduler', 'storage', 'util', 'volume', 'registry', 'client', 'server', 'cache', 'auth'];
const WORDS = ['core', 'apps', 'node', 'pod', 'service', 'endpoint', 'config', 'types', 'helpers', 'validation', 'conversion', 'defaults', 'handler', 'watch', 'informer', 'queue', 'metrics'];

/**
 * A layout: `files` source files of `blocksPerFile` blocks each. `prefix`
 * sets the name length (short stdlib-like names or long k8s.io names).
 */
export function makeLayout({ seed, files, blocksPerFile, prefix, short = false }) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const names = new Set();
  while (names.size < files) {
    const name = short
      ? `${prefix}${pick(DIRS)}/${pick(WORDS)}_${Math.floor(r() * 1000)}.go`
      : `${prefix}${pick(DIRS)}/${pick(WORDS)}${names.size % 97}/${pick(WORDS)}_${Math.floor(r() * 1000)}.go`;
    names.add(name);
  }
  const layout = [];
  for (const name of [...names].sort()) {
    // Position text per block, without NumStmt/count: "sl.sc,el.ec N ".
    const texts = new Array(blocksPerFile);
    let line = 10;
    for (let b = 0; b < blocksPerFile; b++) {
      line += 1 + Math.floor(r() * 6);
      const sc = 2 + Math.floor(r() * 40);
      const el = line + Math.floor(r() * 5);
      const ec = 2 + Math.floor(r() * 60);
      const stmts = 1 + Math.floor(r() * 6);
      texts[b] = `${line}.${sc},${el}.${ec} ${stmts} `;
      line = el;
    }
    layout.push({ name, texts });
  }
  return layout;
}

/** Number of blocks in a layout. */
export function layoutBlocks(layout) {
  let n = 0;
  for (const f of layout) n += f.texts.length;
  return n;
}

/** A count as e2e runs produce them: mostly 0, some 1, a long tail of large counts. */
function countFn(r, mode) {
  return () => {
    const x = r();
    if (mode === 'set') return x < 0.45 ? 0 : 1;
    if (x < 0.45) return 0;
    if (x < 0.7) return 1;
    if (x < 0.95) return Math.floor(r() * 1000);
    return Math.floor(r() * 10_000_000);
  };
}

/** Buffered writer: strings are collected and written in ~4 MiB chunks. */
class ChunkWriter {
  constructor(path) {
    this.fd = openSync(path, 'w');
    this.parts = [];
    this.size = 0;
    this.bytes = 0;
  }
  write(s) {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 1 << 22) this.flush();
  }
  flush() {
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.parts = [];
    this.size = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
    return this.bytes;
  }
}

/**
 * Write one profile of `layout` to `path`. `sections` > 1 repeats every block
 * once per section, like `go test -coverpkg=./... ./...` (one section per
 * test package). Returns the byte size.
 */
export function writeProfileFile(path, layout, { seed, mode = 'count', sections = 1 }) {
  const r = rng(seed);
  const count = countFn(r, mode);
  const w = new ChunkWriter(path);
  w.write(`mode: ${mode}\n`);
  for (let s = 0; s < sections; s++) {
    for (const f of layout) {
      const head = `${f.name}:`;
      let out = '';
      for (const t of f.texts) out += `${head}${t}${count()}\n`;
      w.write(out);
    }
  }
  return w.close();
}
