"""Layer 1, without MkDocs: guide/freshness.py: 最后对照原文核对 and the notice when a page was checked too long ago."""

from __future__ import annotations

import datetime

import pytest

from guide.data import GuideDataError
from guide.freshness import is_stale, parse_last_verified, verification_html


TODAY = datetime.date(2026, 11, 28)


def test_dates_up_to_180_days_are_fresh():
    assert not is_stale(TODAY - datetime.timedelta(days=180), TODAY)
    assert is_stale(TODAY - datetime.timedelta(days=181), TODAY)


def test_verification_html_adds_the_notice_only_when_stale():
    fresh = verification_html(datetime.date(2026, 11, 1), TODAY)
    assert fresh == ('<p class="guide-last-verified" data-search-exclude data-review-due="2027-04-30"><span class="guide-nowrap">最后对照原文核对：'
                     '<time datetime="2026-11-01">2026-11-01</time></span>'
                     '（核对的是本页与原文是否一致，不是 App 中的实际界面）</p>')
    linked = verification_html(datetime.date(2026, 11, 1), TODAY, latest_change=("2026-11-02", "../../changes/#x"))
    assert '<a class="guide-nowrap" href="../../changes/#x">最近更新：2026-11-02</a>' in linked
    stale = verification_html(datetime.date(2025, 1, 1), TODAY)
    assert 'class="admonition warning guide-stale"' in stale and "2025-01-01" in stale


def test_last_verified_accepts_a_yaml_date_or_iso_text():
    assert parse_last_verified("p.md", {"last_verified": datetime.date(2026, 1, 2)}) == datetime.date(2026, 1, 2)
    assert parse_last_verified("p.md", {"last_verified": "2026-01-02"}) == datetime.date(2026, 1, 2)


@pytest.mark.parametrize("meta, message", [({}, "p.md: front matter key 'last_verified' is missing"),
                                            ({"last_verified": "last week"}, "must be a date like")])
def test_bad_last_verified_names_page_and_key(meta, message):
    with pytest.raises(GuideDataError, match=message):
        parse_last_verified("p.md", meta)


def test_a_page_names_its_owner_and_may_set_its_review_days():
    from guide.data import GuideDataError
    from guide.freshness import parse_review

    review = parse_review("risk.md", {"owner": "内容编辑组", "last_verified": "2026-11-29"})
    assert (review.owner, review.review_days, review.due) == ("内容编辑组", 180, datetime.date(2027, 5, 28))
    assert parse_review("p.md", {"owner": "x", "last_verified": "2026-01-01", "review_days": 30}).due == \
        datetime.date(2026, 1, 31)
    for meta, message in [({"last_verified": "2026-01-01"}, "p.md: front matter key 'owner' is missing"),
                          ({"owner": " ", "last_verified": "2026-01-01"}, "'owner' is missing or empty"),
                          ({"owner": "x", "last_verified": "2026-01-01", "review_days": "soon"}, "'review_days' must be"),
                          ({"owner": "x", "last_verified": "2026-01-01", "review_days": 0}, "'review_days' must be")]:
        with pytest.raises(GuideDataError, match=message):
            parse_review("p.md", meta)
