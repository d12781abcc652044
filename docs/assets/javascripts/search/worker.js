/* The guide's search worker. The theme starts it in place of its own (the page's __config
   "search" entry, set by guide/hooks.py) and talks to it with the theme's four messages:
   SETUP (0, the index) -> READY (1); QUERY (2, the typed text) -> RESULT (3, the results).
   Hosted it is a Web Worker; from file:// the theme runs it in an iframe (iframe-worker), where
   importScripts resolves against the page and returns a promise, hence `base` and `then`.
   The engine, the query rules and the dictionary load when the reader opens the search box (or
   on the first query), so a reader who never searches never pays for them. */
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var docs = null, separator = null, ready = null;

  /* assets/javascripts/ of this site, as an absolute URL. */
  function base() {
    var inFrame = typeof parent !== "undefined" && parent !== self && "IFrameWorker" in parent;
    var own = inFrame ? document.querySelector("script[src*='search/worker']").src : self.location.href;
    return own.split("?")[0].replace(/search\/worker\.js$/, "");
  }

  function load() {
    if (!ready) {
      var root = base();
      ready = Promise.resolve(importScripts(
        root + "vendor/minisearch/minisearch.min.js",
        root + "search/query.js",
        root + "search/engine.js",
        root + "search/dictionary.js"
      )).then(function () {
        var dict = self.GUIDE_SEARCH_DICT;
        return {
          prepared: self.GuideQuery.prepare(dict),
          engine: self.GuideEngine.createIndex(self.MiniSearch, docs, separator || dict.separator)
        };
      });
    }
    return ready;
  }

  function answer(query) {
    if (!query.trim()) return Promise.resolve({ items: [] });
    return load().then(function (state) {
      return self.GuideEngine.search(state.engine, self.GuideQuery.analyze(query, state.prepared));
    });
  }

  /* The page says when the reader opens the search box (guide.js, on a BroadcastChannel of
     this site's own): the engine then loads and builds while the reader is still typing. A
     reader who never opens the box never loads it. */
  var wanted = false, channel = null;
  if (typeof BroadcastChannel === "function") {
    try {
      channel = new BroadcastChannel("guide-search");
      channel.onmessage = function (event) {
        if (event.data !== "open") return;
        wanted = true;
        if (docs) load();
      };
    } catch (error) { /* an opaque origin (file://): the engine loads on the first query */ }
  }

  addEventListener("message", function (event) {
    var message = event.data;
    if (message.type === SETUP) {
      docs = message.data.docs;
      separator = message.data.config.separator;
      postMessage({ type: READY });
      if (wanted) load();
    } else if (message.type === QUERY) {
      answer(message.data).then(
        function (data) { postMessage({ type: RESULT, data: data }); },
        function (error) {
          console.warn("search failed:", error);
          postMessage({ type: RESULT, data: { items: [] } });
        });
    }
  });
})();
