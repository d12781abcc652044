"""Layer 3: bad input stops the build with a message naming the file and the key."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, copy_project, run_mkdocs_build

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
    "malformed-synonyms": ["data/synonyms.yml", "malformed YAML"],
    "unknown-synonym-key": ["data/synonyms.yml", "groups[1] (面部识别)", "unknown key 'wrods'"],
    "unknown-change-step": ["data/changes.yml", "changes[1]", "unknown step id 'after-closng' in 'steps'"],
    "dead-synonym-word": ["data/synonyms.yml", "groups[1] (虹膜识别)", "'虹膜识别' no longer appears in the guide"],
    "duplicate-heading-id": ["risk.md", "the id 'plan' is given to two elements"],
    "script-in-page": ["risk.md", "'<script' would run in the reader's browser"],
    "unknown-question-section": ["data/questions.yml", "pages > impact.md#negatve", "no such section"],
    "change-dated-in-the-future": ["data/changes.yml", "changes[0]", "2099-11-29 is after this edition"],
}


def test_every_fixture_has_a_case():
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders == set(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_the_build_with_a_clear_message(tmp_path, case):
    project = copy_project(tmp_path / "project")
    shutil.copytree(FIXTURES / case, project, dirs_exist_ok=True)
    result = run_mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case}: the build passed but must fail\n{output}"
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
    "not a list": ("    search_reference: [index.md, glossary.md]\n", "    search_reference: index.md\n",
                   ["search_reference"]),
}


@pytest.mark.parametrize("case", sorted(OPTION_CASES))
def test_a_wrong_plugin_option_stops_the_build_naming_it(tmp_path, case):
    old, new, expected = OPTION_CASES[case]
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert old in config, f"mkdocs.yml no longer has {old!r}: update the case"
    (project / "mkdocs.yml").write_text(config.replace(old, new), encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case}: the build passed but must fail\n{output}"
    for text in expected:
        assert text in output, f"{case}: {text!r} missing from the build output:\n{output}"
