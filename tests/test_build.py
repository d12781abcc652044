"""Layer 2: the strict build, and the built HTML read with a real parser."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from guide.chars import HAN
from conftest import NOT_COVERED_BRIEFS, PAGES, ROOT, git_edition, read_script_data
from guide import load_all

CJK = HAN   # guide/chars.py


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def article_text(soup: BeautifulSoup) -> str:
    return soup.select_one("article.md-content__inner").get_text()


@pytest.mark.parametrize("url", list(PAGES))
def test_every_promised_url_is_built(site, url):
    assert (site / url / "index.html").is_file(), f"/{url} was not built"


def test_every_promised_url_is_in_the_navigation(site):
    nav = page(site, "").select("nav.md-nav--primary a.md-nav__link[href]")
    linked = {urlparse(urljoin("http://x/", a["href"])).path.lstrip("/") for a in nav}
    missing = sorted(url or "/" for url in PAGES if url not in linked)
    assert not missing, f"pages missing from the navigation: {missing}"


def test_pages_are_chinese(site):
    for url in PAGES:
        assert page(site, url).html["lang"] == "zh", url


@pytest.mark.parametrize("url", list(PAGES))
def test_no_raw_template_syntax_reaches_a_page(site, url):
    soup = page(site, url)
    text = article_text(soup) + soup.title.get_text()
    for token in ("{{", "{%", "{#", "}}", "%}", "#}"):
        assert token not in text, f"/{url} shows raw {token!r}"


@pytest.mark.parametrize("url", list(PAGES))
def test_every_heading_has_an_explicit_ascii_id(site, url):
    for heading in page(site, url).select("article h1, article h2, article h3, article h4, article h5, article h6"):
        heading_id = heading.get("id", "")
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", heading_id), f"/{url}: {heading.get_text()!r} has id {heading_id!r}"


# Each procedure's steps as a reader sees them, written out (data/steps.yml with the product filled).
STEP_HEADINGS = {
    "jiebei": [("sign-in", "第 1 步：登录支付宝账户"), ("open-management", "第 2 步：进入借呗的管理界面"),
               ("close-account", "第 3 步：关闭借呗的借款功能"), ("after-closing", "第 4 步：关闭后，关注可能的限制")],
    "wangshangdai": [("sign-in", "第 1 步：登录支付宝账户"), ("open-management", "第 2 步：进入网商贷的管理界面"),
                     ("close-account", "第 3 步：关闭网商贷的借款功能"), ("after-closing", "第 4 步：关闭后，关注可能的限制")],
}


@pytest.mark.parametrize("product, url", [("jiebei", "procedures/close-jiebei/"),
                                          ("wangshangdai", "procedures/close-wangshangdai/")])
def test_procedure_page_has_every_step_numbered_with_its_id(site, product, url):
    soup = page(site, url)
    for step_id, title in STEP_HEADINGS[product]:
        heading = soup.find(id=step_id)
        assert heading is not None and heading.name == "h2", f"/{url} lacks step #{step_id}"
        assert heading.get_text().strip().startswith(title)
    assert [h["id"] for h in soup.select("article h2[id]") if h.get_text().strip().startswith("第 ")] == \
        [step_id for step_id, _ in STEP_HEADINGS[product]]


@pytest.mark.parametrize("url", ["procedures/close-jiebei/", "procedures/close-wangshangdai/"])
def test_procedure_page_shows_the_illustrative_notice_from_the_step_data(site, url):
    _, procedure, _ = load_all(ROOT)
    notice = page(site, url).select_one("article .admonition.info")
    assert notice is not None and "菜单路径仅作示意" in notice.get_text()
    assert " ".join(procedure.notice.split()) in " ".join(notice.get_text().split())


def visible_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if len(line.strip()) >= 12]


def test_shared_step_text_is_in_both_procedures_and_written_once():
    """The sign-in and close-account bodies reach both pages, and exist once in the sources."""
    _, procedure, _ = load_all(ROOT)
    sources = [p for folder in ("docs", "data", "guide", "overrides") for p in (ROOT / folder).rglob("*")
               if p.is_file() and p.suffix in {".md", ".yml", ".py", ".html"}]
    shared = [s for s in procedure.steps if not s.by_product]
    assert len(shared) >= 3
    for step in shared:
        for line in visible_lines(step.body):
            holders = [p.relative_to(ROOT) for p in sources if line in p.read_text(encoding="utf-8")]
            assert holders == [Path("data/steps.yml")], f"{line!r} is written in {holders}"


def test_no_page_copies_a_step_title_or_a_products_entry():
    """The pages name steps and products' entries through macros (procedure_outline,
    procedure_intro, product_card, step), and the figures through `step:`, `product:` and
    placeholders, never by copying data/steps.yml or data/products.yml."""
    products, procedure, _ = load_all(ROOT)
    written = {p.relative_to(ROOT): p.read_text(encoding="utf-8")
               for p in [*(ROOT / "docs").rglob("*.md"), ROOT / "data/figures.yml"]}
    phrases = [product.entry for product in products.values()]
    phrases += [step.title.replace("{product}", name) for step in procedure.steps
                for name in ["产品", *(product.name for product in products.values())] if len(step.title) > 4]
    copied = [(phrase, str(page)) for phrase in phrases for page, text in written.items() if phrase in text]
    assert not copied, copied


SHARED_LINES = ["使用已完成实名认证的支付宝账户登录。", "在支付宝首页打开“我的”，再选择“资产管理”或“信贷”，进入相关功能页面。",
                "找到“账户设置”或“安全中心”。", "点击“关闭借款功能”按钮。", "系统弹出提示窗口，确认你要关闭。",
                "按提示完成身份验证，例如输入短信验证码或进行面部识别。"]


@pytest.mark.parametrize("url, own", [
    ("procedures/close-jiebei/", ["点击“查看额度”或“立即借款”按钮下方的设置选项，即可看到借呗的管理界面。",
                                  "在借呗的管理界面中，", "身份验证完成后，借呗账户将被关闭。"]),
    ("procedures/close-wangshangdai/", ["通过“商家服务”页面进入，具体路径为“财富 > 商家贷款”，即可看到网商贷的管理界面。",
                                        "在网商贷的管理界面中，", "身份验证完成后，网商贷账户将被关闭。"]),
])
def test_shared_step_text_appears_on_both_procedure_pages(site, url, own):
    """The shared steps, written out here as a reader sees them, on both pages; each page with
    its own product's name and entry filled in."""
    text = " ".join(article_text(page(site, url)).split())
    for line in SHARED_LINES + own:
        assert line in text, f"/{url} lacks {line!r}"
    other = "网商贷" if "jiebei" in url else "借呗"
    assert f"即可看到{other}的管理界面" not in text


@pytest.mark.parametrize("url", ["procedures/close-jiebei/", "procedures/close-wangshangdai/"])
def test_the_published_step_anchors_are_on_both_procedure_pages(site, url):
    """The anchors staff have sent, written out (never derived from data/steps.yml), in order."""
    ids = [h["id"] for h in page(site, url).select("article h2[id]")]
    steps = [i for i in ids if i in ("sign-in", "open-management", "close-account", "after-closing")]
    assert steps == ["sign-in", "open-management", "close-account", "after-closing"], ids


@pytest.mark.parametrize("url", list(PAGES))
def test_every_page_has_the_fictional_notice_and_the_footer(site, url):
    soup = page(site, url)
    notice = soup.select_one(".md-banner .guide-notice")
    assert notice is not None, f"/{url} lacks the site-wide notice"
    # The same sentence as every sent text and the one-file edition (tests/test_send.py, test_offline.py).
    assert "提示：本指南的信息均为虚构，菜单路径仅作示意，请以支付宝 App 中实际显示为准。" in " ".join(notice.get_text().split())
    link = notice.find("a")
    assert urlparse(urljoin(f"http://x/{url}", link["href"])).path == "/disclaimer/"
    footer = soup.select_one(".md-copyright").get_text()
    assert "借呗与网商贷手动关闭指南" in footer
    # The edition's date (the last commit's, read from git here), never the clock's: the same
    # footer on any day.
    assert git_edition()[0].replace(".", "-") in footer


def test_home_links_to_both_procedures(site):
    hrefs = {a["href"] for a in page(site, "").select("article a[href]")}
    assert {"procedures/close-jiebei/", "procedures/close-wangshangdai/"} <= hrefs


def test_glossary_terms_carry_their_definition_as_tooltip(site):
    _, _, terms = load_all(ROOT)
    definitions = {t.term: t.definition for t in terms}
    abbrs = page(site, "impact/").select("article abbr[title]")
    assert {"多头授信", "资产负债结构"} <= {a.get_text() for a in abbrs}
    for abbr in abbrs:
        assert abbr["title"] == definitions[abbr.get_text()]
        assert not abbr.find_parent(re.compile(r"^(h[1-6]|a)$"))


def test_tooltips_feature_is_on(config):
    assert "content.tooltips" in config["theme"]["features"]


# --- no third-party requests -------------------------------------------------------------

@pytest.mark.parametrize("url", list(PAGES))
def test_page_references_no_other_host(site, url):
    soup = page(site, url)
    loaded = [tag.get("src") for tag in soup.find_all(["script", "img", "iframe", "source", "audio", "video"])]
    loaded += [tag.get("href") for tag in soup.find_all("link") if tag.get("rel") != ["canonical"]
               and "alternate" not in tag.get("rel", [])]
    external = [ref for ref in loaded if ref and urlparse(ref).scheme in {"http", "https", ""} and urlparse(ref).netloc]
    assert not external, f"/{url} loads from other hosts: {external}"
    assert "fonts.googleapis" not in str(soup) and "unpkg.com" not in str(soup)


def test_config_requests_nothing_external(config):
    assert config["theme"]["font"] is False
    assert "repo_url" not in config
    assert "analytics" not in config.get("extra", {})


def test_css_names_the_cjk_font_stack(site):
    css = (site / "assets/stylesheets/extra.css").read_text(encoding="utf-8")
    for font in ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "sans-serif"):
        assert font in css


# --- search index ------------------------------------------------------------------------

@pytest.fixture(scope="session")
def search_index(site) -> dict:
    """The guide's index (assets/javascripts/search/index.js), as the page's script sets it."""
    return read_script_data(site / "assets/javascripts/search/index.js", "GUIDE_SEARCH_INDEX")


def index_tokens(search_index) -> set[str]:
    return set(search_index["words"]["terms"])


ZERO_WIDTH = re.compile("[\u00ad\u200b-\u200f\u2060-\u206f\ufeff]")


def test_search_index_holds_the_words_as_segmented_and_no_zero_width_character(site, search_index):
    text = (site / "assets/javascripts/search/index.js").read_text(encoding="utf-8")
    assert not ZERO_WIDTH.search(text), "a zero-width character in the guide's search index"
    terms = search_index["words"]["terms"]
    assert "借呗" in terms and "关闭" in terms and not [t for t in terms if " " in t or ZERO_WIDTH.search(t)]
    assert all(doc["title"] for doc in search_index["docs"])
    documents = len(search_index["docs"])
    assert len(search_index["words"]["lengths"]) == documents
    # Each entry: the document, then its count in the title, the text and the questions (data/questions.yml).
    assert all(len(entry) == 4 and 0 <= entry[0] < documents and sum(entry[1:]) > 0
               for found in terms.values() for entry in found)


@pytest.mark.parametrize("term", ["借呗", "网商贷", "多头授信", "征信", "授信额度", "资产负债结构", "身份验证"])
def test_domain_terms_are_single_index_terms(search_index, term):
    """The term is a word of the index, and every time the guide writes it, it is inside one
    word of the index (itself or a longer one): jieba never split it."""
    terms = search_index["words"]["terms"]
    assert term in terms, f"{term} is not an index term"
    written = sum(re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"]).count(term) for doc in search_index["docs"])
    counted = sum(word.count(term) * (entry[1] + entry[2]) for word, found in terms.items() if term in word
                  for entry in found)
    assert written == counted > 0, f"{term}: written {written} times, inside index words {counted} times"


def test_jiebei_is_not_split_into_two_characters(search_index):
    assert "呗" not in index_tokens(search_index)


def test_user_dictionary_lists_the_domain_terms(config):
    path = ROOT / config["plugins"]["search"]["jieba_dict_user"]
    words = {line.split()[0] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert {"借呗", "网商贷", "多头授信", "征信", "授信额度"} <= words


@pytest.mark.parametrize("url", list(PAGES))
def test_no_stray_space_between_chinese_characters(site, url):
    """A line break inside a Chinese paragraph in the source shows as a space on the page."""
    text = article_text(page(site, url))
    stray = re.findall(f"[{CJK}，。；：！？、”）] +[{CJK}“（]", text)
    assert not stray, f"/{url} has spaces inside Chinese text: {stray}"


@pytest.mark.parametrize("url, number", [("procedures/", 1), ("impact/", 2)])
def test_figures_are_inline_svg_with_a_text_alternative(site, url, number):
    figure = page(site, url).select_one(f"article figure#figure-{number}")
    assert figure is not None, f"/{url} lacks 图{number}"
    svg = figure.find("svg")
    assert svg["role"] == "img" and svg.find("title").get_text().startswith(f"图 {number}：")
    assert len(svg.find("desc").get_text()) > 40
    assert figure.find("figcaption").get_text().startswith(f"图 {number}：")
    assert figure.select_one("details p").get_text() == svg.find("desc").get_text()
    assert not svg.find("abbr"), "glossary tooltips must not enter the SVG"


def test_no_built_file_contains_template_syntax(site):
    """Pages, scripts and styles alike: nothing in the site shows raw '{{' or '{%'."""
    leaks = [str(p.relative_to(site)) for p in site.rglob("*") if p.is_file() and p.suffix in {".html", ".js", ".css", ".json"}
             and re.search(r"\{\{|\{%", p.read_text(encoding="utf-8", errors="replace"))]
    assert not leaks, leaks


def test_pages_carry_the_guides_search_and_none_of_the_themes(site):
    """The search box is the guide's (overrides/partials/search.html, search/ui.js): nothing on a
    page starts the theme's search, and its worker, lunr and index are left out of the site."""
    for path in [*site.rglob("index.html"), site / "404.html"]:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one("[data-guide-search] input.md-search__input"), path
        assert not soup.select('[data-md-component^="search"]'), path
        assert not soup.select('form[name="search"]'), path
        assert any(tag["src"].endswith("assets/javascripts/search/ui.js") for tag in soup.select("script[src]")), path
    for gone in ["assets/javascripts/workers", "assets/javascripts/lunr", "search/search_index.json"]:
        assert not (site / gone).exists(), gone
    for name in ["ui.js", "query.js", "engine.js", "dictionary.js", "index.js"]:
        assert (site / "assets/javascripts/search" / name).is_file(), name
    assert not (site / "assets/javascripts/vendor").exists(), "the engine needs no library"


def test_a_section_the_source_does_not_cover_carries_the_guides_reply(search_index):
    asks = {doc["location"]: doc["ask"] for doc in search_index["docs"] if "ask" in doc}
    assert set(asks) == {"procedures/close-jiebei/#not-covered", "procedures/close-wangshangdai/#not-covered"}
    assert "借呗的官方客服" in asks["procedures/close-jiebei/#not-covered"]
    assert "网商贷的官方客服" in asks["procedures/close-wangshangdai/#not-covered"]
    assert not any("原文" in ask for ask in asks.values()), "a customer does not know what 原文 means"
    # Each situation the box lists, as the page words it, with the short form a reply sends.
    box = next(doc for doc in search_index["docs"] if doc["location"] == "procedures/close-wangshangdai/#not-covered")
    page_text = re.sub(r"<[^>]+>|\s+", "", box["text"])
    assert [brief for _, brief in box["situations"]] == NOT_COVERED_BRIEFS
    for said, brief in box["situations"]:
        assert re.sub(r"\s+", "", said) in page_text, said
        assert "原文" not in brief, brief
    assert search_index["site"]["forCustomer"] == [["按原文，", ""], ["原文", "本指南所依据的文章"]]


def test_search_index_leaves_out_the_print_only_url_lines(search_index, site_url):
    text = "".join(doc["text"] for doc in search_index["docs"]) + " ".join(search_index["words"]["terms"])
    assert site_url not in text


def test_the_404_page_says_what_it_is_in_its_title(site):
    assert re.search(r"<title>页面不存在 - [^<]+</title>", (site / "404.html").read_text(encoding="utf-8"))


def test_the_home_page_and_figure_1_keep_the_sources_hedges_and_touch_wording(site):
    """The home page's list says 可能带来 (as /impact/ does); figure 1's last step names 部分金融机构
    (as step 4 does); dotted words are for a tap as well as a mouse."""
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "关闭可能带来哪些正面和负面影响" in home and "点按带虚线的词" in home
    chooser = (site / "procedures/index.html").read_text(encoding="utf-8")
    figure = chooser[chooser.index('<svg class="guide-figure'):] if '<svg class="guide-figure' in chooser else \
        chooser[chooser.index("<figure"):chooser.index("</figure>")]
    assert "部分金融机构可能对" in figure and "信用评分可能受到" not in figure


def test_every_page_shows_when_it_was_last_checked(site):
    """最后对照原文核对 with its date on every page of the navigation, and the review-due date the
    reader's clock is compared with: the check plus 180 days, unless the page says otherwise."""
    import datetime

    for url, source in PAGES.items():
        soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
        line = soup.select_one("article .guide-last-verified")
        assert line is not None and "最后对照原文核对" in line.get_text(), url
        front = (ROOT / "docs" / source).read_text(encoding="utf-8")
        checked = re.search(r"^last_verified: (\S+)", front, re.M).group(1)
        days = re.search(r"^review_days: (\d+)", front, re.M)
        assert line.select_one("time")["datetime"] == checked, url
        due = datetime.date.fromisoformat(checked) + datetime.timedelta(days=int(days.group(1)) if days else 180)
        assert line["data-review-due"] == due.isoformat(), url


def test_the_check_line_is_not_searched(search_index):
    """最后对照原文核对 is about the page, not what it says: no page is found by it."""
    text = json.dumps(search_index, ensure_ascii=False)
    assert "最后对照原文核对" not in text and "核对的是本页" not in text
