"""更新记录, from data/changes.yml: the /changes/ page, and the latest entry for a page.

Each entry has a date, the pages (files under docs/) and step ids it changed (neither, for a
change to every page), and a one-line summary. An unknown page or step id, or a date that is not a date, stops the build with the
file and the key, and so does a date after the edition's and today's (check_not_after).
Entries are listed newest first; each has a stable anchor, change-<date>
(change-<date>-2 for a second entry of the same day, counted from the oldest).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from guide.data import GuideDataError, check_keys, check_text, load_yaml


@dataclass(frozen=True)
class Change:
    date: datetime.date
    pages: tuple[str, ...]
    steps: tuple[str, ...]
    summary: str
    anchor: str = ""


def _date(where: str, value) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise GuideDataError(f"{where}: key 'date' must be a date like 2026-11-29, got {value!r}") from None


def _names(where: str, key: str, value, known: set[str], what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise GuideDataError(f"{where}: key '{key}' must be a list of {what}s")
    for item in value:
        if item not in known:
            raise GuideDataError(f"{where}: unknown {what} '{item}' in '{key}' (known: {', '.join(sorted(known))})")
    return tuple(value)


def load_changes(path: Path, pages: set[str], step_ids: set[str]) -> list[Change]:
    """Read and validate data/changes.yml against the pages in docs/ and the step ids."""
    data = load_yaml(path)
    check_keys(str(path), data, {"changes"})
    if not isinstance(data["changes"], list) or not data["changes"]:
        raise GuideDataError(f"{path}: 'changes' must be a non-empty list")
    entries = []
    for index, entry in enumerate(data["changes"]):
        where = f"{path}: changes[{index}]"
        check_keys(where, entry, {"date", "summary"}, {"pages", "steps"})
        check_text(where, entry, {"summary"})
        entries.append(Change(date=_date(where, entry["date"]),
                              pages=_names(where, "pages", entry.get("pages", []), pages, "page"),
                              steps=_names(where, "steps", entry.get("steps", []), step_ids, "step id"),
                              summary=entry["summary"].strip()))
    dates = [entry.date for entry in entries]
    if dates != sorted(dates, reverse=True):
        raise GuideDataError(f"{path}: list the changes newest first")
    return with_anchors(entries)


# A change may be dated the day after its edition's (a commit made early in the day in China is
# still the day before in UTC, the edition's time zone).
DATE_GRACE = datetime.timedelta(days=1)


def check_not_after(entries: list[Change], path: str, edition: datetime.date, today: datetime.date) -> None:
    """A change dated after both the edition and today (2099-01-01 for 2026-01-01) is a typo that
    would head the list for years: raise GuideDataError naming the file and the entry."""
    latest = max(edition, today) + DATE_GRACE
    for index, entry in enumerate(entries):
        if entry.date > latest:
            raise GuideDataError(f"{path}: changes[{index}]: key 'date' {entry.date.isoformat()} is after this edition "
                                 f"({edition.isoformat()}) and today ({today.isoformat()}); a change is dated the day "
                                 "it was made")


def with_anchors(entries: list[Change]) -> list[Change]:
    """change-<date>, and -2, -3 … for later entries of the same day (stable as entries are added)."""
    seen: dict[datetime.date, int] = {}
    anchored = []
    for entry in reversed(entries):
        seen[entry.date] = seen.get(entry.date, 0) + 1
        suffix = "" if seen[entry.date] == 1 else f"-{seen[entry.date]}"
        anchored.append(Change(entry.date, entry.pages, entry.steps, entry.summary, f"change-{entry.date}{suffix}"))
    return list(reversed(anchored))


def latest_for(entries: list[Change], page: str, page_steps: set[str]) -> Change | None:
    """The newest entry that changed `page` or one of the steps shown on it."""
    return next((entry for entry in entries if page in entry.pages or page_steps & set(entry.steps)), None)


def render_changes(entries: list[Change], titles: dict[str, str], link, step_names: dict[str, str] | None = None) -> str:
    """The /changes/ page's list, as Markdown: `link(page)` is the relative link to a page;
    `step_names` names each step as readers see it (第 1 步：登录支付宝账户), not by its id.
    The entries are left out of the search index: they describe the guide, in the guide's own
    words, and would answer every question about what they changed (the page itself is found)."""
    parts = []
    for entry in entries:
        pages = "、".join(f"[{titles[page]}]({link(page)})" for page in entry.pages)
        lines = [f"## {entry.date.isoformat()} {{ #{entry.anchor} data-search-exclude }}", "", entry.summary, ""]
        if pages:
            lines += [f"涉及页面：{pages}", ""]
        elif not entry.steps:
            lines += ["涉及页面：全站", ""]
        if entry.steps:
            names = step_names or {}
            lines += [f"涉及步骤：{'、'.join(names.get(step, step) for step in entry.steps)}", ""]
        parts.append("\n".join(lines))
    return "\n".join(parts)
