"""The one-file edition: the whole guide as one self-contained HTML file, for phones.

Usage: python -m guide.editions.one_file BUILT_OFFLINE_SITE DIST_DIR   (named as the build manifest says)

Made from the offline build's single page (print_page.html): every page in navigation order,
each under its title with its hosted address and that address's QR code, the figures as inline
SVG, a table of contents with links to every page and section, and the fictional-information
notice. Its styles are inlined (the guide's extra.css over a few base rules, not the theme's
140 KB); it loads nothing, and its one script (a few lines) only compares the reader's clock
with the edition's review-due date (the earliest of its pages') to say when the copy is past it.
Without scripts (a chat app's file preview) it reads the same, without that notice. Anchors are
the single page's: #procedures-close-jiebei-sign-in.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from guide.common import ROOT, edition_arguments
from guide.send import FICTIONAL

BUDGET = 300 * 1024
EXTRA_CSS = ROOT / "docs" / "assets" / "stylesheets" / "extra.css"
PRINT_CSS = ROOT / "docs" / "assets" / "stylesheets" / "print.css"

# The theme's colours and the few layout rules the content needs, without the theme.
BASE_CSS = """
:root {
  --md-default-fg-color: rgba(0, 0, 0, 0.87); --md-default-fg-color--light: rgba(0, 0, 0, 0.6);
  --md-default-fg-color--lighter: rgba(0, 0, 0, 0.32); --md-default-fg-color--lightest: rgba(0, 0, 0, 0.07);
  --md-default-bg-color: #fff; --md-primary-fg-color: #3f51b5; --md-primary-fg-color--light: #5c6bc0;
  --md-accent-fg-color: #3f51b5; --md-accent-fg-color--transparent: rgba(63, 81, 181, 0.1);
  --md-typeset-a-color: #3949ab;
}
* { box-sizing: border-box; }
body { margin: 0; color: var(--md-default-fg-color); background: #fff; font-size: 17px; }
header, main { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
.guide-one-file-notice { margin: 0; padding: 0.7rem 1rem; background: #212121; color: #fff; font-size: 0.9rem; }
.guide-one-file-notice a { color: #fff; }
a { color: var(--md-typeset-a-color); }
h1 { font-size: 1.6rem; line-height: 1.3; margin: 2rem 0 0.6rem; font-weight: 400; }
h2 { font-size: 1.25rem; line-height: 1.4; margin: 1.6rem 0 0.6rem; font-weight: 400; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
.md-typeset p, .md-typeset li { overflow-wrap: anywhere; }
.md-typeset table { border-collapse: collapse; display: block; overflow-x: auto; font-size: 0.9rem; }
.md-typeset th, .md-typeset td { border: 1px solid var(--md-default-fg-color--lightest); padding: 0.4rem 0.6rem; text-align: left; }
.admonition, details { margin: 1rem 0; padding: 0 0.8rem; border-left: 0.25rem solid var(--md-primary-fg-color);
  background: var(--md-default-fg-color--lightest); }
.admonition-title, summary { font-weight: 700; margin: 0; padding: 0.5rem 0; }
.guide-figure svg { max-width: 100%; height: auto; }
/* The theme's icons (the home page's 直接开始 cards): icon-sized, as the theme draws them. */
.twemoji { display: inline-flex; height: 1.125em; vertical-align: text-top; }
.twemoji svg { width: 1.125em; max-height: 100%; fill: currentColor; }
.twemoji.lg svg { width: 2em; height: 2em; }
nav.guide-one-file-toc ol { padding-left: 1.4rem; }
nav.guide-one-file-toc li { margin: 0.3rem 0; }
.guide-one-file-back { margin: 1.2rem 0 2rem; font-size: 0.9rem; }
section.guide-one-file-page { border-top: 1px solid var(--md-default-fg-color--lighter); }
"""
# After the guide's stylesheet, which hides the address line on screen (it is for print there):
# here it is shown on every page, with its QR code.
AFTER_CSS = """
.md-typeset .guide-page-url { display: flex; align-items: center; gap: 0.8rem; margin: 0 0 1rem;
  color: var(--md-default-fg-color--light); font-size: 0.85rem; word-break: break-all; }
.md-typeset .guide-page-url .guide-page-qr { flex: none; width: 6rem; height: 6rem; }
"""


def pages(print_page: BeautifulSoup) -> list:
    """The guide's pages in navigation order: the single page's sections that hold a title."""
    found = []
    for section in print_page.select("section.print-page[id]"):
        first = section.find(recursive=False)
        if first is not None and first.name == "h1" and first.get("id"):
            found.append(section)
    return found


def clean(section) -> None:
    """Drop what needs the theme or a script: permalinks, scripts (the copy texts' data block
    too), the 复制步骤 button, the theme's data attributes. The long image is linked at its
    hosted address: the one file carries no image of its own."""
    for element in section.select("a.headerlink, script, button.guide-copy-steps"):
        element.decompose()
    for link in section.select("a.guide-save-image[data-hosted]"):
        link["href"] = link["data-hosted"]
        del link["download"]
        del link["data-hosted"]
        link.string = "保存为图片（长图，在线版）"
    for element in section.find_all(True):
        for attribute in [name for name in element.attrs if name.startswith("data-md") or name == "heading-number"]:
            del element[attribute]


def table_of_contents(found: list) -> str:
    items = []
    for section in found:
        title = section.find("h1")
        subs = [f'<li><a href="#{h2["id"]}">{html.escape(h2.get_text(strip=True))}</a></li>'
                for h2 in section.find_all("h2", id=True)]
        nested = f"<ol>{''.join(subs)}</ol>" if subs else ""
        items.append(f'<li><a href="#{title["id"]}">{html.escape(title.get_text(strip=True))}</a>{nested}</li>')
    return f'<nav class="guide-one-file-toc" id="toc" aria-label="目录"><h2>目录</h2><ol>{"".join(items)}</ol></nav>'


def one_file(site: Path, edition: dict) -> str:
    soup = BeautifulSoup((site / "print_page.html").read_text(encoding="utf-8"), "html.parser")
    found = pages(soup)
    if not found:
        raise SystemExit(f"{site}/print_page.html: no pages found (is it the offline build?)")
    for section in found:
        clean(section)
    title = soup.title.get_text(strip=True).split(" - ")[-1] if soup.title else "借呗与网商贷手动关闭指南"
    body = []
    for section in found:
        inner = "".join(str(child) for child in section.children)
        body.append(f'<section class="guide-one-file-page" id="{section["id"]}">{inner}'
                    '<p class="guide-one-file-back"><a href="#toc">↑ 返回目录</a></p></section>')
    css = BASE_CSS + EXTRA_CSS.read_text(encoding="utf-8") + AFTER_CSS + PRINT_CSS.read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s*\n\s*", "\n", css).strip()
    dues = sorted(line["data-review-due"] for section in found for line in section.select("[data-review-due]"))
    if not dues:
        raise SystemExit(f"{site}/print_page.html: no page carries its review-due date (data-review-due)")
    home = found[0].select_one(".guide-page-url a[href]")["href"]
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}（单文件版，版本 {html.escape(edition['label'])}）</title>\n"
        f'<meta name="guide:edition" content="{html.escape(edition["label"])}">\n<style>\n{css}\n</style>\n</head>\n<body>\n'
        '<p class="guide-one-file-notice" role="note"><strong>提示：</strong>'
        f'{html.escape(FICTIONAL)}详见<a href="#disclaimer-disclaimer">免责声明</a>。</p>\n'
        f"{overdue_notice(dues[0], home)}\n"
        f'<header><h1 id="top">{html.escape(title)}</h1>'
        f"<p>单文件版，版本 {html.escape(edition['label'])}。每一页标题下是它的网址和二维码，可以转发或扫码打开在线版。</p>"
        f"{table_of_contents(found)}</header>\n"
        f'<main class="md-typeset">\n{"".join(body)}\n</main>\n</body>\n</html>\n'
    )


def overdue_notice(due: str, home: str) -> str:
    """A notice shown only when the reader's clock is past `due`, by the file's one script."""
    return (f'<p class="guide-one-file-notice guide-overdue" id="guide-overdue" role="note" hidden><strong>'
            f"本版本已超过复核期限（{html.escape(due)}），内容可能已过时，请以在线版为准：</strong>"
            f'<a href="{html.escape(home)}">{html.escape(home)}</a></p>\n'
            "<script>(function(){var n=new Date(),t=n.getFullYear()+'-'+('0'+(n.getMonth()+1)).slice(-2)+'-'"
            f"+('0'+n.getDate()).slice(-2);if(t>'{due}')document.getElementById('guide-overdue').hidden=false;}})();</script>")


def main(argv: list[str]) -> int:
    args = edition_arguments(__doc__.splitlines()[0], argv)
    text = one_file(args.site, args.edition)
    target = args.dist / args.manifest["artefacts"]["one_file"]
    target.write_text(text, encoding="utf-8")
    size = target.stat().st_size
    print(f"{target}: {size / 1024:.0f} KB (budget {BUDGET // 1024} KB)")
    if size > BUDGET:
        print(f"{target}: over the {BUDGET // 1024} KB budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
