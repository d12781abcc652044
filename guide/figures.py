"""Figures as inline SVG, drawn at build time from data/figures.yml.

A figure is a small top-down flow. Nodes sit in rows by their longest path from the start;
each row is centred; edges run down from box to box. Colours are CSS variables of the theme,
so the drawing follows the light and dark palettes, and the SVG needs no script, so it shows
offline, from file:// and in print. The text alternative is part of the data.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from guide.data import GuideDataError, check_id, check_keys, check_text, load_yaml

FONT_SIZE = 14
LINE_HEIGHT = 20
PAD_X, PAD_Y = 14, 10
GAP_X, GAP_Y = 28, 44
KINDS = {"plain", "branch", "positive", "negative"}
# Folded YAML joins lines with a space, which shows inside Chinese text: drop it there.
CJK = "\u3000-\u9fff\uff00-\uffef“”"
FOLD_SPACE = re.compile(f"(?<=[{CJK}])\\s+(?=[{CJK}])")


@dataclass
class Node:
    id: str
    label: str
    kind: str = "plain"
    row: int = 0
    x: float = 0
    y: float = 0

    @property
    def lines(self) -> list[str]:
        return self.label.split("\n")

    @property
    def width(self) -> float:
        return max(text_width(line) for line in self.lines) + 2 * PAD_X

    @property
    def height(self) -> float:
        return len(self.lines) * LINE_HEIGHT + 2 * PAD_Y


@dataclass
class Figure:
    id: str
    number: int
    caption: str
    alt: str
    nodes: list[Node]
    edges: list[tuple[str, str, str]] = field(default_factory=list)


def text_width(text: str) -> float:
    """Width in px at FONT_SIZE: a Chinese character is one em, Latin text about half."""
    return sum(FONT_SIZE if ord(ch) > 0x2E7F else FONT_SIZE * 0.55 for ch in text)


def step_label(where: str, step_titles: list[tuple[str, str]], step_id: str, detail: str | None) -> str:
    """A node that names a step: 第 N 步：its title, as data/steps.yml has them (`step_titles`:
    each step's id and title, in order), then the node's own `detail` lines, if any."""
    numbers = {sid: (number, title) for number, (sid, title) in enumerate(step_titles, 1)}
    if step_id not in numbers:
        raise GuideDataError(f"{where}.step: unknown step '{step_id}' (known: {', '.join(numbers)})")
    number, title = numbers[step_id]
    if "{" in title:
        raise GuideDataError(f"{where}.step: the title of '{step_id}' names a product ({title}); write the node's label")
    return f"第 {number} 步：{title}" + (f"\n{detail}" if detail else "")


# The widest line a label is wrapped to, in characters of one em.
WRAP = 17
# Where a line may break: after these, or before an opening quote.
BREAK_AFTER = "，、；：或”）"


def wrap(text: str, width: int = WRAP) -> str:
    """`text` in lines of at most `width` ems, broken after punctuation or 或, or before an
    opening quote, where it can (a quoted name is not cut); joined by newlines."""
    chunks, chunk = [], ""
    for ch in text:
        if ch == "“" and chunk:
            chunks.append(chunk)
            chunk = ""
        chunk += ch
        if ch in BREAK_AFTER:
            chunks.append(chunk)
            chunk = ""
    if chunk:
        chunks.append(chunk)
    lines, line = [], ""
    for chunk in chunks:
        if line and text_width(line + chunk) > width * FONT_SIZE:
            lines.append(line)
            line = ""
        line += chunk
    lines.append(line)
    return "\n".join(lines)


def product_step_label(where: str, step_titles: list[tuple[str, str]], step_id: str, product_id: str,
                       entries: dict[str, tuple[str, str]]) -> str:
    """A node for one product's way through a step (the step whose path differs): 第 N 步（name）：
    the product's entry, as data/products.yml has it (`entries`: id -> (name, entry))."""
    numbers = {sid: number for number, (sid, _title) in enumerate(step_titles, 1)}
    if step_id not in numbers:
        raise GuideDataError(f"{where}.step: unknown step '{step_id}' (known: {', '.join(numbers)})")
    if product_id not in entries:
        raise GuideDataError(f"{where}.product: unknown product '{product_id}' (known: {', '.join(entries)})")
    name, entry = entries[product_id]
    return wrap(f"第 {numbers[step_id]} 步（{name}）：{entry}")


PLACEHOLDER = re.compile(r"\{(entry|title)\.([a-z0-9-]+)\}")


def fill_alt(where: str, alt: str, step_titles: list[tuple[str, str]], entries: dict[str, tuple[str, str]]) -> str:
    """The text alternative with {entry.<product>} and {title.<step>} put in from the data (a
    step's title must name no product); anything else in braces stops the build."""
    titles = dict(step_titles)

    def put(match: re.Match) -> str:
        kind, key = match.groups()
        if kind == "entry":
            if key not in entries:
                raise GuideDataError(f"{where}.alt: unknown product '{key}' in {match.group(0)} (known: {', '.join(entries)})")
            return entries[key][1]
        if key not in titles:
            raise GuideDataError(f"{where}.alt: unknown step '{key}' in {match.group(0)} (known: {', '.join(titles)})")
        if "{" in titles[key]:
            raise GuideDataError(f"{where}.alt: the title of '{key}' names a product ({titles[key]}); write it out")
        return titles[key]

    filled = PLACEHOLDER.sub(put, alt)
    if "{" in filled or "}" in filled:
        raise GuideDataError(f"{where}.alt: unknown placeholder in {filled!r} (allowed: {{entry.<product>}}, {{title.<step>}})")
    return filled


def load_figures(path: Path, step_titles: list[tuple[str, str]] = (),
                 entries: dict[str, tuple[str, str]] | None = None) -> dict[str, Figure]:
    """Read and validate data/figures.yml. A node gives its `label`, or names a step (`step`,
    with `detail` lines under it) whose title comes from `step_titles` (data/steps.yml), or a
    step and a product (`step`, `product`) whose entry comes from `entries` (data/products.yml:
    id -> (name, entry)); the text alternative may say {entry.<product>} and {title.<step>}."""
    entries = entries or {}
    data = load_yaml(path)
    check_keys(str(path), data, {"figures"})
    figures = {}
    for figure_id, entry in (data["figures"] or {}).items():
        where = f"{path}: figures.{figure_id}"
        check_id(where, figure_id)
        check_keys(where, entry, {"number", "caption", "alt", "nodes", "edges"})
        check_text(where, entry, {"caption", "alt"})
        nodes = []
        for index, raw in enumerate(entry["nodes"] or []):
            node_where = f"{where}.nodes[{index}]"
            if isinstance(raw, dict) and "step" in raw and "product" in raw:
                check_keys(node_where, raw, {"id", "step", "product"}, {"kind"})
                check_text(node_where, raw, {"step", "product"})
                label = product_step_label(node_where, list(step_titles), raw["step"], raw["product"], entries)
            elif isinstance(raw, dict) and "step" in raw:
                check_keys(node_where, raw, {"id", "step"}, {"kind", "detail"})
                check_text(node_where, raw, {"step", *({"detail"} & set(raw))})
                label = step_label(node_where, list(step_titles), raw["step"], raw.get("detail"))
            else:
                check_keys(node_where, raw, {"id", "label"}, {"kind"})
                check_text(node_where, raw, {"label"})
                label = raw["label"]
            kind = raw.get("kind", "plain")
            if kind not in KINDS:
                raise GuideDataError(f"{node_where}: unknown kind '{kind}' (allowed: {', '.join(sorted(KINDS))})")
            nodes.append(Node(id=check_id(node_where, raw["id"]), label=label, kind=kind))
        ids = {n.id for n in nodes}
        edges = []
        for index, raw in enumerate(entry["edges"] or []):
            if not isinstance(raw, list) or len(raw) not in (2, 3):
                raise GuideDataError(f"{where}.edges[{index}]: expected [from, to] or [from, to, label]")
            for end in raw[:2]:
                if end not in ids:
                    raise GuideDataError(f"{where}.edges[{index}]: unknown node '{end}'")
            edges.append((raw[0], raw[1], raw[2] if len(raw) == 3 else ""))
        alt = fill_alt(where, FOLD_SPACE.sub("", " ".join(entry["alt"].split())), list(step_titles), entries)
        figures[figure_id] = Figure(figure_id, int(entry["number"]), entry["caption"].strip(), alt, nodes, edges)
    return figures


def get_figure(figures: dict[str, Figure], figure_id: str) -> Figure:
    """Look up a figure by id; an unknown id names the known ones."""
    if figure_id not in figures:
        raise GuideDataError(f"unknown figure '{figure_id}' (known: {', '.join(figures)})")
    return figures[figure_id]


def layout(figure: Figure) -> tuple[float, float]:
    """Place the nodes; return the drawing's (width, height)."""
    by_id = {n.id: n for n in figure.nodes}
    for _ in figure.nodes:  # longest path, at most one pass per node
        for source, target, _label in figure.edges:
            by_id[target].row = max(by_id[target].row, by_id[source].row + 1)
    rows: dict[int, list[Node]] = {}
    for node in figure.nodes:
        rows.setdefault(node.row, []).append(node)
    widths = {r: sum(n.width for n in ns) + GAP_X * (len(ns) - 1) for r, ns in rows.items()}
    width = max(widths.values())
    y = 0.0
    for r in sorted(rows):
        x = (width - widths[r]) / 2
        height = max(n.height for n in rows[r])
        for node in rows[r]:
            node.x, node.y = x, y + (height - node.height) / 2
            x += node.width + GAP_X
        y += height + GAP_Y
    return width, y - GAP_Y


def render_svg(figure: Figure) -> str:
    """The figure as one line of inline SVG, with <title> and <desc> for assistive technology."""
    width, height = layout(figure)
    margin = 2
    by_id = {n.id: n for n in figure.nodes}
    prefix = f"figure-{figure.id}"
    out = [
        # data-search-exclude: the text alternative below the drawing is indexed once, not the labels too.
        f'<svg class="guide-diagram" data-search-exclude role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        f'viewBox="{-margin} {-margin} {width + 2 * margin:.0f} {height + 2 * margin:.0f}" '
        f'width="{width + 2 * margin:.0f}" height="{height + 2 * margin:.0f}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{prefix}-title">图 {figure.number}：{html.escape(figure.caption)}</title>',
        f'<desc id="{prefix}-desc">{html.escape(figure.alt)}</desc>',
        f'<defs><marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="guide-diagram__arrow"/></marker></defs>',
    ]
    for source, target, label in figure.edges:
        a, b = by_id[source], by_id[target]
        x1, y1 = a.x + a.width / 2, a.y + a.height
        x2, y2 = b.x + b.width / 2, b.y
        middle = (y1 + y2) / 2
        out.append(f'<path class="guide-diagram__edge" d="M{x1:.1f},{y1:.1f} V{middle:.1f} H{x2:.1f} V{y2:.1f}" '
                   f'marker-end="url(#{prefix}-arrow)"/>')
        if label:
            out.append(f'<text class="guide-diagram__edge-label" x="{x2 + 6:.1f}" y="{(middle + y2) / 2 + 5:.1f}">'
                       f'{html.escape(label)}</text>')
    for node in figure.nodes:
        out.append(f'<g class="guide-diagram__node guide-diagram__node--{node.kind}">')
        out.append(f'<rect x="{node.x:.1f}" y="{node.y:.1f}" width="{node.width:.1f}" height="{node.height:.1f}" rx="6"/>')
        for index, line in enumerate(node.lines):
            ty = node.y + PAD_Y + LINE_HEIGHT * index + LINE_HEIGHT * 0.72
            out.append(f'<text x="{node.x + node.width / 2:.1f}" y="{ty:.1f}" text-anchor="middle">{html.escape(line)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def render_figure(figure: Figure) -> str:
    """<figure> with the SVG, a numbered caption, and the text alternative readers can open."""
    anchor = f"figure-{figure.number}"
    return (
        f'<figure class="guide-figure" id="{anchor}">'
        # A phone shows the drawing at its own size (its words at 14 px), scrolled sideways in
        # this frame, which the keyboard can scroll too.
        f'<div class="guide-figure__drawing" tabindex="0" role="group" aria-label="图 {figure.number}（可左右滑动）">'
        f"{render_svg(figure)}</div>"
        f"<figcaption>图 {figure.number}：{html.escape(figure.caption)}</figcaption>"
        f'<details class="guide-figure__text"><summary>图 {figure.number} 的文字说明</summary>'
        f"<p>{html.escape(figure.alt)}</p></details>"
        f"</figure>\n"
    )
