// The summary layer every report uses: totals, the path tree, Go-exact formatting.

export { goFixed } from './goFormat.js';
export { addTotals, coverageRatio, fileTotals, NOT_APPLICABLE, percentText, profileTotals, trendArrow, type Totals } from './totals.js';
export { buildTree, findNode, pathSegments, walkTree, type TreeNode } from './tree.js';
