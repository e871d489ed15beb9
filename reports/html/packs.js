// The page's sources: packs (one per source directory, base64 of raw
// deflate, see src/report/html/pack.ts) in `<script type="text/plain"
// id="gzN">` blocks after the app script, or in a split report in data/N.js
// scripts loaded on demand. A pack is inflated (DecompressionStream) when one
// of its files is opened; the last CACHE packs are kept. Also the loading
// indicator. In: the page's data (chunks: source index -> pack; split).
// Out: { busy(text) -> done(), load(source index) -> Promise<entry> }.
var gopherageSources = function (data) {
  'use strict';
  var $ = gopherageDom.$;
  var A = gopherageAnnotate;
  // Decoded packs kept in memory.
  var CACHE = 4;

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

  return { busy: busy, load: loadSource };
};
