"""Layer 1: the data loaders and render functions, without MkDocs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from guide import load_all
from guide.data import GuideDataError
from guide.glossary import Term, load_terms, mark_terms, render_glossary
from guide.products import load_products, product_facts, product_table, relative_link
from guide.steps import load_procedure, procedure_steps, render_step

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def real():
    products, procedure, terms = load_all(ROOT)
    return products, procedure, terms


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


PRODUCTS_YAML = """\
products:
  alpha:
    name: 甲产品
    kind: 类型甲
    audience: 个人
    purpose: 用途甲
    entry: 入口甲
    page: products/alpha.md
    procedure: procedures/close-alpha.md
  beta:
    name: 乙产品
    kind: 类型乙
    audience: 企业
    purpose: 用途乙
    entry: 入口乙
    page: products/beta.md
    procedure: procedures/close-beta.md
"""


@pytest.fixture
def products(tmp_path):
    return load_products(write(tmp_path, "products.yml", PRODUCTS_YAML))


SHARED = ("before:\n  - 已与{product}的合作方沟通。\n"
          "not_covered:\n  intro: 原文未涉及，请咨询{product}的官方客服。\n  questions:\n    - 还没还清时能否关闭{product}。\n")


def steps_file(tmp_path, steps_yaml: str, notice: str = "菜单仅作示意。", shared: str = SHARED) -> Path:
    return write(tmp_path, "steps.yml", f"notice: {notice}\n{shared}steps:\n" + textwrap.indent(textwrap.dedent(steps_yaml), "  "))


# --- the real data loads -------------------------------------------------------------------

def test_real_data_loads_with_both_products_and_four_steps(real):
    products, procedure, terms = real
    assert list(products) == ["jiebei", "wangshangdai"]
    assert [p.name for p in products.values()] == ["借呗", "网商贷"]
    assert [s.id for s in procedure.steps] == ["sign-in", "open-management", "close-account", "after-closing"]
    assert {"多头授信", "征信", "授信额度", "资产负债结构", "流动性"} <= {t.term for t in terms}


# --- products ------------------------------------------------------------------------------

def test_product_missing_key_names_file_product_and_key(tmp_path):
    path = write(tmp_path, "products.yml", PRODUCTS_YAML.replace("    entry: 入口乙\n", ""))
    with pytest.raises(GuideDataError, match=r"products\.yml: products\.beta: missing key 'entry'"):
        load_products(path)


def test_product_unknown_key_names_it(tmp_path):
    path = write(tmp_path, "products.yml", PRODUCTS_YAML.replace("    kind: 类型甲", "    knd: 类型甲"))
    with pytest.raises(GuideDataError, match=r"products\.alpha: unknown key 'knd'"):
        load_products(path)


def test_product_empty_value_is_rejected(tmp_path):
    path = write(tmp_path, "products.yml", PRODUCTS_YAML.replace("purpose: 用途甲", "purpose: ''"))
    with pytest.raises(GuideDataError, match=r"products\.alpha: key 'purpose' must be non-empty text"):
        load_products(path)


def test_malformed_yaml_names_the_file(tmp_path):
    path = write(tmp_path, "products.yml", "products:\n  alpha: [unclosed\n")
    with pytest.raises(GuideDataError, match=r"products\.yml: malformed YAML"):
        load_products(path)


def test_missing_file_names_it(tmp_path):
    with pytest.raises(GuideDataError, match=r"nothing\.yml: cannot read data file"):
        load_products(tmp_path / "nothing.yml")


def test_non_ascii_product_id_is_rejected(tmp_path):
    path = write(tmp_path, "products.yml", PRODUCTS_YAML.replace("  alpha:", "  借呗:"))
    with pytest.raises(GuideDataError, match="must be ASCII kebab-case"):
        load_products(path)


def test_product_table_links_relative_to_the_calling_page(products):
    table = product_table(products, "products/index.md")
    assert "[甲产品](alpha.md)" in table
    assert "[手动关闭乙产品](../procedures/close-beta.md)" in table
    assert table.splitlines()[1] == "| --- | --- | --- |"
    assert "| 面向谁 | 个人 | 企业 |" in table


def test_product_facts_table(products):
    facts = product_facts(products["beta"])
    assert "| 管理界面的入口 | 入口乙 |" in facts
    assert facts.startswith("| 项目 | 说明 |")


def test_relative_link_from_top_level_page():
    assert relative_link("procedures/close-jiebei.md", "index.md") == "procedures/close-jiebei.md"
    assert relative_link("procedures/close-jiebei.md", "procedures/index.md") == "close-jiebei.md"


# --- steps ---------------------------------------------------------------------------------

STEPS = """\
- id: sign-in
  title: 登录
  body: 打开{product}。
- id: open
  title: 进入{product}
  body: 打开{entry}。
- id: differs
  title: 不同之处
  by_product:
    alpha: 甲的做法。
    beta: 乙的做法。
"""


def test_render_step_numbered_heading_with_explicit_id(tmp_path, products):
    procedure = load_procedure(steps_file(tmp_path, STEPS), products)
    assert render_step(procedure, products, "open", "beta") == "## 第 2 步：进入乙产品 { #open }\n\n打开入口乙。\n"


def test_render_step_by_product_body(tmp_path, products):
    procedure = load_procedure(steps_file(tmp_path, STEPS), products)
    assert "甲的做法。" in render_step(procedure, products, "differs", "alpha")
    assert "乙的做法。" in render_step(procedure, products, "differs", "beta", level=3)
    assert render_step(procedure, products, "differs", "beta", level=3).startswith("### 第 3 步")


def test_procedure_steps_before_notice_steps_then_what_the_source_does_not_answer(tmp_path, products):
    procedure = load_procedure(steps_file(tmp_path, STEPS), products)
    text = procedure_steps(procedure, products, "alpha")
    assert text.startswith("## 开始前 { #before-you-start }\n\n- 已与甲产品的合作方沟通。\n")
    positions = [text.index(marker) for marker in ['!!! info "菜单路径仅作示意"\n\n    菜单仅作示意。', "{ #sign-in }",
                                                   "{ #open }", "{ #differs }", "## 原文未涉及的情况 { #not-covered }"]]
    assert positions == sorted(positions)
    box = text[text.index("{ #not-covered }"):]
    assert '!!! question "本指南无从回答，请以 App 或官方客服为准"' in box
    assert "    原文未涉及，请咨询甲产品的官方客服。" in box and "    - 还没还清时能否关闭甲产品。" in box


def test_unknown_step_id_names_the_known_ones(tmp_path, products):
    procedure = load_procedure(steps_file(tmp_path, STEPS), products)
    with pytest.raises(GuideDataError, match=r"unknown step id 'sgn-in' \(known: sign-in, open, differs\)"):
        render_step(procedure, products, "sgn-in", "alpha")


def test_unknown_product_names_the_known_ones(tmp_path, products):
    procedure = load_procedure(steps_file(tmp_path, STEPS), products)
    with pytest.raises(GuideDataError, match=r"unknown product 'gamma' \(known: alpha, beta\)"):
        procedure_steps(procedure, products, "gamma")


@pytest.mark.parametrize("steps_yaml, message", [
    ("- id: a\n  title: T\n  bdy: B\n", r"steps\[0\]: unknown key 'bdy'"),
    ("- id: a\n  body: B\n", r"steps\[0\]: missing key 'title'"),
    ("- id: a\n  title: T\n  body: B\n- id: a\n  title: T\n  body: B\n", r"steps\[1\] \(a\): duplicate id 'a'"),
    ("- id: a\n  title: T\n", r"steps\[0\] \(a\): give exactly one of 'body' or 'by_product'"),
    ("- id: a\n  title: T\n  by_product:\n    alpha: x\n", r"steps\[0\] \(a\)\.by_product: missing key 'beta'"),
    ("- id: a\n  title: T\n  body: 打开{prodcut}\n", r"steps\[0\] \(a\)\.body: unknown placeholder '\{prodcut\}'"),
    ("- id: Sign In\n  title: T\n  body: B\n", r"steps\[0\]: id 'Sign In' must be ASCII kebab-case"),
    ("- id: a\n  title: [T]\n  body: B\n", r"steps\[0\] \(a\): 'title' must be text"),
])
def test_bad_step_data_names_file_step_and_key(tmp_path, products, steps_yaml, message):
    with pytest.raises(GuideDataError, match=r"steps\.yml: " + message):
        load_procedure(steps_file(tmp_path, steps_yaml), products)


BAD_SHARED = {
    "": "missing key 'before'",
    "before: []\nnot_covered: {intro: x, questions: [y]}\n": r"before: must be a non-empty list",
    "before: [a]\nnot_covered: {intro: x, qestions: [y]}\n": r"not_covered: unknown key 'qestions'",
    "before: [a]\nnot_covered: {intro: '', questions: [y]}\n": r"not_covered: 'intro' must be non-empty text",
    "before: ['{prodcut}']\nnot_covered: {intro: x, questions: [y]}\n": r"before\[0\]: unknown placeholder",
}


@pytest.mark.parametrize("shared", list(BAD_SHARED))
def test_bad_before_or_not_covered_names_the_key(tmp_path, products, shared):
    with pytest.raises(GuideDataError, match=r"steps\.yml: " + BAD_SHARED[shared]):
        load_procedure(steps_file(tmp_path, "- id: a\n  title: T\n  body: B\n", shared=shared), products)


def test_empty_notice_is_rejected(tmp_path, products):
    with pytest.raises(GuideDataError, match="'notice' must be non-empty text"):
        load_procedure(steps_file(tmp_path, "- id: a\n  title: T\n  body: B\n", notice="''"), products)


def test_real_steps_render_for_both_products_with_the_same_shared_text(real):
    products, procedure, _ = real
    jiebei = render_step(procedure, products, "sign-in", "jiebei")
    wangshangdai = render_step(procedure, products, "sign-in", "wangshangdai")
    assert jiebei.replace("借呗", "网商贷") == wangshangdai
    assert "查看额度" in render_step(procedure, products, "open-management", "jiebei")
    assert "财富 > 商家贷款" in render_step(procedure, products, "open-management", "wangshangdai")


# --- glossary ------------------------------------------------------------------------------

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


# --- hosted URLs ---------------------------------------------------------------------------

from guide.urls import add_page_url, hosted_path, hosted_url  # noqa: E402


@pytest.mark.parametrize("src, path", [("index.md", ""), ("impact.md", "impact/"),
                                       ("products/index.md", "products/"),
                                       ("procedures/close-jiebei.md", "procedures/close-jiebei/")])
def test_hosted_path_is_directory_style(src, path):
    assert hosted_path(src) == path


def test_hosted_url_with_anchor_and_without_trailing_slash_in_site_url():
    assert hosted_url("https://x.example/guide", "procedures/close-jiebei.md", "sign-in") == \
        "https://x.example/guide/procedures/close-jiebei/#sign-in"


def test_hosted_url_needs_site_url():
    with pytest.raises(ValueError, match="site_url"):
        hosted_url("", "index.md")


def test_add_page_url_goes_right_after_the_title():
    html = add_page_url('<h1 id="a">标题</h1><p>正文</p>', "https://x.example/a/?q=<1>")
    assert html == ('<h1 id="a">标题</h1><p class="guide-page-url" data-search-exclude>'
                    '<a href="https://x.example/a/?q=&lt;1&gt;">https://x.example/a/?q=&lt;1&gt;</a></p><p>正文</p>')


# --- step dates ----------------------------------------------------------------------------

import datetime  # noqa: E402

from guide.freshness import is_stale, parse_last_verified, verification_html  # noqa: E402

TODAY = datetime.date(2026, 11, 28)


def test_dates_up_to_180_days_are_fresh():
    assert not is_stale(TODAY - datetime.timedelta(days=180), TODAY)
    assert is_stale(TODAY - datetime.timedelta(days=181), TODAY)


def test_verification_html_adds_the_notice_only_when_stale():
    fresh = verification_html(datetime.date(2026, 11, 1), TODAY)
    assert fresh == ('<p class="guide-last-verified">最后对照原文核对：<time datetime="2026-11-01">2026-11-01</time>'
                     '（核对的是本页与原文是否一致，不是 App 中的实际界面）</p>')
    stale = verification_html(datetime.date(2025, 1, 1), TODAY)
    assert 'class="admonition warning guide-stale"' in stale and "2025-01-01" in stale


def test_last_verified_accepts_a_yaml_date_or_iso_text():
    assert parse_last_verified("p.md", {"last_verified": datetime.date(2026, 1, 2)}) == datetime.date(2026, 1, 2)
    assert parse_last_verified("p.md", {"last_verified": "2026-01-02"}) == datetime.date(2026, 1, 2)


@pytest.mark.parametrize("meta, message", [({}, "p.md: front matter key 'last_verified' is missing"),
                                            ({"last_verified": "last week"}, "must be a date like")])
def test_bad_last_verified_names_page_and_key(meta, message):
    with pytest.raises(GuideDataError, match=message):
        parse_last_verified("p.md", meta)


# --- figures -------------------------------------------------------------------------------

from guide.figures import layout, load_figures, render_figure  # noqa: E402


@pytest.fixture
def figures():
    return load_figures(ROOT / "data/figures.yml")


def test_figures_load_with_their_numbers(figures):
    assert {f.number for f in figures.values()} == {1, 2}


@pytest.mark.parametrize("figure_id", ["closure-flow", "impact-overview"])
def test_figure_nodes_do_not_overlap_and_flow_downwards(figures, figure_id):
    figure = figures[figure_id]
    layout(figure)
    boxes = [(n.x, n.y, n.x + n.width, n.y + n.height) for n in figure.nodes]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    by_id = {n.id: n for n in figure.nodes}
    for source, target, _ in figure.edges:
        assert by_id[source].y + by_id[source].height < by_id[target].y


def test_closure_flow_splits_after_sign_in_and_joins_at_close(figures):
    figure = figures["closure-flow"]
    layout(figure)
    by_id = {n.id: n for n in figure.nodes}
    assert by_id["jiebei"].row == by_id["wangshangdai"].row == by_id["sign-in"].row + 1
    assert by_id["close"].row == by_id["jiebei"].row + 1


def test_rendered_figure_has_title_description_caption_and_text(figures):
    html = render_figure(figures["impact-overview"])
    assert html.startswith('<figure class="guide-figure" id="figure-2"><svg class="guide-diagram" data-search-exclude role="img"')
    assert '<title id="figure-impact-overview-title">图2：手动关闭的影响一览</title>' in html
    assert "<desc id=\"figure-impact-overview-desc\">手动关闭借呗或网商贷有两项正面影响" in html
    assert "<figcaption>图2：手动关闭的影响一览</figcaption>" in html
    assert html.count("<rect") == 7 and "\n" not in html.rstrip("\n")


@pytest.mark.parametrize("change, message", [
    (("kind: branch}", "kind: wavy}"), "unknown kind 'wavy'"),
    (("[verify, closed]", "[verify, finish]"), r"edges\[6\]: unknown node 'finish'"),
    (("    alt: >-\n      两款", "    alt: ''\n    x: >-\n      两款"), "unknown key 'x'"),
])
def test_bad_figure_data_names_the_key(tmp_path, change, message):
    text = (ROOT / "data/figures.yml").read_text(encoding="utf-8").replace(*change, 1)
    path = write(tmp_path, "figures.yml", text)
    with pytest.raises(GuideDataError, match=message):
        load_figures(path)


def test_unknown_figure_names_the_known_ones(figures):
    from guide.figures import get_figure

    with pytest.raises(GuideDataError, match=r"unknown figure 'flow' \(known: closure-flow, impact-overview\)"):
        get_figure(figures, "flow")


# --- 更新记录 --------------------------------------------------------------------------------

from guide.changes import latest_for, load_changes  # noqa: E402

CHANGES = """\
changes:
  - date: 2026-11-29
    pages: [a.md]
    summary: 第二次。
  - date: 2026-11-29
    steps: [sign-in]
    summary: 第一次。
  - date: 2026-11-01
    pages: [a.md, b.md]
    summary: 首次发布。
"""


def test_changes_load_newest_first_with_stable_anchors(tmp_path):
    entries = load_changes(write(tmp_path, "changes.yml", CHANGES), {"a.md", "b.md"}, {"sign-in"})
    assert [e.anchor for e in entries] == ["change-2026-11-29-2", "change-2026-11-29", "change-2026-11-01"]
    assert latest_for(entries, "b.md", set()).anchor == "change-2026-11-01"
    assert latest_for(entries, "c.md", {"sign-in"}).anchor == "change-2026-11-29"
    assert latest_for(entries, "c.md", set()) is None


@pytest.mark.parametrize("change, message", [
    (("pages: [a.md, b.md]", "pages: [a.md, c.md]"), r"changes\[2\]: unknown page 'c.md' in 'pages'"),
    (("steps: [sign-in]", "steps: [sgn-in]"), r"changes\[1\]: unknown step id 'sgn-in' in 'steps'"),
    (("date: 2026-11-01", "date: 2026-13-01"), r"changes\[2\]: key 'date' must be a date like 2026-11-29, got '2026-13-01'"),
    (("summary: 首次发布。", "sumary: 首次发布。"), r"changes\[2\]: unknown key 'sumary'"),
    (("date: 2026-11-01", "date: 2027-01-01"), "list the changes newest first"),
])
def test_bad_changes_name_the_file_and_the_key(tmp_path, change, message):
    path = write(tmp_path, "changes.yml", CHANGES.replace(*change))
    with pytest.raises(GuideDataError, match=r"changes\.yml: " + message):
        load_changes(path, {"a.md", "b.md"}, {"sign-in"})


def test_a_moved_page_stays_valid_in_the_change_log_through_its_redirect(tmp_path):
    from guide import load_change_log

    (tmp_path / "data").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/b.md").write_text("---\ntitle: 乙\n---\n", encoding="utf-8")
    (tmp_path / "data/changes.yml").write_text("changes:\n  - date: 2026-11-01\n    pages: [a.md]\n    summary: 首次发布。\n",
                                               encoding="utf-8")

    class Procedure:
        steps = []

    with pytest.raises(GuideDataError, match="unknown page 'a.md'"):
        load_change_log(tmp_path, tmp_path / "docs", Procedure())
    entries = load_change_log(tmp_path, tmp_path / "docs", Procedure(), {"a.md": "b.md"})
    assert entries[0].pages == ("b.md",)


def test_a_change_to_every_page_says_so(tmp_path):
    from guide.changes import render_changes

    path = write(tmp_path, "changes.yml", "changes:\n  - date: 2026-11-01\n    summary: 全站更新。\n")
    entries = load_changes(path, {"a.md"}, set())
    text = render_changes(entries, {}, lambda page: page)
    assert "## 2026-11-01 { #change-2026-11-01 data-search-exclude }" in text and "涉及页面：全站" in text
    assert latest_for(entries, "a.md", set()) is None
