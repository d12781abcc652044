// Unit tests for docs/assets/javascripts/search/miss.js: what a search miss report may hold.
// Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const M = require("../../docs/assets/javascripts/search/miss.js");

// The cases both this script and guide/tools/search_report.py (which reads the log as untrusted
// text) must pass: tests/scrub-cases.json.
const CASES = JSON.parse(require("fs").readFileSync(require("path").join(__dirname, "..", "scrub-cases.json"), "utf8"));

test("scrub: every shared case (numbers of every kind, e-mail addresses, control characters)", () => {
  assert.ok(CASES.length >= 15);
  for (const c of CASES) assert.equal(M.scrub(c.in), c.out, c.why);
});

test("scrub: at most twenty characters, spaces squeezed", () => {
  assert.equal(Array.from(M.scrub("借".repeat(50))).length, M.MAX_CHARS);
});

test("report: the pieces of an e-mail address or a number are never sent as words left out", () => {
  assert.equal(M.report("借呗 zhang.san@example.com", { dropped: ["zhang", "san", "example", "com"], nothing: false }, 3), null);
  assert.deepEqual(M.report("借呗 zhang.san@example.com 手续费", { dropped: ["zhang", "san", "手续费"], nothing: false }, 3),
    { q: "借呗 手续费", missing: "手续费", none: "" });
  assert.deepEqual(M.report("一三八一二三四借呗", { dropped: ["一三八一二三四"], nothing: true }, 0),
    { q: "借呗", missing: "", none: "1" });
});

test("report: a word the search read in another form is still sent", () => {
  assert.deepEqual(M.report("借呗toString", { dropped: ["tostring"], nothing: false }, 3), { q: "借呗toString", missing: "tostring", none: "" });
  assert.deepEqual(M.report("借唄手續費", { dropped: ["手续费"], nothing: false }, 3), { q: "借唄手續費", missing: "手续费", none: "" });
});

test("report: a word repeated is sent once", () => {
  assert.deepEqual(M.report("手续费手续费手续费", { dropped: ["手续费", "手续费", "手续费"], nothing: false }, 3),
    { q: "手续费手续费手续费", missing: "手续费", none: "" });
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
