"""guide/tools/search_report.py: the search-miss log read back, bad lines counted and skipped."""

from __future__ import annotations

import datetime
import subprocess
import sys

from conftest import ROOT

from guide.tools.search_report import nearest, parse, report, synonym_line

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
        result = subprocess.run([sys.executable, "-m", "guide.tools.search_report", str(log), str(site)],
                                capture_output=True, text=True)
        assert result.returncode == 0 and "no search misses logged yet" in result.stdout, result.stdout + result.stderr
        assert "Traceback" not in result.stderr


# --- what a stranger sends: the log is untrusted text ---------------------------------------

def test_the_report_scrubs_as_the_page_does():
    """The cases search/miss.js passes (tests/js/miss.test.js) pass here too."""
    import json

    from guide.tools.search_report import scrub

    cases = json.loads((ROOT / "tests/scrub-cases.json").read_text(encoding="utf-8"))
    assert len(cases) >= 15
    for case in cases:
        assert scrub(case["in"]) == case["out"], case["why"]


def encoded(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def test_a_forged_row_an_escape_sequence_a_repeat_or_an_address_never_reaches_the_report():
    lines = [
        # an encoded newline and tabs that would print a row of their own
        f"2026-11-30T09:00:00+00:00\t{encoded('借呗' + chr(10) + '| 伪造 | 999 | 2026-12-01 |')}\t{encoded('伪造')}\t",
        # an ESC sequence for the terminal
        f"2026-11-30T09:00:00+00:00\t{encoded('费率' + chr(27) + '[2J')}\t{encoded('费率' + chr(27) + '[2J')}\t",
        # one word sent 4,000 times in one request
        f"2026-11-30T09:00:00+00:00\t{encoded('手续费')}\t{encoded(','.join(['手续费'] * 4000))}\t",
        # an e-mail address's pieces as words left out
        f"2026-11-30T09:00:00+00:00\t{encoded('zhang.san@example.com')}\t{encoded('zhang,san,example,com')}\t1",
        # a phone number in Chinese numerals
        f"2026-11-30T09:00:00+00:00\t{encoded('一三八一二三四五六七八')}\t{encoded('一三八一二三四五六七八')}\t1",
    ]
    misses, bad = parse(lines)
    assert bad == 1     # the 4,000 words make a line longer than the page can send
    text = report(misses, bad, ["借呗", "手续费"], {})
    assert "\x1b" not in text and "\r" not in text
    assert not any(line.startswith("| 伪造 | 999") for line in text.splitlines())
    for word in ("zhang", "example", "一三八"):
        assert word not in text, word
    assert parse([f"2026-11-30T09:00:00+00:00\t{encoded('手续费')}\t{encoded('手续费,手续费,手续费')}\t"])[0][0].missing \
        == ("手续费",)


def test_the_report_compares_a_word_only_with_the_guides_words_that_share_a_part(site):
    """The work, not the time: each left-out word is compared with the few words of the guide
    that share a character or a syllable with it, so 1,000 distinct words take about half the
    comparisons 2,000 do, and far fewer than every word against every word."""
    from guide.tools.search_report import Guide, guide_words

    words, _ = guide_words(site)
    alphabet = "借呗网商贷关闭手续费利息额度提前还款逾期征信芝麻分花呗信用卡"

    def left_out(count: int) -> list[str]:
        return [alphabet[i % len(alphabet)] + alphabet[(i // len(alphabet)) % len(alphabet)] + chr(0x4e00 + i)
                for i in range(count)]

    work = {}
    for count in (1000, 2000):
        guide = Guide(words)
        for word in left_out(count):
            guide.nearest(word)
        work[count] = guide.compared
    assert work[1000] < 0.2 * 1000 * len(words), (work, len(words))
    assert 1.6 < work[2000] / work[1000] < 2.4, work
