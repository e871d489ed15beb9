// The source view: one file of the report with go tool cover's
// highlighting (annotate.js), drawn in chunks of CHUNK lines (files longer
// than EAGER_LINES draw only the chunks near the viewport, and everything
// before printing), line anchors and ranges, n/p through uncovered
// stretches, the function list. In: ctx from report.js (data, columns,
// hashFor, renderCrumbs, show, sources, token). Out: { render(chain,
// segs, route) }, plus its own button, click and print listeners.
var gopherageSourceView = function (ctx) {
  'use strict';
  var F = gopherageFormat;
  var A = gopherageAnnotate;
  var $ = gopherageDom.$;
  var make = gopherageDom.make;
  var coverageCell = gopherageDom.coverageCell;
  var data = ctx.data;
  var cols = data.columns;
  var hashFor = ctx.hashFor;
  var CHUNK = 100;
  var EAGER_LINES = 1500;
  var view = null; // the source on screen

  function coverageOf(entry, col) {
    if (!entry.cov[col]) entry.cov[col] = A.annotate(entry.src, entry.lines, A.unpack(entry.blocks[col]));
    return entry.cov[col];
  }

  function renderLegend(mode) {
    var legend = $('legend');
    legend.textContent = '';
    legend.appendChild(make('span', 'untracked', 'not tracked'));
    if (mode === 'set') {
      legend.appendChild(make('span', 'cov0', 'not covered'));
      legend.appendChild(make('span', 'cov8', 'covered'));
      return;
    }
    legend.appendChild(make('span', 'cov0', 'no coverage'));
    legend.appendChild(make('span', 'cov1', 'low coverage'));
    for (var i = 2; i <= 9; i++) legend.appendChild(make('span', 'cov' + i, '*'));
    legend.appendChild(make('span', 'cov10', 'high coverage'));
  }

  // First lines of the uncovered stretches: runs of lines with uncovered
  // code (red or yellow), broken by a fully covered line.
  function uncoveredStarts(cov) {
    var partial = {};
    cov.partial.forEach(function (i) {
      partial[i] = true;
    });
    var starts = [];
    var inRun = false;
    for (var i = 0; i < cov.hits.length; i++) {
      var h = cov.hits[i];
      if (h === null) continue;
      var miss = h === 0 || partial[i] === true;
      if (miss && !inRun) starts.push(i);
      inRun = miss;
    }
    return { starts: starts, partial: partial };
  }

  function lineRow(v, i) {
    var cov = v.cov;
    var hits = cov.hits[i];
    var tr = make('tr', hits === null ? 'line' : hits === 0 ? 'line miss' : v.partial[i] ? 'line hit partial' : 'line hit');
    tr.id = 'L' + (i + 1);
    var ln = make('td', 'ln');
    var a = make('a', null, String(i + 1));
    a.href = v.base + ':L' + (i + 1);
    a.tabIndex = -1;
    ln.appendChild(a);
    tr.appendChild(ln);
    tr.appendChild(make('td', 'hits', hits === null ? '' : String(hits)));
    var code = make('td', 'code');
    var text = v.entry.lines.lines[i];
    var segsOfLine = cov.segs[i];
    var at = 0;
    for (var k = 0; k < segsOfLine.length; k += 4) {
      var s = segsOfLine[k];
      var e = segsOfLine[k + 1];
      if (s > at) code.appendChild(document.createTextNode(text.slice(at, s)));
      var span = make('span', 'cov' + segsOfLine[k + 2], text.slice(s, e));
      span.title = String(segsOfLine[k + 3]);
      code.appendChild(span);
      at = e;
    }
    if (at < text.length) code.appendChild(document.createTextNode(text.slice(at)));
    tr.appendChild(code);
    if (i + 1 >= v.from && i + 1 <= v.to) tr.dataset.sel = 'true';
    if (v.cursor >= 0 && v.starts[v.cursor] === i) tr.dataset.mark = 'current';
    return tr;
  }

  function fillChunk(v, k) {
    var tb = v.chunks[k];
    if (tb.dataset.filled === 'true') return;
    tb.dataset.filled = 'true';
    if (v.observer) v.observer.unobserve(tb);
    tb.textContent = '';
    var frag = document.createDocumentFragment();
    var end = Math.min(v.entry.lines.lines.length, (k + 1) * CHUNK);
    for (var i = k * CHUNK; i < end; i++) frag.appendChild(lineRow(v, i));
    tb.appendChild(frag);
    if (!v.lineHeight && tb.firstChild) {
      v.lineHeight = tb.firstChild.getBoundingClientRect().height || 18;
      v.chunks.forEach(function (other) {
        if (other.dataset.filled !== 'true') other.firstChild.firstChild.style.height = v.lineHeight * Number(other.dataset.lines) + 'px';
      });
    }
  }

  function fillAll(v) {
    for (var k = 0; k < v.chunks.length; k++) fillChunk(v, k);
  }

  // The row of line i (0-based), drawing its chunk first (and a neighbour when i is near its edge).
  function rowOf(v, i) {
    var k = Math.floor(i / CHUNK);
    fillChunk(v, k);
    if (i - k * CHUNK < 5 && k > 0) fillChunk(v, k - 1);
    if ((k + 1) * CHUNK - i < 40 && k + 1 < v.chunks.length) fillChunk(v, k + 1);
    return $('L' + (i + 1));
  }

  // Scroll so that line i shows below the sticky bar, with a few lines of context above.
  function scrollToLine(v, i, onlyIfHidden) {
    var row = rowOf(v, Math.max(0, i));
    if (!row) return;
    var bar = $('source-bar').getBoundingClientRect().height;
    var top = row.getBoundingClientRect().top;
    if (onlyIfHidden && top >= bar && top + row.offsetHeight <= window.innerHeight) return;
    var context = Math.min(i, 3) * (v.lineHeight || row.offsetHeight);
    window.scrollTo(0, Math.max(0, top + window.scrollY - bar - 8 - context));
  }

  function markCursor(v) {
    var old = document.querySelector('#code tr[data-mark]');
    if (old) delete old.dataset.mark;
    var n = v.starts.length;
    $('jump-pos').textContent = n === 0 ? 'all covered' : (v.cursor >= 0 ? v.cursor + 1 : '\u2013') + ' / ' + n + ' uncovered';
    $('prev').disabled = v.cursor <= 0;
    $('next').disabled = v.cursor >= n - 1;
    if (v.cursor < 0) return;
    var row = rowOf(v, v.starts[v.cursor]);
    if (row) row.dataset.mark = 'current';
  }

  function jump(delta) {
    var v = view;
    if (!v || v.starts.length === 0) return;
    var next = Math.max(0, Math.min(v.starts.length - 1, v.cursor + delta));
    if (v.cursor < 0 && delta < 0) next = 0;
    v.cursor = next;
    markCursor(v);
    scrollToLine(v, v.starts[next], false);
  }

  function select(v, from, to) {
    var old = document.querySelectorAll('#code tr[data-sel]');
    for (var i = 0; i < old.length; i++) delete old[i].dataset.sel;
    v.from = from;
    v.to = to;
    if (from === 0) return;
    var last = Math.min(to, v.entry.lines.lines.length);
    for (var l = from; l <= last; l++) {
      var row = rowOf(v, l - 1);
      if (row) row.dataset.sel = 'true';
    }
    // n/p continue from the selection
    var c = -1;
    while (c + 1 < v.starts.length && v.starts[c + 1] < from - 1) c++;
    v.cursor = c;
    markCursor(v);
  }

  function renderFunctions(entry, base) {
    var box = $('functions');
    var list = entry.functions;
    box.hidden = !list || list.length === 0;
    var body = $('function-list').tBodies[0];
    body.textContent = '';
    if (box.hidden) return;
    $('functions-title').textContent = 'Functions (' + list.length + ')';
    list.forEach(function (f) {
      var tr = make('tr');
      var name = make('td', 'name');
      var a = make('a', null, f.name);
      a.href = base + ':L' + f.line;
      name.appendChild(a);
      tr.appendChild(name);
      var t = [f.covered, f.statements];
      tr.appendChild(coverageCell('td', t));
      tr.appendChild(make('td', 'ln', 'line ' + f.line));
      body.appendChild(tr);
    });
  }

  function drawSource(chain, segs, col, r, entry) {
    var node = chain[chain.length - 1];
    var cov = coverageOf(entry, col);
    var base = hashFor(segs, false, col);
    var u = uncoveredStarts(cov);
    var v = { key: base, entry: entry, cov: cov, base: base, partial: u.partial, starts: u.starts, cursor: -1, from: 0, to: 0, chunks: [], lineHeight: 0, observer: null };
    if (view && view.observer) view.observer.disconnect();
    view = v;
    ctx.renderCrumbs(chain);

    var sel = $('column');
    sel.textContent = '';
    cols.forEach(function (c, i) {
      if (!entry.blocks[i]) return;
      var o = make('option', null, c.name + ' (' + F.percentText(node.t[i]) + ')');
      o.value = String(i);
      sel.appendChild(o);
    });
    sel.value = String(col);
    sel.onchange = function () {
      location.hash = hashFor(segs, false, Number(sel.value));
    };
    $('source-path').textContent = segs.join('/');
    var t = node.t[col];
    $('file-coverage').textContent = t ? F.percentText(t) + ' (' + F.group(t[0]) + '/' + F.group(t[1]) + ' statements) in ' + cols[col].name : '';
    renderLegend(cols[col].mode);
    renderFunctions(entry, base);

    var stale = $('stale');
    stale.hidden = cov.misplaced === 0;
    stale.textContent = cov.misplaced
      ? cov.misplaced + ' block(s) of this profile do not fit this source file: it is probably not the version that was measured.'
      : '';

    var table = $('code');
    table.textContent = '';
    var n = entry.lines.lines.length;
    var lazy = n > EAGER_LINES && 'IntersectionObserver' in window;
    if (lazy) {
      v.observer = new IntersectionObserver(
        function (seen) {
          seen.forEach(function (e) {
            if (e.isIntersecting) fillChunk(v, Number(e.target.dataset.chunk));
          });
        },
        { rootMargin: '1500px 0px' },
      );
    }
    for (var k = 0; k * CHUNK < n; k++) {
      var tb = make('tbody');
      tb.dataset.chunk = String(k);
      tb.dataset.lines = String(Math.min(CHUNK, n - k * CHUNK));
      var ph = make('tr', 'placeholder');
      var td = make('td');
      td.colSpan = 3;
      ph.appendChild(td);
      tb.appendChild(ph);
      table.appendChild(tb);
      v.chunks.push(tb);
    }
    ctx.show('source');
    if (!lazy) fillAll(v);
    if (r.from > 0) {
      select(v, r.from, r.to);
      scrollToLine(v, r.from - 1, false);
    } else if (v.starts.length > 0) {
      v.cursor = 0;
      markCursor(v);
      scrollToLine(v, v.starts[0], false);
    } else {
      markCursor(v);
      fillChunk(v, 0);
      window.scrollTo(0, 0);
    }
    if (lazy) {
      v.chunks.forEach(function (c) {
        if (c.dataset.filled !== 'true') v.observer.observe(c);
      });
    }
  }

  function renderSource(chain, segs, r) {
    var node = chain[chain.length - 1];
    var token = ctx.token();
    var done = ctx.sources.busy('Opening ' + node.n + '\u2026');
    return ctx.sources
      .load(node.s)
      .then(function (entry) {
        if (token !== ctx.token()) return;
        var col = r.col < cols.length && entry.blocks[r.col] ? r.col : entry.blocks.findIndex(function (b) {
          return b !== null;
        });
        var base = hashFor(segs, false, col);
        if (view && view.key === base && !$('source-view').hidden) {
          select(view, r.from, r.to);
          if (r.from > 0) scrollToLine(view, r.from - 1, true);
          return;
        }
        drawSource(chain, segs, col, r, entry);
      })
      .catch(function (err) {
        if (token !== ctx.token()) return;
        var missing = $('not-found');
        missing.textContent = 'Cannot open ' + segs.join('/') + ': ' + err.message;
        missing.hidden = false;
      })
      .then(done, done);
  }

  $('prev').addEventListener('click', function () {
    jump(-1);
  });
  $('next').addEventListener('click', function () {
    jump(1);
  });

  // Shift-click on a line number selects a range from the current anchor.
  $('code').addEventListener('click', function (ev) {
    var a = ev.target.closest('td.ln a');
    if (!a || !ev.shiftKey || !view || view.from === 0) return;
    ev.preventDefault();
    var n = Number(a.textContent);
    var from = Math.min(view.from, n);
    var to = Math.max(view.from, n);
    location.hash = view.base + ':L' + from + (to > from ? '-L' + to : '');
  });

  window.addEventListener('beforeprint', function () {
    if (view) fillAll(view);
  });

  return {
    render: renderSource,
    jump: jump,
    leave: function () {
      if (view && view.observer) view.observer.disconnect();
      view = null;
    },
  };
};
