"""MkDocs hooks for the guide (listed under `hooks:` in mkdocs.yml).

MkDocs loads this file by path, so the project folder is put on sys.path to reach `guide`.
"""

from __future__ import annotations

import datetime
import logging
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from guide import load_all  # noqa: E402
from guide.data import GuideDataError  # noqa: E402
from guide.freshness import MAX_AGE_DAYS, is_stale, parse_last_verified, verification_html  # noqa: E402
from guide.glossary import mark_terms  # noqa: E402
from guide.search_fix import SearchFixError, fix_query_segmentation, unused_search_languages  # noqa: E402
from guide.urls import add_after_title, add_page_url, hosted_url  # noqa: E402

_terms = []
_procedure_pages = set()

# Stale step dates are reported, not counted: under `strict: true` a warning on MkDocs' own
# logger would fail the build, and time passing must not.
notices = logging.getLogger("guide.freshness")
if not notices.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    notices.addHandler(_handler)
    notices.propagate = False


def on_config(config):
    global _terms, _procedure_pages
    try:
        products, _, _terms = load_all(Path(config.config_file_path).parent)
    except GuideDataError as error:
        raise PluginError(f"guide data: {error}") from None
    _procedure_pages = {product.procedure for product in products.values()}
    return config


# Before other plugins (the single-page edition copies each page's HTML at this event).
@event_priority(50)
def on_page_content(html, page, config, files):
    """Glossary tooltips, and the page's hosted URL under its title (shown in print)."""
    html = mark_terms(html, _terms)
    if page.file.src_uri in _procedure_pages:
        html = add_after_title(html, verified_line(page))
    return add_page_url(html, hosted_url(config.site_url, page.file.src_uri))


def verified_line(page) -> str:
    """最后核对日期, and the stale notice when the steps were checked too long ago."""
    try:
        last_verified = parse_last_verified(page.file.src_uri, page.meta)
    except GuideDataError as error:
        raise PluginError(str(error)) from None
    today = datetime.date.today()
    if is_stale(last_verified, today):
        notices.warning(f"{page.file.src_uri}: steps last verified {last_verified}, more than "
                        f"{MAX_AGE_DAYS} days ago: check them in the app and update 'last_verified'")
    return verification_html(last_verified, today)


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_search_dialog(output: str, where: str) -> str:
    """The theme's search dialog has no accessible name; give it one."""
    if output.count(SEARCH_DIALOG) != 1:
        raise PluginError(f"{where}: the theme's search dialog markup changed; check name_search_dialog in guide/hooks.py")
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="搜索">')


def on_post_page(output, page, config):
    return name_search_dialog(output, page.file.src_uri)


def on_post_template(output_content, template_name, config):
    if template_name != "404.html":
        return output_content
    return name_search_dialog(output_content, template_name)


def on_page_context(context, page, config, nav):
    """The page's hosted address, for the 复制链接 buttons (overrides/main.html)."""
    context["hosted_url"] = hosted_url(config.site_url, page.file.src_uri)
    return context


def on_post_build(config):
    fix_search_worker(Path(config.site_dir))
    drop_unused_search_languages(config)
    fix_single_page_base(Path(config.site_dir))


def drop_unused_search_languages(config) -> None:
    """Ship only the search languages the index uses (zh), in every edition."""
    languages = config.plugins["material/search"].config.lang
    for path in unused_search_languages(Path(config.site_dir) / "assets/javascripts/lunr", languages):
        path.unlink()


def fix_search_worker(site_dir: Path) -> None:
    """Chinese queries keep their last word (see guide/search_fix.py)."""
    workers = sorted((site_dir / "assets/javascripts/workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise PluginError(f"search worker: expected one assets/javascripts/workers/search.*.min.js, found {len(workers)}")
    try:
        workers[0].write_text(fix_query_segmentation(workers[0].read_text(encoding="utf-8")), encoding="utf-8")
    except SearchFixError as error:
        raise PluginError(str(error)) from None


def fix_single_page_base(site_dir: Path) -> None:
    """The single-page edition borrows the 404 page's context, whose asset base is absolute
    (site_url's path); from file:// that is a folder on the disk. Point it at the page's own."""
    print_page = site_dir / "print_page.html"
    if print_page.is_file():
        text = print_page.read_text(encoding="utf-8")
        print_page.write_text(re.sub(r'"base": "[^"]*"', '"base": "."', text, count=1), encoding="utf-8")
