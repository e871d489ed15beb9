// The report page's browser app. Reads the JSON model from the
// #gopherage-data block and renders either a directory (table of children,
// one column per input profile) or a file's source, chosen by the URL hash:
//   #/                  the root directory
//   #/a/b/              directory a/b (each segment encodeURIComponent-ed)
//   #/a/b/c.go          the source of file a/b/c.go, first profile having it
//   #/a/b/c.go@2        ... highlighted for profile column 2 (1-based)
// Every name, path and source line reaches the page through textContent,
// never as markup. Colours are set through the CSSOM (allowed by the CSP).
(function () {
  'use strict';
  var F = gopherageFormat;
  var data = JSON.parse(document.getElementById('gopherage-data').textContent);
  var cols = data.columns;
  // Rows drawn at once: a 10,000-row table takes seconds of browser layout, so
  // bigger directories show the first ROW_LIMIT rows (after filter and sort)
  // and a button to draw the rest.
  var ROW_LIMIT = 1000;
  var state = { sortKey: 'name', sortDesc: false, filter: '', deep: false, shown: null, all: false };

  function $(id) {
    return document.getElementById(id);
  }
  function make(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function isDir(node) {
    return node.d !== undefined;
  }

  // ---- routes -----------------------------------------------------------

  function hashFor(segs, dir, col) {
    if (segs.length === 0) return '#/';
    return '#/' + segs.map(encodeURIComponent).join('/') + (dir ? '/' : '') + (col > 0 ? '@' + (col + 1) : '');
  }

  function decode(s) {
    try {
      return decodeURIComponent(s);
    } catch (e) {
      return s;
    }
  }

  function parseHash(hash) {
    var h = hash.replace(/^#/, '');
    if (h === '' || h === '/') return { segs: [], dir: true, col: 0 };
    if (h.charAt(0) === '/') h = h.slice(1);
    var col = 0;
    var at = h.lastIndexOf('@');
    if (at >= 0 && /^\d+$/.test(h.slice(at + 1))) {
      col = Math.max(0, parseInt(h.slice(at + 1), 10) - 1);
      h = h.slice(0, at);
    }
    var dir = h.charAt(h.length - 1) === '/';
    if (dir) h = h.slice(0, -1);
    return { segs: h.split('/').map(decode), dir: dir, col: col };
  }

  // The chain of nodes from the root along segs, or null.
  function resolve(segs, wantDir) {
    var chain = [data.root];
    var node = data.root;
    for (var i = 0; i < segs.length; i++) {
      var last = i === segs.length - 1;
      var kids = node.d || [];
      var next = null;
      for (var k = 0; k < kids.length; k++) {
        if (kids[k].n === segs[i] && (last ? isDir(kids[k]) === wantDir : isDir(kids[k]))) {
          next = kids[k];
          break;
        }
      }
      if (!next) return null;
      chain.push(next);
      node = next;
    }
    return chain;
  }

  // ---- shared pieces ------------------------------------------------------

  function cellColour(r) {
    // red (0%) -> yellow -> green (100%)
    return 'hsl(' + Math.round(r * 120) + ', 70%, 84%)';
  }

  function coverageCell(tag, t, right) {
    var td = make(tag, 'num');
    var text = F.percentText(t);
    td.appendChild(make('span', 'pct', text));
    var arrow = right === undefined ? '' : F.trendArrow(t, right);
    if (arrow) td.appendChild(make('span', arrow === '\u25b2' ? 'arrow up' : 'arrow down', arrow));
    if (t === null) {
      td.classList.add('absent');
      td.title = 'not in this profile';
    } else {
      td.title = t[0] + '/' + t[1] + ' statements covered';
      var r = F.ratio(t);
      if (r === null) td.classList.add('empty');
      else td.style.backgroundColor = cellColour(r);
    }
    td.dataset.covered = t === null ? '' : String(t[0]);
    td.dataset.statements = t === null ? '' : String(t[1]);
    return td;
  }

  function coverageCells(row, tag, t) {
    for (var i = 0; i < cols.length; i++) row.appendChild(coverageCell(tag, t[i], i + 1 < cols.length ? t[i + 1] : undefined));
  }

  function renderCrumbs(chain) {
    var nav = $('crumbs');
    nav.textContent = '';
    var segs = [];
    for (var i = 0; i < chain.length; i++) {
      var last = i === chain.length - 1;
      var label = i === 0 ? 'All files' : chain[i].n === '' ? '/' : chain[i].n;
      if (i > 0) {
        segs.push(chain[i].n);
        nav.appendChild(make('span', 'sep', '/'));
      }
      if (last) {
        nav.appendChild(make('span', 'here', label));
      } else {
        var a = make('a', null, label);
        a.href = hashFor(segs.slice(), true, 0);
        nav.appendChild(a);
      }
    }
  }

  function show(which) {
    $('dir-view').hidden = which !== 'dir';
    $('source-view').hidden = which !== 'source';
  }

  // ---- directory view -----------------------------------------------------

  // Rows of a directory: its children, or with "include subdirectories" and
  // a filter, every file below it whose relative path matches.
  function sortedChildren(node) {
    var f = state.filter;
    var kids = [];
    if (f && state.deep) {
      (function walk(n, rel) {
        (n.d || []).forEach(function (c) {
          var path = rel.concat([c.n]);
          if (isDir(c)) walk(c, path);
          else if (path.join('/').toLowerCase().indexOf(f) >= 0) kids.push({ node: c, index: kids.length, rel: path });
        });
      })(node, []);
    } else {
      kids = (node.d || []).map(function (c, i) {
        return { node: c, index: i, rel: [c.n] };
      });
      if (f) {
        kids = kids.filter(function (k) {
          return k.node.n.toLowerCase().indexOf(f) >= 0;
        });
      }
    }
    if (state.sortKey === 'name') {
      if (state.sortDesc) kids.reverse();
    } else {
      var col = state.sortKey;
      var sign = state.sortDesc ? -1 : 1;
      kids.sort(function (a, b) {
        var x = F.ratio(a.node.t[col]);
        var y = F.ratio(b.node.t[col]);
        if (x === null || y === null) {
          if (x === null && y === null) return a.index - b.index;
          return x === null ? 1 : -1; // absent and 0-statement rows last, both ways
        }
        return (x - y) * sign || a.index - b.index;
      });
    }
    return kids;
  }

  function renderRows(node, segs) {
    var body = $('rows');
    body.textContent = '';
    var kids = sortedChildren(node);
    var drawn = state.all ? kids : kids.slice(0, ROW_LIMIT);
    var frag = document.createDocumentFragment();
    drawn.forEach(function (k) {
      var c = k.node;
      var tr = make('tr', isDir(c) ? 'dir' : 'file');
      var name = make('td', 'name');
      var childSegs = segs.concat(k.rel);
      var label = k.rel.join('/');
      if (isDir(c)) {
        var a = make('a', null, label + '/');
        a.href = hashFor(childSegs, true, 0);
        name.appendChild(a);
      } else if (c.s !== undefined) {
        var link = make('a', null, label);
        link.href = hashFor(childSegs, false, 0);
        link.title = 'Show source';
        name.appendChild(link);
      } else {
        name.appendChild(make('span', null, label));
        if (data.sourceView) {
          tr.classList.add('no-source');
          var mark = make('span', 'badge', 'no source');
          mark.title = 'source file not found under --source-root';
          name.appendChild(mark);
        }
      }
      if (c.u) {
        tr.classList.add('not-in-profile');
        var untested = make('span', 'badge untested', 'not in any profile');
        untested.title = 'added by --include-untested: no test reached this file; its blocks are computed from source, at 0 %';
        name.appendChild(untested);
      }
      tr.appendChild(name);
      coverageCells(tr, 'td', c.t);
      frag.appendChild(tr);
    });
    body.appendChild(frag);
    $('empty').hidden = kids.length > 0;
    var total = (node.d || []).length;
    $('row-count').textContent = !state.filter
      ? total + (total === 1 ? ' entry' : ' entries')
      : state.deep
        ? kids.length + (kids.length === 1 ? ' file' : ' files') + ' below this directory'
        : kids.length + ' of ' + total + ' entries';
    var more = $('more');
    more.hidden = drawn.length === kids.length;
    $('more-text').textContent = 'Showing the first ' + drawn.length + ' of ' + kids.length + ' rows (filter to narrow down).';
  }

  function renderSortMarks() {
    var ths = document.querySelectorAll('#table thead th');
    for (var i = 0; i < ths.length; i++) {
      var key = ths[i].dataset.sort === 'name' ? 'name' : Number(ths[i].dataset.sort);
      var on = key === state.sortKey;
      ths[i].classList.toggle('sorted', on);
      ths[i].setAttribute('aria-sort', on ? (state.sortDesc ? 'descending' : 'ascending') : 'none');
    }
  }

  function renderDir(chain, segs) {
    var node = chain[chain.length - 1];
    renderCrumbs(chain);
    state.shown = { node: node, segs: segs };
    renderRows(node, segs);
    renderSortMarks();
    var foot = $('totals');
    foot.textContent = '';
    var tr = make('tr', 'total');
    tr.appendChild(make('th', 'name', 'Total'));
    coverageCells(tr, 'th', node.t);
    foot.appendChild(tr);
    var st = data.sourceStats;
    $('source-stats').textContent = data.sourceView ? 'source found for ' + st.found + ' of ' + (st.found + st.missing) + ' files' : '';
    show('dir');
  }

  // ---- source view --------------------------------------------------------

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

  function renderSource(chain, segs, wantCol) {
    var node = chain[chain.length - 1];
    var src = data.sources[node.s];
    var col = wantCol < cols.length && src.cov[wantCol] ? wantCol : src.cov.findIndex(function (c) {
      return c !== null;
    });
    var cov = src.cov[col];
    renderCrumbs(chain);

    var select = $('column');
    select.textContent = '';
    cols.forEach(function (c, i) {
      if (!src.cov[i]) return;
      var o = make('option', null, c.name + ' (' + F.percentText(node.t[i]) + ')');
      o.value = String(i);
      select.appendChild(o);
    });
    select.value = String(col);
    select.onchange = function () {
      location.hash = hashFor(segs, false, Number(select.value));
    };
    var t = node.t[col];
    $('file-coverage').textContent = t ? F.percentText(t) + ' (' + t[0] + '/' + t[1] + ' statements) in ' + cols[col].name : '';
    renderLegend(cols[col].mode);

    var stale = $('stale');
    stale.hidden = cov.misplaced === 0;
    stale.textContent = cov.misplaced
      ? cov.misplaced + ' block(s) of this profile do not fit this source file: it is probably not the version that was measured.'
      : '';

    var body = $('code');
    body.textContent = '';
    var frag = document.createDocumentFragment();
    var partial = {};
    cov.partial.forEach(function (i) {
      partial[i] = true;
    });
    for (var i = 0; i < src.lines.length; i++) {
      var hits = cov.hits[i];
      var tr = make('tr', hits === null ? 'line' : hits === 0 ? 'line miss' : partial[i] ? 'line hit partial' : 'line hit');
      tr.id = 'L' + (i + 1);
      tr.appendChild(make('td', 'ln', String(i + 1)));
      tr.appendChild(make('td', 'hits', hits === null ? '' : String(hits)));
      var code = make('td', 'code');
      var text = src.lines[i];
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
      frag.appendChild(tr);
    }
    body.appendChild(frag);
    show('source');
  }

  // ---- navigation ---------------------------------------------------------

  function route() {
    var r = parseHash(location.hash);
    var chain = resolve(r.segs, r.dir);
    var missing = $('not-found');
    missing.hidden = true;
    if (!chain || (!r.dir && chain[chain.length - 1].s === undefined)) {
      var wanted = r.segs.join('/');
      missing.textContent = (chain ? 'No source for ' : 'Not in this report: ') + wanted;
      missing.hidden = false;
      if (!chain) {
        r = { segs: [], dir: true, col: 0 };
        chain = [data.root];
      } else {
        r.segs = r.segs.slice(0, -1);
        chain = chain.slice(0, -1);
      }
      renderDir(chain, r.segs);
      return;
    }
    var title = data.title + (r.segs.length ? ' \u2014 ' + r.segs.join('/') + (r.dir ? '/' : '') : '');
    document.title = title;
    if (r.dir) renderDir(chain, r.segs);
    else renderSource(chain, r.segs, r.col);
    window.scrollTo(0, 0);
  }

  document.querySelector('#table thead').addEventListener('click', function (ev) {
    var th = ev.target.closest('th');
    if (!th) return;
    var key = th.dataset.sort === 'name' ? 'name' : Number(th.dataset.sort);
    if (state.sortKey === key) state.sortDesc = !state.sortDesc;
    else {
      state.sortKey = key;
      state.sortDesc = false;
    }
    if (state.shown) {
      renderRows(state.shown.node, state.shown.segs);
      renderSortMarks();
    }
  });

  $('show-all').addEventListener('click', function () {
    state.all = true;
    if (state.shown) renderRows(state.shown.node, state.shown.segs);
  });

  $('filter').addEventListener('input', function () {
    state.filter = $('filter').value.toLowerCase();
    if (state.shown) renderRows(state.shown.node, state.shown.segs);
  });

  $('deep').addEventListener('change', function () {
    state.deep = $('deep').checked;
    if (state.shown) renderRows(state.shown.node, state.shown.segs);
  });

  // Sortable headers work from the keyboard too.
  document.querySelector('#table thead').addEventListener('keydown', function (ev) {
    if ((ev.key === 'Enter' || ev.key === ' ') && ev.target.closest('th')) {
      ev.preventDefault();
      ev.target.closest('th').click();
    }
  });

  window.addEventListener('hashchange', function () {
    state.filter = '';
    state.all = false;
    $('filter').value = '';
    route();
  });
  route();
  document.body.dataset.ready = 'true';
})();
