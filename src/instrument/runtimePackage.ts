// `instrument runtime`: the Go package behind the TestMain shim. Options in,
// four GeneratedFiles out:
//   zz_generated_coverage.go          (//go:build coverage) InitCoverage / FlushCoverage:
//                                     env-configured destination and interval, periodic
//                                     flush under a mutex, .tmp + rename, optional signal flush;
//   zz_generated_coverage_testdeps.go (//go:build coverage) the fake testing.testDeps for
//                                     the target Go version, and the MainStart call;
//   zz_generated_coverage_disabled.go (//go:build !coverage) InitCoverage panics,
//                                     FlushCoverage is a no-op;
//   zz_generated_coverage_endpoint.go (//go:build coverage) the opt-in HTTP endpoint
//                                     (GET /coverage: the text profile; POST
//                                     /coverage/reset: zero the counters).
// The zz_generated_ prefix lets `filter --exclude-path=zz_generated` drop the
// package's own blocks from reports.

import { checkInterval } from './duration.js';
import { endpointEnv } from './endpoint.js';
import { formatGoVersion } from './goVersion.js';
import { checkEnvPrefix, checkPackageName, generatedHeader, goEnvParsers, goString, type GeneratedFile } from './goSource.js';
import { endpointFile } from './runtimeEndpoint.js';
import type { TestDepsPlan } from './testDeps.js';

/** Options of the coverage runtime package. */
export interface RuntimeOptions {
  /** Go package name (default `coverage`). */
  readonly packageName?: string;
  /** The testDeps plan of the target Go version (see testDepsPlan). */
  readonly plan: TestDepsPlan;
  /**
   * Prefix of the environment variables: _FILE, _FLUSH_INTERVAL, _FLUSH_ON_SIGNAL
   * (default `KUBE_COVERAGE`) and the endpoint's _ADDR, _TOKEN (default `GOPHERAGE_COVERAGE`).
   */
  readonly envPrefix?: string;
  /** Destination when <prefix>_FILE is unset; `{name}` becomes InitCoverage's argument. */
  readonly defaultFile?: string;
  /** Flush interval when <prefix>_FLUSH_INTERVAL is unset (Go duration, default `5s`). */
  readonly interval?: string;
  /** Flush and exit on SIGTERM/SIGINT unless <prefix>_FLUSH_ON_SIGNAL says otherwise. */
  readonly flushOnSignal?: boolean;
}

/** Default destination template, as in Kubernetes. */
export const DEFAULT_COVERAGE_FILE = '/tmp/k8s-{name}.cov';
/** Default environment variable prefix, as in Kubernetes. */
export const DEFAULT_ENV_PREFIX = 'KUBE_COVERAGE';
/** Default flush interval, as in Kubernetes. */
export const DEFAULT_INTERVAL = '5s';

/** Generate the three files of the coverage package. */
export function generateRuntimePackage(opts: RuntimeOptions): GeneratedFile[] {
  const pkg = opts.packageName ?? 'coverage';
  const prefix = opts.envPrefix ?? DEFAULT_ENV_PREFIX;
  const endpoint = endpointEnv(opts.envPrefix);
  const interval = opts.interval ?? DEFAULT_INTERVAL;
  checkPackageName('packageName', pkg);
  checkEnvPrefix('envPrefix', prefix);
  checkInterval('interval', interval);
  const defaultFile = goString('defaultFile', opts.defaultFile ?? DEFAULT_COVERAGE_FILE);
  return [
    { name: 'zz_generated_coverage.go', content: coverageFile(pkg, prefix, defaultFile, interval, opts.flushOnSignal ?? false, endpoint) },
    { name: 'zz_generated_coverage_testdeps.go', content: testDepsFile(pkg, opts.plan) },
    { name: 'zz_generated_coverage_disabled.go', content: disabledFile(pkg) },
    { name: 'zz_generated_coverage_endpoint.go', content: endpointFile(pkg, opts.plan.target) },
  ];
}

function coverageFile(pkg: string, prefix: string, defaultFile: string, interval: string, flushOnSignal: boolean, endpoint: { addr: string; token: string }): string {
  return `${generatedHeader('runtime')}

//go:build coverage

// Package ${pkg} writes the Go coverage profile of a long-running program
// built as a test binary (go test -c -covermode=count -coverpkg=<module>/...
// -tags coverage), periodically and when it stops. The program's TestMain
// (gopherage instrument testmain) calls InitCoverage, main and FlushCoverage.
//
// Environment:
//
//\t${prefix}_FILE            destination (default ${defaultFile.slice(1, -1)})
//\t${prefix}_FLUSH_INTERVAL  Go duration between flushes (default ${interval})
//\t${prefix}_FLUSH_ON_SIGNAL true/false: flush, then exit 128+n on SIGTERM/SIGINT (default ${flushOnSignal})
//\t${endpoint.addr}${' '.repeat(Math.max(1, prefix.length + 17 - endpoint.addr.length))}host:port of the HTTP coverage endpoint (default: none, no endpoint)
//\t${endpoint.token}${' '.repeat(Math.max(1, prefix.length + 17 - endpoint.token.length))}bearer token the endpoint requires (required unless the address is loopback)
//
// Invalid values stop the program at start-up: a silent coverage gap is worse.
package ${pkg}

import (
\t"flag"
\t"fmt"
\t"os"
\t"os/signal"
\t"path/filepath"
\t"strconv"
\t"strings"
\t"sync"
\t"syscall"
\t"time"
)

const (
\tfileEnv              = "${prefix}_FILE"
\tintervalEnv          = "${prefix}_FLUSH_INTERVAL"
\tflushOnSignalEnv     = "${prefix}_FLUSH_ON_SIGNAL"
\tdefaultFile          = ${defaultFile}
\tdefaultInterval      = "${interval}"
\tdefaultFlushOnSignal = ${flushOnSignal}
\tendpointAddrEnv      = "${endpoint.addr}"
\tendpointTokenEnv     = "${endpoint.token}"
)

var (
\t// mu serialises flushes: the periodic goroutine, the signal handler and the
\t// final flush from TestMain must not write the same .tmp file at once.
\tmu sync.Mutex
\t// coverageFile is the absolute destination, set once by InitCoverage.
\tcoverageFile string
)

// tempCoveragePath is where testing writes the profile before the rename. It
// is in the destination's directory so that os.Rename is atomic: readers see
// the previous complete profile or the new one, never a partial file.
func tempCoveragePath() string {
\treturn coverageFile + ".tmp"
}

// InitCoverage prepares Go's test coverage machinery to write to the
// destination and starts the periodic flush. TestMain calls it before main.
func InitCoverage(name string) {
\tfile := os.Getenv(fileEnv)
\tif file == "" {
\t\tfile = strings.ReplaceAll(defaultFile, "{name}", name)
\t}
\tabs, err := filepath.Abs(file)
\tif err != nil {
\t\tpanic(fmt.Sprintf("coverage: %s=%q: %v", fileEnv, file, err))
\t}
\tinterval := envDuration(intervalEnv, defaultInterval)
\tonSignal := envBool(flushOnSignalEnv, defaultFlushOnSignal)

\tmu.Lock()
\tdefer mu.Unlock()
\tcoverageFile = abs
\t// testing exits the process with status 2 when it cannot create the
\t// profile; find out now, at start-up, rather than at the first flush.
\tf, err := os.Create(tempCoveragePath())
\tif err != nil {
\t\tpanic(fmt.Sprintf("coverage: cannot write the coverage profile (%s): %v", fileEnv, err))
\t}
\tf.Close()
\tos.Remove(tempCoveragePath())

\t// Only the test framework's own flag is set here: the program's flags are
\t// parsed by main as usual and never reach the test framework.
\tif err := flag.CommandLine.Parse([]string{"-test.coverprofile", tempCoveragePath()}); err != nil {
\t\tpanic(fmt.Sprintf("coverage: setting -test.coverprofile: %v", err))
\t}
\tfmt.Fprintf(os.Stderr, "coverage: writing %s every %s\\n", coverageFile, interval)

\tif onSignal {
\t\tsignals := make(chan os.Signal, 1)
\t\tsignal.Notify(signals, syscall.SIGTERM, os.Interrupt)
\t\tgo flushOnSignal(signals)
\t}
\tgo flushEvery(interval)
\tstartEndpoint(endpointAddrEnv, endpointTokenEnv, serveCoverage, serveReset)
}

// FlushCoverage writes the coverage collected so far to the destination.
// Each call prints the test framework's PASS and "coverage: N% of
// statements" lines on stdout.
func FlushCoverage() {
\tmu.Lock()
\tdefer mu.Unlock()
\tif coverageFile == "" {
\t\treturn
\t}
\t// No test runs: Run only makes the test framework write the profile
\t// (-test.coverprofile) of everything executed so far.
\tdummyMain().Run()
\tif err := os.Rename(tempCoveragePath(), coverageFile); err != nil {
\t\tfmt.Fprintf(os.Stderr, "coverage: cannot move %s to %s: %v\\n", tempCoveragePath(), coverageFile, err)
\t}
}

func flushEvery(interval time.Duration) {
\tticker := time.NewTicker(interval)
\tdefer ticker.Stop()
\tfor range ticker.C {
\t\tFlushCoverage()
\t}
}

// flushOnSignal flushes and exits like a process killed by the signal
// (status 128+n). Programs that shut down gracefully on SIGTERM and return
// from main do not need it: TestMain flushes when main returns.
func flushOnSignal(signals <-chan os.Signal) {
\tsig := <-signals
\tFlushCoverage()
\tcode := 1
\tif s, ok := sig.(syscall.Signal); ok {
\t\tcode = 128 + int(s)
\t}
\tos.Exit(code)
}

${goEnvParsers('')}`;
}

function testDepsFile(pkg: string, plan: TestDepsPlan): string {
  const imports = plan.fuzzing ? ['io', 'reflect', 'testing', 'time'] : ['io', 'testing'];
  const version = formatGoVersion(plan.target);
  const methods = plan.methods
    .map((m) => {
      const body = m.body === '' ? '{}' : `{\n\t${m.body}\n}`;
      const why =
        m.name === 'InitRuntimeCoverage'
          ? `// InitRuntimeCoverage returns an empty mode: testing then keeps the
// registration made by the test binary's own main (registerCover2 ignores an
// empty mode), so the real tear-down writes the profile.
`
          : '';
      return `${why}func (fakeTestDeps) ${m.name}${m.signature} ${body}\n`;
    })
    .join('\n');
  const corpus = plan.fuzzing
    ? `
// corpusEntry is the same type as testing's corpusEntry (an alias of
// internal/fuzz.CorpusEntry), so that the fuzzing methods match.
type corpusEntry = struct {
\tParent     string
\tPath       string
\tData       []byte
\tValues     []interface{}
\tGeneration int
\tIsSeed     bool
}
`
    : '';
  const args = plan.mainStartArgs === 5 ? 'nil, nil, nil, nil' : 'nil, nil, nil';
  return `${generatedHeader('runtime')}

//go:build coverage

package ${pkg}

import (
${imports.map((i) => `\t"${i}"`).join('\n')}
)

// testDepsGoVersion is the Go release whose testing.testDeps interface
// fakeTestDeps implements. Building with another Go release may fail to
// compile ("does not implement testing.testDeps"): regenerate with
// gopherage instrument runtime --go <version>.
const testDepsGoVersion = "${version}"

// fakeTestDeps implements testing's unexported testDeps interface. It does
// nothing: no test ever runs, the test framework is only asked to write the
// coverage profile.
type fakeTestDeps struct{}
${corpus}
${methods}
// dummyMain returns a testing.M without tests, benchmarks or examples: its Run
// only writes the coverage profile.
func dummyMain() *testing.M {
\treturn testing.MainStart(fakeTestDeps{}, ${args})
}
`;
}

function disabledFile(pkg: string): string {
  return `${generatedHeader('runtime')}

//go:build !coverage

package ${pkg}

// InitCoverage panics: this binary was not built with -tags coverage, so there
// is no coverage to collect. Only the generated TestMain (itself built only
// with -tags coverage) calls it.
func InitCoverage(name string) {
\tpanic("coverage: InitCoverage called in a binary built without -tags coverage")
}

// FlushCoverage does nothing without -tags coverage.
func FlushCoverage() {}
`;
}
