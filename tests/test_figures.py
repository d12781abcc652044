"""Layer 1, without MkDocs: guide/figures.py: data/figures.yml drawn as inline SVG."""

from __future__ import annotations

import pytest

from conftest import ROOT, write
from guide.data import GuideDataError
from guide.figures import layout, load_figures, render_figure


STEPS = [("sign-in", "登录支付宝账户"), ("open-management", "进入{product}的管理界面"),
         ("close-account", "关闭{product}的借款功能"), ("after-closing", "关闭后，关注可能的限制")]


ENTRIES = {"jiebei": ("借呗", "点击“查看额度”或“立即借款”按钮下方的设置选项"),
           "wangshangdai": ("网商贷", "通过“商家服务”页面进入，具体路径为“财富 > 商家贷款”")}


@pytest.fixture
def figures():
    return load_figures(ROOT / "data/figures.yml", STEPS, ENTRIES)


def test_a_node_for_a_products_way_through_a_step_takes_the_products_entry(figures):
    """Products' entries are written once, in data/products.yml: the branch nodes name the product."""
    by_id = {n.id: n for n in figures["closure-flow"].nodes}
    assert by_id["jiebei"].lines == ["第 2 步（借呗）：点击“查看额度”或", "“立即借款”按钮下方的设置选项"]
    assert by_id["wangshangdai"].lines == ["第 2 步（网商贷）：通过“商家服务”", "页面进入，具体路径为", "“财富 > 商家贷款”"]
    moved = dict(ENTRIES, jiebei=("借呗", "打开设置"))
    assert {n.id: n for n in load_figures(ROOT / "data/figures.yml", STEPS, moved)["closure-flow"].nodes}[
        "jiebei"].label == "第 2 步（借呗）：打开设置"


def test_the_text_alternative_takes_titles_and_entries_from_the_data(figures):
    alt = figures["closure-flow"].alt
    assert "第 1 步，登录支付宝账户；" in alt and "第 4 步，关闭后，关注可能的限制：" in alt
    assert "关闭借呗时，点击“查看额度”或“立即借款”按钮下方的设置选项；" in alt
    assert "关闭网商贷时，通过“商家服务”页面进入，具体路径为“财富 > 商家贷款”。" in alt
    assert "{" not in alt


def test_wrap_breaks_after_punctuation_and_never_inside_a_quote():
    from guide.figures import wrap

    assert wrap("短的") == "短的"
    assert wrap("第 2 步（网商贷）：通过“商家服务”页面进入，具体路径为“财富 > 商家贷款”") == \
        "第 2 步（网商贷）：通过“商家服务”\n页面进入，具体路径为\n“财富 > 商家贷款”"


def test_a_node_naming_a_step_takes_its_number_and_title_from_the_steps(figures):
    """The steps' titles are written once, in data/steps.yml: the figure's nodes name the step."""
    by_id = {n.id: n for n in figures["closure-flow"].nodes}
    assert by_id["sign-in"].label == "第 1 步：登录支付宝账户"
    assert by_id["after"].lines == ["第 4 步：关闭后，关注可能的限制", "（部分金融机构可能对", "信用评分产生短期影响）"]
    renamed = [(sid, "用实名账户登录" if sid == "sign-in" else title) for sid, title in STEPS]
    assert {n.id: n for n in load_figures(ROOT / "data/figures.yml", renamed, ENTRIES)["closure-flow"].nodes}[
        "sign-in"].label == "第 1 步：用实名账户登录"


def test_figures_load_with_their_numbers(figures):
    assert {f.number for f in figures.values()} == {1, 2}


@pytest.mark.parametrize("figure_id", ["closure-flow", "impact-overview"])
def test_figure_nodes_do_not_overlap_and_flow_downwards(figures, figure_id):
    figure = figures[figure_id]
    layout(figure)
    boxes = [(n.x, n.y, n.x + n.width, n.y + n.height) for n in figure.nodes]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    by_id = {n.id: n for n in figure.nodes}
    for source, target, _ in figure.edges:
        assert by_id[source].y + by_id[source].height < by_id[target].y


def test_closure_flow_splits_after_sign_in_and_joins_at_close(figures):
    figure = figures["closure-flow"]
    layout(figure)
    by_id = {n.id: n for n in figure.nodes}
    assert by_id["jiebei"].row == by_id["wangshangdai"].row == by_id["sign-in"].row + 1
    assert by_id["close"].row == by_id["jiebei"].row + 1


def test_rendered_figure_has_title_description_caption_and_text(figures):
    html = render_figure(figures["impact-overview"])
    assert html.startswith('<figure class="guide-figure" id="figure-2"><div class="guide-figure__drawing" tabindex="0" '
                           'role="group" aria-label="图 2（可左右滑动）"><svg class="guide-diagram" data-search-exclude role="img"')
    assert "</svg></div><figcaption>" in html
    assert '<title id="figure-impact-overview-title">图 2：手动关闭的影响一览</title>' in html
    assert "<desc id=\"figure-impact-overview-desc\">手动关闭借呗或网商贷可能带来两项正面影响" in html
    assert "<figcaption>图 2：手动关闭的影响一览</figcaption>" in html
    assert html.count("<rect") == 7 and "\n" not in html.rstrip("\n")


@pytest.mark.parametrize("change, message", [
    (("kind: branch}", "kind: wavy}"), "unknown kind 'wavy'"),
    (("[verify, closed]", "[verify, finish]"), r"edges\[6\]: unknown node 'finish'"),
    (("    alt: >-\n      两款", "    alt: ''\n    x: >-\n      两款"), "unknown key 'x'"),
    (("step: sign-in}", "step: log-in}"), r"nodes\[1\]\.step: unknown step 'log-in' \(known: sign-in, "),
    (("step: sign-in}", "step: open-management}"), r"nodes\[1\]\.step: the title of 'open-management' names a product"),
    (("{id: sign-in, step: sign-in}", "{id: sign-in, step: sign-in, label: x}"), "unknown key 'label'"),
    (("product: jiebei, kind", "product: huabei, kind"), r"closure-flow\.nodes\[2\]\.product: unknown product 'huabei' \(known: jiebei, wangshangdai\)"),
    (("step: open-management, product: jiebei", "step: opn, product: jiebei"), r"nodes\[2\]\.step: unknown step 'opn'"),
    (("product: jiebei, kind", "product: jiebei, detail: x, kind"), r"nodes\[2\]: unknown key 'detail'"),
    (("{entry.jiebei}", "{entry.huabei}"), r"closure-flow\.alt: unknown product 'huabei' in \{entry\.huabei\}"),
    (("{title.sign-in}", "{title.log-in}"), r"closure-flow\.alt: unknown step 'log-in'"),
    (("{title.sign-in}", "{title.close-account}"), r"closure-flow\.alt: the title of 'close-account' names a product"),
    (("{title.sign-in}", "{step.sign-in}"), r"closure-flow\.alt: unknown placeholder"),
])
def test_bad_figure_data_names_the_key(tmp_path, change, message):
    text = (ROOT / "data/figures.yml").read_text(encoding="utf-8")
    assert change[0] in text
    path = write(tmp_path, "figures.yml", text.replace(*change, 1))
    with pytest.raises(GuideDataError, match=message):
        load_figures(path, STEPS, ENTRIES)


def test_unknown_figure_names_the_known_ones(figures):
    from guide.figures import get_figure

    with pytest.raises(GuideDataError, match=r"unknown figure 'flow' \(known: closure-flow, impact-overview\)"):
        get_figure(figures, "flow")
