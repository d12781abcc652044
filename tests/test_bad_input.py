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
