// Unit tests for docs/assets/javascripts/search/miss.js: what a search miss report may hold.
// Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const M = require("../../docs/assets/javascripts/search/miss.js");

test("scrub: every digit goes, full-width and Arabic-Indic too", () => {
  assert.equal(M.scrub("借呗13812345678手续费"), "借呗 手续费");
  assert.equal(M.scrub("网商贷１２３额度"), "网商贷 额度");
  assert.equal(M.scrub("٣٤٥借呗"), "借呗");
  assert.equal(M.scrub("2026"), "");
});

test("scrub: a run that looks like an e-mail address goes", () => {
  assert.equal(M.scrub("借呗 zhang.san@example.com 关闭"), "借呗 关闭");
  assert.equal(M.scrub("联系a@b.cn"), "联系");
});

test("scrub: at most twenty characters, spaces squeezed", () => {
  assert.equal(Array.from(M.scrub("借".repeat(50))).length, M.MAX_CHARS);
  assert.equal(M.scrub("  借呗   关闭 "), "借呗 关闭");
});

test("report: a word left out, or nothing listed, is reported; all found is not", () => {
  assert.deepEqual(M.report("借呗手续费", { dropped: ["手续费"], nothing: false }, 5), { q: "借呗手续费", missing: "手续费", none: "" });
  assert.deepEqual(M.report("qwxzv", { dropped: ["qwxzv"], nothing: true }, 0), { q: "qwxzv", missing: "qwxzv", none: "1" });
  assert.equal(M.report("关闭借呗", { dropped: [], nothing: false }, 3), null);
  assert.equal(M.report("13812345678", { dropped: ["13812345678"], nothing: true }, 0), null);   // nothing left to send
});

test("address: the site's own search-miss, with the query and the words", () => {
  const url = new URL(M.address("https://guide.example.com/guide/", { q: "借呗 手续费", missing: "手续费", none: "" }));
  assert.equal(url.origin + url.pathname, "https://guide.example.com/guide/search-miss");
  assert.equal(url.searchParams.get("q"), "借呗 手续费");
  assert.equal(url.searchParams.get("missing"), "手续费");
  assert.equal(url.searchParams.has("none"), false);
});
