// Public library API: everything the CLI does is importable from here.

export * from './profile/model.js';
export * from './profile/errors.js';
export { LineParser, ProfileBuilder, ProfileParser, parseProfileBytes, parseProfileString, type BlockSink } from './profile/parser.js';
export { parseProfileStream, decodedChunks } from './profile/read.js';
export { readProfileFile } from './input/load.js';
export { formatProfile, profileByteChunks, profileChunks, writeProfile, writeChunks } from './profile/writer.js';
export { combineCounts } from './profile/accumulator.js';
export { Merger, mergeProfiles, type MergeOptions, type OnMismatch } from './ops/merge.js';
export { firstDifference } from './ops/coherence.js';
export * from './summary/index.js';
export { diffProfiles, type DiffOptions } from './ops/diff.js';
export { Aggregator, aggregateProfiles } from './ops/aggregate.js';
export { filterProfile, type FilterOptions } from './ops/filter.js';
export { compileGoRegexp, compilePathPatterns, splitFlagValue, splitFlagValues } from './ops/patterns.js';
export { DEFAULT_JUNIT_THRESHOLD, goXmlEscape, junitFailures, junitRatio, junitTargets, junitXml, type JunitTarget } from './report/junit.js';
export { absMetadataJson, goJsonString, incMetadataJson, type AbsMetadata, type BaseMetadata, type IncMetadata } from './report/metadata.js';
export {
  colorEnabled,
  displayWidth,
  formatTableCsv,
  formatTableJson,
  formatTableMarkdown,
  formatTableText,
  TABLE_FORMAT_NAMES,
  TABLE_FORMATS,
  TABLE_JSON_SCHEMA,
  type TableColumn,
  type TableFormat,
  type TableFormatOptions,
  type TableFormatter,
  type TableReport,
} from './report/table/index.js';
export { generateTestMain, testMainFileName, type TestMainOptions } from './instrument/testMain.js';
export { generateRuntimePackage, DEFAULT_COVERAGE_FILE, DEFAULT_ENV_PREFIX, DEFAULT_INTERVAL, type RuntimeOptions } from './instrument/runtimePackage.js';
export { generateFlusher, FLUSHER_FILE_NAME, DEFAULT_FLUSHER_ENV_PREFIX, type FlusherOptions } from './instrument/flusher.js';
export { flushConfig, CONFIG_FORMATS, CONFIG_VARIANTS, type ConfigFormat, type ConfigVariant, type FlushConfigOptions } from './instrument/flushConfig.js';
export { testDepsPlan, TEST_DEPS_METHODS, NEWEST_KNOWN, OLDEST_TARGET, type TestDepsMethod, type TestDepsPlan } from './instrument/testDeps.js';
export { parseGoVersion, compareGoVersion, formatGoVersion, type GoVersion } from './instrument/goVersion.js';
export { parseGoDuration, isPositiveGoDuration } from './instrument/duration.js';
export { parseGoMod, type GoModInfo } from './instrument/goMod.js';
export { isGeneratedByGopherage, type GeneratedFile } from './instrument/goSource.js';
export * from './covdata/index.js';
export { collectTargets, type CollectOptions, type Collection, type TargetResult } from './collect/collect.js';
export { coverageUrl, resetUrl, parseTargetList, TargetError, type PullOptions } from './collect/pull.js';
export { decodePayload, type Payload } from './collect/payload.js';
export { readTar, isTar } from './collect/tar.js';
export { DEFAULT_ENDPOINT_ENV_PREFIX, COVERAGE_PATH, RESET_PATH, endpointEnv } from './instrument/endpoint.js';
export { lcovChunks, lineHits, linesHit, type LineHits, type LineReportOptions } from './report/lcov.js';
export { coberturaChunks, lineRate, xmlEscape, type CoberturaOptions } from './report/cobertura.js';
export { jsonSummary, jsonSummaryChunks, JSON_SUMMARY_SCHEMA, type JsonEntry, type JsonSummary, type JsonSummaryOptions, type JsonTotals } from './report/json.js';
export { foldSources, readSource, type Folder, type FoldSource, type LoadedSource, type StreamSource } from './ops/fold.js';
export { parallelMerge, type ParallelMergeOptions } from './ops/parallel.js';
export { GuideCache, GuidedProfileBuilder, parseGuided } from './profile/guided.js';
export { fileChunks } from './input/fs.js';
export { annotateSource, buildHtmlModel, contentSecurityPolicy, DEFAULT_TITLE as DEFAULT_HTML_TITLE, goBoundaries, heatLevel, htmlReportChunks, packSources, renderHtmlReport, splitReport, unpackSources, type HtmlColumn, type HtmlFunction, type HtmlModel, type HtmlModelOptions, type HtmlNode, type HtmlSource, type LineCoverage, type SourceFinder } from './report/html/index.js';
export * from './patch/index.js';
export { createSourceLocator, type Location, type LocatorOptions, type SourceLocator } from './source/locator.js';
export { goFunctions, qualifiedName, type FuncExtent } from './source/functions.js';
export { SourceIndex } from './source/sourceIndex.js';
export { functionCoverage, type FuncCoverage } from './summary/functions.js';
export { funcText, funcJson, funcMarkdown, type FuncRow } from './report/func.js';
export { generatedHeader, findIgnoreMarkers, mayHaveIgnoreMarkers, type GeneratedHeader, type IgnoreMarker, type IgnoreMarkerKind, type SourceRegion } from './source/markers.js';
export { parseCovIgnore, type CovIgnore, type CovIgnoreRule } from './source/covignore.js';
export { gatherExclusionFacts, COVIGNORE_FILE, type FactOptions, type SourceAccess } from './source/exclusionFacts.js';
export { excludeFromProfile, emptyExclusionReport, type ExcludedFile, type ExcludedRegion, type ExcludeOptions, type ExclusionFacts, type ExclusionReport, type UnusedMarker } from './ops/exclude.js';
export { exclusionsMarkdown } from './report/exclusions.js';
