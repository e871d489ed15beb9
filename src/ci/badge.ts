// Coverage badges (SVG, shields.io style, drawn by badge-maker): a label and
// totals in, the SVG text out. Colour by threshold: red below it, bright
// green at or above it; without a threshold, a scale from red (< 50%) through
// orange, yellow and green to bright green (>= 90%); grey with no statements.

import { makeBadge } from 'badge-maker';
import { goFixed } from '../summary/goFormat.js';
import { percentValue, type Totals } from '../summary/totals.js';

/** The colour name of a coverage percentage. */
export function badgeColor(percent: number | null, threshold: number | null): string {
  if (percent === null) return 'lightgrey';
  if (threshold !== null) return percent < threshold * 100 ? 'red' : 'brightgreen';
  return percent >= 90 ? 'brightgreen' : percent >= 80 ? 'green' : percent >= 70 ? 'yellowgreen' : percent >= 60 ? 'yellow' : percent >= 50 ? 'orange' : 'red';
}

/** An SVG badge `label | 79.2%`. */
export function coverageBadge(label: string, totals: Totals, threshold: number | null): string {
  const p = percentValue(totals);
  return makeBadge({ label, message: p === null ? 'n/a' : `${goFixed(p, 1)}%`, color: badgeColor(p, threshold) });
}
