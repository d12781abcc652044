"""The guide's search: the dictionary made at build time (units), what the build ships, and the
search box in the browser on the committed query set (tests/search-queries.yml).

The offline edition runs the same query set from file:// in tests/test_offline.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from guide.chars import HAN
from conftest import ROOT, read_script_data

from guide.tools.search_quality import (answer_in_node, judge, load_queries, load_questions, run_set, score,
                            score_questions, shown_answers, site_path, type_query)

from guide.data import GuideDataError
from guide.search_index import postings
from guide.search_dictionary import (build_dictionary, check_guide_words, common_characters, ordinary_words,
                                     load_synonyms, opencc_traditional_lines, pinyin_table,
                                     pypinyin_readings, traditional_pairs, vocabulary)

QUERIES = load_queries()
QUESTIONS = load_questions(part="tuning")
HELD_OUT = load_questions(part="held_out")
# At least: top 5 for this share of the set; the closing-intent queries always first.
TOP5_TARGET = 0.95
# The question set: the answering section first for this share at least, and shown without
# opening a fold for this share (the tuning part: the questions the rules were fitted to).
FIRST_TARGET = 0.9
SHOWN_TARGET = 0.97
# Questions typed in the browser (hosted, offline, through nginx): one of each kind.
SAMPLE = [next(q for q in QUESTIONS if q["kind"] == kind) for kind in dict.fromkeys(q["kind"] for q in QUESTIONS)]


# --- the synonyms file ---------------------------------------------------------------------

def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "synonyms.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_synonyms_file_loads():
    synonyms = load_synonyms(ROOT / "data/synonyms.yml")
    assert synonyms.close_word() == "关闭"
    groups = {group.guide: group.words for group in synonyms.groups}
    assert "注销" in groups["关闭"] and "刷脸" in groups["面部识别"] and "验证码" in groups["短信验证码"]


@pytest.mark.parametrize("text, message", [
    ("groups: [\n", "malformed YAML"),
    ("groups:\n  - guide: 关闭\n    wrods: [注销]\n", r"groups\[0\] \(关闭\): unknown key 'wrods'"),
    ("groups:\n  - guide: 关闭\n    words: [注销]\nsynonyms: []\n", "unknown key 'synonyms'"),
    ("groups:\n  - guide: 关闭\n    words: []\n", r"groups\[0\] \(关闭\): 'words' must be a non-empty list"),
    ("groups:\n  - guide: 关闭\n    words: [注销]\n  - guide: 停用\n    words: [注销]\n",
     r"groups\[1\] \(停用\): '注销' is already in groups\[0\]"),
    ("groups:\n  - guide: 关闭\n    words: [注销]\n    intent: open\n", "unknown intent 'open'"),
    ("groups:\n  - guide: 关闭\n    words: [' 注销']\n", "must be a word"),
    ("groups:\n  - guide: 关闭\n    words: [注销]\nignore: [注销]\n", r"ignore: '注销' is also in groups\[0\]"),
    ("groups: {}\n", "'groups' must be a non-empty list"),
    ("groups:\n  - guide: 关闭\n    words: [注销]\ngeneric: 方式\n", "'generic' must be a list"),
    ("groups:\n  - guide: 关闭\n    words: [注销]\ngeneric: [方式, 注销]\n", r"generic\[1\]: '注销' is already a word"),
    ("groups:\n  - guide: 关闭\n    words: [注销]\ngeneric: [方式, 方式]\n", r"generic\[1\]: '方式' is already a word"),
    ("groups:\n  - guide: 关闭\n    words: [注销]\nelsewhere_endings: 贷\n", "'elsewhere_endings' must be a list"),
    ("groups:\n  - guide: 关闭\n    words: [注销]\nelsewhere_endings: ['']\n", r"elsewhere_endings\[0\]: '' must be a word"),
    ("groups:\n  - guide: 步骤\n    words: [流程]\n    intent: steps\n", r"groups\[0\] \(步骤\): unknown intent 'steps'"),
])
def test_bad_synonyms_name_the_file_and_the_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(GuideDataError, match=message) as error:
        load_synonyms(path)
    assert str(path) in str(error.value)


INDEX = {"docs": [{"location": "a/", "title": "关闭借呗", "text": "<p>面部识别</p>"},
                  {"location": "a/#x", "title": "借呗", "text": "<p>App 关闭</p>"}],
         "words": postings([("关闭 借呗", "面部 识别"), ("借呗", "App 关闭")])}


def test_vocabulary_counts_documents_per_word_in_lower_case():
    assert vocabulary(INDEX) == {"关闭": 2, "借呗": 2, "面部": 1, "识别": 1, "app": 1}


def test_a_guide_word_that_left_the_guide_stops_the_build(tmp_path):
    synonyms = load_synonyms(write(tmp_path, "groups:\n  - guide: 面部识别\n    words: [刷脸]\n"
                                               "  - guide: 虹膜\n    words: [眼睛]\n"))
    with pytest.raises(GuideDataError, match=r"groups\[1\] \(虹膜\): the guide word '虹膜' no longer appears"):
        check_guide_words(synonyms, INDEX, "data/synonyms.yml")
    # Found across the index's word breaks (面部 + 识别).
    check_guide_words(load_synonyms(write(tmp_path, "groups:\n  - guide: 面部识别\n    words: [刷脸]\n")),
                      INDEX, "data/synonyms.yml")


def test_pinyin_table_covers_the_guides_syllables_with_guide_and_common_characters():
    readings = {"借": ["jie"], "呗": ["bei"], "贝": ["bei"], "天": ["tian"], "的": ["de", "di"]}.get
    table = pinyin_table(["借呗", "的"], ["贝", "天"], lambda ch: readings(ch, []))
    # Syllables of words of two or more characters only; common characters only for those.
    assert table == {"bei": "呗贝", "jie": "借"}


def test_traditional_pairs_keep_only_what_the_guide_needs():
    lines = ["# comment", "唄\t呗", "貸\t贷", "徵\t征 徵", "龍\t龙", "乾\t干 乾", "萬\t万"]
    assert traditional_pairs(lines, {"呗", "贷", "征"}) == "唄呗徵征貸贷"


def test_the_real_sources_read_as_expected():
    """pypinyin, OpenCC's table and jieba's dictionary, as installed."""
    assert "bei" in pypinyin_readings("呗") and "hang" in pypinyin_readings("行")
    assert "關关" in traditional_pairs(opencc_traditional_lines(), {"关"})
    common = common_characters(2000)
    assert len(common) == 2000 and "是" in common[:10] and "贝" in common


def test_build_dictionary_shape(tmp_path):
    synonyms = load_synonyms(write(tmp_path, """\
groups:
  - guide: 关闭
    intent: close
    words: [注销, 关掉]
  - guide: 影响
    intent: about
    words: [后果]
  - guide: 步骤
    intent: procedure
    words: [流程]
  - guide: 面部识别
    words: [刷脸]
ignore: [怎么]
generic: [方式]
elsewhere: [花呗]
elsewhere_endings: [贷]
"""))
    index = {"docs": [{"location": "x/", "title": "关闭借呗", "text": "面部识别"}],
             "words": postings([("关闭 借呗", "面部识别")])}
    dictionary = build_dictionary(index, synonyms, {"借呗": "x/"}, [{"title": "t", "location": "x/"}],
                                  ["借呗", "不在指南里"], ["贝"], pypinyin_readings, ["唄\t呗"])
    assert dictionary["terms"] == "借呗 关闭 面部识别"   # most sections first, then in code-point order
    assert dictionary["synonyms"]["注销"] == "关闭"
    assert dictionary["keys"] == ["借呗", "关闭", "面部识别"]   # key terms that are words of the index
    assert dictionary["intent"]["close"] == "关闭" and dictionary["intent"]["products"] == {"借呗": "x/"}
    # The groups marked with each intent, nothing else; the other lists as written.
    assert dictionary["intent"]["about"] == ["影响"] and dictionary["intent"]["procedure"] == ["步骤"]
    assert dictionary["ignore"] == ["怎么"] and dictionary["generic"] == ["方式"]
    assert dictionary["elsewhere"] == ["花呗"] and dictionary["elsewhere_endings"] == ["贷"]
    assert dictionary["traditional"] == "唄呗"
    assert "贝" in dictionary["pinyin"]["bei"]


def test_ordinary_words_are_the_general_words_that_sound_like_the_guides():
    """附有 (fu you) is a word of the guide; 复有 sounds the same and is a word of its own; 苹果
    sounds like nothing of the guide; 借呗 and the guide's own words are never 'ordinary'."""
    table = {"fu": "附复", "you": "有又", "jie": "借", "bei": "呗贝", "ping": "苹", "guo": "果"}
    found = ordinary_words(table, ["附有", "借呗"], ["借呗"], {"附有", "借呗"}, ["复有", "苹果", "附有", "借贝贝", "又"])
    assert found == ["复有"]
    # Inside a key term: a word that sounds like part of it.
    assert ordinary_words(table, [], ["借呗附有"], set(), ["呗复"]) == ["呗复"]


def test_the_built_dictionary_lists_ordinary_words_and_not_the_guides(site):
    built = read_script_data(site / "assets/javascripts/search/dictionary.js", "GUIDE_SEARCH_DICT")
    assert built["ordinary"] and not set(built["ordinary"]) & set(built["terms"].split(" "))
    assert not set(built["ordinary"]) & set(built["synonyms"])


# --- the built site ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dictionary(site) -> dict:
    return read_script_data(site / "assets/javascripts/search/dictionary.js", "GUIDE_SEARCH_DICT")


@pytest.fixture(scope="module")
def index(site) -> dict:
    return read_script_data(site / "assets/javascripts/search/index.js", "GUIDE_SEARCH_INDEX")


def test_the_built_dictionary_comes_from_the_index_and_data(dictionary, index):
    # Each word of the index, once, the words most sections have first.
    words = dictionary["terms"].split(" ")
    assert sorted(words) == sorted(index["words"]["terms"]) and len(words) == len(set(words))
    having = [len(index["words"]["terms"][word]) for word in words]
    assert having == sorted(having, reverse=True)
    assert words.index("借呗") < 20 and words.index("关闭") < 20
    assert {"借呗", "网商贷", "多头授信", "征信"} <= set(dictionary["keys"])
    assert dictionary["intent"]["products"] == {"借呗": "procedures/close-jiebei/", "网商贷": "procedures/close-wangshangdai/"}
    assert [page["location"] for page in dictionary["offer"]] == [
        "procedures/close-jiebei/", "procedures/close-wangshangdai/", "glossary/"]
    # Every character of the guide's Chinese words has its readings (pinyin, homophones).
    table = "".join(dictionary["pinyin"].values())
    missing = {ch for word in dictionary["terms"].split(" ") if re.fullmatch(f"[{HAN}]{{2,}}", word) for ch in word} - set(table)
    assert not missing, missing


# --- the question set, run in node on the built site ---------------------------------------

def check_questions(answers: dict[str, dict]) -> None:
    scored = score_questions(QUESTIONS, answers)
    counts = scored["counts"]["all"]
    misses = "\n".join(f"  {q['q']} ({q['kind']}): leads with {first}, wanted {q['answer']}"
                        for q, first, _, _ in scored["misses"])
    assert counts["first"] >= FIRST_TARGET * counts["n"], f"answering section first for {counts['first']}/{counts['n']}:\n{misses}"
    assert counts["visible"] >= SHOWN_TARGET * counts["n"], f"an answering section is folded away or missing:\n{misses}"


def test_the_question_set_is_large_and_its_answers_exist(index):
    locations = {doc["location"] for doc in index["docs"]}
    assert len(QUESTIONS) >= 60 and len(HELD_OUT) >= 60
    kinds = {"not-covered", "verification", "before", "impact", "risk", "reasons", "entry", "difference",
             "audience", "real", "steps", "reopen", "scope"}
    assert {q["kind"] for q in QUESTIONS} == kinds and {q["kind"] for q in HELD_OUT} == kinds
    unknown = [(q["q"], a) for q in QUESTIONS + HELD_OUT for a in q["answer"] if a not in locations and a != "scope"]
    assert not unknown, f"answers that are no section of the built site: {unknown}"
    assert not {q["q"] for q in QUESTIONS} & {q["q"] for q in HELD_OUT}


def test_the_answering_section_leads_for_the_question_set(site):
    answers = answer_in_node(site, [q["q"] for q in QUESTIONS])
    check_questions({q["q"]: a for q, a in zip(QUESTIONS, answers)})


def test_the_query_set_keeps_its_pages_in_node(site):
    """The same engine, run in node: the query set's pages (the browser runs it too)."""
    answers = answer_in_node(site, [q["q"] for q in QUERIES])
    check_query_set({q["q"]: a["pages"] for q, a in zip(QUERIES, answers)})


# --- in the browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hosted_results(browser, server) -> dict[str, list[str]]:
    page = browser.new_page()
    try:
        return run_set(page, server, QUERIES)
    finally:
        page.close()


def check_query_set(results: dict[str, list[str]]) -> None:
    """The set's targets: top 5 for 95% at least, closing intent always first, and the guide's
    own words always found."""
    scored = score(QUERIES, results)
    counts = scored["counts"]
    misses = "\n".join(f"  {q['q']} ({q['kind']}): {pages}" for q, pages, _, _ in scored["misses"])
    assert counts["all"]["top5"] >= TOP5_TARGET * counts["all"]["n"], f"top 5 below target; misses:\n{misses}"
    assert counts["closing intent"]["top1"] == counts["closing intent"]["n"], f"closing intent not first:\n{misses}"
    assert counts["own"]["top5"] == counts["own"]["n"], f"the guide's own words:\n{misses}"
    for kind in ["synonym", "part", "pinyin", "traditional", "homophone", "intent"]:
        assert counts[kind]["top5"] >= 0.8 * counts[kind]["n"], f"{kind}: {counts[kind]}\n{misses}"


@pytest.mark.browser
def test_query_set_hosted(hosted_results):
    check_query_set(hosted_results)


@pytest.mark.browser
def test_the_query_set_is_large_enough_and_covers_every_kind():
    kinds = {query["kind"] for query in QUERIES}
    assert len(QUERIES) >= 60 and kinds == {"own", "extra", "synonym", "part", "pinyin", "traditional",
                                            "homophone", "intent"}
    assert all(judge(query, query["right"][:1])[1] for query in QUERIES)


@pytest.fixture
def page(jiebei_page):
    return jiebei_page


def note(page) -> str:
    page.wait_for_function("!document.querySelector('.guide-search-note').hidden")
    return page.inner_text(".guide-search-note")


@pytest.mark.browser
def test_a_word_read_as_the_guides_word_is_said(page):
    type_query(page, "注销借呗")
    assert note(page) == "已将“注销”按“关闭”搜索"


@pytest.mark.browser
def test_a_word_that_matches_nothing_is_left_out_and_said(page, server):
    urls = type_query(page, "借呗手续费")
    assert note(page) == "未找到“手续费”，已按其余词搜索"
    assert urls, "the rest of the query found nothing"


@pytest.mark.browser
def test_a_query_of_nonsense_offers_the_procedures_and_the_glossary(page, server):
    assert type_query(page, "qwxzv") == []
    assert "没有" in page.inner_text(".md-search-result__meta")
    assert note(page).startswith("未找到“qwxzv”")
    links = page.eval_on_selector_all(".guide-search-note a", "els => els.map(e => [e.textContent, e.href])")
    assert links == [["手动关闭借呗", server + "procedures/close-jiebei/"],
                     ["手动关闭网商贷", server + "procedures/close-wangshangdai/"],
                     ["术语表", server + "glossary/"]]
    page.click(".guide-search-note a >> nth=1")
    page.wait_for_url("**/procedures/close-wangshangdai/")


@pytest.mark.browser
def test_the_note_is_hidden_when_every_word_is_the_guides(page):
    type_query(page, "注销借呗")
    note(page)
    type_query(page, "关闭借呗")
    page.wait_for_function("document.querySelector('.guide-search-note').hidden")


@pytest.mark.browser
def test_results_mark_the_matched_words_and_link_with_them(page, server):
    type_query(page, "刷脸")
    first = page.locator(".md-search-result__item").first
    assert "面部识别" in first.locator("mark").all_inner_texts()
    href = first.locator("a").first.get_attribute("href")
    assert "h=%E9%9D%A2%E9%83%A8%E8%AF%86%E5%88%AB" in href, href   # ?h=面部识别: highlighted on arrival


# --- questions, and input of every kind, in the browser --------------------------------------

def check_sample(page, base: str) -> None:
    """Each sampled question, typed: an answering section leads (or is shown, for the few the
    set allows to miss), its sentence is under it, and its link lands on the anchor, marked."""
    wrong = []
    for question in SAMPLE:
        shown = shown_answers(page, base, question["q"])
        visible = [location for group in shown["visible"][:5] for location in group]
        if question["answer"] == ["scope"]:
            if not shown["scope"]:
                wrong.append(f"{question['q']}: no statement that the guide does not cover it")
        elif not any(a in visible for a in question["answer"]):
            wrong.append(f"{question['q']}: shown {visible[:6]}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.browser
def test_questions_hosted_land_on_the_answering_section(page, server):
    check_sample(page, server)
    # The first question in full: its section leads, named by its page, with its sentence, and
    # the card's title opens that section.
    type_query(page, "借呗还有欠款能关闭吗")
    first = page.locator(".md-search-result__item").first
    lead = first.locator(":scope > a").nth(0)
    assert lead.locator(".guide-result-page").inner_text() == "手动关闭借呗"
    assert lead.locator("h1").inner_text() == "原文未涉及的情况"
    assert "还没有还清时" in lead.inner_text()
    assert "缺少" not in first.inner_text()
    assert "#not-covered" in lead.get_attribute("href")
    lead.click()
    page.wait_for_url("**/procedures/close-jiebei/**#not-covered")
    page.wait_for_function("document.querySelectorAll('.md-content article mark[data-md-highlight]').length > 0")
    assert not page.evaluate("document.getElementById('__search').checked"), "the search box stayed open"


@pytest.mark.browser
def test_a_rewrite_never_changes_the_meaning_and_is_not_listed_missing(page):
    type_query(page, "借呗还有欠款能关闭吗")
    said = note(page)
    assert "附有" not in said and "“欠款”按“还清”" in said
    # Only words typed as the guide writes them can be missing; 还有 and 能 were ignored, 欠款
    # read as 还清.
    missing = page.eval_on_selector_all(".guide-result-missing del", "els => els.map(e => e.textContent)")
    assert set(missing) <= {"借呗", "关闭"}, missing


@pytest.mark.browser
@pytest.mark.parametrize("typed, expected", [("借", "products/jiebei/"), ("贷", "products/wangshangdai/"),
                                             ("jb wsd", "products/")])
def test_a_single_character_or_initials_apart_find_the_products(page, server, typed, expected):
    pages = [site_path(url, server) for url in type_query(page, typed)]
    assert expected in pages[:5], pages[:5]


@pytest.mark.browser
def test_only_question_words_offer_the_procedures(page):
    assert type_query(page, "怎么……吗？") == []
    assert "可以从这些页面开始" in note(page)


@pytest.mark.browser
def test_a_pasted_article_and_a_crafted_link_read_only_the_start(browser, server):
    """A pasted article or a crafted ?q= link of 7.8 KB: only the first 100 characters are read
    (the note says so), results are shown and the page goes on answering."""
    article = (ROOT / "data/source.txt").read_text(encoding="utf-8")[:2000]
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "procedures/close-jiebei/")
    type_query(page, "借呗")
    for text in [article, "借呗" * 15_000]:
        type_query(page, text)
        assert "只按前 100 个字搜索" in note(page)
        assert page.locator(".md-search-result__item").count() > 0
    assert page.evaluate("document.querySelector('.md-search__input').value.length") == 30_000
    context.close()
    crafted = ("%E5%80%9F%E5%91%97" * 430 + "jb%20" * 20)[:7800].rsplit("%", 1)[0]
    context = browser.new_context()
    fresh = context.new_page()
    fresh.goto(server + "?q=" + crafted)
    fresh.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0")
    assert "只按前 100 个字搜索" in note(fresh)
    context.close()


@pytest.mark.browser
def test_a_q_link_opens_the_results_with_the_note(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "?q=%E6%B3%A8%E9%94%80%E5%80%9F%E5%91%97")   # ?q=注销借呗
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0")
    assert note(page) == "已将“注销”按“关闭”搜索"
    context.close()


@pytest.mark.browser
def test_the_engine_runs_after_the_page_is_parsed_and_a_paste_waits_for_it(browser, server, site):
    """The engine, the rules, the dictionary and the index are no part of the page's markup:
    fetched at low priority while the page finishes, they run once it is parsed
    (DOMContentLoaded). A question pasted before they are there is answered when they are."""
    engine = ["query.js", "engine.js", "dictionary.js", "index.js"]
    html = (site / "procedures/close-jiebei/index.html").read_text(encoding="utf-8")
    assert not [name for name in engine if f"search/{name}" in html]
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "procedures/close-jiebei/", wait_until="load")
    page.wait_for_function("performance.getEntriesByName('guide-search:ready').length > 0")
    timing = page.evaluate("""(names) => {
        const parsed = performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;
        const run = performance.getEntriesByName('guide-search:load')[0].startTime;
        const hints = Array.from(document.querySelectorAll('link[rel=preload][as=script]'))
          .map(link => [link.href.split('/').pop(), link.getAttribute('fetchpriority')]);
        return {after: run - parsed, hints};
    }""", engine)
    assert timing["after"] >= 0, timing
    assert sorted(timing["hints"]) == sorted([[name, "low"] for name in engine] + [["miss.js", "low"]]), timing
    context.close()
    # The index held back: the paste shows nothing yet, then its results, with no key pressed.
    context = browser.new_context()
    page = context.new_page()
    held = []
    page.route("**/search/index.js", lambda route: held.append(route))
    page.goto(server + "procedures/close-jiebei/", wait_until="domcontentloaded")
    page.click(".md-search__input")
    page.keyboard.insert_text("借呗怎么关闭")
    page.wait_for_timeout(300)
    assert page.locator(".md-search-result__item").count() == 0
    assert held, "the index was not asked for"
    for route in held:
        route.continue_()
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    context.close()


# --- the engine's BM25 against MiniSearch's --------------------------------------------------

BM25_CHECK = r"""
const fs = require("fs");
const MiniSearch = require(process.argv[1]);
const E = require(process.argv[2]);
const { docs, index } = JSON.parse(fs.readFileSync(0, "utf8"));
const fields = { title: "tw", text: "w", questions: "qw" };
const mini = new MiniSearch({ idField: "location", fields: ["title", "text", "questions"],
  extractField: (doc, field) => field === "location" ? doc.location : doc[fields[field]],
  tokenize: (words) => words.split(" "), processTerm: (term) => term.toLowerCase() || null });
mini.addAll(docs);
const engine = E.createIndex(index);
let compared = 0;
const differ = [];
for (const term of Object.keys(index.words.terms)) {
  const theirs = new Map(mini.search(term, { boost: { title: 4 }, prefix: false, fuzzy: false })
    .map((hit) => [hit.id, [hit.score, Object.keys(hit.match).join(), JSON.stringify(hit.match[Object.keys(hit.match)[0]])]]));
  const ours = E.lookup(engine, term);
  if (ours.length !== theirs.size) differ.push([term, "documents", ours.length, theirs.size]);
  for (const hit of ours) {
    compared += 1;
    const [score, words, where] = theirs.get(hit.id) || [];
    if (Math.abs(score - hit.score) > 1e-12 || words !== Object.keys(hit.match).join() ||
        where !== JSON.stringify(hit.match[Object.keys(hit.match)[0]])) differ.push([term, hit.id, hit.score, score]);
  }
}
process.stdout.write(JSON.stringify({ compared, differ: differ.slice(0, 10) }));
"""


def test_the_engines_scores_are_minisearchs(index, tmp_path):
    """The engine scores the build's inverted index (guide/search_index.py) with BM25 as
    MiniSearch 7.2.0 does (tests/vendor/minisearch, never shipped): the same documents and
    scores for every word, on the guide's own texts tokenized three ways (words of two
    characters, mixed case and repeats, and an empty field)."""
    import shutil
    import subprocess

    from guide.search_index import guide_index, postings

    def chunks(text: str) -> str:
        plain = re.sub(r"<[^>]+>", " ", text)
        return " ".join(piece[i:i + 2] for piece in re.split(r"\W+", plain) if piece for i in range(0, len(piece), 2))

    docs = [{"location": doc["location"] or "home", "tw": chunks(doc["title"]),
             "w": chunks(doc["text"]) + (" App app APP" if n % 3 == 0 else ""),
             # the questions field: some sections have questions, most none (an empty field)
             "qw": chunks(doc["text"][:30]) if n % 4 == 1 else ""} for n, doc in enumerate(index["docs"])]
    docs[1]["w"] = ""
    built = {"docs": [{"location": d["location"], "title": "", "text": ""} for d in docs],
             "words": postings([(d["tw"], d["w"], d["qw"]) for d in docs])}
    assert guide_index({"config": {"separator": " "}, "docs": []}, {})["words"]["terms"] == {}
    result = subprocess.run([shutil.which("node"), "-e", BM25_CHECK, str(ROOT / "tests/vendor/minisearch/minisearch.min.js"),
                             str(ROOT / "docs/assets/javascripts/search/engine.js")],
                            input=json.dumps({"docs": docs, "index": built}), capture_output=True, text=True, check=True)
    checked = json.loads(result.stdout)
    assert checked["compared"] > 1000 and not checked["differ"], checked


def test_the_index_counts_words_as_bm25_needs_them():
    """Lengths are distinct words as written (an empty field counts one), words are matched in
    lower case, the average is kept document by document."""
    built = postings([("关闭 借呗", "App app 关闭 关闭", ""), ("借呗", "", "关闭 今后 影响")])
    assert built["terms"] == {"关闭": [[0, 1, 2, 0], [1, 0, 0, 1]], "借呗": [[0, 1, 0, 0], [1, 1, 0, 0]],
                              "app": [[0, 0, 2, 0]], "今后": [[1, 0, 0, 1]], "影响": [[1, 0, 0, 1]]}
    assert built["lengths"] == [[2, 3, 1], [1, 1, 3]]
    assert built["average"] == [1.5, 2.0, 2.0]


@pytest.mark.parametrize("text, message", [
    ("groups:\n  - guide: 关闭\n    words: [注销]\nelsewhere: 花呗\n", "'elsewhere' must be a list"),
    ("groups:\n  - guide: 关闭\n    words: [注销]\nelsewhere: [花呗, 花呗]\n", r"elsewhere\[1\]: '花呗' is already"),
    ("groups:\n  - guide: 关闭\n    words: [注销]\nelsewhere: [注销]\n", r"elsewhere\[0\]: '注销' is already"),
    ("groups:\n  - guide: 关闭\n    words: [注销]\nelsewhere: [' 花呗']\n", "must be a word"),
])
def test_bad_elsewhere_names_the_file_and_the_key(tmp_path, text, message):
    with pytest.raises(GuideDataError, match=message):
        load_synonyms(write(tmp_path, text))


def test_a_product_the_guide_covers_or_writes_is_not_elsewhere(tmp_path):
    from guide.search_dictionary import check_elsewhere

    for name, message in [("借呗", r"elsewhere\[0\] \(借呗\): the guide covers 借呗"),
                          ("面部", r"elsewhere\[0\] \(面部\): the guide writes '面部'")]:
        synonyms = load_synonyms(write(tmp_path, f"groups:\n  - guide: 关闭\n    words: [注销]\nelsewhere: [{name}]\n"))
        with pytest.raises(GuideDataError, match=message):
            check_elsewhere(synonyms, INDEX, ["借呗", "网商贷"], "data/synonyms.yml")
    check_elsewhere(load_synonyms(write(tmp_path, "groups:\n  - guide: 关闭\n    words: [注销]\nelsewhere: [花呗]\n")),
                    INDEX, ["借呗", "网商贷"], "data/synonyms.yml")


def test_the_held_out_part_is_reported_beside_the_tuning_part(site):
    """Both parts scored on the built site (make bench prints them): the tuning part keeps its
    target; the held-out part's figures are measured here, not asserted against a target the
    rules could be fitted to."""
    answers = answer_in_node(site, [q["q"] for q in QUESTIONS + HELD_OUT])
    got = {q["q"]: a for q, a in zip(QUESTIONS + HELD_OUT, answers)}
    tuning, held = score_questions(QUESTIONS, got)["counts"]["all"], score_questions(HELD_OUT, got)["counts"]["all"]
    assert tuning["n"] == len(QUESTIONS) and held["n"] == len(HELD_OUT)
    assert tuning["first"] >= FIRST_TARGET * tuning["n"]
    # Every tuning question of a product the guide does not cover is told so (the held-out ones
    # are scored with the others); and no question of either part about 借呗 or 网商贷 alone (naming
    # no product of data/synonyms.yml `elsewhere`) is ever told that the guide does not cover it.
    scope = [q for q in QUESTIONS if q["answer"] == ["scope"]]
    assert scope and all(got[q["q"]]["scope"] for q in scope), [q["q"] for q in scope if not got[q["q"]]["scope"]]
    others = load_synonyms(ROOT / "data/synonyms.yml").elsewhere
    assert not [q["q"] for q in QUESTIONS + HELD_OUT if q["answer"] != ["scope"] and got[q["q"]]["scope"]
                and not any(name in q["q"] for name in others)]


def test_the_search_scripts_read_a_chinese_character_as_the_build_does(dictionary):
    """query.js makes its patterns from the dictionary's class, which is guide/chars.py's, and
    tries as many pinyin readings per word as the build (the dictionary's max_spellings)."""
    from guide.chars import HAN
    from guide.search_dictionary import MAX_SPELLINGS

    assert dictionary["han"] == HAN and dictionary["max_spellings"] == MAX_SPELLINGS == 16
    query = (ROOT / "docs/assets/javascripts/search/query.js").read_text(encoding="utf-8")
    assert not re.search(r"\\u[34]e00|\\u9fff|\\uf900", query), "query.js writes its own range of Chinese characters"
    assert "MAX_SPELLINGS" not in query and "dict.max_spellings" in query


def test_the_dictionary_carries_the_generic_words_the_procedure_words_and_the_endings(dictionary):
    """What data/synonyms.yml lists reaches the search as the build ships it."""
    assert {"方式", "事项"} <= set(dictionary["generic"])
    assert dictionary["intent"]["procedure"] == ["步骤"]
    assert {"贷", "付"} <= set(dictionary["elsewhere_endings"])
    assert "流程" in dictionary["synonyms"] and dictionary["synonyms"]["流程"] == "步骤"


def test_the_tools_list_the_held_out_misses_only_when_asked():
    """Reading a held-out miss spends the part: make bench and search_quality list the tuning
    part's misses, and the held-out part's only when asked (--held-out-misses)."""
    from guide.tools.search_quality import readable_misses

    tuned, held = {"q": "甲", "part": "tuning"}, {"q": "乙", "part": "held_out"}
    misses = [(tuned, "x/", False, True), (held, "y/", False, False)]
    assert readable_misses(misses) == [(tuned, "x/", False, True)]
    assert readable_misses(misses, held_out=True) == misses
