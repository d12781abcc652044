"""Sending a page or a step: link cards (Open Graph images) and QR codes.

- A link card is a 1200x630 PNG per page (the page's title, the guide's name, the fictional
  information note), drawn with Pillow and Debian's Noto Sans CJK, kept in a cache keyed by its
  text so that an unchanged page is not drawn again. Chat apps (企业微信, 钉钉, 飞书, 微信) show
  it with the og: tags that overrides/main.html writes.
- A QR code is an SVG made by segno from a hosted address: one per section (opened by the 二维码
  button, loaded only then) and one per page, inline in the printed address line.

Plain functions, tested without MkDocs; guide/plugin.py calls them.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
from pathlib import Path

from guide.data import GuideDataError

CARD_SIZE = (1200, 630)
CARD_VERSION = "1"   # change to redraw every cached card (a new layout)
FONT_FILES = {"bold": "NotoSansCJK-Bold.ttc", "regular": "NotoSansCJK-Regular.ttc"}
FONT_DIRS = [Path("/usr/share/fonts/opentype/noto")]
FONT_INDEX_SC = 2    # in the .ttc: JP, KR, SC, TC, HK
COLOURS = {"background": (255, 255, 255), "band": (63, 81, 181), "title": (33, 33, 33), "text": (90, 90, 90),
           "band_text": (255, 255, 255)}


def page_slug(src_uri: str) -> str:
    """A page's name for its card and QR files: 'procedures/close-jiebei.md' -> 'procedures-close-jiebei'."""
    stem, _ = posixpath.splitext(src_uri)
    if posixpath.basename(stem) == "index":
        stem = posixpath.dirname(stem) or "index"
    return stem.replace("/", "-")


def find_font(kind: str, dirs: list[Path] = FONT_DIRS) -> Path:
    for folder in dirs:
        path = folder / FONT_FILES[kind]
        if path.is_file():
            return path
    raise GuideDataError(f"link cards: font {FONT_FILES[kind]} not found in {', '.join(map(str, dirs))}; "
                         "install Debian's fonts-noto-cjk (`make build` does, as root)")


# What a line never starts with: closing punctuation moves down with the character before it.
NO_LINE_START = set("，。、；：？！）」』”’》,.;:?!)")
ADDRESS = re.compile(r"(https?://[^\s（）()，。；]+)")


def wrap_text(draw, text: str, font, width: int) -> list[str]:
    """Break text into lines no wider than `width`: Chinese may break after any character but not
    before closing punctuation; a web address (alone or inside the text) only after a '/'."""
    pieces = []
    for part in ADDRESS.split(text):
        pieces += [piece for piece in re.split(r"(?<=/)", part) if piece] if ADDRESS.fullmatch(part) else list(part)
    lines, line = [], ""
    for ch in pieces:
        if draw.textlength(line + ch, font=font) > width and line:
            cut = len(line) - 1
            while cut > 0 and line[cut] in NO_LINE_START:
                cut -= 1
            if ch[0] in NO_LINE_START and cut > 0:
                lines.append(line[:cut])
                line = line[cut:] + ch
            else:
                lines.append(line)
                line = ch
        else:
            line += ch
    return lines + ([line] if line else [])


def draw_card(title: str, description: str, site_name: str, note: str, fonts: dict[str, Path]) -> bytes:
    """The card as PNG bytes: a coloured band with the guide's name, the page title large, its
    description, the note at the foot. Saved with a small palette: flat colours keep it small."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, COLOURS["background"])
    draw = ImageDraw.Draw(image)
    font = lambda kind, size: ImageFont.truetype(str(fonts[kind]), size, index=FONT_INDEX_SC)  # noqa: E731
    draw.rectangle([0, 0, width, 120], fill=COLOURS["band"])
    draw.text((72, 60), site_name, font=font("bold", 44), fill=COLOURS["band_text"], anchor="lm")
    title_font = font("bold", 84)
    lines = wrap_text(draw, title, title_font, width - 144)[:2]
    top = 180
    for number, line in enumerate(lines):
        draw.text((72, top + number * 110), line, font=title_font, fill=COLOURS["title"])
    body_font = font("regular", 36)
    for number, line in enumerate(wrap_text(draw, description, body_font, width - 144)[:2]):
        draw.text((72, top + len(lines) * 110 + 30 + number * 54), line, font=body_font, fill=COLOURS["text"])
    draw.line([72, height - 110, width - 72, height - 110], fill=COLOURS["band"], width=4)
    draw.text((72, height - 60), note, font=font("regular", 34), fill=COLOURS["text"], anchor="lm")
    buffer = io.BytesIO()
    image.quantize(colors=32, dither=Image.Dither.NONE).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def card_key(texts: tuple[str, ...], fonts: dict[str, Path]) -> str:
    """What a card depends on: its text, the fonts' files, the layout's version."""
    parts = [CARD_VERSION, *texts] + [f"{path.name}:{path.stat().st_size}" for path in fonts.values()]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:24]


def card_png(cache: Path, title: str, description: str, site_name: str, note: str,
             fonts: dict[str, Path]) -> tuple[bytes, bool]:
    """(PNG bytes, whether it was drawn now): from the cache when its text has not changed."""
    texts = (title, description, site_name, note)
    path = Path(cache) / f"{card_key(texts, fonts)}.png"
    if path.is_file():
        return path.read_bytes(), False
    data = draw_card(*texts, fonts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data, True


def qr_svg(url: str, label: str, scale: int = 4, css_class: str = "guide-qr") -> str:
    """A QR code of `url` as an SVG element (no XML declaration), with a text alternative."""
    import segno

    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", xmldecl=False, svgns=True, scale=scale, border=2, dark="#000", light="#fff",
              svgclass=css_class, lineclass=None, title=None, nl=False)
    svg = buffer.getvalue().decode("utf-8")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
