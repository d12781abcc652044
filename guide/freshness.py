"""Who keeps each page true, when it was last checked, and whether that is too long ago.

Every page's front matter says who owns it and when its text was last checked against the source
article (not against the live app), and may say how often it must be checked again:

    owner: 流程编辑组
    last_verified: 2026-11-28
    review_days: 90          # optional; the plugin's review_days (180) otherwise

The page shows the date as 最后对照原文核对, and carries its review-due date for the reader's
clock (guide.js, the one-file edition): an old copy says it is old when it is read. Past the
review days at the build it also shows a notice asking the reader to go by the app. Time
passing never fails the build: the build log warns instead. `make review-report` lists the
pages due, by owner (guide/review.py).
"""

from __future__ import annotations

import datetime
import html
from dataclasses import dataclass

from guide.data import GuideDataError

MAX_AGE_DAYS = 180
KEY = "last_verified"


@dataclass(frozen=True)
class Review:
    """A page's review record, from its front matter."""
    page: str
    owner: str
    last_verified: datetime.date
    review_days: int

    @property
    def due(self) -> datetime.date:
        """The day after which the page must be checked again."""
        return self.last_verified + datetime.timedelta(days=self.review_days)


def parse_review(src_uri: str, meta: dict, default_days: int = MAX_AGE_DAYS) -> Review:
    """The page's owner, last check and review interval; a missing or malformed one stops the
    build naming the page and the key."""
    owner = meta.get("owner")
    if not isinstance(owner, str) or not owner.strip():
        raise GuideDataError(f"{src_uri}: front matter key 'owner' is missing or empty (who keeps the page true, "
                             "like owner: 流程编辑组)")
    days = meta.get("review_days", default_days)
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise GuideDataError(f"{src_uri}: front matter key 'review_days' must be a whole number of days, got {days!r}")
    return Review(src_uri, owner.strip(), parse_last_verified(src_uri, meta), days)


def parse_last_verified(src_uri: str, meta: dict) -> datetime.date:
    """The page's `last_verified` date; a missing or malformed one names the page and the key."""
    if KEY not in meta:
        raise GuideDataError(f"{src_uri}: front matter key '{KEY}' is missing (every page needs it, like {KEY}: 2026-11-28)")
    value = meta[KEY]
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise GuideDataError(f"{src_uri}: front matter key '{KEY}' must be a date like 2026-11-28, got {value!r}") from None


def is_stale(last_verified: datetime.date, today: datetime.date, max_age_days: int = MAX_AGE_DAYS) -> bool:
    return (today - last_verified).days > max_age_days


def verification_html(last_verified: datetime.date, today: datetime.date, max_age_days: int = MAX_AGE_DAYS,
                      latest_change: tuple[str, str] | None = None) -> str:
    """The 最后对照原文核对 line (with the page's latest 更新记录 entry: its date and link), and the
    stale notice when the date is too old at the build. The line carries the review-due date
    (data-review-due), which the reader's clock is compared with (guide.js; the one-file edition)."""
    due = (last_verified + datetime.timedelta(days=max_age_days)).isoformat()
    day = html.escape(last_verified.isoformat())
    change = ""
    if latest_change:
        changed, href = latest_change
        change = f' · <a class="guide-nowrap" href="{html.escape(href)}">最近更新：{html.escape(changed)}</a>'
    # Each label with its date never breaks across lines (最近更 / 新), on screen or on paper.
    parts = [f'<p class="guide-last-verified" data-search-exclude data-review-due="{due}"><span class="guide-nowrap">最后对照原文核对：<time datetime="{day}">{day}</time></span>'
             f'（核对的是本页与原文是否一致，不是 App 中的实际界面）{change}</p>']
    if is_stale(last_verified, today, max_age_days):
        parts.append(
            '<div class="admonition warning guide-stale" role="note">'
            '<p class="admonition-title">步骤可能已过时</p>'
            f"<p>本页最后对照原文核对于 {day}，距今已超过 {max_age_days} 天，支付宝 App 中的菜单可能已经变化。"
            "请以 App 中实际显示的内容为准。</p></div>"
        )
    return "".join(parts)
