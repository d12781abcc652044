"""Which pages are due for a check against the source, by owner.

Usage: python -m guide.tools.review_report [--date YYYY-MM-DD] [--soon DAYS]

Reads every page's front matter (owner, last_verified, review_days; guide/freshness.py, as the
build does) and the plugin's review_days from mkdocs.yml as MkDocs reads it. Lists, by owner,
the pages past their review-due date on the day given (today by default) and those due within
--soon days (30). A page's copy read after its due date tells its reader so (guide.js).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections import defaultdict
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from guide.common import ROOT
from guide.data import GuideDataError
from guide.freshness import Review, parse_review


def reviews(docs: Path, default_days: int) -> list[Review]:
    """Every page's review record; a page without one stops here as it stops the build."""
    found = []
    for path in sorted(docs.rglob("*.md")):
        _, meta = get_data(path.read_text(encoding="utf-8"))
        found.append(parse_review(path.relative_to(docs).as_posix(), meta, default_days))
    return found


def report(records: list[Review], day: datetime.date, soon: int = 30) -> str:
    """The pages due by `day` or within `soon` days after it, by owner, most overdue first."""
    by_owner: dict[str, list[Review]] = defaultdict(list)
    for record in records:
        if (record.due - day).days <= soon:
            by_owner[record.owner].append(record)
    lines = [f"Pages due for a check against the source, on {day.isoformat()} (and within {soon} days):", ""]
    if not by_owner:
        return "\n".join(lines + [f"None: every page is checked until after {(day + datetime.timedelta(days=soon)).isoformat()}."]) + "\n"
    for owner in sorted(by_owner):
        lines += [f"## {owner}", "", "| page | last checked | due | state |", "|---|---|---|---|"]
        for record in sorted(by_owner[owner], key=lambda r: (r.due, r.page)):
            days = (record.due - day).days
            state = f"overdue by {-days} days" if days < 0 else ("due today" if days == 0 else f"due in {days} days")
            lines.append(f"| {record.page} | {record.last_verified.isoformat()} | {record.due.isoformat()} | {state} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--date", type=datetime.date.fromisoformat, default=None, help="the day to report on (today)")
    parser.add_argument("--soon", type=int, default=30)
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    args = parser.parse_args(argv)
    config = load_config(str(args.config))
    try:
        records = reviews(Path(config.docs_dir), config.plugins["guide"].config.review_days)
    except GuideDataError as error:
        print(error, file=sys.stderr)
        return 1
    print(report(records, args.date or datetime.date.today(), args.soon), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
