"""A procedure printed from the browser (Chromium, A4, print media), read back from the PDF it
makes: no step split across sheets, the title, the edition and the fictional-information
statement on every sheet, dates that do not break."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest

from conftest import ROOT
from guide import load_guide_data
from guide.steps import fill

PROCEDURES = {"jiebei": "procedures/close-jiebei/", "wangshangdai": "procedures/close-wangshangdai/"}


def sheets(browser, url: str) -> list[str]:
    """The text of each printed sheet, in NFKC (the PDF's text has compatibility forms: ⼿ for 手)."""
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(url)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    page.close()
    return [re.sub(r"\s+", "", unicodedata.normalize("NFKC", sheet.extract_text())) for sheet in PdfReader(io.BytesIO(pdf)).pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# The PDF's text maps some glyphs of the CJK font to radicals (⼾ for 户, ⻚ for 页), which NFKC
# does not always bring back: a character of the expected text also matches any of those.
RADICALS = "".join(sorted({chr(code) for code in range(0x2E80, 0x2FE0)} |
                          {unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)}))


def printed_as(text: str) -> re.Pattern:
    """`text` as the PDF's text may read it."""
    return re.compile("".join(f"(?:{re.escape(ch)}|[{re.escape(RADICALS)}])" if "\u4e00" <= ch <= "\u9fff" else re.escape(ch)
                              for ch in squeeze(text)))


@pytest.mark.browser
@pytest.mark.parametrize("product_id", list(PROCEDURES))
def test_a_printed_procedure_keeps_each_step_on_one_sheet_with_the_title_and_edition_on_every_sheet(
        browser, server, product_id):
    from guide.send import actions

    data = load_guide_data(ROOT, ROOT / "docs")
    product = data.products[product_id]
    printed = sheets(browser, server + PROCEDURES[product_id])
    assert 1 <= len(printed) <= 3, len(printed)
    from guide.version import current_edition

    title, edition = printed_as(f"手动关闭{product.name}"), printed_as(current_edition(ROOT).label)
    for number, sheet in enumerate(printed, 1):
        assert title.search(sheet) and "虚构" in sheet and edition.search(sheet), f"sheet {number}: {sheet[:120]}"
    for number, step in enumerate(data.procedure.steps, 1):
        heading = printed_as(f"第 {number} 步：{fill(step.title, product)}")
        last = fill(step.outcome, product) if step.outcome else actions(fill(step.body_for(product.id), product))[-1]
        on = [index for index, sheet in enumerate(printed) if heading.search(sheet)]
        assert on, f"step {number} not printed"
        assert printed_as(last[-12:]).search(printed[on[0]]), f"step {number} is split: its end is not on its heading's sheet"
    # 最近更新 and its date stay on one line
    assert re.search(r"最近更新:\d{4}-\d{2}-\d{2}", "".join(printed))
    print(f"{PROCEDURES[product_id]}: {len(printed)} A4 sheet(s)")


@pytest.mark.browser
@pytest.mark.parametrize("page", ["", "glossary/"])
def test_paper_says_nothing_about_a_mouse(browser, server, page):
    printed = "".join(sheets(browser, server + page))
    assert printed and "鼠标" not in printed and "点按" not in printed
