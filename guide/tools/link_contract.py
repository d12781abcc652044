"""The link contract: every published URL and anchor of the hosted site, and whether they resolve.

Usage: python -m guide.tools.link_contract BUILT_SITE [CONTRACT]
Prints what the contract lacks and what no longer resolves; exits 1 if either is non-empty.

Links are site paths as staff send them: `/procedures/close-jiebei/` or
`/procedures/close-jiebei/#sign-in`. A moved page keeps its old path through a redirect page
(mkdocs-redirects); resolving follows it, anchor included.
"""

from __future__ import annotations

import posixpath
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from guide.common import ROOT

DEFAULT_CONTRACT = ROOT / "tests" / "link-contract.txt"
REFRESH = re.compile(r"""<meta\s+http-equiv=["']refresh["']\s+content=["']\d+;\s*url=([^"']+)["']""", re.I)
MAX_REDIRECTS = 5


class _Anchors(HTMLParser):
    """Collects the ids of headings inside the page's article."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.depth += 1
        elif self.depth and re.fullmatch(r"h[1-6]", tag) and attrs.get("id"):
            self.ids.append(attrs["id"])

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1


def read_contract(path: Path = DEFAULT_CONTRACT) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def page_file(site: Path, path: str) -> Path | None:
    """The file a static server sends for `path` (directory URLs: path/index.html)."""
    relative = path.lstrip("/")
    candidate = site / relative
    if relative == "" or relative.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def redirect_target(html: str) -> str | None:
    found = REFRESH.search(html)
    return found.group(1) if found else None


def heading_ids(html: str) -> list[str]:
    parser = _Anchors()
    parser.feed(html)
    return parser.ids


def resolve(site: Path, link: str) -> str | None:
    """None if `link` resolves in the built `site` (following redirects), else the reason."""
    parts = urlsplit(link)
    path, anchor = parts.path, parts.fragment
    for _ in range(MAX_REDIRECTS):
        file = page_file(site, path)
        if file is None:
            return f"{link}: {path} is not published"
        html = file.read_text(encoding="utf-8")
        target = redirect_target(html)
        if target is None:
            if anchor and anchor not in heading_ids(html):
                return f"{link}: {path} has no heading #{anchor}"
            return None
        path = urlsplit(urljoin(path, target)).path
    return f"{link}: more than {MAX_REDIRECTS} redirects"


def published_links(site: Path) -> list[str]:
    """Every page (not redirect pages, not the 404 page) and every heading anchor on it."""
    links = []
    for file in sorted(site.rglob("index.html")):
        html = file.read_text(encoding="utf-8")
        if redirect_target(html) is not None:
            continue
        path = "/" + posixpath.dirname(file.relative_to(site).as_posix())
        path = path.rstrip("/") + "/"
        links.append(path)
        links.extend(f"{path}#{anchor}" for anchor in heading_ids(html))
    return links


def check(site: Path, contract: list[str]) -> tuple[list[str], list[str]]:
    """(links published but not in the contract, contract links that no longer resolve)."""
    listed = set(contract)
    unlisted = [link for link in published_links(site) if link not in listed]
    broken = [reason for reason in (resolve(site, link) for link in contract) if reason]
    return unlisted, broken


def main(argv: list[str]) -> int:
    if not argv or len(argv) > 2:
        print(__doc__, file=sys.stderr)
        return 2
    site = Path(argv[0])
    contract = read_contract(Path(argv[1]) if len(argv) > 1 else DEFAULT_CONTRACT)
    unlisted, broken = check(site, contract)
    if unlisted:
        print("Published but not in the contract; add these lines to tests/link-contract.txt:")
        print("\n".join(unlisted))
    if broken:
        print("In the contract but no longer resolving; restore them or add a redirect (mkdocs.yml, redirects):")
        print("\n".join(broken))
    return 1 if unlisted or broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
