// zz_generated_coverage_endpoint.go of the TestMain shim's runtime package:
// the handlers behind the opt-in HTTP endpoint (server code: endpoint.ts).
// GET /coverage is a flush of the shim's file (the test framework's own
// profile writer; the shim always writes that file) whose text profile is
// also the answer. POST /coverage/reset zeroes the counters: before Go
// 1.20 those testing.RegisterCover registered (testing.cover, reached by
// linkname), since Go 1.20 runtime/coverage.ClearCounters (atomic mode only).
// Package name and target Go version in, Go text out.

import { ENDPOINT_IMPORTS, goEndpointServer, goImports } from './endpoint.js';
import { generatedHeader } from './goSource.js';
import { compareGoVersion, type GoVersion } from './goVersion.js';

/** The Go release that moved test coverage to runtime/coverage (and added ClearCounters). */
const RUNTIME_COVERAGE: GoVersion = { major: 1, minor: 20 };

/** Generate zz_generated_coverage_endpoint.go for a target Go version. */
export function endpointFile(pkg: string, target: GoVersion): string {
  const modern = compareGoVersion(target, RUNTIME_COVERAGE) >= 0;
  const imports: string[] = [...ENDPOINT_IMPORTS];
  if (modern) imports.push('rtcoverage runtime/coverage');
  else imports.push('sync/atomic', 'testing', 'unsafe');
  return `${generatedHeader('runtime')}

//go:build coverage

package ${pkg}

${goImports(imports).replace('\t"unsafe"', '\t_ "unsafe" // for go:linkname')}

// serveCoverage answers GET /coverage with the text profile of everything
// executed so far. It is a flush (the test framework writes the temp file,
// which then replaces the destination) whose profile is also sent: the
// test flags are never changed while main runs.
func serveCoverage() endpointResult {
\tmu.Lock()
\tdefer mu.Unlock()
\tif coverageFile == "" {
\t\treturn textResult(http.StatusServiceUnavailable, "coverage: not initialised yet")
\t}
\tdummyMain().Run()
\tdata, err := os.ReadFile(tempCoveragePath())
\tif err != nil {
\t\treturn textResult(http.StatusInternalServerError, "coverage: reading the profile: %v", err)
\t}
\tif err := os.Rename(tempCoveragePath(), coverageFile); err != nil {
\t\tfmt.Fprintf(os.Stderr, "coverage: cannot move %s to %s: %v\\n", tempCoveragePath(), coverageFile, err)
\t}
\treturn endpointResult{http.StatusOK, "text/plain; charset=utf-8", data}
}

// serveReset answers POST /coverage/reset: it zeroes the counters, so that
// the next profile (served or flushed) counts only what runs from now on.
func serveReset() endpointResult {
\tmu.Lock()
\tdefer mu.Unlock()
\tif err := resetCounters(); err != nil {
\t\treturn textResult(http.StatusConflict, "coverage: cannot reset: %v", err)
\t}
\treturn textResult(http.StatusOK, "coverage: counters reset")
}
${modern ? MODERN_RESET : LEGACY_RESET}
${goEndpointServer('')}`;
}

const MODERN_RESET = `
// resetCounters zeroes the counters with runtime/coverage.ClearCounters (Go
// >= 1.20), which Go allows only in a binary built with -covermode=atomic.
func resetCounters() error {
\treturn rtcoverage.ClearCounters()
}
`;

const LEGACY_RESET = `
// testingCover is testing's registration of the coverage counters (Go < 1.20:
// the test binary's main calls testing.RegisterCover with them).
//
//go:linkname testingCover testing.cover
var testingCover testing.Cover

// resetCounters zeroes every counter the test binary registered with testing.
func resetCounters() error {
\tif testingCover.Mode == "" {
\t\treturn fmt.Errorf("no coverage counters registered (built without -cover?)")
\t}
\tfor _, counts := range testingCover.Counters {
\t\tfor i := range counts {
\t\t\tatomic.StoreUint32(&counts[i], 0)
\t\t}
\t}
\treturn nil
}
`;
