// Hostile and unlucky inputs (issue 12): long lines on every input path,
// byte file names, numbers as Go reads them, absurd LCOV spans, renamed
// covmeta files. Each case failed before its fix.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, parseProfileString } from '../src/profile/parser.js';
import { LineScanner } from '../src/profile/scanner.js';
import { formatProfile } from '../src/profile/writer.js';
import { compareUtf8 } from '../src/profile/model.js';
import { decodeName, encodeName } from '../src/profile/names.js';
import { lineHits, MAX_BLOCK_LINES } from '../src/report/lineHits.js';
import { compileGoRegexp } from '../src/ops/patterns.js';
import { UsageError } from '../src/profile/errors.js';
import { fileFromBlocks, type Block } from '../src/profile/model.js';
import { buildCoverref, BIN, goOrSkip, ROOT, run, runCli, tempDir, TESTDATA } from './helpers.js';

const LIMIT_MSG = /line longer than 16 MiB/;

describe('long lines cost linear time on every input path', () => {
  // A 40 MB line: "mode" then 40 MB of 'a' with no newline (cheap to make, compresses to ~40 KB).
  const body = Buffer.concat([Buffer.from('mode: set\n'), Buffer.alloc(40 << 20, 0x61)]);

  it('a line pushed in 1 KiB chunks hits the line limit (was one copy of the whole carry per chunk)', () => {
    const parser = new LineScanner('<chunks>', { mode: () => {}, block: () => {} });
    const step = 1024;
    let err: unknown = null;
    try {
      for (let at = 0; at < body.length; at += step) parser.push(body.subarray(at, at + step));
      parser.end();
    } catch (e) {
      err = e;
    }
    expect(String(err)).toMatch(LIMIT_MSG);
    expect((err as { line?: number }).line).toBe(2);
    expect(MAX_LINE_BYTES).toBe(16 << 20);
  });

  it('gzip file input', async () => {
    const f = join(tempDir(), 'long.cov.gz');
    writeFileSync(f, gzipSync(body, { level: 1 }));
    const r = await runCli(['merge', f]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(LIMIT_MSG);
    expect(r.stderr).toContain(`${f}:2:`);
  });

  it('stdin (a pipe), plain and gzip', () => {
    const dir = tempDir();
    for (const [name, data] of [['long.cov', body], ['long.cov.gz', gzipSync(body, { level: 1 })]] as const) {
      const f = join(dir, name);
      writeFileSync(f, data);
      // `cat f | gopherage merge -`: the CLI stops reading at the limit, so cat may die of SIGPIPE.
      const r = spawnSync('sh', ['-c', 'cat "$1" | "$2" "$3" merge -', 'sh', f, process.execPath, BIN], { encoding: 'utf8' });
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(LIMIT_MSG);
      expect(r.stderr).toContain('<stdin>:2:');
    }
  });

  it('plain file input', async () => {
    const f = join(tempDir(), 'long.cov');
    writeFileSync(f, body);
    const r = await runCli(['merge', f]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(LIMIT_MSG);
  });

  it('a long line that ends within the limit is parsed whole across chunks', () => {
    const blocks: string[] = [];
    const parser = new LineScanner('<chunks>', { mode: () => {}, block: (name, sl, sc, el, ec, n, c) => blocks.push(`${name.length}:${sl}.${sc},${el}.${ec} ${n} ${c}`) });
    const text = Buffer.concat([Buffer.from('mode: set\n'), Buffer.alloc(3 << 20, 0x62), Buffer.from('.go:1.2,3.4 5 6\nx.go:1.1,1.2 1 0')]);
    for (let at = 0; at < text.length; at += 4099) parser.push(text.subarray(at, at + 4099));
    parser.end();
    expect(blocks).toEqual([`${(3 << 20) + 3}:1.2,3.4 5 6`, '4:1.1,1.2 1 0']);
  });
});

describe('numbers as Go reads them (strconv.Atoi on each field)', () => {
  // Every field with leading zeros, a '+', and "-0": Go's x/tools parser takes them all.
  const text = [
    'mode: count',
    'a.go:+1.00002,+0003.+4 +5 +6',
    'a.go:0000000000000000000000000007.0000000000000000000000000001,0000000000000000000000000008.2 0000000000000000000000000001 00000000000000000000000000000000000009',
    'b.go:-0.-00,-0.-0 -0 -000',
    '',
  ].join('\n');
  const want = 'mode: count\na.go:1.2,3.4 5 6\na.go:7.1,8.2 1 9\nb.go:0.0,0.0 0 0\n';

  it('accepts leading zeros, "+" and "-0" in line, column, statements and count', () => {
    expect(formatProfile(parseProfileString(text))).toBe(want);
  });

  it('keeps the exact-integer errors when a value is not representable', () => {
    const bad = (line: string) => () => parseProfileString(`mode: count\n${line}\n`, 'n.cov');
    expect(bad('a.go:1.1,2.2 1 +9007199254740992')).toThrow('count exceeds 2^53-1');
    expect(bad('a.go:1.1,2.2 1 00000009007199254740991')).not.toThrow();
    expect(bad('a.go:1.1,2.2 +4294967296 1')).toThrow('number out of range');
    expect(bad('a.go:1.1,2.2 1 -1')).toThrow('negative number');
    expect(bad('a.go:1.1,2.2 1 +')).toThrow('bad block');
    expect(bad('a.go:1.1,2.2 1 +-1')).toThrow('bad block');
  });

  const go = goOrSkip('1.23');
  let coverref = '';
  beforeAll(() => {
    if (!go) return;
    coverref = buildCoverref(go);
  });

  it.skipIf(!go)('matches golang.org/x/tools/cover on the same input', async () => {
    const f = join(tempDir(), 'numbers.cov');
    writeFileSync(f, text);
    expect(run(coverref, [f])).toBe(want);
    const r = await runCli(['merge', f]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(want);
  });
});

/** Run the CLI and keep stdout as bytes. */
function cliBytes(args: string[]): { code: number; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { maxBuffer: 1 << 26 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** `go tool covdata textfmt -i=DIR` as bytes. */
function textfmt(go: string, dir: string): Buffer {
  const out = join(tempDir(), 'textfmt.txt');
  run(go, ['tool', 'covdata', 'textfmt', `-i=${dir}`, `-o=${out}`], { env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' } });
  return readFileSync(out);
}

describe('file names are bytes: names that are not UTF-8 stay distinct and are written back as they came', () => {
  // \xff.go and \xfe.go (both were U+FFFD), a lone lead byte, and the valid U+FFFD they used to become.
  const bytes = Buffer.concat([
    Buffer.from('mode: count\n'),
    Buffer.from([0xff]), Buffer.from('.go:1.1,2.2 1 1\n'),
    Buffer.from([0xfe]), Buffer.from('.go:1.1,2.2 1 2\n'),
    Buffer.from([0x61, 0xc3]), Buffer.from('.go:1.1,1.2 1 1\n'),
    Buffer.from('a\u00e9.go:1.1,1.2 1 1\n'),
    Buffer.from('\ufffd.go:1.1,1.2 1 5\n'),
    Buffer.from('\u{1f600}.go:1.1,1.2 1 6\n'),
  ]);
  // Bytewise order, as Go sorts: "a\xc3." < "a\xc3\xa9" < EF BF BD < F0 9F 98 80 < FE < FF.
  const merged = (k: number) =>
    Buffer.concat([
      Buffer.from('mode: count\n'),
      Buffer.from([0x61, 0xc3]), Buffer.from(`.go:1.1,1.2 1 ${k}\n`),
      Buffer.from(`a\u00e9.go:1.1,1.2 1 ${k}\n`),
      Buffer.from(`\ufffd.go:1.1,1.2 1 ${5 * k}\n`),
      Buffer.from(`\u{1f600}.go:1.1,1.2 1 ${6 * k}\n`),
      Buffer.from([0xfe]), Buffer.from(`.go:1.1,2.2 1 ${2 * k}\n`),
      Buffer.from([0xff]), Buffer.from(`.go:1.1,2.2 1 ${k}\n`),
    ]);

  it('decodeName/encodeName round-trip any bytes, and compareUtf8 orders the strings as their bytes', () => {
    const alphabet = [0x61, 0x2f, 0x80, 0xbf, 0xc3, 0xa9, 0xe0, 0xed, 0xa0, 0xef, 0xbf, 0xbd, 0xf0, 0x9f, 0x98, 0xf4, 0x90, 0xfe, 0xff];
    let seed = 12;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const samples: Buffer[] = [];
    for (let k = 0; k < 3000; k++) samples.push(Buffer.from(Array.from({ length: rand(7) }, () => alphabet[rand(alphabet.length)])));
    for (const b of samples) expect(Buffer.from(encodeName(decodeName(b))).equals(b)).toBe(true);
    for (let k = 1; k < samples.length; k++) {
      const [a, b] = [samples[k - 1], samples[k]];
      expect(Math.sign(compareUtf8(decodeName(a), decodeName(b))), `${a.toString('hex')} vs ${b.toString('hex')}`).toBe(Math.sign(Buffer.compare(a, b)));
    }
  });

  it('merge keeps them apart, sorts them bytewise and writes their bytes (plain, gzip, stdin)', () => {
    const dir = tempDir();
    const f = join(dir, 'bytes.cov');
    writeFileSync(f, bytes);
    writeFileSync(`${f}.gz`, gzipSync(bytes));
    const r = cliBytes(['merge', f, `${f}.gz`]);
    expect(r.stderr).toBe('');
    expect(r.stdout.equals(merged(2))).toBe(true);
    const one = spawnSync('sh', ['-c', 'cat "$1" | "$2" "$3" merge -', 'sh', f, process.execPath, BIN]);
    expect(one.stdout.equals(merged(1))).toBe(true);
  });

  it('filter and convert keep the bytes too', () => {
    const f = join(tempDir(), 'bytes.cov');
    writeFileSync(f, bytes);
    const kept = cliBytes(['filter', '--exclude-path', '^a', f]);
    expect(kept.stderr).toBe('');
    expect(kept.stdout.equals(Buffer.concat([Buffer.from('mode: count\n'), merged(1).subarray(merged(1).indexOf('\ufffd.go'))]))).toBe(true);
    const conv = cliBytes(['convert', f]);
    expect(conv.stdout.equals(merged(1))).toBe(true);
  });

  const go = goOrSkip('1.23');
  let coverref = '';
  beforeAll(() => {
    if (!go) return;
    coverref = buildCoverref(go);
  });

  it.skipIf(!go)('the text parse equals golang.org/x/tools/cover byte for byte', () => {
    const f = join(tempDir(), 'bytes.cov');
    writeFileSync(f, bytes);
    const want = spawnSync(coverref, [f]).stdout;
    expect(want.equals(merged(1))).toBe(true);
  });

  it.skipIf(!go)('GOCOVERDIR: a meta-data file naming \\xff files reads as go tool covdata textfmt reads it', () => {
    // The committed Go 1.23 GOCOVERDIR with two file names patched in its meta-data file (same lengths):
    // lib/lib.go -> lib/\xffib.go, main.go -> \xfeain.go. Go reads names as bytes and checks no hash.
    const dir = join(tempDir(), 'cov');
    cpSync(join(TESTDATA, 'covdata', 'gocoverdir'), dir, { recursive: true });
    const meta = readdirSync(dir).find((n) => n.startsWith('covmeta.'))!;
    const data = readFileSync(join(dir, meta));
    const patch = (from: string, to: Buffer) => {
      const at = data.indexOf(from);
      expect(at).toBeGreaterThan(0);
      expect(to.length).toBe(from.length);
      to.copy(data, at);
    };
    patch('example.com/prog/lib/lib.go', Buffer.concat([Buffer.from('example.com/prog/lib/'), Buffer.from([0xff]), Buffer.from('ib.go')]));
    patch('example.com/prog/main.go', Buffer.concat([Buffer.from('example.com/prog/'), Buffer.from([0xfe]), Buffer.from('ain.go')]));
    writeFileSync(join(dir, meta), data);
    const want = textfmt(go!, dir);
    expect(want.includes(Buffer.from([0x2f, 0xff, 0x69, 0x62]))).toBe(true);
    const conv = cliBytes(['convert', dir]);
    expect(conv.stderr).toBe('');
    expect(conv.stdout.equals(want)).toBe(true);
    // merge canonicalizes (bytewise file order, sorted blocks): the same bytes as Go's parse of textfmt's output.
    const txt = join(tempDir(), 'textfmt.cov');
    writeFileSync(txt, want);
    const m = cliBytes(['merge', dir]);
    expect(m.stderr).toBe('');
    expect(m.stdout.equals(spawnSync(coverref, [txt]).stdout)).toBe(true);
    expect(m.stdout.includes(Buffer.from([0x2f, 0xfe, 0x61]))).toBe(true);
  });
});

describe.skipIf(!goOrSkip('1.23'))('GOCOVERDIR: files grouped by the tag in their names, as go tool covdata does', () => {
  it('a covmeta file whose name does not carry the hash inside it (runtime/coverage WriteMeta to a writer)', () => {
    const go = goOrSkip('1.23')!;
    const work = tempDir();
    const env: NodeJS.ProcessEnv = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', CGO_ENABLED: '0' };
    delete env.GOFLAGS;
    run(go, ['build', '-cover', '-covermode=count', '-coverpkg=./...', '-o', join(work, 'prog'), '.'], { cwd: join(TESTDATA, 'covdata', 'prog'), env });
    const dir = join(work, 'cov');
    mkdirSync(dir);
    for (const args of [[], ['x', 'y']]) run(join(work, 'prog'), args, { env: { ...env, GOCOVERDIR: dir } });
    // Rename every file to the tag Go's own harness uses (internal/coverage/cfile/testdata/harness.go).
    for (const n of readdirSync(dir)) renameSync(join(dir, n), join(dir, n.replace(/^(covmeta|covcounters)\.[0-9a-f]{32}/, '$1.0abcdef')));
    expect(readdirSync(dir).filter((n) => n.startsWith('covmeta.'))).toEqual(['covmeta.0abcdef']);
    const want = textfmt(go, dir);
    expect(want.toString()).toMatch(/^mode: count\n/);
    expect(want.toString()).toMatch(/^example\.com\/prog\/lib\/lib\.go:\S+ \d+ [1-9]\d*$/m);
    const r = cliBytes(['convert', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.equals(want)).toBe(true);
  });
});

describe('LCOV/Cobertura line expansion is bounded by the output', () => {
  it('a block spanning 10 million lines is an input error naming the input and the block', async () => {
    const f = join(tempDir(), 'span.cov');
    writeFileSync(f, 'mode: set\nok.go:1.1,2.2 1 1\nx/huge.go:3.1,10000002.2 1 1\n');
    for (const format of ['lcov', 'cobertura']) {
      const r = await runCli(['convert', '--format', format, f]);
      expect(r.code).toBe(3);
      expect(r.stderr).toBe(
        `gopherage: ${f}: block x/huge.go:3.1,10000002.2 spans 10000000 lines (at most ${MAX_BLOCK_LINES}, more than the Go compiler numbers in a file)\n`,
      );
    }
  });

  it('many blocks over the same long span cost the lines written, not blocks x span', () => {
    // 300 nested blocks over one 1,000,000-line function: 300 million (line, block) pairs, one million lines.
    const blocks: Block[] = [];
    for (let k = 0; k < 300; k++) blocks.push({ startLine: 1 + k, startCol: 1, endLine: 1_000_000 - k, endCol: 2, numStmt: 1, count: k % 7 });
    const h = lineHits(fileFromBlocks('big.go', blocks));
    expect(h.lines.length).toBe(1_000_000);
    expect(h.lines[0]).toBe(1);
    expect(h.lines[999_999]).toBe(1_000_000);
    expect(h.hits[0]).toBe(0);
    expect(h.hits[500_000]).toBe(6);
    expect(h.hits[5]).toBe(5); // line 6 is inside blocks 0..5: max count 5
  });

  it('equals the naive per-line max on random blocks', () => {
    let seed = 5;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    for (let t = 0; t < 300; t++) {
      const blocks: Block[] = [];
      for (let k = rand(12); k >= 0; k--) {
        const sl = 1 + rand(40);
        blocks.push({ startLine: sl, startCol: 1 + rand(3), endLine: rand(5) === 0 ? sl - 1 : sl + rand(15), endCol: 1 + rand(3), numStmt: 1, count: rand(4) });
      }
      blocks.sort((a, b) => a.startLine - b.startLine || a.startCol - b.startCol || a.endLine - b.endLine || a.endCol - b.endCol);
      const want = new Map<number, number>();
      for (const b of blocks) for (let l = b.startLine; l <= Math.max(b.endLine, b.startLine); l++) want.set(l, Math.max(want.get(l) ?? -1, b.count));
      const h = lineHits(fileFromBlocks('r.go', blocks));
      const lines = [...want.keys()].sort((a, b) => a - b);
      expect([...h.lines]).toEqual(lines);
      expect([...h.hits]).toEqual(lines.map((l) => want.get(l)));
    }
  });
});

describe('filter regexps are Go regexps (RE2 syntax and matching)', () => {
  // Subjects as bytes: names that are not UTF-8 match as Go matches their bytes.
  const cases: [string, Buffer[]][] = [
    ['\\pL', [Buffer.from('é'), Buffer.from('1')]],
    ['\\p{Greek}', [Buffer.from('xαy'), Buffer.from('abc')]],
    ['\\x{3b1}', [Buffer.from('α'), Buffer.from('a')]],
    ['a(?i:b)c', [Buffer.from('aBc'), Buffer.from('ABc'), Buffer.from('aBC')]],
    ['(?U)^a+b', [Buffer.from('aab'), Buffer.from('b')]],
    ['^[[:^alpha:]]+$', [Buffer.from('12/_'), Buffer.from('a1')]],
    ['^.\\.go$', [Buffer.from([0xff, 0x2e, 0x67, 0x6f]), Buffer.from('ab.go')]],
    ['\\xff', [Buffer.from([0xff]), Buffer.from('ÿ')]],
    ['\\x{fffd}', [Buffer.from([0xfe]), Buffer.from('a')]],
    ['(?s)a.b', [Buffer.from('a\nb')]],
    ['a.b', [Buffer.from('a\nb')]],
    ['\\Qa.b\\E\\z', [Buffer.from('xa.b'), Buffer.from('a.bx')]],
  ];
  const rejected = ['x{2,1001}', 'a(?=b)', '(a)\\1', '[[:foo:]]', '\\8'];

  it('accepts and rejects as Go does', async () => {
    for (const [p] of cases) expect(() => compileGoRegexp('--x', p), p).not.toThrow();
    for (const p of rejected) expect(() => compileGoRegexp('--exclude-path', p), p).toThrow(UsageError);
    const f = join(tempDir(), 'p.cov');
    writeFileSync(f, 'mode: set\nα/a.go:1.1,1.2 1 1\nb/1.go:1.1,1.2 1 1\n');
    const ok = await runCli(['filter', '--include-path', '\\p{Greek}', f]);
    expect(ok.stdout).toBe('mode: set\nα/a.go:1.1,1.2 1 1\n');
    // Quoted: the flag value is comma-separated (CSV), as in gopherage.
    const bad = await runCli(['filter', '--exclude-path', '"x{2,1001}"', f]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^gopherage: --exclude-path: invalid regular expression "x\{2,1001\}": invalid repeat count: `\{2,1001\}`\n/);
  });

  const go = goOrSkip('1.23');
  it.skipIf(!go)('matches exactly what Go regexp.MatchString matches', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'main.go'),
      `package main

import (
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
)

// usage: match PATTERN HEX... ; prints 1 or 0 per subject, or "error: ..." for a pattern Go rejects.
func main() {
	re, err := regexp.Compile(os.Args[1])
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, h := range os.Args[2:] {
		b, _ := hex.DecodeString(h)
		if re.MatchString(string(b)) {
			fmt.Print("1")
		} else {
			fmt.Print("0")
		}
	}
	fmt.Println()
}
`,
    );
    writeFileSync(join(dir, 'go.mod'), 'module match\n\ngo 1.20\n');
    const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', GOPROXY: 'off' };
    run(go!, ['build', '-o', join(dir, 'match'), '.'], { cwd: dir, env });
    const match = (p: string, subjects: Buffer[]) => run(join(dir, 'match'), [p, ...subjects.map((b) => b.toString('hex'))]).trim();
    let ones = 0;
    for (const [p, subjects] of cases) {
      const re = compileGoRegexp('--x', p);
      const ours = subjects.map((b) => (re.test(decodeName(b)) ? '1' : '0')).join('');
      expect(ours, p).toBe(match(p, subjects));
      ones += [...ours].filter((c) => c === '1').length;
    }
    expect(ones).toBeGreaterThan(8);
    for (const p of rejected) expect(match(p, []), p).toMatch(/^error: /);
  });
});
