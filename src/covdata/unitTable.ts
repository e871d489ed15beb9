// Merging decoded GOCOVERDIR data the way `go tool covdata textfmt` does
// (Go's cmd/covdata dump.go + internal/coverage/cformat): per pod, counters of
// every counter file are summed per function (OR-ed in set mode); then every
// function's units are added to a per-package table keyed by (source file,
// function, literal flag, unit), so the same package from several binaries
// combines. Output: the text profile in textfmt's exact order (packages
// sorted by import path; units by file, start line, end line, start column,
// end column, statements), or a canonical Profile.
//
// One deliberate difference: sums are exact (up to 2^53-1); Go clamps a sum
// above 2^32-1 to 4294967295.

import { combineCounts } from '../profile/counts.js';
import { ProfileError } from '../profile/errors.js';
import { compareUtf8, MAX_COUNT, type Mode, type Profile } from '../profile/model.js';
import { encodeName } from '../profile/names.js';
import { ProfileBuilder } from '../profile/parser.js';
import { corrupt } from './byteReader.js';
import type { CounterFile, CounterRecords } from './counters.js';
import type { MetaFile } from './meta.js';

/** Units of one function from one pod, with their merged counts. */
interface Chunk {
  readonly fn: number;
  readonly units: Uint32Array;
  readonly counts: Float64Array;
}

/** Per import path: its functions (file, name, literal) and unit chunks. */
interface PackageUnits {
  readonly fnIndex: Map<string, number>;
  readonly fnFiles: string[];
  readonly chunks: Chunk[];
}

/** One merged unit, as emitted. */
interface MergedUnit {
  file: string;
  sl: number;
  sc: number;
  el: number;
  ec: number;
  nx: number;
  count: number;
}

/** The state of the pod being read. */
interface OpenPod {
  readonly meta: MetaFile;
  readonly metaName: string;
  /** counts[pkg][fn], allocated when a counter payload for it arrives. */
  readonly counts: (Float64Array | undefined)[][];
}

/** Accumulates pods (meta-data file + counter files) into textfmt's unit table. */
export class UnitTable {
  private modeValue: Mode | null = null;
  private firstMeta = '';
  private readonly packages = new Map<string, PackageUnits>();
  private pod: OpenPod | null = null;

  /** The mode of the first pod (null before any). */
  get mode(): Mode | null {
    return this.modeValue;
  }

  /** Start a pod: its decoded meta-data file. Mode and granularity must agree with earlier pods. */
  beginPod(meta: MetaFile, metaName: string): void {
    if (meta.granularity !== 'perblock') {
      throw new ProfileError('CORRUPT', `counter granularity "${meta.granularity}" is not supported (only per-block coverage)`, { input: metaName });
    }
    if (this.modeValue === null) {
      this.modeValue = meta.mode;
      this.firstMeta = metaName;
    } else if (this.modeValue !== meta.mode) {
      throw new ProfileError(
        'MODE_MISMATCH',
        `counter mode clash: ${this.firstMeta} has mode ${this.modeValue}, ${metaName} has mode ${meta.mode}`,
        { input: metaName },
      );
    }
    this.pod = { meta, metaName, counts: meta.packages.map((p) => new Array<Float64Array | undefined>(p.funcs.length)) };
  }

  /** Add one decoded counter file of the current pod. */
  addCounters(cf: CounterFile, name: string): void {
    const pod = this.openPod(cf.metaHash, name);
    for (const f of cf.funcs) this.addFunc(pod, f.pkg, f.func, f.offset, f.counters, 0, f.counters.length, name);
  }

  /** Add one counter file of the current pod, as scanCounterFile's flat records. */
  addRecords(recs: CounterRecords, name: string): void {
    const pod = this.openPod(recs.metaHash, name);
    const d = recs.data;
    for (let i = 0; i < recs.length; i += 4 + d[i + 3]) this.addFunc(pod, d[i], d[i + 1], d[i + 2], d, i + 4, d[i + 3], name);
  }

  /** The current pod, once a counter file's meta hash is checked against it. */
  private openPod(metaHash: string, name: string): OpenPod {
    const pod = this.pod;
    if (pod === null) throw new Error('addCounters before beginPod');
    if (metaHash !== pod.meta.hash) {
      throw new ProfileError('CORRUPT', `counter file belongs to meta hash ${metaHash}, not to ${pod.metaName}`, { input: name });
    }
    return pod;
  }

  /** Fold the `n` counters at `values[from, from+n)` of function `fnIdx` of package `pkgIdx` (payload at `offset` of `name`). */
  private addFunc(pod: OpenPod, pkgIdx: number, fnIdx: number, offset: number, values: ArrayLike<number>, from: number, n: number, name: string): void {
    const pkg = pod.meta.packages[pkgIdx];
    if (pkg === undefined) corrupt(name, offset, `counters for package ${pkgIdx}, but ${pod.metaName} has ${pod.meta.packages.length} packages`);
    const fn = pkg.funcs[fnIdx];
    if (fn === undefined) corrupt(name, offset, `counters for function ${fnIdx} of ${pkg.path}, which has ${pkg.funcs.length} functions`);
    const nUnits = fn.units.length / 5;
    if (n !== nUnits) corrupt(name, offset, `${n} counters for ${pkg.path}.${fn.name}, which has ${nUnits} coverable units`);
    let acc = pod.counts[pkgIdx][fnIdx];
    if (acc === undefined) {
      acc = new Float64Array(nUnits);
      pod.counts[pkgIdx][fnIdx] = acc;
    }
    if (!foldCounts(pod.meta.mode, acc, values, from)) {
      throw new ProfileError('COUNT_OVERFLOW', `count of a block of ${fn.file} exceeds 2^53-1`, { input: name });
    }
  }

  /** Finish the current pod: every function of its meta-data file joins the table (no counters = count 0). */
  endPod(): void {
    const pod = this.pod;
    if (pod === null) throw new Error('endPod before beginPod');
    pod.meta.packages.forEach((pkg, p) => {
      let pu = this.packages.get(pkg.path);
      if (pu === undefined) {
        pu = { fnIndex: new Map(), fnFiles: [], chunks: [] };
        this.packages.set(pkg.path, pu);
      }
      pkg.funcs.forEach((fn, f) => {
        const key = `${fn.file}\u0000${fn.name}\u0000${fn.lit ? 1 : 0}`;
        let idx = pu.fnIndex.get(key);
        if (idx === undefined) {
          idx = pu.fnFiles.length;
          pu.fnIndex.set(key, idx);
          pu.fnFiles.push(fn.file);
        }
        pu.chunks.push({ fn: idx, units: fn.units, counts: pod.counts[p][f] ?? new Float64Array(fn.units.length / 5) });
      });
    });
    this.pod = null;
  }

  /** Merged units of each package, in textfmt order. */
  *units(): Generator<MergedUnit> {
    const mode = this.modeValue ?? 'set';
    const paths = [...this.packages.keys()].sort(compareUtf8);
    for (const path of paths) {
      const pu = this.packages.get(path)!;
      // Rank of each function's file by byte order, so the sort compares numbers.
      const files = [...new Set(pu.fnFiles)].sort(compareUtf8);
      const fileRank = new Map(files.map((f, i) => [f, i]));
      const fnRank = Uint32Array.from(pu.fnFiles, (f) => fileRank.get(f)!);
      let n = 0;
      for (const c of pu.chunks) n += c.counts.length;
      // Flatten: fn, sl, sc, el, ec, nx per unit, plus counts.
      const u = new Uint32Array(n * 6);
      const counts = new Float64Array(n);
      let i = 0;
      for (const c of pu.chunks) {
        for (let k = 0; k < c.counts.length; k++, i++) {
          u[6 * i] = c.fn;
          u.set(c.units.subarray(5 * k, 5 * k + 5), 6 * i + 1);
          counts[i] = c.counts[k];
        }
      }
      const order = Array.from({ length: n }, (_, j) => j);
      order.sort((a, b) => {
        const p = 6 * a;
        const q = 6 * b;
        return (
          fnRank[u[p]] - fnRank[u[q]] || // file
          u[p + 1] - u[q + 1] || // start line
          u[p + 3] - u[q + 3] || // end line
          u[p + 2] - u[q + 2] || // start column
          u[p + 4] - u[q + 4] || // end column
          u[p + 5] - u[q + 5] || // statements
          u[p] - u[q] // function (identical units of one function merge below)
        );
      });
      let prev = -1;
      let cur: MergedUnit | null = null;
      for (const j of order) {
        const p = 6 * j;
        if (cur !== null && prev >= 0 && sameUnit(u, 6 * prev, p)) {
          const v = combineCounts(mode, cur.count, counts[j]);
          if (v > MAX_COUNT) throw new ProfileError('COUNT_OVERFLOW', `count of a block of ${cur.file} exceeds 2^53-1`);
          cur.count = v;
          continue;
        }
        if (cur !== null) yield cur;
        cur = { file: pu.fnFiles[u[p]], sl: u[p + 1], sc: u[p + 2], el: u[p + 3], ec: u[p + 4], nx: u[p + 5], count: counts[j] };
        prev = j;
      }
      if (cur !== null) yield cur;
    }
  }

  /** The text profile exactly as `go tool covdata textfmt` writes it, in chunks of roughly 64 KiB (names not UTF-8 stay escaped: see names.ts). */
  *textChunks(): Generator<string> {
    if (this.modeValue === null) throw new Error('no pod was read');
    let out = `mode: ${this.modeValue}\n`;
    for (const x of this.units()) {
      out += `${x.file}:${x.sl}.${x.sc},${x.el}.${x.ec} ${x.nx} ${x.count}\n`;
      if (out.length >= 1 << 16) {
        yield out;
        out = '';
      }
    }
    if (out.length > 0) yield out;
  }

  /** textChunks as the bytes textfmt writes (names that are not UTF-8 byte for byte). */
  *textByteChunks(): Generator<Uint8Array> {
    for (const chunk of this.textChunks()) yield encodeName(chunk);
  }

  /** The canonical Profile of everything read (`input` names the source in errors). */
  toProfile(input: string): Profile {
    if (this.modeValue === null) throw new Error('no pod was read');
    const b = new ProfileBuilder(input);
    b.mode(this.modeValue);
    for (const x of this.units()) b.block(x.file, x.sl, x.sc, x.el, x.ec, x.nx, x.count, 0);
    return b.finish();
  }
}

/**
 * Combine `values[from, from + acc.length)` into `acc` (combineCounts, with
 * the mode test out of the loop: this runs for every counter of every run);
 * false when a sum would exceed MAX_COUNT.
 */
function foldCounts(mode: Mode, acc: Float64Array, values: ArrayLike<number>, from: number): boolean {
  const n = acc.length;
  if (mode === 'set') {
    for (let k = 0; k < n; k++) if (values[from + k] > 0) acc[k] = 1;
    return true;
  }
  for (let k = 0; k < n; k++) {
    const v = acc[k] + values[from + k];
    if (v > MAX_COUNT) return false;
    acc[k] = v;
  }
  return true;
}

function sameUnit(u: Uint32Array, p: number, q: number): boolean {
  for (let k = 0; k < 6; k++) if (u[p + k] !== u[q + k]) return false;
  return true;
}
