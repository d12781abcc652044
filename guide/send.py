"""Sending a procedure to a customer: as plain text for a chat (复制步骤) and as one tall image
for a phone (长图, 保存为图片).

Both are made at build time from data/steps.yml with the same fill as the pages (guide.steps),
so they never drift from the steps. Plain functions, tested without MkDocs; guide/plugin.py
calls them.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from guide.products import Product
from guide.steps import SOURCE_SAYS, Procedure, fill

# One line of the notice for a chat or an image: the information is fictional, the app counts.
# The fictional-information notice, word for word wherever a reader meets it: the banner of every
# page (the plugin hands it to overrides/main.html), the one-file edition, and after 提示： in
# every text and image sent from the guide. (The footer's shorter line is mkdocs.yml's copyright.)
FICTIONAL = "本指南的信息均为虚构，菜单路径仅作示意，请以支付宝 App 中实际显示为准。"
NOTICE = "提示：" + FICTIONAL
BEFORE_HEADING = "操作前建议："
# What a sentence of the guide says to a customer, who has only the text sent: the guide's
# 按原文， before what the source states goes (a text sent states it plainly), and 原文 is named
# as what it is. In this order; the search's 复制答复 applies the same pairs (the index carries them).
FOR_CUSTOMER = ((SOURCE_SAYS, ""), ("原文", "本指南所依据的文章"))
MARKDOWN = re.compile(r"\*\*|__|`|\[([^\]]*)\]\(([^)]*)\)")


@dataclass(frozen=True)
class StepText:
    number: int
    id: str
    title: str
    actions: tuple[str, ...]   # each action of the step, plain text
    outcome: str = ""          # what the step ends with (not an action), plain text

    @property
    def heading(self) -> str:
        return f"第 {self.number} 步：{self.title}"


@dataclass(frozen=True)
class ProcedureText:
    """What the chat text and the long image say, in order, for the customer who will act."""
    title: str
    before: tuple[str, ...]
    steps: tuple[StepText, ...]
    notice: str
    url: str
    edition: str
    # The situations the source does not cover, briefly, under the sentence that says where to ask.
    not_covered_heading: str = ""
    not_covered: tuple[str, ...] = ()


def plain(markdown: str, address=None) -> str:
    """Markdown inline marks removed: emphasis and code lose their marks; a link keeps its words
    and, when `address` (a link's target -> its hosted address) is given, its address after
    them, for a reader who cannot follow a link: 关闭的影响（https://…/impact/）."""
    def replace(found: re.Match) -> str:
        if found.group(1) is None:
            return ""
        return f"{found.group(1)}（{address(found.group(2))}）" if address else found.group(1)
    return MARKDOWN.sub(replace, markdown).strip()


def actions(body: str, address=None) -> tuple[str, ...]:
    """A step's body as its actions: each numbered item, and each paragraph, in order."""
    found = []
    for block in re.split(r"\n\s*\n", body.strip()):
        items = re.findall(r"^\s*(?:\d+\.|-)\s+(.*)$", block, flags=re.M)
        found += items if items else [" ".join(line.strip() for line in block.splitlines())]
    return tuple(plain(item, address) for item in found if plain(item))


def procedure_text(procedure: Procedure, product: Product, title: str, url: str, edition: str,
                   address=None) -> ProcedureText:
    """The procedure for one product, for the customer: title, what to check before, every step,
    what the source does not cover and where to ask. `address`: a link's target, as written in
    data/steps.yml (relative to the procedure page) -> its hosted address."""
    steps = tuple(StepText(number, step.id, plain(fill(step.title, product)),
                           actions(fill(step.body_for(product.id), product), address),
                           plain(fill(step.outcome, product), address))
                  for number, step in enumerate(procedure.steps, 1))
    box = procedure.not_covered
    return ProcedureText(title=title, before=tuple(plain(fill(item, product), address) for item in procedure.before),
                         steps=steps, notice=NOTICE, url=url, edition=edition,
                         not_covered_heading=fill(box.send, product) if box else "",
                         not_covered=tuple(fill(item, product) for item in box.brief) if box else ())


def step_lines(step: StepText) -> list[tuple[str, str]]:
    """A step: its heading, then its actions (numbered when there are several, a list's items
    always), then what it ends with."""
    lines = [("heading", step.heading)]
    if len(step.actions) == 1:
        lines.append(("body", step.actions[0]))
    else:
        lines += [("body", f"{step.number}.{index} {action}") for index, action in enumerate(step.actions, 1)]
    if step.outcome:
        lines.append(("body", step.outcome))
    return lines


def message_lines(text: ProcedureText) -> list[tuple[str, str]]:
    """The whole procedure, line by line, each with its style ("gap" for an empty line): the one
    text that the chat message and the long image both show."""
    lines = [("title", text.title), ("gap", ""), ("caution-heading", BEFORE_HEADING)]
    lines += [("caution", f"· {item}") for item in text.before]
    for step in text.steps:
        lines += [("gap", ""), *step_lines(step)]
    if text.not_covered:
        lines += [("gap", ""), ("caution-heading", text.not_covered_heading)]
        lines += [("caution", f"· {item}") for item in text.not_covered]
    lines += [("gap", ""), ("notice", text.notice), ("url", f"网址：{text.url}"), ("edition", f"版本：{text.edition}")]
    return lines


def chat_text(text: ProcedureText) -> str:
    """The whole procedure as one chat message: no Markdown or HTML marks, no blank-line runs."""
    return "\n".join(line for _, line in message_lines(text))


def chat_step_text(text: ProcedureText, step_id: str) -> str:
    """One step the same way, with the page's title, the step's address, where to ask, the notice
    and the edition."""
    step = next(step for step in text.steps if step.id == step_id)
    lines = [f"{text.title}（第 {step.number} 步）", "", *(line for _, line in step_lines(step)), ""]
    if text.not_covered:
        lines += [text.not_covered_heading, *(f"· {item}" for item in text.not_covered), ""]
    return "\n".join(lines + [text.notice, f"网址：{text.url}#{step.id}", f"版本：{text.edition}"])


# --- the long image --------------------------------------------------------------------------

WIDTH = 1080
MARGIN = 72
BODY = 38            # px at 1080 wide: legible on a phone without zooming
SMALL = 34
TITLE = 60
HEADING = 46
QR_SCALE = 8
COLOURS = {"background": "#ffffff", "band": "#3f51b5", "band_text": "#ffffff", "title": "#1a1a1a",
           "text": "#333333", "muted": "#555555", "caution": "#fff4e5", "caution_text": "#5c3d00"}
IMAGE_VERSION = "3"


def image_lines(text: ProcedureText, site_name: str) -> list[tuple[str, str]]:
    """The long image's text, in order, each with its style: the guide's name on its band, then
    exactly the lines of the chat message (message_lines), the empty ones left to the layout."""
    return [("band", site_name)] + [(style, line) for style, line in message_lines(text) if style != "gap"]


def draw_long_image(text: ProcedureText, site_name: str, fonts: dict[str, Path]) -> bytes:
    """The procedure as one tall PNG, WIDTH wide and as tall as its text: the guide's name, the
    title, 开始前, each step with its actions, the notice, then the page's QR code, its address and
    the edition."""
    import segno
    from PIL import Image, ImageDraw, ImageFont

    from guide.share import FONT_INDEX_SC, wrap_text

    font = lambda kind, size: ImageFont.truetype(str(fonts[kind]), size, index=FONT_INDEX_SC)  # noqa: E731
    styles = {"band": (font("bold", 44), COLOURS["band_text"], 0), "title": (font("bold", TITLE), COLOURS["title"], 24),
              "caution-heading": (font("bold", BODY), COLOURS["caution_text"], 28),
              "caution": (font("regular", BODY), COLOURS["caution_text"], 8),
              "heading": (font("bold", HEADING), COLOURS["title"], 40), "body": (font("regular", BODY), COLOURS["text"], 12),
              "notice": (font("regular", SMALL), COLOURS["muted"], 48), "url": (font("regular", SMALL), COLOURS["text"], 16),
              "edition": (font("regular", SMALL), COLOURS["muted"], 8)}
    measure = ImageDraw.Draw(Image.new("RGB", (WIDTH, 10)))
    inner = WIDTH - 2 * MARGIN
    laid = []   # (style, wrapped lines)
    for style, line in image_lines(text, site_name):
        indent = 0 if style in ("band", "title", "heading", "caution-heading") else 8
        laid.append((style, wrap_text(measure, line, styles[style][0], inner - indent - (48 if style.startswith("caution") else 0))))
    qr = segno.make(text.url, error="m", micro=False)
    qr_buffer = io.BytesIO()
    qr.save(qr_buffer, kind="png", scale=QR_SCALE, border=2)
    qr_image = Image.open(io.BytesIO(qr_buffer.getvalue())).convert("RGB")
    line_height = lambda style: int(styles[style][0].size * 1.45)  # noqa: E731
    height = 120 + 40
    for style, wrapped in laid:
        if style in ("band", "url", "edition"):
            continue
        height += styles[style][2] + line_height(style) * len(wrapped)
    height += 48 + qr_image.height + 24
    height += sum(line_height(style) * len(wrapped) + styles[style][2] for style, wrapped in laid if style in ("url", "edition"))
    height += MARGIN
    image = Image.new("RGB", (WIDTH, height), COLOURS["background"])
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 120], fill=COLOURS["band"])
    y = 160
    caution_top = None
    for style, wrapped in laid:
        face, colour, space = styles[style]
        if style == "band":
            draw.text((MARGIN, 60), wrapped[0] if wrapped else "", font=face, fill=colour, anchor="lm")
            continue
        if style in ("url", "edition"):
            continue
        if style == "caution-heading":
            caution_top = y + space - 16
        if style not in ("caution", "caution-heading") and caution_top is not None:
            draw.rectangle([MARGIN - 8, caution_top, WIDTH - MARGIN + 8, y + 8], outline=COLOURS["caution_text"], width=3)
            caution_top = None
        y += space
        for line in wrapped:
            x = MARGIN + (24 if style.startswith("caution") else 0) + (8 if style in ("body", "caution") else 0)
            draw.text((x, y), line, font=face, fill=colour)
            y += line_height(style)
    y += 48
    image.paste(qr_image, (MARGIN, y))
    y += qr_image.height + 24
    for style, wrapped in laid:
        if style not in ("url", "edition"):
            continue
        face, colour, space = styles[style]
        y += space
        for line in wrapped:
            draw.text((MARGIN, y), line, font=face, fill=colour)
            y += line_height(style)
    buffer = io.BytesIO()
    image.quantize(colors=64, dither=Image.Dither.NONE).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def long_image_png(cache: Path, text: ProcedureText, site_name: str, fonts: dict[str, Path]) -> tuple[bytes, bool]:
    """(PNG bytes, whether drawn now): from the cache when the text, fonts and layout are the same."""
    parts = [IMAGE_VERSION, site_name, chat_text(text)] + [f"{p.name}:{p.stat().st_size}" for p in fonts.values()]
    path = Path(cache) / f"long-{hashlib.sha256(chr(0).join(parts).encode('utf-8')).hexdigest()[:24]}.png"
    if path.is_file():
        return path.read_bytes(), False
    data = draw_long_image(text, site_name, fonts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data, True
