// The one reporter registry: every report format by name, with the file name
// `ci` gives it, its media type, what it renders (a Profile, a table, an HTML
// model or function rows), the options it reads and the commands that offer
// it. In: a format name, its input and options; out: the report as chunks.
// `convert --format`, `ci --formats`, `table --format`, `func --format` (and
// their choices) derive from here, so adding a format means adding one entry.
// Each reporter's module is imported only when that format is rendered
// (`load`): listing formats for a command's choices loads no reporter.

import type { Profile } from '../profile/model.js';
import type { CoberturaOptions } from './cobertura.js';
import type { HtmlAssets, HtmlModel } from './html/index.js';
import type { JsonSummaryOptions } from './json.js';
import type { FuncRow } from './func.js';
import type { TABLE_FORMATS, TableFormatOptions, TableReport } from './table/index.js';
import type { Totals } from '../summary/totals.js';

/** Function rows and their total (what `func` lists: src/report/func.ts builds the rows). */
export interface FunctionsReport {
  readonly rows: readonly FuncRow[];
  /** The total of every function (also of rows a filter left out). */
  readonly total: Totals;
}

/** What each kind of reporter renders. */
export interface ReportInputs {
  /** A coverage profile. */
  profile: Profile;
  /** A table model with its column headings (src/summary/rows.ts builds the model). */
  table: TableReport;
  /** An HTML report model (`buildHtmlModel`). */
  html: HtmlModel;
  /** Per-function coverage rows and their total. */
  functions: FunctionsReport;
}

/** The kind of input a reporter renders. */
export type ReportInputKind = keyof ReportInputs;

/** Every option any reporter reads; each reporter lists the ones it takes in `options`. */
export interface RenderOptions extends CoberturaOptions, JsonSummaryOptions, TableFormatOptions {
  /** junit: a file, directory or the total fails below this ratio (default 0.8 as a float32, as Go's). */
  threshold?: number;
  /** html: the page's scripts and styles (default: the built-in ones). */
  assets?: HtmlAssets;
}

/** A command whose format flag offers a reporter: `convert --format`, `ci --formats` (extra reports), `table --format`, `func --format`. */
export type ReporterCommand = 'convert' | 'ci' | 'table' | 'func';

/** One report format. */
export interface Reporter<K extends ReportInputKind = ReportInputKind> {
  /** Unique name (what `render` takes). */
  readonly name: string;
  /** Its value of the `--format`/`--formats` flag of the commands that offer it. */
  readonly format: string;
  /** The file name `ci` writes it to (a default for other callers). */
  readonly fileName: string;
  /** Media type of the output. */
  readonly mediaType: string;
  /** One line for help and docs. */
  readonly description: string;
  /** What it renders. */
  readonly input: K;
  /** The options of RenderOptions it reads. */
  readonly options: readonly (keyof RenderOptions)[];
  /** The commands offering it. */
  readonly commands: readonly ReporterCommand[];
  /** Import the reporter's module (on first use) and resolve to its render function. */
  load(): Promise<Render<K>>;
}

/**
 * A reporter's render function: the report of `input`, in chunks. (Declared
 * as a method so that a reporter of one input kind is a Reporter of any kind,
 * as the registry's record type needs.)
 */
export type Render<K extends ReportInputKind = ReportInputKind> = {
  render(input: ReportInputs[K], options: RenderOptions): Iterable<string | Uint8Array>;
}['render'];

const LINE_OPTIONS = ['mapPath', 'functions', 'input'] as const;

/** Checks that each entry's key is its name, keeping each entry's input kind in the type. */
function registry<T extends Record<string, Reporter<ReportInputKind>>>(entries: T & { [N in keyof T]: { name: N } }): T {
  return entries;
}

/** One table format as a reporter (the table folder's formatters, TABLE_FORMATS). */
function tableReporter<F extends keyof typeof TABLE_FORMATS>(format: F, fileName: string, mediaType: string, description: string): Reporter<'table'> & { name: `table-${F}` } {
  return {
    name: `table-${format}`,
    format,
    fileName,
    mediaType,
    description,
    input: 'table',
    options: ['color', 'width'],
    commands: ['table'],
    load: async () => {
      const write = (await import('./table/index.js')).TABLE_FORMATS[format];
      return (report, options) => [write(report, options)];
    },
  };
}

/** One per-function format as a reporter. */
function funcReporter<F extends 'text' | 'json' | 'markdown'>(format: F, fileName: string, mediaType: string, description: string): Reporter<'functions'> & { name: `func-${F}` } {
  return {
    name: `func-${format}`,
    format,
    fileName,
    mediaType,
    description,
    input: 'functions',
    options: [],
    commands: ['func'],
    load: async () => {
      const m = await import('./func.js');
      const write: (rows: readonly FuncRow[], total: Totals) => string = { text: m.funcText, json: m.funcJson, markdown: m.funcMarkdown }[format];
      return (report) => [write(report.rows, report.total)];
    },
  };
}

/** Every reporter by name, in the order commands list them. */
export const REPORTERS = registry({
  text: {
    name: 'text',
    format: 'text',
    fileName: 'coverage.out',
    mediaType: 'text/plain',
    description: 'the canonical text profile (as go test -coverprofile writes)',
    input: 'profile',
    options: [],
    commands: ['convert'],
    load: async () => {
      const { profileByteChunks } = await import('../profile/writer.js');
      return (profile: Profile) => profileByteChunks(profile);
    },
  },
  lcov: {
    name: 'lcov',
    format: 'lcov',
    fileName: 'lcov.info',
    mediaType: 'text/plain',
    description: 'LCOV tracefile (genhtml, Codecov, Coveralls)',
    input: 'profile',
    options: LINE_OPTIONS,
    commands: ['convert', 'ci'],
    load: async () => {
      const { lcovByteChunks } = await import('./lcov.js');
      return (profile: Profile, o: RenderOptions) => lcovByteChunks(profile, { mapPath: o.mapPath, functions: o.functions, input: o.input });
    },
  },
  cobertura: {
    name: 'cobertura',
    format: 'cobertura',
    fileName: 'cobertura.xml',
    mediaType: 'application/xml',
    description: 'Cobertura XML (GitLab, Jenkins, Azure DevOps)',
    input: 'profile',
    options: [...LINE_OPTIONS, 'sources', 'timestamp', 'version'],
    commands: ['convert', 'ci'],
    load: async () => {
      const { coberturaByteChunks } = await import('./cobertura.js');
      return (profile: Profile, o: RenderOptions) =>
        coberturaByteChunks(profile, { mapPath: o.mapPath, functions: o.functions, input: o.input, sources: o.sources, timestamp: o.timestamp, version: o.version });
    },
  },
  json: {
    name: 'json',
    format: 'json',
    fileName: 'coverage.json',
    mediaType: 'application/json',
    description: 'JSON summary: totals per file, package and function (gopherage-coverage/v2)',
    input: 'profile',
    options: ['mapPath', 'functions', 'blocks', 'exclusions'],
    commands: ['convert'],
    load: async () => {
      const { jsonSummaryChunks } = await import('./json.js');
      return (profile: Profile, o: RenderOptions) => jsonSummaryChunks(profile, { mapPath: o.mapPath, functions: o.functions, blocks: o.blocks, exclusions: o.exclusions });
    },
  },
  junit: {
    name: 'junit',
    format: 'junit',
    fileName: 'junit_coverage.xml',
    mediaType: 'application/xml',
    description: 'TestGrid JUnit XML: OVERALL, each file, each directory; <failure> below the threshold',
    input: 'profile',
    options: ['threshold'],
    commands: [],
    load: async () => {
      const { DEFAULT_JUNIT_THRESHOLD, junitXml } = await import('./junit.js');
      return (profile: Profile, o: RenderOptions) => [junitXml(profile, o.threshold ?? DEFAULT_JUNIT_THRESHOLD)];
    },
  },
  html: {
    name: 'html',
    format: 'html',
    fileName: 'coverage.html',
    mediaType: 'text/html',
    description: 'self-contained HTML report: directory tree, source view',
    input: 'html',
    options: ['assets'],
    commands: [],
    load: async () => {
      const { htmlReportChunks } = await import('./html/index.js');
      return (model: HtmlModel, o: RenderOptions) => htmlReportChunks(model, o.assets);
    },
  },
  'table-text': tableReporter('text', 'coverage.txt', 'text/plain', 'per-directory table for a terminal'),
  'table-markdown': tableReporter('markdown', 'coverage.md', 'text/markdown', 'per-directory table in GitHub markdown'),
  'table-csv': tableReporter('csv', 'coverage.csv', 'text/csv', 'per-directory table as CSV'),
  'table-json': tableReporter('json', 'coverage-table.json', 'application/json', 'per-directory table as JSON'),
  'func-text': funcReporter('text', 'functions.txt', 'text/plain', 'per-function coverage as go tool cover -func prints it'),
  'func-json': funcReporter('json', 'functions.json', 'application/json', 'per-function coverage as JSON (gopherage-functions/v1)'),
  'func-markdown': funcReporter('markdown', 'functions.md', 'text/markdown', 'per-function coverage in GitHub markdown'),
});

/** A reporter name. */
export type ReporterName = keyof typeof REPORTERS;

/** The input of the reporter named N. */
export type ReporterInput<N extends ReporterName> = (typeof REPORTERS)[N] extends Reporter<infer K> ? ReportInputs[K] : never;

/** Every reporter name, in registry order. */
export function reporterNames(): ReporterName[] {
  return Object.keys(REPORTERS) as ReporterName[];
}

/** The reporters a command offers, in registry order. */
export function reportersOf(command: ReporterCommand): Reporter[] {
  return Object.values(REPORTERS as Record<string, Reporter>).filter((r) => r.commands.includes(command));
}

/** The format values a command's flag accepts (its `.choices()`), in registry order. */
export function formatsOf(command: ReporterCommand): string[] {
  return reportersOf(command).map((r) => r.format);
}

/** The reporter a command's flag value names (undefined when it offers none by that value). */
export function reporterFor(command: ReporterCommand, format: string): Reporter | undefined {
  return reportersOf(command).find((r) => r.format === format);
}

/** Render `input` as the report named `name` (see REPORTERS for each one's input and options), loading its reporter first. */
export async function render<N extends ReporterName>(name: N, input: ReporterInput<N>, options: RenderOptions = {}): Promise<Iterable<string | Uint8Array>> {
  return (await renderer(name))(input, options);
}

/** The render function of the reporter named `name` (its module imported on first use). */
export async function renderer<N extends ReporterName>(name: N): Promise<(input: ReporterInput<N>, options?: RenderOptions) => Iterable<string | Uint8Array>> {
  const render = (await (REPORTERS[name] as Reporter).load()) as (input: ReporterInput<N>, options: RenderOptions) => Iterable<string | Uint8Array>;
  return (input, options = {}) => render(input, options);
}

/** A report's chunks as one string (byte chunks decoded as UTF-8): for the small reports (tables, junit) and tests. */
export function reportText(chunks: Iterable<string | Uint8Array>): string {
  const decoder = new TextDecoder();
  let s = '';
  for (const c of chunks) s += typeof c === 'string' ? decoder.decode() + c : decoder.decode(c, { stream: true });
  return s + decoder.decode();
}
