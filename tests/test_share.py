"""Sending a page or a step: link cards, QR codes (read back with zbar), print, the one-file edition."""

from __future__ import annotations

import io
import subprocess

import pytest
from bs4 import BeautifulSoup

from conftest import PAGES, axe_violations, copy_project, run_mkdocs_build, section_button, settle

from guide.share import FONT_FILES, card_png, find_font, page_slug, qr_svg

CARD_BUDGET = 80 * 1024


def decode_qr(png: bytes) -> list[str]:
    """Every QR code zbar reads in a PNG image."""
    result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "-"],
                            input=png, capture_output=True, timeout=60)
    return [line for line in result.stdout.decode("utf-8").splitlines() if line]


# --- units ---------------------------------------------------------------------------------

def test_page_slugs():
    assert page_slug("index.md") == "index"
    assert page_slug("products/index.md") == "products"
    assert page_slug("procedures/close-jiebei.md") == "procedures-close-jiebei"
    assert page_slug("impact.md") == "impact"


def test_a_card_is_drawn_once_and_then_taken_from_the_cache(tmp_path):
    from PIL import Image

    fonts = {kind: find_font(kind) for kind in FONT_FILES}
    first, drawn = card_png(tmp_path, "手动关闭借呗", "四个步骤。", "指南", "信息均为虚构。", fonts)
    assert drawn
    again, drawn_again = card_png(tmp_path, "手动关闭借呗", "四个步骤。", "指南", "信息均为虚构。", fonts)
    assert not drawn_again and again == first
    _, drawn_changed = card_png(tmp_path, "手动关闭网商贷", "四个步骤。", "指南", "信息均为虚构。", fonts)
    assert drawn_changed, "a changed title must draw a new card"
    image = Image.open(io.BytesIO(first))
    assert image.size == (1200, 630) and image.format == "PNG" and len(first) <= CARD_BUDGET


def test_a_card_draws_chinese_glyphs_not_boxes(tmp_path):
    """Two different titles give different pixels where the title is: the font has the glyphs."""
    from PIL import Image, ImageChops

    fonts = {kind: find_font(kind) for kind in FONT_FILES}
    one = Image.open(io.BytesIO(card_png(tmp_path, "借呗", "", "", "", fonts)[0])).convert("L").crop((72, 180, 600, 300))
    two = Image.open(io.BytesIO(card_png(tmp_path, "网商贷", "", "", "", fonts)[0])).convert("L").crop((72, 180, 600, 300))
    assert ImageChops.difference(one, two).getbbox() is not None


def test_a_missing_font_is_a_clear_error(tmp_path):
    from guide.data import GuideDataError

    with pytest.raises(GuideDataError, match="fonts-noto-cjk"):
        find_font("bold", [tmp_path])


def test_qr_svg_reads_back_as_its_address(tmp_path, browser):
    url = "https://guide.example.com/guide/procedures/close-jiebei/#close-account"
    page = browser.new_page()
    page.set_content(f"<body style='margin:40px;background:#fff'>{qr_svg(url, 'x', scale=6)}</body>")
    assert decode_qr(page.screenshot()) == [url]
    page.close()


# --- link cards in the built site ----------------------------------------------------------

@pytest.mark.parametrize("url", list(PAGES))
def test_every_page_has_a_link_card(site, site_url, url):
    from PIL import Image

    soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    tags = {tag.get("property") or tag.get("name"): tag.get("content")
            for tag in soup.find_all("meta") if (tag.get("property") or tag.get("name") or "").startswith(("og:", "twitter:"))}
    expected = {"og:title", "og:description", "og:url", "og:type", "og:locale", "og:site_name", "og:image",
                "twitter:card", "twitter:title", "twitter:description", "twitter:image"}
    assert expected <= set(tags), expected - set(tags)
    assert tags["og:url"] == site_url + url
    assert tags["og:locale"] == "zh_CN" and tags["twitter:card"] == "summary_large_image"
    h1 = soup.select_one("article h1").get_text(strip=True).rstrip("¶")
    assert tags["og:title"] == tags["twitter:title"] == h1
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert tags["og:description"] == tags["twitter:description"] == description
    assert tags["og:image"] == tags["twitter:image"] and tags["og:image"].startswith(site_url + "assets/cards/")
    card = site / tags["og:image"][len(site_url):]
    image = Image.open(card)
    assert image.size == (1200, 630) and card.stat().st_size <= CARD_BUDGET


# --- QR codes in the browser ---------------------------------------------------------------

@pytest.fixture
def phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server + "procedures/close-wangshangdai/")
    yield page
    context.close()


def test_the_qr_dialog_shows_the_address_that_copy_link_copies(phone):
    copied = section_button(phone, "close-account", ".guide-copy-link").get_attribute("data-url")
    phone.locator("#close-account .guide-copy-link").click()
    assert phone.evaluate("navigator.clipboard.readText()") == copied
    phone.locator("#close-account .guide-qr-button").click()
    dialog = phone.locator("dialog.guide-qr-dialog")
    phone.wait_for_function("document.querySelector('.guide-qr-image').complete")
    assert dialog.is_visible()
    assert dialog.locator(".guide-qr-url").inner_text() == copied
    assert decode_qr(dialog.locator(".guide-qr-image").screenshot()) == [copied]
    assert phone.get_by_role("dialog", name="二维码：第 3 步：关闭网商贷的借款功能").count() == 1


@pytest.mark.parametrize("how", ["button", "Escape", "outside"])
def test_the_qr_dialog_closes_and_gives_focus_back(phone, how):
    opener = section_button(phone, "sign-in", ".guide-qr-button")
    opener.focus()
    phone.keyboard.press("Enter")
    dialog = phone.locator("dialog.guide-qr-dialog")
    assert dialog.is_visible()
    if how == "button":
        phone.locator(".guide-qr-close").click()
    elif how == "Escape":
        phone.keyboard.press("Escape")
    else:
        phone.mouse.click(5, 5)   # a tap on the backdrop
    assert not dialog.is_visible()
    assert phone.evaluate("document.activeElement === document.querySelector('#sign-in .guide-qr-button')")


def test_a_click_on_the_qr_dialogs_own_padding_keeps_it_open(phone):
    section_button(phone, "sign-in", ".guide-qr-button").click()
    dialog = phone.locator("dialog.guide-qr-dialog")
    box = dialog.bounding_box()
    padding = float(phone.evaluate("parseFloat(getComputedStyle(document.querySelector('dialog.guide-qr-dialog')).paddingTop)"))
    assert padding >= 4, "the dialog has padding to click on"
    # Inside the box, in its top padding: the click's target is the dialog itself.
    phone.mouse.click(box["x"] + box["width"] / 2, box["y"] + padding / 2)
    assert dialog.is_visible(), "a click inside the dialog's box closed it"
    phone.mouse.click(box["x"] + 3, box["y"] + box["height"] - 3)
    assert dialog.is_visible(), "a click in the dialog's corner closed it"


def test_the_qr_dialog_passes_axe(phone):
    section_button(phone, "close-account", ".guide-qr-button").click()
    phone.wait_for_function("document.querySelector('.guide-qr-image').complete")
    settle(phone)
    assert not axe_violations(phone)


def test_share_is_offered_where_the_phone_has_a_share_sheet(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script("navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };")
    page = context.new_page()
    page.goto(server + "procedures/close-jiebei/")
    section_button(page, "close-account", ".guide-share-button").click()
    shared = page.evaluate("window.__shared")
    context.close()
    assert shared["url"].endswith("procedures/close-jiebei/#close-account")
    assert shared["title"] == "第 3 步：关闭借呗的借款功能"


def test_no_share_button_without_a_share_sheet(jiebei_page):
    assert jiebei_page.locator(".guide-copy-link").count() > 0
    assert jiebei_page.locator(".guide-share-button").count() == 0


def test_qr_codes_load_only_when_opened(browser, server):
    """Readers who never open a QR code do not download one."""
    context = browser.new_context()
    page = context.new_page()
    svgs = []
    page.on("request", lambda request: svgs.append(request.url) if "/assets/qr/" in request.url else None)
    page.goto(server + "procedures/close-jiebei/", wait_until="networkidle")
    before = list(svgs)
    section_button(page, "sign-in", ".guide-qr-button").click()
    page.wait_for_function("document.querySelector('.guide-qr-image').complete")
    context.close()
    assert before == [] and len(svgs) == 1 and svgs[0].endswith("/assets/qr/procedures-close-jiebei/sign-in.svg")


@pytest.mark.browser
def test_a_qr_folder_of_ones_own_works_hosted_and_offline_and_cards_can_be_off(browser, tmp_path):
    """plugins > guide > qr_dir is honoured everywhere: built with qr_dir: assets/codes, the codes
    are written there, the pages point there, the offline archive keeps them, and the 二维码
    dialog shows the section's code, hosted and from file://. With cards: false (the same
    build), no link card is drawn or named."""
    import sys
    import zipfile

    from guide.common import serve_static

    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    qr_dir: assets/qr\n" in text
    config.write_text(text.replace("    qr_dir: assets/qr\n", "    qr_dir: assets/codes\n    cards: false\n"), encoding="utf-8")
    hosted, offline = tmp_path / "hosted", tmp_path / "offline"
    for name, out in [("mkdocs.yml", hosted), ("mkdocs.offline.yml", offline)]:
        result = run_mkdocs_build(project, out, config=name)
        assert result.returncode == 0, result.stdout + result.stderr
    assert (hosted / "assets/codes/procedures-close-jiebei/sign-in.svg").is_file()
    assert not (hosted / "assets/qr").exists() and not (offline / "assets/qr").exists()
    assert not (hosted / "assets/cards").exists()
    page_html = (hosted / "procedures/close-jiebei/index.html").read_text(encoding="utf-8")
    assert 'property="og:title"' in page_html and "og:image" not in page_html and "twitter:image" not in page_html
    subprocess.run([sys.executable, "-m", "guide.editions.pack_offline", str(offline), str(tmp_path / "dist")],
                   check=True, capture_output=True, text=True)
    [archive] = (tmp_path / "dist").glob("*.zip")
    with zipfile.ZipFile(archive) as zf:
        assert any(entry.endswith("/assets/codes/procedures-close-jiebei/sign-in.svg") for entry in zf.namelist())
        zf.extractall(tmp_path / "unpacked")
    [unpacked] = (tmp_path / "unpacked").iterdir()
    httpd, base = serve_static(hosted)
    try:
        for url in [base + "procedures/close-jiebei/", (unpacked / "procedures/close-jiebei.html").as_uri()]:
            page = browser.new_page()
            page.goto(url)
            section_button(page, "sign-in", ".guide-qr-button").click()
            page.wait_for_function("document.querySelector('.guide-qr-image').complete")
            image = page.locator(".guide-qr-image")
            assert "/assets/codes/procedures-close-jiebei/sign-in.svg" in image.get_attribute("src"), url
            assert image.evaluate("img => img.naturalWidth") > 0, url
            page.close()
    finally:
        httpd.shutdown()


# --- print and the PDF ---------------------------------------------------------------------

def test_a_printed_page_shows_its_qr_code_beside_its_address(browser, server, site_url):
    page = browser.new_page()
    page.goto(server + "impact/")
    page.emulate_media(media="print")
    line = page.locator("article .guide-page-url")
    assert line.is_visible() and site_url + "impact/" in line.inner_text()
    assert decode_qr(line.screenshot(scale="device")) == [site_url + "impact/"]
    page.close()


def test_every_heading_with_a_qr_button_has_its_qr_code(site):
    """guide.js gives every h2[id] and h3[id] of the article a 二维码 button (/changes/ too, whose
    headings carry data-search-exclude first); each has its SVG under assets/qr/<page>/."""
    from bs4 import BeautifulSoup

    from conftest import PAGES

    missing = []
    for url in PAGES:
        soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
        slug = soup.find("meta", attrs={"name": "guide:qr"})["content"].rstrip("/").rsplit("/", 1)[-1]
        for heading in soup.select(".md-content article h2[id], .md-content article h3[id]"):
            if not (site / "assets/qr" / slug / f"{heading['id']}.svg").is_file():
                missing.append(f"{url}#{heading['id']}")
    assert not missing, missing
    assert (site / "assets/qr/changes").is_dir() and any((site / "assets/qr/changes").iterdir())


def test_a_wrapped_line_never_starts_with_punctuation_and_an_address_breaks_after_a_slash():
    from PIL import Image, ImageDraw, ImageFont

    from guide.share import FONT_INDEX_SC, wrap_text

    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    font = ImageFont.truetype(str(find_font("regular")), 38, index=FONT_INDEX_SC)
    text = "点击“查看额度”或“立即借款”按钮下方的设置选项，即可看到借呗的管理界面。详见关闭的影响（https://guide.example.com/guide/impact/#negative）。"
    for width in range(300, 900, 7):
        lines = wrap_text(draw, text, font, width)
        assert "".join(lines) == text
        assert not [line for line in lines[1:] if line[0] in "，。、；：？！）”"], (width, lines)
        assert not [line for line in lines if "example.co" in line and not line.rstrip("）。").endswith(("/", "#negative"))
                    and "example.com/" not in line], (width, lines)
