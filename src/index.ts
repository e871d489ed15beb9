// The public library API (`import … from 'gopherage'`): paths, bytes and
// streams flow in as Profiles; Profiles flow through the ops (merge, diff,
// aggregate, filter, exclusions) and out as summaries and reports. Only what a
// user calls is here; engine internals (the line scanner, the guided builder,
// worker threads, byte readers) are not exported. docs/api.md lists every
// export; test/api.test.ts pins the list and checks each has a doc comment.

// The model and the errors.
export { blockAt, blockPosition, fileFromBlocks, MAX_COUNT, MODES, type Block, type FileCoverage, type Mode, type Profile } from './profile/model.js';
export { InputError, OptionError, ProfileError, UsageError, VerdictError, type ProfileErrorCode } from './profile/errors.js';

// Parse, read and write profiles.
export { parseProfileBytes, parseProfileString, ProfileParser } from './profile/parser.js';
export { parseProfileStream } from './profile/read.js';
export { formatProfile, profileChunks, writeProfile } from './profile/writer.js';

// Files as the CLI takes them (path, `-`, gzip, GOCOVERDIR), folded one input at a time.
export {
  classifyInputs,
  foldInputs,
  loadProfile,
  mergeInputs,
  readProfileFile,
  type Input,
  type LoadOptions,
  type MergeInputsOptions,
} from './input/index.js';
export type { Folder } from './ops/fold.js';

// Operations on Profiles (pure: inputs are never modified).
export { Merger, mergeProfiles, type MergeOptions, type OnMismatch } from './ops/merge.js';
export { diffProfiles, type DiffOptions } from './ops/diff.js';
export { Aggregator, aggregateProfiles } from './ops/aggregate.js';
export { filterProfile, type FilterOptions, type NamePattern } from './ops/filter.js';
export { compilePathPatterns, splitFlagValue } from './ops/patterns.js';

// Exclusions (generated files, .covignore, //gocover:ignore markers).
export { gatherExclusionFacts, COVIGNORE_FILE, type FactOptions, type SourceAccess } from './source/exclusionFacts.js';
export { excludeFromProfile, type ExcludedFile, type ExcludedRegion, type ExcludeOptions, type ExclusionFacts, type ExclusionReport } from './ops/exclude.js';
export { createSourceLocator, type Location, type LocatorOptions, type SourceLocator } from './source/locator.js';

// Summaries: totals, the path tree, table rows, functions.
export { fileTotals, percentText, profileTotals, type Totals } from './summary/totals.js';
export { goFixed } from './summary/goFormat.js';
export { packageTotals } from './summary/goPath.js';
export { buildTree, buildTreeFromTotals, profileFileTotals, type FileTotals, type TreeNode } from './summary/tree.js';
export { columnNames } from './summary/columns.js';
export { tableRows, TABLE_SORTS, type TableModel, type TableRow, type TableRowsOptions, type TableSort } from './summary/rows.js';
export { goFunctions, type FuncExtent } from './source/functions.js';
export { functionCoverage, type FuncCoverage } from './summary/functions.js';

// Reports.
export { render, reportText, reporterNames, REPORTERS, type RenderOptions, type ReporterName } from './report/registry.js';
export { DEFAULT_JUNIT_THRESHOLD } from './report/junit.js';
export type { LineReportOptions } from './report/lcov.js';
export type { CoberturaOptions } from './report/cobertura.js';
export { jsonSummary, type JsonSummary, type JsonSummaryOptions } from './report/json.js';
export type { TableFormat, TableFormatOptions } from './report/table/index.js';
export { buildHtmlModel, htmlReportChunks, renderHtmlReport, splitReport, type HtmlModel, type HtmlModelOptions, type SourceFinder } from './report/html/index.js';
export { functionRows, type FuncRow } from './report/func.js';
export { absMetadataJson, incMetadataJson, type AbsMetadata, type IncMetadata } from './report/metadata.js';
export { exclusionsMarkdown } from './report/exclusions.js';

// Go >= 1.20 binary coverage (GOCOVERDIR).
export { decodeCounterFile, decodeCovDir, decodeMetaFile, isCovDataDir, readCovDir, readCovDirProfile, type ReadFile } from './covdata/index.js';

// Instrumentation generators (Go source text out).
export { generateTestMain, type TestMainOptions } from './instrument/testMain.js';
export { generateRuntimePackage, type RuntimeOptions } from './instrument/runtimePackage.js';
export { generateFlusher, type FlusherOptions } from './instrument/flusher.js';
export { flushConfig, type FlushConfigOptions } from './instrument/flushConfig.js';
export type { GeneratedFile } from './instrument/goSource.js';

// The CI step: configuration, the pipeline (profiles in, reports and verdict out), summary JSON as a base.
export { CI_DEFAULTS, parseConfigObject, resolveCiConfig, type CiConfig } from './ci/config.js';
export { runCiPipeline, type CiInputs, type CiPipelineOptions, type CiResult } from './ci/pipeline.js';
export { totalsFromSummaryJson } from './ci/base.js';

// Patch coverage (a unified diff against a profile).
export { parseUnifiedDiff, type DiffFile } from './patch/unidiff.js';
export { patchCoverage, type PatchCoverage } from './patch/coverage.js';
export { measurePatch, type PatchRequest } from './patch/measure.js';
export { gitPatch } from './patch/git.js';
export { patchMarkdown, patchText } from './patch/render.js';
export { patchJson } from './patch/json.js';
export { githubAnnotations } from './patch/github.js';

// Live collection from running binaries.
export { collectTargets, type CollectOptions, type Collection, type TargetResult } from './collect/collect.js';
export { coverageUrl, parseTargetList, TargetError, type PullOptions } from './collect/pull.js';
export { decodePayload, type Payload } from './collect/payload.js';

// Go cover blocks computed from source (statements of untested files).
export { goBlocks, type SourceBlock } from './source/blocks.js';
