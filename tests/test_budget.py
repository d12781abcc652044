"""The byte budget of a procedure page's load, and of the search it loads after it (bytes are
deterministic; times are not asserted anywhere: `make bench` reports them)."""

from __future__ import annotations


import pytest


from guide.tools.bench import (BUDGET_DICTIONARY, BUDGET_FIRST_PAINT, BUDGET_TOTAL, PROCEDURE_PAGE, byte_totals,
                   first_load)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def totals(browser, server):
    rows = first_load(browser, server + PROCEDURE_PAGE)
    assert any(row["url"].endswith("search/index.js") for row in rows), "the search index was not loaded"
    return byte_totals(rows)


def test_first_load_is_under_100_kb_gzip(totals):
    assert totals["total"] < BUDGET_TOTAL, f"{totals['total'] / 1024:.1f} KB: {totals}"


def test_first_paint_is_under_70_kb_gzip(totals):
    assert totals["first paint"] < BUDGET_FIRST_PAINT, f"{totals['first paint'] / 1024:.1f} KB: {totals}"


def test_budget_counts_every_kind_of_resource(totals):
    for kind in ("html", "css", "theme script", "guide script", "search"):
        assert totals.get(kind, 0) > 0, kind
    # The page's load leaves out only what loads after it (the search, while the reader is idle).
    assert totals["total"] == sum(totals[kind] for kind in ("html", "css", "theme script", "guide script", "print", "other")
                                  if kind in totals)
    assert totals.get("print", 0) > 0, "the print stylesheets are loaded (not for the first paint)"


def test_the_search_dictionary_is_under_15_kb_gzip(totals):
    assert 0 < totals["dictionary"] < BUDGET_DICTIONARY, f"{totals['dictionary'] / 1024:.1f} KB"
