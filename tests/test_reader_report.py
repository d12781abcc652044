"""Layer 1: guide/tools/reader_report.py reads the feedback log as a stranger's text and flags the
sections editors should look at first."""

from __future__ import annotations

import subprocess
import sys


from guide.tools.reader_report import MIN_VOTES, parse, report, sections

NOW = "2026.12.06 · abc1234"
NOW_SENT = "2026.12.06%20%C2%B7%20abc1234"


def line(page="/guide/risk/", section="plan", vote="helpful", reason="", edition=NOW_SENT, day="2026-12-06T10:00:00+00:00"):
    return "\t".join([day, page, section, vote, reason, edition])


def test_lines_of_another_shape_are_counted_and_skipped():
    hostile = [
        line(),
        line(vote="love"),                                   # not a vote the page sends
        line(reason="button"),                               # a reason with a helpful vote
        line(page="/guide/<script>/"),                       # not a page's path
        line(section="plan%0Aforged"),                       # a newline, encoded
        line(edition="2026.12.06%1B%5B31m"),                 # an escape sequence
        "2026-12-06T10:00:00+00:00\t/guide/risk/\tplan",     # too few fields
        line(page="/guide/" + "a" * 700),                    # longer than the page sends
        line(day="yesterday"),
        "",
    ]
    votes, bad = parse(hostile)
    assert len(votes) == 1 and bad == 8
    assert votes[0].page == "/guide/risk/" and votes[0].edition == NOW


def test_a_section_is_flagged_for_few_helpful_votes_or_a_mismatch_on_the_current_edition():
    lines = [line(section="plan", vote="unhelpful")] * 3 + [line(section="plan")] * 2            # 2/5 helpful
    lines += [line(section="credit-record", vote="unhelpful")] * 3 + [line(section="credit-record")]   # 4 votes only
    lines += [line(page="/guide/procedures/close-jiebei/", section="close-account", vote="differs", reason="button")]
    lines += [line(page="/guide/procedures/close-jiebei/", section="sign-in", vote="differs",
                   edition="2026.11.29%20%C2%B7%20old0000")]                                     # an older edition
    votes, bad = parse(lines)
    assert bad == 0
    found = {section.where: section.flagged() for section in sections(votes, NOW)}
    assert found["/guide/risk/#plan"] == f"2/{MIN_VOTES} helpful"
    assert found["/guide/risk/#credit-record"] == ""
    assert found["/guide/procedures/close-jiebei/#close-account"] == "1× 与 App 不一致 on the current edition"
    assert found["/guide/procedures/close-jiebei/#sign-in"] == ""
    text = report(votes, bad, NOW)
    rows = [row for row in text.splitlines() if row.startswith("| /guide/")]
    assert rows[0].startswith("| /guide/risk/#plan |") and "**" in rows[0]          # flagged first
    assert "找不到按钮 1" in text and "2026.11.29 · old0000" in text


def test_missing_logs_are_said_plainly(tmp_path, site):
    result = subprocess.run([sys.executable, "-m", "guide.tools.reader_report", str(tmp_path / "feedback.log"),
                             str(tmp_path / "misses.log"), str(site)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "feedback.log: no votes logged yet (no such file)" in result.stdout
    assert "misses.log: no search misses logged yet (no such file)" in result.stdout
