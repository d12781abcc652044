// Unit tests for docs/assets/javascripts/search/engine.js: the theme's result format, ranking,
// closing intent, marking. Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const MiniSearch = require("../../docs/assets/javascripts/vendor/minisearch/minisearch.min.js");
const E = require("../../docs/assets/javascripts/search/engine.js");

const Z = "\u200b";
const words = (...list) => list.join(Z);
const DOCS = [
  { location: "products/jiebei/", title: "借呗", text: `<p>${words("借呗", "是", "消费", "信贷", "产品")}</p>` },
  { location: "products/jiebei/#audience", title: words("借呗", "面向", "谁"), text: `<p>${words("个人", "用户")}</p>` },
  { location: "procedures/close-jiebei/", title: words("手动", "关闭", "借呗"), text: `<p>${words("按", "四步", "关闭")}</p>` },
  { location: "procedures/close-jiebei/#close-account", title: words("关闭", "借款", "功能"),
    text: `<p>${words("完成", "身份验证")}</p><p>${words("例如", "短信验证码")}</p><p>${words("借呗", "关闭")}</p>` },
  { location: "impact/", title: words("关闭", "的", "影响"), text: `<p>${words("信用评分", "可能", "波动")}</p>` },
  { location: "glossary/", title: "术语表", text: `<p>${words("征信")}</p>` }
];
const engine = E.createIndex(MiniSearch, DOCS, "[\\s\\u200b]+");
const group = (label, terms) => ({ typed: label, label, rule: "exact", terms });
const pages = (result) => result.items.map((items) => items[0].location.split("#")[0]);

test("results come in the theme's shape: one list per page, each item a document", () => {
  const result = E.search(engine, { groups: [group("借呗", { "借呗": 1 })], first: [] });
  assert.ok(Array.isArray(result.items) && result.items.length >= 2);
  for (const items of result.items) {
    for (const item of items) {
      assert.deepEqual(Object.keys(item).sort(), ["location", "score", "terms", "text", "title"]);
    }
    // Every list holds its page's own document (the theme shows it as the list's head).
    const page = items[0].location.split("#")[0];
    assert.ok(items.some((item) => item.location === page), page);
  }
});

test("no groups, no results", () => {
  assert.deepEqual(E.search(engine, { groups: [], first: [] }), { items: [] });
});

test("a page that has every word ranks above one that has some", () => {
  const result = E.search(engine, { groups: [group("关闭", { "关闭": 1 }), group("借呗", { "借呗": 1 })], first: [] });
  assert.equal(pages(result)[0], "procedures/close-jiebei/");
});

test("terms tell, per document, which query words it has (the theme lists the others as missing)", () => {
  const result = E.search(engine, { groups: [group("关闭", { "关闭": 1 }), group("征信", { "征信": 1 })], first: [] });
  const impact = result.items.find((items) => items[0].location === "impact/")[0];
  assert.deepEqual(impact.terms, { "关闭": true, "征信": false });
});

test("closing intent puts the procedure page first, even above a better-scoring page", () => {
  const query = { groups: [group("借呗", { "借呗": 1 })], first: ["procedures/close-jiebei/"] };
  assert.equal(pages(E.search(engine, query))[0], "procedures/close-jiebei/");
  assert.notEqual(pages(E.search(engine, { groups: query.groups, first: [] }))[0], "procedures/close-jiebei/");
});

test("a word's weight orders the words it stands for", () => {
  const strong = E.search(engine, { groups: [group("x", { "征信": 1, "信用评分": 0.2 })], first: [] });
  const weak = E.search(engine, { groups: [group("x", { "征信": 0.2, "信用评分": 1 })], first: [] });
  assert.equal(pages(strong)[0], "glossary/");
  assert.equal(pages(weak)[0], "impact/");
});

test("matches are marked in title and text, never inside a tag", () => {
  assert.equal(E.mark('<p class="借呗">借呗</p>', ["借呗"]), '<p class="借呗"><mark>借呗</mark></p>');
  assert.equal(E.mark("<p>a<b</p>", ["<b"]), "<p>a<b</p>");  // markup-like words are not marked
});

test("a result's text is the sentence that holds the most matched words, not the first lines", () => {
  const html = "<p>一句话。</p><p>第一句有<mark>借呗</mark>。第二句有<mark>借呗</mark>和<mark>关闭</mark>。</p><li>另一条</li>";
  assert.equal(E.teaser(html), "<p>第二句有<mark>借呗</mark>和<mark>关闭</mark>。</p>");
  assert.equal(E.teaser("<p>一</p>"), "<p>一</p>");      // nothing marked: the text as it is
  const item = "<ul><li>甲</li><li>借款还没有<mark>还清</mark>时，能否关闭</li></ul>";
  assert.equal(E.teaser(item), "<p>借款还没有<mark>还清</mark>时，能否关闭</p>");
});

test("a long sentence is cut around its first match, marks kept whole", () => {
  const long = "<p>" + "前".repeat(200) + "<mark>借呗</mark>" + "后".repeat(200) + "</p>";
  const shown = E.teaser(long);
  assert.ok(shown.startsWith("<p>…") && shown.endsWith("…</p>"), shown);
  assert.ok(shown.includes("<mark>借呗</mark>"));
  assert.ok(Array.from(shown.replace(/<[^>]+>/g, "")).length <= E.MAX_SNIPPET + 2);
});

test("a section that covers more of the question leads its page, named by the page", () => {
  const groups = [group("借呗", { "借呗": 1 }), group("身份验证", { "身份验证": 1 }), group("关闭", { "关闭": 1 })];
  const result = E.search(engine, { groups, first: [] });
  const [first] = result.items;
  assert.equal(first[0].location, "procedures/close-jiebei/#close-account");
  // The theme heads the group with the page: it is in the group.
  assert.ok(first.some((item) => item.location === "procedures/close-jiebei/"));
});

test("a word read as another, or typed as nothing the result has, is not listed as missing", () => {
  const read = { typed: "注销", label: "关闭", rule: "synonym", terms: { "关闭": 1 } };
  const own = group("征信", { "征信": 1 });
  const result = E.search(engine, { groups: [read, own], first: [] });
  for (const items of result.items) {
    for (const item of items) {
      assert.ok(!("关闭" in item.terms) || item.terms["关闭"] === true, item.location);
    }
  }
});

test("the list is capped: pages and sections per page", () => {
  const many = [];
  for (let i = 0; i < 60; i++) many.push({ location: `p${i}/`, title: "借呗", text: "<p>借呗</p>" });
  const big = E.createIndex(MiniSearch, many, "[\\s\\u200b]+");
  assert.equal(E.search(big, { groups: [group("借呗", { "借呗": 1 })], first: [] }).items.length, E.MAX_GROUPS);
});

test("a page whose sections matched, but not itself, heads their list with their words", () => {
  const result = E.search(engine, { groups: [group("身份验证", { "身份验证": 1 })], first: [] });
  const items = result.items.find((list) => list.some((i) => i.location === "procedures/close-jiebei/"));
  const head = items.find((i) => i.location === "procedures/close-jiebei/");
  assert.equal(head.score, 0);
  assert.deepEqual(head.terms, { "身份验证": true });
});
