"""Render the single-page edition to PDF with headless Chromium (Debian's chromium package).

Usage: python scripts/render_pdf.py BUILT_OFFLINE_SITE OUTPUT.pdf

Print media: no navigation, no search; each page's hosted URL under its title; the fonts the
text uses (Noto Sans CJK from fonts-noto-cjk when no other Chinese font is installed) embedded.
"""

from __future__ import annotations

import sys
from pathlib import Path

from common import CHROMIUM, CHROMIUM_ARGS


def render(print_page: Path, output: Path) -> None:
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
        page.pdf(path=str(output), format="A4", print_background=True,
                 prefer_css_page_size=True)
        browser.close()


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
    render(print_page, output)
    print(f"{output}: {output.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
