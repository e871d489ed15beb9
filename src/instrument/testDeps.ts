// The method set of Go's unexported `testing.testDeps` interface for each Go
// release line, and the arity of `testing.MainStart`. The coverage shim's fake
// deps must implement exactly this interface, which changed over time:
//   1.16 SetPanicOnExit0; 1.18 fuzzing methods + MainStart(…, fuzzTargets, …);
//   1.23 InitRuntimeCoverage; 1.26 ModulePath.
// Verified against /usr/lib/go-1.19 and /usr/lib/go-1.23 sources by
// test/instrument.test.ts ("testDeps table"); 1.16 and 1.26 are taken from the SPEC.

import { compareGoVersion, formatGoVersion, type GoVersion } from './goVersion.js';

/** One method of testDeps: its Go declaration (receiver `fakeTestDeps`) and the release that added it. */
export interface TestDepsMethod {
  /** Method name. */
  readonly name: string;
  /** Signature after the name, as written in Go's testing.go (parameter names kept where Go has them). */
  readonly signature: string;
  /** Body of the fake implementation (one statement or empty). */
  readonly body: string;
  /** Oldest supported release line that has the method (the base methods predate 1.16, the oldest target). */
  readonly since: GoVersion;
}

const v = (minor: number): GoVersion => ({ major: 1, minor });

/** Every testDeps method known, in the order Go's testing.go declares them. */
export const TEST_DEPS_METHODS: readonly TestDepsMethod[] = [
  { name: 'ImportPath', signature: '() string', body: 'return ""', since: v(16) },
  { name: 'MatchString', signature: '(pat, str string) (bool, error)', body: 'return false, nil', since: v(16) },
  { name: 'SetPanicOnExit0', signature: '(bool)', body: '', since: v(16) },
  { name: 'StartCPUProfile', signature: '(io.Writer) error', body: 'return nil', since: v(16) },
  { name: 'StopCPUProfile', signature: '()', body: '', since: v(16) },
  { name: 'StartTestLog', signature: '(io.Writer)', body: '', since: v(16) },
  { name: 'StopTestLog', signature: '() error', body: 'return nil', since: v(16) },
  { name: 'WriteProfileTo', signature: '(string, io.Writer, int) error', body: 'return nil', since: v(16) },
  {
    name: 'CoordinateFuzzing',
    signature: '(time.Duration, int64, time.Duration, int64, int, []corpusEntry, []reflect.Type, string, string) error',
    body: 'return nil',
    since: v(18),
  },
  { name: 'RunFuzzWorker', signature: '(func(corpusEntry) error) error', body: 'return nil', since: v(18) },
  { name: 'ReadCorpus', signature: '(string, []reflect.Type) ([]corpusEntry, error)', body: 'return nil, nil', since: v(18) },
  { name: 'CheckCorpus', signature: '([]interface{}, []reflect.Type) error', body: 'return nil', since: v(18) },
  { name: 'ResetCoverage', signature: '()', body: '', since: v(18) },
  { name: 'SnapshotCoverage', signature: '()', body: '', since: v(18) },
  {
    name: 'InitRuntimeCoverage',
    signature: '() (mode string, tearDown func(coverprofile string, gocoverdir string) (string, error), snapcov func() float64)',
    body: 'return "", nil, nil',
    since: v(23),
  },
  { name: 'ModulePath', signature: '() string', body: 'return ""', since: v(26) },
];

/** Oldest Go release line the shim is generated for (SetPanicOnExit0 era). */
export const OLDEST_TARGET: GoVersion = v(16);
/** Newest Go release line whose testDeps this table knows. */
export const NEWEST_KNOWN: GoVersion = v(26);

/** What the generator needs to know about one target Go version. */
export interface TestDepsPlan {
  /** The release line generated for (the newest known one for a future version). */
  readonly target: GoVersion;
  /** The version asked for. */
  readonly requested: GoVersion;
  /** True when `requested` is newer than anything known (the newest known set is used). */
  readonly future: boolean;
  /** Methods of testDeps for `target`, in Go's order. */
  readonly methods: readonly TestDepsMethod[];
  /** Number of arguments of testing.MainStart (5 since Go 1.18, which added fuzz targets). */
  readonly mainStartArgs: 4 | 5;
  /** Whether the corpusEntry alias (fuzzing, Go 1.18+) is needed. */
  readonly fuzzing: boolean;
}

/** The testDeps plan for a Go version; null when it is older than OLDEST_TARGET. */
export function testDepsPlan(requested: GoVersion): TestDepsPlan | null {
  if (compareGoVersion(requested, OLDEST_TARGET) < 0) return null;
  const future = compareGoVersion(requested, NEWEST_KNOWN) > 0;
  const target = future ? NEWEST_KNOWN : requested;
  const methods = TEST_DEPS_METHODS.filter((m) => compareGoVersion(m.since, target) <= 0);
  const fuzzing = compareGoVersion(target, v(18)) >= 0;
  return { target, requested, future, methods, mainStartArgs: fuzzing ? 5 : 4, fuzzing };
}

/** Human description of a plan, e.g. `Go 1.23 testDeps (15 methods)`. */
export function describePlan(plan: TestDepsPlan): string {
  return `Go ${formatGoVersion(plan.target)} testDeps (${plan.methods.length} methods)`;
}

/** `Go 1.26`, the newest release line known. */
export function formatNewest(): string {
  return `Go ${formatGoVersion(NEWEST_KNOWN)}`;
}
