/* Query understanding for the guide's search: turns what a reader types into words of the
   search index. Pure functions, no DOM, no network. The search worker (worker.js) and the
   page's result note (guide.js) run the same code on the same dictionary, which the build
   makes from the index and data/synonyms.yml (assets/javascripts/search/dictionary.js).

   The rules, each tried on every part of the query (README, "Search"):
     exact      a word of the index                        关闭
     synonym    a word people use for a word of the guide  注销 -> 关闭, 刷脸 -> 面部识别
     part       part of longer words of the index           评分 -> 信用评分
     homophone  Chinese that sounds like a word of the index 借贝 -> 借呗
     pinyin     full pinyin, with or without spaces         jiebei, jie bei -> 借呗
     initials   the first letters of a word's pinyin        jb -> 借呗, wsd -> 网商贷
     ignore     question words that carry no meaning        怎么, 如何
   Traditional characters are read as simplified first (關閉 -> 关闭); zero-width and combining
   characters are removed, and a query is read up to MAX_QUERY characters. A homophone is never
   read into an ordinary word (还有 stays 还有): the dictionary lists the ordinary words that
   sound like the guide's. A part of the query that no rule explains is left out of the search
   and reported ("dropped"). Segmentation is linear in the query's length. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.GuideQuery = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // How much a match through each rule counts, against the guide's own word (1).
  var WEIGHT = { exact: 1, synonym: 1, contains: 0.5, part: 0.7, homophone: 0.8, pinyin: 0.9, initials: 0.6 };
  // Segmentation prefers long explained pieces; these adjust the score of a piece of length L
  // (L * L): an exact word beats a homophone beats a part of a word; unexplained costs.
  var PREFERENCE = { ignore: 0.2, exact: 0, synonym: 0, pinyin: -0.1, homophone: -0.5, initials: -0.5, part: -1 };
  var UNKNOWN = -1;
  var MAX_QUERY = 100;       // characters of a query that are read; the note says when cut
  var MAX_EXPANSIONS = 12;   // longer index words one query word may stand for
  var MAX_PIECE = { han: 12, latin: 36 };  // longest piece tried, in characters (pinyin is long)
  var LATIN_RUN = /^[a-z0-9]+$/;
  var BEFORE = "之前";        // how 前 after closing is read (see analyze)
  var ASKING_END = "(?=[\\s?？!！。，,；;]|$)";

  /* The patterns made from the dictionary's class of Chinese characters (guide/chars.py), the
     one definition the build and the search share. */
  function hanPatterns(han) {
    return {
      word: new RegExp("^[" + han + "]+$"),
      runs: new RegExp("([" + han + "]+)|([a-z0-9]+(?:\\s+[a-z0-9]+)*)", "g"),
      asking: [new RegExp("([" + han + "]{2})不" + ASKING_END, "g"), new RegExp("了没有?" + ASKING_END, "g"),
               new RegExp("([" + han + "])[不没]\\1", "g")]
    };
  }

  function isHan(text, prepared) { return prepared.han.word.test(text); }
  function chars(text) { return Array.from(text); }
  function push(map, key, value) {
    var list = map[key] || (map[key] = []);
    if (list.indexOf(value) < 0) list.push(value);
  }

  /* Every pinyin reading of `word` (a list of syllables each), given each character's readings,
     at most `limit` of them (the dictionary's max_spellings: the build counts them the same way,
     guide/search_dictionary.py); null when a character has none. */
  function spellings(word, readings, limit) {
    var result = [[]];
    var letters = chars(word);
    for (var i = 0; i < letters.length; i++) {
      var options = readings[letters[i]];
      if (!options) return null;
      var next = [];
      for (var r = 0; r < result.length && next.length < limit; r++) {
        for (var o = 0; o < options.length && next.length < limit; o++) next.push(result[r].concat(options[o]));
      }
      result = next;
    }
    return result;
  }

  /* A map with no inherited keys: "constructor" or "__proto__" typed by a reader is a word. */
  function table(source) {
    var map = Object.create(null);
    if (Array.isArray(source)) source.forEach(function (key) { map[key] = true; });
    else if (source) Object.keys(source).forEach(function (key) { map[key] = source[key]; });
    return map;
  }

  /* The lookup tables built once from the dictionary made at build time. */
  function prepare(dict) {
    var han = hanPatterns(dict.han);
    var readings = table();
    Object.keys(dict.pinyin).forEach(function (syllable) {
      chars(dict.pinyin[syllable]).forEach(function (ch) { push(readings, ch, syllable); });
    });
    var traditional = table();
    var pairs = chars(dict.traditional);
    for (var i = 0; i + 1 < pairs.length; i += 2) traditional[pairs[i]] = pairs[i + 1];
    // Index words, most frequent first (expansions keep the most useful ones): the build's order.
    var words = dict.terms ? dict.terms.split(" ") : [];
    var byPinyin = table(), byInitials = table();
    // Spelled and sounded: the index's words and the words readers type for them.
    words.concat(Object.keys(dict.synonyms)).forEach(function (word) {
      if (!han.word.test(word) || chars(word).length < 2) return;
      (spellings(word, readings, dict.max_spellings) || []).forEach(function (syllables) {
        push(byPinyin, syllables.join(""), word);
        push(byInitials, syllables.map(function (s) { return s[0]; }).join(""), word);
      });
    });
    var ignore = table(dict.ignore), keys = table(dict.keys);
    var askedWords = table();
    words.concat(Object.keys(dict.synonyms), dict.ignore).forEach(function (word) {
      (word.match(han.asking[2]) || []).forEach(function (asked) { askedWords[asked] = true; });
    });
    var longestIgnore = dict.ignore.reduce(function (most, word) { return Math.max(most, chars(word).length); }, 0);
    var keySpellings = [];
    dict.keys.forEach(function (word) {
      (spellings(word, readings, dict.max_spellings) || []).forEach(function (syllables) {
        keySpellings.push({ word: word, spelled: " " + syllables.join(" ") + " " });
      });
    });
    return {
      han: han, askedWords: askedWords, maxSpellings: dict.max_spellings, keySpellings: keySpellings,
      terms: table(words), words: words, longestIgnore: longestIgnore, readings: readings, traditional: traditional,
      byPinyin: byPinyin, byInitials: byInitials, synonyms: table(dict.synonyms), ignore: ignore, keys: keys,
      ordinary: table(dict.ordinary || []), about: table((dict.intent && dict.intent.about) || []),
      procedure: table((dict.intent && dict.intent.procedure) || []), generic: table(dict.generic || []),
      intent: dict.intent, offer: dict.offer, reference: dict.reference || [], compare: dict.compare || [], cache: table(),
      elsewhere: (dict.elsewhere || []).slice().sort(function (a, b) { return b.length - a.length; }),
      elsewhereEndings: dict.elsewhere_endings || []
    };
  }

  // Zero-width characters, joiners, direction marks and combining marks: invisible in a query.
  var INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

  /* Full-width to half-width, lower case, traditional to simplified, invisible characters
     removed; at most MAX_QUERY characters. */
  function normalize(query, prepared) {
    var letters = chars(visible(query).toLowerCase().trim()).slice(0, MAX_QUERY);
    return askingForm(steps(letters.map(function (ch) { return prepared.traditional[ch] || ch; }).join("")), prepared);
  }

  /* A clause that ends in 不, or in 了没(有), asks as 吗 does (能关不 = 能关吗, 关了没 = 关了吗): the
     word is left out, never read as a negation. A clause that ends in 没有 says so (按钮我这边没有).
     A word asked with itself negated (在不在, 可不可以) is the word asked once, unless the
     dictionary has a word with it (准不准, 会不会影响: prepared.askedWords). */
  function askingForm(text, prepared) {
    return text.replace(prepared.han.asking[0], "$1").replace(prepared.han.asking[1], "了")
      .replace(prepared.han.asking[2], function (asked, word) { return prepared.askedWords[asked] ? asked : word; });
  }

  /* 第一步 as the guide writes it, 第 1 步 (the steps are numbered in digits). */
  var NUMERALS = { "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
  function steps(text) {
    return text.replace(/第([一二两三四五六七八九])(步|项)/g, function (all, numeral, unit) {
      return "第 " + NUMERALS[numeral] + " " + unit;
    });
  }

  /* The query's visible text: compatibility forms decomposed (full-width letters, ligatures),
     accents and invisible characters removed, recomposed. Only its start is read. */
  function visible(query) {
    var text = String(query).slice(0, MAX_QUERY * 4);
    if (!text.normalize) return text.replace(INVISIBLE, "");
    return text.normalize("NFKD").replace(INVISIBLE, "").normalize("NFC");
  }

  /* Whether a query is longer than what is read. */
  function truncated(query) {
    return chars(visible(query).trim()).length > MAX_QUERY;
  }

  /* Runs of Chinese and runs of Latin letters and digits; everything else separates. A Latin
     run keeps its words: it is read joined ("jie bei" as "jiebei") unless reading its words
     apart explains more ("jb wsd" as "jb" and "wsd"). */
  function runs(text, prepared) {
    var result = [];
    var matcher = new RegExp(prepared.han.runs.source, "g");
    var match;
    while ((match = matcher.exec(text))) {
      if (match[1]) result.push({ han: true, text: match[1] });
      else result.push({ han: false, text: match[2].replace(/\s+/g, ""), words: match[2].split(/\s+/) });
    }
    return result;
  }

  /* Index words that contain `word` and are longer, the guide's key terms first, then the
     most frequent. */
  function containing(word, prepared, limit) {
    var keys = [], others = [];
    for (var i = 0; i < prepared.words.length; i++) {
      var candidate = prepared.words[i];
      if (candidate !== word && candidate.indexOf(word) >= 0) (prepared.keys[candidate] ? keys : others).push(candidate);
    }
    return keys.concat(others).slice(0, limit);
  }

  /* A phrase of the guide as words of the index (longest first): 没有通过 -> 没有, 通过; null
     when part of it is no word of the index. */
  function phraseWords(phrase, prepared) {
    var letters = chars(phrase), words = [], start = 0;
    while (start < letters.length) {
      for (var end = Math.min(letters.length, start + 8); end > start; end--) {
        var piece = letters.slice(start, end).join("");
        if (prepared.terms[piece]) break;
      }
      if (end === start) return null;
      words.push(letters.slice(start, end).join(""));
      start = end;
    }
    return words;
  }

  function weighted(list, weight, into) {
    into = into || {};
    list.forEach(function (word) { if (!(word in into) || into[word] < weight) into[word] = weight; });
    return into;
  }

  /* Key terms with a run of syllables that sounds like `piece` (two characters or more). */
  function keyTermsSoundingLike(piece, prepared) {
    var spelled = (spellings(piece, prepared.readings, prepared.maxSpellings) || []).map(function (s) { return " " + s.join(" ") + " "; });
    if (!spelled.length) return [];
    return prepared.keySpellings.filter(function (entry) {
      return spelled.some(function (s) { return entry.spelled.indexOf(s) >= 0; });
    }).map(function (entry) { return entry.word; }).filter(function (word, i, all) { return all.indexOf(word) === i; });
  }

  /* Of several words that sound or are spelled alike, the guide's key terms (products,
     glossary, the domain words kept whole in the index) when any match, else all of them. */
  function keyFirst(words, prepared) {
    words = (words || []).map(function (word) { return prepared.synonyms[word] || word; })
      .filter(function (word, i, all) { return all.indexOf(word) === i && prepared.terms[word]; });
    var keys = words.filter(function (word) { return prepared.keys[word]; });
    return keys.length ? keys : words;
  }

  /* The ways one piece of the query can be read, best first: [{rule, label, terms}].
     `whole`: the piece is a whole run of the query. */
  function readPiece(piece, han, whole, prepared) {
    var key = (whole ? "1" : "0") + piece;
    if (!(key in prepared.cache)) prepared.cache[key] = readPieceAnew(piece, han, whole, prepared);
    return prepared.cache[key];
  }

  function readPieceAnew(piece, han, whole, prepared) {
    var length = chars(piece).length;
    var found = [];
    if (prepared.ignore[piece]) return [{ rule: "ignore", label: piece, terms: {} }];
    var exact = Boolean(prepared.terms[piece]);
    var guideWord = prepared.synonyms[piece] || null;
    if (guideWord) {
      var terms = {};
      var phrase = prepared.terms[guideWord] ? null : phraseWords(guideWord, prepared);
      if (prepared.terms[guideWord]) terms[guideWord] = WEIGHT.synonym;
      else if (!phrase) weighted(containing(guideWord, prepared, MAX_EXPANSIONS), WEIGHT.part, terms);
      weighted(containing(guideWord, prepared, MAX_EXPANSIONS), WEIGHT.contains, terms);
      if (exact) weighted([piece], WEIGHT.synonym, terms);
      // A phrase of the guide (没有通过): a section must have each of its words.
      if (phrase) found.push({ rule: "synonym", label: guideWord, terms: terms, all: phrase });
      else found.push({ rule: "synonym", label: guideWord, terms: terms });
    } else if (exact) {
      var own = weighted([piece], WEIGHT.exact);
      // A key term that begins with the word names the same thing more fully (征信 -> 征信记录):
      // it counts as the word itself would; other longer words count less.
      if (length > 1) {
        containing(piece, prepared, MAX_EXPANSIONS).forEach(function (word) {
          weighted([word], prepared.keys[word] && word.indexOf(piece) === 0 ? WEIGHT.part : WEIGHT.contains, own);
        });
      }
      found.push({ rule: "exact", label: piece, terms: own });
    }
    // A single character typed alone: the guide's words that contain it (借 -> 借呗, 借款).
    if (han && length === 1 && whole && !exact && !guideWord) {
      var holders = containing(piece, prepared, MAX_EXPANSIONS);
      if (holders.length) found.push({ rule: "part", label: piece, terms: weighted(holders, WEIGHT.part) });
    }
    // An ordinary word (还有) is never read as a word that sounds like it.
    var ordinary = Boolean(prepared.ordinary[piece]);
    if (han && length > 1 && !exact && !guideWord) {
      var sounds = {};
      (spellings(piece, prepared.readings, prepared.maxSpellings) || []).forEach(function (syllables) {
        (prepared.byPinyin[syllables.join("")] || []).forEach(function (word) { sounds[word] = true; });
      });
      var alike = ordinary ? [] : keyFirst(Object.keys(sounds), prepared);
      if (alike.length) found.push({ rule: "homophone", label: alike[0], terms: weighted(alike, WEIGHT.homophone) });
      var parts = containing(piece, prepared, MAX_EXPANSIONS);
      if (parts.length) found.push({ rule: "part", label: piece, terms: weighted(parts, WEIGHT.part) });
      else {
        // A typo inside part of a key term: 应收帐款 -> 应收账款质押.
        var soundsIn = ordinary ? [] : keyTermsSoundingLike(piece, prepared);
        if (soundsIn.length) found.push({ rule: "homophone", label: soundsIn[0], terms: weighted(soundsIn, WEIGHT.part), part: true });
      }
    }
    if (!han && !exact && !guideWord) {
      var spelled = keyFirst(prepared.byPinyin[piece] || [], prepared);
      if (spelled.length) found.push({ rule: "pinyin", label: spelled[0], terms: weighted(spelled, WEIGHT.pinyin) });
      // Initials are short and ambiguous: only a whole Latin run is read as initials.
      var initials = length > 1 && whole ? keyFirst(prepared.byInitials[piece] || [], prepared) : [];
      if (initials.length) found.push({ rule: "initials", label: initials[0], terms: weighted(initials.slice(0, MAX_EXPANSIONS), WEIGHT.initials) });
    }
    return found;
  }

  /* Split one run into the pieces that explain it best (dynamic programming over the run,
     each position keeping only its best score and a pointer back: linear in the run's length). */
  function segment(run, prepared) {
    var letters = chars(run.text);
    var typedWords = functionWords(letters, prepared);
    var best = [{ score: 0, from: -1, piece: null }];
    for (var end = 1; end <= letters.length; end++) {
      best[end] = null;
      for (var start = Math.max(0, end - (run.han ? MAX_PIECE.han : MAX_PIECE.latin)); start < end; start++) {
        if (!best[start]) continue;
        var piece = letters.slice(start, end).join("");
        var options = readPiece(piece, run.han, start === 0 && end === letters.length, prepared);
        var length = end - start;
        if (!options.length && length === 1) options = [{ rule: "unknown", label: piece, terms: {} }];
        for (var o = 0; o < options.length; o++) {
          var option = options[o];
          if (option.rule === "homophone" && !prepared.intent.products[option.label] && touches(typedWords, start, end)) continue;
          var score = best[start].score + (option.rule === "unknown" ? UNKNOWN
            : length * length + PREFERENCE[option.rule] + (option.part ? PREFERENCE.part : 0));
          if (!best[end] || score > best[end].score) best[end] = { score: score, from: start, piece: Object.assign({ typed: piece }, option) };
        }
      }
    }
    var chain = [];
    for (var at = letters.length; at > 0; at = best[at].from) chain.push(best[at].piece);
    chain.reverse();
    // Neighbouring unexplained characters make one dropped word.
    var pieces = [];
    chain.forEach(function (piece) {
      var last = pieces[pieces.length - 1];
      if (piece.rule === "unknown" && last && last.rule === "unknown") {
        last.typed += piece.typed;
        last.label = last.typed;
      } else pieces.push(piece.rule === "unknown" ? Object.assign({}, piece) : piece);
    });
    return pieces;
  }

  /* Where the run has a question or function word as typed (的, 是, 哪个: the dictionary's
     `ignore`): for each character, whether one covers it. A sound-alike reading never takes such
     a character (是给 is not 实际, 哪个位置 not 哪 合理 置): people type these words right, and a
     typo is the guide's word misspelled, not a sentence's glue. A product's name is the
     exception (借被 is 借呗). */
  function functionWords(letters, prepared) {
    var covered = letters.map(function () { return false; });
    for (var start = 0; start < letters.length; start++) {
      for (var length = 1; length <= prepared.longestIgnore && start + length <= letters.length; length++) {
        if (!prepared.ignore[letters.slice(start, start + length).join("")]) continue;
        for (var i = start; i < start + length; i++) covered[i] = true;
      }
    }
    return covered;
  }

  function touches(covered, start, end) {
    for (var i = start; i < end; i++) if (covered[i]) return true;
    return false;
  }

  function unexplained(pieces) {
    return pieces.reduce(function (sum, piece) { return sum + (piece.rule === "unknown" ? chars(piece.typed).length : 0); }, 0);
  }

  /* A Latin run with spaces read joined, or word by word when that leaves less unexplained. */
  function segmentRun(run, prepared) {
    var joined = segment(run, prepared);
    if (!run.words || run.words.length < 2 || !unexplained(joined)) return joined;
    var apart = [];
    run.words.forEach(function (word) { apart = apart.concat(segment({ han: false, text: word }, prepared)); });
    return unexplained(apart) < unexplained(joined) ? apart : joined;
  }

  /* What the query asks for: the word groups to search, the words left out, and the pages a
     closing intent puts first. */
  function analyze(query, prepared) {
    var groups = [], dropped = [], ignored = [];
    // A product the guide does not cover (花呗, 信用卡): named in the answer, left out of the
    // words searched, and no procedure page is put first.
    var text = normalize(query, prepared), elsewhere = [];
    prepared.elsewhere.forEach(function (name) {
      if (text.indexOf(name) < 0) return;
      elsewhere.push(name);
      text = text.split(name).join(" ");
    });
    var steps = stepReferences(text);
    text = steps.text;
    groups.push.apply(groups, steps.groups);
    var comparing = false;
    runs(text, prepared).forEach(function (run) {
      var closing = false;
      segmentRun(run, prepared).forEach(function (piece) {
        // 前 after a word for closing in the same clause (关闭网商贷前, 关闭账户前) is before
        // closing: 之前, which the guide calls 开始前; alone, one character says little.
        if (piece.typed === "前" && closing) {
          piece = Object.assign({}, segment({ han: true, text: BEFORE }, prepared)[0], { typed: piece.typed });
        }
        if (piece.label === prepared.intent.close) closing = true;
        if (piece.rule === "unknown") { if (dropped.indexOf(piece.typed) < 0) dropped.push(piece.typed); return; }
        if (piece.rule === "ignore") { ignored.push(piece.typed); return; }
        var same = groups.filter(function (group) { return group.label === piece.label; })[0];
        // Two different words for closing (关了 … 注销, 关闭借款功能 … 注销账户) ask whether one is
        // the other: the second, when the guide writes it, is searched as itself, and the query
        // is no request to close.
        if (same && same.label === prepared.intent.close && piece.typed !== same.typed &&
            piece.typed !== piece.label && prepared.terms[piece.typed]) {
          comparing = true;
          piece = { typed: piece.typed, label: piece.typed, rule: "exact", terms: weighted([piece.typed], WEIGHT.exact) };
          same = groups.filter(function (group) { return group.label === piece.label; })[0];
        }
        if (same) weighted(Object.keys(piece.terms), 0, same.terms);
        else {
          var group = { typed: piece.typed, label: piece.label, rule: piece.rule, terms: Object.assign({}, piece.terms) };
          if (piece.all) group.all = piece.all;
          // A product or closing: what a page's title sets as the context of its sections. The
          // procedure as a whole (步骤, 流程, 几步) asks for no section of it: with a product and
          // closing, it is the same request to close.
          if (piece.label === prepared.intent.close || prepared.intent.products[piece.label] ||
              prepared.procedure[piece.label]) group.context = true;
          if (prepared.intent.products[piece.label]) group.product = true;
          // A word that names a kind of thing without saying which (方式): the engine counts it little.
          if (prepared.generic[piece.label]) group.generic = true;
          // A key term of the guide (a product, a glossary term, a synonym group's word).
          if (prepared.keys[piece.label]) group.key = true;
          groups.push(group);
        }
      });
    });
    // A word no rule explains that ends as credit products' names end (闪电贷, 任性付: the
    // dictionary's `elsewhere_endings`) names a product the guide does not cover, unless the
    // query names one the guide covers.
    var covered = groups.some(function (group) { return group.product; });
    dropped.forEach(function (word) {
      if (covered || chars(word).length < 2 || elsewhere.indexOf(word) >= 0) return;
      if (prepared.elsewhereEndings.some(function (end) { return word.slice(-end.length) === end && word !== end; })) elsewhere.push(word);
    });
    return {
      groups: groups, dropped: dropped, ignored: ignored, truncated: truncated(query), elsewhere: elsewhere,
      // The weight of a longer word that only contains the query's: the engine counts it half.
      contains: WEIGHT.contains,
      first: elsewhere.length || comparing ? [] : intentPages(groups, prepared), reference: prepared.reference,
      compare: prepared.compare, products: Object.keys(prepared.intent.products)
    };
  }

  /* 第 3 步 (typed 第三步, 第3步) names a step, as its heading does: taken out of the text before
     it is cut into words (so that 步 is never read with the character after it: 第二步是 is not
     第 2 不是), and searched as one phrase of three words that a section has only when it has
     all three, a key term of the guide, not three single characters that say little each.
     Returns {text: the text without them, groups: one group per step named}. */
  var STEP = /第\s*([0-9]+)\s*步/g;
  function stepReferences(text) {
    var groups = [];
    text = text.replace(STEP, function (all, number) {
      var label = "第 " + number + " 步";   // as the headings write it (and a result lacking it says so)
      if (!groups.some(function (group) { return group.label === label; })) {
        var terms = {};
        terms["第"] = terms[number] = terms["步"] = 0;
        groups.push({ typed: label, label: label, rule: "step", terms: terms, all: ["第", number, "步"], key: true });
      }
      return " ";
    });
    return { text: text, groups: groups };
  }

  /* A query that names a product and closing puts that product's procedure page first, unless
     it also asks about something else the guide answers (影响, 征信, 风险, 好处…: the groups
     marked `intent: about` in data/synonyms.yml): then the section that answers leads. */
  function intentPages(groups, prepared) {
    var intent = prepared.intent;
    var strong = function (group, word) { return (group.terms[word] || 0) >= WEIGHT.homophone; };
    var closing = groups.some(function (group) { return strong(group, intent.close); });
    if (!closing) return [];
    var about = groups.some(function (group) {
      return prepared.about[group.label] || Object.keys(group.terms).some(function (word) {
        return prepared.about[word] && strong(group, word);
      });
    });
    if (about) return [];
    var pages = [];
    groups.forEach(function (group) {
      Object.keys(intent.products).forEach(function (name) {
        if (strong(group, name) && pages.indexOf(intent.products[name]) < 0) pages.push(intent.products[name]);
      });
    });
    return pages;
  }

  /* What the result list says about the query, as plain data for the page to show. */
  function describe(analysis) {
    return {
      // Words read as another word of the guide: [typed, read as].
      readAs: analysis.groups.filter(function (group) { return group.label !== group.typed && group.rule !== "part"; })
        .map(function (group) { return [group.typed, group.label]; }),
      // Words left out; a product the guide does not cover is said apart, not as not found.
      dropped: analysis.dropped.filter(function (word) { return (analysis.elsewhere || []).indexOf(word) < 0; }),
      // Nothing to search: every word left out, or only question words and punctuation.
      nothing: analysis.groups.length === 0,
      // Products the guide does not cover that the query names.
      elsewhere: analysis.elsewhere || [],
      truncated: Boolean(analysis.truncated)
    };
  }

  return {
    WEIGHT: WEIGHT, MAX_QUERY: MAX_QUERY, prepare: prepare, normalize: normalize, runs: runs, segment: segment,
    analyze: analyze, stepReferences: stepReferences, describe: describe, spellings: spellings, isHan: isHan, LATIN_RUN: LATIN_RUN
  };
});
