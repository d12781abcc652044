"""Render the single-page edition to PDF with headless Chromium (Debian's chromium package).

Usage: python -m guide.editions.render_pdf BUILT_OFFLINE_SITE DIST_DIR   (the PDF named as the build manifest says)

Print media: no navigation, no search; tagged, with bookmarks; the hosted addresses are links; dated by the edition's commit, not the clock; each page's hosted URL under its title; the fonts the
text uses (Noto Sans CJK from fonts-noto-cjk when no other Chinese font is installed) embedded.

The PDF reads as a document: it is printed, read back, and printed again until it settles.
Each page of the guide starts a new sheet unless that would leave a near-empty sheet behind it
(then it follows on the same sheet); a document that would end on a near-empty sheet moves its
last section onto that sheet; the 目录 carries the sheet each entry starts on.
"""

from __future__ import annotations

import io
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from guide.common import CHROMIUM, CHROMIUM_ARGS
from guide.manifest import ManifestError, read_manifest

# A sheet with less text than this (characters, not counting spaces and its page number) is
# near-empty: a sheet of its own for a leftover line or two reads as a mistake.
NEAR_EMPTY = 200
# Printings before giving up on the layout (each decision is only ever added, so it settles):
# one per near-empty sheet moved, one to fill in the 目录's page numbers, one to check; the guide
# of 2026-12-06 needs 9.
MAX_PRINTINGS = 24
FOOTER = re.compile(r"^\s*第\s*\d+\s*\S\s*$", re.M)

# What the page reports of itself: the headings the bookmarks are made from, in order (their
# id, text, and the id of the sheet-starting unit they open, if any), and the 目录's links.
LAYOUT_SCRIPT = """() => {
  const root = document.getElementById('print-site-page');
  const headings = Array.from(root.querySelectorAll('h1, h2')).filter(h => h.offsetParent !== null || h.getClientRects().length)
    .map(h => ({id: h.id || (h.parentElement.id || ''), text: h.firstChild ? h.firstChild.textContent.trim() : '',
                level: h.tagName, unit: h.parentElement.matches('section.print-page') && h.parentElement.firstElementChild === h
                  ? h.parentElement.id : ''}));
  const toc = Array.from(document.querySelectorAll('#print-page-toc a[href^="#"]'), a => a.getAttribute('href').slice(1));
  return {headings, toc};
}"""

# Applies the decisions: which units follow on the same sheet, which headings start one, and
# the 目录's page numbers.
APPLY_SCRIPT = """([flow, breaks, pages]) => {
  for (const id of flow) document.getElementById(id).classList.add('guide-print-flow');
  for (const id of breaks) document.getElementById(id).classList.add('guide-print-break');
  document.querySelectorAll('#print-page-toc a[href^="#"]').forEach(a => {
    const number = pages[a.getAttribute('href').slice(1)];
    let span = a.querySelector('.guide-toc-page');
    if (!span) { span = document.createElement('span'); span.className = 'guide-toc-page'; a.append(span); }
    span.textContent = number ? String(number) : '';
  });
}"""


class LayoutError(Exception):
    """The printings did not settle: the PDF would carry a 目录 without page numbers."""


@dataclass
class Layout:
    """The decisions a printing leads to, each only ever added."""
    flow: list[str] = field(default_factory=list)     # units that follow on the previous sheet
    breaks: list[str] = field(default_factory=list)   # headings that start a sheet
    pages: dict[str, int] = field(default_factory=dict)  # 目录 entry -> page number


@dataclass
class Printed:
    """What a printing gives: the text on each sheet, and the sheet of each heading and link target."""
    sheet_text: list[int]
    heading_sheets: list[int | None]
    heading_depths: list[float | None]    # how far down its sheet each heading is, 0 to 1
    targets: dict[str, int]


def read_printed(pdf: bytes, headings: list[dict]) -> Printed:
    """Read a printing back: characters per sheet, the sheet of each heading (through the
    bookmarks, which are the headings in order), the sheet of each named destination."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    sheet_text = [len(re.sub(r"\s", "", FOOTER.sub("", page.extract_text() or "", count=1))) for page in reader.pages]
    marks = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                number = reader.get_destination_page_number(item)
                height = float(reader.pages[number].mediabox.height)
                top = item.top if item.top is not None else height
                marks.append((item.title, number, 1 - float(top) / height))
    walk(reader.outline)
    heading_sheets: list[int | None] = []
    heading_depths: list[float | None] = []
    position = 0
    for heading in headings:
        found = depth = None
        for index in range(position, len(marks)):
            if marks[index][0] in (heading["text"], heading["text"] * 2):
                _, found, depth = marks[index]
                position = index + 1
                break
        heading_sheets.append(found)
        heading_depths.append(depth)
    targets = {str(name).lstrip("/"): reader.get_destination_page_number(dest)
               for name, dest in reader.named_destinations.items()}
    return Printed(sheet_text, heading_sheets, heading_depths, targets)


def next_decision(layout: Layout, printed: Printed, headings: list[dict]) -> bool:
    """Add one decision for the first near-empty sheet (after the 目录's); False when none is left
    or none would help."""
    last = len(printed.sheet_text) - 1
    for sheet in range(1, last + 1):
        if printed.sheet_text[sheet] >= NEAR_EMPTY:
            continue
        # The sheet ends a page of the guide and the next page starts a sheet of its own: that
        # page follows on this sheet instead.
        opening = next((h for h, at in zip(headings, printed.heading_sheets) if at == sheet + 1), None)
        if opening and opening["unit"] and opening["unit"] not in layout.flow:
            layout.flow.append(opening["unit"])
            return True
        # Otherwise (the document's last sheet, or the tail of a long page): the last section
        # begun on the sheet before that moves enough text here while leaving enough there
        # (text taken as spread evenly down a sheet) starts this sheet instead.
        chars_before = printed.sheet_text[sheet - 1]
        need = NEAR_EMPTY - printed.sheet_text[sheet]
        movable = [h for h, at, depth in zip(headings, printed.heading_sheets, printed.heading_depths)
                   if at == sheet - 1 and depth is not None and h["level"] == "H2" and h["id"]
                   and h["id"] not in layout.breaks
                   and (1 - depth) * chars_before >= need and depth * chars_before >= NEAR_EMPTY]
        if movable:
            layout.breaks.append(movable[-1]["id"])
            return True
    return False


def render(print_page: Path, output: Path, epoch: int) -> list[str]:
    """Print the page to `output`, as many times as its layout needs; returns the titles of its
    headings (the bookmarks). The page's clock is the edition's (`epoch`), not the printing
    day's: the PDF is the edition as it was made (no review-date notice of a later day), and the
    same commit prints the same bytes on any day."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context()
        # The PDF is made from local files only.
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                      else route.abort())
        page = context.new_page()
        page.clock.install(time=epoch)
        page.goto(print_page.resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        found = page.evaluate(LAYOUT_SCRIPT)
        headings = found["headings"]
        layout = Layout()
        for _ in range(MAX_PRINTINGS):
            page.evaluate(APPLY_SCRIPT, [layout.flow, layout.breaks, layout.pages])
            # tagged: a structure screen readers and reflow use; outline: bookmarks from the
            # headings (each page's title, its sections under it).
            pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True, tagged=True, outline=True)
            printed = read_printed(pdf, headings)
            pages = {target: printed.targets[target] + 1 for target in found["toc"] if target in printed.targets}
            if next_decision(layout, printed, headings):
                continue
            if pages != layout.pages:
                layout.pages = pages
                continue
            break
        else:
            # A 目录 without its page numbers, or a sheet with a stray line, is not written.
            browser.close()
            raise LayoutError(f"{output}: the layout did not settle in {MAX_PRINTINGS} printings (MAX_PRINTINGS in "
                              "guide/editions/render_pdf.py); nothing was written")
        near_empty = [str(sheet + 1) for sheet, chars in enumerate(printed.sheet_text) if sheet and chars < NEAR_EMPTY]
        if near_empty:
            print(f"{output}: near-empty sheets left: {', '.join(near_empty)}", file=sys.stderr)
        output.write_bytes(pdf)
        browser.close()
    return [heading["text"] for heading in headings if heading["text"]]


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
    between PDF tokens) so that the file keeps its length and its offsets stay valid. Chromium
    writes a title in hex (<FEFF…>), or as a literal string when it is plain ASCII (2026-11-29)."""
    for title in dict.fromkeys(titles):
        forms = [(pdf_text(title + title), pdf_text(title))]
        if title.isascii() and not re.search(r"[()\\]", title):
            forms.append((f"({title}{title})".encode("ascii"), f"({title})".encode("ascii")))
        for doubled, single in forms:
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
    site, dist = Path(argv[0]), Path(argv[1])
    print_page = site / "print_page.html"
    if not print_page.is_file():
        print(f"{print_page}: not found; build the offline edition first (make offline)", file=sys.stderr)
        return 1
    try:
        manifest = read_manifest(site)
    except ManifestError as error:
        print(error, file=sys.stderr)
        return 1
    output = dist / manifest["artefacts"]["pdf"]
    if not CHROMIUM.exists():
        print(f"{CHROMIUM}: not found; install Debian's chromium package", file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    epoch = manifest["edition"]["epoch"]
    try:
        titles = render(print_page, output, epoch)
    except LayoutError as error:
        print(error, file=sys.stderr)
        return 1
    pdf = date_pdf(output.read_bytes(), epoch)
    output.write_bytes(stable_ids(single_bookmarks(pdf, titles)))
    print(f"{output}: {output.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
