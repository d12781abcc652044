/* The guide's search engine: the theme's search index (search/search_index.json, as the theme
   hands it to its worker) in a MiniSearch index, searched with the word groups of query.js,
   answered in the theme's result format ({items: [[page, section, ...], ...]}), so that the
   theme's search box, result list, highlighting and keyboard use stay as they are.
   Pure functions: the worker (worker.js) is the thin part that talks to the page. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.GuideEngine = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var TITLE_BOOST = 4;
  var MAX_BLOCKS = 2;   // blocks of a section's text shown under a result, as the theme does

  function stripTags(html) { return html.replace(/<[^>]*>/g, " "); }

  /* A MiniSearch index of the theme's documents, tokenized as the build segmented them. */
  function createIndex(MiniSearch, docs, separator) {
    var split = new RegExp(separator);
    var index = new MiniSearch({
      idField: "location",
      fields: ["title", "text"],
      tokenize: function (text) { return stripTags(text).split(split); },
      processTerm: function (term) { term = term.toLowerCase(); return term ? term : null; }
    });
    index.addAll(docs);
    var byLocation = {};
    docs.forEach(function (doc) { byLocation[doc.location] = doc; });
    return { index: index, docs: byLocation };
  }

  function pageOf(location) { return location.split("#")[0]; }
  function isPage(location) { return location.indexOf("#") < 0; }
  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* Wrap every occurrence of `words` in <mark>, outside tags. */
  function mark(html, words) {
    var usable = words.filter(function (word) { return word && !/[<>&]/.test(word); })
      .sort(function (a, b) { return b.length - a.length; });
    if (!usable.length) return html;
    var pattern = new RegExp(usable.map(escapeRegExp).join("|"), "gi");
    return html.split(/(<[^>]*>)/).map(function (part) {
      return part.charAt(0) === "<" ? part : part.replace(pattern, "<mark>$&</mark>");
    }).join("");
  }

  /* The blocks of a section's text that hold a match (at most two), or the whole text. */
  function teaser(html) {
    var blocks = html.split(/(?=<(?:p|li|dt|dd|tr|h[1-6])[\s>])/);
    var hits = blocks.filter(function (block) { return block.indexOf("<mark>") >= 0; });
    return hits.length ? hits.slice(0, MAX_BLOCKS).join(" ") : html;
  }

  /* Search `engine` for `analysis` (query.js); returns the theme's result object. */
  function search(engine, analysis) {
    var groups = analysis.groups;
    if (!groups.length) return { items: [] };
    var scores = {};     // location -> {total, groups: [score per group], words: {matched term: true}}
    groups.forEach(function (group, g) {
      Object.keys(group.terms).forEach(function (term) {
        var weight = group.terms[term];
        engine.index.search(term, { boost: { title: TITLE_BOOST }, prefix: false, fuzzy: false }).forEach(function (hit) {
          var entry = scores[hit.id] || (scores[hit.id] = { groups: groups.map(function () { return 0; }), words: {} });
          entry.groups[g] = Math.max(entry.groups[g], hit.score * weight);
          Object.keys(hit.match).forEach(function (word) { entry.words[word] = true; });
        });
      });
    });
    // As the theme: a page counts more than its sections, and so does covering every word.
    var results = Object.keys(scores).map(function (location) {
      var entry = scores[location];
      var matched = entry.groups.filter(function (score) { return score > 0; }).length;
      var total = entry.groups.reduce(function (sum, score) { return sum + score; }, 0);
      var boost = (isPage(location) ? 1 : 0) + matched / groups.length;
      return { location: location, score: total * (1 + boost * boost), entry: entry };
    }).sort(function (a, b) { return b.score - a.score || (a.location < b.location ? -1 : 1); });

    var pages = [];
    var byPage = {};
    results.forEach(function (result) {
      var page = pageOf(result.location);
      if (!byPage[page]) { byPage[page] = []; pages.push(page); }
      byPage[page].push(result);
    });
    // Closing intent: the named product's procedure page first, found or not.
    var first = (analysis.first || []).filter(function (page) { return engine.docs[page]; });
    pages = first.concat(pages.filter(function (page) { return first.indexOf(page) < 0; }));
    return {
      items: pages.map(function (page) {
        var found = byPage[page] || [];
        var items = found.map(function (result) { return item(engine.docs[result.location], result.score, result.entry, groups); });
        if (!found.some(function (result) { return result.location === page; })) {
          // The page itself did not match, its sections did: it heads their list with their
          // words, so that its link highlights them on arrival.
          var head = item(engine.docs[page], 0, null, groups);
          items.forEach(function (section) {
            Object.keys(section.terms).forEach(function (word) { head.terms[word] = head.terms[word] || section.terms[word]; });
          });
          items.push(head);
        }
        return items;
      })
    };
  }

  /* One result in the theme's shape: the document with its matches marked, its score, and
     each query word (as the guide writes it) with whether this document has it. */
  function item(doc, score, entry, groups) {
    var words = entry ? Object.keys(entry.words) : [];
    var terms = {};
    groups.forEach(function (group, g) { terms[group.label] = Boolean(entry && entry.groups[g] > 0); });
    return {
      location: doc.location,
      title: mark(doc.title, words),
      text: teaser(mark(doc.text, words)),
      score: score,
      terms: entry ? terms : {}
    };
    // (a document that did not match lists no words: the theme would show them all as missing)
  }

  return { createIndex: createIndex, search: search, mark: mark, teaser: teaser };
});
