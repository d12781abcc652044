"""What readers tell the editors: the sections they voted on, then what they searched for and
did not find. From the hosted guide's own logs (nginx: deploy/nginx.conf.template).

Usage: python -m guide.tools.reader_report FEEDBACK_LOG MISS_LOG [SITE]     (make reader-report)

The feedback log has a line per vote under a section: the time, the page, the section, the vote
(helpful, unhelpful, differs: 与 App 不一致), the reason chosen with a differs vote and the
edition the reader saw, URL-encoded as the page sent them. Sections are listed by their share of
没帮助, with their 与 App 不一致 votes and the editions they were seen on. A section is flagged
when it has at least MIN_VOTES helpful or unhelpful votes and under HELPFUL_SHARE of them
helpful, or any 与 App 不一致 on the current edition (the built site's): check it against the
app and the source first. The search misses follow, as `make search-report` prints them.

The logs hold what strangers sent: a line of any other shape, a field of another form or a
line longer than the page can send is malformed, counted and skipped; nothing read is printed
but fields of the shapes the page sends (control characters never reach the terminal). The
rotated copies (LOG.1 ... LOG.4) are read too; a missing or empty log is said plainly.
"""

from __future__ import annotations

import datetime
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, unquote_plus

from guide.common import ROOT
from guide.tools import search_report
from guide.manifest import ManifestError, read_manifest

MIN_VOTES = 5
HELPFUL_SHARE = 0.6
VOTES = {"helpful", "unhelpful", "differs"}
REASONS = {"": "", "menu": "菜单或入口名称不同", "button": "找不到按钮", "order": "步骤顺序不同", "other": "其他"}
PAGE = re.compile(r"^/[a-z0-9/_-]{0,120}$")
SECTION = re.compile(r"^[a-z0-9_-]{1,60}$")
EDITION = re.compile(r"^[0-9]{4}\.[0-9]{2}\.[0-9]{2}[^\x00-\x1f\x7f-\x9f]{0,60}$")


@dataclass(frozen=True)
class Vote:
    day: datetime.date
    page: str
    section: str
    vote: str
    reason: str
    edition: str


def read_vote(fields: list[str]) -> Vote:
    day = datetime.datetime.fromisoformat(fields[0]).date()
    page, section = unquote(fields[1], errors="strict"), unquote(fields[2], errors="strict")
    vote, reason = fields[3], fields[4]
    edition = unquote_plus(fields[5], errors="strict")
    if not (PAGE.match(page) and SECTION.match(section) and vote in VOTES and reason in REASONS
            and (reason == "" or vote == "differs") and EDITION.match(edition)):
        raise ValueError("shape")
    return Vote(day, page, section, vote, reason, edition)


def parse(lines) -> tuple[list[Vote], int]:
    """(the votes, how many lines were malformed)."""
    return search_report.read_entries(lines, 6, read_vote)


@dataclass
class Section:
    where: str
    helpful: int = 0
    unhelpful: int = 0
    differs: int = 0
    differs_now: int = 0
    editions: set = None
    reasons: dict = None

    @property
    def share_unhelpful(self) -> float:
        voted = self.helpful + self.unhelpful
        return self.unhelpful / voted if voted else 0.0

    def flagged(self) -> str:
        """Why the editors should look at it first, or ''."""
        why = []
        voted = self.helpful + self.unhelpful
        if voted >= MIN_VOTES and self.helpful / voted < HELPFUL_SHARE:
            why.append(f"{self.helpful}/{voted} helpful")
        if self.differs_now:
            why.append(f"{self.differs_now}× 与 App 不一致 on the current edition")
        return "; ".join(why)


def sections(votes: list[Vote], current: str) -> list[Section]:
    found: dict[str, Section] = {}
    for vote in votes:
        where = f"{vote.page}#{vote.section}"
        section = found.setdefault(where, Section(where, editions=set(), reasons=defaultdict(int)))
        if vote.vote == "helpful":
            section.helpful += 1
        elif vote.vote == "unhelpful":
            section.unhelpful += 1
        else:
            section.differs += 1
            section.editions.add(vote.edition)
            section.reasons[REASONS[vote.reason] or "未说明"] += 1
            if vote.edition == current:
                section.differs_now += 1
    return sorted(found.values(), key=lambda s: (not s.flagged(), -s.share_unhelpful, -s.differs, s.where))


def report(votes: list[Vote], bad: int, current: str) -> str:
    out = [f"{len(votes)} votes on sections" + (f"; {bad} malformed line{'s' if bad != 1 else ''} skipped" if bad else "")
           + f". Current edition: {current}.", ""]
    listed = sections(votes, current)
    if listed:
        out += ["| section | 有帮助 | 没帮助 | 没帮助 share | 与 App 不一致 (reasons; editions) | flag |", "|---|---|---|---|---|---|"]
        for section in listed:
            differs = "–"
            if section.differs:
                reasons = ", ".join(f"{reason} {count}" for reason, count in sorted(section.reasons.items()))
                differs = f"{section.differs} ({reasons}; {', '.join(sorted(section.editions))})"
            flag = section.flagged()
            out.append(f"| {section.where} | {section.helpful} | {section.unhelpful} | "
                       f"{section.share_unhelpful:.0%} | {differs} | {'**' + flag + '**' if flag else ''} |")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    feedback, misses = Path(argv[0]), Path(argv[1])
    site = Path(argv[2]) if len(argv) > 2 else ROOT / "site"
    try:
        manifest = read_manifest(site)
    except ManifestError as error:
        print(f"{error}", file=sys.stderr)
        return 1
    print("## Votes on sections\n")
    if not feedback.is_file() or feedback.stat().st_size == 0:
        print(f"{feedback}: no votes logged yet ({'the file is empty' if feedback.is_file() else 'no such file'}). "
              "The hosted guide writes it through nginx (make deploy-config FEEDBACK_LOG=...).")
    else:
        votes, bad = parse(search_report.log_lines(feedback))
        print(report(votes, bad, manifest["edition"]["label"]))
    print("", "## Searches that found nothing or left words out", "", sep="\n")
    if not misses.is_file() or misses.stat().st_size == 0:
        print(f"{misses}: no search misses logged yet ({'the file is empty' if misses.is_file() else 'no such file'}).")
        return 0
    found, bad = search_report.parse(search_report.log_lines(misses))
    words, groups = search_report.guide_words(site)
    print(search_report.report(found, bad, words, groups))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
