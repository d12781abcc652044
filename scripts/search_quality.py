"""Score the search box on the committed query set (tests/search-queries.yml).

Usage, after `make build`:  python scripts/search_quality.py site/ [QUERY ...]
With queries, prints the first five pages each one lists; without, scores the whole set and
prints the misses and a table. `make bench` and tests/test_search.py use the same functions.

A query counts as found (top 5) when one of its right pages is among the first five pages
listed, and as top 1 when the first page is right; a query with `first:` (a product and
closing) counts as top 1 only when that page is first.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "search-queries.yml"
KINDS = ["own", "extra", "synonym", "part", "pinyin", "traditional", "homophone", "intent"]


def load_queries(path: Path = QUERIES) -> list[dict]:
    """The query set, checked: every entry has q, a known kind and right pages."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    queries = data["queries"]
    for index, query in enumerate(queries):
        unknown = set(query) - {"q", "kind", "right", "first"}
        if unknown or not query.get("q") or query.get("kind") not in KINDS or not query.get("right"):
            raise ValueError(f"{path}: queries[{index}]: needs q, kind (one of {', '.join(KINDS)}) and right; "
                             f"unknown keys: {sorted(unknown)}")
        if query.get("first") and query["first"] not in query["right"]:
            raise ValueError(f"{path}: queries[{index}] ({query['q']}): 'first' must be one of 'right'")
    return queries


def type_query(page, query: str) -> list[str]:
    """Type `query` into the theme's search box; return the listed pages' URLs, in order."""
    page.click(".md-search__input")
    page.fill(".md-search__input", "")
    # Cleared: no results and no "nothing found" left over from the previous query.
    wait_until(page, "document.querySelectorAll('.md-search-result__item').length === 0"
                     " && !/没有/.test(document.querySelector('.md-search-result__meta').textContent)")
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    wait_until(page, "document.querySelectorAll('.md-search-result__item').length > 0"
                     " || /没有/.test(document.querySelector('.md-search-result__meta').textContent)")
    # The first link of each item is its page; the links after it are that page's sections.
    return page.eval_on_selector_all(".md-search-result__item", "items => items.map(i => i.querySelector('a').href)")


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Poll `expression` with page.evaluate: unlike wait_for_function, it works under a
    Content-Security-Policy without 'unsafe-eval' (the nginx tests)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for: {expression}")
        time.sleep(0.02)


def site_path(url: str, base: str) -> str:
    """A result's page as a site path ('procedures/close-jiebei/'), hosted or offline."""
    path = unquote(urlparse(url).path)
    root = unquote(urlparse(base).path).rsplit("/", 1)[0] + "/"
    path = path[len(root):] if path.startswith(root) else path
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    elif path.endswith(".html"):
        path = path[: -len(".html")] + "/"
    return path


def run_set(page, base: str, queries: list[dict]) -> dict[str, list[str]]:
    """Every query of the set typed into the box of the page at `base`: query -> pages listed."""
    page.goto(base)
    return {query["q"]: [site_path(url, base) for url in type_query(page, query["q"])] for query in queries}


def judge(query: dict, pages: list[str]) -> tuple[bool, bool]:
    """(top 1, top 5) for one query's listed pages."""
    top5 = any(page in query["right"] for page in pages[:5])
    first = pages[0] if pages else None
    top1 = first == query["first"] if query.get("first") else first in query["right"]
    return top1, top5


def score(queries: list[dict], results: dict[str, list[str]]) -> dict:
    """Counts overall, per kind, and for the closing-intent queries; and the misses."""
    counts = {"all": Counter(), **{kind: Counter() for kind in KINDS}, "closing intent": Counter()}
    misses = []
    for query in queries:
        top1, top5 = judge(query, results[query["q"]])
        for key in ["all", query["kind"]] + (["closing intent"] if query.get("first") else []):
            counts[key].update({"n": 1, "top1": top1, "top5": top5})
        if not (top1 and top5):
            misses.append((query, results[query["q"]][:5], top1, top5))
    return {"counts": counts, "misses": misses}


def percent(counter: Counter, key: str) -> str:
    return f"{100 * counter[key] / counter['n']:.0f}% ({counter[key]}/{counter['n']})" if counter["n"] else "–"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT / "scripts"))
    from common import CHROMIUM, CHROMIUM_ARGS, serve_static
    from playwright.sync_api import sync_playwright

    site, typed = Path(argv[0]), argv[1:]
    httpd, base = serve_static(site)
    queries = [{"q": q, "kind": "own", "right": ["?"]} for q in typed] or load_queries()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        results = run_set(browser.new_page(), base, queries)
        browser.close()
    httpd.shutdown()
    if typed:
        for q in typed:
            print(q, " ".join(results[q][:5]) or "(nothing)")
        return 0
    scored = score(queries, results)
    for query, pages, top1, top5 in scored["misses"]:
        print(f"{'top1 ' if not top1 else ''}{'top5 ' if not top5 else ''}miss: {query['q']} ({query['kind']}) -> {pages}")
    print("| queries | top 1 | top 5 |\n|---|---|---|")
    for key, counter in scored["counts"].items():
        print(f"| {key} | {percent(counter, 'top1')} | {percent(counter, 'top5')} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
