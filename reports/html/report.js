// The report page's browser app. Reads the JSON model from the
// #gopherage-data block and renders either a directory (table of children,
// one column per input profile) or a file's source, chosen by the URL hash:
//   #/                      the root directory
//   #/a/b/                  directory a/b (each segment encodeURIComponent-ed)
//   #/a/b/?sort=2-desc      ... sorted by column 2, descending (name, name-desc, N, N-desc)
//   #/a/b/c.go              the source of file a/b/c.go, first profile having it
//   #/a/b/c.go@2            ... highlighted for profile column 2 (1-based)
//   #/a/b/c.go@2:L120       ... at line 120 (:L120-L140 selects a range)
// Sources are packed per directory (base64 of raw deflate, see
// src/report/html/pack.ts): in `<script type="text/plain" id="gzN">` blocks
// after this script, or in a split report in data/N.js scripts loaded on
// demand; a pack is inflated (DecompressionStream) when one of its files is
// opened, a file highlighted (annotate.js) when shown, and long files draw
// only the rows near the viewport. Every name, path and
// source line reaches the page through textContent, never as markup. Colours
// are set through the CSSOM (allowed by the CSP).
(function () {
  'use strict';
  var F = gopherageFormat;
  var A = gopherageAnnotate;
  var data = JSON.parse(document.getElementById('gopherage-data').textContent);
  var cols = data.columns;
  // Rows drawn at once: a 10,000-row table takes seconds of browser layout, so
  // bigger directories show the first ROW_LIMIT rows (after filter and sort)
  // and a button to draw the rest.
  var ROW_LIMIT = 1000;
  // Source rows are drawn in chunks; files longer than EAGER_LINES draw only
  // the chunks near the viewport (and everything before printing).
  var CHUNK = 100;
  var EAGER_LINES = 1500;
  // Decoded files kept in memory.
  var CACHE = 4;
  var state = { sortKey: 'name', sortDesc: false, filter: '', deep: true, shown: null, all: false, token: 0 };
  var view = null; // the source on screen

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

  // ---- loading indicator --------------------------------------------------

  var busyCount = 0;
  function busy(text) {
    busyCount++;
    $('loading-text').textContent = text;
    $('loading').hidden = false;
    var done = false;
    return function () {
      if (done) return;
      done = true;
      busyCount--;
      if (busyCount === 0) $('loading').hidden = true;
    };
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

  function coverageCell(tag, t, right, href) {
    var td = make(tag, 'num');
    var text = F.percentText(t);
    if (href && t !== null) {
      var a = make('a', 'pct', text);
      a.href = href;
      a.tabIndex = -1;
      td.appendChild(a);
    } else td.appendChild(make('span', 'pct', text));
    var arrow = right === undefined ? '' : F.trendArrow(t, right);
    if (arrow) td.appendChild(make('span', arrow === '\u25b2' ? 'arrow up' : 'arrow down', arrow));
    if (t === null) {
      td.classList.add('absent');
      td.title = 'not in this profile';
    } else {
      td.title = t[0] + '/' + t[1] + ' statements covered';
      td.dataset.counts = F.group(t[0]) + '/' + F.group(t[1]);
      var r = F.ratio(t);
      if (r === null) td.classList.add('empty');
      else {
        td.classList.add('heat');
        td.style.setProperty('--hue', String(Math.round(r * 120))); // red (0%) -> yellow -> green (100%)
      }
    }
    td.dataset.covered = t === null ? '' : String(t[0]);
    td.dataset.statements = t === null ? '' : String(t[1]);
    return td;
  }

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

  // ---- summary ------------------------------------------------------------

  function renderSummary() {
    var box = $('summary');
    var files = cols.map(function () {
      return 0;
    });
    (function walk(n) {
      if (isDir(n)) n.d.forEach(walk);
      else n.t.forEach(function (t, i) {
        if (t !== null) files[i]++;
      });
    })(data.root);
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
    while (isDir(node) && node.d.length === 1 && isDir(node.d[0])) {
      node = node.d[0];
      rel = rel.concat([node.n]);
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
      (function walk(n, rel, parentMatches) {
        (n.d || []).forEach(function (c) {
          var path = rel.concat([c.n]);
          var matches = path.join('/').toLowerCase().indexOf(f) >= 0;
          if (matches && !parentMatches) {
            var k = collapse(c, path);
            kids.push({ node: k.node, index: kids.length, rel: k.rel });
          } else if (isDir(c) && !matches) walk(c, path, false);
        });
      })(node, [], false);
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
    view = null;
    renderRows(node, segs);
    renderSortMarks();
    var st = data.sourceStats;
    $('source-stats').textContent = data.sourceView ? 'source found for ' + F.group(st.found) + ' of ' + F.group(st.found + st.missing) + ' files' : '';
    show('dir');
  }

  // ---- loading sources ----------------------------------------------------

  // Packs (one per directory): text by pack number, loaded scripts, decoded packs.
  var packed = {};
  var scripts = {};
  // Called by a split report's data scripts.
  window.gopherageData = function (k, text) {
    packed[k] = text;
  };

  function packText(k) {
    if (data.split) {
      if (packed[k] !== undefined) return Promise.resolve(packed[k]);
      if (!scripts[k]) {
        scripts[k] = new Promise(function (ok, fail) {
          var el = document.createElement('script');
          el.src = 'data/' + k + '.js';
          el.onload = ok;
          el.onerror = function () {
            delete scripts[k];
            fail(new Error('cannot load data/' + k + '.js (keep the data directory next to this page)'));
          };
          document.body.appendChild(el);
        });
      }
      return scripts[k].then(function () {
        if (packed[k] === undefined) throw new Error('data/' + k + '.js holds no sources');
        var text = packed[k];
        delete packed[k]; // decoded packs are cached below; the script is loaded again if evicted
        delete scripts[k];
        return text;
      });
    }
    var el = $('gz' + k);
    if (el) return Promise.resolve(el.textContent);
    if (document.readyState !== 'loading') return Promise.reject(new Error('its source is missing from the page'));
    return new Promise(function (ok) {
      document.addEventListener('DOMContentLoaded', ok);
    }).then(function () {
      return packText(k);
    });
  }

  function inflate(b64) {
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Response(stream).arrayBuffer().then(function (buf) {
      return new Uint8Array(buf);
    });
  }

  // A pack decoded: per source index its bytes, blocks and functions (lines and highlighting made on first use).
  function decodePack(all) {
    var nl = all.indexOf(0x0a);
    var head = JSON.parse(new TextDecoder().decode(all.subarray(0, nl)));
    var files = {};
    var at = nl + 1;
    head.forEach(function (h) {
      files[h.s] = { src: all.subarray(at, at + h.n), blocks: h.b, functions: h.f || null, lines: null, cov: [] };
      at += h.n;
    });
    return files;
  }

  var cache = []; // [{ k, promise }], most recent last
  function loadPack(k) {
    for (var i = 0; i < cache.length; i++) {
      if (cache[i].k === k) {
        var hit = cache.splice(i, 1)[0];
        cache.push(hit);
        return hit.promise;
      }
    }
    var promise = packText(k).then(inflate).then(decodePack);
    cache.push({ k: k, promise: promise });
    if (cache.length > CACHE) cache.shift();
    promise.catch(function () {
      cache = cache.filter(function (c) {
        return c.promise !== promise;
      });
    });
    return promise;
  }

  function loadSource(s) {
    return loadPack(data.chunks[s]).then(function (files) {
      var entry = files[s];
      if (!entry) throw new Error('its source is missing from its pack');
      if (!entry.lines) entry.lines = A.splitSource(entry.src);
      return entry;
    });
  }

  function coverageOf(entry, col) {
    if (!entry.cov[col]) entry.cov[col] = A.annotate(entry.src, entry.lines, A.unpack(entry.blocks[col]));
    return entry.cov[col];
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
    renderCrumbs(chain);

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
    show('source');
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
    var token = state.token;
    var done = busy('Opening ' + node.n + '\u2026');
    return loadSource(node.s)
      .then(function (entry) {
        if (token !== state.token) return;
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
        if (token !== state.token) return;
        var missing = $('not-found');
        missing.textContent = 'Cannot open ' + segs.join('/') + ': ' + err.message;
        missing.hidden = false;
      })
      .then(done, done);
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
    } else renderSource(chain, r.segs, r);
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
      if (ev.key === 'n') jump(1);
      else if (ev.key === 'p') jump(-1);
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

  window.addEventListener('beforeprint', function () {
    if (view) fillAll(view);
  });

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
    var loaded = busy('Loading sources\u2026');
    document.addEventListener('DOMContentLoaded', loaded);
  }
  route();
  document.body.dataset.ready = 'true';
})();
