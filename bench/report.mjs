// Printing for `npm run bench`: the compared rows of bench/measure.mjs as one
// markdown table (ours, baseline, wall/CPU/RSS ratios, target, met, output
// identity, load average), then the extra lines of the merge sets.
// In: row objects and text lines; out: markdown text.

/** A number with `d` decimals, or '-'. */
export const fmt = (x, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(d));

const NAMES = { wall: 'wall', cpu: 'CPU', rss: 'RSS' };

/** Seconds with 3 decimals below 0.1 s (start-up rows), 2 above. */
const sec = (x) => fmt(x, x !== null && x < 0.1 ? 3 : 2);

/** Text for a table cell: `|` escaped (GitHub tables split on it, even in code spans). */
const cell = (s) => s.replaceAll('|', '\\|');

/** The markdown table of compared rows. */
export function rowsTable(rows) {
  const out = [
    '| group | command (baseline) | ours wall s | base wall s | wall × | ours CPU s | base CPU s | CPU × | ours RSS MiB | base RSS MiB | RSS × | target | met | identical | load avg |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|:-:|:-:|---:|',
  ];
  for (const r of rows) {
    const target = r.checks.map((c) => `${NAMES[c.k]} ≤ ${c.t}`).join(', ') || '-';
    const met = r.met === null ? '-' : r.met ? 'met' : `**not met** (${r.checks.filter((c) => !c.ok).map((c) => NAMES[c.k]).join(', ')})`;
    const identical = r.identical === null ? 'n/a' : r.identical === true ? 'yes' : r.identical === false ? '**NO**' : r.identical;
    const bold = (k) => (r.checks.some((c) => c.k === k) ? `**${fmt(r.ratios[k])}**` : fmt(r.ratios[k]));
    out.push(
      `| ${r.group} | ${cell(r.label)} (${cell(r.baseName)}) | ${sec(r.ours.wall)} | ${sec(r.base.wall)} | ${bold('wall')} | ${sec(r.ours.cpu)} | ${sec(r.base.cpu)} | ${bold('cpu')} | ` +
        `${fmt(r.ours.rss, 0)} | ${fmt(r.base.rss, 0)} | ${bold('rss')} | ${target} | ${met} | ${identical} | ${fmt(r.load[0], 1)}–${fmt(r.load[1], 1)} |`,
    );
  }
  return out;
}

/** Rows as plain JSON (no samples' stdout), for --json. */
export function rowsJson(rows) {
  const m = (x) => ({ wall: x.wall, cpu: x.cpu, rss: x.rss });
  return rows.map((r) => ({ group: r.group, label: r.label, baseline: r.baseName, ours: m(r.ours), base: m(r.base), ratios: r.ratios, checks: r.checks, met: r.met, identical: r.identical, load: r.load }));
}
