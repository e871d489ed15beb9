// The page's source highlighting: a file's source bytes + one column's blocks
// in, per-line highlight segments out. A line-for-line port of
// src/report/html/sourceView.ts (goBoundaries + annotateSource, themselves
// go tool cover -html's boundary walk), so the page can carry only the
// compressed source and the blocks instead of per-line segments.
// test/html-annotate.test.ts checks it against the TypeScript original on
// every file of the std-library fixtures.
// Blocks arrive delta-coded: per block sl-prevSl, sc, el-sl, ec, count.
var gopherageAnnotate = (function () {
  'use strict';
  var decoder = new TextDecoder('utf-8');

  function heatLevel(count, max) {
    if (count <= 0) return 0;
    var norm = max <= 1 ? 0.8 : Math.log(count) / Math.log(max);
    return Math.floor(norm * 9) + 1;
  }

  // Delta-coded blocks -> { pos: [sl, sc, el, ec, ...], counts: [...] }.
  function unpack(flat) {
    var pos = [];
    var counts = [];
    var line = 0;
    for (var i = 0; i + 4 < flat.length; i += 5) {
      line += flat[i];
      pos.push(line, flat[i + 1], line + flat[i + 2], flat[i + 3]);
      counts.push(flat[i + 4]);
    }
    return { pos: pos, counts: counts };
  }

  // Lines of the source: text (no terminator, a trailing \r dropped), byte start and length.
  // Decoded once as a whole: a \n byte is never inside a UTF-8 sequence, so this equals decoding line by line.
  function splitSource(src) {
    var text = decoder.decode(src);
    var lines = text.split('\n');
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    var starts = [];
    var lengths = [];
    var s = 0;
    for (var i = 0; i < lines.length; i++) {
      var e = src.indexOf(0x0a, s);
      if (e < 0) e = src.length;
      var len = e - s;
      if (len > 0 && src[s + len - 1] === 0x0d) {
        len--;
        lines[i] = lines[i].slice(0, -1);
      }
      starts.push(s);
      lengths.push(len);
      s = e + 1;
    }
    return { lines: lines, starts: starts, lengths: lengths };
  }

  function boundaries(pos, counts, src) {
    var n = counts.length;
    var max = 0;
    for (var i = 0; i < n; i++) if (counts[i] > max) max = counts[i];
    var out = [];
    var index = 0;
    var started = 0;
    var line = 1;
    var col = 2; // sic, as x/tools
    for (var si = 0, bi = 0; si < src.length && bi < n; ) {
      var p = 4 * bi;
      if (pos[p] === line && pos[p + 1] === col) {
        out.push({ offset: si, start: true, count: counts[bi], level: heatLevel(counts[bi], max), index: index++ });
        started++;
      }
      if ((pos[p + 2] === line && pos[p + 3] === col) || line > pos[p + 2]) {
        out.push({ offset: si, start: false, count: 0, level: 0, index: index++ });
        bi++;
        continue;
      }
      if (src[si] === 0x0a) {
        line++;
        col = 0;
      }
      col++;
      si++;
    }
    out.sort(function (a, b) {
      return a.offset - b.offset || a.index - b.index;
    });
    return { boundaries: out, misplaced: n - started, max: max };
  }

  function charIndex(bytes, text, b) {
    if (text.length === bytes.length) return b;
    if (b >= bytes.length) return text.length;
    return decoder.decode(bytes.subarray(0, b)).length;
  }

  function isBlank(text, from, to) {
    for (var i = from; i < to; i++) {
      var c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0b && c !== 0x0c) return false;
    }
    return true;
  }

  // One column's highlighting: { segs, hits, partial, max, misplaced } as LineCoverage in sourceView.ts.
  function annotate(src, lines, blocks) {
    var b = boundaries(blocks.pos, blocks.counts, src);
    var nLines = lines.lines.length;
    var segs = [];
    var hits = [];
    var missed = [];
    for (var i = 0; i < nLines; i++) {
      segs.push([]);
      hits.push(null);
      missed.push(false);
    }
    var stack = [];
    var lineIdx = 0;
    function emit(from, to, top) {
      while (lineIdx + 1 < nLines && lines.starts[lineIdx + 1] <= from) lineIdx++;
      for (var li = lineIdx; li < nLines && lines.starts[li] < to; li++) {
        var ls = lines.starts[li];
        var a = Math.max(from, ls) - ls;
        var e = Math.min(to, ls + lines.lengths[li]) - ls;
        if (e <= a) continue;
        var bytes = src.subarray(ls, ls + lines.lengths[li]);
        var text = lines.lines[li];
        var ca = charIndex(bytes, text, a);
        var cb = charIndex(bytes, text, e);
        var row = segs[li];
        var n = row.length;
        if (n > 0 && row[n - 3] === ca && row[n - 2] === top.level && row[n - 1] === top.count) row[n - 3] = cb;
        else row.push(ca, cb, top.level, top.count);
        if (!isBlank(text, ca, cb)) {
          var h = hits[li];
          hits[li] = h === null ? top.count : Math.max(h, top.count);
          if (top.count === 0) missed[li] = true;
        }
      }
    }
    var at = 0;
    b.boundaries.forEach(function (x) {
      if (x.offset > at && stack.length > 0) emit(at, x.offset, stack[stack.length - 1]);
      at = x.offset;
      if (x.start) stack.push(x);
      else stack.pop();
    });
    if (stack.length > 0 && at < src.length) emit(at, src.length, stack[stack.length - 1]);
    var partial = [];
    for (var k = 0; k < nLines; k++) if (missed[k] && (hits[k] || 0) > 0) partial.push(k);
    return { segs: segs, hits: hits, partial: partial, max: b.max, misplaced: b.misplaced };
  }

  return { unpack: unpack, splitSource: splitSource, annotate: annotate, heatLevel: heatLevel };
})();
