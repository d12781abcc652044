"""Links staff send: the link contract, redirects for moved pages, step-date notices."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from guide.manifest import read_manifest
from conftest import ROOT, copy_project, run_mkdocs_build
from guide.version import current_edition

from guide.tools.link_contract import check, published_links, read_contract, resolve


# The step anchors as published (README "Pages"): written out here, never derived from the step
# data, so a renamed step id fails.
STEP_IDS = ("sign-in", "open-management", "close-account", "after-closing")


@pytest.fixture(scope="session")
def contract() -> list[str]:
    return read_contract()


def test_contract_lists_each_link_once(contract):
    assert len(contract) == len(set(contract))
    assert all(line.startswith("/") for line in contract)


def test_every_contract_link_still_resolves(site, contract):
    broken = [reason for reason in (resolve(site, link) for link in contract) if reason]
    assert not broken, "links in tests/link-contract.txt no longer resolve:\n" + "\n".join(broken)


def test_every_published_link_is_in_the_contract(site, contract):
    missing = [link for link in published_links(site) if link not in set(contract)]
    assert not missing, "add these lines to tests/link-contract.txt:\n" + "\n".join(missing)


def test_contract_covers_every_step_of_both_procedures(contract):
    for page in ("/procedures/close-jiebei/", "/procedures/close-wangshangdai/"):
        for step in STEP_IDS:
            assert f"{page}#{step}" in contract


def test_the_published_links_include_every_step_anchor(site):
    """The contract's own reading of the site finds the step anchors staff send."""
    published = set(published_links(site))
    for page in ("/procedures/close-jiebei/", "/procedures/close-wangshangdai/"):
        for step in STEP_IDS:
            assert f"{page}#{step}" in published, f"{page}#{step} not found in the built page"


def test_an_unlisted_heading_is_reported(tmp_path):
    """A new heading whose anchor the contract does not list is reported, with the line to add."""
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide/index.html").write_text(
        '<article><h1 id="top">页</h1><h2 id="listed">甲</h2><h2 id="new-section">乙</h2></article>', encoding="utf-8")
    unlisted, broken = check(tmp_path, ["/guide/", "/guide/#top", "/guide/#listed"])
    assert unlisted == ["/guide/#new-section"] and broken == []


def test_resolve_reports_a_missing_page_and_a_missing_anchor(site):
    assert "is not published" in resolve(site, "/no-such-page/")
    assert "has no heading #no-such-step" in resolve(site, "/procedures/close-jiebei/#no-such-step")


# --- a page that moves -------------------------------------------------------------------

def move_recommendations(project, redirect: bool):
    """Rename recommendations.md to advice.md, as an editor would, with or without a redirect."""
    (project / "docs/recommendations.md").rename(project / "docs/advice.md")
    for page in [*(project / "docs").rglob("*.md"), project / "data/changes.yml", project / "data/questions.yml"]:
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("recommendations.md", "advice.md"), encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("recommendations.md", "advice.md")
    if redirect:
        config = config.replace("redirect_maps: {}", "redirect_maps:\n      recommendations.md: advice.md")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")


@pytest.mark.build
@pytest.mark.parametrize("redirect", [True, False], ids=["with-redirect", "without-redirect"])
def test_moved_page_keeps_its_old_links_only_through_a_redirect(tmp_path, contract, redirect):
    project = copy_project(tmp_path / "project")
    move_recommendations(project, redirect)
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    unlisted, broken = check(tmp_path / "site", contract)
    assert unlisted and all(link.startswith("/advice/") for link in unlisted)
    moved = read_manifest(tmp_path / "site")["redirects"]
    if redirect:
        assert not broken, broken
        assert resolve(tmp_path / "site", "/recommendations/#review-needs") is None
        # The build hands the move to the server configurations: the old address and the new.
        assert moved == [{"source": "recommendations.md", "from": "recommendations/", "target": "advice.md", "to": "advice/"}]
    else:
        assert moved == []
        assert "/recommendations/: /recommendations/ is not published" in broken
        assert any(reason.startswith("/recommendations/#review-needs") for reason in broken)


# --- 最后对照原文核对 ----------------------------------------------------------------------

@pytest.mark.build
def test_old_step_date_shows_a_notice_and_warns_without_failing(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs/procedures/close-jiebei.md"
    text = re.sub(r"last_verified: .*", "last_verified: 2020-01-02", page.read_text(encoding="utf-8"))
    page.write_text(text, encoding="utf-8")
    fresh = project / "docs/procedures/close-wangshangdai.md"
    # The copy has no git history: its edition is dated by SOURCE_DATE_EPOCH, set to this
    # checkout's commit, so the test reads no clock.
    edition = current_edition(ROOT)
    today = edition.date.isoformat()
    fresh.write_text(re.sub(r"last_verified: .*", f"last_verified: {today}", fresh.read_text(encoding="utf-8")),
                     encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site", env={"SOURCE_DATE_EPOCH": str(edition.epoch)})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "procedures/close-jiebei.md: last checked against the source 2020-01-02" in output
    assert "close-wangshangdai.md: last checked" not in output
    stale = BeautifulSoup((tmp_path / "site/procedures/close-jiebei/index.html").read_text(encoding="utf-8"), "html.parser")
    notice = stale.select_one("article .guide-stale")
    assert notice is not None and "2020-01-02" in notice.get_text()
    assert "最后对照原文核对：2020-01-02" in stale.select_one(".guide-last-verified").get_text()
    ok = BeautifulSoup((tmp_path / "site/procedures/close-wangshangdai/index.html").read_text(encoding="utf-8"), "html.parser")
    assert ok.select_one("article .guide-stale") is None
    assert f"最后对照原文核对：{today}" in ok.select_one(".guide-last-verified").get_text()
