"""Score the search box on the committed query set (tests/search-queries.yml) and question set
(tests/search-questions.yml).

Usage, after `make build`:  python -m guide.tools.search_quality site/ [--held-out-misses] [QUERY ...]
With queries, prints the first five pages each one lists and the section that leads; without,
scores both sets and prints the tables and the tuning part's misses (the held-out part's only
with --held-out-misses: reading them spends the part). `make bench` and tests/test_search.py use
the same functions.

The question set has two parts (tests/search-questions.yml): the one the rules were tuned on and
a held-out one nothing is fitted to; both are scored and printed apart.

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

from guide.common import ROOT
QUERIES = ROOT / "tests" / "search-queries.yml"
QUESTIONS = ROOT / "tests" / "search-questions.yml"
KINDS = ["own", "extra", "synonym", "part", "pinyin", "traditional", "homophone", "intent"]
QUESTION_KINDS = ["not-covered", "verification", "before", "impact", "risk", "reasons", "entry", "difference",
                  "audience", "real", "steps", "reopen", "scope"]
# The question set's two parts (tests/search-questions.yml): what the rules were fitted to, and
# what nothing is fitted to.
PARTS = ["tuning", "held_out"]
# The answer of a question about a product the guide does not cover: the list says so first.
SCOPE = "scope"
# An answering section counts as visible when the theme shows it unfolded among the first
# VISIBLE_GROUPS pages of the list.
VISIBLE_GROUPS = 5


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


def load_questions(path: Path = QUESTIONS, part: str | None = None) -> list[dict]:
    """The question set, checked: every entry has q, a known kind and answering sections; each
    question says which part it is in (`part`). `part`: only that one."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if set(data) != set(PARTS):
        raise ValueError(f"{path}: needs exactly the parts {', '.join(PARTS)}; has {', '.join(sorted(data))}")
    questions, seen = [], {}
    for name in PARTS:
        for index, question in enumerate(data[name]):
            unknown = set(question) - {"q", "kind", "answer"}
            answers = question.get("answer")
            if unknown or not question.get("q") or question.get("kind") not in QUESTION_KINDS or not answers \
                    or not all(isinstance(a, str) for a in answers):
                raise ValueError(f"{path}: {name}[{index}]: needs q, kind (one of {', '.join(QUESTION_KINDS)}) "
                                 f"and answer (locations); unknown keys: {sorted(unknown)}")
            if question["q"] in seen:
                raise ValueError(f"{path}: {name}[{index}] ({question['q']}): also in {seen[question['q']]}")
            seen[question["q"]] = f"{name}[{index}]"
            questions.append(dict(question, part=name))
    return [q for q in questions if part is None or q["part"] == part]


def answer_in_node(site: Path, queries: list[str]) -> list[dict]:
    """The guide's search run in node on the built site (guide/tools/answer_queries.js): for each
    query, {first, visible: [[unfolded locations of a page]...], pages}."""
    import json
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node not found: install Debian's nodejs package (make test does)")
    result = subprocess.run([node, str(ROOT / "guide" / "tools" / "answer_queries.js"), str(site)],
                            input=json.dumps(queries), capture_output=True, text=True, timeout=300, check=True)
    return json.loads(result.stdout)


def visible_locations(groups: list[list[str]]) -> list[str]:
    return [location for group in groups[:VISIBLE_GROUPS] for location in group]


def score_questions(questions: list[dict], answers: dict[str, dict]) -> dict:
    """answers: q -> {first, visible: [[locations of a group]...]}. Counts of the answering
    section first and visible, overall and per kind; and the misses."""
    counts = {"all": Counter(), **{kind: Counter() for kind in QUESTION_KINDS}}
    misses = []
    for question in questions:
        got = answers[question["q"]]
        if question["answer"] == [SCOPE]:
            # A product the guide does not cover: said first, whatever is listed under it.
            first = visible = bool(got.get("scope"))
        else:
            first = got["first"] in question["answer"]
            visible = any(location in question["answer"] for location in visible_locations(got["visible"]))
        for key in ("all", question["kind"]):
            counts[key].update({"n": 1, "first": first, "visible": visible})
        if not (first and visible):
            misses.append((question, got["first"], first, visible))
    return {"counts": counts, "misses": misses}


def readable_misses(misses: list, held_out: bool = False) -> list:
    """The misses (score_questions) a person may read: the tuning part's; the held-out part's
    only with `held_out` (reading them spends the part: tests/search-questions.yml)."""
    return [miss for miss in misses if held_out or miss[0]["part"] != "held_out"]


def open_search(page) -> None:
    """Open the search box as a reader does: on a phone the header's search button, on a larger
    screen the box itself."""
    if page.evaluate("document.getElementById('__search').checked"):
        return
    button = page.locator("label.md-header__button[for=__search]")
    if button.is_visible():
        button.click()
    else:
        page.click(".md-search__input")


def type_query(page, query: str, key_up: bool = False) -> list[str]:
    """Paste `query` into the search box as a phone does (an input event, no key events); return
    the URL each listed page's title opens, in order. `key_up`: press a key after the paste, for
    the theme's own box (make bench), which searches on key-up only."""
    open_search(page)
    page.fill(".md-search__input", "")
    # Cleared: no results and no "nothing found" left over from the previous query.
    wait_until(page, "document.querySelectorAll('.md-search-result__item').length === 0"
                     " && !/没有/.test(document.querySelector('.md-search-result__meta').textContent)")
    page.keyboard.insert_text(query)
    if key_up:
        page.keyboard.press("End")
    wait_until(page, "document.querySelectorAll('.md-search-result__item').length > 0"
                     " || /没有/.test(document.querySelector('.md-search-result__meta').textContent)")
    # The first link of each card is what answers (a section or the page's top).
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


# What the page shows: for each listed page, its links outside the fold (what answers, then the
# sections shown with it), as site locations.
SHOWN = """items => items.map(item => Array.from(item.children).filter(c => c.tagName === 'A').map(a => a.href))"""


def shown_answers(page, base: str, query: str, theme: bool = False) -> dict:
    """Paste `query`; {first, visible} as the reader sees them: what the first card's title opens,
    and every link shown without opening a fold, by page. `theme`: the theme's own box (make
    bench), whose card leads with its page, the sections under it: the first section answers."""
    type_query(page, query, key_up=theme)
    scope = page.locator(".guide-search-scope").count() > 0
    groups = page.eval_on_selector_all(".md-search-result__item", SHOWN)
    located = [[location(url, base) for url in group] for group in groups]
    if theme:
        first = (located[0][1] if len(located[0]) > 1 else located[0][0]) if located else None
    else:
        first = located[0][0] if located else None
    return {"first": first, "visible": located, "scope": scope}


def location(url: str, base: str) -> str:
    """A result link as a search-index location: 'procedures/close-jiebei/#not-covered'."""
    fragment = urlparse(url).fragment
    return site_path(url, base) + (f"#{fragment}" if fragment else "")


def run_set(page, base: str, queries: list[dict], key_up: bool = False) -> dict[str, list[str]]:
    """Every query of the set typed into the box of the page at `base`: query -> pages listed."""
    page.goto(base)
    return {query["q"]: [site_path(url, base) for url in type_query(page, query["q"], key_up)] for query in queries}


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
    from guide.common import CHROMIUM, CHROMIUM_ARGS, serve_static
    from playwright.sync_api import sync_playwright

    # The held-out part's misses are not printed unless asked for: a part whose misses have been
    # read is spent (tests/search-questions.yml), so they are read only when a batch is retired.
    show_held_out = "--held-out-misses" in argv
    argv = [arg for arg in argv if arg != "--held-out-misses"]
    site, typed = Path(argv[0]), argv[1:]
    if typed:
        for q, got in zip(typed, answer_in_node(site, typed)):
            print(f"{q}: leads with {got['first'] or '(nothing)'}")
    else:
        questions = load_questions()
        answers = dict(zip([q["q"] for q in questions], answer_in_node(site, [q["q"] for q in questions])))
        for part in PARTS:
            scored = score_questions([q for q in questions if q["part"] == part], answers)
            for question, first, is_first, visible in readable_misses(scored["misses"], show_held_out):
                print(f"{'first ' if not is_first else ''}{'hidden ' if not visible else ''}miss: {question['q']} "
                      f"({part}, {question['kind']}) -> {first}")
            print(f"| {part} questions | answering section first | visible without a fold |\n|---|---|---|")
            for key, counter in scored["counts"].items():
                if counter["n"]:
                    print(f"| {key} | {percent(counter, 'first')} | {percent(counter, 'visible')} |")
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
