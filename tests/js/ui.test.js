// Unit tests for docs/assets/javascripts/search/ui.js: what a reply says, the result links, the
// words highlighted on arrival, which input events search. Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const UI = require("../../docs/assets/javascripts/search/ui.js");

const SITE = { url: "https://guide.example.com/guide/", name: "借呗与网商贷手动关闭指南", edition: "2026.12.01-abc1234",
               notice: "本指南信息均为虚构，仅作流程示意。" };
const STEP = { location: "procedures/close-jiebei/#close-account", plainTitle: "第 3 步：关闭借呗的借款功能",
               pageTitle: "手动关闭借呗", sentence: "按提示完成身份验证，例如输入短信验证码或进行面部识别。", words: ["面部识别"] };

test("a reply is the sentence under its page and section, the hosted address, the edition and the notice", () => {
  assert.equal(UI.replyText(STEP, SITE), [
    "手动关闭借呗 · 第 3 步：关闭借呗的借款功能",
    "按提示完成身份验证，例如输入短信验证码或进行面部识别。",
    "详见：https://guide.example.com/guide/procedures/close-jiebei/#close-account",
    "借呗与网商贷手动关闭指南（版本 2026.12.01-abc1234）：本指南信息均为虚构，仅作流程示意。"
  ].join("\n"));
});

test("a reply to what the source does not cover says so and where to ask, not the section's name", () => {
  const item = { location: "procedures/close-jiebei/#not-covered", plainTitle: "原文未涉及的情况", pageTitle: "手动关闭借呗",
                 sentence: "借款还没有还清时，能否关闭", ask: "这个问题本指南无法回答。请咨询借呗的官方客服。", words: [] };
  const text = UI.replyText(item, SITE);
  assert.equal(text.split("\n")[0], "借款还没有还清时，能否关闭");
  assert.equal(text.split("\n")[1], "这个问题本指南无法回答。请咨询借呗的官方客服。");
  assert.ok(!text.includes("原文未涉及"), text);
  // No situation answered (the box's first lines): the guide's sentence alone, never the box's name.
  const none = UI.replyText(Object.assign({}, item, { sentence: "" }), SITE).split("\n");
  assert.deepEqual(none.slice(0, 2), ["这个问题本指南无法回答。请咨询借呗的官方客服。",
                                      "详见：https://guide.example.com/guide/procedures/close-jiebei/#not-covered"]);
});

test("a reply says the guide's own words as a customer reads them: 按原文， goes, 原文 is named", () => {
  const site = Object.assign({ forCustomer: [["按原文，", ""], ["原文", "本指南所依据的文章"]] }, SITE);
  const item = { location: "disclaimer/#source", plainTitle: "所依据的原文", pageTitle: "免责声明",
                 sentence: "按原文，账户即被关闭；原文没有说明两者的区别。", words: [] };
  assert.deepEqual(UI.replyText(item, site).split("\n").slice(0, 2),
                   ["免责声明 · 所依据的本指南所依据的文章", "账户即被关闭；本指南所依据的文章没有说明两者的区别。"]);
  // The cut comes after: a long sentence still stops at its length.
  const long = UI.replyText(Object.assign({}, item, { sentence: "原文".repeat(200) }), site);
  assert.equal(Array.from(long.split("\n")[1]).length, 151);
});

test("a page's top replies under the page's name alone; the offline edition sends the hosted address", () => {
  const top = { location: "impact.html", hosted: "impact/", plainTitle: "关闭的影响", pageTitle: "关闭的影响",
                sentence: "手动关闭可能带来正面和负面影响。", words: [] };
  const lines = UI.replyText(top, SITE).split("\n");
  assert.equal(lines[0], "关闭的影响");
  assert.equal(lines[2], "详见：https://guide.example.com/guide/impact/");
  assert.equal(UI.hostedAddress({ location: "impact/" }, SITE), "https://guide.example.com/guide/impact/");
});

test("a reply stays short: a long sentence is cut, never the address or the notice", () => {
  const long = Object.assign({}, STEP, { sentence: "很".repeat(1000) });
  const text = UI.replyText(long, SITE);
  assert.ok(Array.from(text).length <= 320, Array.from(text).length);
  assert.ok(text.includes("…\n详见：https://guide.example.com/guide/procedures/close-jiebei/#close-account"));
  assert.ok(text.endsWith(SITE.notice));
});

test("a result links its location with the words it matched; the page reads them back", () => {
  const href = UI.resultHref("../", STEP);
  assert.equal(href, "../procedures/close-jiebei/?h=%E9%9D%A2%E9%83%A8%E8%AF%86%E5%88%AB#close-account");
  assert.deepEqual(UI.highlightWords("?h=" + href.split("?h=")[1].split("#")[0]), ["面部识别"]);
  assert.equal(UI.resultHref("", { location: "impact/", words: [] }), "impact/");
  assert.deepEqual(UI.highlightWords("?h=%E5%80%9F%E5%91%97+%E5%80%9F%E5%91%97%20%3Cb%3E"), ["借呗"]);  // no markup, no repeats
  assert.deepEqual(UI.highlightWords("?h=%E0%A4%A"), []);                       // a broken link highlights nothing
  assert.equal(UI.highlightWords("?h=" + "a%20".repeat(100)).length, 1);
});

test("every input event searches except one in the middle of an IME composition", () => {
  assert.equal(UI.searchesOn({ type: "input", isComposing: false }, false), true);     // typing, paste, voice, autofill
  assert.equal(UI.searchesOn({ type: "input", isComposing: true }, true), false);      // the IME composing
  assert.equal(UI.searchesOn({ type: "input", isComposing: false }, true), false);     // between its start and end
  assert.equal(UI.searchesOn({ type: "compositionstart" }, false), false);
  assert.equal(UI.searchesOn({ type: "compositionend" }, false), true);                // the IME commits the text
  assert.equal(UI.searchesOn({ type: "keyup" }, false), true);
});

test("the note says what became of the query's words", () => {
  assert.deepEqual(UI.noteLines({ readAs: [["注销", "关闭"]], dropped: ["手续费"], nothing: false, truncated: false }, 100),
                   { lines: ["已将“注销”按“关闭”搜索", "未找到“手续费”，已按其余词搜索"], offer: false });
  assert.deepEqual(UI.noteLines({ readAs: [], dropped: ["qwxzv"], nothing: true, truncated: true }, 100),
                   { lines: ["只按前 100 个字搜索", "未找到“qwxzv”。可以从这些页面开始："], offer: true });
  assert.deepEqual(UI.noteLines({ readAs: [], dropped: [], nothing: false, truncated: false }, 100), { lines: [], offer: false });
});

test("a product the guide does not cover: the list says so first, with the guide's two products", () => {
  assert.equal(UI.elsewhereLine(["花呗"], ["借呗", "网商贷"]),
               "本指南只介绍借呗和网商贷，不涉及“花呗”。关于花呗，请咨询该产品的官方客服。借呗和网商贷的关闭流程：");
  assert.deepEqual(UI.noteLines({ readAs: [], dropped: [], nothing: true, truncated: false, elsewhere: ["花呗"] }, 100),
                   { lines: [], offer: false });     // the scope statement takes the place of the offer
});
