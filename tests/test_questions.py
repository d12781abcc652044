"""Layer 1, without MkDocs: guide/questions.py: data/questions.yml (the questions each section
answers), checked, resolved to the built sections, and read as the search reads a query."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, read_script_data, write
from guide.data import GuideDataError
from guide.questions import load_questions, question_words, resolve
from guide.search_dictionary import load_synonyms

QUESTIONS = """\
pages:
  impact.md#negative:
    - 关了有什么坏处
  index.md:
    - 这是什么网站
procedure:
  not-covered:
    - "{product}没还完能关吗"
"""
PAGE_URLS = {"impact.md": "impact/", "index.md": "./", "procedures/close-alpha.md": "procedures/close-alpha/",
             "procedures/close-beta.md": "procedures/close-beta/"}
LOCATIONS = {"", "impact/", "impact/#negative", "procedures/close-alpha/#not-covered",
             "procedures/close-beta/#not-covered"}


def test_questions_go_to_their_section_and_a_procedures_to_every_product(tmp_path, products):
    found = resolve(load_questions(write(tmp_path, "questions.yml", QUESTIONS)), PAGE_URLS, products, LOCATIONS)
    assert found == {"impact/#negative": ["关了有什么坏处"], "": ["这是什么网站"],
                     "procedures/close-alpha/#not-covered": ["甲产品没还完能关吗"],
                     "procedures/close-beta/#not-covered": ["乙产品没还完能关吗"]}


@pytest.mark.parametrize("text, message", [
    (QUESTIONS.replace("impact.md#negative", "impact.md#negatve"), r"pages > impact.md#negatve: no such section"),
    (QUESTIONS.replace("impact.md#negative", "nowhere.md#negative"), r"pages > nowhere.md#negative: no page nowhere.md"),
    (QUESTIONS.replace("  not-covered:", "  not-coverd:"), r"procedure > not-coverd: no such section"),
])
def test_a_key_naming_no_section_names_the_file_and_the_key(tmp_path, products, text, message):
    questions = load_questions(write(tmp_path, "questions.yml", text))
    with pytest.raises(GuideDataError, match=message) as raised:
        resolve(questions, PAGE_URLS, products, LOCATIONS)
    assert "questions.yml" in str(raised.value)


@pytest.mark.parametrize("text, message", [
    (QUESTIONS.replace("    - 关了有什么坏处\n", "    - 关\n"), r"pages > impact.md#negative\[0\]: a question is text"),
    (QUESTIONS.replace("    - 关了有什么坏处\n", "    - 关了有什么坏处\n    - 关了有什么坏处\n"),
     r"pages > impact.md#negative\[1\]: '关了有什么坏处' is already"),
    (QUESTIONS.replace("    - 关了有什么坏处\n", "    - ''\n"), r"impact.md#negative\[0\]"),
    (QUESTIONS.replace("impact.md#negative", "impact#negative"), "a key is a page's source file"),
    (QUESTIONS.replace("  not-covered:", "  a#b:"), r"procedure > a#b: a key is a section anchor"),
    (QUESTIONS.replace("  index.md:\n    - 这是什么网站\n", "  index.md: []\n"), "index.md: expected a non-empty list"),
    (QUESTIONS + "other: 1\n", "unknown key 'other'"),
    (QUESTIONS.replace("pages:", "page:"), "unknown key 'page'"),
    (QUESTIONS.replace("    - 关了有什么坏处\n", "    - 关了<script>x</script>\n"), "would run in the reader's browser"),
    (QUESTIONS + "pages: {}\n", "duplicate key 'pages'"),
])
def test_a_malformed_file_names_the_file_and_the_key(tmp_path, text, message):
    with pytest.raises(GuideDataError, match=message) as raised:
        load_questions(write(tmp_path, "questions.yml", text))
    assert "questions.yml" in str(raised.value)


def test_a_question_is_read_as_a_query_is(tmp_path):
    synonyms = load_synonyms(write(tmp_path, "synonyms.yml", """\
        groups:
          - guide: 关闭
            words: [注销, 关掉]
          - guide: 没有 通过
            words: [失败]
        ignore: [怎么, 吗, 的]
        """))
    # Lower case, ignored words and punctuation left out, a synonym read as its guide word, each
    # word once; a phrase's guide word is left as typed.
    assert question_words(["注销", "的", "App", "，", "关掉", "吗", "失败", "关闭"], synonyms) == ["关闭", "app", "失败"]
    # Pieces jieba cut apart that make one listed word are read as that word, as a query is:
    # 在 + 哪 is the question word 在哪 (left out), 关 + 掉 the synonym 关掉 (read as 关闭).
    assert question_words(["借呗", "在", "哪"], synonyms) == ["借呗", "在", "哪"]
    with_where = load_synonyms(write(tmp_path, "where.yml", """\
        groups:
          - guide: 关闭
            words: [注销, 关掉]
        ignore: [在哪, 吗]
        """))
    assert question_words(["借呗", "在", "哪"], with_where) == ["借呗"]
    assert question_words(["关", "掉", "借呗", "吗"], with_where) == ["关闭", "借呗"]
    assert question_words(["在", "哪", "在"], with_where) == ["在"]


def test_every_section_of_the_guide_has_questions_and_each_is_a_question(site, products_of_the_guide):
    """The guide's own file, resolved against the built index as the build resolves it: every
    section of the site has questions, and none is written as a statement (each asks)."""
    found = guide_questions(site, products_of_the_guide)
    index = read_script_data(site / "assets/javascripts/search/index.js", "GUIDE_SEARCH_INDEX")
    locations = {doc["location"] for doc in index["docs"]}
    sections = {location for location in locations if "#" in location}
    assert sections - set(found) == set(), "sections without questions"
    asked = [q for qs in found.values() for q in qs]
    asks = ("吗", "么", "什么", "怎么", "哪", "谁", "多久", "是不是", "能不能", "不难", "该不该", "还是", "要不要", "一样", "有没有", "会不会", "啥", "咋")
    # A word asked with itself negated asks too (算不算, 在不在, 有没有).
    statements = [q for q in asked if not any(word in q for word in asks) and not re.search(r"(.)[不没]\1", q)]
    assert not statements, statements


def guide_questions(site, products):
    """The guide's questions resolved against the built index: location -> questions."""
    from conftest import PAGES, read_script_data

    index = read_script_data(site / "assets/javascripts/search/index.js", "GUIDE_SEARCH_INDEX")
    page_urls = {source: url or "./" for url, source in PAGES.items()}
    return resolve(load_questions(ROOT / "data" / "questions.yml"), page_urls, products,
                   {doc["location"] for doc in index["docs"]})


def test_a_sections_own_questions_find_it(site, products_of_the_guide):
    """Typed as written, a section's question shows that section without opening a fold (among
    the first pages' unfolded results) for nearly all of them: the third field is searched."""
    from guide.tools.search_quality import answer_in_node, visible_locations

    sections: dict[str, set] = {}
    for location, asked in guide_questions(site, products_of_the_guide).items():
        for question in asked:
            sections.setdefault(question, set()).add(location)
    typed = sorted(sections)
    answers = answer_in_node(site, typed)
    hidden = [q for q, got in zip(typed, answers) if not sections[q] & set(visible_locations(got["visible"]))]
    assert len(hidden) <= 0.05 * len(typed), hidden


def test_no_question_is_copied_from_the_measured_set(products_of_the_guide, site):
    """The question set measures the search; a question copied from it into the data would make
    the measure say nothing."""
    from guide.tools.search_quality import load_questions as measured

    listed = {q for asked in guide_questions(site, products_of_the_guide).values() for q in asked}
    copied = sorted(listed & {q["q"] for q in measured()})
    assert not copied, copied


@pytest.fixture
def products_of_the_guide():
    from guide.products import load_products

    return load_products(ROOT / "data" / "products.yml")


def test_the_index_keeps_each_sections_questions_one_by_one_as_the_query_reads_them():
    """The engine compares a whole query with each question (engine.js similarity): the index
    carries them one by one, each as its words read as a query's (注销 -> 关闭, 吗 left out); a
    section without questions carries none."""
    from guide.search_index import guide_index
    theme = {"config": {"separator": "[\\s\u200b]+"},
             "docs": [{"location": "p/#a", "title": "甲", "text": "乙"}, {"location": "p/#b", "title": "丙", "text": "丁"}]}
    synonyms = type("S", (), {"ignore": ["吗", "怎么"],
                              "groups": [type("G", (), {"guide": "关闭", "words": ["注销"]})()]})()
    index = guide_index(theme, {}, questions={"p/#a": ["借呗 注销 吗", "怎么 关闭 网商贷"]},
                        segment=lambda text: text.replace(" ", "\u200b"),
                        question_words=lambda words: question_words(words, synonyms))
    assert index["docs"][0]["asked"] == ["借呗 关闭", "关闭 网商贷"]
    assert "asked" not in index["docs"][1]
