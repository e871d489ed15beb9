// The report page's browser app. Reads the JSON model from the
// #gopherage-data block and renders either a directory (table of children,
// one column per input profile) or a file's source, chosen by the URL hash:
//   #/                      the root directory
//   #/a/b/                  directory a/b (each segment encodeURIComponent-ed)
//   #/a/b/?sort=2-desc      ... sorted by column 2, descending (name, name-desc, N, N-desc)
//   #/a/b/c.go              the source of file a/b/c.go, first profile having it
//   #/a/b/c.go@2            ... highlighted for profile column 2 (1-based)
//   #/a/b/c.go@2:L120       ... at line 120 (:L120-L140 selects a range)
// The sources are loaded by packs.js and shown by source.js; this file is
// the routes, the summary, the directory table and the keys. Every name, path and
// source line reaches the page through textContent, never as markup. Colours
// are set through the CSSOM (allowed by the CSP).
(function () {
  'use strict';
  var F = gopherageFormat;
  var $ = gopherageDom.$;
  var make = gopherageDom.make;
  var coverageCell = gopherageDom.coverageCell;
  var data = JSON.parse(document.getElementById('gopherage-data').textContent);
  var cols = data.columns;
  // Rows drawn at once: a 10,000-row table takes seconds of browser layout, so
  // bigger directories show the first ROW_LIMIT rows (after filter and sort)
  // and a button to draw the rest.
  var ROW_LIMIT = 1000;
  var state = { sortKey: 'name', sortDesc: false, filter: '', deep: true, shown: null, all: false, token: 0 };
  function isDir(node) {
    return node.d !== undefined;
  }

  // ---- routes -------------------------------------------------------------

  function sortSuffix() {
    if (state.sortKey === 'name' && !state.sortDesc) return '';
    return '?sort=' + (state.sortKey === 'name' ? 'name' : String(state.sortKey + 1)) + (state.sortDesc ? '-desc' : '');
  }

  function hashFor(segs, dir, col, tail) {
    var h = segs.length === 0 ? '#/' : '#/' + segs.map(encodeURIComponent).join('/') + (dir ? '/' : '') + (col > 0 ? '@' + (col + 1) : '');
    return h + (tail || '');
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
    var r = { segs: [], dir: true, col: 0, from: 0, to: 0, sortKey: 'name', sortDesc: false };
    var q = h.indexOf('?');
    if (q >= 0) {
      var m = /(?:^|&)sort=(name|\d+)(-desc)?/.exec(h.slice(q + 1));
      if (m) {
        r.sortKey = m[1] === 'name' ? 'name' : Math.max(0, Math.min(cols.length - 1, parseInt(m[1], 10) - 1));
        r.sortDesc = m[2] !== undefined;
      }
      h = h.slice(0, q);
    }
    var lm = /:L(\d+)(?:-L?(\d+))?$/.exec(h);
    if (lm) {
      r.from = parseInt(lm[1], 10);
      r.to = lm[2] ? parseInt(lm[2], 10) : r.from;
      if (r.to < r.from) {
        var swap = r.to;
        r.to = r.from;
        r.from = swap;
      }
      h = h.slice(0, lm.index);
    }
    if (h === '' || h === '/') return r;
    if (h.charAt(0) === '/') h = h.slice(1);
    var at = h.lastIndexOf('@');
    if (at >= 0 && /^\d+$/.test(h.slice(at + 1))) {
      r.col = Math.max(0, parseInt(h.slice(at + 1), 10) - 1);
      h = h.slice(0, at);
    }
    r.dir = h.charAt(h.length - 1) === '/';
    if (r.dir) h = h.slice(0, -1);
    r.segs = h.split('/').map(decode);
    return r;
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

  function coverageCells(row, tag, t, hrefFor) {
    for (var i = 0; i < cols.length; i++) row.appendChild(coverageCell(tag, t[i], i + 1 < cols.length ? t[i + 1] : undefined, hrefFor ? hrefFor(i) : null));
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
        a.href = hashFor(segs.slice(), true, 0, sortSuffix());
        nav.appendChild(a);
      }
    }
  }

  function show(which) {
    $('dir-view').hidden = which !== 'dir';
    $('source-view').hidden = which !== 'source';
    document.body.dataset.view = which;
  }

  var sources = gopherageSources(data);
  var sourceView = gopherageSourceView({
    data: data,
    hashFor: hashFor,
    renderCrumbs: renderCrumbs,
    show: show,
    sources: sources,
    token: function () {
      return state.token;
    },
  });

  /** One line per column saying what --exclude-generated / --honor-ignore left out, and which ignored blocks ran. */
  function renderExclusions() {
    var box = $('excluded');
    box.textContent = '';
    (data.exclusions || []).forEach(function (e, i) {
      if (!e) return;
      var line = make('span', null, data.columns[i].name + ': excluded ' + e.statements + ' statements (' + e.generated + ' generated, ' + e.ignored + ' ignored)');
      if (e.ran.length > 0) {
        line.appendChild(document.createTextNode('; ignored code that ran: '));
        line.appendChild(make('span', 'ignored-ran', e.ran.map(function (r) { return r.file + ':' + r.line + ' (' + r.reason + ')'; }).join(', ')));
      }
      box.appendChild(line);
      box.appendChild(make('br'));
    });
    box.hidden = box.childNodes.length === 0;
  }

  // ---- summary ------------------------------------------------------------

  function renderSummary() {
    var box = $('summary');
    var files = cols.map(function () {
      return 0;
    });
    // A loop with its own stack: paths may be deeper than the call stack.
    var stack = [data.root];
    while (stack.length > 0) {
      var n = stack.pop();
      if (isDir(n)) for (var j = 0; j < n.d.length; j++) stack.push(n.d[j]);
      else n.t.forEach(function (t, i) {
        if (t !== null) files[i]++;
      });
    }
    cols.forEach(function (c, i) {
      var t = data.root.t[i];
      var card = make('div', 'card');
      var head = make('div', 'card-name');
      head.appendChild(make('span', 'input-name', c.name));
      head.appendChild(make('span', 'mode', c.mode));
      card.appendChild(head);
      card.appendChild(make('div', 'card-pct', F.percentText(t) || '\u2013'));
      card.appendChild(make('div', 'card-detail', t ? F.group(t[0]) + ' / ' + F.group(t[1]) + ' statements' : ''));
      card.appendChild(make('div', 'card-detail', F.group(files[i]) + (files[i] === 1 ? ' file' : ' files')));
      box.appendChild(card);
    });
    var meta = make('div', 'meta');
    if (data.date) meta.appendChild(make('div', null, 'Generated ' + data.date));
    if (meta.childNodes.length) box.appendChild(meta);
  }

  // ---- directory view -----------------------------------------------------

  // A directory row follows single-child directory chains (a/b/c/ in one row).
  function collapse(node, rel) {
    // Copy once, then append: a chain may be thousands of directories long.
    rel = rel.slice();
    while (isDir(node) && node.d.length === 1 && isDir(node.d[0])) {
      node = node.d[0];
      rel.push(node.n);
    }
    return { node: node, rel: rel };
  }

  // Rows of a directory: its children; with a filter and "include
  // subdirectories", every directory or file below whose relative path
  // matches and whose parent's path does not (so no row is inside another).
  function sortedChildren(node) {
    var f = state.filter;
    var kids = [];
    if (f && state.deep) {
      // Pre-order walk with its own stack (paths may be deeper than the call stack);
      // a matching entry is listed (its single-child chain collapsed) and not descended into.
      var stack = [];
      var pushKids = function (n, path) {
        for (var i = n.d.length - 1; i >= 0; i--) stack.push({ n: n.d[i], path: path === null ? n.d[i].n : path + '/' + n.d[i].n });
      };
      if (isDir(node)) pushKids(node, null);
      while (stack.length > 0) {
        var top = stack.pop();
        if (top.path.toLowerCase().indexOf(f) >= 0) {
          var k = collapse(top.n, top.path.split('/'));
          kids.push({ node: k.node, index: kids.length, rel: k.rel });
        } else if (isDir(top.n)) pushKids(top.n, top.path);
      }
    } else {
      kids = (node.d || []).map(function (c, i) {
        var k = collapse(c, [c.n]);
        return { node: k.node, index: i, rel: k.rel };
      });
      if (f) {
        kids = kids.filter(function (k) {
          return k.rel.join('/').toLowerCase().indexOf(f) >= 0;
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
        // equal ratios: more statements first (a 900-statement 0% file before a 3-statement one)
        return (x - y) * sign || b.node.t[col][1] - a.node.t[col][1] || a.index - b.index;
      });
    }
    return kids;
  }

  function sumTotals(kids) {
    return cols.map(function (_, i) {
      var sum = null;
      kids.forEach(function (k) {
        var t = k.node.t[i];
        if (t === null) return;
        sum = sum === null ? [t[0], t[1]] : [sum[0] + t[0], sum[1] + t[1]];
      });
      return sum;
    });
  }

  function renderRows(node, segs) {
    var body = $('rows');
    body.textContent = '';
    var kids = sortedChildren(node);
    var drawn = state.all ? kids : kids.slice(0, ROW_LIMIT);
    var frag = document.createDocumentFragment();
    var viewCol = typeof state.sortKey === 'number' ? state.sortKey : 0;
    drawn.forEach(function (k) {
      var c = k.node;
      var tr = make('tr', isDir(c) ? 'dir' : 'file');
      tr.tabIndex = -1;
      var name = make('td', 'name');
      var childSegs = segs.concat(k.rel);
      var label = k.rel.join('/');
      var hrefFor = null;
      if (isDir(c)) {
        var a = make('a', null, label + '/');
        a.href = hashFor(childSegs, true, 0, sortSuffix());
        name.appendChild(a);
      } else if (c.s !== undefined) {
        var link = make('a', null, label);
        link.href = hashFor(childSegs, false, c.t[viewCol] ? viewCol : 0);
        link.title = 'Show source';
        name.appendChild(link);
        hrefFor = function (i) {
          return hashFor(childSegs, false, i);
        };
      } else {
        if (k.rel.length > 1) {
          var up = make('a', 'in-dir', k.rel.slice(0, -1).join('/') + '/');
          up.href = hashFor(childSegs.slice(0, -1), true, 0, sortSuffix());
          up.title = 'Open the directory';
          name.appendChild(up);
          name.appendChild(make('span', null, c.n));
        } else name.appendChild(make('span', null, label));
        if (data.sourceView) {
          tr.classList.add('no-source');
          var mark = make('span', 'badge', 'no source');
          mark.title = 'source file not found under --source-root';
          name.appendChild(mark);
        }
      }
      if (c.x) {
        var ran = make('span', 'badge ignored-ran', 'ignored code ran');
        ran.title = 'a block excluded by an ignore marker was executed';
        name.appendChild(ran);
      }
      if (c.u) {
        tr.classList.add('not-in-profile');
        var untested = make('span', 'badge untested', 'not in any profile');
        untested.title = 'added by --include-untested: no test reached this file; its blocks are computed from source, at 0 %';
        name.appendChild(untested);
      }
      tr.appendChild(name);
      coverageCells(tr, 'td', c.t, hrefFor);
      frag.appendChild(tr);
    });
    body.appendChild(frag);
    $('empty').hidden = kids.length > 0;
    var total = (node.d || []).length;
    $('row-count').textContent = !state.filter
      ? total + (total === 1 ? ' entry' : ' entries')
      : state.deep
        ? F.group(kids.length) + (kids.length === 1 ? ' match' : ' matches') + ' below this directory'
        : kids.length + ' of ' + total + ' entries';
    var more = $('more');
    more.hidden = drawn.length === kids.length;
    $('more-text').textContent = 'Showing the first ' + drawn.length + ' of ' + kids.length + ' rows (filter to narrow down).';
    var foot = $('totals');
    foot.textContent = '';
    var tr = make('tr', 'total');
    tr.appendChild(make('th', 'name', state.filter ? 'Total of matches' : 'Total'));
    coverageCells(tr, 'th', state.filter ? sumTotals(kids) : node.t);
    foot.appendChild(tr);
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
    sourceView.leave();
    renderRows(node, segs);
    renderSortMarks();
    var st = data.sourceStats;
    renderExclusions();
    $('source-stats').textContent = data.sourceView ? 'source found for ' + F.group(st.found) + ' of ' + F.group(st.found + st.missing) + ' files' : '';
    show('dir');
  }

  // ---- navigation ---------------------------------------------------------

  function route() {
    state.token++;
    var r = parseHash(location.hash);
    state.sortKey = r.sortKey;
    state.sortDesc = r.sortDesc;
    var chain = resolve(r.segs, r.dir);
    var missing = $('not-found');
    missing.hidden = true;
    if (!chain || (!r.dir && chain[chain.length - 1].s === undefined)) {
      var wanted = r.segs.join('/');
      missing.textContent = (chain ? 'No source for ' : 'Not in this report: ') + wanted;
      missing.hidden = false;
      if (!chain) {
        r.segs = [];
        chain = [data.root];
      } else {
        r.segs = r.segs.slice(0, -1);
        chain = chain.slice(0, -1);
      }
      renderDir(chain, r.segs);
      return;
    }
    document.title = data.title + (r.segs.length ? ' \u2014 ' + r.segs.join('/') + (r.dir ? '/' : '') : '');
    if (r.dir) {
      renderDir(chain, r.segs);
      window.scrollTo(0, 0);
    } else sourceView.render(chain, r.segs, r);
  }

  function rerenderRows() {
    if (state.shown && !$('dir-view').hidden) renderRows(state.shown.node, state.shown.segs);
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
      history.replaceState(null, '', hashFor(state.shown.segs, true, 0, sortSuffix()));
      renderRows(state.shown.node, state.shown.segs);
      renderSortMarks();
      renderCrumbs(resolve(state.shown.segs, true));
    }
  });

  $('show-all').addEventListener('click', function () {
    state.all = true;
    rerenderRows();
  });

  $('filter').addEventListener('input', function () {
    state.filter = $('filter').value.toLowerCase();
    rerenderRows();
  });

  $('deep').addEventListener('change', function () {
    state.deep = $('deep').checked;
    rerenderRows();
  });

  $('counts').addEventListener('change', function () {
    document.body.classList.toggle('counts', $('counts').checked);
  });
  document.body.classList.toggle('counts', $('counts').checked);

  // Sortable headers work from the keyboard too.
  document.querySelector('#table thead').addEventListener('keydown', function (ev) {
    if ((ev.key === 'Enter' || ev.key === ' ') && ev.target.closest('th')) {
      ev.preventDefault();
      ev.target.closest('th').click();
    }
  });

  // Keys: / search, arrows (or j/k) move between rows, n/p jump between uncovered blocks.
  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    var typing = t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA');
    if (typing) {
      if (t.id === 'filter' && ev.key === 'Escape') {
        t.value = '';
        state.filter = '';
        rerenderRows();
      } else if (t.id === 'filter' && ev.key === 'ArrowDown') {
        ev.preventDefault();
        focusRow($('rows').firstElementChild);
      }
      return;
    }
    if (document.body.dataset.view === 'source') {
      if (ev.key === 'n') sourceView.jump(1);
      else if (ev.key === 'p') sourceView.jump(-1);
      else return;
      ev.preventDefault();
      return;
    }
    if (ev.key === '/') {
      ev.preventDefault();
      $('filter').focus();
      return;
    }
    var down = ev.key === 'ArrowDown' || ev.key === 'j';
    var up = ev.key === 'ArrowUp' || ev.key === 'k';
    if (!down && !up) return;
    var row = t && t.closest ? t.closest('#rows tr') : null;
    var next = row ? (down ? row.nextElementSibling : row.previousElementSibling) : down ? $('rows').firstElementChild : null;
    if (!row && up) return;
    if (next) {
      ev.preventDefault();
      focusRow(next);
    } else if (up && row) {
      ev.preventDefault();
      $('filter').focus();
    }
  });

  function focusRow(tr) {
    if (!tr) return;
    var a = tr.querySelector('td.name a:last-of-type') || tr;
    a.focus();
  }

  window.addEventListener('hashchange', function () {
    var r = parseHash(location.hash);
    var same = state.shown && !$('dir-view').hidden && r.dir && state.shown.segs.join('/') === r.segs.join('/');
    if (!same) {
      state.filter = '';
      state.all = false;
      $('filter').value = '';
    }
    route();
  });

  renderSummary();
  if (data.sourceCount > 0 && !data.split && document.readyState === 'loading') {
    var loaded = sources.busy('Loading sources\u2026');
    document.addEventListener('DOMContentLoaded', loaded);
  }
  route();
  document.body.dataset.ready = 'true';
})();
