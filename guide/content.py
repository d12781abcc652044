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
from pathlib import Path

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


# --- the inline scripts of a built page: only the theme's own -------------------------------

# Script types a browser executes; JSON data blocks (the theme's __config) are not scripts.
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}


class _InlineScripts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._inside = False
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and (attrs.get("type") or "").lower() in EXECUTABLE_TYPES:
            self._inside, self._text = True, []

    def handle_data(self, data):
        if self._inside:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._inside:
            self.scripts.append("".join(self._text))
            self._inside = False


def inline_scripts(html: str) -> list[str]:
    parser = _InlineScripts()
    parser.feed(html)
    return parser.scripts


# What a template leaves to be filled in: a Jinja expression or block, a format field ({url}).
TEMPLATE_FIELD = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{[a-z_]+\}", re.S)
# What a field may become inside a script: a value (a path, a word), never code.
FIELD_VALUE = r"[^\"'<>;(){}\n]*"
TEMPLATE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)


def theme_template_dirs(project: Path | None = None) -> list[Path]:
    """Where the scripts a built page may carry are written: the theme's templates (Material's)
    and the guide's overrides/."""
    import material

    project = Path(project) if project else Path(__file__).resolve().parent.parent
    return [project / "overrides", Path(material.__file__).parent / "templates"]


def template_scripts(dirs: list[Path]) -> list[re.Pattern]:
    """Each executable inline script of the templates under `dirs`, and of mkdocs-redirects'
    redirect page, as a pattern: its text word for word, each field it fills (base_url, a
    redirect's address) any value without code."""
    sources = []
    for folder in dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            sources.append(path.read_text(encoding="utf-8"))
    try:
        from mkdocs_redirects.plugin import HTML_TEMPLATE
        sources.append(HTML_TEMPLATE)
    except ImportError:   # the redirects plugin not installed: no redirect pages to allow
        pass
    patterns = []
    for source in sources:
        for found in TEMPLATE_SCRIPT.finditer(source):
            kind = re.search(r"""type=["']?([^"' >]*)""", found.group(1))
            if kind and kind.group(1).lower() not in EXECUTABLE_TYPES:
                continue
            body = found.group(2).strip()
            parts = TEMPLATE_FIELD.split(body)
            patterns.append(re.compile(FIELD_VALUE.join(re.escape(part) for part in parts), re.S))
    return patterns


def unrecognised_scripts(html: str, patterns: list[re.Pattern]) -> list[str]:
    """The executable inline scripts of `html` that no template script of `patterns` writes."""
    return [script for script in inline_scripts(html)
            if not any(pattern.fullmatch(script.strip()) for pattern in patterns)]
