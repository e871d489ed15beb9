// Terminal display width of text, for aligning table columns: East Asian
// Wide/Fullwidth characters and emoji take 2 cells, combining marks and
// format characters 0, everything else 1 (ambiguous-width characters such as
// ▲ ▼ – count as 1, as in non-CJK terminals). Also: making control characters
// visible so a hostile file name cannot move the cursor or break a row.

/** Wide (2-cell) code point ranges from Unicode's EastAsianWidth W and F classes (emoji handled by property). */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2329, 0x232a],
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation (incl. U+3000)
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed, compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth ASCII
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff], // Tangut
  [0x1b000, 0x1b2ff], // Kana supplement/extended, Nushu
  [0x1f200, 0x1f2ff], // enclosed ideographic supplement
  [0x20000, 0x2fffd], // CJK extensions B..F
  [0x30000, 0x3fffd], // CJK extension G..
];

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\u1160-\u11ff\ud7b0-\ud7ff]$/u;
const EMOJI = /^\p{Emoji_Presentation}$/u;

function isWide(cp: number): boolean {
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Width of one code point in terminal cells (0, 1 or 2). Control characters count 1 (escape them first). */
export function codePointWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x300) return 1; // fast path: ASCII and Latin, no combining marks below U+0300
  if (ZERO_WIDTH.test(ch)) return 0;
  if (isWide(cp) || EMOJI.test(ch)) return 2;
  return 1;
}

/** Width of a string in terminal cells. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += codePointWidth(ch);
  return w;
}

/** Pad on the right to `width` cells. */
export function padEndWidth(text: string, width: number): string {
  const w = displayWidth(text);
  return w >= width ? text : text + ' '.repeat(width - w);
}

/** Pad on the left to `width` cells. */
export function padStartWidth(text: string, width: number): string {
  const w = displayWidth(text);
  return w >= width ? text : ' '.repeat(width - w) + text;
}

/** Replace control characters (C0, DEL, C1) with `\xNN` so names print on one line and move nothing. */
export function visibleText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Cut `text` to at most `width` cells by replacing its middle with `…` (wide characters are never split). */
export function truncateMiddle(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width < 1) return '';
  const chars = [...text];
  const budget = width - 1; // the ellipsis takes one cell
  let headW = Math.floor(budget / 2); // the tail (file name) keeps the odd cell
  let head = '';
  let i = 0;
  while (i < chars.length && codePointWidth(chars[i]) <= headW) {
    headW -= codePointWidth(chars[i]);
    head += chars[i++];
  }
  let tailW = budget - displayWidth(head);
  let tail = '';
  for (let j = chars.length - 1; j >= i && codePointWidth(chars[j]) <= tailW; j--) {
    tailW -= codePointWidth(chars[j]);
    tail = chars[j] + tail;
  }
  return `${head}…${tail}`;
}
