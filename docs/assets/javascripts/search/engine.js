/* The guide's search engine: the guide's index (assets/javascripts/search/index.js, made by the
   build from the search plugin's jieba-segmented index: clean text, and an inverted index of
   the words), scored with BM25 and searched with the word groups of query.js. A result is one group per page, best first; a group's first item is what answers
   (the section, or the page's top), followed by the items shown with it and those folded.
   Pure functions: the search UI (ui.js) is the thin part that touches the page. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.GuideEngine = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var TITLE_BOOST = 4;
  // On equal coverage, a section that has a word of the question its page's title lacks leads
  // its page (the theme names the page above it); a section that adds nothing does not.
  var SPECIFIC = 0.05;
  var SINGLE = 0.25;          // what a one-character or generic word of a longer question counts for
  var KEY_WEIGHT = 1.5;       // a key term of the guide (product, glossary term, synonym group) says half again as much
  // The home page's lists and the glossary's definitions point to or explain the words; for a
  // question of several words, the page that answers leads them on equal terms (a single word
  // is best answered by its definition).
  var REFERENCE = 0.9;
  var EXACT_TITLE = 0.5;
  // A query worded like one of the questions a section answers (data/questions.yml) is that
  // question asked again: when the two share at least SIMILAR of each one's words (by weight,
  // two words at least), the section counts the query's words once more, in that proportion.
  var SIMILAR = 0.65;
  // A page that covers this many times as much of a question as the procedure a closing intent
  // names leads it, when the question has a word the procedure lacks.
  var OUTWEIGH = 1.8;
  var MAX_GROUPS = 20;        // pages listed; the theme draws one element per page
  var MAX_ITEMS = 8;          // sections listed per page
  var SHOWN = 3;              // sections a page shows unfolded, at most
  var MAX_SNIPPET = 90;       // characters of the sentence shown under a result

  function stripTags(html) { return html.replace(/<[^>]*>/g, " "); }

  /* The index as the build wrote it, with each location's document at hand. */
  function createIndex(index) {
    var byLocation = {};
    index.docs.forEach(function (doc) { byLocation[doc.location] = doc; });
    return { docs: byLocation, list: index.docs, words: index.words };
  }

  // BM25 with MiniSearch 7's parameters (k, b, and BM25+'s d), as the ranking was tuned with it.
  var BM25 = { k: 1.2, b: 0.7, d: 0.5 };
  // The fields the build indexed (guide/search_index.py): a section's heading, its text and the
  // questions it answers (data/questions.yml, never shown), each with its weight.
  var FIELDS = ["title", "text", "questions"];
  var BOOST = { title: TITLE_BOOST, text: 1, questions: 1 };

  function bm25(count, having, total, length, average) {
    var rarity = Math.log(1 + (total - having + 0.5) / (having + 0.5));
    return rarity * (BM25.d + count * (BM25.k + 1) / (count + BM25.k * (1 - BM25.b + BM25.b * length / average)));
  }

  /* The documents that have `term`, each with its score (a title's words count TITLE_BOOST
     times) and the fields it is in: [{id, score, match: {term: [fields]}}]. */
  function lookup(engine, term) {
    term = term.toLowerCase();
    var found = Object.prototype.hasOwnProperty.call(engine.words.terms, term) ? engine.words.terms[term] : null;
    if (!found) return [];
    var having = FIELDS.map(function (field, f) {
      return found.filter(function (entry) { return entry[1 + f]; }).length;
    });
    var total = engine.list.length;
    return found.map(function (entry) {
      var score = 0, fields = [];
      FIELDS.forEach(function (field, f) {
        var count = entry[1 + f];
        if (!count) return;
        var boost = BOOST[field];
        score += boost * bm25(count, having[f], total, engine.words.lengths[entry[0]][f], engine.words.average[f]);
        fields.push(field);
      });
      var match = {};
      match[term] = fields;
      return { id: engine.list[entry[0]].location, score: score, match: match };
    });
  }

  var WEIGHT_SYNONYM = 1;

  function plain(html) { return decode(stripTags(html)).replace(/\s+/g, " ").trim(); }
  function titleOf(doc) { return doc ? plain(doc.title).replace(/\s+/g, "").toLowerCase() : ""; }

  /* The few entities the index's HTML holds, as text. */
  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: " " };
  function decode(text) {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, function (all, name) {
      if (name.charAt(0) === "#") {
        var code = name.charAt(1).toLowerCase() === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : all;
      }
      return ENTITIES[name.toLowerCase()] || all;
    });
  }

  function inTitle(hit) {
    return Object.keys(hit.match).some(function (word) { return hit.match[word].indexOf("title") >= 0; });
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

  /* The sentence (or list item, or table row) that holds the most of the matched words, not
     the section's first lines; with no match, the section's first sentence. `html` is the
     section's text with its matches marked. Returns {html: the sentence marked and cut around
     its first match, for the card; text: the whole sentence as plain text, for a reply}. */
  var SENTENCE_END = /(?<=[。！？；!?]|(?<!&#?\w+);)/;   // a ; that ends an entity (&amp;) ends no sentence
  function teaser(html) {
    var blocks = html.split(/(?=<(?:p|li|dt|dd|tr|h[1-6])[\s>])/);
    var best = null, first = null;
    blocks.forEach(function (block, b) {
      var row = /^<tr[\s>]/.test(block);
      var text = block.replace(/<(?!\/?mark>)[^>]*>/g, row ? " · " : " ").replace(/\s+/g, " ")
        .replace(/^[\s·]+|[\s·]+$/g, "").replace(/(\s·)+/g, " ·");
      var sentences = row ? [text] : text.split(SENTENCE_END);
      sentences.forEach(function (sentence) {
        sentence = sentence.trim();
        if (!sentence) return;
        if (!first) first = sentence;
        var words = {};
        (sentence.match(/<mark>([^<]*)<\/mark>/g) || []).forEach(function (m) { words[m] = true; });
        var count = Object.keys(words).length;
        if (count && (!best || count > best.count)) best = { count: count, text: sentence, order: b };
      });
    });
    var chosen = best ? best.text : first;
    if (!chosen) return { html: "", text: "" };
    return { html: "<p>" + clip(chosen) + "</p>", text: plain(chosen.replace(/<\/?mark>/g, "")) };
  }

  // A line of a snippet never starts with punctuation (…，详见): after a cut, it is left out.
  var LEADING_PUNCTUATION = /^(?:<mark>)?[\s，。、；：？！,.;:!?）)】」』”’·]+/;

  /* At most MAX_SNIPPET characters of marked text, around its first mark, tags kept whole. */
  function clip(text) {
    if (Array.from(text.replace(/<\/?mark>/g, "")).length <= MAX_SNIPPET) return text;
    var parts = text.split(/(<\/?mark>)/), out = "", length = 0, started = false, open = false;
    var first = text.indexOf("<mark>");
    var before = Array.from(text.slice(0, first).replace(/<\/?mark>/g, ""));
    var skip = Math.max(0, before.length - 20), seen = 0;
    for (var i = 0; i < parts.length && length < MAX_SNIPPET; i++) {
      var part = parts[i];
      if (part === "<mark>") { if (started) { out += part; open = true; } continue; }
      if (part === "</mark>") { if (open) { out += part; open = false; } continue; }
      var letters = Array.from(part);
      var from = Math.max(0, skip - seen);
      seen += letters.length;
      if (from >= letters.length) continue;
      if (!started && parts[i - 1] === "<mark>") { out += "<mark>"; open = true; }
      started = true;
      var take = letters.slice(from, from + (MAX_SNIPPET - length));
      out += take.join("");
      length += take.length;
    }
    if (open) out += "</mark>";
    if (skip > 0) out = out.replace(LEADING_PUNCTUATION, function (cut) { return /^<mark>/.test(cut) ? "<mark>" : ""; });
    return (skip > 0 ? "…" : "") + out + (length >= MAX_SNIPPET ? "…" : "");
  }

  /* How alike the query's words (`labels`, as query.js reads them) and the closest of the
     questions `doc` answers are, 0 to 1: of the weight of the query's words, and of the
     question's, the share they have in common, whichever is smaller (a short question inside a
     long query, or a long question around a short one, is not alike). A word weighs as much as
     it says: less the more sections have it (IDF), so that two questions naming the same
     products but asking different things are not alike. One word in common is a word's match,
     not a question's: it counts 0. */
  function similarity(engine, labels, doc) {
    if (!doc || !doc.asked || !labels.length) return 0;
    var total = engine.list.length;
    var weigh = function (word) {
      var found = Object.prototype.hasOwnProperty.call(engine.words.terms, word) ? engine.words.terms[word].length : 0;
      return Math.log(1 + total / (1 + found));
    };
    var mine = {}, mineWeight = 0;
    labels.forEach(function (label) { if (!mine[label]) { mine[label] = weigh(label); mineWeight += mine[label]; } });
    return doc.asked.reduce(function (best, question) {
      var theirs = {}, theirWeight = 0, shared = 0, common = 0;
      question.split(" ").forEach(function (word) {
        if (!word || theirs[word]) return;
        theirs[word] = weigh(word);
        theirWeight += theirs[word];
        if (mine[word]) { shared += theirs[word]; common += 1; }
      });
      if (common < 2) return best;
      return Math.max(best, Math.min(shared / mineWeight, shared / theirWeight));
    }, 0);
  }

  /* Search `engine` for `analysis` (query.js). Returns {groups: [{page, title, items, shown}]}:
     pages in the order of their best item; a page's items best first, the first being what
     answers (its title opens it), the first `shown` of them shown, the others folded. */
  function search(engine, analysis) {
    var groups = analysis.groups;
    if (!groups.length) return { groups: [] };
    var scores = {};     // location -> {groups: [score per group], words: {matched term: true}}
    var entryOf = function (id) {
      return scores[id] || (scores[id] = { groups: groups.map(function () { return 0; }), strong: {}, inTitle: {}, words: {} });
    };
    groups.forEach(function (group, g) {
      if (group.all) {
        // A phrase of the guide: a section scores when it has every word of it, by their sum.
        var found = {};
        group.all.forEach(function (term, t) {
          lookup(engine, term).forEach(function (hit) {
            var seen = found[hit.id] || (found[hit.id] = { sum: 0, count: {}, words: [], title: 0 });
            seen.sum += hit.score * WEIGHT_SYNONYM;
            if (!seen.count[t] && inTitle(hit)) seen.title += 1;
            seen.count[t] = true;
            Object.keys(hit.match).forEach(function (word) { seen.words.push(word); });
          });
        });
        Object.keys(found).forEach(function (id) {
          if (Object.keys(found[id].count).length < group.all.length) return;
          var entry = entryOf(id);
          entry.groups[g] = Math.max(entry.groups[g], found[id].sum);
          entry.strong[g] = true;
          if (found[id].title === group.all.length) entry.inTitle[g] = true;
          found[id].words.forEach(function (word) { entry.words[word] = true; });
        });
      }
      Object.keys(group.terms).forEach(function (term) {
        var weight = group.terms[term];
        if (!weight) return;
        lookup(engine, term).forEach(function (hit) {
          var entry = entryOf(hit.id);
          entry.groups[g] = Math.max(entry.groups[g], hit.score * weight);
          if (weight > analysis.contains) entry.strong[g] = true;
          if (weight > analysis.contains && inTitle(hit)) entry.inTitle[g] = true;
          Object.keys(hit.match).forEach(function (word) { entry.words[word] = true; });
        });
      });
    });
    // Covering more of the question's words counts most: a word found only inside a longer
    // word counts half; a section whose heading has a word of the question also has the words
    // of its page's title (正面影响, a section of 关闭借呗或网商贷的影响, is about 借呗). On equal coverage a section leads its page's top (the theme
    // names the page above it), and the better match (BM25; a heading's words count
    // TITLE_BOOST times) leads.
    var labels = groups.map(function (group) { return group.label.toLowerCase(); });
    // A request to close and nothing more is answered by the procedure, not by a question alike.
    var closingOnly = groups.every(function (group) { return group.context; });
    var asked = labels.join("");
    var reference = {};
    (analysis.reference || []).forEach(function (page) { reference[page] = true; });
    // A page that sets the products side by side yields, for a question about one of them, to
    // that product's own pages, as a reference page does.
    var compare = {};
    (analysis.compare || []).forEach(function (page) { compare[page] = true; });
    var oneProduct = groups.filter(function (group) { return group.product; }).length === 1;
    // A page about one product (its title names it and no other) only mentions another (网商贷
    // is 类似企业版的借呗): there, the other's name is no match of the question's product.
    var owners = Object.create(null);
    var ownerOf = function (page) {
      if (!(page in owners)) {
        var title = titleOf(engine.docs[page]);
        var named = (analysis.products || []).filter(function (name) { return title.indexOf(name) >= 0; });
        owners[page] = named.length === 1 ? named[0] : null;
      }
      return owners[page];
    };
    var foreign = function (location, g) {
      var owner = groups[g].product ? ownerOf(pageOf(location)) : null;
      return Boolean(owner) && owner !== groups[g].label;
    };
    // How much each word of the question says: a word few sections have says more (IDF).
    var total = Object.keys(scores).length || 1;
    // A single character inside a longer question (用, 不), or a word that names a kind of thing
    // without saying which (方式, data/synonyms.yml `generic`), says little, whatever its rarity.
    var says = groups.map(function (group, g) {
      var having = Object.keys(scores).filter(function (id) { return scores[id].groups[g] > 0; }).length;
      var little = groups.length > 1 && (Array.from(group.label).length === 1 || group.generic);
      return Math.log(1 + total / (1 + having)) * (little ? SINGLE : 1) * (group.key ? KEY_WEIGHT : 1);
    });
    var results = Object.keys(scores).map(function (location) {
      var entry = scores[location];
      // The home page's title is the guide's name: it is no context for its sections.
      var page = pageOf(location) ? scores[pageOf(location)] : null;
      var section = !isPage(location);
      // A section is specific when it has a word of the question that its page's title lacks.
      var specific = section && entry.groups.some(function (score, g) {
        return score > 0 && entry.strong[g] && !(page && page.inTitle[g]);
      });
      var coverage = entry.groups.reduce(function (sum, score, g) {
        if (score > 0 && !foreign(location, g)) return sum + says[g] * (entry.strong[g] ? 1 : 0.5);
        return sum + (specific && page && page.inTitle[g] && groups[g].context ? says[g] : 0);
      }, 0) * (reference[pageOf(location)] && groups.length > 1 ? REFERENCE : 1)
        * (compare[pageOf(location)] && oneProduct && groups.length > 1 ? REFERENCE : 1);
      // A page or section titled exactly what was asked (借呗, jb, 多头授信) is its answer.
      if (titleOf(engine.docs[location]) === asked) coverage += EXACT_TITLE;
      var alike = closingOnly ? 0 : similarity(engine, labels, engine.docs[location]);
      if (alike >= SIMILAR) coverage += alike * says.reduce(function (sum, value) { return sum + value; }, 0);
      var match = entry.groups.reduce(function (sum, score) { return sum + score; }, 0);
      // One number for the theme (which unfolds the items that score as well as the first):
      // coverage first, the match within it. Within a page, `rank` puts a specific section
      // ahead of the page's top on equal coverage, and the top ahead of the other sections.
      var rank = coverage + (section ? (specific ? SPECIFIC : -SPECIFIC) : 0);
      return { location: location, score: Math.round(coverage * 100) * 1000 + Math.min(match, 999),
               rank: rank * 100000 + Math.min(match, 999), entry: entry };
    }).sort(function (a, b) { return b.score - a.score || (a.location < b.location ? -1 : 1); });

    var pages = [];
    var byPage = {};
    results.forEach(function (result) {
      var page = pageOf(result.location);
      if (!engine.docs[page]) return;
      if (!byPage[page]) { byPage[page] = []; pages.push(page); }
      byPage[page].push(result);
    });
    // Closing intent: the named product's procedure page first, found or not.
    var first = (analysis.first || []).filter(function (page) { return engine.docs[page]; });
    // A product and closing put its procedure first, unless the question asks what the procedure
    // does not answer: a word of it that no section of the procedure has, when another page
    // that has such a word covers OUTWEIGH times as much of the question (关闭借呗能降低负债吗: 降低 and 负债 are the
    // impact page's), leads as for any question.
    var bestOf = function (page) { return byPage[page] && byPage[page].length ? byPage[page][0].score : 0; };
    var procedureBest = first.reduce(function (most, page) { return Math.max(most, bestOf(page)); }, 0);
    var has = function (page, g) {
      return (byPage[page] || []).some(function (result) { return result.entry.groups[g] > 0; });
    };
    var lacking = groups.map(function (group, g) { return g; }).filter(function (g) {
      return !groups[g].context && first.every(function (page) { return !has(page, g); });
    });
    if (first.length && lacking.length && pages.some(function (page) {
      return first.indexOf(page) < 0 && lacking.some(function (g) { return has(page, g); }) &&
        Math.floor(bestOf(page) / 1000) > OUTWEIGH * Math.floor(procedureBest / 1000);
    })) first = [];
    pages = first.concat(pages.filter(function (page) { return first.indexOf(page) < 0; })).slice(0, MAX_GROUPS);
    // A request to close and nothing more (借呗怎么关, 网商贷能关不): the whole procedure answers
    // it, so its page's top leads, not a section that happens to say 关.
    var onlyClosing = first.length > 0 && closingOnly;
    return {
      groups: pages.map(function (page) {
        var found = (byPage[page] || []).slice().sort(function (a, b) {
          if (onlyClosing && first.indexOf(page) >= 0 && (a.location === page) !== (b.location === page)) {
            return a.location === page ? -1 : 1;
          }
          return b.rank - a.rank || (a.location < b.location ? -1 : 1);
        }).slice(0, MAX_ITEMS);
        // When a section leads, up to SHOWN sections that cover at least half as much are shown
        // with it (listed right after it); when the page's top leads, it is shown alone.
        var best = found.length ? found[0].score : 0;
        var sectionLeads = found.length > 0 && !isPage(found[0].location);
        var with_ = found.slice(1).filter(function (result) {
          return sectionLeads && !isPage(result.location) && result.score >= best / 2;
        }).slice(0, SHOWN - 1);
        found = found.slice(0, 1).concat(with_, found.slice(1).filter(function (result) { return with_.indexOf(result) < 0; }));
        var shown = 1 + with_.length;
        var pageTitle = plain(engine.docs[page].title);
        var items = found.map(function (result) {
          return item(engine.docs[result.location], result.entry, groups, pageTitle);
        });
        if (!found.some(function (result) { return result.location === page; })) {
          // The page itself did not match, its sections did: its top comes last, folded, with
          // their words, so that its link highlights them on arrival.
          var head = item(engine.docs[page], null, groups, pageTitle);
          items.forEach(function (section) {
            section.words.forEach(function (word) { if (head.words.indexOf(word) < 0) head.words.push(word); });
          });
          items.push(head);
        }
        return { page: page, title: pageTitle, items: items, shown: shown };
      })
    };
  }

  /* The words of the query that a result lacks, to show as missing: only a word typed as the
     guide writes it, of two characters or more, that neither the result's section nor its
     page names in its title (a word read as another, ignored or left out never shows; the
     note says what became of it). */
  function missing(groups, entry, titles) {
    var named = titles.join(" ").toLowerCase();
    return groups.filter(function (group, g) {
      var found = Boolean(entry && entry.groups[g] > 0);
      return !found && group.typed === group.label && Array.from(group.label).length > 1 &&
        named.indexOf(group.label) < 0;
    }).map(function (group) { return group.label; });
  }

  function squeeze(text) { return text.replace(/\s+/g, ""); }

  /* One result: the document's title and the sentence that answers, with its matches marked;
     the sentence as plain text; the index words it matched (to highlight on the page); the
     query's words it lacks; and, for a section the source does not cover, the guide's sentence
     that says so (`ask`), the sentence then being the situation's short form. */
  function item(doc, entry, groups, pageTitle) {
    var words = entry ? Object.keys(entry.words) : [];
    var answer = teaser(mark(doc.text, words));
    var title = plain(doc.title);
    var result = {
      location: doc.location,
      title: mark(doc.title, words),
      plainTitle: title,
      pageTitle: pageTitle,
      snippet: answer.html,
      sentence: answer.text,
      words: words,
      missing: entry ? missing(groups, entry, [title, pageTitle]) : []
    };
    if (doc.ask) {
      // A reply sends the situation the answering sentence lists, in its short form; when the
      // sentence is none of them (the box's first lines), the reply is the guide's sentence alone.
      result.ask = doc.ask;
      var said = squeeze(answer.text);
      var situation = (doc.situations || []).filter(function (pair) { return squeeze(pair[0]) === said; })[0];
      result.sentence = situation ? situation[1] : "";
    }
    if (doc.hosted !== undefined) result.hosted = doc.hosted;
    return result;
  }

  return { createIndex: createIndex, lookup: lookup, search: search, similarity: similarity, mark: mark, teaser: teaser, clip: clip, missing: missing,
           plain: plain, decode: decode, MAX_GROUPS: MAX_GROUPS, MAX_SNIPPET: MAX_SNIPPET };
});
