"""The closure steps shared by both procedure pages, from data/steps.yml.

A step is written once; `render_step` fills in the product and returns Markdown with a numbered
heading whose explicit id is the step id, so `/procedures/close-jiebei/#sign-in` stays stable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from guide.data import GuideDataError, check_id, check_keys, load_yaml
from guide.products import Product, get_product, relative_link

PLACEHOLDER = re.compile(r"\{(\w*)\}")
# Before a step's outcome on the page: it is the source's statement (a text sent to a customer,
# who does not know the source, says it plainly).
SOURCE_SAYS = "按原文，"
KNOWN_PLACEHOLDERS = {"product", "entry"}


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    body: str = ""
    by_product: dict[str, str] = field(default_factory=dict)
    # What the step ends with, as the source states it (not an action): the page says it after
    # SOURCE_SAYS; a text sent to a customer says it plainly.
    outcome: str = ""

    def body_for(self, product_id: str) -> str:
        return self.by_product[product_id] if self.by_product else self.body


@dataclass(frozen=True)
class NotCovered:
    """Questions the source does not answer: said plainly, with where to ask."""
    intro: str
    questions: list[str]
    # The guide's own sentence for a reply sent to a customer (复制答复): that the guide cannot
    # answer, and where to ask; said without naming the source.
    reply: str = ""
    # For the procedure sent to a customer (复制步骤, the long image): the sentence above the
    # situations, and each situation briefly, one per question, without naming the source.
    send: str = ""
    brief: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Procedure:
    notice: str
    steps: list[Step]
    before: list[str] = field(default_factory=list)
    not_covered: NotCovered | None = None

    def find(self, step_id: str) -> tuple[int, Step]:
        """Return (1-based number, step) for `step_id`; an unknown id names the known ones."""
        for number, step in enumerate(self.steps, start=1):
            if step.id == step_id:
                return number, step
        known = ", ".join(step.id for step in self.steps)
        raise GuideDataError(f"unknown step id '{step_id}' (known: {known})")


def _check_placeholders(where: str, text: str) -> None:
    for name in PLACEHOLDER.findall(text):
        if name not in KNOWN_PLACEHOLDERS:
            raise GuideDataError(f"{where}: unknown placeholder '{{{name}}}' (allowed: {{product}}, {{entry}})")


def load_procedure(path: Path, products: dict[str, Product]) -> Procedure:
    """Read and validate data/steps.yml; every per-product body must cover exactly `products`."""
    data = load_yaml(path)
    check_keys(str(path), data, {"notice", "steps", "before", "not_covered"})
    if not isinstance(data["steps"], list) or not data["steps"]:
        raise GuideDataError(f"{path}: 'steps' must be a non-empty list")
    steps, seen = [], set()
    for index, entry in enumerate(data["steps"]):
        where = f"{path}: steps[{index}]"
        check_keys(where, entry, {"id", "title"}, {"body", "by_product", "outcome"})
        step_id = check_id(where, entry["id"])
        where = f"{path}: steps[{index}] ({step_id})"
        if step_id in seen:
            raise GuideDataError(f"{where}: duplicate id '{step_id}'")
        seen.add(step_id)
        if ("body" in entry) == ("by_product" in entry):
            raise GuideDataError(f"{where}: give exactly one of 'body' or 'by_product'")
        by_product = entry.get("by_product", {})
        if "by_product" in entry:
            check_keys(f"{where}.by_product", by_product, set(products))
        for key, text in [("title", entry["title"])] + ([("body", entry["body"])] if "body" in entry else []) + \
                ([("outcome", entry["outcome"])] if "outcome" in entry else []) + [
            (f"by_product.{pid}", text) for pid, text in by_product.items()
        ]:
            if not isinstance(text, str) or not text.strip():
                raise GuideDataError(f"{where}: '{key}' must be non-empty text")
            _check_placeholders(f"{where}.{key}", text)
        steps.append(Step(id=step_id, title=entry["title"], body=entry.get("body", ""), by_product=by_product,
                          outcome=entry.get("outcome", "").strip()))
    if not isinstance(data["notice"], str) or not data["notice"].strip():
        raise GuideDataError(f"{path}: 'notice' must be non-empty text")
    before = _text_list(f"{path}: before", data["before"])
    check_keys(f"{path}: not_covered", data["not_covered"], {"intro", "questions", "reply", "send", "brief"})
    for key in ("intro", "reply", "send"):
        text = data["not_covered"].get(key)
        if not isinstance(text, str) or not text.strip():
            raise GuideDataError(f"{path}: not_covered: '{key}' must be non-empty text")
        _check_placeholders(f"{path}: not_covered.{key}", text)
    intro = data["not_covered"]["intro"]
    questions = _text_list(f"{path}: not_covered.questions", data["not_covered"]["questions"])
    brief = _text_list(f"{path}: not_covered.brief", data["not_covered"]["brief"])
    if len(brief) != len(questions):
        raise GuideDataError(f"{path}: not_covered.brief: {len(brief)} items for {len(questions)} questions; "
                             "write each question briefly, in the same order")
    return Procedure(notice=data["notice"].strip(), steps=steps, before=before,
                     not_covered=NotCovered(intro=intro.strip(), questions=questions,
                                            reply=data["not_covered"]["reply"].strip(),
                                            send=data["not_covered"]["send"].strip(), brief=brief))


def _text_list(where: str, value) -> list[str]:
    """A non-empty list of non-empty texts, each with known placeholders only."""
    if not isinstance(value, list) or not value:
        raise GuideDataError(f"{where}: must be a non-empty list of texts")
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise GuideDataError(f"{where}[{index}]: must be non-empty text")
        _check_placeholders(f"{where}[{index}]", item)
    return [item.strip() for item in value]


def fill(text: str, product: Product) -> str:
    """Put the product's name where the text says {product}, its entry where it says {entry}."""
    return text.replace("{product}", product.name).replace("{entry}", product.entry)


def render_notice(procedure: Procedure) -> str:
    """The 'menu paths are illustrative' admonition shown above the steps."""
    return f'!!! info "菜单路径仅作示意"\n\n    {procedure.notice}\n'


def render_step(procedure: Procedure, products: dict[str, Product], step_id: str, product: str, level: int = 2) -> str:
    """One step as Markdown: a numbered heading with the step id as its anchor, then the body."""
    chosen = get_product(products, product)
    number, step = procedure.find(step_id)
    heading = "#" * level + f" 第 {number} 步：{fill(step.title, chosen)} {{ #{step.id} }}"
    outcome = f"\n\n{SOURCE_SAYS}{fill(step.outcome, chosen)}" if step.outcome else ""
    return f"{heading}\n\n{fill(step.body_for(chosen.id), chosen).strip()}{outcome}\n"


def render_before(procedure: Procedure, product: Product, level: int = 2) -> str:
    """开始前: what must be done before the first step."""
    items = "\n".join(f"- {fill(item, product)}" for item in procedure.before)
    return f"{'#' * level} 开始前 {{ #before-you-start }}\n\n{items}\n"


# The anchor of the 原文未涉及的情况 box on both procedure pages.
NOT_COVERED_ID = "not-covered"


def render_not_covered(procedure: Procedure, product: Product, level: int = 2) -> str:
    """原文未涉及的情况: the questions the source does not answer, and where to ask."""
    box = procedure.not_covered
    items = "\n".join(f"    - {fill(question, product)}" for question in box.questions)
    return (f"{'#' * level} 原文未涉及的情况 {{ #not-covered }}\n\n"
            f'!!! question "本指南无从回答，请以 App 或官方客服为准"\n\n'
            f"    {fill(box.intro, product)}\n\n{items}\n")


def procedure_steps(procedure: Procedure, products: dict[str, Product], product: str, level: int = 2) -> str:
    """开始前, the notice, every step in order, and what the source does not answer, for one product."""
    chosen = get_product(products, product)
    parts = [render_before(procedure, chosen, level), render_notice(procedure)]
    parts += [render_step(procedure, products, step.id, product, level) for step in procedure.steps]
    parts.append(render_not_covered(procedure, chosen, level))
    return "\n".join(parts)


# Counts written out, as a sentence says them (两个流程, 四步).
COUNTS = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}
# What a step's title says in place of a product's name when it speaks of every product.
ANY_PRODUCT = "产品"


def procedure_outline(procedure: Procedure, products: dict[str, Product]) -> str:
    """The procedures in a sentence, for the page that chooses between them: how many steps,
    their titles in order (a product's name read as 产品), and which steps differ by product
    (those whose text names the entry or is written per product)."""
    def count(number: int) -> str:
        return COUNTS.get(number, str(number))

    # The titles in order, unnumbered: a question naming a step by its number (第三步) is
    # answered by that step on a procedure page, not by this summary.
    titles = "；".join(step.title.replace("{product}", ANY_PRODUCT) for step in procedure.steps)
    differ = [f"第 {number} 步" for number, step in enumerate(procedure.steps, 1)
              if step.by_product or "{entry}" in step.title + step.body]
    head = f"{count(len(products))}个流程都是{count(len(procedure.steps))}步，依次是：{titles}。"
    if not differ:
        return head + "每一步都相同。"
    return head + f"只有{'、'.join(differ)}因产品而不同。"


def procedure_intro(procedure: Procedure, products: dict[str, Product], product: str, from_page: str) -> str:
    """The line under a procedure page's title: how many steps close the product, and the way
    to the other products' procedures (links relative to `from_page`)."""
    chosen = get_product(products, product)
    others = [p for p in products.values() if p.id != chosen.id]
    line = f"按以下{COUNTS.get(len(procedure.steps), str(len(procedure.steps)))}步，在支付宝中关闭{chosen.name}的借款功能。"
    if others:
        links = "、".join(f"[手动关闭{p.name}]({relative_link(p.procedure, from_page)})" for p in others)
        line += f"要关闭的如果是{'或'.join(p.name for p in others)}，请看{links}。"
    return line
