// zz_generated_coverage_endpoint.go of the TestMain shim's runtime package:
// the handlers behind the opt-in HTTP endpoint (server code: endpoint.ts).
// GET /coverage runs the test framework's own profile writer into a temp file
// beside the destination (the shim always writes files there), and answers
// with the text profile. POST /coverage/reset zeroes the counters: before Go
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
  const imports = [...ENDPOINT_IMPORTS, 'flag', 'net/http'];
  if (modern) imports.push('rtcoverage runtime/coverage');
  else imports.push('sync/atomic', 'testing', 'unsafe');
  return `${generatedHeader('runtime')}

//go:build coverage

package ${pkg}

${goImports(imports).replace('\t"unsafe"', '\t_ "unsafe" // for go:linkname')}

// serveCoverage answers GET /coverage with the text profile of everything
// executed so far, written by the test framework into a temp file beside the
// destination (read, then removed).
func serveCoverage() endpointResult {
\tmu.Lock()
\tdefer mu.Unlock()
\tif coverageFile == "" {
\t\treturn textResult(http.StatusServiceUnavailable, "coverage: not initialised yet")
\t}
\ttmp := coverageFile + ".endpoint.tmp"
\tif err := flag.CommandLine.Set("test.coverprofile", tmp); err != nil {
\t\treturn textResult(http.StatusInternalServerError, "coverage: setting -test.coverprofile: %v", err)
\t}
\tdefer flag.CommandLine.Set("test.coverprofile", tempCoveragePath())
\tdefer os.Remove(tmp)
\tdummyMain().Run()
\tdata, err := os.ReadFile(tmp)
\tif err != nil {
\t\treturn textResult(http.StatusInternalServerError, "coverage: reading the profile: %v", err)
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
