"""Layer 1, without MkDocs: guide/changes.py: data/changes.yml and the 更新记录 page."""

from __future__ import annotations

import pytest

from conftest import write
from guide.data import GuideDataError
from guide.changes import check_not_after, latest_for, load_changes


CHANGES = """\
changes:
  - date: 2026-11-29
    pages: [a.md]
    summary: 第二次。
  - date: 2026-11-29
    steps: [sign-in]
    summary: 第一次。
  - date: 2026-11-01
    pages: [a.md, b.md]
    summary: 首次发布。
"""


def test_changes_load_newest_first_with_stable_anchors(tmp_path):
    entries = load_changes(write(tmp_path, "changes.yml", CHANGES), {"a.md", "b.md"}, {"sign-in"})
    assert [e.anchor for e in entries] == ["change-2026-11-29-2", "change-2026-11-29", "change-2026-11-01"]
    assert latest_for(entries, "b.md", set()).anchor == "change-2026-11-01"
    assert latest_for(entries, "c.md", {"sign-in"}).anchor == "change-2026-11-29"
    assert latest_for(entries, "c.md", set()) is None


@pytest.mark.parametrize("change, message", [
    (("pages: [a.md, b.md]", "pages: [a.md, c.md]"), r"changes\[2\]: unknown page 'c.md' in 'pages'"),
    (("steps: [sign-in]", "steps: [sgn-in]"), r"changes\[1\]: unknown step id 'sgn-in' in 'steps'"),
    (("date: 2026-11-01", "date: 2026-13-01"), r"changes\[2\]: key 'date' must be a date like 2026-11-29, got '2026-13-01'"),
    (("summary: 首次发布。", "sumary: 首次发布。"), r"changes\[2\]: unknown key 'sumary'"),
    (("date: 2026-11-01", "date: 2027-01-01"), "list the changes newest first"),
])
def test_bad_changes_name_the_file_and_the_key(tmp_path, change, message):
    path = write(tmp_path, "changes.yml", CHANGES.replace(*change))
    with pytest.raises(GuideDataError, match=r"changes\.yml: " + message):
        load_changes(path, {"a.md", "b.md"}, {"sign-in"})


def test_a_moved_page_stays_valid_in_the_change_log_through_its_redirect(tmp_path):
    from guide import load_change_log

    (tmp_path / "data").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/b.md").write_text("---\ntitle: 乙\n---\n", encoding="utf-8")
    (tmp_path / "data/changes.yml").write_text("changes:\n  - date: 2026-11-01\n    pages: [a.md]\n    summary: 首次发布。\n",
                                               encoding="utf-8")

    class Procedure:
        steps = []

    with pytest.raises(GuideDataError, match="unknown page 'a.md'"):
        load_change_log(tmp_path, tmp_path / "docs", Procedure())
    entries = load_change_log(tmp_path, tmp_path / "docs", Procedure(), {"a.md": "b.md"})
    assert entries[0].pages == ("b.md",)


def test_a_change_to_every_page_says_so(tmp_path):
    from guide.changes import render_changes

    path = write(tmp_path, "changes.yml", "changes:\n  - date: 2026-11-01\n    summary: 全站更新。\n")
    entries = load_changes(path, {"a.md"}, set())
    text = render_changes(entries, {}, lambda page: page)
    assert "## 2026-11-01 { #change-2026-11-01 data-search-exclude }" in text and "涉及页面：全站" in text
    assert latest_for(entries, "a.md", set()) is None


def test_a_change_dated_after_the_edition_and_today_names_the_file_and_the_entry(tmp_path):
    import datetime

    path = write(tmp_path, "changes.yml", """\
        changes:
          - date: 2026-12-03
            summary: 明天的。
          - date: 2026-12-01
            summary: 今天的。
        """)
    entries = load_changes(path, set(), set())
    day = datetime.date(2026, 12, 1)
    # The day after the edition (UTC) is allowed, as is a change made today on an older edition.
    check_not_after(entries[1:], str(path), day, day)
    check_not_after(entries, str(path), day, datetime.date(2026, 12, 3))
    check_not_after(entries, str(path), datetime.date(2026, 12, 2), day)
    with pytest.raises(GuideDataError, match=r"changes.yml: changes\[0\]: key 'date' 2026-12-03 is after this edition"):
        check_not_after(entries, str(path), day, day)
