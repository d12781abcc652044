/* The guide's search box: its own UI on the theme's header search button, the __search toggle
   and the theme's class names (overrides/partials/search.html), in place of the theme's search.

   Every way text arrives is searched: typing, paste (mouse, keyboard, long-press), a phone IME
   (on compositionend, never mid-composition), voice input, autofill, a ?q= link. The engine
   (query.js, engine.js, the dictionary and the index, the last two made by the build) loads
   while the reader is idle on the page, or at once when the box is used first.

   A result is one card per page: its title opens what answers (the section, #anchor), under it
   the answering sentence; 复制答复 copies that sentence with its hosted address and the edition,
   复制链接 the address. The pure parts (what a reply says, the links, the highlight words, when
   an input event searches) are exported for node's test runner; mount() is the part that
   touches the page. */
(function (root, factory) {
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else {
    root.GuideSearchUI = api;
    if (typeof document !== "undefined") api.mount(document, document.currentScript);
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var PAUSE_MS = 1500;          // a pause this long ends a query (for the miss report)
  var FIRST_CARDS = 3;          // cards drawn at once; the others in the next task
  var MAX_SENTENCE = 150;       // characters of the answering sentence a reply carries (about 300 in all)
  var MAX_HIGHLIGHT = 20;       // words highlighted on the opened page, at most
  var ENGINE_FILES = ["search/query.js", "search/engine.js", "search/dictionary.js", "search/index.js"];

  var WARM_UP = "借呗怎么关闭";  // a first query run while idle: the reader's first one is then fast

  function chars(text) { return Array.from(text); }

  /* The next task of the page's event loop. */
  function task() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }

  /* The hosted address of a result (the offline edition's locations name .html files). */
  function hostedAddress(item, site) {
    return site.url + (item.hosted !== undefined ? item.hosted : item.location);
  }

  /* What 复制答复 copies: plain text for a chat, at most about 300 characters. The answering
     sentence as the guide writes it under the page's and section's names; for a section the
     source does not cover, the guide's sentence saying so and where to ask; the hosted address;
     the guide's name, the edition and its fictional-information notice. For a section the source
     does not cover, the situation in its short form (the engine's sentence), or none. */
  function replyText(item, site) {
    var lines = [];
    var sentence = item.ask ? item.sentence : forCustomer(item.sentence || item.plainTitle, site);
    if (sentence && chars(sentence).length > MAX_SENTENCE) sentence = chars(sentence).slice(0, MAX_SENTENCE).join("") + "…";
    if (item.ask) {
      lines.push(sentence, item.ask);
    } else {
      var heading = item.plainTitle && item.plainTitle !== item.pageTitle ? item.pageTitle + " · " + item.plainTitle : item.pageTitle;
      lines.push(forCustomer(heading, site), sentence);
    }
    lines.push("详见：" + hostedAddress(item, site));
    lines.push(site.name + "（版本 " + site.edition + "）：" + site.notice);
    return lines.filter(Boolean).join("\n");
  }

  /* A line of the guide as a customer reads it: the words the guide alone uses said otherwise
     (site.forCustomer, pairs in order, from the build). */
  function forCustomer(text, site) {
    return (site.forCustomer || []).reduce(function (line, pair) { return line.split(pair[0]).join(pair[1]); }, text);
  }

  /* A result's link: its location with the words it matched, which the opened page highlights. */
  function resultHref(base, item) {
    var parts = item.location.split("#");
    var words = item.words.slice(0, MAX_HIGHLIGHT).join(" ");
    return base + parts[0] + (words ? "?h=" + encodeURIComponent(words) : "") + (parts[1] ? "#" + parts[1] : "");
  }

  /* The words a page was opened to highlight (?h=), each a plain word of at most 20 characters. */
  function highlightWords(search) {
    var match = /[?&]h=([^&#]*)/.exec(search || "");
    if (!match) return [];
    var text;
    try { text = decodeURIComponent(match[1].replace(/\+/g, " ")); } catch (error) { return []; }
    return text.split(/\s+/).filter(function (word, i, all) {
      return word && chars(word).length <= 20 && !/[<>&"]/.test(word) && all.indexOf(word) === i;
    }).slice(0, MAX_HIGHLIGHT);
  }

  /* When an input event searches: every one outside an IME composition (typing, paste, voice,
     autofill, the IME's committed text); none while the IME is composing. */
  function searchesOn(event, composing) {
    if (event.type === "compositionstart") return false;
    if (event.type === "compositionend") return true;
    return !(composing || event.isComposing);
  }

  function countText(groups) {
    return groups.length ? "找到 " + groups.length + " 个相关页面" : "没有找到相关内容";
  }

  function quoted(words) {
    return words.map(function (word) { return "“" + word + "”"; }).join("、");
  }

  /* What the list says first when the query names a product the guide does not cover. */
  function elsewhereLine(names, covered) {
    return "本指南只介绍" + covered.join("和") + "，不涉及" + quoted(names) + "。关于" + names.join("、") +
      "，请咨询该产品的官方客服。" + covered.join("和") + "的关闭流程：";
  }

  /* The note under the count: how the query was read (plain data from query.js' describe). */
  function noteLines(said, maxQuery) {
    var lines = [];
    if (said.truncated) lines.push("只按前 " + maxQuery + " 个字搜索");
    if (said.nothing && (said.elsewhere || []).length) return { lines: lines, offer: false };
    if (said.nothing) {
      lines.push(said.dropped.length ? "未找到" + quoted(said.dropped) + "。可以从这些页面开始："
        : "请输入要找的词，例如“关闭借呗”。可以从这些页面开始：");
      return { lines: lines, offer: true };
    }
    if (said.readAs.length) {
      lines.push("已将" + said.readAs.map(function (pair) { return "“" + pair[0] + "”按“" + pair[1] + "”"; }).join("、") + "搜索");
    }
    if (said.dropped.length) lines.push("未找到" + quoted(said.dropped) + "，已按其余词搜索");
    return { lines: lines, offer: false };
  }

  /* --- the page --------------------------------------------------------------------------- */

  function mount(doc, script) {
    var toggle = doc.getElementById("__search");
    var box = doc.querySelector("[data-guide-search]");
    if (!toggle || !box || !script) return;
    var input = box.querySelector(".md-search__input");
    var form = box.querySelector("form");
    var meta = box.querySelector(".md-search-result__meta");
    var note = box.querySelector(".guide-search-note");
    var list = box.querySelector(".md-search-result__list");
    var scripts = script.src.split(/[?#]/)[0].replace(/search\/ui\.js$/, "");
    var base = scripts.replace(/assets\/javascripts\/$/, "");
    var win = doc.defaultView;
    var offline = win.location.protocol === "file:";
    /* Whether this build's server takes search-miss reports (the build says so; never from file://). */
    var reports = !offline && !!doc.querySelector('meta[name="guide:search-reports"]');
    var state = null, loading = null, composing = false, shown = null;

    function engineFiles() { return ENGINE_FILES.concat(reports ? ["search/miss.js"] : []); }

    /* The engine's files, fetched at once and run in order; then the rules, the index and, when
       no one is waiting for an answer, a first query that warms the engine up, each in a task
       of its own so that a reader scrolling meanwhile is never held up. When a query is
       waiting, nothing yields. Marks (guide-search:*) let `make bench` see each part. */
    function load() {
      if (loading) return loading;
      mark("load");
      var files = engineFiles();
      var waiting = function () { return Boolean(input.value.trim()); };
      var next = function () { return waiting() ? Promise.resolve() : task(); };
      loading = new Promise(function (resolve, reject) {
        var left = files.length;
        files.forEach(function (file) {
          var tag = doc.createElement("script");
          tag.src = scripts + file;
          tag.async = false;    // run in order, fetched at once
          tag.onload = function () { if (--left === 0) resolve(); };
          tag.onerror = function () { reject(new Error("could not load " + file)); };
          doc.head.appendChild(tag);
        });
      }).then(function () {
        mark("scripts");
        return next();
      }).then(function () {
        var prepared = win.GuideQuery.prepare(win.GUIDE_SEARCH_DICT);
        mark("rules");
        return next().then(function () {
          var index = win.GUIDE_SEARCH_INDEX;
          var ready = { prepared: prepared, engine: win.GuideEngine.createIndex(index), site: index.site };
          mark("index");
          return ready;
        });
      }).then(function (ready) {
        return next().then(function () {
          if (!waiting()) win.GuideEngine.search(ready.engine, win.GuideQuery.analyze(WARM_UP, ready.prepared));
          state = ready;
          mark("ready");
          return state;
        });
      });
      loading.catch(function (error) { meta.textContent = "搜索暂时无法使用"; console.warn(error); });
      return loading;
    }

    function mark(name) {
      if (win.performance && win.performance.mark) win.performance.mark("guide-search:" + name);
    }

    /* Search what the box holds now, once the engine is there. */
    function run() {
      if (!state) { load().then(run); return; }
      var query = input.value.trim();
      if (!query) { clear(); return; }
      if (shown && shown.query === query) return;
      var analysis = win.GuideQuery.analyze(query, state.prepared);
      var result = win.GuideEngine.search(state.engine, analysis);
      render(query, analysis, result);
      mark("shown");
    }

    function clear() {
      shown = null;
      meta.textContent = "键入或粘贴要找的问题";
      note.hidden = true;
      note.textContent = "";
      list.textContent = "";
    }

    function paragraph(text, className) {
      var p = doc.createElement("p");
      if (className) p.className = className;
      p.textContent = text;
      return p;
    }

    function showNote(analysis) {
      note.textContent = "";
      var described = win.GuideQuery.describe(analysis);
      if (described.elsewhere.length) {
        // First, before anything found: the guide covers only its two products.
        var products = state.prepared.intent.products, covered = Object.keys(products);
        var scope = paragraph(elsewhereLine(described.elsewhere, covered), "guide-search-scope");
        note.appendChild(scope);
        var procedures = doc.createElement("ul");
        covered.forEach(function (name) {
          var a = doc.createElement("a");
          a.href = base + products[name];
          a.textContent = "手动关闭" + name;
          var li = doc.createElement("li");
          li.appendChild(a);
          procedures.appendChild(li);
        });
        note.appendChild(procedures);
      }
      var said = noteLines(described, win.GuideQuery.MAX_QUERY);
      said.lines.forEach(function (line) { note.appendChild(paragraph(line)); });
      if (said.offer) {
        var offer = doc.createElement("ul");
        state.prepared.offer.forEach(function (page) {
          var link = doc.createElement("a");
          link.href = base + page.location;
          link.textContent = page.title;
          var li = doc.createElement("li");
          li.appendChild(link);
          offer.appendChild(li);
        });
        note.appendChild(offer);
      }
      note.hidden = !said.lines.length && !described.elsewhere.length;
    }

    /* One link of a card: the section's (or page's) title and its sentence. The title and the
       sentence are the build's index text with the matched words marked. */
    function link(item, level, breadcrumb) {
      var a = doc.createElement("a");
      a.className = "md-search-result__link";
      a.href = resultHref(base, item);
      var article = doc.createElement("article");
      article.className = "md-search-result__article md-typeset";
      if (breadcrumb) article.appendChild(paragraph(item.pageTitle, "guide-result-page"));
      var title = doc.createElement(level);
      title.innerHTML = item.title;
      article.appendChild(title);
      if (item.snippet) article.insertAdjacentHTML("beforeend", item.snippet);
      if (item.missing.length) {
        var lacks = paragraph("缺少：", "guide-result-missing");
        item.missing.forEach(function (word) {
          var del = doc.createElement("del");
          del.textContent = word;
          lacks.appendChild(del);
        });
        article.appendChild(lacks);
      }
      a.appendChild(article);
      a.addEventListener("click", function () { finish(); close(); });
      return a;
    }

    /* A card's copy button: its words on it, the result's title in its accessible name. */
    function button(words, what, text, title) {
      var b = doc.createElement("button");
      b.type = "button";
      b.className = "guide-result-button";
      b.setAttribute("data-title", title);
      b.innerHTML = '<span class="guide-copy-label"></span>';
      win.GuideCopy.label(b, words);
      b.addEventListener("click", function () { win.GuideCopy.copyText(b, text, what); });
      return b;
    }

    function card(group) {
      var li = doc.createElement("li");
      li.className = "md-search-result__item";
      var lead = group.items[0];
      li.appendChild(link(lead, "h1", lead.location !== group.page));
      group.items.slice(1, group.shown).forEach(function (item) { li.appendChild(link(item, "h2", false)); });
      var rest = group.items.slice(group.shown);
      if (rest.length) {
        var more = doc.createElement("details");
        more.className = "md-search-result__more";
        var summary = doc.createElement("summary");
        var label = doc.createElement("div");
        label.textContent = "本页另有 " + rest.length + " 处相关内容";
        summary.appendChild(label);
        more.appendChild(summary);
        rest.forEach(function (item) { more.appendChild(link(item, "h2", false)); });
        li.appendChild(more);
      }
      var actions = doc.createElement("div");
      actions.className = "guide-result-actions";
      var name = lead.plainTitle || group.title;
      actions.appendChild(button("复制答复", "答复", replyText(lead, state.site), name));
      actions.appendChild(button("复制链接", "本节链接", hostedAddress(lead, state.site), name));
      li.appendChild(actions);
      return li;
    }

    /* The first cards at once (the answer is on screen sooner), the others in the next task
       unless another query has been shown meanwhile. */
    function render(query, analysis, result) {
      list.textContent = "";
      result.groups.slice(0, FIRST_CARDS).forEach(function (group) { list.appendChild(card(group)); });
      if (result.groups.length > FIRST_CARDS) {
        win.setTimeout(function () {
          if (!shown || shown.query !== query) return;
          result.groups.slice(FIRST_CARDS).forEach(function (group) { list.appendChild(card(group)); });
        }, 0);
      }
      meta.textContent = countText(result.groups);
      showNote(analysis);
      shown = { query: query, analysis: analysis, count: result.groups.length };
      clearTimeout(pause);
      pause = setTimeout(finish, PAUSE_MS);
    }

    /* A query that was searched and shown, with a word left out or nothing found, is reported
       once per query and page view when it ends (a pause, a result opened, the box closed):
       the scrubbed query and the words left out (search/miss.js). Never from file://. */
    var reported = Object.create(null), pause = null;   // no inherited keys: "constructor" is a query too
    function finish() {
      clearTimeout(pause);
      if (!reports || !shown || !win.GuideMiss || reported[shown.query]) return;
      if (shown.query !== input.value.trim()) return;
      reported[shown.query] = true;
      var entry = win.GuideMiss.report(shown.query, win.GuideQuery.describe(shown.analysis), shown.count);
      if (!entry || typeof win.fetch !== "function") return;
      win.fetch(win.GuideMiss.address(base, entry),
                { method: "GET", credentials: "omit", cache: "no-store", keepalive: true, referrerPolicy: "no-referrer" })
        .catch(function () { /* the report is best effort */ });
    }

    /* Open or close the box through the theme's toggle, as its header button does. */
    function setOpen(open) {
      if (toggle.checked === open) return;
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
    }
    function open() {
      setOpen(true);
      input.focus();
      load();
    }
    function close() { setOpen(false); }

    function onText(event) {
      if (event.type === "compositionstart") composing = true;
      if (event.type === "compositionend") composing = false;
      if (!searchesOn(event, composing)) return;
      setOpen(true);
      run();
    }
    ["input", "compositionstart", "compositionend"].forEach(function (type) { input.addEventListener(type, onText); });
    input.addEventListener("focus", function () {
      load();
      setOpen(true);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      win.setTimeout(function () { clear(); input.focus(); }, 0);
    });
    toggle.addEventListener("change", function () {
      if (toggle.checked) { input.focus(); load(); } else { finish(); input.blur(); }
    });

    /* Keyboard: / (or s, f) opens the box from anywhere but a text field; arrows move through
       the results and back to the box; Escape closes it. */
    doc.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
      if (!toggle.checked) {
        if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
          event.preventDefault();
          open();
          input.select();
        }
        return;
      }
      if (!box.contains(target) && target !== doc.body) return;
      // The links a reader sees: not those of a closed fold.
      var links = Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link")).filter(function (a) {
        return !a.closest("details:not([open])");
      });
      var at = links.indexOf(target);
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      } else if (event.key === "Enter" && target === input) {
        // Enter in the box opens the first result: what answers.
        event.preventDefault();
        if (links.length) links[0].click();
      } else if (event.key === "ArrowDown" && links.length) {
        event.preventDefault();
        links[Math.min(links.length - 1, at + 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        if (at === 0) input.focus(); else links[at - 1].focus();
      }
    });

    Array.prototype.forEach.call(doc.querySelectorAll("[data-guide-open-search]"), function (b) {
      b.addEventListener("click", open);
    });

    /* A ?q= link opens the box with its query searched; ?h= marks the words on the page. */
    var asked = /[?&]q=([^&#]*)/.exec(win.location.search);
    if (asked) {
      try { input.value = decodeURIComponent(asked[1].replace(/\+/g, " ")); } catch (error) { input.value = ""; }
      if (input.value.trim()) { open(); run(); }
    }
    highlight(doc, highlightWords(win.location.search));

    /* Otherwise the engine loads once the page is parsed (never before its first paint: the
       fetch starts after DOMContentLoaded, and the setup yields between its parts), so that a
       reader who pastes a question a moment after opening the page finds it ready. */
    function soon() { win.setTimeout(load, 0); }
    if (doc.readyState === "loading") {
      // While the page finishes: fetch the engine's files, at low priority, without running them.
      engineFiles().forEach(function (file) {
        var hint = doc.createElement("link");
        hint.rel = "preload";
        hint.as = "script";
        hint.href = scripts + file;
        hint.setAttribute("fetchpriority", "low");
        doc.head.appendChild(hint);
      });
      doc.addEventListener("DOMContentLoaded", soon);
    } else soon();
  }

  /* Mark the words a result matched in the opened page's article. */
  function highlight(doc, words) {
    var article = doc.querySelector(".md-content article");
    if (!article || !words.length) return;
    var pattern = new RegExp(words.map(function (word) { return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); })
      .sort(function (a, b) { return b.length - a.length; }).join("|"), "gi");
    var walker = doc.createTreeWalker(article, 4 /* NodeFilter.SHOW_TEXT */);
    var nodes = [];
    while (walker.nextNode()) {
      var parent = walker.currentNode.parentNode;
      if (parent.closest("script, style, button, .headerlink, mark, .guide-page-url")) continue;
      pattern.lastIndex = 0;
      if (pattern.test(walker.currentNode.nodeValue)) nodes.push(walker.currentNode);
    }
    nodes.forEach(function (node) {
      var text = node.nodeValue, fragment = doc.createDocumentFragment(), last = 0, match;
      pattern.lastIndex = 0;
      while ((match = pattern.exec(text))) {
        if (match.index > last) fragment.appendChild(doc.createTextNode(text.slice(last, match.index)));
        var mark = doc.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.textContent = match[0];
        fragment.appendChild(mark);
        last = match.index + match[0].length;
      }
      if (last < text.length) fragment.appendChild(doc.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(fragment, node);
    });
  }

  return { replyText: replyText, hostedAddress: hostedAddress, resultHref: resultHref, highlightWords: highlightWords,
           searchesOn: searchesOn, countText: countText, noteLines: noteLines, elsewhereLine: elsewhereLine, mount: mount,
           MAX_SENTENCE: MAX_SENTENCE };
});
