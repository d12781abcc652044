"""scripts/search_report.py: the search-miss log read back, bad lines counted and skipped."""

from __future__ import annotations

import datetime
import subprocess
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from search_report import nearest, parse, report, synonym_line  # noqa: E402

LOG = [
    "2026-11-29T18:05:10+00:00\t%E5%80%9F%E5%91%97%E6%89%8B%E7%BB%AD%E8%B4%B9\t%E6%89%8B%E7%BB%AD%E8%B4%B9\t",
    "not a line of the log",
    "2026-11-30T08:00:00+00:00\tqwxzv\tqwxzv\t1",
    "2026-11-30T09:00:00+00:00\t%E6%89%8B%E7%BB%AD%E8%B4%B9\t%E6%89%8B%E7%BB%AD%E8%B4%B9\t1",
    "yesterday\tq\tm\t",                              # a time that is not one
    "2026-11-30T09:00:00+00:00\t%E6%89%8B\t%FF%FE\t",   # bytes that are not UTF-8
    "2026-11-30T09:00:00+00:00\tq\tm\tmaybe",          # an unknown flag
    "",
]


def test_the_log_parses_and_bad_lines_are_counted_not_fatal():
    misses, bad = parse(LOG)
    assert bad == 4
    assert [m.query for m in misses] == ["借呗手续费", "qwxzv", "手续费"]
    assert misses[0].missing == ("手续费",) and not misses[0].nothing and misses[1].nothing
    assert misses[2].day == datetime.date(2026, 11, 30)


def test_the_report_counts_words_most_frequent_first_with_their_last_date():
    misses, bad = parse(LOG)
    text = report(misses, bad, ["手里", "关闭", "借呗"], {"关闭": ["注销"]})
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| word")]
    assert rows[0].startswith("| 手续费 | 2 | 2026-11-30 |")
    assert rows[1].startswith("| qwxzv | 1 | 2026-11-30 | – |")
    assert "4 malformed lines skipped" in text
    assert "Queries that found nothing at all:" in text and "- qwxzv (1×)" in text


def test_the_nearest_word_and_the_line_to_add():
    assert nearest("借贝", ["借呗", "网商贷", "关闭"]) == "借呗"
    assert nearest("注消", ["注销", "关闭"]) == "注销"
    assert nearest("qwxzv", ["借呗", "网商贷"]) is None
    assert synonym_line("借贝", "借呗", {"借呗": ["蚂蚁借呗"]}) == "groups > guide: 借呗 > words: add 借贝"
    assert synonym_line("费率", "利息", {}) == "- guide: 利息\n    words: [费率]"


def test_a_missing_or_empty_log_is_said_plainly(tmp_path, site):
    for log in (tmp_path / "none.log", tmp_path / "empty.log"):
        if log.name == "empty.log":
            log.write_text("", encoding="utf-8")
        result = subprocess.run([sys.executable, str(ROOT / "scripts/search_report.py"), str(log), str(site)],
                                capture_output=True, text=True)
        assert result.returncode == 0 and "no search misses logged yet" in result.stdout, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
