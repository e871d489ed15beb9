// The HTML coverage browser: build the embedded model from profiles, then
// render the self-contained page (see docs/html.md).

export { buildHtmlModel, buildHtmlTreeModel, DEFAULT_TITLE, htmlColumnTotals, packBlocks, type HtmlColumn, type HtmlColumnTotals, type HtmlFunction, type HtmlModel, type HtmlModelOptions, type HtmlNode, type HtmlSource, type HtmlTreeModelOptions, type SourceFinder } from './model.js';
export { packSources, unpackSources, type PackedFile } from './pack.js';
export { contentSecurityPolicy, cspHash, defaultHtmlAssets, htmlReportChunks, renderHtmlReport, safeJson, splitReport, type HtmlAssets, type SplitReport } from './render.js';
export { annotateSource, goBoundaries, heatLevel, splitSource, type Boundary, type LineCoverage, type SourceLines } from './sourceView.js';
