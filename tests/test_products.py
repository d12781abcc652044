"""Layer 1, without MkDocs: guide/products.py: data/products.yml, the product table and facts, links between pages."""

from __future__ import annotations

import pytest

from conftest import write, PRODUCTS_YAML
from guide.data import GuideDataError
from guide.products import load_products, product_facts, product_table, relative_link


def test_product_missing_key_names_file_product_and_key(tmp_path):
    path = write(tmp_path, "products.yml", PRODUCTS_YAML.replace("    entry: 入口乙\n", ""))
    with pytest.raises(GuideDataError, match=r"products\.yml: products\.beta: missing key 'entry'"):
        load_products(path)


def test_product_unknown_key_names_it(tmp_path):
    path = write(tmp_path, "products.yml", PRODUCTS_YAML.replace("    kind: 类型甲", "    knd: 类型甲"))
    with pytest.raises(GuideDataError, match=r"products\.alpha: unknown key 'knd'"):
        load_products(path)


def test_product_empty_value_is_rejected(tmp_path):
    path = write(tmp_path, "products.yml", PRODUCTS_YAML.replace("purpose: 用途甲", "purpose: ''"))
    with pytest.raises(GuideDataError, match=r"products\.alpha: key 'purpose' must be non-empty text"):
        load_products(path)


def test_malformed_yaml_names_the_file(tmp_path):
    path = write(tmp_path, "products.yml", "products:\n  alpha: [unclosed\n")
    with pytest.raises(GuideDataError, match=r"products\.yml: malformed YAML"):
        load_products(path)


def test_missing_file_names_it(tmp_path):
    with pytest.raises(GuideDataError, match=r"nothing\.yml: cannot read data file"):
        load_products(tmp_path / "nothing.yml")


def test_non_ascii_product_id_is_rejected(tmp_path):
    path = write(tmp_path, "products.yml", PRODUCTS_YAML.replace("  alpha:", "  借呗:"))
    with pytest.raises(GuideDataError, match="must be ASCII kebab-case"):
        load_products(path)


def test_product_table_links_relative_to_the_calling_page(products):
    table = product_table(products, "products/index.md")
    assert "[甲产品](alpha.md)" in table
    assert "[手动关闭乙产品](../procedures/close-beta.md)" in table
    assert table.splitlines()[1] == "| --- | --- | --- |"
    assert "| 面向谁 | 个人 | 企业 |" in table


def test_product_facts_table(products):
    facts = product_facts(products["beta"])
    assert "| 管理界面的入口 | 入口乙 |" in facts
    assert facts.startswith("| 项目 | 说明 |")


def test_relative_link_from_top_level_page():
    assert relative_link("procedures/close-jiebei.md", "index.md") == "procedures/close-jiebei.md"
    assert relative_link("procedures/close-jiebei.md", "procedures/index.md") == "close-jiebei.md"


def test_product_card_says_who_it_is_for_what_it_is_and_where_to_close_it(products):
    from guide.products import product_card

    assert product_card(products["alpha"]) == "面向个人的类型甲；入口甲，进入管理界面后关闭。"
    assert product_card(products["beta"]) == "面向企业的类型乙；入口乙，进入管理界面后关闭。"
