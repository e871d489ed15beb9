// The `ci` step's settings: one shape for the config file
// (gopherage.config.json) and the flags. Precedence: built-in defaults, then
// the file, then flags given on the command line.

import { OptionError, UsageError } from '../profile/errors.js';
import { formatsOf } from '../report/registry.js';

/** Everything `gopherage ci` can be told. Keys of the config file are these names. */
export interface CiConfig {
  /** Profiles (paths, globs, GOCOVERDIR dirs) to merge. Exclusive with before/after. */
  profiles: string[];
  /** Inputs collected before the tests ran (merged, then subtracted from `after`). */
  before: string[];
  /** Inputs collected after the tests ran. */
  after: string[];
  /** Live coverage endpoints (URLs or @file) pulled when ci runs, added to the before side. */
  collectBefore: string[];
  /** Live coverage endpoints (URLs or @file) pulled when ci runs, added to the after side. */
  collectAfter: string[];
  /** File holding the endpoints' bearer token (default: $GOPHERAGE_COVERAGE_TOKEN). */
  collectTokenFile: string | null;
  includePath: string[];
  excludePath: string[];
  /** Report directory. */
  out: string;
  /** Extra formats: `lcov`, `cobertura`. */
  formats: string[];
  /** Base to compare with: a profile (or GOCOVERDIR) or a previous run's summary.json. */
  compare: string | null;
  /** Minimum total coverage ratio, 0..1; null = never fail on coverage. */
  threshold: number | null;
  /** Minimum coverage ratio of every package (directory of files), 0..1. */
  packageThreshold: number | null;
  /** Fail when the total is below the `compare` base. */
  noDecrease: boolean;
  /** Table root for summary.md (null: the deepest directory holding every file). */
  prefix: string | null;
  /** Table depth for summary.md. */
  depth: number;
  /** HTML report title. */
  title: string;
  /** Column name of this run in tables and HTML (null: "current", or "between before and after" in before/after mode). */
  name: string | null;
  /** Column name of the compare base. */
  compareName: string;
  sourceRoot: string | null;
  trimPrefix: string | null;
  /** IMPORT_PREFIX=DIR entries for the source locator. */
  sourceMap: string[];
  /** summary.md: list this many least-covered functions (0 = none; needs sources). */
  worstFunctions: number;
  onMismatch: 'error' | 'union';
  /** diff: clamp decreased counts to 0 instead of failing. */
  clamp: boolean;
  /** Bounded concurrency for reading inputs. */
  concurrency: number;
  /** Minimum coverage ratio of every file, 0..1. */
  fileThreshold: number | null;
  /** Per-path thresholds: Go regexps checked against every file and package name; the most specific match wins. */
  rules: PathRule[];
  /** Patch coverage: the base ref (lines changed since its merge-base with HEAD). */
  patchBase: string | null;
  /** Minimum patch coverage ratio, 0..1. */
  patchThreshold: number | null;
  /** Link base of the patch markdown, e.g. https://github.com/ORG/REPO/blob/SHA. */
  linkBase: string | null;
  /** Most annotations printed under GitHub Actions. */
  maxAnnotations: number;
  /** Drop files with Go's generated-code header. */
  excludeGenerated: boolean;
  /** Apply .covignore and ignore markers (on by default in ci). */
  honorIgnore: boolean;
}

/** One per-path rule: files and packages whose name matches `path` (a Go regexp) need `threshold`. */
export interface PathRule {
  path: string;
  threshold: number;
}

/** The configuration of `gopherage ci` when neither a config file nor a flag says otherwise. */
export const CI_DEFAULTS: CiConfig = {
  profiles: [],
  before: [],
  after: [],
  collectBefore: [],
  collectAfter: [],
  collectTokenFile: null,
  includePath: [],
  excludePath: [],
  out: 'reports',
  formats: [],
  compare: null,
  threshold: null,
  packageThreshold: null,
  noDecrease: false,
  prefix: null,
  depth: 1,
  title: 'Coverage report',
  name: null,
  compareName: 'base',
  sourceRoot: null,
  trimPrefix: null,
  sourceMap: [],
  worstFunctions: 0,
  onMismatch: 'error',
  clamp: false,
  concurrency: 4,
  fileThreshold: null,
  rules: [],
  patchBase: null,
  patchThreshold: null,
  linkBase: null,
  maxAnnotations: 10,
  excludeGenerated: false,
  honorIgnore: true,
};

/** Extra reports `ci` can write (`--formats`), from the reporter registry. */
export const CI_FORMATS: readonly string[] = formatsOf('ci');

type Kind = 'strings' | 'string' | 'nullableString' | 'ratio' | 'boolean' | 'int' | 'mismatch' | 'rules';
const KINDS: Record<keyof CiConfig, Kind> = {
  profiles: 'strings',
  before: 'strings',
  after: 'strings',
  collectBefore: 'strings',
  collectAfter: 'strings',
  collectTokenFile: 'nullableString',
  includePath: 'strings',
  excludePath: 'strings',
  out: 'string',
  formats: 'strings',
  compare: 'nullableString',
  threshold: 'ratio',
  packageThreshold: 'ratio',
  noDecrease: 'boolean',
  prefix: 'nullableString',
  depth: 'int',
  title: 'string',
  name: 'nullableString',
  compareName: 'string',
  sourceRoot: 'nullableString',
  trimPrefix: 'nullableString',
  sourceMap: 'strings',
  worstFunctions: 'int',
  onMismatch: 'mismatch',
  clamp: 'boolean',
  concurrency: 'int',
  fileThreshold: 'ratio',
  rules: 'rules',
  patchBase: 'nullableString',
  patchThreshold: 'ratio',
  linkBase: 'nullableString',
  maxAnnotations: 'int',
  excludeGenerated: 'boolean',
  honorIgnore: 'boolean',
};

/** Validate one setting from the file or the flags; `where` names its origin in errors. */
function checkValue(key: keyof CiConfig, value: unknown, where: string): unknown {
  const bad = (want: string): never => {
    throw new UsageError(`${where}: "${key}" must be ${want}, got ${JSON.stringify(value)}`);
  };
  switch (KINDS[key]) {
    case 'strings':
      if (typeof value === 'string') return [value];
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) bad('a list of strings');
      return value;
    case 'string':
      if (typeof value !== 'string') bad('a string');
      return value;
    case 'nullableString':
      if (value !== null && typeof value !== 'string') bad('a string');
      return value;
    case 'ratio': {
      if (value === null) return null;
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 1) bad('a number between 0 and 1');
      return n;
    }
    case 'boolean':
      if (typeof value !== 'boolean') bad('true or false');
      return value;
    case 'int': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) bad('a non-negative integer');
      return n;
    }
    case 'mismatch':
      if (value !== 'error' && value !== 'union') bad('"error" or "union"');
      return value;
    case 'rules': {
      const ok = (r: unknown): r is PathRule =>
        r !== null && typeof r === 'object' && Object.keys(r).every((k) => k === 'path' || k === 'threshold') &&
        typeof (r as PathRule).path === 'string' && (r as PathRule).path !== '' &&
        typeof (r as PathRule).threshold === 'number' && (r as PathRule).threshold >= 0 && (r as PathRule).threshold <= 1;
      if (!Array.isArray(value) || !value.every(ok)) bad('a list of {"path": REGEX, "threshold": RATIO in [0, 1]}');
      return value;
    }
  }
}

/** Validate a parsed config file (unknown keys are an error: typos must not pass silently). */
export function parseConfigObject(raw: unknown, where: string): Partial<CiConfig> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`${where}: must hold a JSON object`);
  const out: Partial<CiConfig> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === '$schema' || key === 'comment') continue;
    if (!(key in KINDS)) throw new UsageError(`${where}: unknown setting "${key}" (known: ${Object.keys(KINDS).join(', ')})`);
    (out as Record<string, unknown>)[key] = checkValue(key as keyof CiConfig, value, where);
  }
  return out;
}

/** Defaults, overridden by the file, overridden by flags; then cross-checked. */
export function resolveCiConfig(file: Partial<CiConfig>, flags: Partial<CiConfig>): CiConfig {
  const checked: Partial<CiConfig> = {};
  for (const [key, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    (checked as Record<string, unknown>)[key] = checkValue(key as keyof CiConfig, value, 'flag');
  }
  const c: CiConfig = { ...CI_DEFAULTS, ...file, ...checked };
  const before = c.before.length + c.collectBefore.length;
  const after = c.after.length + c.collectAfter.length;
  const paired = before > 0 || after > 0;
  if (paired && c.profiles.length > 0) throw new UsageError('give either profiles, or before and after, not both');
  if (paired && (before === 0 || after === 0)) {
    throw new OptionError(before === 0 ? 'before' : 'after', (n) => `before and after must be given together (${n('before')} or ${n('collectBefore')}, ${n('after')} or ${n('collectAfter')})`);
  }
  if (!paired && c.profiles.length === 0) throw new UsageError('no inputs: give --profiles, or --before and --after (or set them in the config file)');
  for (const f of c.formats) {
    if (!CI_FORMATS.includes(f)) throw new UsageError(`unknown format "${f}" (known: ${CI_FORMATS.join(', ')})`);
  }
  if (c.noDecrease && c.compare === null) throw new OptionError('noDecrease', (n) => `${n('noDecrease')} needs ${n('compare')}`);
  if (c.concurrency < 1) throw new UsageError('concurrency must be at least 1');
  if (c.patchThreshold !== null && c.patchBase === null) throw new OptionError('patchThreshold', (n) => `${n('patchThreshold')} needs ${n('patchBase')}`);
  return c;
}
