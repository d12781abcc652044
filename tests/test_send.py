"""Sending the steps themselves (guide/send.py): 复制步骤 as chat text and 保存为图片 as a long
image, both made at build time from data/steps.yml, on the procedure pages hosted and offline."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, run_mkdocs_build, section_button
from guide import load_guide_data
from guide.send import (WIDTH, actions, chat_step_text, chat_text, image_lines, long_image_png,
                        message_lines, plain, procedure_text)
from guide.share import FONT_FILES, find_font
from guide.steps import fill

PAGES = {"jiebei": "procedures/close-jiebei/", "wangshangdai": "procedures/close-wangshangdai/"}
# The notice every sent text and image carries, word for word (the banner's sentence).
SENT_NOTICE = "提示：本指南的信息均为虚构，菜单路径仅作示意，请以支付宝 App 中实际显示为准。"
MARKS = ["**", "[", "](", "<", "`", "__"]
CHAT_BUDGET = 800            # characters: one chat message
IMAGE_BUDGET = 400 * 1024    # bytes


@pytest.fixture(scope="module")
def data():
    return load_guide_data(ROOT, ROOT / "docs")


def text_for(data, product_id, url="https://guide.example.com/guide/x/", edition="2026.11.29 · abc1234"):
    product = data.products[product_id]
    return procedure_text(data.procedure, product, f"手动关闭{product.name}", url, edition,
                          lambda target: "https://guide.example.com/guide/" + target.replace("../", "").replace(".md", "/"))


# --- the text, without MkDocs ----------------------------------------------------------------

def test_markdown_marks_are_removed_and_link_words_kept():
    assert plain("见[关闭的影响](../impact.md#negative)，**务必**注意`代码`") == "见关闭的影响，务必注意代码"
    # For a reader who cannot follow a link, its address after its words.
    assert plain("见[关闭的影响](../impact.md#negative)。", lambda target: "https://x/impact/#negative") == \
        "见关闭的影响（https://x/impact/#negative）。"
    assert actions("1. 甲。\n2. 乙。\n\n丙丁。\n") == ("甲。", "乙。", "丙丁。")


@pytest.mark.parametrize("product_id", list(PAGES))
def test_chat_text_has_every_step_in_order_and_nothing_a_chat_would_show_raw(data, product_id):
    product = data.products[product_id]
    text = chat_text(text_for(data, product_id))
    positions = [text.index(f"第 {number} 步：{fill(step.title, product)}") for number, step in enumerate(data.procedure.steps, 1)]
    assert positions == sorted(positions), "the steps are out of order"
    for step in data.procedure.steps:
        for action in actions(fill(step.body_for(product.id), product)):
            assert plain(action) in text.replace("（https://guide.example.com/guide/impact/#negative）", ""), action
        if step.outcome:
            assert fill(step.outcome, product) in text
    assert SENT_NOTICE in text and "网址：https://guide.example.com/guide/x/" in text and "版本：2026.11.29 · abc1234" in text
    assert not [mark for mark in MARKS if mark in text], "Markdown or HTML marks in a chat text"
    assert "\n\n\n" not in text and not re.search(r"[,;:!?](?=[\u4e00-\u9fff])", text), "half-width punctuation"
    assert len(text) < CHAT_BUDGET, f"{len(text)} characters"


@pytest.mark.parametrize("product_id", list(PAGES))
def test_the_text_for_a_customer_keeps_the_safeguards_and_no_in_house_words(data, product_id):
    """Addressed to the customer who will act: what to check before as advice, the situations
    the source does not cover (an unpaid loan first) with the product's official customer
    service, the fictional-information statement; no 按原文, no staff checklist, no page named
    without its address."""
    product = data.products[product_id]
    for text in [chat_text(text_for(data, product_id))] + \
            [chat_step_text(text_for(data, product_id), step.id) for step in data.procedure.steps]:
        assert "还没有还清" in text and f"{product.name}的官方客服" in text and "虚构" in text
        for word in ("按原文", "原文", "已读过", "本页", "本节"):
            assert word not in text, word
        for found in re.finditer("详见", text):
            assert re.match(r"详见[^（\n]*（https://", text[found.start():]), text[found.start():found.start() + 40]
        assert "](" not in text and len(text) < CHAT_BUDGET, len(text)
    whole = chat_text(text_for(data, product_id))
    assert "操作前建议" in whole and "先了解关闭的影响（https://" in whole


def test_the_long_image_is_drawn_from_exactly_the_chat_text(data):
    text = text_for(data, "wangshangdai")
    drawn = [line for style, line in image_lines(text, "借呗与网商贷手动关闭指南")][1:]
    assert drawn == [line for line in chat_text(text).split("\n") if line]
    assert [style for style, _ in message_lines(text)].count("gap") >= 5


def test_a_steps_own_text_names_the_step_and_links_its_anchor(data):
    text = chat_step_text(text_for(data, "wangshangdai"), "close-account")
    assert text.startswith("手动关闭网商贷（第 3 步）") and "网址：https://guide.example.com/guide/x/#close-account" in text
    assert "点击“关闭借款功能”按钮。" in text and "登录支付宝账户" not in text


def test_the_long_image_draws_the_steps_words(data):
    """The layout's input is the text of the steps: every line the chat text has, in order."""
    text = text_for(data, "jiebei")
    lines = [line for _, line in image_lines(text, "借呗与网商贷手动关闭指南")]
    for step in text.steps:
        assert f"第 {step.number} 步：{step.title}" in lines
        for index, action in enumerate(step.actions, 1):
            assert (f"{step.number}.{index} {action}" if len(step.actions) > 1 else action) in lines
    assert lines[-3:] == [SENT_NOTICE, f"网址：{text.url}", f"版本：{text.edition}"]


@pytest.fixture(scope="module")
def long_image(data, tmp_path_factory):
    fonts = {kind: find_font(kind) for kind in FONT_FILES}
    cache = tmp_path_factory.mktemp("long")
    text = text_for(data, "wangshangdai", url="https://guide.example.com/guide/procedures/close-wangshangdai/")
    png, drawn = long_image_png(cache, text, "借呗与网商贷手动关闭指南", fonts)
    again, drawn_again = long_image_png(cache, text, "借呗与网商贷手动关闭指南", fonts)
    assert drawn and not drawn_again and again == png, "the second build takes the image from its cache"
    return png, text


def test_the_long_image_is_phone_sized_within_budget_and_its_qr_code_reads(long_image, tmp_path):
    from PIL import Image

    from test_share import decode_qr

    png, text = long_image
    image = Image.open(__import__("io").BytesIO(png))
    assert image.width == WIDTH and image.height > 2 * WIDTH
    assert len(png) <= IMAGE_BUDGET, f"{len(png) / 1024:.0f} KB"
    assert decode_qr(png) == [text.url]


# --- the built pages ----------------------------------------------------------------------

def send_data(site, url) -> dict:
    soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    return json.loads(soup.select_one(".guide-send-text").get_text())


@pytest.mark.parametrize("product_id", list(PAGES))
def test_each_procedure_page_carries_its_texts_and_links_its_image(site, site_url, product_id):
    url = PAGES[product_id]
    soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    data = send_data(site, url)
    assert f"网址：{site_url}{url}\n" in data["all"]
    assert set(data["steps"]) == {"sign-in", "open-management", "close-account", "after-closing"}
    link = soup.select_one("a.guide-save-image")
    image = (site / url / link["href"]).resolve()
    assert image.is_file() and image.stat().st_size <= IMAGE_BUDGET
    name = link["download"]
    assert "关闭" in name and ("借呗" in name or "网商贷" in name) and re.search(r"\d{4}\.\d{2}\.\d{2}", name)


@pytest.mark.browser
@pytest.mark.parametrize("how", ["mouse", "keyboard"])
def test_copy_steps_puts_the_whole_procedure_on_the_clipboard(browser, server, site, site_url, how):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server + "procedures/close-jiebei/")
    button = page.locator(".guide-copy-steps")
    if how == "mouse":
        button.click()
    else:
        button.focus()
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "no focus ring"
        page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.guide-copy-steps .guide-copy-label').textContent === '已复制'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == send_data(site, "procedures/close-jiebei/")["all"]
    assert f"网址：{site_url}procedures/close-jiebei/" in copied
    assert page.inner_text(".guide-copy-status").startswith("已复制全部步骤")
    assert page.locator(".guide-copy-status[role=status]").count() == 1   # one line for every copy button
    # A step's own button copies that step.
    section_button(page, "close-account", ".guide-copy-step").click()
    page.wait_for_timeout(200)
    assert page.evaluate("navigator.clipboard.readText()").startswith("手动关闭借呗（第 3 步）")
    context.close()


@pytest.mark.browser
def test_where_the_clipboard_is_refused_the_text_is_shown_selected(browser, server):
    context = browser.new_context()
    context.add_init_script("""Object.defineProperty(navigator, 'clipboard', {value: {writeText: () => Promise.reject(new Error('refused'))}});
        document.execCommand = () => false;""")
    page = context.new_page()
    page.goto(server + "procedures/close-wangshangdai/")
    page.locator(".guide-copy-steps").click()
    box = page.locator(".guide-send-fallback")
    box.wait_for()
    assert box.input_value().startswith("手动关闭网商贷")
    assert page.evaluate("document.activeElement.className") == "guide-send-fallback"
    assert page.evaluate("(() => { const b = document.activeElement; return b.selectionEnd - b.selectionStart; })()") > 100
    assert "复制失败" in page.inner_text(".guide-copy-status")
    # A step's own button, and a section's 复制链接: the text right under that heading, not at
    # the top of the page and not inside the heading.
    for heading, button, starts in [("close-account", ".guide-copy-step", "手动关闭网商贷（第 3 步）"),
                                    ("not-covered", ".guide-copy-link", "https://")]:
        section_button(page, heading, button).click()
        box = page.locator(f"#{heading} + .guide-send-fallback")
        box.wait_for()
        assert box.input_value().startswith(starts), box.input_value()[:60]
        if button == ".guide-copy-link":
            assert box.input_value().endswith("/procedures/close-wangshangdai/#not-covered")
        assert page.evaluate("document.activeElement === document.querySelector('#%s + .guide-send-fallback')" % heading)
        assert page.locator(f"#{heading} .guide-send-fallback").count() == 0
        top = page.evaluate(f"document.getElementById('{heading}').getBoundingClientRect().bottom")
        assert 0 <= page.evaluate(f"document.querySelector('#{heading} + .guide-send-fallback')"
                                  ".getBoundingClientRect().top") - top < 40
    context.close()


@pytest.mark.browser
def test_the_send_buttons_pass_axe_in_both_palettes(browser, server):
    from conftest import axe_violations, settle

    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, permissions=["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.goto(server + "procedures/close-jiebei/")
        page.locator(".guide-copy-steps").click()
        page.locator(".guide-save-image").focus()
        settle(page)
        assert not axe_violations(page, ".guide-send"), scheme
        context.close()


# --- one source for all four ---------------------------------------------------------------

@pytest.mark.build
@pytest.mark.browser
def test_a_changed_step_reaches_the_page_the_text_the_image_and_the_pdf(tmp_path):
    project = copy_project(tmp_path / "project")
    # A first build with the steps as they are: the image cache is warm, as on an editor's machine.
    first = run_mkdocs_build(project, tmp_path / "before")
    assert first.returncode == 0, first.stdout + first.stderr
    steps = project / "data/steps.yml"
    steps.write_text(steps.read_text(encoding="utf-8").replace("title: 登录支付宝账户", "title: 登录自己的支付宝账户"),
                     encoding="utf-8")
    hosted = run_mkdocs_build(project, tmp_path / "site")
    assert hosted.returncode == 0, hosted.stdout + hosted.stderr
    page = (tmp_path / "site/procedures/close-jiebei/index.html").read_text(encoding="utf-8")
    assert "第 1 步：登录自己的支付宝账户" in page
    assert "第 1 步：登录自己的支付宝账户" in send_data(tmp_path / "site", "procedures/close-jiebei/")["all"]
    before = (tmp_path / "before/assets/long/jiebei.png").read_bytes()
    assert (tmp_path / "site/assets/long/jiebei.png").read_bytes() != before, "the image was not drawn again"
    shutil.copy2(ROOT / "mkdocs.offline.yml", project / "mkdocs.offline.yml")
    offline = run_mkdocs_build(project, tmp_path / "offline", config="mkdocs.offline.yml")
    assert offline.returncode == 0, offline.stdout + offline.stderr
    subprocess.run([sys.executable, "-m", "guide.editions.render_pdf", str(tmp_path / "offline"), str(tmp_path / "dist")],
                   check=True, capture_output=True, timeout=300)
    [pdf] = (tmp_path / "dist").glob("*.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "登录自己的支付宝账户" in text.replace("\n", "")


def test_the_texts_shown_in_readme_are_what_the_build_makes(site):
    """README "Sending a page or a step" shows 复制步骤 and one 复制本步 as copied: each block is
    the built page's text, the edition aside."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- chat-text: (\S+) (\S+) -->\n```text\n(.*?)\n```", readme, flags=re.S)
    assert len(blocks) == 2
    for page, which, shown in blocks:
        data = send_data(site, f"procedures/{page}/")
        built = data["all"] if which == "all" else data["steps"][which]
        assert re.sub(r"版本：.*", "版本：<版本>", built) == shown, page


def test_any_number_of_items_before_the_steps_is_sent_whole(data, tmp_path):
    """开始前 may hold more items than today's: an eleventh reaches the chat text and the image."""
    import dataclasses

    more = dataclasses.replace(data.procedure, before=[*data.procedure.before,
                                                       *(f"第{n}条准备事项。" for n in range(1, 12))])
    product = data.products["jiebei"]
    text = procedure_text(more, product, "手动关闭借呗", "https://guide.example.com/guide/x/", "2026.11.29 · abc1234",
                          lambda target: "https://guide.example.com/guide/" + target)
    assert "第11条准备事项。" in chat_text(text)
    assert ("caution", "· 第11条准备事项。") in image_lines(text, "借呗与网商贷手动关闭指南")
    fonts = {kind: find_font(kind) for kind in FONT_FILES}
    image, _ = long_image_png(tmp_path, text, "借呗与网商贷手动关闭指南", fonts)
    assert image.startswith(b"\x89PNG")
