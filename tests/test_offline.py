"""The offline edition: built, packed, unpacked into a path with spaces and Chinese, opened from
file:// with every other request aborted and counted."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import PAGES, ROOT, git_edition, run_mkdocs_build, section_button

from guide.tools.search_quality import run_set, type_query, wait_until


# The edition these builds are (the checkout's: guide/version.py), in every file name.
# The edition as a reader checks it, from git (tests/test_editions.py checks guide/version.py's).
DAY, SLUG = git_edition()
EDITION_DATE = datetime.date(*map(int, DAY.split(".")))
FOLDER = f"jiebei-wangshangdai-guide-offline-{SLUG}"
SEARCHES = {"关闭借呗": "procedures/close-jiebei.html", "多头授信": "glossary.html",
            "网商贷怎么关闭": "procedures/close-wangshangdai.html"}


def offline_name(url: str) -> str:
    """Hosted 'procedures/close-jiebei/' is 'procedures/close-jiebei.html' offline."""
    return PAGES[url].removesuffix(".md") + ".html"


@pytest.fixture(scope="session")
def offline_build(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("offline-site")
    result = run_mkdocs_build(ROOT, site, config="mkdocs.offline.yml")
    assert result.returncode == 0, f"offline build failed:\n{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture(scope="session")
def archive(offline_build, tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "guide.editions.pack_offline", str(offline_build), str(dist)],
                   check=True, capture_output=True, text=True)
    path = dist / f"{FOLDER}.zip"
    assert path.is_file()
    return path


@pytest.fixture(scope="session")
def unpacked(archive, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("offline") / "离线 指南 2026"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(target)
    return target / FOLDER


@pytest.fixture(scope="session")
def names(archive) -> list[str]:
    with zipfile.ZipFile(archive) as zf:
        return [n for n in zf.namelist() if not n.endswith("/")]


# --- the archive ---------------------------------------------------------------------------

def test_archive_has_one_folder_with_index_html(names):
    assert {n.split("/")[0] for n in names} == {FOLDER}
    assert f"{FOLDER}/index.html" in names


def test_archive_uses_html_urls_for_every_page(names):
    for url in PAGES:
        assert f"{FOLDER}/{offline_name(url)}" in names, offline_name(url)


def test_archive_has_no_source_maps_and_only_the_guides_search(names):
    assert not [n for n in names if n.endswith(".map")]
    assert not [n for n in names if "/lunr/" in n or "/workers/" in n]
    scripts = [n.split("/assets/javascripts/", 1)[1] for n in names if "/assets/javascripts/" in n]
    search = sorted(n for n in scripts if n.startswith(("search/", "vendor/")))
    assert search == ["search/dictionary.js", "search/engine.js", "search/index.js", "search/query.js", "search/ui.js"]
    assert not [n for n in names if "search_index" in n or "iframe-worker" in n]


def test_archive_ships_nothing_from_sources_tests_or_data(names):
    assert not [n for n in names if re.search(r"\.(ya?ml|py|md|txt|json)$", n)]
    assert not [n for n in names if "/tests/" in n or "/data/" in n or "sitemap" in n or n.endswith("404.html")]


def test_every_asset_in_the_archive_is_referenced(unpacked):
    files = [p for p in unpacked.rglob("*") if p.is_file()]
    text = {p: p.read_text(encoding="utf-8", errors="replace") for p in files if p.suffix in {".html", ".js", ".css"}}
    for path in files:
        if path.suffix == ".html" or path.name == "LICENSE":
            continue
        if "/assets/qr/" in path.as_posix():   # named by the 二维码 button from the section's id
            assert any(f'id="{path.stem}"' in t for p, t in text.items() if p.suffix == ".html"), path
            continue
        assert any(path.name in t for p, t in text.items() if p != path), f"{path.name} is never used"


def test_offline_pages_reference_only_local_files(unpacked):
    for path in unpacked.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        refs = [t.get("src") for t in soup.find_all(["script", "img"])]
        refs += [t.get("href") for t in soup.find_all("link") if "canonical" not in t.get("rel", [])]
        assert not [r for r in refs if r and (urlparse(r).scheme or r.startswith("/"))], path.name


def test_home_page_links_the_single_page_edition(unpacked):
    soup = BeautifulSoup((unpacked / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one('.guide-notice a[href="print_page.html"]') is not None
    assert (unpacked / "print_page.html").is_file()


# --- the single-page edition ---------------------------------------------------------------

@pytest.fixture(scope="session")
def single_page(unpacked) -> BeautifulSoup:
    return BeautifulSoup((unpacked / "print_page.html").read_text(encoding="utf-8"), "html.parser")


def test_single_page_holds_every_page_in_navigation_order(single_page, site_url):
    """Each page's hosted URL line follows its title, so their order is the pages' order."""
    urls = [p.get_text() for p in single_page.select("section.print-page p.guide-page-url")]
    assert urls == [f"{site_url}{url}" for url in PAGES]


def test_single_page_ids_are_unique_and_links_stay_inside(single_page):
    ids = [tag["id"] for tag in single_page.select("section.print-page[id], section.print-page [id]")]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert "procedures-close-jiebei-sign-in" in ids and "procedures-close-wangshangdai-sign-in" in ids
    for link in single_page.select("section.print-page a[href]"):
        href = link["href"]
        if urlparse(href).scheme or link.has_attr("download"):   # the long images are files to save, not pages
            continue
        assert href.startswith("#"), f"link leaves the single page: {href}"
        assert href[1:] in ids, f"link to a missing anchor: {href}"


def test_the_long_images_are_in_the_offline_edition_and_linked_from_the_one_file(unpacked, one_file, site_url):
    """保存为图片 works from file://: each procedure page links its image in the archive; the one
    file links the hosted image (it carries no image of its own) and has no copy button."""
    for page, product in [("procedures/close-jiebei.html", "jiebei"), ("procedures/close-wangshangdai.html", "wangshangdai")]:
        soup = BeautifulSoup((unpacked / page).read_text(encoding="utf-8"), "html.parser")
        link = soup.select_one("a.guide-save-image[download]")
        assert (unpacked / page).parent.joinpath(link["href"]).resolve() == (unpacked / f"assets/long/{product}.png").resolve()
        assert (unpacked / f"assets/long/{product}.png").is_file()
    one = BeautifulSoup(one_file.read_text(encoding="utf-8"), "html.parser")
    hrefs = sorted(link["href"] for link in one.select("a.guide-save-image"))
    assert hrefs == [f"{site_url}assets/long/jiebei.png", f"{site_url}assets/long/wangshangdai.png"]
    # No copy button (it needs the guide's script); the one script is the review-date check.
    assert not one.select("button") and [s.get("src") for s in one.select("script")] == [None]


def test_single_page_prints_each_hosted_url_under_its_title(single_page):
    for line in single_page.select("section.print-page p.guide-page-url"):
        title = line.find_previous_sibling()
        assert title is not None and title.name == "h1", f"{line.get_text()} is not under a title"


# --- in the browser, from file://, with the network blocked --------------------------------

@pytest.fixture
def offline_page(browser):
    context = browser.new_context()
    leaks = []

    def guard(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            leaks.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not leaks, f"requests left file://: {leaks}"
    assert not errors, f"script errors: {errors}"


def local_path(page, root: Path) -> str:
    return Path(unquote(urlparse(page.url).path)).relative_to(root).as_posix()


def test_pages_render_styled_from_file_url(offline_page, unpacked):
    offline_page.goto((unpacked / "procedures/close-jiebei.html").as_uri())
    color = offline_page.eval_on_selector(".md-header", "e => getComputedStyle(e).backgroundColor")
    assert color not in {"rgba(0, 0, 0, 0)", "transparent"}, "the theme's stylesheet did not load"


@pytest.mark.parametrize("query", list(SEARCHES))
def test_search_works_offline_and_a_result_opens(offline_page, unpacked, query):
    offline_page.goto((unpacked / "index.html").as_uri())
    results = type_query(offline_page, query)
    relative = [Path(unquote(urlparse(r).path)).relative_to(unpacked).as_posix() for r in results[:5]]
    assert SEARCHES[query] in relative, f"{query}: {relative}"
    offline_page.locator(".md-search-result__item").nth(relative.index(SEARCHES[query])).locator("a").first.click()
    offline_page.wait_for_load_state()
    assert local_path(offline_page, unpacked) == SEARCHES[query]


def test_query_set_offline(offline_page, unpacked):
    """Every query of tests/search-queries.yml, typed into the box from file://, with the same
    targets as hosted (tests/test_search.py)."""
    from test_search import QUERIES, check_query_set

    check_query_set(run_set(offline_page, (unpacked / "index.html").as_uri(), QUERIES))


def test_questions_offline_land_on_the_answering_section(offline_page, unpacked):
    """A question of each kind, typed from file://: an answering section is shown unfolded."""
    from test_search import check_sample

    offline_page.goto((unpacked / "index.html").as_uri())
    check_sample(offline_page, (unpacked / "index.html").as_uri())


def test_a_search_miss_offline_sends_nothing(offline_page, unpacked):
    """From file:// the guide never reports a search (no request at all leaves file://, and no
    search-miss is tried even there)."""
    requested = []
    offline_page.on("request", lambda request: requested.append(request.url))
    offline_page.clock.install()   # the reader's pauses run on the page's clock, not waited for
    offline_page.goto((unpacked / "index.html").as_uri())
    type_query(offline_page, "借呗手续费")
    offline_page.clock.run_for(2000)
    offline_page.keyboard.press("Escape")
    offline_page.clock.run_for(300)
    assert not [url for url in requested if "search-miss" in url], requested


def test_step_link_lands_on_the_step(offline_page, unpacked):
    offline_page.goto((unpacked / "procedures/close-jiebei.html").as_uri() + "#close-account")
    offline_page.wait_for_timeout(300)
    box = offline_page.locator("#close-account").bounding_box()
    assert 0 <= box["y"] < offline_page.viewport_size["height"] / 2


def test_navigation_reaches_every_page_by_clicking(offline_page, unpacked):
    for url in PAGES:
        offline_page.goto((unpacked / "index.html").as_uri())
        target = offline_name(url)
        link = offline_page.locator(f"nav.md-nav--primary a.md-nav__link[href$='{target}']").first
        if target == "index.html":
            link = offline_page.locator("nav.md-nav--primary a.md-nav__link[href='index.html']").first
        link.click()
        offline_page.wait_for_load_state()
        assert local_path(offline_page, unpacked) == target
        assert offline_page.locator("article h1").count() == 1


# --- the PDF -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def pdf(offline_build, tmp_path_factory) -> Path:
    """The PDF of the offline build, printed once for every PDF test."""
    dist = tmp_path_factory.mktemp("pdf")
    subprocess.run([sys.executable, "-m", "guide.editions.render_pdf", str(offline_build), str(dist)],
                   check=True, capture_output=True, text=True, timeout=300)
    [path] = dist.glob("*.pdf")
    return path


# render_pdf with one printing allowed, in a process of its own (Playwright's sync API runs one
# browser per process, and the suite's is running).
ONE_PRINTING = ("import sys; from guide.editions import render_pdf; render_pdf.MAX_PRINTINGS = 1; "
                "sys.exit(render_pdf.main(sys.argv[1:]))")


@pytest.mark.browser
def test_a_pdf_whose_layout_does_not_settle_is_not_written(offline_build, tmp_path):
    """With one printing allowed, the 目录 cannot get its page numbers: the PDF is refused,
    saying why, and nothing is written (a copy made before stays as it was)."""
    result = subprocess.run([sys.executable, "-c", ONE_PRINTING, str(offline_build), str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "the layout did not settle in 1 printings" in result.stderr
    assert not list(tmp_path.glob("*.pdf"))


def test_pdf_has_pages_and_both_product_names(pdf, site_url):
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 1
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "借呗" in text and "网商贷" in text
    assert f"{site_url}procedures/close-jiebei/" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert fonts.count(" yes ") >= 1 and " no  no " not in fonts, "fonts are not embedded"


def test_pdf_is_tagged_with_a_bookmark_for_every_page_and_its_sections(pdf, offline_build):
    from pypdf import PdfReader

    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, flags=re.M), "the PDF is not tagged"
    outline = PdfReader(str(pdf)).outline
    top = [item.title for item in outline if not isinstance(item, list)]
    soup = BeautifulSoup((offline_build / "print_page.html").read_text(encoding="utf-8"), "html.parser")
    titles = [next(h.stripped_strings) for h in soup.select("#print-site-page section.print-page > h1[id]")]
    assert len(titles) == len(PAGES)
    assert [t for t in top if t in titles] == titles, f"bookmarks {top} lack page titles {titles}"
    assert "手动关闭借呗" in top
    # Each page's sections sit under its bookmark: the steps under the procedure's.
    nested = outline[outline.index(next(i for i in outline if not isinstance(i, list) and i.title == "手动关闭借呗")) + 1]
    assert isinstance(nested, list) and "第 3 步：关闭借呗的借款功能" in [i.title for i in nested if not isinstance(i, list)]


def pdf_outline(pdf: Path) -> list[tuple[int, str, int]]:
    """Every bookmark: (depth, title, the sheet it opens, from 1)."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    marks = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                marks.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    walk(reader.outline, 0)
    return marks


def sheet_texts(pdf: Path) -> list[str]:
    """The text of each sheet, its page number (第 N 页) left out, spaces squeezed out."""
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                                                           text=True).stdout).group(1))
    texts = []
    for number in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        texts.append(re.sub(r"\s", "", re.sub(rf"第\s*{number}\s*页", "", text, count=1)))
    return texts


def test_pdf_has_no_near_empty_sheet(pdf):
    """No divider sheet holding a part's name, no sheet holding a leftover line: every sheet after
    the 目录 has at least 150 characters of text."""
    texts = sheet_texts(pdf)
    assert len(texts) > 10
    thin = {number: text for number, text in enumerate(texts, start=1) if number > 1 and len(text) < 150}
    assert not thin, f"near-empty sheets: {thin}"


def test_pdf_contents_give_the_page_each_entry_starts_on(pdf, offline_build):
    """The 目录 names every page with the sheet it starts on: the same sheet its bookmark opens."""
    toc = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    printed = {title: int(number) for title, number in re.findall(r"^\s*(\S+)\s+第\s*(\d+)\s*页\s*$", toc, re.M)}
    soup = BeautifulSoup((offline_build / "print_page.html").read_text(encoding="utf-8"), "html.parser")
    titles = [next(h.stripped_strings) for h in soup.select("#print-site-page section.print-page > h1[id]")]
    opens = {title: sheet for depth, title, sheet in pdf_outline(pdf) if depth == 0}
    # The 目录 lists the navigation's names (首页, 两款产品对比 …), the bookmarks the pages' titles:
    # they are matched in order, page by page.
    assert len(printed) >= len(titles), f"目录 without page numbers:\n{toc}"
    entries = list(printed.values())
    sheets = [opens[title] for title in titles]
    assert all(number in entries for number in sheets), (printed, dict(zip(titles, sheets)))
    assert entries == sorted(entries) and entries[0] >= 2, printed


def test_pdf_bookmarks_are_never_doubled_and_paper_mentions_no_mouse(pdf):
    doubled = [title for _, title, _ in pdf_outline(pdf)
               if len(title) % 2 == 0 and title[:len(title) // 2] == title[len(title) // 2:]]
    assert not doubled, doubled
    text = "".join(sheet_texts(pdf))
    assert "鼠标" not in text and "悬停" not in text


def test_pdf_layout_rules_follow_a_page_on_or_move_a_section(tmp_path):
    """The layout rules on a printing described by hand: a near-empty sheet before a page that
    starts a sheet lets that page follow on; a near-empty last sheet takes the last section of the
    sheet before that can be spared; a full document is left alone."""
    from guide.editions.render_pdf import Layout, Printed, next_decision

    headings = [{"id": "a", "text": "A", "level": "H1", "unit": "a"},
                {"id": "a-1", "text": "A1", "level": "H2", "unit": ""},
                {"id": "b", "text": "B", "level": "H1", "unit": "b"},
                {"id": "b-1", "text": "B1", "level": "H2", "unit": ""},
                {"id": "b-2", "text": "B2", "level": "H2", "unit": ""},
                {"id": "b-3", "text": "B3", "level": "H2", "unit": ""}]
    # Sheet 2 holds A's leftover (40 characters); B starts sheet 3.
    printed = Printed([100, 600, 40, 600, 500], [1, 1, 3, 3, 4, 4], [0.1, 0.6, 0.1, 0.5, 0.4, 0.9], {})
    layout = Layout()
    assert next_decision(layout, printed, headings) and layout.flow == ["b"] and not layout.breaks
    # The last sheet holds B's leftover: B2 (40% down, so 60% of 500 characters move) starts it;
    # B3, 90% down, would move too little.
    printed = Printed([100, 600, 600, 500, 30], [1, 1, 2, 2, 3, 3], [0.1, 0.6, 0.1, 0.5, 0.4, 0.9], {})
    layout = Layout(flow=["b"])
    assert next_decision(layout, printed, headings) and layout.breaks == ["b-2"]
    # Nothing near-empty: nothing decided.
    printed = Printed([100, 600, 600, 500, 400], [1, 1, 2, 2, 3, 3], [0.1, 0.6, 0.1, 0.5, 0.4, 0.9], {})
    layout = Layout()
    assert not next_decision(layout, printed, headings) and layout == Layout()


def test_pdf_post_processing_keeps_the_length_and_renames_consistently():
    from guide.editions.render_pdf import pdf_text, single_bookmarks, stable_ids

    doubled = b"<</Title " + pdf_text("借呗借呗") + b">> <</Title " + pdf_text("谢谢") + b">>"
    fixed = single_bookmarks(doubled, ["借呗"])
    assert len(fixed) == len(doubled) and pdf_text("借呗") + b" " in fixed and pdf_text("谢谢") in fixed
    dated = b"<</Title (2026-11-292026-11-29)>> <</Title (2026-11-28)>>"
    fixed = single_bookmarks(dated, ["2026-11-29", "2026-11-28"])
    assert fixed == b"<</Title (2026-11-29)          >> <</Title (2026-11-28)>>"
    one = b"/ID (node00000354) /ID (node00000360) /Names [(node00000354) 1 0 R (node00000360) 2 0 R]"
    two = one.replace(b"354", b"355").replace(b"360", b"361")
    assert stable_ids(one) == stable_ids(two) and len(stable_ids(one)) == len(one)
    assert b"(node00000000)" in stable_ids(one) and b"(node00000001)" in stable_ids(one)


def test_pdf_hosted_addresses_are_links(pdf, site_url):
    from pypdf import PdfReader

    uris = set()
    for pdf_page in PdfReader(str(pdf)).pages:
        for annotation in pdf_page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                uris.add(str(action["/URI"]))
    missing = [site_url + url for url in PAGES if site_url + url not in uris]
    assert not missing, f"hosted addresses printed without a link: {missing}"


def copied_offline(browser, unpacked: Path, page_file: str, button: str) -> str:
    """Click `button` on a page of the unpacked archive, from file:// with the network blocked,
    and return what it put on the clipboard once it says 已复制."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    page.goto((unpacked / page_file).as_uri())
    heading = re.match(r"#([\w-]+) ", button)
    (section_button(page, heading.group(1), button.split(" ", 1)[1]) if heading else page.locator(button)).click()
    page.wait_for_function("selector => document.querySelector(selector + ' .guide-copy-label').textContent === '已复制'",
                           arg=button)
    copied = page.evaluate("navigator.clipboard.readText()")
    context.close()
    return copied


def test_copy_link_offline_copies_the_hosted_address(browser, unpacked, site_url):
    copied = copied_offline(browser, unpacked, "procedures/close-jiebei.html", "#sign-in .guide-copy-link")
    assert copied == f"{site_url}procedures/close-jiebei/#sign-in"


def test_copy_steps_offline_copies_the_procedure_with_its_hosted_address(browser, unpacked, site_url):
    copied = copied_offline(browser, unpacked, "procedures/close-wangshangdai.html", ".guide-copy-steps")
    assert copied.startswith("手动关闭网商贷\n") and "第 4 步：关闭后，关注可能的限制" in copied
    assert f"网址：{site_url}procedures/close-wangshangdai/\n" in copied and "版本：" in copied
    assert not [mark for mark in ("**", "](", "<") if mark in copied]


def test_figures_are_in_the_offline_edition(offline_page, unpacked):
    for name, number in [("procedures/index.html", 1), ("impact.html", 2)]:
        offline_page.goto((unpacked / name).as_uri())
        figure = offline_page.locator(f"#figure-{number} svg")
        assert figure.is_visible() and figure.bounding_box()["height"] > 100, name


def test_single_page_loads_from_file_url_without_script_errors(offline_page, unpacked):
    """The single page borrows another page's context; its asset base must still be its own
    folder, or the theme's scripts fail from file:// (the fixture fails on any script error)."""
    offline_page.goto((unpacked / "print_page.html").as_uri(), wait_until="load")
    # The guide's own script, loaded from the page's asset base, has run.
    wait_until(offline_page, "document.readyState === 'complete' && typeof window.GuideCopy === 'object'")
    assert offline_page.locator("#procedures-close-jiebei-sign-in").count() == 1
    base = offline_page.evaluate("JSON.parse(document.getElementById('__config').textContent).base")
    assert base == "."


# --- the PDF's QR codes and the one-file edition -------------------------------------------

def test_pdf_pages_carry_the_qr_code_of_their_hosted_address(pdf, tmp_path, site_url):
    from test_share import decode_qr

    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "page")], check=True)
    found = set()
    for png in sorted(tmp_path.glob("page-*.png")):
        found.update(decode_qr(png.read_bytes()))
    assert site_url in found, found          # the first page of the PDF is the home page
    assert found <= {site_url + url for url in PAGES}, found


@pytest.fixture(scope="session")
def one_file(offline_build, tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("one-file")
    subprocess.run([sys.executable, "-m", "guide.editions.one_file", str(offline_build), str(dist)],
                   check=True, capture_output=True, text=True)
    return dist / f"jiebei-wangshangdai-guide-{SLUG}.html"


def test_one_file_edition_reads_right_from_its_first_line(one_file):
    """Its own front matter (notice, title, edition line, contents) and every page in it go
    through the same copy rules as the pages."""
    from test_copy import visible_problems, visible_texts

    texts = visible_texts(one_file.read_text(encoding="utf-8"), scopes=("body",))
    assert any("单文件版" in text for text in texts)
    problems = visible_problems(one_file.name, texts)
    assert not problems, "\n".join(sorted(set(problems)))


def test_one_file_edition_is_within_budget_and_self_contained(one_file):
    assert one_file.stat().st_size <= 300 * 1024, f"{one_file.stat().st_size / 1024:.0f} KB"
    soup = BeautifulSoup(one_file.read_text(encoding="utf-8"), "html.parser")
    assert not soup.find_all(["link", "img", "iframe"]), "the one-file edition must load nothing"
    # Its one script reads the clock only: no address, no request, nothing it could load.
    scripts = soup.find_all("script")
    assert len(scripts) == 1 and not scripts[0].get("src") and len(scripts[0].string) < 300
    assert not re.search(r"fetch|XMLHttpRequest|src|href|import|http", scripts[0].string), scripts[0].string
    assert not [t for t in soup.find_all(style=True)], "no inline style attributes either"
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    assert all(h.startswith("#") and h[1:] in ids or h.startswith("https://") for h in hrefs), \
        [h for h in hrefs if not (h.startswith("#") and h[1:] in ids or h.startswith("https://"))]
    text = soup.get_text()
    assert "本指南的信息均为虚构" in text


def test_one_file_edition_has_every_page_with_its_address_and_qr_code(one_file, site_url):
    soup = BeautifulSoup(one_file.read_text(encoding="utf-8"), "html.parser")
    lines = soup.select(".guide-page-url")
    assert [line.get_text(strip=True) for line in lines] == [site_url + url for url in PAGES]
    assert all(line.find("svg") for line in lines)


def test_one_file_edition_on_a_phone_with_no_network(browser, one_file, site_url):
    from test_share import decode_qr

    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    requests = []

    def guard(route):
        requests.append(route.request.url)
        route.continue_() if route.request.url == one_file.as_uri() else route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.goto(one_file.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "wider than the phone"
    # Icons stay icon-sized (the home page's 直接开始 cards): only figures and QR codes are large.
    large = page.evaluate("""Array.from(document.querySelectorAll('svg'))
        .filter(s => !s.closest('.guide-figure, .guide-page-url'))
        .map(s => s.getBoundingClientRect()).filter(r => r.height > 64 || r.width > 64).length""")
    assert large == 0, f"{large} icons larger than 64 px"
    for target in ["procedures-close-jiebei-close-account", "procedures-close-wangshangdai-sign-in", "glossary-glossary"]:
        page.goto(one_file.as_uri() + "#toc")
        page.click(f'nav#toc a[href="#{target}"]')
        page.wait_for_timeout(200)
        box = page.locator(f"#{target}").bounding_box()
        assert -1 <= box["y"] < 844 / 2, f"#{target} at {box['y']}"
    line = page.locator("#impact .guide-page-url")
    line.scroll_into_view_if_needed()
    assert decode_qr(line.locator("svg").screenshot()) == [site_url + "impact/"]
    context.close()
    assert requests == [one_file.as_uri()] * len(requests) and requests, requests


def test_qr_dialog_works_offline_and_points_at_the_hosted_address(offline_page, unpacked, site_url):
    from test_share import decode_qr

    offline_page.set_viewport_size({"width": 390, "height": 844})
    offline_page.goto((unpacked / "procedures/close-wangshangdai.html").as_uri())
    section_button(offline_page, "open-management", ".guide-qr-button").click()
    offline_page.wait_for_function("document.querySelector('.guide-qr-image').complete"
                                   " && document.querySelector('.guide-qr-image').naturalWidth > 0")
    expected = f"{site_url}procedures/close-wangshangdai/#open-management"
    assert offline_page.locator(".guide-qr-url").inner_text() == expected
    assert decode_qr(offline_page.locator(".guide-qr-image").screenshot()) == [expected]


# --- the answer loop from file:// (tests/test_search_ui.py runs it hosted) --------------------

@pytest.fixture
def offline_phone(browser):
    from test_search_ui import PHONE

    context = browser.new_context(**PHONE)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    yield page
    context.close()


def test_a_pasted_question_an_ime_and_a_second_paste_are_searched_offline(offline_phone, unpacked):
    from test_search_ui import check_paste_and_ime

    check_paste_and_ime(offline_phone, (unpacked / "index.html").as_uri())


def test_results_read_cleanly_offline(offline_phone, unpacked):
    from test_search_ui import check_results_read_cleanly

    check_results_read_cleanly(offline_phone, (unpacked / "index.html").as_uri())


def test_copy_reply_offline_sends_the_hosted_address(browser, unpacked, site_url):
    from test_search_ui import copy_reply

    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    base = (unpacked / "index.html").as_uri()
    page.goto(base)
    text = copy_reply(page, base, "借呗还有欠款能关闭吗")
    assert text.split("\n")[0] == "借款还没有还清时，能否关闭", text      # the situation, as a customer reads it
    assert f"详见：{site_url}procedures/close-jiebei/#not-covered" in text.split("\n"), text
    assert ".html" not in text and "file:" not in text
    page.locator(".md-search-result__item").first.locator(".guide-result-button", has_text="复制链接").click()
    page.wait_for_function("document.querySelector('.guide-copy-status').textContent.startsWith('已复制')")
    assert page.evaluate("navigator.clipboard.readText()") == f"{site_url}procedures/close-jiebei/#not-covered"
    context.close()


def test_scope_reopening_and_closing_words_offline(offline_phone, unpacked):
    from test_search_ui import check_scope_and_intents

    check_scope_and_intents(offline_phone, (unpacked / "index.html").as_uri())



# --- an old copy says it is old, when it is read -------------------------------------------

def review_due(page_source: str) -> datetime.date:
    """A page's review-due date from its front matter: last_verified plus review_days (180)."""
    text = (ROOT / "docs" / page_source).read_text(encoding="utf-8")
    checked = datetime.date.fromisoformat(re.search(r"^last_verified: (\S+)", text, re.M).group(1))
    days = re.search(r"^review_days: (\d+)", text, re.M)
    return checked + datetime.timedelta(days=int(days.group(1)) if days else 180)


def opened_on(browser, url: str, day: datetime.date, allow=lambda url: url.startswith("file:")):
    """A page opened from file:// with the browser's clock on `day`, every other request refused."""
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if allow(route.request.url) else route.abort())
    page = context.new_page()
    page.clock.install(time=datetime.datetime.combine(day, datetime.time(10, 0)))
    page.goto(url)
    page.wait_for_load_state("load")
    return context, page


@pytest.mark.browser
def test_an_offline_copy_says_it_is_old_only_past_its_review_date(browser, unpacked, site_url):
    due = review_due("procedures/close-jiebei.md")
    url = (unpacked / "procedures/close-jiebei.html").as_uri()
    context, page = opened_on(browser, url, EDITION_DATE + datetime.timedelta(days=1))
    assert page.locator(".guide-overdue").count() == 0
    context.close()
    for day in (due, ):
        context, page = opened_on(browser, url, day)
        assert page.locator(".guide-overdue").count() == 0, f"on the due date {day} itself"
        context.close()
    context, page = opened_on(browser, url, due + datetime.timedelta(days=1))
    notice = page.locator(".guide-overdue")
    assert notice.is_visible()
    assert "本版本已超过复核期限" in notice.inner_text() and "请以在线版为准" in notice.inner_text()
    assert notice.locator("a").get_attribute("href") == site_url + "procedures/close-jiebei/"
    context.close()


@pytest.mark.browser
def test_the_one_file_edition_says_it_is_old_only_past_its_earliest_review_date(browser, one_file, site_url):
    due = min(review_due(path.relative_to(ROOT / "docs").as_posix()) for path in (ROOT / "docs").rglob("*.md"))
    allow = lambda url: url == one_file.as_uri()   # noqa: E731
    context, page = opened_on(browser, one_file.as_uri(), EDITION_DATE + datetime.timedelta(days=1), allow)
    assert page.locator("#guide-overdue").is_hidden()
    context.close()
    context, page = opened_on(browser, one_file.as_uri(), due + datetime.timedelta(days=1), allow)
    notice = page.locator("#guide-overdue")
    assert notice.is_visible() and "本版本已超过复核期限" in notice.inner_text()
    assert notice.locator("a").get_attribute("href") == site_url
    context.close()
