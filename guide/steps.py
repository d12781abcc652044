"""The closure steps shared by both procedure pages, from data/steps.yml.

A step is written once; `render_step` fills in the product and returns Markdown with a numbered
heading whose explicit id is the step id, so `/procedures/close-jiebei/#sign-in` stays stable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from guide.data import GuideDataError, check_id, check_keys, load_yaml
from guide.products import Product, get_product

PLACEHOLDER = re.compile(r"\{(\w*)\}")
KNOWN_PLACEHOLDERS = {"product", "entry"}


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    body: str = ""
    by_product: dict[str, str] = field(default_factory=dict)

    def body_for(self, product_id: str) -> str:
        return self.by_product[product_id] if self.by_product else self.body


@dataclass(frozen=True)
class Procedure:
    notice: str
    steps: list[Step]

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
    check_keys(str(path), data, {"notice", "steps"})
    if not isinstance(data["steps"], list) or not data["steps"]:
        raise GuideDataError(f"{path}: 'steps' must be a non-empty list")
    steps, seen = [], set()
    for index, entry in enumerate(data["steps"]):
        where = f"{path}: steps[{index}]"
        check_keys(where, entry, {"id", "title"}, {"body", "by_product"})
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
        for key, text in [("title", entry["title"]), ("body", entry.get("body", ""))] + [
            (f"by_product.{pid}", text) for pid, text in by_product.items()
        ]:
            if not isinstance(text, str):
                raise GuideDataError(f"{where}: '{key}' must be text")
            _check_placeholders(f"{where}.{key}", text)
        steps.append(Step(id=step_id, title=entry["title"], body=entry.get("body", ""), by_product=by_product))
    if not isinstance(data["notice"], str) or not data["notice"].strip():
        raise GuideDataError(f"{path}: 'notice' must be non-empty text")
    return Procedure(notice=data["notice"].strip(), steps=steps)


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
    return f"{heading}\n\n{fill(step.body_for(chosen.id), chosen).strip()}\n"


def procedure_steps(procedure: Procedure, products: dict[str, Product], product: str, level: int = 2) -> str:
    """The notice and every step, in order, for one product."""
    get_product(products, product)
    parts = [render_notice(procedure)]
    parts += [render_step(procedure, products, step.id, product, level) for step in procedure.steps]
    return "\n".join(parts)
