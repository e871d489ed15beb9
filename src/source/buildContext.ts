// Go's build rules for one target, as go/build applies them to a file:
// the name (_test.go, `_`/`.` prefixes, _GOOS/_GOARCH suffixes), the header's
// //go:build expression (or legacy // +build lines) and, for files importing
// "C", whether cgo is enabled. In: a target (GOOS, GOARCH, cgo, tags); a
// file's name and text. Out: whether `go build` compiles the file.

/** A build target: what go/build.Context holds for tag matching. */
export interface BuildContext {
  goos: string;
  goarch: string;
  cgo: boolean;
  /** Extra -tags. */
  tags: readonly string[];
  /** Go release whose goN.M tags are satisfied (minor version, e.g. 23 for Go 1.23). */
  goMinor: number;
}

/** GOOS values go/build knows (syslist.go, Go 1.23). */
export const KNOWN_OS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9',
  'solaris', 'wasip1', 'windows', 'zos',
]);
const UNIX_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'linux', 'netbsd', 'openbsd', 'solaris']);
/** GOARCH values go/build knows (syslist.go, Go 1.23). */
export const KNOWN_ARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'mips64p32',
  'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm',
]);
const REGABI = new Set(['amd64', 'arm64', 'loong64', 'ppc64', 'ppc64le', 'riscv64']);
/** Default architecture-level tags (GOAMD64=v1, GOARM=7, GOARM64=v8.0, ...), as internal/buildcfg sets them. */
const ARCH_LEVELS: Record<string, string[]> = {
  '386': ['386.sse2'],
  amd64: ['amd64.v1'],
  arm: ['arm.5', 'arm.6', 'arm.7'],
  arm64: ['arm64.v8.0'],
  mips: ['mips.hardfloat'],
  mipsle: ['mipsle.hardfloat'],
  mips64: ['mips64.hardfloat'],
  mips64le: ['mips64le.hardfloat'],
  ppc64: ['ppc64.power8'],
  ppc64le: ['ppc64le.power8'],
  riscv64: ['riscv64.rva20u64'],
};

const NODE_OS: Record<string, string> = { win32: 'windows', sunos: 'solaris' };
const NODE_ARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x', loong64: 'loong64', riscv64: 'riscv64', mips: 'mips', mipsel: 'mipsle' };

/** A machine's GOOS/GOARCH from Node's names of its platform and arch (the CLI passes `process.platform`, `process.arch`). */
export function hostTarget(platform: string, arch: string): { goos: string; goarch: string } {
  return { goos: NODE_OS[platform] ?? platform, goarch: NODE_ARCH[arch] ?? arch };
}

/** go/build.Context.matchTag. */
export function matchTag(ctx: BuildContext, name: string): boolean {
  if (name === 'cgo') return ctx.cgo;
  if (name === ctx.goos || name === ctx.goarch || name === 'gc') return true;
  if (ctx.goos === 'android' && name === 'linux') return true;
  if (ctx.goos === 'illumos' && name === 'solaris') return true;
  if (ctx.goos === 'ios' && name === 'darwin') return true;
  if (name === 'unix' && UNIX_OS.has(ctx.goos)) return true;
  if (ctx.tags.includes(name)) return true;
  const release = /^go1\.(\d+)$/.exec(name);
  if (release) return Number(release[1]) >= 1 && Number(release[1]) <= ctx.goMinor;
  if (ARCH_LEVELS[ctx.goarch]?.includes(name)) return true;
  if (name === 'goexperiment.coverageredesign') return true;
  if (name === 'goexperiment.regabiwrappers' || name === 'goexperiment.regabiargs') return REGABI.has(ctx.goarch);
  return false;
}

/** go/build's goodOSArchFile: false when a _GOOS, _GOARCH or _GOOS_GOARCH name suffix does not match. */
export function goodOSArchFile(ctx: BuildContext, fileName: string): boolean {
  let name = fileName;
  const dot = name.indexOf('.');
  if (dot >= 0) name = name.slice(0, dot);
  const us = name.indexOf('_');
  if (us < 0) return true;
  const l = name.slice(us).split('_');
  if (l[l.length - 1] === 'test') l.pop();
  const n = l.length;
  if (n >= 2 && KNOWN_OS.has(l[n - 2]) && KNOWN_ARCH.has(l[n - 1])) return matchTag(ctx, l[n - 1]) && matchTag(ctx, l[n - 2]);
  if (n >= 1 && (KNOWN_OS.has(l[n - 1]) || KNOWN_ARCH.has(l[n - 1]))) return matchTag(ctx, l[n - 1]);
  return true;
}

/** A //go:build or // +build line does not parse (go build refuses the package). */
export class ConstraintError extends Error {
  constructor(
    readonly lineText: string,
    detail: string,
  ) {
    super(`parsing //go:build line: ${detail}`);
    this.name = 'ConstraintError';
  }
}

/** go/build's shouldBuild: evaluate the file header's //go:build line, else its // +build lines. */
export function shouldBuild(ctx: BuildContext, text: string): boolean {
  const { header, goBuild } = fileHeader(text);
  if (goBuild !== undefined) return evalGoBuild(ctx, goBuild);
  let ok = true;
  for (const raw of header.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('//') || !line.includes('+build')) continue;
    const rest = line.slice(2).trim();
    if (!/^\+build(\s|$)/.test(rest)) continue;
    // Space-separated alternatives of comma-separated (possibly negated) tags.
    const any = rest.slice(6).trim().split(/\s+/).filter(Boolean);
    const valid = any.every((alt) => alt.split(',').every((t) => /^!?[\p{L}\p{N}_.]+$/u.test(t)));
    if (!valid) continue;
    const hit = any.some((alt) => alt.split(',').every((t) => (t.startsWith('!') ? !matchTag(ctx, t.slice(1)) : matchTag(ctx, t))));
    if (!hit) ok = false;
  }
  return ok;
}

/** go/build's parseFileHeader: the leading comment/blank run up to its last blank line, and the //go:build line. */
function fileHeader(text: string): { header: string; goBuild?: string } {
  let end = 0;
  let ended = false;
  let inSlashStar = false;
  let goBuild: string | undefined;
  let at = 0;
  lines: while (at < text.length) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    let line = text.slice(at, nl).trim();
    at = nl + 1;
    if (line === '' && !ended) {
      end = Math.min(at, text.length);
      continue;
    }
    if (!line.startsWith('//')) ended = true;
    if (!inSlashStar && /^\/\/go:build(\s|$)/.test(line)) {
      if (goBuild !== undefined) throw new ConstraintError(line, 'multiple //go:build comments');
      goBuild = line;
    }
    while (line.length > 0) {
      if (inSlashStar) {
        const i = line.indexOf('*/');
        if (i < 0) continue lines;
        inSlashStar = false;
        line = line.slice(i + 2).trim();
        continue;
      }
      if (line.startsWith('//')) continue lines;
      if (line.startsWith('/*')) {
        inSlashStar = true;
        line = line.slice(2).trim();
        continue;
      }
      break lines;
    }
  }
  return { header: text.slice(0, end), goBuild };
}

/** Evaluate a `//go:build EXPR` line (go/build/constraint syntax: || && ! parentheses, tags). */
export function evalGoBuild(ctx: BuildContext, line: string): boolean {
  const src = line.replace(/^\/\/go:build/, '');
  const tokens = src.match(/\|\||&&|[!()]|[^\s|&!()]+|\S/g) ?? [];
  let i = 0;
  const fail = (detail: string): never => {
    throw new ConstraintError(line, detail);
  };
  const or = (): boolean => {
    let v = and();
    while (tokens[i] === '||') {
      i++;
      v = and() || v;
    }
    return v;
  };
  const and = (): boolean => {
    let v = not();
    while (tokens[i] === '&&') {
      i++;
      v = not() && v;
    }
    return v;
  };
  const not = (): boolean => {
    const t = tokens[i++];
    if (t === undefined) return fail('unexpected end of expression');
    if (t === '!') return !not();
    if (t === '(') {
      const v = or();
      if (tokens[i++] !== ')') fail('missing close paren');
      return v;
    }
    if (!/^[\p{L}\p{N}_.]+$/u.test(t)) fail(`invalid syntax at ${t}`);
    return matchTag(ctx, t);
  };
  const v = or();
  if (i < tokens.length) fail(`unexpected token ${tokens[i]}`);
  return v;
}
