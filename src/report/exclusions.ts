// What --exclude-generated / --honor-ignore left out, as markdown for ci's
// summary.md: ExclusionReport (src/ops/exclude.ts) in, a few lines out — the
// counts, ignored code that ran anyway, markers that excluded nothing, files
// whose source was not found, and the full list in a <details> block.

import type { ExclusionReport } from '../ops/exclude.js';

/** How many excluded entries summary.md lists (summary.json has them all). */
export const MARKDOWN_LIST_LIMIT = 50;

function code(s: string): string {
  const t = s.replace(/[\r\n]+/g, ' ');
  const fence = t.includes('`') ? '``' : '`';
  return `${fence}${t.startsWith('`') || t.endsWith('`') ? ` ${t} ` : t}${fence}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The markdown section of an exclusion report (`statements` = the profile's statements before exclusion). */
export function exclusionsMarkdown(r: ExclusionReport, statements: number): string {
  const fileStmts = r.files.filter((f) => f.reason !== 'generated').reduce((n, f) => n + f.statements, 0);
  const regionStmts = r.regions.reduce((n, g) => n + g.statements, 0);
  const lines: string[] = [
    `Excluded **${r.statements}** of ${plural(statements, 'statement')}: ` +
      `${plural(r.generated.files, 'generated file')} (${r.generated.statements}), ` +
      `${plural(r.ignored.files, 'ignored file')} (${fileStmts}), ${plural(r.ignored.regions, 'ignored block')} (${regionStmts}).`,
  ];
  const ran = r.regions.filter((g) => g.executed);
  if (ran.length > 0) lines.push('', `**Ignored code that ran:** ${ran.map((g) => `${code(`${g.file}:${g.line}`)} (${g.reason})`).join(', ')}`);
  if (r.unused.length > 0) lines.push('', `Markers that excluded nothing: ${r.unused.map((u) => `${code(`${u.file}:${u.line}`)} (${u.why})`).join(', ')}`);
  if (r.missing.length > 0) lines.push('', `Source not found for ${plural(r.missing.length, 'file')} (kept, not checked): ${r.missing.slice(0, 5).map((m) => code(m.name)).join(', ')}${r.missing.length > 5 ? ', …' : ''}`);
  const entries = [
    ...r.files.map((f) => `| ${code(f.file)} | ${f.reason} | ${f.line} | ${f.statements} |`),
    ...r.regions.map((g) => `| ${code(`${g.file}:${g.startLine}-${g.endLine}`)} | ${g.reason}${g.executed ? ' (ran)' : ''} | ${g.line} | ${g.statements} |`),
  ];
  if (entries.length > 0) {
    const shown = entries.slice(0, MARKDOWN_LIST_LIMIT);
    const more = entries.length - shown.length;
    lines.push(
      '',
      `<details><summary>Excluded files and blocks (${entries.length})</summary>`,
      '',
      '| Where | Why | Line | Statements |',
      '|---|---|--:|--:|',
      ...shown,
      ...(more > 0 ? ['', `…and ${more} more (see summary.json)`] : []),
      '',
      '</details>',
    );
  }
  return lines.join('\n');
}
