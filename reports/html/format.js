// Number formatting for the report page, the same rules as src/summary:
// percentages as Go's `%.1f` prints them (exact ties round half to even,
// which JS toFixed does not), "–" for 0 statements, '' for an absent cell,
// and ▲/▼ compared at the displayed 0.1% precision. A cell's totals are
// [covered, statements] or null. test/html-model.test.ts checks these
// against the TypeScript originals.
var gopherageFormat = (function () {
  'use strict';

  // True when x * 10^prec is exactly an odd integer plus one half.
  function isExactTie(x, prec) {
    if (x >= Math.pow(2, 52)) return false;
    var view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    var hi = view.getUint32(0);
    var lo = view.getUint32(4);
    var biased = (hi >>> 20) & 0x7ff;
    var mantissa = (BigInt(hi & 0xfffff) << BigInt(32)) | BigInt(lo);
    var exp;
    if (biased === 0) {
      exp = -1074;
    } else {
      mantissa = mantissa | (BigInt(1) << BigInt(52));
      exp = biased - 1075;
    }
    if (exp >= 0) return false;
    var num = mantissa * BigInt(2) * BigInt(10) ** BigInt(prec);
    var den = BigInt(1) << BigInt(-exp);
    return num % den === BigInt(0) && (num / den) % BigInt(2) === BigInt(1);
  }

  function digitsWithPoint(n, prec) {
    if (prec === 0) return String(n);
    var s = String(n).padStart(prec + 1, '0');
    return s.slice(0, s.length - prec) + '.' + s.slice(s.length - prec);
  }

  // Go's fmt %.<prec>f of a float64.
  function goFixed(x, prec) {
    if (Number.isNaN(x)) return 'NaN';
    if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
    if (x < 0 || Object.is(x, -0)) return '-' + goFixed(-x, prec);
    if (isExactTie(x, prec)) {
      var down = Math.floor(x * Math.pow(10, prec));
      return digitsWithPoint(down % 2 === 0 ? down : down + 1, prec);
    }
    return x.toFixed(prec);
  }

  // Covered fraction, or null for an absent cell or 0 statements.
  function ratio(t) {
    return t === null || t[1] === 0 ? null : t[0] / t[1];
  }

  // Percentage as Go's cover tools compute it: 100*covered/statements (not
  // ratio*100, which differs from Go on exact ties such as 23/80).
  function percent(t) {
    return t === null || t[1] === 0 ? null : (100 * t[0]) / t[1];
  }

  function percentText(t) {
    if (t === null) return '';
    var p = percent(t);
    return p === null ? '\u2013' : goFixed(p, 1) + '%';
  }

  function trendArrow(current, previous) {
    var a = percent(current);
    var b = percent(previous);
    if (a === null || b === null) return '';
    var x = Number(goFixed(a, 1));
    var y = Number(goFixed(b, 1));
    return x > y ? '\u25b2' : x < y ? '\u25bc' : '';
  }

  // An integer with thousands separators (1,234,567).
  function group(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  return { goFixed: goFixed, ratio: ratio, percentText: percentText, trendArrow: trendArrow, group: group };
})();
