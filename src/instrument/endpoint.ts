// The opt-in HTTP coverage endpoint shared by the generated Go code (the
// TestMain shim's runtime package and the `-cover` flusher): variable names,
// and the Go source of the server (address and token from the environment,
// loopback-only without a token, bearer check, one request at a time per
// path, timeouts). The handlers that snapshot and reset coverage differ per
// instrumentation and live with their generators. Names in, Go text out.

/** Default prefix of the endpoint's variables: GOPHERAGE_COVERAGE_ADDR, GOPHERAGE_COVERAGE_TOKEN. */
export const DEFAULT_ENDPOINT_ENV_PREFIX = 'GOPHERAGE_COVERAGE';
/** Path serving the current coverage (GET). */
export const COVERAGE_PATH = '/coverage';
/** Path zeroing the counters (POST). */
export const RESET_PATH = '/coverage/reset';

/** The endpoint's variable names: `<prefix>_ADDR`, `<prefix>_TOKEN` (prefix GOPHERAGE_COVERAGE unless an explicit --env-prefix renames them). */
export function endpointEnv(prefix: string | undefined): { addr: string; token: string } {
  const p = prefix ?? DEFAULT_ENDPOINT_ENV_PREFIX;
  return { addr: `${p}_ADDR`, token: `${p}_TOKEN` };
}

/** Go imports the server code needs (the caller merges them with its own). */
export const ENDPOINT_IMPORTS = ['crypto/subtle', 'fmt', 'io', 'log', 'net', 'net/http', 'os', 'strconv', 'time'] as const;

/** The Go import block for a sorted, de-duplicated list of standard packages (aliases as `alias path`). */
export function goImports(paths: readonly string[]): string {
  const unique = [...new Set(paths)].sort((a, b) => importPath(a).localeCompare(importPath(b)));
  return `import (\n${unique.map((p) => (p.includes(' ') ? `\t${p.split(' ')[0]} "${p.split(' ')[1]}"` : `\t"${p}"`)).join('\n')}\n)`;
}

function importPath(p: string): string {
  return p.includes(' ') ? p.split(' ')[1]! : p;
}

/**
 * Go source of the endpoint server. Functions are prefixed with `prefix`
 * (`gopherage` in package main, none in the coverage package):
 * `<p>StartEndpoint(addrEnv, tokenEnv, get, reset)` starts serving in the
 * background when addrEnv is set, and never stops or fails the program: a
 * refused or failed start is one stderr line.
 */
export function goEndpointServer(prefix: '' | 'gopherage'): string {
  const n = (base: string): string => (prefix === '' ? base : `${prefix}${base[0]!.toUpperCase()}${base.slice(1)}`);
  const result = n('endpointResult');
  return `// ${result} is one response of the coverage endpoint, built in full
// before anything is sent, so that no lock is held while a client reads.
type ${result} struct {
\tstatus      int
\tcontentType string
\tbody        []byte
}

// ${n('textResult')} is a plain-text response.
func ${n('textResult')}(status int, format string, args ...interface{}) ${result} {
\treturn ${result}{status, "text/plain; charset=utf-8", []byte(fmt.Sprintf(format, args...) + "\\n")}
}

// ${n('startEndpoint')} serves GET ${COVERAGE_PATH} and POST ${RESET_PATH} on the
// address in addrEnv, in the background. Without a token in tokenEnv it only
// listens on a loopback address. It never stops the program: when it cannot
// start, it says so in one line on stderr.
func ${n('startEndpoint')}(addrEnv, tokenEnv string, get, reset func() ${result}) {
\taddr := os.Getenv(addrEnv)
\tif addr == "" {
\t\treturn
\t}
\ttoken := os.Getenv(tokenEnv)
\tif token == "" && !${n('isLoopbackAddr')}(addr) {
\t\tfmt.Fprintf(os.Stderr, "coverage: endpoint not started: %s=%q is not a loopback address and %s is not set\\n", addrEnv, addr, tokenEnv)
\t\treturn
\t}
\tln, err := net.Listen("tcp", addr)
\tif err != nil {
\t\tfmt.Fprintf(os.Stderr, "coverage: endpoint not started: %s=%q: %v\\n", addrEnv, addr, err)
\t\treturn
\t}
\tmux := http.NewServeMux()
\tmux.Handle("${COVERAGE_PATH}", ${n('endpointHandler')}(http.MethodGet, token, get))
\tmux.Handle("${RESET_PATH}", ${n('endpointHandler')}(http.MethodPost, token, reset))
\tserver := &http.Server{
\t\tHandler:           mux,
\t\tReadHeaderTimeout: 10 * time.Second,
\t\tReadTimeout:       30 * time.Second,
\t\tWriteTimeout:      5 * time.Minute,
\t\tIdleTimeout:       time.Minute,
\t\tMaxHeaderBytes:    16 << 10,
\t\tErrorLog:          log.New(io.Discard, "", 0),
\t}
\tfmt.Fprintf(os.Stderr, "coverage: serving coverage on http://%s${COVERAGE_PATH}\\n", ln.Addr())
\tgo server.Serve(ln)
}

// ${n('endpointHandler')} checks the bearer token (when one is set) and the
// method, and runs serve for one request at a time: a second concurrent
// request gets 503 with Retry-After rather than waiting.
func ${n('endpointHandler')}(method, token string, serve func() ${result}) http.Handler {
\tbusy := make(chan struct{}, 1)
\twant := []byte("Bearer " + token)
\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\tvar res ${result}
\t\tswitch {
\t\tcase token != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1:
\t\t\tw.Header().Set("WWW-Authenticate", \`Bearer realm="coverage"\`)
\t\t\tres = ${n('textResult')}(http.StatusUnauthorized, "coverage: missing or wrong bearer token")
\t\tcase r.Method != method:
\t\t\tw.Header().Set("Allow", method)
\t\t\tres = ${n('textResult')}(http.StatusMethodNotAllowed, "coverage: use %s", method)
\t\tdefault:
\t\t\tselect {
\t\t\tcase busy <- struct{}{}:
\t\t\t\tfunc() {
\t\t\t\t\tdefer func() { <-busy }()
\t\t\t\t\tres = serve()
\t\t\t\t}()
\t\t\tdefault:
\t\t\t\tw.Header().Set("Retry-After", "1")
\t\t\t\tres = ${n('textResult')}(http.StatusServiceUnavailable, "coverage: busy with another request, retry")
\t\t\t}
\t\t}
\t\tw.Header().Set("Content-Type", res.contentType)
\t\tw.Header().Set("Content-Length", strconv.Itoa(len(res.body)))
\t\tw.Header().Set("Cache-Control", "no-store")
\t\tw.WriteHeader(res.status)
\t\tw.Write(res.body)
\t})
}

// ${n('isLoopbackAddr')} reports whether host:port names only the loopback
// interface ("localhost", 127.0.0.0/8, ::1). An empty host means every
// interface.
func ${n('isLoopbackAddr')}(addr string) bool {
\thost, _, err := net.SplitHostPort(addr)
\tif err != nil {
\t\treturn false
\t}
\tif host == "localhost" {
\t\treturn true
\t}
\tip := net.ParseIP(host)
\treturn ip != nil && ip.IsLoopback()
}
`;
}
