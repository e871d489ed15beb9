// `instrument flusher`: one Go file for `package main` of a binary built with
// Go >= 1.20 `go build -cover -covermode=atomic`. When GOCOVERDIR is set, its
// init writes the meta-data once and then, every interval, the counters
// (runtime/coverage.WriteCountersDir) followed by ClearCounters, so that each
// counter file holds a delta and the files sum to the true counts. It also
// carries the opt-in HTTP endpoint (server: endpoint.ts): GET /coverage
// answers a tar of the GOCOVERDIR files that hold the current counts, POST
// /coverage/reset calls ClearCounters. `//go:build go1.20` keeps the file out
// of Go 1.19 builds (runtime/coverage is Go 1.20). Options in, one
// GeneratedFile out.

import { checkInterval } from './duration.js';
import { endpointEnv, ENDPOINT_IMPORTS, goEndpointServer, goImports } from './endpoint.js';
import { checkEnvPrefix, generatedHeader, goEnvParsers, type GeneratedFile } from './goSource.js';

/** Options of the GOCOVERDIR flusher. */
export interface FlusherOptions {
  /** Flush interval when <prefix>_FLUSH_INTERVAL is unset (Go duration, default `5s`). */
  readonly interval?: string;
  /** Exit on SIGTERM/SIGINT (so the runtime writes the remainder) unless <prefix>_FLUSH_ON_SIGNAL says otherwise. */
  readonly flushOnSignal?: boolean;
  /**
   * Prefix of the flusher's own environment variables: _FLUSH_INTERVAL, _FLUSH_ON_SIGNAL
   * (default `GOCOVERDIR`) and the endpoint's _ADDR, _TOKEN (default `GOPHERAGE_COVERAGE`).
   */
  readonly envPrefix?: string;
}

/** Default prefix of the flusher's environment variables: GOCOVERDIR_FLUSH_INTERVAL, GOCOVERDIR_FLUSH_ON_SIGNAL. */
export const DEFAULT_FLUSHER_ENV_PREFIX = 'GOCOVERDIR';
/** The file name the flusher is written to. */
export const FLUSHER_FILE_NAME = 'zz_generated_coverage_flusher.go';

/** Generate zz_generated_coverage_flusher.go (package main). */
export function generateFlusher(opts: FlusherOptions = {}): GeneratedFile {
  const interval = opts.interval ?? '5s';
  const prefix = opts.envPrefix ?? DEFAULT_FLUSHER_ENV_PREFIX;
  checkEnvPrefix('envPrefix', prefix);
  const endpoint = endpointEnv(opts.envPrefix);
  checkInterval('interval', interval);
  const content = `${generatedHeader('flusher')}

//go:build go1.20

package main

// Periodic coverage flush for a binary built with Go >= 1.20
//
//\tgo build -cover -covermode=atomic ...
//
// and run with GOCOVERDIR set. Without it, Go writes coverage only when the
// program exits normally; a server that is killed leaves nothing.
//
// Environment (the flush settings are read only when GOCOVERDIR is set):
//
//\tGOCOVERDIR                   directory for covmeta.* and covcounters.* files (created if missing)
//\t${prefix}_FLUSH_INTERVAL    Go duration between flushes (default ${interval})
//\t${prefix}_FLUSH_ON_SIGNAL   true/false: exit 128+n on SIGTERM/SIGINT so that Go writes the rest (default ${opts.flushOnSignal ?? false})
//\t${endpoint.addr}   host:port of the HTTP coverage endpoint (default: none, no endpoint)
//\t${endpoint.token}  bearer token the endpoint requires (required unless the address is loopback)
//
// The endpoint: GET /coverage answers an uncompressed tar (application/x-tar)
// of covmeta.<hash> and covcounters.<hash>.<pid>.<nanotime> files, named as Go
// names them: unpacked, they are a GOCOVERDIR holding the counts since start
// (or the last reset). POST /coverage/reset zeroes the counters (needs
// -covermode=atomic). The endpoint writes nothing to disk.
//
// Read the directory with "go tool covdata textfmt -i=DIR -o=out.cov" or
// "gopherage convert DIR".

${goImports([...ENDPOINT_IMPORTS, 'archive/tar', 'bytes', 'encoding/binary', 'os/signal', 'path/filepath', 'runtime/coverage', 'strings', 'sync', 'syscall'])}

const (
\tgopherageFlushIntervalEnv      = "${prefix}_FLUSH_INTERVAL"
\tgopherageFlushOnSignalEnv      = "${prefix}_FLUSH_ON_SIGNAL"
\tgopherageDefaultFlushInterval  = "${interval}"
\tgopherageDefaultFlushOnSignal  = ${opts.flushOnSignal ?? false}
\tgopherageCounterModeAtomic     = 3  // internal/coverage.CtrModeAtomic
\tgopherageMetaFileVersion       = 1  // internal/coverage.MetaFileVersion
\tgopherageMetaFileCounterModeAt = 48 // offset of CMode in internal/coverage.MetaFileHeader
\tgopherageMetaFileHashAt        = 24 // offset of MetaFileHash [16]byte in internal/coverage.MetaFileHeader
\tgopherageEndpointAddrEnv       = "${endpoint.addr}"
\tgopherageEndpointTokenEnv      = "${endpoint.token}"
)

var (
\t// gopherageFlushMu keeps the signal handler from exiting between
\t// WriteCountersDir and ClearCounters, when the exit hook would write the
\t// same counts a second time; the endpoint takes it too.
\tgopherageFlushMu sync.Mutex
\t// gopherageFlushDir is GOCOVERDIR once the periodic flush runs: the
\t// counts since start are then its counter files plus the counters.
\tgopherageFlushDir string
\t// gopherageResetFiles are this process's counter files already in
\t// gopherageFlushDir at the last reset: the endpoint leaves them out.
\tgopherageResetFiles = map[string]bool{}
\t// gopherageStartNanos tells this process's counter files from those of an
\t// earlier process with the same pid (pid 1 in a restarted container).
\tgopherageStartNanos = time.Now().UnixNano()
)

func init() {
\tgopherageStartFlush()
\tgopherageStartCoverageEndpoint()
}

// gopherageStartFlush starts the periodic flush when GOCOVERDIR is set.
func gopherageStartFlush() {
\tdir := os.Getenv("GOCOVERDIR")
\tif dir == "" {
\t\treturn
\t}
\tinterval := gopherageEnvDuration(gopherageFlushIntervalEnv, gopherageDefaultFlushInterval)
\tonSignal := gopherageEnvBool(gopherageFlushOnSignalEnv, gopherageDefaultFlushOnSignal)

\tvar meta bytes.Buffer
\tif err := coverage.WriteMeta(&meta); err != nil {
\t\tfmt.Fprintf(os.Stderr, "coverage: GOCOVERDIR is set but this binary has no coverage data (built without -cover?): %v\\n", err)
\t\treturn
\t}
\t// Clearing counters is what makes periodic snapshots correct, and Go can
\t// only clear them (safely, while the program runs) in atomic mode.
\tif mode, ok := gopherageCounterMode(meta.Bytes()); !ok || mode != gopherageCounterModeAtomic {
\t\tpanic("coverage: periodic flushing to GOCOVERDIR needs a binary built with go build -cover -covermode=atomic")
\t}
\tif err := os.MkdirAll(dir, 0o755); err != nil {
\t\tpanic(fmt.Sprintf("coverage: GOCOVERDIR=%q: %v", dir, err))
\t}
\tif err := coverage.WriteMetaDir(dir); err != nil {
\t\tpanic(fmt.Sprintf("coverage: writing meta-data to GOCOVERDIR=%q: %v", dir, err))
\t}
\tif onSignal {
\t\tsignals := make(chan os.Signal, 1)
\t\tsignal.Notify(signals, syscall.SIGTERM, os.Interrupt)
\t\tgo gopherageExitOnSignal(signals)
\t}
\tgopherageFlushDir = dir
\tgo gopherageFlushEvery(dir, interval)
}

// gopherageFlushEvery writes a counter file every interval and then clears the
// counters. Every counter file is a delta since the previous one: readers
// (go tool covdata, gopherage) add up all counter files of a directory, so
// without ClearCounters each snapshot would repeat the earlier counts and the
// totals would be multiplied. If writing fails, the counters are kept and the
// next write includes them.
func gopherageFlushEvery(dir string, interval time.Duration) {
\tticker := time.NewTicker(interval)
\tdefer ticker.Stop()
\tfor range ticker.C {
\t\tgopherageFlushMu.Lock()
\t\tif err := coverage.WriteCountersDir(dir); err != nil {
\t\t\tfmt.Fprintf(os.Stderr, "coverage: writing counters to GOCOVERDIR=%q: %v\\n", dir, err)
\t\t} else if err := coverage.ClearCounters(); err != nil {
\t\t\tpanic(fmt.Sprintf("coverage: clearing counters after a flush: %v", err))
\t\t}
\t\tgopherageFlushMu.Unlock()
\t}
}

// gopherageExitOnSignal exits with status 128+n; Go's exit hook then writes
// the counts since the last flush.
func gopherageExitOnSignal(signals <-chan os.Signal) {
\tsig := <-signals
\tgopherageFlushMu.Lock() // never unlocked: no flush may start after this
\tcode := 1
\tif s, ok := sig.(syscall.Signal); ok {
\t\tcode = 128 + int(s)
\t}
\tos.Exit(code)
}

// gopherageCounterMode reads the counter mode from a meta-data file header.
func gopherageCounterMode(meta []byte) (byte, bool) {
\tif len(meta) <= gopherageMetaFileCounterModeAt || !bytes.Equal(meta[:4], []byte{0x00, 0x63, 0x76, 0x6d}) {
\t\treturn 0, false
\t}
\tif binary.LittleEndian.Uint32(meta[4:8]) != gopherageMetaFileVersion {
\t\treturn 0, false
\t}
\treturn meta[gopherageMetaFileCounterModeAt], true
}

${ENDPOINT_HANDLERS}
${goEndpointServer('gopherage')}
${goEnvParsers('gopherage')}`;
  return { name: FLUSHER_FILE_NAME, content };
}

const ENDPOINT_HANDLERS = `// gopherageStartCoverageEndpoint starts the endpoint when its address is set
// and the binary has coverage data.
func gopherageStartCoverageEndpoint() {
\tif os.Getenv(gopherageEndpointAddrEnv) == "" {
\t\treturn
\t}
\tif err := coverage.WriteMeta(io.Discard); err != nil {
\t\tfmt.Fprintf(os.Stderr, "coverage: endpoint not started: this binary has no coverage data (built without -cover?): %v\\n", err)
\t\treturn
\t}
\tgopherageStartEndpoint(gopherageEndpointAddrEnv, gopherageEndpointTokenEnv, gopherageServeCoverage, gopherageServeReset)
}

// gopherageServeCoverage answers GET /coverage: a tar of the meta-data file,
// this process's counter files in GOCOVERDIR since the last reset (when the
// periodic flush runs) and the current counters, all named as Go names them.
func gopherageServeCoverage() gopherageEndpointResult {
\tgopherageFlushMu.Lock()
\tdefer gopherageFlushMu.Unlock()
\tvar meta, counters bytes.Buffer
\tif err := coverage.WriteMeta(&meta); err != nil {
\t\treturn gopherageTextResult(http.StatusInternalServerError, "coverage: %v", err)
\t}
\tif err := coverage.WriteCounters(&counters); err != nil {
\t\treturn gopherageTextResult(http.StatusConflict, "coverage: cannot read the counters (build with -covermode=atomic): %v", err)
\t}
\thash := fmt.Sprintf("%x", meta.Bytes()[gopherageMetaFileHashAt:gopherageMetaFileHashAt+16])
\tvar archive bytes.Buffer
\ttw := tar.NewWriter(&archive)
\tadd := func(name string, data []byte) error {
\t\thdr := &tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), ModTime: time.Now(), Format: tar.FormatUSTAR}
\t\tif err := tw.WriteHeader(hdr); err != nil {
\t\t\treturn err
\t\t}
\t\t_, err := tw.Write(data)
\t\treturn err
\t}
\terr := add("covmeta."+hash, meta.Bytes())
\tif gopherageFlushDir != "" && err == nil {
\t\tfor _, name := range gopherageOwnCounterFiles(hash) {
\t\t\tif gopherageResetFiles[name] {
\t\t\t\tcontinue
\t\t\t}
\t\t\tdata, rerr := os.ReadFile(filepath.Join(gopherageFlushDir, name))
\t\t\tif rerr != nil {
\t\t\t\treturn gopherageTextResult(http.StatusInternalServerError, "coverage: %v", rerr)
\t\t\t}
\t\t\tif err = add(name, data); err != nil {
\t\t\t\tbreak
\t\t\t}
\t\t}
\t}
\tif err == nil {
\t\terr = add(fmt.Sprintf("covcounters.%s.%d.%d", hash, os.Getpid(), time.Now().UnixNano()), counters.Bytes())
\t}
\tif err == nil {
\t\terr = tw.Close()
\t}
\tif err != nil {
\t\treturn gopherageTextResult(http.StatusInternalServerError, "coverage: %v", err)
\t}
\treturn gopherageEndpointResult{http.StatusOK, "application/x-tar", archive.Bytes()}
}

// gopherageServeReset answers POST /coverage/reset: ClearCounters (atomic
// mode only), and the counter files already flushed no longer count.
func gopherageServeReset() gopherageEndpointResult {
\tgopherageFlushMu.Lock()
\tdefer gopherageFlushMu.Unlock()
\tif err := coverage.ClearCounters(); err != nil {
\t\treturn gopherageTextResult(http.StatusConflict, "coverage: cannot reset (build with -covermode=atomic): %v", err)
\t}
\tif gopherageFlushDir != "" {
\t\tvar meta bytes.Buffer
\t\tif err := coverage.WriteMeta(&meta); err == nil {
\t\t\thash := fmt.Sprintf("%x", meta.Bytes()[gopherageMetaFileHashAt:gopherageMetaFileHashAt+16])
\t\t\tfor _, name := range gopherageOwnCounterFiles(hash) {
\t\t\t\tgopherageResetFiles[name] = true
\t\t\t}
\t\t}
\t}
\treturn gopherageTextResult(http.StatusOK, "coverage: counters reset")
}

// gopherageOwnCounterFiles lists this process's counter files in GOCOVERDIR
// (covcounters.<hash>.<pid>.<nanotime>, written since start), in directory order.
func gopherageOwnCounterFiles(hash string) []string {
\tentries, err := os.ReadDir(gopherageFlushDir)
\tif err != nil {
\t\treturn nil
\t}
\tprefix := fmt.Sprintf("covcounters.%s.%d.", hash, os.Getpid())
\tvar names []string
\tfor _, e := range entries {
\t\tif !strings.HasPrefix(e.Name(), prefix) {
\t\t\tcontinue
\t\t}
\t\tif nanos, err := strconv.ParseInt(strings.TrimPrefix(e.Name(), prefix), 10, 64); err == nil && nanos >= gopherageStartNanos {
\t\t\tnames = append(names, e.Name())
\t\t}
\t}
\treturn names
}
`;
