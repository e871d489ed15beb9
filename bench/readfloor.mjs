// The floor of `npm run bench`: read the same bytes and do nothing with them
// (same Node start-up, same 1 MiB synchronous reads as the merge engine).
// Usage: node bench/readfloor.mjs FILE...
import { closeSync, openSync, readSync } from 'node:fs';

const buf = new Uint8Array(1 << 20);
let total = 0;
for (const path of process.argv.slice(2)) {
  const fd = openSync(path, 'r');
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    total += n;
  }
  closeSync(fd);
}
process.stdout.write(`${total}\n`);
