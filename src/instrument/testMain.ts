// `instrument testmain`: the TestMain shim that turns a `package main` into a
// coverage-collecting test binary (`go test -c -tags coverage`). Options in,
// one GeneratedFile (zz_generated_<name>_test.go) out.

import { checkBinaryName, checkImportPath, generatedHeader, goString, type GeneratedFile } from './goSource.js';

/** Options of the TestMain shim. */
export interface TestMainOptions {
  /** Binary name: passed to InitCoverage (default destination /tmp/k8s-<name>.cov) and used in the file name. */
  readonly name: string;
  /** Import path of the package written by `instrument runtime`. */
  readonly coverageImport: string;
  /** Package name of that package (default `coverage`). */
  readonly coveragePackage?: string;
}

/** The file name of the shim for a binary name. */
export function testMainFileName(name: string): string {
  return `zz_generated_${name.replace(/[.-]/g, '_')}_test.go`;
}

/** Generate zz_generated_<name>_test.go: TestMain = InitCoverage(name); main(); FlushCoverage(). */
export function generateTestMain(opts: TestMainOptions): GeneratedFile {
  checkBinaryName('name', opts.name);
  checkImportPath('coverageImport', opts.coverageImport);
  const pkg = opts.coveragePackage ?? 'coverage';
  const lastElem = opts.coverageImport.slice(opts.coverageImport.lastIndexOf('/') + 1);
  const importLine = pkg === lastElem ? `\t"${opts.coverageImport}"` : `\t${pkg} "${opts.coverageImport}"`;
  const content = `${generatedHeader('testmain')}

//go:build coverage

package main

import (
\t"testing"

${importLine}
)

// TestMain runs the program's main() inside a test binary built with
//
//\tgo test -c -covermode=count -coverpkg=<module>/... -tags coverage -o <binary> <this package>
//
// so that Go's test coverage machinery counts what the running program executes.
// The profile is flushed periodically (see the ${pkg} package), and once more
// when main returns. os.Exit or log.Fatal in main skip that final flush.
func TestMain(m *testing.M) {
\t${pkg}.InitCoverage(${goString('name', opts.name)})
\tmain()
\t${pkg}.FlushCoverage()
}
`;
  return { name: testMainFileName(opts.name), content };
}
