// The exclusion flags shared by filter, table, html, junit, func, convert and
// ci: --exclude-generated (files with Go's "Code generated ... DO NOT EDIT."
// header) and --honor-ignore (.covignore, `// coverage-ignore`,
// `//+gocover:ignore:file|block`). Flags in, an Excluder out: it finds the
// sources with the locator (src/cli/sources.ts), gathers the facts
// (src/source/exclusionFacts.ts), applies src/ops/exclude.ts and says on stderr what
// was left out; nothing is dropped silently.

import { Command } from 'commander';
import { excludeFromProfile, type ExclusionReport, type ExclusionFacts } from '../ops/exclude.js';
import type { Profile } from '../profile/model.js';
import type { SourceAccess } from '../source/exclusionFacts.js';
import { profileTotals } from '../summary/totals.js';
import { note, warn } from './common.js';
import { addSourceOptions, locatorFromFlags, sourceStatsLine, type SourceFlags } from './sources.js';

/** The parsed exclusion flags (source flags may be absent on commands that define their own). */
export interface ExcludeFlags extends Partial<SourceFlags> {
  excludeGenerated?: boolean;
  honorIgnore?: boolean;
}

const GENERATED_HELP = 'drop files whose header has Go\'s "// Code generated ... DO NOT EDIT." line (sources found from go.mod/go.work, or the source flags)';
const IGNORE_HELP = 'apply ignore markers: .covignore at the module root, "// coverage-ignore" (go-test-coverage), "//+gocover:ignore:file|block" (gocover)';

/**
 * Add --exclude-generated and --honor-ignore (`ci`: --no-honor-ignore, as it
 * honours them by default), plus the source flags when the command has none yet.
 */
export function addExcludeOptions(cmd: Command, opts: { honorByDefault?: boolean } = {}): Command {
  cmd.option('--exclude-generated', GENERATED_HELP);
  if (opts.honorByDefault) {
    cmd.option('--honor-ignore', `${IGNORE_HELP} (the default)`);
    cmd.option('--no-honor-ignore', 'do not apply ignore markers');
  } else cmd.option('--honor-ignore', IGNORE_HELP);
  if (!cmd.options.some((o) => o.long === '--source-root')) addSourceOptions(cmd);
  return cmd;
}

/** One profile after exclusions, with the report of what went. */
export interface Excluded {
  profile: Profile;
  report: ExclusionReport;
}

/** Applies the requested exclusions to any number of profiles, reading each source once. */
export class Excluder {
  private readonly facts = new Map<string, ExclusionFacts>();

  constructor(
    private readonly src: SourceAccess,
    readonly generated: boolean,
    readonly ignore: boolean,
  ) {}

  /** The excluder the flags ask for, or null when they ask for nothing (`locator`: one the command already has). */
  static async fromFlags(flags: ExcludeFlags, locator?: SourceAccess): Promise<Excluder | null> {
    const generated = flags.excludeGenerated === true;
    const ignore = flags.honorIgnore === true;
    if (!generated && !ignore) return null;
    return new Excluder(locator ?? (await locatorFromFlags(flags)), generated, ignore);
  }

  /** Exclude from one profile (pure apart from reading sources). */
  async apply(profile: Profile): Promise<Excluded> {
    // Imported here: registering the flags must not load the source readers (start-up).
    const { gatherExclusionFacts } = await import('../source/exclusionFacts.js');
    await gatherExclusionFacts(
      profile.files.map((f) => f.name),
      this.src,
      { generated: this.generated, ignore: this.ignore },
      this.facts,
    );
    return excludeFromProfile(profile, (n) => this.facts.get(n), { generated: this.generated, ignore: this.ignore });
  }

  /** Exclude from one profile and tell stderr what went (`label` names the input when there are several). */
  async applyAndReport(profile: Profile, label?: string): Promise<Profile> {
    const r = await this.apply(profile);
    this.tell(r.report, profile, label);
    return r.profile;
  }

  /** Tell stderr what a report says was excluded from `before`. */
  tell(report: ExclusionReport, before: Profile, label?: string): void {
    for (const line of exclusionLines(report, profileTotals(before).statements, before.files.length)) {
      const text = label === undefined ? line.text : `${label}: ${line.text}`;
      if (line.warning) warn(text);
      else note(text);
    }
  }
}

/** How many items to name in one stderr line. */
const SHOW = 3;

function some<T>(items: readonly T[], show: (x: T) => string): string {
  const named = items.slice(0, SHOW).map(show).join(', ');
  return items.length > SHOW ? `${named}, and ${items.length - SHOW} more` : named;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * The stderr lines for a report: what was excluded, what ran although ignored,
 * markers that did nothing, sources not found. `quiet` (ci's default
 * --honor-ignore): no line for "excluded 0" nor for sources not found (the
 * reports still list them).
 */
export function exclusionLines(report: ExclusionReport, statements: number, files: number, quiet = false): { text: string; warning: boolean }[] {
  const out: { text: string; warning: boolean }[] = [];
  const parts: string[] = [];
  if (report.generated.files > 0) parts.push(`${plural(report.generated.files, 'generated file')} (${report.generated.statements})`);
  if (report.ignored.files > 0) parts.push(`${plural(report.ignored.files, 'ignored file')} (${fileIgnoredStatements(report)})`);
  if (report.ignored.regions > 0) parts.push(`${plural(report.ignored.regions, 'ignored block')} (${regionStatements(report)})`);
  if (!quiet || report.statements > 0) out.push({ text: `excluded ${report.statements} of ${plural(statements, 'statement')}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`, warning: false });
  const ran = report.regions.filter((r) => r.executed);
  if (ran.length > 0) out.push({ text: `${plural(ran.length, 'ignored block')} ran anyway: ${some(ran, (r) => `${r.file}:${r.line} (${r.reason})`)}`, warning: true });
  if (report.unused.length > 0) out.push({ text: `${plural(report.unused.length, 'ignore marker')} excluded nothing: ${some(report.unused, (u) => `${u.file}:${u.line} (${u.why})`)}`, warning: true });
  if (report.unexplained.length > 0) {
    out.push({ text: `${plural(report.unexplained.length, 'gocover marker')} without the explanation gocover requires (applied anyway): ${some(report.unexplained, (u) => `${u.file}:${u.line}`)}`, warning: true });
  }
  if (report.missing.length > 0 && !quiet) {
    const missing = report.missing.map((m) => ({ found: false as const, name: m.name, reason: m.reason }));
    out.push({ text: `${sourceStatsLine(files - missing.length, missing, SHOW)} (kept: not checked for generated headers or markers)`, warning: true });
  }
  return out;
}

function fileIgnoredStatements(report: ExclusionReport): number {
  return report.files.filter((f) => f.reason !== 'generated').reduce((n, f) => n + f.statements, 0);
}

function regionStatements(report: ExclusionReport): number {
  return report.regions.reduce((n, r) => n + r.statements, 0);
}
