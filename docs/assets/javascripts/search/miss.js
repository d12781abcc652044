/* What the hosted guide tells its own server about a search that found nothing, or left words
   out: the query and the words left out, scrubbed, and nothing else (no cookie, no identifier).
   Pure functions, no DOM, no network; guide.js sends the report (hosted only, never from
   file://). The server logs it on its own (deploy/nginx.conf.template, search-miss) and
   `make search-report` turns the log into lines for data/synonyms.yml. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.GuideMiss = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var MAX_CHARS = 20;
  // Runs that look like an e-mail address, then every digit (phone, ID and card numbers).
  var EMAIL = /[A-Za-z0-9._%+\-]+\s*[@＠]\s*[A-Za-z0-9.\-]+/g;
  var DIGITS = /[0-9\uff10-\uff19\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]+/g;

  /* A query or word with no e-mail address and no digit, spaces squeezed, at most MAX_CHARS
     characters. */
  function scrub(text) {
    var clean = String(text || "").replace(EMAIL, " ").replace(DIGITS, " ").replace(/\s+/g, " ").trim();
    return Array.from(clean).slice(0, MAX_CHARS).join("").trim();
  }

  /* The report for one finished query, or null when there is nothing to report: every word was
     found and something was listed. `said` is GuideQuery.describe(...); `listed` how many pages
     the list shows. */
  function report(query, said, listed) {
    var missing = (said && said.dropped ? said.dropped : []).map(scrub).filter(Boolean);
    var nothing = !listed || Boolean(said && said.nothing);
    if (!missing.length && !nothing) return null;
    var q = scrub(query);
    if (!q && !missing.length) return null;
    return { q: q, missing: missing.join(","), none: nothing ? "1" : "" };
  }

  /* The request's address: <site>search-miss?q=...&missing=...[&none=1]. */
  function address(siteBase, entry) {
    var url = new URL("search-miss", siteBase);
    url.searchParams.set("q", entry.q);
    url.searchParams.set("missing", entry.missing);
    if (entry.none) url.searchParams.set("none", "1");
    return url.href;
  }

  return { scrub: scrub, report: report, address: address, MAX_CHARS: MAX_CHARS };
});
