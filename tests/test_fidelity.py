"""The guide says what its source says: tests/fidelity.yml, checked both ways against the built
pages and data/source.txt, and that copy of the article kept word for word (its checksum).

Overlap is measured in pairs of neighbouring Chinese characters (bigrams): a restatement in
other words still shares many of them with its source; a sentence of one's own shares few.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT

TABLE = ROOT / "tests" / "fidelity.yml"
SOURCE = ROOT / "data" / "source.txt"
# The factual pages: products, procedures, impact, risk, recommendations, and the home page.
PAGES = ["", "products/", "products/jiebei/", "products/wangshangdai/", "procedures/", "procedures/close-jiebei/",
         "procedures/close-wangshangdai/", "impact/", "risk/", "recommendations/"]
KINDS = {"navigation", "ask", "notice"}
# A quoted sentence is restated when this share of its bigrams is in its section;
RESTATED = 0.15
# a sentence of a section is drawn from the section's sources when this share of its bigrams is
# in them (sentences of fewer than MIN_BIGRAMS are labels: 合规要求, 正面影响).
DRAWN = 0.3
MIN_BIGRAMS = 4
HAN = re.compile(r"[\u4e00-\u9fff]")
SENTENCE_END = re.compile(r"[。；！？：]")


def bigrams(text: str) -> set[str]:
    han = "".join(HAN.findall(text))
    return {han[i:i + 2] for i in range(len(han) - 1)}


def plain(text: str) -> str:
    """Letters, digits and Chinese only: the source's half-width punctuation matches ours."""
    return re.sub(r"[^\w]", "", text)


@pytest.fixture(scope="module")
def table() -> dict:
    return yaml.safe_load(TABLE.read_text(encoding="utf-8"))["sections"]


@pytest.fixture(scope="module")
def source() -> str:
    return SOURCE.read_text(encoding="utf-8")


def page_sections(site: Path, url: str) -> dict[str, list[str]]:
    """anchor -> the sentences under that heading (h1 or h2), or in that figure, of a built page.
    Left out: the page's URL line, the review date, permalinks, copy buttons, drawings."""
    soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    for element in article.select(".guide-page-url, .guide-print-edition, .guide-last-verified, .headerlink, .guide-copy-link, svg, script"):
        element.decompose()
    sections: dict[str, list[str]] = {}
    current = None
    for element in article.find_all(recursive=False):
        if element.name in {"h1", "h2"}:
            current = element.get("id")
            sections[current] = []
        elif element.name == "figure":
            sections[element.get("id")] = sentences(element.get_text(" ", strip=True))
        elif current:
            sections[current] += sentences(element.get_text(" ", strip=True))
    return {anchor: found for anchor, found in sections.items() if found}


def sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(text) if part.strip()]


@pytest.fixture(scope="module")
def built(site) -> dict[str, list[str]]:
    """'page#anchor' -> sentences, for every section with text on the factual pages."""
    return {f"{url}#{anchor}": found for url in PAGES for anchor, found in page_sections(site, url).items()}


def test_every_section_with_text_is_in_the_table(built, table):
    missing = sorted(set(built) - set(table))
    assert not missing, "sections with no line in tests/fidelity.yml (add their source or kind):\n" + "\n".join(missing)


def test_every_line_of_the_table_is_a_section_of_the_guide(built, table):
    gone = sorted(set(table) - set(built))
    assert not gone, "tests/fidelity.yml names sections the guide no longer has:\n" + "\n".join(gone)


def test_each_line_has_sources_or_says_what_it_is(table):
    for key, entry in table.items():
        assert set(entry) <= {"source", "kind", "navigation", "ask"}, f"{key}: unknown keys {sorted(entry)}"
        assert ("source" in entry) != ("kind" in entry), f"{key}: give either source or kind"
        if "kind" in entry:
            assert entry["kind"] in KINDS, f"{key}: kind must be one of {sorted(KINDS)}"


def test_every_quoted_sentence_is_in_the_source(table, source):
    text = plain(source)
    absent = [f"{key}: {quote}" for key, entry in table.items() for quote in entry.get("source", [])
              if plain(quote) not in text]
    assert not absent, "not in data/source.txt:\n" + "\n".join(absent)


def test_every_quoted_sentence_is_still_restated_in_its_section(built, table):
    stale = []
    for key, entry in table.items():
        text = bigrams(" ".join(built.get(key, [])))
        for quote in entry.get("source", []):
            share = len(bigrams(quote) & text) / len(bigrams(quote))
            if share < RESTATED:
                stale.append(f"{key}: {share:.2f} of “{quote}”")
    assert not stale, "quoted, but no longer said in the section:\n" + "\n".join(stale)


def test_every_sentence_of_a_section_is_drawn_from_its_sources(built, table):
    own = []
    for key, entry in table.items():
        if "source" not in entry:
            continue
        drawn_from = set().union(*(bigrams(quote) for quote in entry["source"]))
        marked = entry.get("navigation", []) + entry.get("ask", [])
        for sentence in built.get(key, []):
            if any(sentence.startswith(start) for start in marked):
                continue
            pairs = bigrams(sentence)
            if len(pairs) >= MIN_BIGRAMS and len(pairs & drawn_from) / len(pairs) < DRAWN:
                own.append(f"{key}: {len(pairs & drawn_from) / len(pairs):.2f} “{sentence}”")
    assert not own, ("sentences not drawn from their section's sources (quote the source, or mark "
                     "navigation/ask in tests/fidelity.yml):\n" + "\n".join(own))


def test_marked_navigation_and_pointers_are_still_there(built, table):
    gone = [f"{key}: {start}" for key, entry in table.items() for start in entry.get("navigation", []) + entry.get("ask", [])
            if not any(sentence.startswith(start) for sentence in built.get(key, []))]
    assert not gone, "marked in tests/fidelity.yml, but no longer in the section:\n" + "\n".join(gone)


def test_the_source_copy_is_unchanged():
    """data/source.txt is the article, word for word: its checksum is recorded beside it
    (data/source.txt.sha256, `sha256sum -c` reads it), so an edit to the copy, a typo
    "fixed" or a sentence added to back a page, fails here."""
    recorded, name = (ROOT / "data/source.txt.sha256").read_text(encoding="ascii").split()
    assert name == SOURCE.name
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == recorded, f"{SOURCE} differs from the article"


def test_the_source_and_the_guide_say_it_is_fictional(site):
    closing = [line for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()][-5:]
    assert any("虚构" in line for line in closing), "the article ends by declaring its information fictional"
    disclaimer = BeautifulSoup((site / "disclaimer/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "虚构" in disclaimer.select_one("article").get_text()


def test_the_check_catches_a_sentence_of_ones_own(table):
    """The drawn-from measure tells a restatement from advice of one's own."""
    drawn_from = set().union(*(bigrams(quote) for quote in table["recommendations/#review-needs"]["source"]))
    restated = "根据企业的实际经营情况，调整借贷规模和产品组合"
    own = "用不上的额度，考虑按关闭流程关闭"
    assert len(bigrams(restated) & drawn_from) / len(bigrams(restated)) >= DRAWN
    assert len(bigrams(own) & drawn_from) / len(bigrams(own)) < DRAWN
