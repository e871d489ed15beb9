// The summary layer every report uses: totals, the path tree, Go-exact formatting.

export { goFixed } from './goFormat.js';
export { goPathClean, goPathDir, packageTotals } from './goPath.js';
export { addTotals, coverageRatio, fileTotals, NOT_APPLICABLE, percentText, percentValue, profileTotals, trendArrow, type Totals } from './totals.js';
export { buildTree, buildTreeFromTotals, findNode, pathSegments, profileFileTotals, walkTree, type FileTotals, type TreeNode } from './tree.js';
export { columnNames, inputBaseName } from './columns.js';
export {
  defaultPrefix,
  nodeCells,
  TABLE_SORTS,
  tableCell,
  tableRows,
  TOTAL_LABEL,
  type TableCell,
  type TableModel,
  type TableRow,
  type TableRowsOptions,
  type TableSort,
} from './rows.js';
