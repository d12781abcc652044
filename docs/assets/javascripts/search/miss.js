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
  // What must never reach the log, whatever a reader pastes (guide/tools/search_report.py reads the
  // log with the same rules, tests/scrub-cases.json holds the cases both pass):
  // a run holding an @ or ＠ (an e-mail address, spaces around the sign too);
  var EMAIL = /\S*\s*[@\uff20\ufe6b]\s*\S*/g;
  // every number, in any script: digits of every kind, full-width, circled and parenthesised
  // (①, ⑴), Roman and other number forms;
  var NUMBER = /\p{N}+/gu;
  // three or more Chinese numerals in a row (一三八…, 幺三八, 壹贰叁): a number read out;
  var CHINESE_NUMBER = /[〇零一二三四五六七八九十百千万亿两幺壹贰叁肆伍陆柒捌玖拾佰仟]{3,}/g;
  // control and format characters (a newline, ESC, a direction override): they could forge a
  // line of the report or drive a terminal.
  var CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

  /* A query or word with no e-mail address, no number, no control character, spaces squeezed,
     at most MAX_CHARS characters. */
  function scrub(text) {
    var clean = String(text || "").replace(CONTROL, " ").replace(EMAIL, " ").replace(NUMBER, " ")
      .replace(CHINESE_NUMBER, " ").replace(/\s+/g, " ").trim();
    return Array.from(clean).slice(0, MAX_CHARS).join("").trim();
  }

  /* The report for one finished query, or null when there is nothing to report: every word was
     found and something was listed. `said` is GuideQuery.describe(...); `listed` how many pages
     the list shows. The words left out are only those still in the scrubbed query, each once:
     the pieces of an e-mail address or of a number never go on their own. */
  function report(query, said, listed) {
    var q = scrub(query), kept = q.toLowerCase(), typed = String(query || "").toLowerCase();
    var missing = [];
    (said && said.dropped ? said.dropped : []).map(scrub).forEach(function (word) {
      var lower = word.toLowerCase();
      // A word of what was typed that the scrubbing removed (a piece of an e-mail address) goes;
      // a word the search read in another form (手續費 as 手续费, in lower case) stays.
      var removed = typed.indexOf(lower) >= 0 && kept.indexOf(lower) < 0;
      if (word && !removed && missing.indexOf(word) < 0) missing.push(word);
    });
    var nothing = !listed || Boolean(said && said.nothing);
    if (!missing.length && !nothing) return null;
    if (!q) return null;
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
