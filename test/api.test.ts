// The public library API as a user sees it: the package root exports exactly
// the names docs/api.md lists (no engine internals), every export has a doc
// comment at its definition, and the README's "Library API" example runs
// against the built package (`import … from 'gopherage'`) and prints what it
// says. (test/package.test.ts runs the same example in an installed tarball.)

import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { promisedOutput, readmeLibraryExample, ROOT, tempDir } from './helpers.js';

/** The export names docs/api.md lists: the first `code` span of each `- ` line under a `## ` heading. */
function documentedExports(): string[] {
  const names: string[] = [];
  for (const line of readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8').split('\n')) {
    const m = /^- `([A-Za-z_$][\w$]*)`/.exec(line);
    if (m) names.push(m[1]);
  }
  return names;
}

interface ExportInfo {
  name: string;
  kind: 'value' | 'type';
  doc: string;
  file: string;
}

const parsed = new Map<string, ts.SourceFile>();
function source(file: string): ts.SourceFile {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    parsed.set(file, sf);
  }
  return sf;
}

const hasExport = (n: ts.Node): boolean => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const docOf = (n: ts.Node): string =>
  ts
    .getJSDocCommentsAndTags(n)
    .map((d) => (typeof d.comment === 'string' ? d.comment : ts.getTextOfJSDocComment(d.comment) ?? ''))
    .join(' ')
    .trim();

/**
 * Where `name` is defined, starting from module `file`: its kind and doc
 * comment, following `export { … } from` re-exports (without a type checker:
 * the source files are only parsed, which takes well under a second).
 */
function definition(file: string, name: string): ExportInfo {
  const sf = source(file);
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) {
        if (el.name.text !== name) continue;
        const target = resolve(dirname(file), st.moduleSpecifier.text.replace(/\.js$/, '.ts'));
        return definition(target, (el.propertyName ?? el.name).text);
      }
    }
    if (!hasExport(st)) continue;
    if (ts.isVariableStatement(st)) {
      if (st.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name)) return { name, kind: 'value', doc: docOf(st), file };
    } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name?.text === name) {
      return { name, kind: 'value', doc: docOf(st), file };
    } else if ((ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && st.name.text === name) {
      return { name, kind: 'type', doc: docOf(st), file };
    }
  }
  throw new Error(`${name}: no exported definition found in ${file}`);
}

/** Every name src/index.ts exports, with where it is defined. */
function publicExports(): ExportInfo[] {
  const index = join(ROOT, 'src', 'index.ts');
  const out: ExportInfo[] = [];
  for (const st of source(index).statements) {
    if (ts.isExportDeclaration(st)) {
      expect(st.exportClause && ts.isNamedExports(st.exportClause), 'src/index.ts lists its exports by name (no export *)').toBe(true);
      for (const el of (st.exportClause as ts.NamedExports).elements) out.push(definition(index, el.name.text));
    } else {
      expect(hasExport(st), 'src/index.ts only re-exports').toBe(false);
    }
  }
  return out;
}

describe('the public API (src/index.ts)', () => {
  const api = publicExports();

  it('exports exactly what docs/api.md lists, each once', () => {
    const names = api.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...documentedExports()].sort());
  });

  it('gives every export a doc comment at its definition', () => {
    const missing = api.filter((e) => e.doc === '').map((e) => `${e.name} (${e.file.slice(ROOT.length + 1)})`);
    expect(missing).toEqual([]);
  });

  it('the built entry point has exactly the value exports (no engine internals)', async () => {
    const dist = (await import(join(ROOT, 'dist', 'index.js'))) as Record<string, unknown>;
    expect(Object.keys(dist).sort()).toEqual(api.filter((e) => e.kind === 'value').map((e) => e.name).sort());
    for (const internal of ['GuideCache', 'LineParser', 'ProfileBuilder', 'combineCounts', 'fileChunks', 'ByteReader', 'UnitTable', 'parallelMerge']) {
      expect(dist[internal], internal).toBeUndefined();
    }
  });

  it("every import from 'gopherage' in the README and the docs names an export", () => {
    const names = new Set(api.map((e) => e.name));
    const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
    let imports = 0;
    for (const doc of docs) {
      for (const m of readFileSync(join(ROOT, doc), 'utf8').matchAll(/import\s*\{([^}]*)\}\s*from\s*'gopherage'/g)) {
        for (const name of m[1].split(',').map((n) => n.trim().replace(/^type\s+/, '')).filter(Boolean)) {
          imports++;
          expect(names.has(name), `${doc} imports ${name}`).toBe(true);
        }
      }
    }
    expect(imports).toBeGreaterThan(20);
  });

  it("the README's Library API example runs against the package and prints what it says", () => {
    const code = readmeLibraryExample();
    const want = promisedOutput(code);
    expect(want.split('\n').length).toBeGreaterThanOrEqual(3);
    // A user project whose node_modules/gopherage is this package (as `npm link` makes it): resolved through package.json "exports".
    const project = tempDir('gopherage-api-');
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(ROOT, join(project, 'node_modules', 'gopherage'), 'dir');
    writeFileSync(join(project, 'example.mjs'), code);
    // The example's relative paths are the repository's testdata.
    const out = execFileSync(process.execPath, [join(project, 'example.mjs')], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trimEnd()).toBe(want);
  });
});
