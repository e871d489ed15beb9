// File-system safety and messages (issue 12), each against the real CLI:
// `-o` through devices, FIFOs and symlinks; `**` globs over symlink cycles;
// a failed write to stdout; 20,000-component paths; binary input and escaped
// messages; symlink loops and the right path in `ci` errors; symlinks out of
// --source-root; stale temp files of killed runs.

import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSourceLocator } from '../src/source/locator.js';
import { unpackSources } from '../src/report/html/pack.js';
import { treeJson } from '../src/report/html/render.js';
import type { HtmlNode } from '../src/report/html/model.js';
import { tableRows } from '../src/summary/rows.js';
import { buildTreeFromTotals, walkTree } from '../src/summary/tree.js';
import { escapeText, quoteText } from '../src/profile/errors.js';
import { chromiumOrSkip, launch, openReport } from './html-browser.js';
import { BIN, ROOT, runCli, tempDir, TESTDATA } from './helpers.js';

const EXAMPLE = join(TESTDATA, 'example', 'list-basic.cov');
const EXAMPLE2 = join(TESTDATA, 'example', 'list-move.cov');
let expected = ''; // canonical merge of EXAMPLE alone
let expectedBoth = ''; // canonical merge of EXAMPLE and EXAMPLE2

beforeAll(async () => {
  expected = (await runCli(['merge', EXAMPLE])).stdout;
  expectedBoth = (await runCli(['merge', EXAMPLE, EXAMPLE2])).stdout;
  expect(expected).toMatch(/^mode: count\n/);
});

/** Names in `dir` that look like our temp files. */
const temps = (dir: string): string[] => readdirSync(dir).filter((n) => n.includes('.tmp-'));

/** A one-line `gopherage:` error with no control characters. */
function expectOneCleanLine(stderr: string): void {
  expect(stderr).toMatch(/^gopherage: [^\n]*\n$/);
  expect(stderr.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
}

describe('-o writes through what is at the path', () => {
  it('a character device stays a device (made with mknod)', async () => {
    const dir = tempDir();
    const dev = join(dir, 'null');
    const mk = spawnSync('mknod', [dev, 'c', '1', '3']);
    expect(mk.status, String(mk.stderr)).toBe(0);
    const r = await runCli(['merge', EXAMPLE, '-o', dev]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
    expect(temps(dir)).toEqual([]);
    // Every command writes through it (a report, not only a profile).
    const t = await runCli(['table', EXAMPLE, '-o', dev]);
    expect(t.code).toBe(0);
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
  });

  it('a FIFO receives the output and stays a FIFO', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const chunks: Buffer[] = [];
    const reader = new Promise<string>((resolve, reject) => {
      const s = createReadStream(fifo);
      s.on('data', (c) => chunks.push(c as Buffer));
      s.on('error', reject);
      s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    const [r, got] = await Promise.all([runCli(['merge', EXAMPLE, '-o', fifo]), reader]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(got).toBe(expected);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(temps(dir)).toEqual([]);
  });

  it('a symlink stays a link; the file it points to is replaced atomically', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    mkdirSync(join(dir, 'links'));
    const target = join(dir, 'real', 'out.cov');
    writeFileSync(target, 'old content\n');
    symlinkSync('../real/out.cov', join(dir, 'links', 'out.cov'));
    symlinkSync('out.cov', join(dir, 'links', 'chain.cov')); // a link to a link
    const r = await runCli(['merge', EXAMPLE, '-o', join(dir, 'links', 'out.cov')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'links', 'out.cov')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'links', 'out.cov'))).toBe('../real/out.cov');
    expect(readFileSync(target, 'utf8')).toBe(expected);

    const r2 = await runCli(['merge', EXAMPLE, EXAMPLE2, '-o', join(dir, 'links', 'chain.cov')]);
    expect(r2.code).toBe(0);
    expect(lstatSync(join(dir, 'links', 'chain.cov')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(expectedBoth);
    expect(temps(join(dir, 'links'))).toEqual([]);
    expect(temps(join(dir, 'real'))).toEqual([]);
  });

  it('a link may name an input: it is read before its target is replaced', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.cov'), readFileSync(EXAMPLE));
    symlinkSync('a.cov', join(dir, 'link.cov'));
    const r = await runCli(['merge', join(dir, 'link.cov'), EXAMPLE2, '-o', join(dir, 'link.cov')]);
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'link.cov')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'a.cov'), 'utf8')).toBe(expectedBoth);
  });

  it('a dangling link creates the file it points to', async () => {
    const dir = tempDir();
    symlinkSync('made.cov', join(dir, 'link.cov'));
    const r = await runCli(['merge', EXAMPLE, '-o', join(dir, 'link.cov')]);
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'link.cov')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'made.cov'), 'utf8')).toBe(expected);
  });

  it('a link loop as -o is an error naming it; nothing is written', async () => {
    const dir = tempDir();
    symlinkSync('loop.cov', join(dir, 'loop.cov'));
    const r = await runCli(['merge', EXAMPLE, '-o', join(dir, 'loop.cov')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`gopherage: ${join(dir, 'loop.cov')}: cannot write: symbolic link loop\n`);
    expect(readdirSync(dir)).toEqual(['loop.cov']);
  });
});

describe('globs over symlinks', () => {
  it('mkdir m; ln -s . m/a; ln -s . m/b: m/**/*.cov ends and gives each file once', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'm'));
    symlinkSync('.', join(dir, 'm', 'a'));
    symlinkSync('.', join(dir, 'm', 'b'));
    writeFileSync(join(dir, 'm', 'x.cov'), readFileSync(EXAMPLE));
    // A heap cap: before the fix this grew without end (4.4 GB).
    const env = { NODE_OPTIONS: '--max-old-space-size=256' };
    const r = await runCli(['merge', 'm/**/*.cov'], { cwd: dir, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expected);
    const t = await runCli(['table', 'm/**/*.cov', '--format', 'csv'], { cwd: dir, env });
    expect(t.code).toBe(0);
    expect(t.stdout.split('\n')[0]).toBe('name,path,kind,depth,x percent,x covered,x statements,x trend'); // one input
  });

  it('a file reached by several links, or a directory by two links, counts once', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'w', 'd'), { recursive: true });
    writeFileSync(join(dir, 'w', 'd', 'x.cov'), readFileSync(EXAMPLE));
    symlinkSync('d', join(dir, 'w', 'l1'));
    symlinkSync('d', join(dir, 'w', 'l2'));
    symlinkSync('d/x.cov', join(dir, 'w', 'alias.cov'));
    const r = await runCli(['merge', 'w/**/*.cov'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expected); // counts of one copy, not four
    // Links that are not cycles are still followed.
    mkdirSync(join(dir, 'v'));
    symlinkSync('../w/d', join(dir, 'v', 'linked'));
    const v = await runCli(['merge', 'v/**/*.cov'], { cwd: dir });
    expect(v.code).toBe(0);
    expect(v.stdout).toBe(expected);
  });
});

describe('a failed write to stdout', () => {
  /** Run with stdout opened on /dev/full. */
  function toFull(args: readonly string[]): Promise<{ code: number; stderr: string }> {
    return new Promise((resolve, reject) => {
      const fd = openSync('/dev/full', 'w');
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', fd, 'pipe'] });
      closeSync(fd);
      const err: Buffer[] = [];
      child.stderr!.on('data', (d: Buffer) => err.push(d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stderr: Buffer.concat(err).toString('utf8') }));
    });
  }

  it('is one gopherage: line and exit 3, for every command', async () => {
    const out = tempDir();
    const commands: string[][] = [
      ['merge', EXAMPLE],
      ['aggregate', EXAMPLE],
      ['diff', EXAMPLE, EXAMPLE],
      ['filter', EXAMPLE],
      ['junit', EXAMPLE],
      ['convert', EXAMPLE, '--format', 'lcov'],
      ['table', EXAMPLE],
      ['html', EXAMPLE],
      ['instrument', 'config', '--name', 'kubelet'],
      ['metadata', 'abs', '--commit', 'abc', '--ref', 'main', '--project', 'p'],
      ['ci', '--profiles', EXAMPLE, '--out', join(out, 'r')],
    ];
    // Real processes (stdout is a file descriptor on /dev/full), run side by side.
    const results = await Promise.all(commands.map((args) => toFull(args)));
    commands.forEach((args, i) => {
      expect(results[i].stderr, args.join(' ')).toBe('gopherage: <stdout>: cannot write: no space left on device\n');
      expect(results[i].code, args.join(' ')).toBe(3);
    });
  });
});

describe('a closed stdout pipe', () => {
  it('stays exit 0 with nothing on stderr (`| head`)', async () => {
    for (const args of [['merge', EXAMPLE], ['table', EXAMPLE]]) {
      const r = await new Promise<{ code: number; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout!.destroy(); // the reader is gone before the first write
        const err: Buffer[] = [];
        child.stderr!.on('data', (d: Buffer) => err.push(d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? -1, stderr: Buffer.concat(err).toString('utf8') }));
      });
      expect(r, args[0]).toEqual({ code: 0, stderr: '' });
    }
  });
});

describe('deep paths', () => {
  let dir = '';
  const deepName = `${Array.from({ length: 20000 }, () => 'd').join('/')}/a.go`;
  beforeAll(() => {
    dir = tempDir();
    writeFileSync(join(dir, 'deep.cov'), `mode: set\n${deepName}:1.1,2.2 1 1\nx/b.go:1.1,2.2 1 0\n`);
  });

  it('table handles a 20,000-component path', async () => {
    const r = await runCli(['table', 'deep.cov', '--format', 'csv'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(1)).toEqual(['d/,d/,dir,1,100.0,1,1,', 'x/,x/,dir,1,0.0,0,1,', 'Total,,total,0,50.0,1,2,', '']);
    const parent = deepName.slice(0, -'/d/a.go'.length);
    const p = await runCli(['table', 'deep.cov', '--format', 'csv', '--prefix', parent, '--depth', '3'], { cwd: dir });
    expect(p.code).toBe(0);
    expect(p.stdout.split('\n').slice(1)).toEqual([
      `d/,${parent}/d/,dir,1,100.0,1,1,`,
      `d/a.go,${parent}/d/a.go,file,2,100.0,1,1,`,
      `Total,${parent}/,total,0,100.0,1,1,`,
      '',
    ]);
  });

  it('tree code has no recursion: rows, walks and the HTML JSON at depth 20,000', () => {
    const root = buildTreeFromTotals([[{ name: deepName, totals: { covered: 1, statements: 2 } }]]);
    const rows = tableRows(root, { prefix: '', depth: 30000 });
    expect(rows.rows.length).toBe(20001);
    expect(rows.rows[20000]).toMatchObject({ kind: 'file', path: deepName, depth: 20001 });
    expect(rows.rows[20000].label.length).toBe(deepName.length);
    let deepest = 0;
    walkTree(root, (_, d) => (deepest = Math.max(deepest, d)));
    expect(deepest).toBe(20001);
    // The streamed JSON equals JSON.stringify wherever that works.
    const small = { n: '', t: [[1, 2]], d: [{ n: 'a', t: [null], d: [{ n: 'x<y".go', t: [[0, 1]], s: 0 }] }, { n: 'b.go', t: [[1, 1]] }] };
    expect([...treeJson(small as HtmlNode)].join('')).toBe(JSON.stringify(small));
  });

  it('html handles a 20,000-component path', async () => {
    const r = await runCli(['html', 'deep.cov', '-o', 'deep.html'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'deep.html'), 'utf8');
    const json = /<script type="application\/json"[^>]*>([^<]*)<\/script>/.exec(html)![1];
    type Node = { n: string; t: ([number, number] | null)[]; d?: Node[] };
    let node = (JSON.parse(json) as { root: Node }).root;
    let depth = 0;
    while (node.d) {
      node = node.d[0];
      depth++;
    }
    expect(depth).toBe(20001);
    expect(node).toEqual({ n: 'a.go', t: [[1, 1]] });
  });

  it.skipIf(!chromiumOrSkip())('the HTML report searches a 20,000-component path in Chromium', async () => {
    const made = await runCli(['html', 'deep.cov', '-o', 'browse.html'], { cwd: dir });
    expect(made.code).toBe(0);
    const browser = await launch();
    try {
      const o = await openReport(browser, join(dir, 'browse.html'));
      await o.page.check('#deep');
      await o.page.fill('#filter', 'a.go');
      expect(await o.page.textContent('#row-count')).toBe('1 match below this directory');
      const rows = await o.page.$$eval('#rows tr', (trs) => trs.map((r) => (r as HTMLTableRowElement).cells[0].textContent ?? ''));
      expect(rows).toEqual([deepName]);
      expect(o.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('binary input and quoted text', () => {
  it('the start of an executable is "binary data", named, with bytes escaped', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bin.cov'), readFileSync('/usr/bin/ls').subarray(0, 2000));
    for (const cmd of ['merge', 'table', 'convert']) {
      const r = await runCli([cmd, 'bin.cov'], { cwd: dir });
      expect(r.code).toBe(3);
      expectOneCleanLine(r.stderr);
      expect(r.stderr).toMatch(/^gopherage: bin\.cov:1: binary data, not a text cover profile: "\\x7fELF\\x02\\x01\\x01\\x00/);
    }
    // The same through stdin.
    const s = await runCli(['merge', '-'], { cwd: dir, stdin: readFileSync('/usr/bin/ls').subarray(0, 2000) });
    expect(s.code).toBe(3);
    expectOneCleanLine(s.stderr);
    expect(s.stderr).toMatch(/^gopherage: <stdin>:1: binary data, not a text cover profile: /);
  });

  it('control characters in a profile line or a file name are escaped in messages', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'esc.cov'), 'mode: set\n\u001b[31mred.go:1.1,2.2 1 x\n');
    const r = await runCli(['merge', 'esc.cov'], { cwd: dir });
    expect(r.code).toBe(3);
    expectOneCleanLine(r.stderr);
    expect(r.stderr).toContain('esc.cov:2: binary data, not a text cover profile: "\\x1b[31mred.go:1.1,2.2 1 x"');
    // A name with a control character in an error that names files (not a quoted line).
    writeFileSync(join(dir, 'a.cov'), 'mode: set\nbell\u0007.go:1.1,2.2 1 1\n');
    writeFileSync(join(dir, 'b.cov'), 'mode: set\nbell\u0007.go:1.1,2.3 1 1\n');
    const m = await runCli(['merge', 'a.cov', 'b.cov'], { cwd: dir });
    expect(m.code).toBe(3);
    expectOneCleanLine(m.stderr);
    expect(m.stderr).toContain('bell\\x07.go');
    // A quoted block of such a file (the same block twice with different NumStmt).
    writeFileSync(join(dir, 'c.cov'), 'mode: set\nbell\u0007.go:1.1,2.2 1 1\nbell\u0007.go:1.1,2.2 2 1\n');
    const c = await runCli(['merge', 'c.cov'], { cwd: dir });
    expect(c.code).toBe(3);
    expect(c.stderr).toBe('gopherage: c.cov:3: inconsistent NumStmt for block "bell\\x07.go:1.1,2.2": 1 (line 2) then 2\n');
    // A path given by the user with an escape sequence.
    const p = await runCli(['merge', 'no\u001b[2Jfile.cov'], { cwd: dir });
    expect(p.code).toBe(3);
    expect(p.stderr).toBe('gopherage: no\\x1b[2Jfile.cov: no such file\n');
  });

  it('quoteText truncates and escapes; invalid UTF-8 bytes show as \\xNN', () => {
    expect(quoteText('plain')).toBe('"plain"');
    expect(quoteText('a\u0000b\tc\u007f\u009b\u202e')).toBe('"a\\x00b\\tc\\x7f\\x9b\\u202e"');
    expect(quoteText('x'.repeat(100))).toBe(`"${'x'.repeat(80)}..."`);
    expect(quoteText(new Uint8Array([0x61, 0xff, 0xc3, 0xa9, 0xe2, 0x82]))).toBe('"a\\xffé\\xe2\\x82"');
    expect(escapeText('déjà vu "ok" \\ 中文')).toBe('déjà vu "ok" \\ 中文');
  });
});

describe('messages name the input and place', () => {
  it('a symlink loop given as a path is "symbolic link loop", not "no such file"', async () => {
    const dir = tempDir();
    symlinkSync('loop.cov', join(dir, 'loop.cov'));
    for (const cmd of ['merge', 'table', 'diff']) {
      const args = cmd === 'diff' ? [cmd, 'loop.cov', 'loop.cov'] : [cmd, 'loop.cov'];
      const r = await runCli(args, { cwd: dir });
      expect(r.stderr, cmd).toBe('gopherage: loop.cov: symbolic link loop\n');
      expect(r.code).toBe(3);
    }
  });

  it('ci --out DIR with DIR/merged.cov a directory names DIR/merged.cov', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'cio', 'merged.cov'), { recursive: true });
    const r = await runCli(['ci', '--profiles', EXAMPLE, '--out', 'cio'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`gopherage: ${join('cio', 'merged.cov')}: is a directory\n`);
    expect(readdirSync(dir)).toEqual(['cio']); // no temp directory left
  });
});

describe('--source-root', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir();
    mkdirSync(join(dir, 'root', 'pkg'), { recursive: true });
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside', 'passwd'), 'root:x:0:0:TOPSECRET:/root:/bin/sh\n');
    writeFileSync(join(dir, 'root', 'pkg', 'a.go'), 'package pkg\n\nfunc A() {}\n');
    symlinkSync(join(dir, 'outside', 'passwd'), join(dir, 'root', 'pkg', 'secret.go'));
    symlinkSync('a.go', join(dir, 'root', 'pkg', 'inner.go')); // a link that stays inside
    writeFileSync(join(dir, 'p.cov'), 'mode: set\nex.com/pkg/a.go:3.10,3.12 1 1\nex.com/pkg/secret.go:1.1,1.5 1 1\n');
  });

  it('a link to a file outside the root is never embedded: reported as not found', async () => {
    const r = await runCli(['html', 'p.cov', '--source-root', 'root', '--trim-prefix', 'ex.com/', '-o', 'r.html'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^gopherage: source found for 1 of 2 files; the others are marked "no source": \S+secret\.go \(outside the roots .*\)\n$/);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    // Sources are embedded compressed: unpack every pack to see what the page holds.
    const embedded = [...html.matchAll(/<script type="text\/plain" id="gz\d+">([A-Za-z0-9+/=]*)<\/script>/g)]
      .flatMap((g) => unpackSources(g[1]))
      .map((f) => Buffer.from(f.bytes).toString())
      .join('\n');
    expect(html + embedded).not.toContain('TOPSECRET');
    expect(embedded).toContain('func A() {}');
  });

  it('the source locator reads by real path: inside links yes, outside links and non-files no', async () => {
    const read = async (root: string, name: string): Promise<Uint8Array | null> => (await createSourceLocator({ cwd: dir, sourceRoot: root, goroot: null })).read(name);
    expect(await read(join(dir, 'root'), 'pkg/secret.go')).toBeNull();
    expect(Buffer.from((await read(join(dir, 'root'), 'pkg/inner.go'))!).toString()).toContain('func A()');
    expect(await read(join(dir, 'root'), 'pkg')).toBeNull();
    // The root itself reached through a link works.
    symlinkSync(join(dir, 'root'), join(dir, 'rootlink'));
    expect(Buffer.from((await read(join(dir, 'rootlink'), 'pkg/a.go'))!).toString()).toContain('func A()');
    expect(await read(join(dir, 'rootlink'), 'pkg/secret.go')).toBeNull();
  });
});

describe('stale temp files', () => {
  /** The PID of a process that has exited. */
  function deadPid(): number {
    const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    return Number(r.stdout);
  }

  it('ours with a dead PID are removed on the next write into the directory; others stay', async () => {
    const dir = tempDir();
    const dead = deadPid();
    const old = new Date(Date.now() - 3600_000);
    const names = {
      dead: `.out.cov.tmp-${dead}-abc123`,
      deadOther: `.report.html.tmp-${dead}-zz9`,
      live: `.out.cov.tmp-${process.pid}-def456`,
      fresh: `.out.cov.tmp-${dead}-fresh1`,
      notOurs: `.out.cov.tmp-x${dead}-abc123`,
      deadDir: `.cio.tmp-${dead}-AbC123`,
    };
    for (const n of Object.values(names)) {
      if (n === names.deadDir) {
        mkdirSync(join(dir, n));
        writeFileSync(join(dir, n, 'merged.cov'), 'partial');
      } else writeFileSync(join(dir, n), 'partial');
      if (n !== names.fresh) utimesSync(join(dir, n), old, old);
    }
    const r = await runCli(['merge', EXAMPLE, '-o', join(dir, 'new.cov')]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([names.fresh, names.live, names.notOurs, 'new.cov'].sort());
    expect(statSync(join(dir, 'new.cov')).size).toBe(expected.length);
  });

  it('ci names its temp directory so that it can be cleaned the same way', async () => {
    const dir = tempDir();
    const dead = deadPid();
    const old = new Date(Date.now() - 3600_000);
    mkdirSync(join(dir, `.r.tmp-${dead}-Xy12ab`));
    utimesSync(join(dir, `.r.tmp-${dead}-Xy12ab`), old, old);
    const r = await runCli(['ci', '--profiles', EXAMPLE, '--out', 'r'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toEqual(['r']);
  });
});
