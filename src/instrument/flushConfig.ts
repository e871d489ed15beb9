// `instrument config`: the deployment settings that make an instrumented
// binary flush its coverage (destination, interval, signal flush), as env
// lines, a systemd drop-in or a Kubernetes container `env:` snippet. The
// chosen variant (TestMain shim or GOCOVERDIR flusher) is printed active and
// the other one commented out below it. Options in, text out.

import { UsageError } from '../profile/errors.js';
import { isPositiveGoDuration } from './duration.js';
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
  readonly envPrefix?: string;
  readonly flusherEnvPrefix?: string;
  readonly format?: ConfigFormat;
  readonly variant?: ConfigVariant;
}

type Env = [name: string, value: string][];

/** The flush configuration text for one binary. */
export function flushConfig(opts: FlushConfigOptions): string {
  checkBinaryName('--name', opts.name);
  const interval = opts.interval ?? DEFAULT_INTERVAL;
  if (!isPositiveGoDuration(interval)) throw new UsageError(`--interval: "${interval}" is not a positive Go duration (e.g. 5s, 1m30s)`);
  const prefix = opts.envPrefix ?? DEFAULT_ENV_PREFIX;
  const flusherPrefix = opts.flusherEnvPrefix ?? DEFAULT_FLUSHER_ENV_PREFIX;
  checkEnvPrefix('--env-prefix', prefix);
  checkEnvPrefix('--flusher-env-prefix', flusherPrefix);
  const file = (opts.file ?? DEFAULT_COVERAGE_FILE).replaceAll('{name}', opts.name);
  const dir = (opts.dir ?? DEFAULT_COVERAGE_DIR).replaceAll('{name}', opts.name);
  for (const [flag, value] of [['--file', file], ['--dir', dir]] as const) {
    // eslint-disable-next-line no-control-regex
    if (value === '' || /[\u0000-\u001f\u007f]/.test(value)) throw new UsageError(`${flag}: must be a non-empty path without control characters`);
  }
  const signal = (p: string): Env => (opts.flushOnSignal === undefined ? [] : [[`${p}_FLUSH_ON_SIGNAL`, String(opts.flushOnSignal)]]);
  const shim: Env = [[`${prefix}_FILE`, file], [`${prefix}_FLUSH_INTERVAL`, interval], ...signal(prefix)];
  const flusher: Env = [['GOCOVERDIR', dir], [`${flusherPrefix}_FLUSH_INTERVAL`, interval], ...signal(flusherPrefix)];
  const variant = opts.variant ?? 'testmain';
  const [active, other] = variant === 'testmain' ? [shim, flusher] : [flusher, shim];
  const activeWhat = variant === 'testmain' ? SHIM : FLUSHER;
  const otherWhat = variant === 'testmain' ? FLUSHER : SHIM;
  const format = opts.format ?? 'env';
  return FORMATTERS[format](opts.name, active, other, activeWhat, otherWhat, variant === 'testmain' ? file : dir);
}

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
