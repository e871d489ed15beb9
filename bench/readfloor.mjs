// The floors of `npm run bench`: a Node process that reads the same bytes
// and does (almost) nothing with them, with the merge engine's synchronous
// reads. Plain: read only (the merge rows). `--lines`: also find every line
// end (indexOf '\n'), the least a single-input command does to a text
// profile (the single-input rows). `--files`: read every file of a directory
// (a GOCOVERDIR: the covdir rows).
// Usage: node bench/readfloor.mjs [--lines] FILE... | --files DIR
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const lines = args[0] === '--lines';
const paths = args[0] === '--files' ? readdirSync(args[1]).map((n) => join(args[1], n)) : args.slice(lines ? 1 : 0);
const buf = new Uint8Array(lines ? 1 << 16 : 1 << 20);
let total = 0;
let ends = 0;
for (const path of paths) {
  const fd = openSync(path, 'r');
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    total += n;
    if (lines) {
      const got = buf.subarray(0, n);
      for (let p = got.indexOf(10); p >= 0; p = got.indexOf(10, p + 1)) ends++;
    }
  }
  closeSync(fd);
}
process.stdout.write(`${total} ${ends}\n`);
