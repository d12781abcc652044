"""Layer 1, without MkDocs: The real data files of data/ load, with both products, the four steps and the glossary."""

from __future__ import annotations


def test_real_data_loads_with_both_products_and_four_steps(real):
    products, procedure, terms = real
    assert list(products) == ["jiebei", "wangshangdai"]
    assert [p.name for p in products.values()] == ["借呗", "网商贷"]
    assert [s.id for s in procedure.steps] == ["sign-in", "open-management", "close-account", "after-closing"]
    assert {"多头授信", "征信", "授信额度", "资产负债结构", "流动性"} <= {t.term for t in terms}


def test_a_key_written_twice_stops_with_the_file_the_key_and_both_lines(tmp_path):
    import pytest

    from guide.data import GuideDataError, load_yaml

    path = tmp_path / "products.yml"
    path.write_text("products:\n  alpha:\n    name: 甲\n    name: 乙\n", encoding="utf-8")
    with pytest.raises(GuideDataError, match=r"products\.yml: malformed YAML: .*duplicate key 'name' \(first on line 3\)"):
        load_yaml(path)
    path.write_text("a: 1\nb: [1, 1]\nc: {x: 1, y: 1}\n", encoding="utf-8")
    assert load_yaml(path) == {"a": 1, "b": [1, 1], "c": {"x": 1, "y": 1}}


def test_script_in_a_data_file_stops_with_the_file_and_the_key(tmp_path):
    import pytest

    from guide.data import GuideDataError, load_yaml

    path = tmp_path / "steps.yml"
    for text, key in [("steps:\n  - id: a\n    body: 'x<script>alert(1)</script>'\n", r"steps\[0\] > body"),
                      ("terms:\n  - definition: '<img src=x onerror=alert(1)>'\n", r"terms\[0\] > definition"),
                      ("entry: '[打开](javascript:alert(1))'\n", "entry"),
                      ("a: '<ScRiPt src=x>'\n", "a"),
                      ("a: '<iframe src=//example.com>'\n", "a")]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(GuideDataError, match=rf"steps\.yml > {key}: '.*' would run in the reader's browser"):
            load_yaml(path)
    path.write_text("a: 描述 onerror 一词，以及 <em>强调</em> 和 script 这个词\n", encoding="utf-8")
    assert load_yaml(path)["a"].startswith("描述")
