"""MkDocs hooks for the guide (listed under `hooks:` in mkdocs.yml).

MkDocs loads this file by path, so the project folder is put on sys.path to reach `guide`.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from mkdocs.utils import get_relative_url  # noqa: E402

from guide import load_all, load_change_log, moved_pages  # noqa: E402
from guide.changes import latest_for  # noqa: E402
from guide.data import GuideDataError  # noqa: E402
from guide.freshness import MAX_AGE_DAYS, is_stale, parse_last_verified, verification_html  # noqa: E402
from guide.glossary import mark_terms  # noqa: E402
from guide.search_dictionary import (build_dictionary, check_guide_words, common_characters,  # noqa: E402
                                     dictionary_script, jieba_words, load_synonyms,
                                     opencc_traditional_lines, pypinyin_readings, user_dictionary_words)
from guide.search_seam import (GUIDE_WORKER, SearchSeamError, remove_theme_search,  # noqa: E402
                               theme_search_wanted, use_guide_worker)
from guide.share import FONT_FILES, card_png, find_font, page_slug, qr_svg  # noqa: E402
from guide.urls import add_after_title, add_page_url, hosted_url  # noqa: E402
from guide.version import current_edition  # noqa: E402

_terms = []
_procedure_pages = set()
_products = {}
_synonyms = None
_project = PROJECT_DIR
_edition = None
_procedure = None
_changes = []
CHANGES_PAGE = "changes.md"
_page_urls = {}
SYNONYMS = "data/synonyms.yml"
# Link cards and QR codes, in the built site; cards are cached between builds.
CARDS = "assets/cards"
QR = "assets/qr"
CARD_CACHE = "build/cache/cards"
SECTION_IDS = re.compile(r'<h[23] id="([^"]+)"')
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
# Offered in the search results when no word of a query matches: both procedures, the glossary.
SEARCH_OFFER = ["procedures/close-jiebei.md", "procedures/close-wangshangdai.md", "glossary.md"]
# Pages that point to or explain the guide's words rather than answer: on equal terms, a page
# that answers leads them in the search (the home page's lists, the glossary's definitions).
SEARCH_REFERENCE = ["index.md", "glossary.md"]

# Stale step dates are reported, not counted: under `strict: true` a warning on MkDocs' own
# logger would fail the build, and time passing must not.
notices = logging.getLogger("guide.freshness")
if not notices.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    notices.addHandler(_handler)
    notices.propagate = False


# Before the plugins: the single-page plugin reads its title in its own on_config.
@event_priority(100)
def on_config(config):
    global _terms, _procedure_pages, _products, _synonyms, _project, _edition, _procedure, _changes
    _project = project = Path(config.config_file_path).parent
    # The edition and the build's one date (guide/version.py): MkDocs takes its build date, and
    # so the footer's and the sitemap's dates, from SOURCE_DATE_EPOCH.
    _edition = current_edition(project)
    os.environ["SOURCE_DATE_EPOCH"] = str(_edition.epoch)
    config.extra["edition"] = {"label": _edition.label, "slug": _edition.slug, "epoch": _edition.epoch}
    if "print-site" in config.plugins:   # the PDF's and the single page's title say the edition too
        single = config.plugins["print-site"].config
        if "版本" not in single["print_page_title"]:
            single["print_page_title"] = f"{single['print_page_title']}（版本 {_edition.label}）"
    try:
        _products, _procedure, _terms = load_all(project)
        _synonyms = load_synonyms(project / SYNONYMS)
        _changes = load_change_log(project, Path(config.docs_dir), _procedure, moved_pages(config))
    except GuideDataError as error:
        raise PluginError(f"guide data: {error}") from None
    _procedure_pages = {product.procedure for product in _products.values()}
    return config


def on_files(files, config):
    """Each page's URL in this edition (directory URLs hosted, .html offline), for the search
    dictionary's procedure pages and offers."""
    _page_urls.clear()
    for file in files.documentation_pages():
        _page_urls[file.src_uri] = file.url
    return files


# Before other plugins (the single-page edition copies each page's HTML at this event).
@event_priority(50)
def on_page_content(html, page, config, files):
    """Glossary tooltips, and the page's hosted URL under its title (shown in print)."""
    html = mark_terms(html, _terms)
    if page.file.src_uri in _procedure_pages:
        html = add_after_title(html, verified_line(page))
    url = hosted_url(config.site_url, page.file.src_uri)
    return add_page_url(html, url, qr_svg(url, "本页地址的二维码", scale=2, css_class="guide-page-qr"),
                        _edition.label)


def verified_line(page) -> str:
    """最后对照原文核对, and the stale notice when the page was checked too long ago."""
    try:
        last_verified = parse_last_verified(page.file.src_uri, page.meta)
    except GuideDataError as error:
        raise PluginError(str(error)) from None
    today = _edition.date   # the commit's day, not the clock's: the same commit, the same page
    if is_stale(last_verified, today):
        notices.warning(f"{page.file.src_uri}: last checked against the source {last_verified}, more than "
                        f"{MAX_AGE_DAYS} days ago: check the page against the source and update 'last_verified'")
    latest = latest_for(_changes, page.file.src_uri, {step.id for step in _procedure.steps})
    link = None
    if latest and CHANGES_PAGE in _page_urls:
        link = (latest.date.isoformat(), get_relative_url(_page_urls[CHANGES_PAGE], page.url) + "#" + latest.anchor)
    return verification_html(last_verified, today, latest_change=link)


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_search_dialog(output: str, where: str) -> str:
    """The theme's search dialog has no accessible name; give it one."""
    if output.count(SEARCH_DIALOG) != 1:
        raise PluginError(f"{where}: the theme's search dialog markup changed; check name_search_dialog in guide/hooks.py")
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="搜索">')


def on_post_page(output, page, config):
    write_share_files(output, page, config)
    return search_seam(name_search_dialog(output, page.file.src_uri), page.file.src_uri)


def on_post_template(output_content, template_name, config):
    if template_name != "404.html":
        return output_content
    return search_seam(name_search_dialog(output_content, template_name), template_name)


def search_seam(output: str, where: str) -> str:
    """The page starts the guide's search worker (guide/search_seam.py)."""
    if theme_search_wanted():
        return output
    try:
        return use_guide_worker(output, where)
    except SearchSeamError as error:
        raise PluginError(str(error)) from None


def on_page_context(context, page, config, nav):
    """The page's hosted address (复制链接, 二维码) and its link card (overrides/main.html)."""
    context["hosted_url"] = hosted_url(config.site_url, page.file.src_uri)
    context["share"] = share_info(page, config)
    return context


def share_info(page, config) -> dict:
    """What a link card says about a page, and where its card and QR codes are."""
    slug = page_slug(page.file.src_uri)
    return {
        "slug": slug,
        "title": page_heading(page.content or "") or page.title,
        "description": page.meta.get("description") or config.site_description,
        "card": f"{hosted_url(config.site_url, 'index.md')}{CARDS}/{slug}.png",
    }


def page_heading(page_html: str) -> str:
    """The text of the page's <h1> (its permalink sign left out)."""
    found = H1.search(page_html)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("¶", "").strip() if found else ""


def write_share_files(output: str, page, config) -> None:
    """The page's link card (hosted edition; from the cache when unchanged) and the QR code of
    each section's hosted address, which the 二维码 button loads when opened."""
    site_dir = Path(config.site_dir)
    info = share_info(page, config)
    if not config.extra.get("offline_edition"):
        try:
            fonts = {kind: find_font(kind) for kind in FONT_FILES}
        except GuideDataError as error:
            raise PluginError(str(error)) from None
        data, _ = card_png(_project / CARD_CACHE, info["title"], info["description"], config.site_name,
                           config.copyright, fonts)
        target = site_dir / CARDS / f"{info['slug']}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    folder = site_dir / QR / info["slug"]
    folder.mkdir(parents=True, exist_ok=True)
    for anchor in SECTION_IDS.findall(output.split('<article', 1)[-1]):
        url = hosted_url(config.site_url, page.file.src_uri, anchor)
        (folder / f"{anchor}.svg").write_text(qr_svg(url, f"二维码：{url}", scale=8), encoding="utf-8")


def on_post_build(config):
    site_dir = Path(config.site_dir)
    fix_single_page_base(site_dir)
    write_search_dictionary(site_dir)
    if not theme_search_wanted():
        remove_theme_search(site_dir)
        print_page = site_dir / "print_page.html"
        if print_page.is_file():
            print_page.write_text(search_seam(print_page.read_text(encoding="utf-8"), "print_page.html"),
                                  encoding="utf-8")


def write_search_dictionary(site_dir: Path) -> None:
    """assets/javascripts/search/dictionary.js, from the index just written and data/."""
    index = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    titles = {doc["location"]: doc["title"].replace("\u200b", "") for doc in index["docs"]}
    try:
        check_guide_words(_synonyms, index, SYNONYMS)
        products = {product.name: _page_url(product.procedure) for product in _products.values()}
        offer = [{"title": titles[_page_url(src)], "location": _page_url(src)} for src in SEARCH_OFFER]
        keys = [term.term for term in _terms] + user_dictionary_words(_project / "data/jieba-user-dict.txt")
        dictionary = build_dictionary(index, _synonyms, products, offer, keys, common_characters(),
                                      pypinyin_readings, opencc_traditional_lines(), jieba_words())
        dictionary["reference"] = [_page_url(src) for src in SEARCH_REFERENCE]
    except GuideDataError as error:
        raise PluginError(f"guide data: {error}") from None
    target = site_dir / GUIDE_WORKER.replace("worker.js", "dictionary.js")
    target.write_text(dictionary_script(dictionary), encoding="utf-8")


def _page_url(src_uri: str) -> str:
    if src_uri not in _page_urls:
        raise GuideDataError(f"the search dictionary names page '{src_uri}', which is not in docs/")
    return _page_urls[src_uri]


def fix_single_page_base(site_dir: Path) -> None:
    """The single-page edition borrows the 404 page's context, whose asset base is absolute
    (site_url's path); from file:// that is a folder on the disk. Point it at the page's own."""
    print_page = site_dir / "print_page.html"
    if print_page.is_file():
        text = print_page.read_text(encoding="utf-8")
        print_page.write_text(re.sub(r'"base": "[^"]*"', '"base": "."', text, count=1), encoding="utf-8")
