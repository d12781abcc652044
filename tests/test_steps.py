"""Layer 1, without MkDocs: guide/steps.py: data/steps.yml, one step, a whole procedure, and what the source does not cover."""

from __future__ import annotations

import pytest

from conftest import steps_file
from guide.data import GuideDataError
from guide.steps import load_procedure, procedure_steps, render_step


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
    ("- id: a\n  title: [T]\n  body: B\n", r"steps\[0\] \(a\): 'title' must be non-empty text"),
    ("- id: a\n  title: ''\n  body: B\n", r"steps\[0\] \(a\): 'title' must be non-empty text"),
    ("- id: a\n  title: T\n  body: ' '\n", r"steps\[0\] \(a\): 'body' must be non-empty text"),
])
def test_bad_step_data_names_file_step_and_key(tmp_path, products, steps_yaml, message):
    with pytest.raises(GuideDataError, match=r"steps\.yml: " + message):
        load_procedure(steps_file(tmp_path, steps_yaml), products)


BAD_SHARED = {
    "": "missing key 'before'",
    "before: []\nnot_covered: {intro: x, reply: z, send: s, brief: [b], questions: [y]}\n": r"before: must be a non-empty list",
    "before: [a]\nnot_covered: {intro: x, reply: z, send: s, brief: [b], qestions: [y]}\n": r"not_covered: unknown key 'qestions'",
    "before: [a]\nnot_covered: {intro: '', reply: z, send: s, brief: [b], questions: [y]}\n": r"not_covered: 'intro' must be non-empty text",
    "before: [a]\nnot_covered: {intro: x, reply: ' ', send: s, brief: [b], questions: [y]}\n": r"not_covered: 'reply' must be non-empty text",
    "before: [a]\nnot_covered: {intro: x, send: s, brief: [b], questions: [y]}\n": r"not_covered: missing key 'reply'",
    "before: [a]\nnot_covered: {intro: x, reply: z, send: '', brief: [b], questions: [y]}\n": r"not_covered: 'send' must be non-empty text",
    "before: [a]\nnot_covered: {intro: x, reply: z, send: s, brief: [b, c], questions: [y]}\n":
        r"not_covered.brief: 2 items for 1 questions",
    "before: ['{prodcut}']\nnot_covered: {intro: x, reply: z, send: s, brief: [b], questions: [y]}\n": r"before\[0\]: unknown placeholder",
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


def test_a_steps_outcome_is_said_as_the_sources_on_the_page(tmp_path, products):
    procedure = load_procedure(steps_file(tmp_path, STEPS.replace("  body: 打开{product}。\n",
                                                                  "  body: 打开{product}。\n  outcome: '{product}即被关闭。'\n", 1)),
                               products)
    assert render_step(procedure, products, "sign-in", "alpha") == \
        "## 第 1 步：登录 { #sign-in }\n\n打开甲产品。\n\n按原文，甲产品即被关闭。\n"


def test_the_outline_counts_the_steps_names_them_and_says_which_differ_by_product(tmp_path, products):
    from guide.steps import procedure_outline

    procedure = load_procedure(steps_file(tmp_path, STEPS), products)
    assert procedure_outline(procedure, products) == (
        "两个流程都是三步，依次是：登录；进入产品；不同之处。只有第 2 步、第 3 步因产品而不同。")
    same = load_procedure(steps_file(tmp_path, "- id: one\n  title: 登录{product}\n  body: 打开。\n"), products)
    assert procedure_outline(same, products) == "两个流程都是一步，依次是：登录产品。每一步都相同。"


def test_the_intro_counts_the_steps_and_links_the_other_products_procedures(tmp_path, products):
    from guide.steps import procedure_intro

    procedure = load_procedure(steps_file(tmp_path, STEPS), products)
    assert procedure_intro(procedure, products, "alpha", "procedures/close-alpha.md") == (
        "按以下三步，在支付宝中关闭甲产品的借款功能。要关闭的如果是乙产品，请看[手动关闭乙产品](close-beta.md)。")
