// Unit tests for docs/assets/javascripts/search/engine.js: the result groups, ranking, closing
// intent, marking, the answering sentence. Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const E = require("../../docs/assets/javascripts/search/engine.js");
const Q = require("../../docs/assets/javascripts/search/query.js");

// Documents as the build writes them (guide/search_index.py): clean text; and the index of their
// words, counted here as the build counts them (a field's length is its number of distinct words;
// tests/test_search.py checks the build's counts and the engine's scores against MiniSearch's).
const doc = (location, titleWords, blocks) => ({
  location, title: titleWords.join(""), text: blocks.map((words) => `<p>${words.join("")}</p>`).join(""),
  fields: [titleWords, blocks.flat()]
});
function index(docs) {
  const terms = {}, lengths = [], average = [0, 0, 0];
  docs.forEach((d, n) => {
    // The third field: the words of the questions the section answers, as the build indexes them.
    const fields = d.fields.concat([d.asked ? d.asked.join(" ").split(" ") : []]);
    lengths.push(fields.map((words, f) => {
      const length = new Set(words.length ? words : [""]).size;
      average[f] = (average[f] * n + length) / (n + 1);
      words.forEach((word) => {
        const found = terms[word.toLowerCase()] || (terms[word.toLowerCase()] = {});
        (found[n] || (found[n] = [n, 0, 0, 0]))[1 + f] += 1;
      });
      return length;
    }));
  });
  const words = { terms: {}, lengths, average };
  for (const term of Object.keys(terms)) words.terms[term] = Object.values(terms[term]);
  return E.createIndex({ docs: docs.map(({ location, title, text, ask, hosted, asked, situations }) =>
    Object.assign({ location, title, text }, ask ? { ask } : {}, hosted ? { hosted } : {}, asked ? { asked } : {},
                  situations ? { situations } : {})), words });
}
const DOCS = [
  doc("products/jiebei/", ["借呗"], [["借呗", "是", "消费", "信贷", "产品"]]),
  doc("products/jiebei/#audience", ["借呗", "面向", "谁"], [["个人", "用户"]]),
  doc("procedures/close-jiebei/", ["手动", "关闭", "借呗"], [["按", "四步", "关闭"]]),
  doc("procedures/close-jiebei/#close-account", ["关闭", "借款", "功能"],
      [["完成", "身份验证"], ["例如", "短信验证码"], ["借呗", "关闭"]]),
  doc("impact/", ["关闭", "的", "影响"], [["信用评分", "可能", "波动"]]),
  doc("glossary/", ["术语表"], [["征信"]])
];
const engine = index(DOCS);
// An analysis as query.js gives it: with the weight of a word that only contains the query's.
const search = (engine, analysis) => E.search(engine, Object.assign({ contains: Q.WEIGHT.contains }, analysis));
const group = (label, terms) => ({ typed: label, label, rule: "exact", terms });
const pages = (result) => result.groups.map((g) => g.page);
const find = (result, page) => result.groups.find((g) => g.page === page);

test("results come one group per page: its page, its name, its items, how many are shown", () => {
  const result = search(engine, { groups: [group("借呗", { "借呗": 1 })], first: [] });
  assert.ok(result.groups.length >= 2);
  for (const g of result.groups) {
    assert.deepEqual(Object.keys(g).sort(), ["items", "page", "shown", "title"]);
    assert.ok(g.shown >= 1 && g.shown <= g.items.length);
    for (const item of g.items) {
      assert.equal(item.location.split("#")[0], g.page);
      assert.equal(item.pageTitle, g.title);
      for (const key of ["title", "plainTitle", "snippet", "sentence", "words", "missing"]) assert.ok(key in item, key);
    }
    // Every group holds its page's own document (a card can open the page's top).
    assert.ok(g.items.some((item) => item.location === g.page), g.page);
  }
});

test("no groups, no results", () => {
  assert.deepEqual(search(engine, { groups: [], first: [] }), { groups: [] });
});

test("a page that has every word ranks above one that has some", () => {
  const result = search(engine, { groups: [group("关闭", { "关闭": 1 }), group("借呗", { "借呗": 1 })], first: [] });
  assert.equal(pages(result)[0], "procedures/close-jiebei/");
});

test("a word the result lacks is missing only when it has two characters or more and no title names it", () => {
  const result = search(engine, { groups: [group("关闭", { "关闭": 1 }), group("征信", { "征信": 1 })], first: [] });
  assert.deepEqual(find(result, "impact/").items[0].missing, ["征信"]);
  assert.deepEqual(find(result, "glossary/").items[0].missing, ["关闭"]);
  // One character (后, 谁), or a word of the result's own title, never shows as missing.
  const single = search(engine, { groups: [group("借呗", { "借呗": 1 }), group("谁", { "谁": 1 })], first: [] });
  assert.ok(single.groups.every((g) => g.items.every((item) => !item.missing.includes("谁"))));
  assert.deepEqual(E.missing([group("借呗", {})], { groups: [0] }, ["借呗面向谁", "借呗"]), []);
  assert.deepEqual(E.missing([group("征信", {})], { groups: [0] }, ["借呗面向谁", "借呗"]), ["征信"]);
});

test("closing intent puts the procedure page first, even above a better-scoring page", () => {
  const query = { groups: [group("借呗", { "借呗": 1 })], first: ["procedures/close-jiebei/"] };
  assert.equal(pages(search(engine, query))[0], "procedures/close-jiebei/");
  assert.notEqual(pages(search(engine, { groups: query.groups, first: [] }))[0], "procedures/close-jiebei/");
});

test("closing intent yields when another page covers far more of the question than the procedure", () => {
  // 关闭借呗能降低负债吗: 降低 and 负债 are the impact page's words, not the procedure's.
  const docs = [
    doc("procedures/close-jiebei/", ["手动", "关闭", "借呗"], [["按", "四步", "关闭", "借呗"]]),
    doc("procedures/close-jiebei/#close-account", ["关闭", "借款", "功能"], [["短信验证码", "完成"]]),
    doc("impact/", ["关闭", "的", "影响"], [["正面", "负面"]]),
    doc("impact/#positive", ["正面", "影响"], [["关闭", "借呗", "降低", "风险", "负债", "规模"]]),
    doc("glossary/", ["术语表"], [["术语"]]), doc("risk/", ["风险"], [["规划"]])
  ];
  const small = index(docs);
  const context = (label) => Object.assign(group(label, { [label]: 1 }), { context: true });
  const more = { groups: [context("关闭"), context("借呗"), group("降低", { "降低": 1 }), group("负债", { "负债": 1 })],
                 first: ["procedures/close-jiebei/"] };
  assert.equal(search(small, more).groups[0].items[0].location, "impact/#positive");
  // A word the procedure has keeps it first, as does a request to close and nothing more.
  const verify = { groups: [context("关闭"), context("借呗"), group("短信验证码", { "短信验证码": 1 })],
                   first: ["procedures/close-jiebei/"] };
  assert.equal(pages(search(small, verify))[0], "procedures/close-jiebei/");
  const only = { groups: [context("关闭"), context("借呗")], first: ["procedures/close-jiebei/"] };
  assert.equal(pages(search(small, only))[0], "procedures/close-jiebei/");
});

test("closing intent yields only to a page that has the word the procedure lacks", () => {
  // 关闭网商贷的详细步骤: 详细 is in no page; a product page's pointer (如何关闭: 按…的步骤操作)
  // covers more of the other words (步骤) but not 详细, so the procedure stays first.
  const docs = [
    doc("procedures/close-wangshangdai/", ["手动", "关闭", "网商贷"], [["按", "四步", "关闭"]]),
    doc("products/wangshangdai/", ["网商贷"], [["网商贷", "是", "经营性", "贷款"]]),
    doc("products/wangshangdai/#how-to-close", ["如何", "关闭"], [["按", "手动", "关闭", "网商贷", "的", "步骤", "流程", "操作"]]),
    doc("impact/", ["影响"], [["详细"]])
  ];
  const context = (label) => Object.assign(group(label, { [label]: 1 }), { context: true });
  const asked = { groups: [context("关闭"), context("网商贷"), group("详细", { "详细": 1 }), context("步骤"), context("流程")],
                  first: ["procedures/close-wangshangdai/"] };
  assert.equal(search(index(docs), asked).groups[0].page, "procedures/close-wangshangdai/");
  // Where the pointer has the word the procedure lacks, it may lead, as any page may.
  docs[2] = doc("products/wangshangdai/#how-to-close", ["如何", "关闭"],
                [["按", "手动", "关闭", "网商贷", "的", "详细", "步骤", "流程", "操作"]]);
  assert.equal(search(index(docs), asked).groups[0].page, "products/wangshangdai/");
});

test("a page about one product only mentions the other: the other's name there is no match", () => {
  // 借呗面向个人吗: 网商贷's page says 类似企业版的借呗; 借呗's own page answers.
  const docs = [
    doc("products/jiebei/", ["借呗"], [["借呗", "是", "消费", "信贷", "产品"]]),
    doc("products/jiebei/#overview", ["基本", "情况"], [["面向", "个人", "用户"]]),
    doc("products/wangshangdai/", ["网商贷"], [["网商贷", "经营性", "贷款"]]),
    doc("products/wangshangdai/#overview", ["基本", "情况"], [["类似", "企业版", "的", "借呗"], ["面向", "个人", "经营者"]])
  ];
  const asked = (products) => Object.assign({ groups: [Object.assign(group("借呗", { "借呗": 1 }), { product: true, context: true }),
                                                       group("面向", { "面向": 1 }), group("个人", { "个人": 1 })], first: [] },
                                            products ? { products } : {});
  assert.equal(search(index(docs), asked(["借呗", "网商贷"])).groups[0].items[0].location, "products/jiebei/#overview");
  // Without the products' names, the mention counts as any word does.
  assert.equal(search(index(docs), asked(null)).groups[0].items[0].location, "products/wangshangdai/#overview");
});

test("a page that sets the products side by side yields to one product's page for a question about it", () => {
  const docs = [
    doc("products/", ["借呗", "与", "网商贷", "对比"], [["借呗", "面向", "个人", "用户"], ["网商贷", "面向", "小微", "企业"]]),
    doc("products/jiebei/", ["借呗"], [["消费", "信贷"]]),
    doc("products/jiebei/#overview", ["基本", "情况"], [["借呗", "面向", "个人", "用户"]]),
    doc("products/wangshangdai/", ["网商贷"], [["经营性", "贷款"]]),
    doc("products/wangshangdai/#overview", ["基本", "情况"], [["网商贷", "面向", "小微", "企业"]]),
    doc("impact/", ["影响"], [["征信"]]), doc("risk/", ["风险"], [["规划"]])
  ];
  const small = index(docs);
  const product = (label) => Object.assign(group(label, { [label]: 1 }), { product: true, context: true });
  const one = { groups: [product("借呗"), group("面向", { "面向": 1 })], first: [], compare: ["products/"] };
  assert.equal(search(small, one).groups[0].items[0].location, "products/jiebei/#overview");
  // Not named as comparing: the page with more of the words leads, as before.
  assert.equal(search(small, Object.assign({}, one, { compare: [] })).groups[0].items[0].location, "products/");
  // A question about both products: the comparison answers it.
  const both = { groups: [product("借呗"), product("网商贷"), group("面向", { "面向": 1 })], first: [], compare: ["products/"] };
  assert.equal(search(small, both).groups[0].items[0].location, "products/");
});

test("a word's weight orders the words it stands for", () => {
  const strong = search(engine, { groups: [group("x", { "征信": 1, "信用评分": 0.2 })], first: [] });
  const weak = search(engine, { groups: [group("x", { "征信": 0.2, "信用评分": 1 })], first: [] });
  assert.equal(pages(strong)[0], "glossary/");
  assert.equal(pages(weak)[0], "impact/");
});

test("matches are marked in title and text, never inside a tag", () => {
  assert.equal(E.mark('<p class="借呗">借呗</p>', ["借呗"]), '<p class="借呗"><mark>借呗</mark></p>');
  assert.equal(E.mark("<p>a<b</p>", ["<b"]), "<p>a<b</p>");  // markup-like words are not marked
});

test("a result's sentence holds the most matched words, not the first lines, and is kept whole as text", () => {
  const html = "<p>一句话。</p><p>第一句有<mark>借呗</mark>。第二句有<mark>借呗</mark>和<mark>关闭</mark>。</p><li>另一条</li>";
  assert.deepEqual(E.teaser(html), { html: "<p>第二句有<mark>借呗</mark>和<mark>关闭</mark>。</p>", text: "第二句有借呗和关闭。" });
  assert.deepEqual(E.teaser("<p>一。二。</p>"), { html: "<p>一。</p>", text: "一。" });   // nothing marked: the first
  const item = "<ul><li>甲</li><li>借款还没有<mark>还清</mark>时，能否关闭</li></ul>";
  assert.equal(E.teaser(item).html, "<p>借款还没有<mark>还清</mark>时，能否关闭</p>");
  assert.equal(E.teaser("<p>A &amp; B &lt;c&gt;</p>").text, "A & B <c>");
});

test("a long sentence is cut around its first match, marks kept whole, and never starts with punctuation", () => {
  const long = "<p>" + "前".repeat(200) + "<mark>借呗</mark>" + "后".repeat(200) + "</p>";
  const shown = E.teaser(long).html;
  assert.ok(shown.startsWith("<p>…") && shown.endsWith("…</p>"), shown);
  assert.ok(shown.includes("<mark>借呗</mark>"));
  assert.ok(Array.from(shown.replace(/<[^>]+>/g, "")).length <= E.MAX_SNIPPET + 2);
  assert.equal(E.teaser(long).text.length, 402);     // the reply's sentence is not cut
  const comma = "<p>" + "前".repeat(79) + "，" + "又".repeat(19) + "<mark>借呗</mark>" + "后".repeat(200) + "</p>";
  assert.ok(/^<p>…又/.test(E.teaser(comma).html), E.teaser(comma).html);
  assert.ok(E.clip("前".repeat(60) + "，<mark>借呗</mark>" + "后".repeat(100)).startsWith("…"));
  assert.ok(!/^…[，。]/.test(E.clip("前".repeat(60) + "，<mark>借呗</mark>" + "后".repeat(100))));
});

test("a section that covers more of the question leads its page: the group's first item", () => {
  const groups = [group("借呗", { "借呗": 1 }), group("身份验证", { "身份验证": 1 }), group("关闭", { "关闭": 1 })];
  const [first] = search(engine, { groups, first: [] }).groups;
  assert.equal(first.items[0].location, "procedures/close-jiebei/#close-account");
  assert.equal(first.items[0].pageTitle, "手动关闭借呗");
  assert.equal(first.items[0].sentence, "借呗关闭");   // the sentence with the most of the words
  assert.ok(first.items.slice(first.shown).some((item) => item.location === "procedures/close-jiebei/"));
});

test("a word read as another is never listed as missing", () => {
  const read = { typed: "注销", label: "关闭", rule: "synonym", terms: { "关闭": 1 } };
  const own = group("征信", { "征信": 1 });
  const result = search(engine, { groups: [read, own], first: [] });
  for (const g of result.groups) for (const item of g.items) assert.ok(!item.missing.includes("关闭"), item.location);
});

test("the list is capped: pages and sections per page", () => {
  const many = [];
  for (let i = 0; i < 60; i++) many.push(doc(`p${i}/`, ["借呗"], [["借呗"]]));
  const big = index(many);
  assert.equal(search(big, { groups: [group("借呗", { "借呗": 1 })], first: [] }).groups.length, E.MAX_GROUPS);
});

test("a page whose sections matched, but not itself, comes last in its group with their words", () => {
  const result = search(engine, { groups: [group("身份验证", { "身份验证": 1 })], first: [] });
  const g = find(result, "procedures/close-jiebei/");
  const head = g.items[g.items.length - 1];
  assert.equal(head.location, "procedures/close-jiebei/");
  assert.deepEqual(head.words, ["身份验证"]);
  assert.equal(g.shown, 1);
});

test("a section the source does not cover carries the guide's sentence; the offline edition its hosted location", () => {
  const docs = [Object.assign(doc("p.html#not-covered", ["未涉及"], [["借呗", "欠款"]]), { ask: "请咨询客服。", hosted: "p/#not-covered" })];
  const [g] = search(index(docs), { groups: [group("借呗", { "借呗": 1 })], first: [] }).groups || [];
  assert.equal(g, undefined);    // no page document: a section alone is never listed
  docs.push(doc("p.html", ["页"], [["页"]]));
  const [found] = search(index(docs), { groups: [group("借呗", { "借呗": 1 })], first: [] }).groups;
  assert.equal(found.items[0].ask, "请咨询客服。");
  assert.equal(found.items[0].hosted, "p/#not-covered");
});

test("a section the source does not cover answers with the situation's short form, or with none", () => {
  const box = Object.assign(doc("p/#not-covered", ["未涉及"], [["以下", "情况", "原文", "没有", "涉及"], ["还清", "借呗"], ["注销", "借呗"]]), {
    text: "<p>以下情况原文没有涉及。</p><ul><li>借款还没有 还清时，能否关闭借呗。</li><li>是否等同于注销借呗账户：原文没有说明。</li></ul>",
    ask: "请咨询客服。",
    situations: [["借款还没有还清时，能否关闭借呗。", "借款还没有还清时，能否关闭"], ["是否等同于注销借呗账户：原文没有说明。", "是否等同于注销账户"]] });
  const docs = [box, doc("p/", ["页"], [["页"]])];
  const lead = (words) => search(index(docs), { groups: words.map((w) => group(w, { [w]: 1 })), first: [] }).groups[0].items[0];
  assert.equal(lead(["注销"]).sentence, "是否等同于注销账户");
  assert.equal(lead(["还清"]).sentence, "借款还没有还清时，能否关闭");   // the page's spaces do not count
  assert.equal(lead(["涉及"]).sentence, "");                           // the box's first line is no situation
  assert.equal(lead(["涉及"]).ask, "请咨询客服。");
});

test("a request to close and nothing more leads with the procedure page's top, not a section", () => {
  // 借呗能关不: 关 is 关闭, found whole only in a section that happens to say 关 (关借呗之前).
  const small = index([
    doc("procedures/close-jiebei/", ["手动", "关闭", "借呗"], [["按", "四步", "关闭", "借呗"]]),
    doc("procedures/close-jiebei/#before-you-start", ["开始", "前"], [["关", "借呗", "之前"]]),
    doc("procedures/close-jiebei/#close-account", ["关闭", "借款", "功能"], [["身份验证", "完成"]])
  ]);
  const groups = [Object.assign(group("借呗", { "借呗": 1 }), { context: true }),
                  Object.assign(group("关闭", { "关": 1, "关闭": 0.4 }), { context: true })];
  const closing = { groups, first: ["procedures/close-jiebei/"] };
  assert.equal(search(small, closing).groups[0].items[0].location, "procedures/close-jiebei/");
  // Not a closing request (no procedure put first): the section that has the words whole leads.
  assert.equal(search(small, { groups, first: [] }).groups[0].items[0].location,
               "procedures/close-jiebei/#before-you-start");
  // With a word of its own, the section that has it leads.
  const more = { groups: groups.concat([group("身份验证", { "身份验证": 1 })]), first: closing.first };
  assert.equal(search(small, more).groups[0].items[0].location, "procedures/close-jiebei/#close-account");
});

test("a key term of the guide outweighs a rarer generic word", () => {
  const docs = [
    doc("risk/#other-financing", ["其他", "融资", "方式"], [["方式", "供应链金融"]]),
    doc("glossary/#identity-verification", ["身份验证"], [["身份验证", "短信验证码", "面部识别"]]),
    doc("procedures/close-jiebei/#close-account", ["关闭", "借款", "功能"], [["身份验证", "完成"]]),
    doc("procedures/close-wangshangdai/#close-account", ["关闭", "借款", "功能"], [["完成"]]),
    doc("risk/", ["风险"], [["规划"]]), doc("glossary/", ["术语表"], [["术语"]]),
    doc("procedures/close-jiebei/", ["关闭", "借呗"], [["四步"]]),
    doc("procedures/close-wangshangdai/", ["关闭", "网商贷"], [["四步"]])
  ];
  const small = index(docs);
  const asked = (key) => ({ groups: [Object.assign(group("身份验证", { "身份验证": 1 }), key ? { key: true } : {}),
                                     group("方式", { "方式": 1 })], first: [] });
  assert.equal(pages(search(small, asked(false)))[0], "risk/");
  assert.equal(pages(search(small, asked(true)))[0], "glossary/");
  // A generic word (data/synonyms.yml `generic`) says as little as one character: the key word
  // leads even when it weighs no more than any other word.
  const generic = { groups: [group("身份验证", { "身份验证": 1 }), Object.assign(group("方式", { "方式": 1 }), { generic: true })],
                    first: [] };
  assert.equal(pages(search(small, generic))[0], "glossary/");
});

test("a query worded like a question a section answers leads with that section", () => {
  // 关完了还要注意什么: two sections have its words; the one that lists 关完以后要注意什么 among
  // its questions answers it, above the one whose heading and text have the words more often.
  const docs = [
    doc("procedures/close-jiebei/", ["关闭", "借呗"], [["四步"]]),
    doc("procedures/close-jiebei/#done", ["完成", "注意"], [["关闭", "完", "关闭", "完", "注意"]]),
    Object.assign(doc("procedures/close-jiebei/#after-closing", ["之后"], [["关闭", "完", "留意", "额度"]]),
                  { asked: ["关闭 完 今后 注意"] }),
    doc("impact/", ["影响"], [["征信"]]), doc("risk/", ["风险"], [["规划"]])
  ];
  const small = index(docs);
  const asked = { groups: [group("关闭", { "关闭": 1 }), group("完", { "完": 1 }), group("注意", { "注意": 1 })], first: [] };
  assert.equal(search(small, asked).groups[0].items[0].location, "procedures/close-jiebei/#after-closing");
  // Without its questions, the section that has the words more often leads.
  const bare = index(docs.map(({ asked: _, ...rest }) => rest));
  assert.equal(search(bare, asked).groups[0].items[0].location, "procedures/close-jiebei/#done");
});

test("how alike a query and a question are: by weight, both ways, two words at least", () => {
  const docs = [
    Object.assign(doc("a/", ["甲"], [["借呗", "网商贷", "对比"]]), { asked: ["借呗 网商贷 共同点", "借呗 关闭"] }),
    doc("b/", ["乙"], [["借呗", "网商贷"]]), doc("c/", ["丙"], [["借呗", "网商贷"]]), doc("d/", ["丁"], [["网商贷", "共同点"]])
  ];
  const small = index(docs);
  const a = small.docs["a/"];
  // The same words: 1; none: 0.
  assert.equal(E.similarity(small, ["借呗", "网商贷", "共同点"], a), 1);
  assert.equal(E.similarity(small, ["征信", "影响"], a), 0);
  // One word in common is no question's likeness, however much it weighs.
  assert.equal(E.similarity(small, ["共同点", "影响"], a), 0);
  // Sharing the common words (the products) and not the rare one that asks (共同点 vs 对比)
  // weighs less than sharing the rare one.
  const products = E.similarity(small, ["借呗", "网商贷", "对比"], a);
  const point = E.similarity(small, ["借呗", "共同点", "对比"], a);
  assert.ok(products > 0 && products < point, `${products} < ${point}`);
  // A short question inside a long query is not alike: the query's other words count.
  assert.ok(E.similarity(small, ["借呗", "关闭", "共同点", "对比", "影响"], a) < E.similarity(small, ["借呗", "关闭"], a));
  // No questions, or no words: 0.
  assert.equal(E.similarity(small, ["借呗", "网商贷"], small.docs["b/"]), 0);
  assert.equal(E.similarity(small, [], a), 0);
});

test("a request to close and nothing more is not answered by a question alike", () => {
  // wsd注销: the product page lists 网商贷怎么关 among its questions; the procedure still leads.
  const docs = [
    doc("procedures/close-wangshangdai/", ["关闭", "网商贷"], [["四步", "关闭", "网商贷"]]),
    doc("products/wangshangdai/", ["网商贷"], [["企业", "贷款"]]),
    Object.assign(doc("products/wangshangdai/#how-to-close", ["如何", "关闭"], [["网商贷", "关闭", "见", "流程", "关闭"]]),
                  { asked: ["网商贷 关闭"] }),
    doc("impact/", ["影响"], [["征信"]])
  ];
  const small = index(docs);
  const groups = [Object.assign(group("网商贷", { "网商贷": 1 }), { context: true }),
                  Object.assign(group("关闭", { "关闭": 1 }), { context: true })];
  assert.equal(pages(search(small, { groups, first: [] }))[0], "procedures/close-wangshangdai/");
});
