// GOCOVERDIR inputs for `npm run bench`: writes a small real Go module
// (5 packages × 80 functions with branches, count mode), builds it with
// `go build -cover -coverpkg=./...`, runs it `runs` times with GOCOVERDIR set
// (each run its own counter file, one meta-data file for the binary), and
// makes smaller directories from a prefix of those runs (hard links).
// In: a work directory and the go binary; out: directory paths.

import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PACKAGES = 5;
const FUNCS = 80;

/** The Go sources of the module: path → text. */
function sources() {
  const files = { 'go.mod': 'module example.com/benchcov\n\ngo 1.21\n' };
  const imports = [];
  const calls = [];
  for (let p = 0; p < PACKAGES; p++) {
    const funcs = [];
    for (let f = 0; f < FUNCS; f++) {
      funcs.push(`// F${f} branches on n so that runs differ in what they cover.
func F${f}(n int) int {
	s := 0
	if n%${2 + (f % 5)} == 0 {
		s += n
	} else if n%3 == 1 {
		s -= ${f}
	} else {
		s++
	}
	for i := 0; i < n%4; i++ {
		s += i
	}
	switch n % 6 {
	case 0:
		s *= 2
	case 1, 2:
		s--
	default:
		s += ${p}
	}
	return s
}
`);
    }
    files[`p${p}/p${p}.go`] = `// Package p${p} is generated bench code.\npackage p${p}\n\n${funcs.join('\n')}`;
    imports.push(`\t"example.com/benchcov/p${p}"`);
    for (let f = 0; f < FUNCS; f++) calls.push(`\t\tt += p${p}.F${f}(n + ${f})`);
  }
  files['main.go'] = `// Command benchcov calls every generated function with its argument.
package main

import (
	"fmt"
	"os"
	"strconv"

${imports.join('\n')}
)

func main() {
	n := 0
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	t := 0
	if n%2 == 0 {
${calls.join('\n')}
	} else {
${calls.filter((_, i) => i % 3 === 0).join('\n')}
	}
	fmt.Println(t)
}
`;
  return files;
}

/**
 * Build the program with `go build -cover` and fill `<work>/covdir-<n>` for
 * every n of `sizes` (runs of the binary; the largest is run, the others are
 * its first runs). Returns { [n]: dir }.
 */
export function makeCoverDirs(work, go, sizes) {
  const src = join(work, 'benchcov');
  for (const [rel, text] of Object.entries(sources())) {
    mkdirSync(join(src, rel, '..'), { recursive: true });
    writeFileSync(join(src, rel), text);
  }
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '', GO111MODULE: 'on', CGO_ENABLED: '0' };
  delete env.GOCOVERDIR;
  const bin = join(work, 'benchcov-bin');
  const b = spawnSync(go, ['build', '-cover', '-covermode=count', '-coverpkg=./...', '-o', bin, '.'], { cwd: src, env, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`go build -cover failed: ${b.stderr}`);
  const max = Math.max(...sizes);
  const full = join(work, `covdir-${max}`);
  mkdirSync(full, { recursive: true });
  for (let i = 0; i < max; i++) {
    const r = spawnSync(bin, [String(i)], { env: { ...env, GOCOVERDIR: full }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`run ${i} of the cover binary failed: ${r.stderr}`);
  }
  // Counter files are named covcounters.<hash>.<pid>.<nanotime>: run order is nanotime order.
  const stamp = (f) => BigInt(f.slice(f.lastIndexOf('.') + 1));
  const counters = readdirSync(full)
    .filter((f) => f.startsWith('covcounters.'))
    .sort((a, b) => (stamp(a) < stamp(b) ? -1 : stamp(a) > stamp(b) ? 1 : 0));
  if (counters.length !== max) throw new Error(`expected ${max} counter files in ${full}, found ${counters.length}`);
  const meta = readdirSync(full).filter((f) => f.startsWith('covmeta.'));
  const dirs = { [max]: full };
  for (const n of sizes) {
    if (n === max) continue;
    const d = join(work, `covdir-${n}`);
    mkdirSync(d, { recursive: true });
    for (const f of [...meta, ...counters.slice(0, n)]) linkSync(join(full, f), join(d, f));
    dirs[n] = d;
  }
  return dirs;
}
