"""Benchmark the guide: bytes, search speed and build times, at 1x, 10x and 100x the pages.

Usage: python -m guide.tools.bench [--scales 1,10,100] [--repeat 5]

Prints one Markdown table. Measured in headless Chromium (Debian's chromium) against the built
site served on 127.0.0.1; bytes are each resource's gzip size (level 6), as a server sends it.
Times are reported, never asserted; the byte budget is asserted in tests/test_budget.py.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from guide.common import CHROMIUM, CHROMIUM_ARGS, ROOT, copy_project, free_port, serve_static
from guide.manifest import read_manifest
from guide.tools.search_quality import (PARTS, QUESTION_KINDS, load_queries, load_questions, percent, readable_misses,
                                        run_set, score, score_questions, shown_answers)
PROCEDURE_PAGE = "procedures/close-jiebei/"
QUERIES = ["关闭借呗", "网商贷怎么关闭", "多头授信", "征信影响", "身份验证"]
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
# Budget for the first load of a procedure page (gzip bytes).
BUDGET_TOTAL = 100 * 1024
BUDGET_FIRST_PAINT = 70 * 1024


# --- bytes -----------------------------------------------------------------------------------

def kind_of(url: str, resource_type: str) -> str:
    """What a resource is for: the first paint needs html, css and the theme's script; the
    search's engine, rules, dictionary and index load after the page, while the reader is idle."""
    if resource_type == "document":
        return "html"
    if "/assets/print/" in url or url.endswith("/stylesheets/print.css"):
        return "print"          # the print stylesheets (media=print): no part of the screen's first paint
    if resource_type == "stylesheet":
        return "css"
    if "/bundle." in url:
        return "theme script"
    if url.endswith(("/guide.js", "/search/ui.js")):
        return "guide script"
    if "/search/" in url:
        return "search"
    return "other"


FIRST_PAINT = {"html", "css", "theme script"}
# Loaded after the page's load event, while the reader is idle (search/ui.js).
AFTER_LOAD = {"search"}
BUDGET_DICTIONARY = 15 * 1024


def first_load(browser, url: str) -> list[dict]:
    """Every response of a first visit to `url` (cold cache), with raw and gzip sizes, until the
    network is idle (the search's files included)."""
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="load")
    page.wait_for_function("performance.getEntriesByType('resource').some(e => e.name.endsWith('/search/index.js'))")
    page.wait_for_load_state("networkidle")
    rows = []
    for response in responses:
        body = response.body()
        rows.append({"url": response.url, "kind": kind_of(response.url, response.request.resource_type),
                     "raw": len(body), "gzip": len(gzip.compress(body, 6))})
    context.close()
    return rows


def byte_totals(rows: list[dict]) -> dict[str, int]:
    """The page's own load (total, first paint), each kind, the search loaded after it and its
    dictionary, in gzip bytes."""
    totals = {"total": sum(r["gzip"] for r in rows if r["kind"] not in AFTER_LOAD),
              "first paint": sum(r["gzip"] for r in rows if r["kind"] in FIRST_PAINT),
              "dictionary": sum(r["gzip"] for r in rows if r["url"].endswith("/search/dictionary.js"))}
    for row in rows:
        totals[row["kind"]] = totals.get(row["kind"], 0) + row["gzip"]
    return totals


# --- search ----------------------------------------------------------------------------------

def search_times(browser, base: str, repeat: int) -> dict[str, float]:
    """A pasted query to its results on screen (ms), the index's download, and navigation start
    to the first answer of a pasted question."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base, wait_until="networkidle")
    page.evaluate("""() => {
        window.__rendered = 0; window.__first = 0;
        const list = document.querySelector('.md-search-result__list');
        new MutationObserver(() => {
            window.__rendered = performance.now();
            if (!window.__first && list.children.length) window.__first = window.__rendered;
        }).observe(list, {childList: true, subtree: true});
    }""")
    page.click(".md-search__input")
    samples, firsts = [], []
    for _ in range(repeat):
        for query in QUERIES:
            page.fill(".md-search__input", "")
            start = page.evaluate("window.__rendered = 0; window.__first = 0; performance.now()")
            page.keyboard.insert_text(query)
            page.wait_for_function("window.__rendered > 0 && document.querySelectorAll('.md-search-result__item').length > 0")
            page.wait_for_timeout(50)  # let a burst of mutations settle; the last one counts
            samples.append(page.evaluate("window.__rendered") - start)
            firsts.append(page.evaluate("window.__first") - start)
    download = page.evaluate("""() => {
        const entry = performance.getEntriesByType('resource').find(e => e.name.endsWith('/search/index.js'));
        return entry.responseEnd - entry.startTime;
    }""")
    context.close()
    ready = time_to_first_result(browser, base)
    samples.sort()
    return {"median": statistics.median(samples), "p95": samples[min(len(samples) - 1, int(0.95 * len(samples)))],
            "first": statistics.median(firsts), "download": download, "ready": ready}


# The moment the first result appears, recorded in the page (not when a poll notices it).
FIRST_RESULT = """new MutationObserver((changes, observer) => {
  if (document.querySelector('.md-search-result__item')) { window.__firstAnswer = performance.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});"""
# The question both searches are timed on: a customer's question, pasted.
FIRST_QUESTION = "借呗还有欠款能关闭吗"


def time_to_first_result(browser, base: str, question: str = FIRST_QUESTION) -> float:
    """From navigation start to the first answer on screen: the page opened, the question pasted
    into the box as soon as the page can take it (DOMContentLoaded), the engine loaded and set
    up, the results drawn."""
    context = browser.new_context()
    context.add_init_script("document.addEventListener('DOMContentLoaded', () => {" + FIRST_RESULT + "});")
    page = context.new_page()
    page.goto(base, wait_until="domcontentloaded")
    page.click(".md-search__input")
    page.keyboard.insert_text(question)
    page.wait_for_function("window.__firstAnswer > 0", timeout=60_000)
    ready = page.evaluate("window.__firstAnswer")
    context.close()
    return ready


# --- building and serving --------------------------------------------------------------------

def scaled_project(scale: int, into: Path) -> Path:
    """A copy of the project with every page repeated `scale` times (copies listed in the nav)."""
    copy_project(into)
    copies = []
    pages = sorted((into / "docs").rglob("*.md"))
    for n in range(2, scale + 1):
        for page in pages:
            copy = page.with_name(f"{page.stem}-copy-{n}.md")
            text = page.read_text(encoding="utf-8")
            copy.write_text(re.sub(r"^# (.+?) \{", rf"# \1（副本 {n}）{{", text, count=1, flags=re.M), encoding="utf-8")
            copies.append(copy.relative_to(into / "docs").as_posix())
    if copies:
        with open(into / "mkdocs.yml", "a", encoding="utf-8") as config:
            config.write("  - 副本:\n" + "".join(f"      - {c}\n" for c in copies))
    return into


def build(project: Path, site: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "-d", str(site)], cwd=project,
                   env={**ENV, **(env or {})}, check=True, capture_output=True, text=True)
    return time.perf_counter() - start


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def serve_rebuild(project: Path, prefix: str, timeout: float = 900) -> float:
    """Seconds from saving an edit to one page until `mkdocs serve` serves the new text (under
    `prefix`, site_url's path, as the build manifest says)."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}{prefix}risk/"
    try:
        deadline = time.monotonic() + timeout
        while "关闭后的风险管理" not in fetch(url):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("mkdocs serve did not start")
            time.sleep(0.2)
        marker = f"基准测试标记{int(time.time())}"
        page = project / "docs/risk.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
        start = time.perf_counter()
        while marker not in fetch(url):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("mkdocs serve did not rebuild")
            time.sleep(0.05)
        return time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)


# --- the table -------------------------------------------------------------------------------

def measure(scale: int, browser, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        project = scaled_project(scale, Path(folder) / "project")
        site = Path(folder) / "site"
        seconds = build(project, site)
        # Again, as an editor's next build: the link cards come from their cache.
        again = build(project, Path(folder) / "site-again")
        pages = len(list(site.rglob("index.html")))
        httpd, base = serve_static(site)
        try:
            totals = byte_totals(first_load(browser, base + PROCEDURE_PAGE))
            search = search_times(browser, base + PROCEDURE_PAGE, repeat)
        finally:
            httpd.shutdown()
        rebuild = serve_rebuild(project, read_manifest(site)["prefix"])
    return {"scale": scale, "pages": pages, "build": seconds, "again": again, "rebuild": rebuild, **totals, **search}


def kb(n: float) -> str:
    return f"{n / 1024:.1f}"


def table(results: list[dict]) -> str:
    rows = [
        ("pages built", lambda r: str(r["pages"])),
        ("load of a procedure page, gzip KB (budget 100)", lambda r: kb(r["total"])),
        ("  first paint: HTML + CSS + theme script, KB (budget 70)", lambda r: kb(r["first paint"])),
        ("  HTML", lambda r: kb(r.get("html", 0))),
        ("  CSS", lambda r: kb(r.get("css", 0))),
        ("  theme script", lambda r: kb(r.get("theme script", 0))),
        ("  guide script", lambda r: kb(r.get("guide script", 0))),
        ("  other (favicon)", lambda r: kb(r.get("other", 0))),
        ("then, while the reader is idle: search engine, rules, dictionary, index, gzip KB", lambda r: kb(r.get("search", 0))),
        ("  of which the dictionary, gzip KB (budget 15)", lambda r: kb(r.get("dictionary", 0))),
        ("search, pasted query to its first card on screen, median ms", lambda r: f"{r['first']:.1f}"),
        ("search, pasted query to the whole list, median ms", lambda r: f"{r['median']:.1f}"),
        ("search, pasted query to the whole list, p95 ms", lambda r: f"{r['p95']:.1f}"),
        ("search index download, ms", lambda r: f"{r['download']:.1f}"),
        ("navigation start to the first answer of a pasted question, ms", lambda r: f"{r['ready']:.0f}"),
        ("full build, first (every link card drawn), s", lambda r: f"{r['build']:.1f}"),
        ("full build, next (link cards from their cache), s", lambda r: f"{r['again']:.1f}"),
        ("`mkdocs serve` rebuild after editing one page, s", lambda r: f"{r['rebuild']:.1f}"),
    ]
    head = "| measure | " + " | ".join(f"{r['scale']}× ({r['pages']} pages)" for r in results) + " |"
    lines = [head, "|---" * (len(results) + 1) + "|"]
    lines += [f"| {label} | " + " | ".join(cell(r) for r in results) + " |" for label, cell in rows]
    return "\n".join(lines)


# --- search quality: the guide's search beside Pagefind's, on the same site --------------------

# Pagefind 1.6 from npm (guide/tools/peer/package-lock.json; the platform package carries its
# extended build, with Chinese segmentation), installed into build/peer by `make bench`. It
# indexes the articles of the built guide site, as a site would deploy it: the page's article,
# without the permalink signs.
PEER = ROOT / "build" / "peer"
PAGEFIND = PEER / "node_modules" / ".bin" / "pagefind"
PAGEFIND_ARGS = ["--root-selector", "article.md-content__inner", "--exclude-selectors", ".headerlink",
                 "--force-language", "zh", "--quiet"]
# Pagefind's own UI shows a page and up to three of its sections.
PAGEFIND_SECTIONS = 3
PAGEFIND_SEARCH = """async ({query, sections}) => {
  const pagefind = await (window.__pagefind ||= import(new URL('pagefind/pagefind.js', document.baseURI).href)
    .then(async (pf) => { await pf.init(); return pf; }));
  const found = await pagefind.search(query);
  const pages = await Promise.all(found.results.slice(0, 10).map((result) => result.data()));
  return pages.map((page) => [page.url, ...page.sub_results.filter((sub) => !(sub.anchor && sub.anchor.element === 'h1'))
    .slice(0, sections).map((sub) => sub.url)]);
}"""


def pagefind_version() -> str:
    if not PAGEFIND.exists():
        raise SystemExit(f"{PAGEFIND} not found: `make bench` installs Pagefind from guide/tools/peer/package-lock.json")
    return subprocess.run([str(PAGEFIND), "--version"], capture_output=True, text=True, check=True).stdout.split()[-1]


def pagefind_site(site: Path, into: Path) -> Path:
    shutil.copytree(site, into)
    subprocess.run([str(PAGEFIND), "--site", str(into), *PAGEFIND_ARGS], check=True,
                   capture_output=True, text=True, timeout=600)
    return into


def pagefind_answers(page, base: str, query: str) -> dict:
    """Pagefind's JS API in the browser: {first, visible, pages} as for the guide's search."""
    from guide.tools.search_quality import location

    groups = page.evaluate(PAGEFIND_SEARCH, {"query": query, "sections": PAGEFIND_SECTIONS})
    located = [[location(urllib.parse.urljoin(base, url), base) for url in group] for group in groups]
    # Pagefind's card leads with its page, the sections under it: the first section answers.
    first = (located[0][1] if len(located[0]) > 1 else located[0][0]) if located else None
    return {"first": first, "visible": located, "pages": [group[0] for group in located]}


def pagefind_first_answer(browser, base: str, question: str = FIRST_QUESTION) -> float:
    """Navigation start to Pagefind's first answer, with the same reader's steps as for this
    search (the page opened, the box tapped, the question given at once): its API loaded, one
    query, its results' data (no rendering counted). The guide's own search is kept off the
    page (its script answered empty), so that Pagefind has the page to itself."""
    context = browser.new_context()
    context.route("**/assets/javascripts/search/ui.js",
                  lambda route: route.fulfill(body="", content_type="application/javascript"))
    page = context.new_page()
    page.goto(base, wait_until="domcontentloaded")
    page.click(".md-search__input")
    page.evaluate(PAGEFIND_SEARCH, {"query": question, "sections": 1})
    ready = page.evaluate("performance.now()")
    context.close()
    return ready


def first_answer_ms(browser, base: str, runs: int = 11) -> dict[str, list[float]]:
    """Navigation start to the first answer, this search (pasted into its box) and Pagefind's
    (its API), alternating run by run on the same site and server; every sample."""
    samples = {"guide": [], "pagefind": []}
    for run in range(runs):
        order = ["guide", "pagefind"] if run % 2 == 0 else ["pagefind", "guide"]
        for name in order:
            samples[name].append(time_to_first_result(browser, base) if name == "guide"
                                 else pagefind_first_answer(browser, base))
    return samples


def theme_search_project(project: Path) -> Path:
    """The same project with the theme's own search box: the guide's partial removed and the
    plugin told to keep the theme's worker and index (plugins > guide > theme_search)."""
    (project / "overrides" / "partials" / "search.html").unlink()
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if text.count("\n  guide:\n") != 1:
        raise SystemExit("mkdocs.yml: no 'guide:' plugin entry to switch the theme's search on")
    config.write_text(text.replace("\n  guide:\n", "\n  guide:\n    theme_search: true\n"), encoding="utf-8")
    return project


def quality(browser) -> str:
    """Score tests/search-queries.yml and tests/search-questions.yml on the guide's built site
    three ways: the guide's search, the theme's own search box, and Pagefind over the same
    pages; time the guide's and Pagefind's first answer on the same server."""
    queries, questions = load_queries(), load_questions()
    version = pagefind_version()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project")
        sites = {"guide": Path(folder) / "guide", "theme": Path(folder) / "theme"}
        build(project, sites["guide"])
        build(theme_search_project(copy_project(Path(folder) / "theme-project")), sites["theme"])
        sites["pagefind"] = pagefind_site(sites["guide"], Path(folder) / "pagefind")
        for name, site in sites.items():
            httpd, base = serve_static(site)
            page = browser.new_page()
            try:
                if name == "pagefind":
                    page.goto(base)
                    asked = {q["q"]: pagefind_answers(page, base, q["q"]) for q in queries + questions}
                    pages = {q["q"]: asked[q["q"]]["pages"] for q in queries}
                else:
                    theme = name == "theme"
                    pages = run_set(page, base, queries, key_up=theme)
                    asked = {q["q"]: shown_answers(page, base, q["q"], theme=theme) for q in questions}
                results[name] = {"queries": score(queries, pages), "questions": score_questions(questions, asked),
                                 **{part: score_questions([q for q in questions if q["part"] == part], asked)
                                    for part in PARTS}}
                if name == "pagefind":   # the guide's site with Pagefind's index beside it: both timed there
                    for engine, ms in first_answer_ms(browser, base).items():
                        results[engine]["ms"] = ms
            finally:
                page.close()
                httpd.shutdown()
    names = {"guide": "this search", "theme": "the theme's search", "pagefind": f"Pagefind {version} (extended, CJK)"}
    sizes = {part: sum(q["part"] == part for q in questions) for part in PARTS}
    lines = [f"Search quality, same site, same sets: tests/search-queries.yml ({len(queries)} queries) and "
             f"tests/search-questions.yml ({sizes['tuning']} questions the rules were tuned on, "
             f"{sizes['held_out']} held out):\n",
             "| search | queries: page in top 5 | closing intent: procedure first | tuning: answering section first "
             "| tuning: shown without a fold | held out: answering section first | held out: shown without a fold "
             "| navigation start to first answer, median ms |",
             "|---|---|---|---|---|---|---|---|"]
    for name, result in results.items():
        q, t, h = result["queries"]["counts"], result["tuning"]["counts"], result["held_out"]["counts"]
        ms = f"{statistics.median(result['ms']):.0f}" if "ms" in result else "–"
        lines.append(f"| {names[name]} | {percent(q['all'], 'top5')} | {percent(q['closing intent'], 'top1')} | "
                     f"{percent(t['all'], 'first')} | {percent(t['all'], 'visible')} | "
                     f"{percent(h['all'], 'first')} | {percent(h['all'], 'visible')} | {ms} |")
    ratios = [g / p for g, p in zip(results["guide"]["ms"], results["pagefind"]["ms"])]
    lines += ["", f"First answer for “{FIRST_QUESTION}”, this search ÷ Pagefind, run by run (alternating): median "
              f"{statistics.median(ratios):.2f} (from {min(ratios):.2f} to {max(ratios):.2f}, {len(ratios)} runs)."]
    lines += ["", "Questions by kind (both parts), answering section first:", "",
              "| kind | " + " | ".join(names[n] for n in results) + " |", "|---|" + "---|" * len(results)]
    for kind in QUESTION_KINDS:
        lines.append(f"| {kind} | " + " | ".join(percent(results[n]["questions"]["counts"][kind], "first")
                                                  for n in results) + " |")
    found = results["guide"]["questions"]["misses"]
    misses = [f"- {q['q']} ({q['kind']}): leads with {first}" for q, first, _, _ in readable_misses(found)]
    held = len(found) - len(readable_misses(found))
    return "\n".join(lines + ["", "This search's misses in the tuning part:", *misses, "",
                               f"{held} held-out questions miss; they are not listed (reading them spends the part: "
                               "python -m guide.tools.search_quality site/ --held-out-misses, when a batch is retired)."])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quality-only", action="store_true", help="only the search quality table")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        print("measuring search quality ...", file=sys.stderr, flush=True)
        search_quality = quality(browser)
        if not args.quality_only:
            for scale in (int(s) for s in args.scales.split(",")):
                print(f"measuring {scale}x ...", file=sys.stderr, flush=True)
                results.append(measure(scale, browser, args.repeat))
        browser.close()
    print(f"Benchmark of {datetime.date.today().isoformat()}, {os.cpu_count()} cores, Chromium headless, "
          f"site served on 127.0.0.1; {args.repeat} runs of {len(QUERIES)} Chinese queries per scale.\n")
    if results:
        print(table(results) + "\n")
    print(search_quality)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
