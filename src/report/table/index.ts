// Table formatters behind one interface, in a typed map. The reporter
// registry (src/report/registry.ts) offers each as a `table-NAME` reporter;
// the CLI derives its `--format` choices from the registry.

import { formatTableCsv } from './csv.js';
import { formatTableJson } from './json.js';
import { formatTableMarkdown } from './markdown.js';
import { formatTableText } from './text.js';
import type { TableFormatter } from './types.js';

/** Every table format by name. */
export const TABLE_FORMATS = {
  text: formatTableText,
  markdown: formatTableMarkdown,
  csv: formatTableCsv,
  json: formatTableJson,
} as const satisfies Record<string, TableFormatter>;

/** A table format name. */
export type TableFormat = keyof typeof TABLE_FORMATS;

export { formatTableCsv, csvField } from './csv.js';
export { formatTableJson, TABLE_JSON_SCHEMA } from './json.js';
export { formatTableMarkdown, escapeMarkdown } from './markdown.js';
export { formatTableText } from './text.js';
export { displayWidth, padEndWidth, padStartWidth, truncateMiddle, visibleText } from './displayWidth.js';
export { cellText, pathHeading, type TableColumn, type TableFormatOptions, type TableFormatter, type TableReport } from './types.js';
export { colorEnabled } from './color.js';
