// Go release numbers: parse what `go env GOVERSION` prints (`go1.23.4`,
// `go1.24rc1`, `devel go1.25-abc…`) or what a go.mod `go`/`toolchain`
// directive says (`1.21`, `1.21.0`, `go1.22.3`) into {major, minor}.

/** A Go release line, e.g. {major: 1, minor: 23} for go1.23.x. */
export interface GoVersion {
  readonly major: number;
  readonly minor: number;
}

/** Parse a Go version string; null when it names no Go 1.x release. */
export function parseGoVersion(text: string): GoVersion | null {
  const m = /(?:^|\bgo)(1)\.(\d+)(?![\d])/.exec(text.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** Negative, zero or positive as `a` is older than, the same line as, or newer than `b`. */
export function compareGoVersion(a: GoVersion, b: GoVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

/** `1.23` */
export function formatGoVersion(v: GoVersion): string {
  return `${v.major}.${v.minor}`;
}
