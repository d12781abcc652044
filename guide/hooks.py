"""MkDocs hooks for the guide (listed under `hooks:` in mkdocs.yml).

MkDocs loads this file by path, so the project folder is put on sys.path to reach `guide`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from guide.data import GuideDataError  # noqa: E402
from guide.glossary import load_terms, mark_terms  # noqa: E402
from guide.search_fix import SearchFixError, fix_query_segmentation  # noqa: E402
from guide.urls import add_page_url, hosted_url  # noqa: E402

_terms = []


def on_config(config):
    global _terms
    try:
        _terms = load_terms(Path(config.config_file_path).parent / "data" / "glossary.yml")
    except GuideDataError as error:
        raise PluginError(f"guide data: {error}") from None
    return config


# Before other plugins (the single-page edition copies each page's HTML at this event).
@event_priority(50)
def on_page_content(html, page, config, files):
    """Glossary tooltips, and the page's hosted URL under its title (shown in print)."""
    html = mark_terms(html, _terms)
    return add_page_url(html, hosted_url(config.site_url, page.file.src_uri))


def on_post_build(config):
    fix_search_worker(Path(config.site_dir))
    fix_single_page_base(Path(config.site_dir))


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
    """The single-page edition borrows the 404 page's context, whose asset base is the server
    root; from file:// that root is the disk's. Point it at the page's own folder."""
    print_page = site_dir / "print_page.html"
    if print_page.is_file():
        text = print_page.read_text(encoding="utf-8")
        print_page.write_text(text.replace('"base": "/"', '"base": "."', 1), encoding="utf-8")
