"""Layer 1, without MkDocs: guide/glossary.py: data/glossary.yml, the glossary page and the tooltips on other pages."""

from __future__ import annotations

import pytest

from conftest import write
from guide.data import GuideDataError
from guide.glossary import Term, load_terms, mark_terms, render_glossary


TERMS = [Term("credit-line", "授信额度", "最高借款金额。"), Term("multi", "多头授信", "多家机构授信 <x> & “y”。"),
         Term("credit", "征信", "信用记录。")]


def test_render_glossary_headings_have_ids():
    assert render_glossary(TERMS).startswith("## 授信额度 { #credit-line }\n\n最高借款金额。\n")


def test_mark_terms_wraps_text_and_escapes_definition():
    html = mark_terms("<p>降低多头授信风险</p>", TERMS)
    assert html == '<p>降低<abbr title="多家机构授信 &lt;x&gt; &amp; “y”。">多头授信</abbr>风险</p>'


def test_mark_terms_leaves_headings_links_and_code_alone():
    source = '<h2 id="x">征信<a class="headerlink" href="#x">¶</a></h2><a href="g/">征信</a><code>征信</code><p>征信</p>'
    html = mark_terms(source, TERMS)
    assert html.count("<abbr") == 1
    assert html.endswith('<p><abbr title="信用记录。">征信</abbr></p>')


def test_mark_terms_prefers_the_longest_term():
    terms = [Term("a", "授信", "短。"), Term("b", "授信额度", "长。")]
    assert mark_terms("<p>授信额度</p>", terms) == '<p><abbr title="长。">授信额度</abbr></p>'


def test_mark_terms_survives_void_and_self_closing_tags():
    html = mark_terms("<p>征信<br>征信<img src='x'/>征信</p>", TERMS)
    assert html.count("<abbr") == 3


def test_duplicate_glossary_term_is_rejected(tmp_path):
    path = write(tmp_path, "glossary.yml", """\
        terms:
          - {id: a, term: 征信, definition: 甲。}
          - {id: b, term: 征信, definition: 乙。}
        """)
    with pytest.raises(GuideDataError, match=r"glossary\.yml: terms\[1\]: duplicate term '征信'"):
        load_terms(path)


def test_a_one_character_term_stops_with_the_file_and_the_entry(tmp_path):
    path = write(tmp_path, "glossary.yml", "terms:\n  - id: de\n    term: 的\n    definition: 助词。\n")
    with pytest.raises(GuideDataError, match=r"glossary\.yml: terms\[0\].*term '的' is shorter than 2 characters"):
        load_terms(path)
    load_terms(write(tmp_path, "glossary.yml", "terms:\n  - id: zx\n    term: 征信\n    definition: 信用记录。\n"))
