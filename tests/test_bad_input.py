"""Layer 3: bad input stops the build with a message naming the file and the key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_many, copy_project

FIXTURES = ROOT / "tests" / "fixtures"

CASES = {
    "undefined-variable": ["risk.md", "'closing_fee' is undefined"],
    "unknown-step-id": ["close-jiebei.md", "unknown step id 'sgn-in'", "known: sign-in"],
    "unknown-product": ["close-jiebei.md", "unknown product 'huabei'", "known: jiebei, wangshangdai"],
    "broken-link": ["risk.md", "nowhere.md"],
    "broken-anchor": ["risk.md", "impact.md#no-such-section", "no-such-section"],
    "jinja-comment-heading": ["risk.md", "Missing end of comment tag"],
    "malformed-step-data": ["data/steps.yml", "unknown key 'bdy'"],
    "broken-yaml": ["data/products.yml", "malformed YAML"],
    "missing-last-verified": ["procedures/close-wangshangdai.md", "front matter key 'last_verified' is missing"],
    "missing-owner": ["risk.md", "front matter key 'owner' is missing"],
    "malformed-synonyms": ["data/synonyms.yml", "malformed YAML"],
    "unknown-synonym-key": ["data/synonyms.yml", "groups[1] (面部识别)", "unknown key 'wrods'"],
    "unknown-change-step": ["data/changes.yml", "changes[1]", "unknown step id 'after-closng' in 'steps'"],
    "dead-synonym-word": ["data/synonyms.yml", "groups[1] (虹膜识别)", "'虹膜识别' no longer appears in the guide"],
    "duplicate-heading-id": ["risk.md", "the id 'plan' is given to two elements"],
    "script-in-page": ["risk.md", "'<script>' would run in the reader's browser"],
    "unknown-question-section": ["data/questions.yml", "pages > impact.md#negatve", "no such section"],
    "change-dated-in-the-future": ["data/changes.yml", "changes[0]", "2099-11-29 is after this edition"],
}


def test_every_fixture_has_a_case():
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders == set(CASES)


def fixture_project(folder: Path, case: str) -> Path:
    project = copy_project(folder / "project")
    shutil.copytree(FIXTURES / case, project, dirs_exist_ok=True)
    return project


def option_project(folder: Path, case: str) -> Path:
    old, new, _ = OPTION_CASES[case]
    project = copy_project(folder / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert old in config, f"mkdocs.yml no longer has {old!r}: update the case"
    (project / "mkdocs.yml").write_text(config.replace(old, new), encoding="utf-8")
    return project


def edit_project(folder: Path, case: str) -> Path:
    name, old, new, _ = EDIT_CASES[case]
    project = copy_project(folder / "project")
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{name} no longer has {old!r}: update the case"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> dict:
    """Every broken copy below, built strictly, one after another in one process (build_many):
    (kind, case) -> {returncode, output}."""
    made = []
    for kind, cases, make in [("fixture", CASES, fixture_project), ("option", OPTION_CASES, option_project),
                              ("edit", EDIT_CASES, edit_project)]:
        for case in sorted(cases):
            folder = tmp_path_factory.mktemp("broken")
            made.append(((kind, case), make(folder, case), folder / "site"))
    results = build_many([(project, site) for _, project, site in made])
    return {key: result for (key, _, _), result in zip(made, results)}


@pytest.mark.build
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_the_build_with_a_clear_message(broken, case):
    result = broken["fixture", case]
    output = result["output"]
    assert result["returncode"] != 0, f"{case}: the build passed but must fail\n{output}"
    for expected in CASES[case]:
        assert expected in output, f"{case}: {expected!r} missing from the build output:\n{output}"


# The guide plugin's options (mkdocs.yml, plugins > guide), checked by MkDocs' own config options
# and, for the pages they name, by the plugin: each wrong one stops the build, naming it.
OPTION_CASES = {
    "misspelt option": ("    changes_page: changes.md\n", "    changes_pages: changes.md\n",
                        ["changes_pages", "Unrecognised configuration name"]),
    "wrong type": ("    qr_dir: assets/qr\n", "    qr_dir: [assets, qr]\n", ["qr_dir", "Expected type"]),
    "missing page": ("    search_offer: [procedures/close-jiebei.md,", "    search_offer: [procedures/close-huabei.md,",
                     ["plugins > guide > search_offer", "procedures/close-huabei.md"]),
    "a plugin's inline script": ("  print-site:\n    enabled: false\n", "  print-site:\n    enabled: true\n",
                                 ["print_page/index.html", "an inline script no template of the theme writes"]),
    "not a list": ("    search_reference: [index.md, glossary.md]\n", "    search_reference: index.md\n",
                   ["search_reference"]),
    "missing compared page": ("    search_compare: [products/index.md]\n", "    search_compare: [products/all.md]\n",
                              ["plugins > guide > search_compare", "products/all.md"]),
}


@pytest.mark.build
@pytest.mark.parametrize("case", sorted(OPTION_CASES))
def test_a_wrong_plugin_option_stops_the_build_naming_it(broken, case):
    expected = OPTION_CASES[case][2]
    result = broken["option", case]
    output = result["output"]
    assert result["returncode"] != 0, f"{case}: the build passed but must fail\n{output}"
    for text in expected:
        assert text in output, f"{case}: {text!r} missing from the build output:\n{output}"


# Content that could run in a reader's browser, and broken content, written into a copy of the
# project as an editor would write it: each stops the build naming the file and the key (for a
# page, the page). One edit each: (file, text there, text instead, what the output must say).
GLOSSARY_DEFINITION = "definition: 贷款机构批准给借款人的最高借款金额"
STEP_TITLE = "    title: 登录支付宝账户\n"
STEP_BODY = "      使用已完成实名认证的支付宝账户登录。\n"
RISK_HEADING = "## 先做详细的规划 { #plan }\n"
EDIT_CASES = {
    # 1. content is text, not code: in a data file (named with its key) ...
    "script in a definition": ("data/glossary.yml", GLOSSARY_DEFINITION, GLOSSARY_DEFINITION + "<script>x()</script>",
                               ["data/glossary.yml", "terms[0] > definition", "'<script>' would run"]),
    "event handler in a step": ("data/steps.yml", STEP_BODY, "      <img src=x onerror=alert(1)>登录。\n",
                                ["data/steps.yml", "steps[0] > body", "onerror=", "would run"]),
    "iframe in a product entry": ("data/products.yml", "    kind: 消费信贷产品\n",
                                  "    kind: 消费信贷产品<iframe src=//example.com></iframe>\n",
                                  ["data/products.yml", "products > jiebei > kind", "'<iframe>' would run"]),
    "object in a change": ("data/changes.yml", "    summary: ", "    summary: <object data=x.swf></object>",
                           ["data/changes.yml", "changes[0] > summary", "'<object>' would run"]),
    "javascript link in a step": ("data/steps.yml", STEP_BODY, "      [登录](javascript:alert(1))。\n",
                                  ["data/steps.yml", "steps[0] > body", "'javascript:' would run"]),
    # ... and in a page (named)
    "embed in a page": ("docs/risk.md", RISK_HEADING, RISK_HEADING + "\n<embed src=x.swf>\n",
                        ["risk.md", "'<embed>' would run"]),
    "event handler in a page": ("docs/risk.md", RISK_HEADING, RISK_HEADING + "\n<p onclick=\"x()\">点</p>\n",
                                ["risk.md", "onclick=", "would run"]),
    "javascript link in a page": ("docs/risk.md", RISK_HEADING, RISK_HEADING + "\n[点](javascript:alert(1))\n",
                                  ["risk.md", "javascript:", "would run"]),
    "encoded javascript link in a page": ("docs/risk.md", RISK_HEADING,
                                          RISK_HEADING + "\n<a href=\"java&#x09;script&#58;x()\">点</a>\n",
                                          ["risk.md", "would run"]),
    "form in a page": ("docs/risk.md", RISK_HEADING, RISK_HEADING + "\n<form action=/x><input name=a></form>\n",
                       ["risk.md", "'<form>' would run"]),
    # 4. broken content
    "empty step title": ("data/steps.yml", STEP_TITLE, "    title: ' '\n", ["data/steps.yml", "steps[0]", "title"]),
    "empty step body": ("data/steps.yml", "    body: |\n      {entry}，即可看到{product}的管理界面。\n", "    body: '  '\n",
                        ["data/steps.yml", "steps[1] (open-management)"]),
    "a key written twice": ("data/products.yml", "    kind: 消费信贷产品\n", "    kind: 消费信贷产品\n    kind: 经营性贷款产品\n",
                            ["data/products.yml", "duplicate key 'kind'"]),
    "one-character glossary term": ("data/glossary.yml", "    term: 征信\n", "    term: 的\n",
                                    ["data/glossary.yml", "terms[2]"]),
    "two headings with one id": ("docs/risk.md", "## 保持良好的信用记录 { #credit-record }", "## 保持良好的信用记录 { #plan }",
                                 ["risk.md", "the id 'plan' is given to two elements"]),
}


@pytest.mark.build
@pytest.mark.parametrize("case", sorted(EDIT_CASES))
def test_content_that_could_run_or_is_broken_stops_the_build(broken, case):
    expected = EDIT_CASES[case][3]
    result = broken["edit", case]
    output = result["output"]
    assert result["returncode"] != 0, f"{case}: the build passed but must fail\n{output}"
    for words in expected:
        assert words in output, f"{case}: {words!r} missing from the build output:\n{output[-3000:]}"
