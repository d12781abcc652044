"""The products the guide covers, from data/products.yml, and the comparison table on /products/."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from guide.data import GuideDataError, check_id, check_keys, check_text, load_yaml

PRODUCT_KEYS = {"name", "kind", "audience", "purpose", "entry", "page", "procedure"}


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    kind: str
    audience: str
    purpose: str
    entry: str
    page: str
    procedure: str


def load_products(path: Path) -> dict[str, Product]:
    """Read and validate data/products.yml into {id: Product}, in file order."""
    data = load_yaml(path)
    check_keys(str(path), data, {"products"})
    entries = data["products"]
    if not isinstance(entries, dict) or not entries:
        raise GuideDataError(f"{path}: 'products' must be a non-empty mapping of id to product")
    products = {}
    for product_id, entry in entries.items():
        where = f"{path}: products.{product_id}"
        check_id(where, product_id)
        check_keys(where, entry, PRODUCT_KEYS)
        check_text(where, entry, PRODUCT_KEYS)
        products[product_id] = Product(id=product_id, **entry)
    return products


def get_product(products: dict[str, Product], product_id: str) -> Product:
    """Look up a product by id; an unknown id names the known ones."""
    try:
        return products[product_id]
    except KeyError:
        known = ", ".join(products)
        raise GuideDataError(f"unknown product '{product_id}' (known: {known})") from None


def relative_link(target: str, from_page: str) -> str:
    """Link from the Markdown file `from_page` to the Markdown file `target` (both docs-relative)."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


def product_table(products: dict[str, Product], from_page: str) -> str:
    """A Markdown table comparing the products side by side, one column per product."""
    columns = list(products.values())
    rows = [
        ("项目", [f"[{p.name}]({relative_link(p.page, from_page)})" for p in columns]),
        ("产品类型", [p.kind for p in columns]),
        ("面向谁", [p.audience for p in columns]),
        ("资金用途", [p.purpose for p in columns]),
        ("管理界面的入口", [p.entry for p in columns]),
        ("如何关闭", [f"[手动关闭{p.name}]({relative_link(p.procedure, from_page)})" for p in columns]),
    ]
    lines = []
    for index, (label, cells) in enumerate(rows):
        lines.append("| " + " | ".join([label, *cells]) + " |")
        if index == 0:
            lines.append("|" + " --- |" * (len(columns) + 1))
    return "\n".join(lines)


def product_facts(product: Product) -> str:
    """One product's facts as a two-column Markdown table, for its own page."""
    rows = [("产品类型", product.kind), ("面向谁", product.audience), ("资金用途", product.purpose),
            ("管理界面的入口", product.entry)]
    return "\n".join(["| 项目 | 说明 |", "| --- | --- |", *(f"| {k} | {v} |" for k, v in rows)])


def product_card(product: Product) -> str:
    """One product in a sentence, for a link card to its procedure (the home page): who it is
    for, what it is, and where its management screen is, from its entry in data/products.yml."""
    return f"面向{product.audience}的{product.kind}；{product.entry}，进入管理界面后关闭。"
