// Blocks computed from source against the real toolchain: a module made here
// (generics, labels and goto, select, type switches, closures, //line
// directives, build-tagged files, UTF-8 columns) is run under Go 1.23's
// `go test -covermode=set -coverprofile`; `gopherage blocks DIR` must print
// the same files and the same blocks (counts aside), position for position.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockAt, type Profile } from '../src/profile/model.js';
import { parseProfileBytes } from '../src/profile/parser.js';
import { goOrSkip, run, runCli, tempDir } from './helpers.js';

const go = goOrSkip('1.23');

const FILES: Record<string, string> = {
  'go.mod': 'module example.com/blk\n\ngo 1.23\n',
  'blk/generic.go': `package blk

import "fmt"

type Number interface{ ~int | ~float64 }

// Sum adds numbers: "é" and 日本 make byte columns differ from characters.
func Sum[T Number](xs ...T) (s T) { for _, x := range xs { s += x }; return }

type Pair[K comparable, V any] struct{ k K; v V }

func (p *Pair[K, V]) Swap() (V, K) { if p == nil { panic("nil") }; return p.v, p.k }

func Describe(v any) string {
	s := "日本"
	switch x := v.(type) {
	case int:
		s += "int"
	case string, []byte:
		return fmt.Sprint(x)
	case nil:
	default:
		if x != nil { s += "?" } else if y := 1; y > 0 { s += "!" } else /* comment */ { s = "" }
	}
	return s
}

func _() { println("never instrumented") }

var Global = func(a int) int {
	if a > 0 {
		return func() int { return a * 2 }()
	}
	return 0
}
`,
  'blk/flow.go': `package blk

func Labels(n int) (out int) {
outer:
	for i := 0; i < n; i++ {
		for j := range i {
			if j == 3 {
				continue outer
			}
			if j > 5 { break outer }
			out += j
		}
	}
	i := 0
loop:
	i++
	if i < n {
		goto loop
	}
	{
		out++ ; ;
	}
	switch t := n; {
	case t > 100:
		fallthrough
	case t > 10:
		out--
	default:
	}
	switch {}
	end:
	return out
	goto end
}

func Select(a, b chan int, done chan struct{}) int {
	for {
		select {
		case v := <-a:
			return v
		case b <- 1:
		case <-done:
			return -1
		default:
			go func() { a <- 2 }()
		}
	}
}

func Closures(xs []int) func() int {
	total := 0
	for _, x := range xs { func() { total += x }() }
	defer func() {
		recover()
	}()
	if f := func() bool { return total > 0 }; f() {
		return func() int { return total }
	}
	for i := func() int { return 0 }(); i < 1; i++ {}
	switch func() int { return 1 }() {
	case 1:
	}
	empty:
	return nil
	goto empty
}
`,
  // Line directives: a column-less one (all columns 0: cover's dedup bumps end columns), one with a column,
  // one naming another file (that function's blocks are reported under it), and an inline /*line*/.
  'blk/lines.go': `package blk

//line gen.y:100
func Generated(x int) int {
	if x > 0 { return 1 }
	if x < 0 { return -1 }
	return 0
}

//line :40:7
func Col(x int) int {
	if x > 1 { x++ }; return x
}

//line lines.go:20
func Back(x int) int { /*line lines.go:90:3*/ if x == 0 { return 1 }
	return x
}
`,
  'blk/tagged_linux.go': 'package blk\n\nfunc OnLinux(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t}\n\treturn 0\n}\n',
  'blk/tagged_windows.go': 'package blk\n\nfunc OnWindows() int { return 1 }\n',
  'blk/amd.go': '//go:build (amd64 || arm64 || 386 || riscv64) && !nothere\n\npackage blk\n\nfunc Arch() bool { if true { return true }; return false }\n',
  'blk/ignored.go': '//go:build ignore\n\npackage main\n\nfunc main() {}\n',
  'blk/_skip.go': 'package blk\n\nfunc Skipped() {}\n',
  'blk/blk_test.go': 'package blk\n\nimport "testing"\n\nfunc TestSum(t *testing.T) { if Sum(1, 2) != 3 { t.Fatal() } }\n',
  'blk/sub/sub.go': 'package sub\n\nfunc Sub(a, b int) int {\n\tif a < b {\n\t\treturn b - a\n\t}\n\treturn a - b\n}\n',
  'blk/sub/sub_test.go': 'package sub\n\nimport "testing"\n\nfunc TestSub(t *testing.T) { _ = Sub(1, 2) }\n',
};

/** A profile's blocks without counts, per file name. */
function blocksOf(p: Profile): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of p.files) {
    const list: string[] = [];
    for (let i = 0; i < f.stmts.length; i++) {
      const b = blockAt(f, i);
      list.push(`${b.startLine}.${b.startCol},${b.endLine}.${b.endCol} ${b.numStmt}`);
    }
    out.set(f.name, list);
  }
  return out;
}

describe.skipIf(!go)('blocks vs go test -coverprofile (Go 1.23)', () => {
  it('computes exactly the blocks of a real coverage run on a module with every construct', { timeout: 600_000 }, async () => {
    const dir = tempDir('gopherage-blocks-');
    for (const [name, text] of Object.entries(FILES)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', GOOS: 'linux', GOARCH: process.arch === 'arm64' ? 'arm64' : 'amd64', CGO_ENABLED: '0' };
    run(go!, ['test', '-covermode=set', `-coverprofile=${join(dir, 'go.out')}`, './...'], { cwd: dir, env });
    const want = parseProfileBytes(readFileSync(join(dir, 'go.out')));
    const res = await runCli(['blocks', '--goos', 'linux', '--goarch', env.GOARCH, join(dir, 'blk'), join(dir, 'blk/sub')], {
      env: { CGO_ENABLED: '0' },
    });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const got = parseProfileBytes(Buffer.from(res.stdout));
    const w = blocksOf(want);
    const g = blocksOf(got);
    // Same files: tagged_windows.go, ignored.go, _skip.go and the tests are left out by both; gen.y comes from //line.
    expect([...g.keys()]).toEqual([...w.keys()]);
    expect([...w.keys()]).toContain('example.com/blk/blk/gen.y');
    expect([...w.keys()]).not.toContain('example.com/blk/blk/tagged_windows.go');
    for (const [name, blocks] of w) expect(g.get(name), name).toEqual(blocks);
    expect(got.files.every((f) => f.counts.every((c) => c === 0))).toBe(true);
  });
});
