"""Render the single-page edition to PDF with headless Chromium (Debian's chromium package).

Usage: python scripts/render_pdf.py BUILT_OFFLINE_SITE OUTPUT.pdf

Print media: no navigation, no search; tagged, with bookmarks; the hosted addresses are links; dated by the edition's commit, not the clock; each page's hosted URL under its title; the fonts the
text uses (Noto Sans CJK from fonts-noto-cjk when no other Chinese font is installed) embedded.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from common import CHROMIUM, CHROMIUM_ARGS, read_edition


def render(print_page: Path, output: Path) -> list[str]:
    """Print the page to `output`; returns the titles of its top-level headings."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context()
        # The PDF is made from local files only.
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                      else route.abort())
        page = context.new_page()
        page.goto(print_page.resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        titles = page.evaluate("Array.from(document.querySelectorAll('#print-site-page h1'),"
                               " h => h.firstChild ? h.firstChild.textContent.trim() : '')")
        # tagged: a structure screen readers and reflow use; outline: bookmarks from the headings
        # (each page's title, its sections under it).
        page.pdf(path=str(output), format="A4", print_background=True,
                 prefer_css_page_size=True, tagged=True, outline=True)
        browser.close()
    return [title for title in titles if title]


PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")


def date_pdf(pdf: bytes, epoch: int) -> bytes:
    """Chromium dates a PDF by the clock; date it by the edition's commit instead, so the same
    commit prints the same bytes. The new date has the old one's length: offsets stay valid."""
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch)).encode("ascii") + b"+00'00'"

    def replace(match: re.Match) -> bytes:
        new = b"/" + match.group(1) + b" (D:" + stamp + b")"
        return new if len(new) == len(match.group(0)) else match.group(0)
    return PDF_DATE.sub(replace, pdf)


def pdf_text(text: str) -> bytes:
    """A PDF text string in the hex form Chromium writes: <FEFF + UTF-16BE>."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def single_bookmarks(pdf: bytes, titles: list[str]) -> bytes:
    """Chromium names the bookmark of a heading that starts a printed page twice ("借呗借呗").
    Each known title written twice is written once, the string followed by spaces (whitespace
    between PDF tokens) so that the file keeps its length and its offsets stay valid."""
    for title in titles:
        doubled, single = pdf_text(title + title), pdf_text(title)
        pdf = pdf.replace(b"/Title " + doubled, b"/Title " + single + b" " * (len(doubled) - len(single)))
    return pdf


NODE_ID = re.compile(rb"\(node(\d+)\)")


def stable_ids(pdf: bytes) -> bytes:
    """A tagged PDF names its structure elements by the page's DOM node numbers (node00000354),
    which shift between runs. Each becomes its rank among all of them, written at the same
    width: the same document gets the same names, their order (the ID tree is sorted) holds, and
    the file keeps its length."""
    numbers = sorted({int(found.group(1)) for found in NODE_ID.finditer(pdf)})
    rank = {number: position for position, number in enumerate(numbers)}

    def replace(match: re.Match) -> bytes:
        width = len(match.group(1))
        return b"(node" + str(rank[int(match.group(1))]).zfill(width).encode("ascii") + b")"
    return NODE_ID.sub(replace, pdf)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    site, output = Path(argv[0]), Path(argv[1])
    print_page = site / "print_page.html"
    if not print_page.is_file():
        print(f"{print_page}: not found; build the offline edition first (make offline)", file=sys.stderr)
        return 1
    if not CHROMIUM.exists():
        print(f"{CHROMIUM}: not found; install Debian's chromium package", file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    titles = render(print_page, output)
    pdf = date_pdf(output.read_bytes(), read_edition(site / "index.html")["epoch"])
    output.write_bytes(stable_ids(single_bookmarks(pdf, titles)))
    print(f"{output}: {output.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
