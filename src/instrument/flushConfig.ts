// `instrument config`: the deployment settings that make an instrumented
// binary flush its coverage (destination, interval, signal flush), as env
// lines, a systemd drop-in or a Kubernetes container `env:` snippet; with an
// endpoint address, also the coverage endpoint's variables (the token from a
// secret when the address is not loopback) and, for Kubernetes, its
// `containerPort`. The chosen variant (TestMain shim or GOCOVERDIR flusher) is
// printed active and the other one commented out below it. Options in, text out.

import { OptionError } from '../profile/errors.js';
import { checkInterval } from './duration.js';
import { endpointEnv } from './endpoint.js';
import { DEFAULT_FLUSHER_ENV_PREFIX } from './flusher.js';
import { checkBinaryName, checkEnvPrefix } from './goSource.js';
import { DEFAULT_COVERAGE_FILE, DEFAULT_ENV_PREFIX, DEFAULT_INTERVAL } from './runtimePackage.js';

/** Output formats of the flush configuration. */
export const CONFIG_FORMATS = ['env', 'systemd', 'k8s'] as const;
export type ConfigFormat = (typeof CONFIG_FORMATS)[number];
/** Which instrumentation the binary uses: the `go test -c` shim or the Go >= 1.20 GOCOVERDIR flusher. */
export const CONFIG_VARIANTS = ['testmain', 'gocoverdir'] as const;
export type ConfigVariant = (typeof CONFIG_VARIANTS)[number];

/** Default GOCOVERDIR template. */
export const DEFAULT_COVERAGE_DIR = '/tmp/k8s-{name}-coverage';

/** Options of the flush configuration. */
export interface FlushConfigOptions {
  readonly name: string;
  /** Profile destination for the shim; `{name}` is replaced (default /tmp/k8s-{name}.cov). */
  readonly file?: string;
  /** GOCOVERDIR for the flusher; `{name}` is replaced (default /tmp/k8s-{name}-coverage). */
  readonly dir?: string;
  readonly interval?: string;
  /** Set <prefix>_FLUSH_ON_SIGNAL; undefined leaves the generated default. */
  readonly flushOnSignal?: boolean;
  /** Shim prefix (default KUBE_COVERAGE); when given, it also names the endpoint's variables. */
  readonly envPrefix?: string;
  /** Flusher prefix (default GOCOVERDIR); when given, it also names the endpoint's variables. */
  readonly flusherEnvPrefix?: string;
  /** host:port of the coverage endpoint (e.g. `:9999`); none by default. */
  readonly endpoint?: string;
  readonly format?: ConfigFormat;
  readonly variant?: ConfigVariant;
}

type Env = [name: string, value: string][];

/** The flush configuration text for one binary. */
export function flushConfig(opts: FlushConfigOptions): string {
  checkBinaryName('name', opts.name);
  const interval = opts.interval ?? DEFAULT_INTERVAL;
  checkInterval('interval', interval);
  const prefix = opts.envPrefix ?? DEFAULT_ENV_PREFIX;
  const flusherPrefix = opts.flusherEnvPrefix ?? DEFAULT_FLUSHER_ENV_PREFIX;
  checkEnvPrefix('envPrefix', prefix);
  checkEnvPrefix('flusherEnvPrefix', flusherPrefix);
  const file = (opts.file ?? DEFAULT_COVERAGE_FILE).replaceAll('{name}', opts.name);
  const dir = (opts.dir ?? DEFAULT_COVERAGE_DIR).replaceAll('{name}', opts.name);
  for (const [option, value] of [['file', file], ['dir', dir]] as const) {
    // eslint-disable-next-line no-control-regex
    if (value === '' || /[\u0000-\u001f\u007f]/.test(value)) throw new OptionError(option, 'must be a non-empty path without control characters');
  }
  const signal = (p: string): Env => (opts.flushOnSignal === undefined ? [] : [[`${p}_FLUSH_ON_SIGNAL`, String(opts.flushOnSignal)]]);
  const variant = opts.variant ?? 'testmain';
  const endpoint = opts.endpoint === undefined ? null : parseEndpoint(opts.endpoint, endpointEnv(variant === 'testmain' ? opts.envPrefix : opts.flusherEnvPrefix));
  const addr = (p: string | undefined): Env => (endpoint === null ? [] : [[endpointEnv(p).addr, endpoint.address]]);
  const shim: Env = [[`${prefix}_FILE`, file], [`${prefix}_FLUSH_INTERVAL`, interval], ...signal(prefix), ...addr(opts.envPrefix)];
  const flusher: Env = [['GOCOVERDIR', dir], [`${flusherPrefix}_FLUSH_INTERVAL`, interval], ...signal(flusherPrefix), ...addr(opts.flusherEnvPrefix)];
  const [active, other] = variant === 'testmain' ? [shim, flusher] : [flusher, shim];
  const activeWhat = variant === 'testmain' ? SHIM : FLUSHER;
  const otherWhat = variant === 'testmain' ? FLUSHER : SHIM;
  const format = opts.format ?? 'env';
  const text = FORMATTERS[format](opts.name, active, other, activeWhat, otherWhat, variant === 'testmain' ? file : dir);
  return endpoint === null ? text : text + ENDPOINT_FORMATTERS[format](opts.name, endpoint);
}

/** The endpoint as configured: its address, port, variable names and whether a token is needed. */
interface Endpoint {
  readonly address: string;
  readonly port: number;
  readonly tokenVar: string;
  readonly needsToken: boolean;
}

function parseEndpoint(address: string, env: { token: string }): Endpoint {
  const m = /^(.*):(\d{1,5})$/.exec(address);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !(port >= 1 && port <= 65535) || /[\s"'$\\%]/.test(address)) {
    throw new OptionError('endpoint', `"${address}" is not host:port with a port in 1..65535 (e.g. :9999 or 127.0.0.1:9999)`);
  }
  const host = m[1]!.replace(/^\[(.*)\]$/, '$1');
  const loopback = host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
  return { address, port, tokenVar: env.token, needsToken: !loopback };
}

/** Secret (Kubernetes) / file (systemd) holding the token, named after the binary. */
const secretName = (name: string): string => `${name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-coverage-token`;

const ENDPOINT_FORMATTERS: Record<ConfigFormat, (name: string, e: Endpoint) => string> = {
  env(_name, e) {
    if (!e.needsToken) return '# the endpoint listens on loopback only: no token needed\n';
    return [`# the endpoint is not on loopback: it starts only with a bearer token; set it from a secret store, e.g.`, `# ${e.tokenVar}=$(cat /run/secrets/coverage-token)`, ''].join('\n');
  },
  systemd(name, e) {
    if (!e.needsToken) return '# the endpoint listens on loopback only: no token needed\n';
    return [
      `# the endpoint starts only with a bearer token: put ${e.tokenVar}=<token> in this root-only (0600) file`,
      `EnvironmentFile=-/etc/gopherage/${secretName(name)}.env`,
      '',
    ].join('\n');
  },
  k8s(name, e) {
    const token = e.needsToken
      ? [
          `# the endpoint starts only with a bearer token, from a secret made with e.g.`,
          `#   kubectl create secret generic ${secretName(name)} --from-literal=token="$(openssl rand -hex 32)"`,
          `- name: ${e.tokenVar}`,
          '  valueFrom:',
          '    secretKeyRef:',
          `      name: ${secretName(name)}`,
          '      key: token',
        ]
      : ['# loopback only: reach it with kubectl port-forward (no token needed)'];
    return [...token, 'ports:', '- name: coverage', `  containerPort: ${e.port}`, '  protocol: TCP', ''].join('\n');
  },
};

const SHIM = 'go test -c -tags coverage binary (gopherage instrument testmain/runtime)';
const FLUSHER = 'go build -cover -covermode=atomic binary (gopherage instrument flusher)';

type Formatter = (name: string, active: Env, other: Env, activeWhat: string, otherWhat: string, where: string) => string;

const FORMATTERS: Record<ConfigFormat, Formatter> = {
  env(name, active, other, activeWhat, otherWhat) {
    return [
      `# coverage flush settings for ${name}: ${activeWhat}`,
      ...active.map(([k, v]) => `${k}=${shellQuote(v)}`),
      `# for a ${otherWhat}, use instead:`,
      ...other.map(([k, v]) => `# ${k}=${shellQuote(v)}`),
      '',
    ].join('\n');
  },
  systemd(name, active, other, activeWhat, otherWhat) {
    return [
      `# /etc/systemd/system/${name}.service.d/coverage.conf`,
      `# coverage flush settings for ${name}: ${activeWhat}`,
      '# With PrivateTmp=yes the service sees its own /tmp: pick a path outside /tmp to collect it.',
      '[Service]',
      ...active.map(([k, v]) => `Environment=${systemdQuote(`${k}=${v}`)}`),
      `# for a ${otherWhat}, use instead:`,
      ...other.map(([k, v]) => `#Environment=${systemdQuote(`${k}=${v}`)}`),
      '',
    ].join('\n');
  },
  k8s(name, active, other, activeWhat, otherWhat, where) {
    // Kubernetes expands $(VAR) in env values; $$ is a literal $.
    const item = ([k, v]: [string, string], comment: string) => [`${comment}- name: ${k}`, `${comment}  value: ${JSON.stringify(v.replaceAll('$', '$$$$'))}`];
    return [
      `# container env for ${name}: ${activeWhat}`,
      `# mount a volume (emptyDir or hostPath) over the directory of ${where}`,
      '# so that the coverage outlives the container.',
      'env:',
      ...active.flatMap((e) => item(e, '')),
      `# for a ${otherWhat}, use instead:`,
      ...other.flatMap((e) => item(e, '# ')),
      '',
    ].join('\n');
  },
};

/** POSIX-shell-safe rendering of an env value (plain when it needs no quoting). */
function shellQuote(v: string): string {
  return /^[A-Za-z0-9_./:@%+,{}=-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/** systemd `Environment=` quoting: one double-quoted assignment, `\` and `"` escaped, `%` doubled (specifiers). */
function systemdQuote(assignment: string): string {
  return `"${assignment.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;
}
