// `instrument flusher`: one Go file for `package main` of a binary built with
// Go >= 1.20 `go build -cover -covermode=atomic`. When GOCOVERDIR is set, its
// init writes the meta-data once and then, every interval, the counters
// (runtime/coverage.WriteCountersDir) followed by ClearCounters, so that each
// counter file holds a delta and the files sum to the true counts. Options in,
// one GeneratedFile out.

import { UsageError } from '../profile/errors.js';
import { isPositiveGoDuration } from './duration.js';
import { checkEnvPrefix, generatedHeader, goEnvParsers, type GeneratedFile } from './goSource.js';

/** Options of the GOCOVERDIR flusher. */
export interface FlusherOptions {
  /** Flush interval when <prefix>_FLUSH_INTERVAL is unset (Go duration, default `5s`). */
  readonly interval?: string;
  /** Exit on SIGTERM/SIGINT (so the runtime writes the remainder) unless <prefix>_FLUSH_ON_SIGNAL says otherwise. */
  readonly flushOnSignal?: boolean;
  /** Prefix of the flusher's own environment variables (default `GOCOVERDIR`). */
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
  checkEnvPrefix('--env-prefix', prefix);
  if (!isPositiveGoDuration(interval)) throw new UsageError(`--interval: "${interval}" is not a positive Go duration (e.g. 5s, 1m30s)`);
  const content = `${generatedHeader('flusher')}

package main

// Periodic coverage flush for a binary built with Go >= 1.20
//
//\tgo build -cover -covermode=atomic ...
//
// and run with GOCOVERDIR set. Without it, Go writes coverage only when the
// program exits normally; a server that is killed leaves nothing.
//
// Environment (read only when GOCOVERDIR is set):
//
//\tGOCOVERDIR                   directory for covmeta.* and covcounters.* files (created if missing)
//\t${prefix}_FLUSH_INTERVAL    Go duration between flushes (default ${interval})
//\t${prefix}_FLUSH_ON_SIGNAL   true/false: exit 128+n on SIGTERM/SIGINT so that Go writes the rest (default ${opts.flushOnSignal ?? false})
//
// Read the directory with "go tool covdata textfmt -i=DIR -o=out.cov" or
// "gopherage convert DIR".

import (
\t"bytes"
\t"encoding/binary"
\t"fmt"
\t"os"
\t"os/signal"
\t"runtime/coverage"
\t"strconv"
\t"sync"
\t"syscall"
\t"time"
)

const (
\tgopherageFlushIntervalEnv      = "${prefix}_FLUSH_INTERVAL"
\tgopherageFlushOnSignalEnv      = "${prefix}_FLUSH_ON_SIGNAL"
\tgopherageDefaultFlushInterval  = "${interval}"
\tgopherageDefaultFlushOnSignal  = ${opts.flushOnSignal ?? false}
\tgopherageCounterModeAtomic     = 3  // internal/coverage.CtrModeAtomic
\tgopherageMetaFileVersion       = 1  // internal/coverage.MetaFileVersion
\tgopherageMetaFileCounterModeAt = 48 // offset of CMode in internal/coverage.MetaFileHeader
)

// gopherageFlushMu keeps the signal handler from exiting between
// WriteCountersDir and ClearCounters, when the exit hook would write the same
// counts a second time.
var gopherageFlushMu sync.Mutex

func init() {
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

${goEnvParsers('gopherage')}`;
  return { name: FLUSHER_FILE_NAME, content };
}
