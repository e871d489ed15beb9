// The few go.mod facts the generators need: the module path (to build import
// paths) and the `go` / `toolchain` directives (to guess the target Go version
// when no toolchain can be asked). go.mod text in, plain values out.

/** What a go.mod declares (each field null when absent). */
export interface GoModInfo {
  readonly module: string | null;
  /** The `go` directive, e.g. `1.21` or `1.21.0`. */
  readonly go: string | null;
  /** The `toolchain` directive, e.g. `go1.23.4`. */
  readonly toolchain: string | null;
}

/** Read the module path and the go/toolchain directives from go.mod text. */
export function parseGoMod(text: string): GoModInfo {
  let module: string | null = null;
  let go: string | null = null;
  let toolchain: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const m = /^(module|go|toolchain)\s+(.+)$/.exec(line);
    if (!m) continue;
    let value = m[2]!.trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = JSON.parse(value) as string;
    else if (value.startsWith('`') && value.endsWith('`') && value.length >= 2) value = value.slice(1, -1);
    if (m[1] === 'module' && module === null) module = value;
    else if (m[1] === 'go' && go === null) go = value;
    else if (m[1] === 'toolchain' && toolchain === null) toolchain = value;
  }
  return { module, go, toolchain };
}
