// In-process parse throughput of one profile file, for `npm run bench`:
// reads and parses FILE into a canonical Profile with the built library
// (dist/), three ways — raw read, the engine (mergeInputs, which is also what
// readProfileFile and every command's loadProfile use) and the Readable stream
// adapter (parseProfileStream) — and prints one JSON line of seconds per way.
// Usage: node bench/parse.mjs FILE
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { mergeInputs } from '../dist/input/index.js';
import { parseProfileStream } from '../dist/profile/read.js';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';

const file = process.argv[2];
const bytes = statSync(file).size;

function readOnly() {
  const buf = new Uint8Array(1 << 20);
  const fd = openSync(file, 'r');
  while (readSync(fd, buf, 0, buf.length, null) > 0);
  closeSync(fd);
}

let t = performance.now();
readOnly();
const read = (performance.now() - t) / 1000;
t = performance.now();
const a = await mergeInputs([file], { workers: 0 });
const engine = (performance.now() - t) / 1000;
t = performance.now();
const b = await parseProfileStream(createReadStream(file, { highWaterMark: 1 << 20 }), file);
const stream = (performance.now() - t) / 1000;
let blocks = 0;
for (const f of a.files) blocks += f.stmts.length;
if (b.files.length !== a.files.length) throw new Error('parse paths disagree');
process.stdout.write(`${JSON.stringify({ bytes, blocks, read, engine, stream })}\n`);
