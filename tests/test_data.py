"""Layer 1, without MkDocs: The real data files of data/ load, with both products, the four steps and the glossary."""

from __future__ import annotations


def test_real_data_loads_with_both_products_and_four_steps(real):
    products, procedure, terms = real
    assert list(products) == ["jiebei", "wangshangdai"]
    assert [p.name for p in products.values()] == ["借呗", "网商贷"]
    assert [s.id for s in procedure.steps] == ["sign-in", "open-management", "close-account", "after-closing"]
    assert {"多头授信", "征信", "授信额度", "资产负债结构", "流动性"} <= {t.term for t in terms}
