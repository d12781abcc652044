// Unit tests for docs/assets/javascripts/search/query.js, one block per rule, on a small
// dictionary of the same shape as the one the build makes. Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const Q = require("../../docs/assets/javascripts/search/query.js");

const DICT = {
  separator: "[\\s\\u200b]+",
  han: "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",   // guide/chars.py HAN, as the build ships it
  max_spellings: 16,                                       // guide/search_dictionary.py MAX_SPELLINGS
  terms: { "借呗": 9, "网商贷": 8, "关闭": 12, "短信验证码": 2, "信用评分": 3, "面部识别": 2, "征信": 5,
           "身份验证": 4, "应收账款质押": 1, "基本": 1, "app": 2, "风险": 6, "停": 1, "借款": 5, "附有": 1,
           "影响": 4, "没有": 6, "通过": 3, "第": 4, "1": 2, "步": 4, "constructor": 1 },
  pinyin: { jie: "借介", bei: "呗贝被", wang: "网往", shang: "商上", dai: "贷代带", guan: "关观", bi: "闭必",
            zheng: "征证正", zhang: "账帐", xin: "信心", shen: "身", fen: "份分", yan: "验严", ji: "基", ben: "本",
            zhu: "注", xiao: "销消", ying: "应", shou: "收", kuan: "款", zhi: "质", ya: "押",
            fu: "附复", you: "有又", huan: "还" },
  traditional: "唄呗貸贷閉闭關关網网徵征",
  synonyms: { "注销": "关闭", "关掉": "关闭", "关": "关闭", "刷脸": "面部识别", "验证码": "短信验证码",
              "失败": "没有通过", "后果": "影响" },
  ignore: ["怎么", "如何", "的", "吗", "能"],
  // 复有 sounds like 附有 (fu you) and is a word of its own: never read as 附有.
  ordinary: ["复有"],
  keys: ["借呗", "网商贷", "关闭", "征信", "身份验证", "应收账款质押", "信用评分", "面部识别", "短信验证码"],
  intent: { close: "关闭", products: { "借呗": "procedures/close-jiebei/", "网商贷": "procedures/close-wangshangdai/" },
            about: ["影响", "征信", "风险"] },
  offer: [{ title: "手动关闭借呗", location: "procedures/close-jiebei/" }]
};
// The build ships the index's words as one string, most sections first: written here as counts.
const prep = (dict) => Q.prepare(Object.assign({}, dict, {
  terms: Object.keys(dict.terms).sort((a, b) => dict.terms[b] - dict.terms[a] || (a < b ? -1 : 1)).join(" ")
}));
const P = prep(DICT);
const read = (query) => Q.analyze(query, P);
const groups = (query) => read(query).groups.map((g) => [g.typed, g.rule, g.label]);

test("exact: a word of the index is searched as itself", () => {
  assert.deepEqual(groups("借呗"), [["借呗", "exact", "借呗"]]);
  assert.deepEqual(groups("关闭借呗"), [["关闭", "exact", "关闭"], ["借呗", "exact", "借呗"]]);
});

test("exact: a word also stands for the longer words that contain it, weighted lower", () => {
  const [group] = read("验证码").groups;  // a synonym here, but its guide word's terms are weighted
  assert.equal(group.terms["短信验证码"], Q.WEIGHT.synonym);
});

test("synonym: a word people use is searched as the guide's word", () => {
  assert.deepEqual(groups("注销借呗"), [["注销", "synonym", "关闭"], ["借呗", "exact", "借呗"]]);
  assert.deepEqual(groups("刷脸"), [["刷脸", "synonym", "面部识别"]]);
  assert.equal(read("注销").groups[0].terms["关闭"], Q.WEIGHT.synonym);
});

test("part: part of longer words finds them", () => {
  assert.deepEqual(groups("评分"), [["评分", "part", "评分"]]);
  assert.deepEqual(Object.keys(read("评分").groups[0].terms), ["信用评分"]);
  assert.deepEqual(Object.keys(read("验证").groups[0].terms).sort(), ["短信验证码", "身份验证"].sort());
});

test("pinyin: full pinyin, with or without spaces, any case, full-width", () => {
  for (const typed of ["jiebei", "jie bei", "JieBei", "ｊｉｅｂｅｉ"]) {
    assert.deepEqual(groups(typed), [["jiebei", "pinyin", "借呗"]], typed);
  }
  assert.deepEqual(groups("guanbi jiebei").map((g) => g[2]), ["关闭", "借呗"]);
});

test("pinyin: a word readers type is spelled too, and read as the guide's word", () => {
  assert.deepEqual(groups("zhuxiao"), [["zhuxiao", "pinyin", "关闭"]]);
});

test("initials: a whole Latin run of first letters, key terms first", () => {
  assert.deepEqual(groups("jb"), [["jb", "initials", "借呗"]]);   // not 基本 (also jb)
  assert.deepEqual(groups("wsd"), [["wsd", "initials", "网商贷"]]);
  assert.deepEqual(read("xjbx").groups, []);                       // no initials inside a run
});

test("traditional characters read as simplified", () => {
  assert.deepEqual(groups("關閉借唄"), [["关闭", "exact", "关闭"], ["借呗", "exact", "借呗"]]);
  assert.deepEqual(groups("徵信"), [["征信", "exact", "征信"]]);
});

test("homophone: a typo that sounds like a word of the guide", () => {
  assert.deepEqual(groups("借贝"), [["借贝", "homophone", "借呗"]]);
  assert.deepEqual(groups("网上贷"), [["网上贷", "homophone", "网商贷"]]);
  assert.deepEqual(groups("注消"), [["注消", "homophone", "关闭"]]);   // sounds like a synonym
});

test("homophone: a typo inside part of a key term", () => {
  assert.deepEqual(groups("应收帐款").map((g) => g[2]), ["应收账款质押"]);
});

test("ignore: question words are left out silently", () => {
  const analysis = read("借呗怎么关闭");
  assert.deepEqual(analysis.groups.map((g) => g.label), ["借呗", "关闭"]);
  assert.deepEqual(analysis.dropped, []);
  assert.deepEqual(analysis.ignored, ["怎么"]);
});

test("unknown words are dropped, neighbours joined, the rest still searched", () => {
  const analysis = read("借呗手续费");
  assert.deepEqual(analysis.groups.map((g) => g.label), ["借呗"]);
  assert.deepEqual(analysis.dropped, ["手续费"]);
  assert.deepEqual(read("qqq").dropped, ["qqq"]);
});

test("intent: a product and closing, in any words, put its procedure page first", () => {
  assert.deepEqual(read("注销借呗").first, ["procedures/close-jiebei/"]);
  assert.deepEqual(read("网商贷怎么关").first, ["procedures/close-wangshangdai/"]);
  assert.deepEqual(read("jiebei guanbi").first, ["procedures/close-jiebei/"]);
  assert.deepEqual(read("關閉網商貸").first, ["procedures/close-wangshangdai/"]);
  assert.deepEqual(read("关闭借呗和网商贷").first, ["procedures/close-jiebei/", "procedures/close-wangshangdai/"]);
  assert.deepEqual(read("借呗").first, []);          // no closing
  assert.deepEqual(read("关闭").first, []);          // no product
  assert.deepEqual(read("关闭风险").first, []);
});

test("describe: what the result list tells the reader", () => {
  const said = (q) => Q.describe(read(q));
  assert.deepEqual(said("注销借呗"), { readAs: [["注销", "关闭"]], dropped: [], nothing: false, truncated: false, elsewhere: [] });
  assert.deepEqual(said("借呗手续费"), { readAs: [], dropped: ["手续费"], nothing: false, truncated: false, elsewhere: [] });
  assert.deepEqual(said("手续费"), { readAs: [], dropped: ["手续费"], nothing: true, truncated: false, elsewhere: [] });
  assert.deepEqual(said("评分").readAs, []);   // a part is not "read as" another word
});

test("intent: a question about impact or risk is not a request to close", () => {
  assert.deepEqual(read("关闭借呗会影响征信吗").first, []);
  assert.deepEqual(read("注销网商贷的后果").first, []);      // 后果 -> 影响, marked about
  assert.deepEqual(read("借呗关闭有风险吗").first, []);
  assert.deepEqual(read("借呗怎么关闭").first, ["procedures/close-jiebei/"]);
});

test("synonym: a phrase of the guide is searched as all of its words", () => {
  const [group] = read("失败").groups;
  assert.equal(group.label, "没有通过");
  assert.deepEqual(group.all, ["没有", "通过"]);
});

test("homophone: never rewrites an ordinary word into one that sounds like it", () => {
  assert.deepEqual(groups("附有"), [["附有", "exact", "附有"]]);
  assert.deepEqual(read("复有").groups, []);                // not read as 附有
  assert.deepEqual(read("复有").dropped, ["复有"]);
  assert.deepEqual(groups("借贝"), [["借贝", "homophone", "借呗"]]);   // not ordinary: still read
});

test("a single character typed alone finds the guide's words that contain it, key terms first", () => {
  const [group] = read("借").groups;
  assert.equal(group.rule, "part");
  assert.deepEqual(Object.keys(group.terms).slice(0, 2), ["借呗", "借款"]);
  assert.deepEqual(read("借呗借").groups.map((g) => g.label), ["借呗"]);   // inside a query: not expanded
});

test("Latin words apart: read joined when that explains them, word by word otherwise", () => {
  assert.deepEqual(groups("jb wsd").map((g) => g[2]), ["借呗", "网商贷"]);
  assert.deepEqual(groups("jie bei"), [["jiebei", "pinyin", "借呗"]]);
  assert.deepEqual(groups("guanbi jb").map((g) => g[2]), ["关闭", "借呗"]);
});

test("invisible characters are ignored; step numbers read as the guide writes them", () => {
  assert.deepEqual(groups("借\u200b呗"), [["借呗", "exact", "借呗"]]);
  assert.deepEqual(groups("借\u200d呗\ufeff"), [["借呗", "exact", "借呗"]]);
  assert.deepEqual(groups("jie\u0301bei"), [["jiebei", "pinyin", "借呗"]]);
  assert.deepEqual(groups("第一步").map((g) => g[2]), ["第 1 步"]);
});

test("only punctuation or question words: nothing to search, the pages are offered", () => {
  for (const typed of ["？？？", "怎么……吗", "!!!", "\u200b"]) {
    const analysis = read(typed);
    assert.deepEqual(analysis.groups, [], typed);
    assert.equal(Q.describe(analysis).nothing, true, typed);
  }
});

test("words like constructor are plain words, never an object's inherited keys", () => {
  assert.deepEqual(groups("constructor"), [["constructor", "exact", "constructor"]]);
  for (const typed of ["__proto__", "hasOwnProperty", "toString", "valueOf"]) {
    const analysis = read(typed);
    assert.deepEqual(analysis.groups, [], typed);
    assert.deepEqual(analysis.dropped, [typed.toLowerCase().replace(/_/g, "")], typed);   // _ separates
  }
});

test("a long query is read up to MAX_QUERY characters, and says so", () => {
  const long = "借呗".repeat(200);
  const analysis = read(long);
  assert.equal(analysis.truncated, true);
  assert.equal(Q.describe(analysis).truncated, true);
  assert.equal(read("借呗").truncated, false);
  assert.ok(Q.normalize(long, P).length <= Q.MAX_QUERY);
});

test("segmentation is linear: ten times the query takes about ten times as long, not a hundred", () => {
  // Each piece's reading is cached; time a fresh table each round.
  const time = (text) => {
    const fresh = prep(DICT);
    const start = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) Q.segment({ han: true, text }, fresh);
    return Number(process.hrtime.bigint() - start);
  };
  const unit = "关闭借呗手续费网商贷";
  time(unit.repeat(10));   // warm up
  const short = time(unit.repeat(10)), long = time(unit.repeat(100));
  assert.ok(long < short * 40, `10x the text took ${(long / short).toFixed(1)}x the time`);
});

test("elsewhere: a product the guide does not cover is named, left out of the search, and puts no procedure first", () => {
  const P2 = prep(Object.assign({}, DICT, { elsewhere: ["花呗", "信用卡"] }));
  const analysis = Q.analyze("花呗怎么关闭", P2);
  assert.deepEqual(analysis.elsewhere, ["花呗"]);
  assert.deepEqual(analysis.groups.map((g) => g.label), ["关闭"]);
  assert.deepEqual(analysis.dropped, []);               // not "未找到“花呗”": the note names it
  assert.deepEqual(analysis.first, []);
  assert.deepEqual(Q.describe(analysis).elsewhere, ["花呗"]);
  // With a product the guide covers in the same query, the other product still comes first.
  assert.deepEqual(Q.analyze("信用卡和借呗怎么关", P2).first, []);
  assert.deepEqual(Q.analyze("借呗怎么关", P2).first, ["procedures/close-jiebei/"]);
  assert.deepEqual(Q.analyze("借呗怎么关", P2).elsewhere, []);
  // Traditional and full-width forms are read first, as for every word.
  assert.deepEqual(Q.analyze("ＡＰＰ裏的花唄", prep(Object.assign({}, DICT, { elsewhere: ["花呗"], traditional: DICT.traditional + "裏里" }))).elsewhere, ["花呗"]);
});

test("a clause ending in 不 or 没 asks, as 吗 does: the word is left out", () => {
  assert.equal(Q.normalize("网商贷能关不", P), "网商贷能关");
  assert.equal(Q.normalize("借呗关了没？", P), "借呗关了?");
  assert.equal(Q.normalize("借呗能关闭不，急", P), "借呗能关闭,急");
  // Elsewhere 不 and 没 keep their meaning.
  assert.equal(Q.normalize("验证没有通过", P), "验证没有通过");
  assert.equal(Q.normalize("关不了", P), "关不了");
  assert.equal(Q.normalize("不", P), "不");
  assert.deepEqual(groups("借呗能关不").map((g) => g[2]), ["借呗", "关闭"]);
});

test("a clause ending in 没有 says so: the words stay", () => {
  assert.equal(Q.normalize("网商贷的关闭按钮我这边没有", P), "网商贷的关闭按钮我这边没有");
  assert.equal(Q.normalize("关了没有", P), "关了");
});

test("第 N 步, in figures or in Chinese numerals, is one step reference: a key phrase of its three words", () => {
  for (const query of ["第1步", "第一步", "第 1 步", "借呗第一步"]) {
    const step = read(query).groups.find((g) => g.rule === "step");
    assert.ok(step, query);
    assert.equal(step.label, "第 1 步");
    assert.deepEqual(step.all, ["第", "1", "步"]);
    assert.equal(step.key, true);
    // No single 第, 1 or 步 is left beside it to count on its own.
    assert.ok(!read(query).groups.some((g) => ["第", "1", "步"].includes(g.label)), query);
  }
  // 步 is never read with the character after it (第二步是: not 第 2 不是).
  const asked = read("借呗第二步是什么").groups;
  assert.deepEqual(asked.filter((g) => g.rule === "step").map((g) => g.label), ["第 2 步"]);
  assert.ok(!asked.some((g) => g.label.includes("步") && g.rule !== "step"));
  // Not a step reference: the words apart, or out of order.
  assert.ok(!read("步第1").groups.some((g) => g.rule === "step"));
  assert.ok(!read("第借呗步").groups.some((g) => g.rule === "step"));
});

test("homophone: never takes a function word the reader typed, unless it reads a product", () => {
  // 是给 sounds like 实际 (shi ji), 的钱 partly like 定期; both are a sentence's glue, typed right.
  const D = Object.assign({}, DICT, {
    terms: Object.assign({}, DICT.terms, { "实际": 2, "定期": 1 }),
    pinyin: Object.assign({}, DICT.pinyin, { shi: "是实", ji: "际给记", gei: "给", de: "的", di: "的定", qi: "期", qian: "钱" }),
    ignore: DICT.ignore.concat(["是", "给"])
  });
  const P2 = prep(D);
  const labels = (q) => Q.analyze(q, P2).groups.map((g) => g.label);
  assert.deepEqual(labels("借呗是给谁"), ["借呗"]);           // 谁 is unknown here: dropped, not read as 实际
  assert.ok(!labels("借呗是给谁").includes("实际"));
  assert.deepEqual(Q.analyze("实记", P2).groups.map((g) => g.label), ["实际"]);   // no function word: still read
  // A product's name is the exception: 借被 (被 a function word) is 借呗.
  const P3 = prep(Object.assign({}, DICT, { ignore: DICT.ignore.concat(["被"]) }));
  assert.deepEqual(Q.analyze("借被", P3).groups.map((g) => [g.rule, g.label]), [["homophone", "借呗"]]);
});

test("generic: a word that names a kind of thing without saying which is marked, to count little", () => {
  const P2 = prep(Object.assign({}, DICT, { terms: Object.assign({}, DICT.terms, { "方式": 3 }), generic: ["方式"] }));
  const found = Q.analyze("身份验证方式", P2).groups;
  assert.deepEqual(found.map((g) => [g.label, Boolean(g.generic)]), [["身份验证", false], ["方式", true]]);
  assert.equal(Q.analyze("身份验证方式", P).groups.some((g) => g.generic), false);   // not listed: an ordinary word
});

test("procedure: the procedure as a whole, with a product and closing, is the same request to close", () => {
  const D = Object.assign({}, DICT, {
    terms: Object.assign({}, DICT.terms, { "步骤": 4 }),
    synonyms: Object.assign({}, DICT.synonyms, { "流程": "步骤", "几步": "步骤" }),
    intent: Object.assign({}, DICT.intent, { procedure: ["步骤"] })
  });
  const P2 = prep(D);
  for (const typed of ["借呗关闭步骤", "关闭借呗的流程", "关借呗要几步"]) {
    const analysis = Q.analyze(typed, P2);
    assert.deepEqual(analysis.first, ["procedures/close-jiebei/"], typed);
    assert.ok(analysis.groups.every((g) => g.context), typed);
  }
  // Without the intent, 步骤 is a word of the question like any other.
  assert.ok(!Q.analyze("借呗关闭步骤", prep(Object.assign({}, D, { intent: DICT.intent }))).groups.every((g) => g.context));
});

test("elsewhere: an unreadable word that ends as credit products' names end is a product the guide does not cover", () => {
  const P2 = prep(Object.assign({}, DICT, { elsewhere: ["花呗"], elsewhere_endings: ["贷", "付"] }));
  const analysis = Q.analyze("闪电贷怎么注销", P2);
  assert.deepEqual(analysis.elsewhere, ["闪电贷"]);
  assert.deepEqual(analysis.first, []);                            // no procedure put first
  assert.deepEqual(Q.describe(analysis).dropped, []);              // said as not covered, not as not found
  assert.deepEqual(Q.describe(analysis).elsewhere, ["闪电贷"]);
  assert.deepEqual(Q.analyze("任性付", P2).elsewhere, ["任性付"]);
  assert.deepEqual(Q.analyze("手续费怎么算", P2).elsewhere, []);   // unreadable, but no such ending
  assert.deepEqual(Q.analyze("网商贷关闭", P2).elsewhere, []);      // the guide's own product
  assert.deepEqual(Q.analyze("网上贷", P2).elsewhere, []);          // read as 网商贷 (a sound-alike)
  assert.deepEqual(Q.analyze("借呗和闪电贷", P2).elsewhere, []);    // names a product the guide covers
  assert.deepEqual(Q.analyze("闪电贷", prep(DICT)).elsewhere, []);  // without endings: only the list
});

test("two different words for closing ask whether one is the other: the second is itself, no request to close", () => {
  // 注销 is written in the guide (是否等同于注销账户): searched as itself after 关了.
  const P2 = prep(Object.assign({}, DICT, { terms: Object.assign({}, DICT.terms, { "注销": 1, "账户": 3 }) }));
  const analysis = Q.analyze("借呗关了账户会被注销吗", P2);
  assert.deepEqual(analysis.groups.map((g) => g.label), ["借呗", "关闭", "账户", "注销"]);
  assert.deepEqual(analysis.first, []);
  // One word for closing, said twice, or a word the guide does not write: still a request to close.
  assert.deepEqual(Q.analyze("关闭借呗关闭", P2).first, ["procedures/close-jiebei/"]);
  assert.deepEqual(Q.analyze("借呗关掉注销", P).first, ["procedures/close-jiebei/"]);   // 注销 no word of the guide here
  assert.deepEqual(Q.analyze("注销借呗", P2).first, ["procedures/close-jiebei/"]);
});

test("前 after a word for closing in the same clause is before closing (之前), not one character", () => {
  const P2 = prep(Object.assign({}, DICT, { synonyms: Object.assign({}, DICT.synonyms, { "之前": "开始前" }),
                                           terms: Object.assign({}, DICT.terms, { "开始前": 2, "前": 1 }) }));
  const labels = (query) => Q.analyze(query, P2).groups.map((g) => g.label);
  assert.deepEqual(labels("关闭借呗前"), ["关闭", "借呗", "开始前"]);
  assert.deepEqual(labels("关网商贷前"), ["关闭", "网商贷", "开始前"]);
  assert.deepEqual(labels("借呗前"), ["借呗", "前"]);                 // no closing before it
  assert.deepEqual(labels("前借呗关闭"), ["前", "借呗", "关闭"]);       // closing comes after
  assert.deepEqual(labels("关闭，前"), ["关闭", "前"]);                // another clause
});

test("a word asked with itself negated is the word asked once, unless the dictionary has it so", () => {
  const P2 = prep(Object.assign({}, DICT, { synonyms: Object.assign({}, DICT.synonyms, { "准不准": "虚构" }),
                                           terms: Object.assign({}, DICT.terms, { "账户": 3, "虚构": 1, "在": 1, "不": 1 }) }));
  const labels = (query) => Q.analyze(query, P2).groups.map((g) => g.label);
  assert.deepEqual(labels("借呗账户还在不在"), ["借呗", "账户", "在"]);      // 在不在 is 在
  assert.deepEqual(labels("借呗能不能关"), ["借呗", "关闭"]);
  assert.deepEqual(labels("内容准不准"), ["虚构"]);                        // a word of the dictionary
  assert.deepEqual(labels("借呗不在"), ["借呗", "不", "在"]);               // no word asked twice
});

test("a page about one product does not answer for the other product it mentions", () => {
  // Tested in the engine; here, the analysis names the products the dictionary knows.
  assert.deepEqual(read("借呗").products, ["借呗", "网商贷"]);
});
