"""What the guide's content may hold: text, Markdown, and the plain HTML its pages need.

A data file's text (data/*.yml) and a page's HTML as Markdown and the macros made it are read
with an HTML parser; anything that could run in a reader's browser, or load something, stops the
build: an element outside ALLOWED_TAGS (script, iframe, object, embed, form, style, link, meta,
base ...), an event-handler attribute (onerror=, onload= ...), or an address that runs script
(javascript:, vbscript:, a data: address other than an image) in any attribute. The server's
Content-Security-Policy allows the inline scripts the build finds, so nothing else may carry one.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Markdown's HTML, the theme's admonitions and details, the glossary's <abbr>, and the inline SVG
# of the figures (data/figures.yml).
ALLOWED_TAGS = frozenset("""
    a abbr b blockquote br code dd del details div dl dt em figcaption figure h1 h2 h3 h4
    h5 h6 hr i img ins kbd li mark ol p pre s small span strong sub summary sup table tbody td
    tfoot th thead time tr u ul
    svg g defs desc title marker path rect text tspan line polyline polygon circle ellipse
""".split())
# An address whose scheme runs script, once the characters a browser strips from it are gone.
RUNNING_SCHEME = re.compile(r"^(?:javascript|vbscript|data(?!:image/(?:png|gif|jpeg|webp)[;,])):", re.IGNORECASE)
# In plain text (a Markdown link in a data file): an address that would run script.
RUNNING_ADDRESS = re.compile(r"(?:javascript|vbscript)\s*:", re.IGNORECASE)
STRIPPED = re.compile(r"[\x00-\x20\x7f]+")


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: str | None = None

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        if self.found:
            return
        if tag not in ALLOWED_TAGS:
            self.found = f"<{tag}>"
            return
        for name, value in attrs:
            if name.startswith("on"):
                self.found = f"<{tag} {name}=...>"
                return
            if value and RUNNING_SCHEME.match(STRIPPED.sub("", value)):
                self.found = f"<{tag} {name}=\"{value[:30]}\">"
                return


def running_content(html: str) -> str | None:
    """The first thing in `html` that could run or load something in a reader's browser (an
    element outside ALLOWED_TAGS, an event handler, an address that runs script), or None."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    if checker.found:
        return checker.found
    found = RUNNING_ADDRESS.search(html)
    return found.group(0) if found else None
