// Patch coverage, the library view: parse a unified diff, measure it against
// a profile, render it (text, PR-comment markdown, JSON, GitHub commands).

export { parseUnifiedDiff, unquoteGitName, type DiffFile } from './unidiff.js';
export { countsForPatch, patchCoverage, patchHeadline, patchPercent, patchThresholdReason, rangesText, type PatchCoverage, type PatchFile } from './coverage.js';
export { lineLink, PATCH_MARKER, patchMarkdown, patchText, patchVerdictLine, type PatchRenderOptions } from './render.js';
export { PATCH_JSON_SCHEMA, patchJson, patchReasons, type PatchContext } from './json.js';
export { ANNOTATION_TITLE, escapeData, escapeProperty, githubAnnotations } from './github.js';
export { filesByRepoPath, measurePatch, type PatchRequest } from './measure.js';
export { gitPatch, repoRoot } from './git.js';
