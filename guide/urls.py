"""Hosted URLs: the address a page or a step has on the published site, in every edition.

The offline edition uses .html file names, but a link sent from it must work for its receiver,
so copied and printed links are always the hosted, directory-style address under `site_url`.
"""

from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import urlparse


def hosted_path(src_uri: str) -> str:
    """The directory-style path of the page built from `src_uri` ('impact.md' -> 'impact/')."""
    stem, _ = posixpath.splitext(src_uri)
    if posixpath.basename(stem) in {"index", "README"}:
        stem = posixpath.dirname(stem)
    return f"{stem}/" if stem else ""


def hosted_url(site_url: str, src_uri: str, anchor: str = "") -> str:
    """Absolute hosted URL of a page (and an anchor on it)."""
    if not site_url:
        raise ValueError("site_url must be set in mkdocs.yml: hosted links are built from it")
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + hosted_path(src_uri) + (f"#{anchor}" if anchor else "")


def url_prefix(site_url: str) -> str:
    """The path the guide is served under: site_url's path, between slashes ('/guide/', '/')."""
    path = urlparse(site_url).path or "/"
    path = path if path.startswith("/") else "/" + path
    return path if path.endswith("/") else path + "/"


H1_END = re.compile(r"</h1>", re.IGNORECASE)


def add_after_title(page_html: str, fragment: str) -> str:
    """Insert an HTML fragment right after the page's <h1> (or first, if it has none)."""
    found = H1_END.search(page_html)
    if not found:
        return fragment + page_html
    return page_html[: found.end()] + fragment + page_html[found.end():]


def add_page_url(page_html: str, url: str, qr: str = "", edition: str = "") -> str:
    """Put the page's hosted URL (and its QR code, an inline SVG) right under its title, and the
    edition under that; the print stylesheet shows them on paper, so a printed sheet leads back
    to the live page and says which edition it is."""
    # Not for the search index: it would show as the first line of every page's result.
    line = (f'<p class="guide-page-url" data-search-exclude>{qr}'
            f'<a href="{html.escape(url)}">{html.escape(url)}</a></p>')
    if edition:
        line += f'<p class="guide-print-edition" data-search-exclude>版本：{html.escape(edition)}</p>'
    return add_after_title(page_html, line)


def running_header_css(text: str) -> str:
    """A page's print stylesheet: `text` (its title, the fictional-information statement, the
    edition) at the top of every printed sheet. A page margin box takes no per-page text from
    the page itself in Chromium (no string-set, no var()), so each page links its own."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return ("/* Made at build time by guide/urls.py: this page's running header on paper. */\n"
            f'@page {{ @top-left {{ content: "{quoted}"; font-size: 7.5pt; color: #555; }} }}\n')


SECTION_START = re.compile(r"(?=<h2[\s>])")


def keep_sections_together(page_html: str) -> str:
    """Each h2 section (its heading and what follows, up to the next h2) in a
    <section class="guide-section">, which print keeps on one sheet where it fits."""
    parts = SECTION_START.split(page_html)
    return parts[0] + "".join(f'<section class="guide-section">{part}</section>' for part in parts[1:])


ELEMENT_ID = re.compile(r"""<[a-zA-Z][^>]*?\sid=["']([^"']+)["']""")


def duplicate_ids(page_html: str) -> list[str]:
    """The ids that more than one element of the page has: a link to one reaches only the first."""
    seen, twice = set(), []
    for found in ELEMENT_ID.findall(page_html):
        if found in seen and found not in twice:
            twice.append(found)
        seen.add(found)
    return twice
