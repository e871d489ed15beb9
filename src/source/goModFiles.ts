// The go.mod / go.work / vendor/modules.txt facts the source locator needs:
// text in, plain values out (no file system here). Directives may be single
// lines or parenthesised blocks; tokens may be quoted; `//` comments are dropped.

/** A `replace` whose target is a directory on disk (`=> ./dir`, `=> ../dir`, `=> /abs/dir`). */
export interface LocalReplace {
  /** The replaced module path. */
  module: string;
  /** The directory as written (relative to the file that declares it, or absolute). */
  dir: string;
}

/** The directives of a go.mod or go.work file that locate sources. */
export interface GoModDirectives {
  module: string | null;
  /** go.work `use` directories, as written. */
  use: string[];
  replaces: LocalReplace[];
}

/** Split one directive line into tokens (quoted strings unquoted, `//` comment dropped). */
function tokens(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\/\/.*$)|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m[3] !== undefined) break;
    if (m[1] !== undefined) {
      try {
        out.push(JSON.parse(`"${m[1]}"`) as string);
      } catch {
        out.push(m[1]);
      }
    } else out.push(m[2] ?? m[4]!);
  }
  return out;
}

/** True when a replacement target is a file system path rather than a module path (Go's rule). */
export function isLocalPath(target: string): boolean {
  return target === '.' || target === '..' || target.startsWith('./') || target.startsWith('../') || target.startsWith('/') ||
    /^[A-Za-z]:[\\/]/.test(target) || target.startsWith('.\\') || target.startsWith('..\\');
}

/** Parse go.mod or go.work text: module line, `use` entries, local `replace` directives. */
export function parseGoModDirectives(text: string): GoModDirectives {
  const result: GoModDirectives = { module: null, use: [], replaces: [] };
  let block: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    let toks = tokens(raw);
    if (toks.length === 0) continue;
    if (block !== null) {
      if (toks[0] === ')') {
        block = null;
        continue;
      }
      toks = [block, ...toks];
    } else if (toks.length === 2 && toks[1] === '(') {
      block = toks[0];
      continue;
    }
    const [verb, ...args] = toks;
    if (verb === 'module' && result.module === null && args.length >= 1) result.module = args[0];
    else if (verb === 'use' && args.length >= 1) result.use.push(args[0]);
    else if (verb === 'replace') {
      const arrow = args.indexOf('=>');
      if (arrow < 1 || arrow + 1 >= args.length) continue;
      const target = args[arrow + 1];
      // A local target has no version after it.
      if (isLocalPath(target) && arrow + 2 === args.length) result.replaces.push({ module: args[0], dir: target });
    }
  }
  return result;
}

/** The module paths a vendor/modules.txt vendors (its `# path version` lines). */
export function parseVendorModules(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (!raw.startsWith('# ')) continue;
    const toks = raw.slice(2).trim().split(/\s+/);
    if (toks.length >= 1 && toks[0] !== '' && !toks[0].startsWith('explicit')) out.push(toks[0]);
  }
  return out;
}
