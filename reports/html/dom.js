// Small DOM helpers shared by the page's scripts: element lookup and
// creation (text only, never markup) and the coverage cell (percentage,
// arrow, covered/total, heat colour) used by the directory table and the
// function list.
var gopherageDom = (function () {
  'use strict';
  var F = gopherageFormat;

  function $(id) {
    return document.getElementById(id);
  }
  function make(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

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

  return { $: $, make: make, coverageCell: coverageCell };
})();
