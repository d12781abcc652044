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

from guide.chars import HAN as HAN_CLASS
from conftest import ROOT

TABLE = ROOT / "tests" / "fidelity.yml"
SOURCE = ROOT / "data" / "source.txt"
# The factual pages: products, procedures, impact, risk, recommendations, and the home page.
PAGES = ["", "products/", "products/jiebei/", "products/wangshangdai/", "procedures/", "procedures/close-jiebei/",
         "procedures/close-wangshangdai/", "impact/", "risk/", "recommendations/", "glossary/"]
KINDS = {"navigation", "ask", "notice", "general"}
MARKERS = ("navigation", "ask", "general")
# A quoted sentence is restated when this share of its bigrams is in its section;
RESTATED = 0.15
# a sentence of a section is drawn from the section's sources when this share of its bigrams is
# in them (sentences of fewer than MIN_BIGRAMS are labels: 合规要求, 正面影响).
DRAWN = 0.3
MIN_BIGRAMS = 4
HAN = re.compile(f"[{HAN_CLASS}]")   # guide/chars.py
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
    # A section kept together for print (section.guide-section) reads as its heading and what follows.
    for wrapper in article.select("section.guide-section"):
        wrapper.unwrap()
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
        assert set(entry) <= {"source", "kind", *MARKERS, "hedges"}, f"{key}: unknown keys {sorted(entry)}"
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
        marked = [start for marker in MARKERS for start in entry.get(marker, [])]
        for sentence in built.get(key, []):
            if any(sentence.startswith(start) for start in marked):
                continue
            pairs = bigrams(sentence)
            if len(pairs) >= MIN_BIGRAMS and len(pairs & drawn_from) / len(pairs) < DRAWN:
                own.append(f"{key}: {len(pairs & drawn_from) / len(pairs):.2f} “{sentence}”")
    assert not own, ("sentences not drawn from their section's sources (quote the source, or mark "
                     "navigation/ask in tests/fidelity.yml):\n" + "\n".join(own))


def test_marked_navigation_and_pointers_are_still_there(built, table):
    gone = [f"{key}: {start}" for key, entry in table.items() for marker in MARKERS for start in entry.get(marker, [])
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


# --- the source's hedges, kept -------------------------------------------------------------

# A word the source uses to limit a claim, and the words that keep that limit in the guide.
HEDGES = {
    "可能": ("可能",),
    "部分": ("部分", "一些", "有些"),
    "某些": ("某些", "部分", "一些", "有些"),
    "有助于": ("有助于", "有利于"),
    "主要": ("主要",),
    "等": ("等", "例如", "比如", "如"),
    "企业": ("企业",),   # the subject of a claim about businesses; the guide must not widen it
}


def dropped_hedges(section: str, quotes: list[str], excused: dict | None = None) -> list[str]:
    """Each hedge of a quoted source sentence that the section's text does not keep (and the
    table does not excuse)."""
    excused = excused or {}
    problems = []
    for quote in quotes:
        for hedge, kept in HEDGES.items():
            if hedge in quote and hedge not in excused and not any(word in section for word in kept):
                problems.append(f"'{hedge}' of “{quote}”")
    return problems


def test_every_section_keeps_the_hedges_of_its_sources(built, table):
    problems = []
    for key, entry in table.items():
        text = "".join(built.get(key, []))
        problems += [f"{key}: {problem}" for problem in dropped_hedges(text, entry.get("source", []), entry.get("hedges"))]
    assert not problems, ("the source limits these claims and the section drops the limit (keep it, or say why "
                          "under 'hedges:' in tests/fidelity.yml):\n" + "\n".join(problems))


# The texts a careful reading found, before they were fixed: the check must catch each.
DROPPED = [
    ("从项目融资的角度看，手动关闭借呗或网商贷，既有好处，也有代价。",
     ["在项目融资领域,手动关闭“借呗”或“网商贷”账户可能会带来以下几方面的影响"], "'可能'"),
    ("减少未使用的信贷额度，可以避免多头借贷引发的超额授信问题。",
     ["降低多头授信风险:通过减少未使用的信贷额度,企业可以避免因多头借贷而引发的超额授信问题"], "'企业'"),
    ("金融机构根据信用记录对借款人信用状况给出的评价。关闭账户后可能出现短期波动。",
     ["关注关闭后的限制:部分金融机构可能会因手动关闭行为而对用户的信用评分产生短期影响"], "'部分'"),
    ("资产与负债的构成和比例。减少未使用的信用额度，可以让负债规模更清晰。",
     ["优化资产负债结构:手动关闭账户有助于企业更清晰地管理负债规模,为未来的融资活动腾出空间"], "'有助于'"),
    ("网商贷用于支持小微企业和个人经营者的日常运营和扩展需求。",
     ["“网商贷”则是针对小微经营者设计的经营性贷款产品,类似于企业版的“借呗”,主要用于支持小微企业和个人经营者的日常运营和扩展需求"],
     "'主要'"),
]


@pytest.mark.parametrize("text, quotes, hedge", DROPPED, ids=[case[2] for case in DROPPED])
def test_the_hedge_check_catches_a_dropped_qualifier(text, quotes, hedge):
    assert any(problem.startswith(hedge) for problem in dropped_hedges(text, quotes)), dropped_hedges(text, quotes)
    # Excused in the table, with a reason, it passes.
    excused = dropped_hedges(text, quotes, {hedge.strip("'"): "why"})
    assert not any(problem.startswith(hedge) for problem in excused)


# --- invented facts, not only off-topic ones ---------------------------------------------------

# Numbers with a unit of time, money or share: the source gives none.
AMOUNT = re.compile(r"[0-9０-９一二三四五六七八九十百千万两几半]+\s*(个月|个工作日|月|天|日|年|周|小时|分钟|元|万|亿|%|％|倍|次)")
ABSOLUTE = ["永久", "永远", "一定", "必然", "必定", "肯定", "所有", "全部", "总是", "绝对", "完全", "彻底", "任何", "一律"]
# Words of the guide's own, about itself and its structure: not facts about the products. The
# words it restates with (打开 for 点击, 今后 for 未来) are listed, each read by a person, under
# `own_words:` in tests/fidelity.yml.
OWN_WORDS = {"本指南", "指南", "本页", "页面", "步骤", "流程", "第", "步", "原文", "见", "详见", "以下", "上述", "一览",
             "两款", "两项", "四步", "图", "注意", "说明", "产品", "这些", "那些", "其中"}


@pytest.fixture(scope="module")
def own_words() -> set[str]:
    data = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    products = yaml.safe_load((ROOT / "data/products.yml").read_text(encoding="utf-8"))["products"]
    return OWN_WORDS | set(data.get("own_words", [])) | {product["name"] for product in products.values()}


def content_words(sentence: str, allowed: set[str]) -> list[str]:
    """The words of two Chinese characters or more, as the search's jieba reads them (the
    guide's terms kept whole), that are not the guide's own."""
    import jieba

    if not getattr(content_words, "loaded", False):
        jieba.load_userdict(str(ROOT / "data/jieba-user-dict.txt"))
        content_words.loaded = True
    return [word for word in jieba.lcut(sentence) if len(word) > 1 and HAN.match(word) and word not in allowed]


def invented(sentence: str, quotes: list[str], glossary: str, allowed: set[str]) -> list[str]:
    """What a sentence says that its sources cannot support: amounts and durations, absolute
    words, and content words found neither in its sources nor in the glossary (`allowed`: the
    guide's own words)."""
    sources = "".join(quotes)
    problems = [f"amount “{found.group(0)}”" for found in AMOUNT.finditer(sentence) if found.group(0) not in sources]
    problems += [f"absolute “{word}”" for word in ABSOLUTE if word in sentence and word not in sources]
    problems += [f"word “{word}”" for word in content_words(sentence, allowed) if word not in sources and word not in glossary]
    return problems


@pytest.fixture(scope="module")
def glossary_text() -> str:
    return (ROOT / "data/glossary.yml").read_text(encoding="utf-8")


def test_no_section_says_what_its_sources_cannot_support(built, table, glossary_text, own_words):
    problems = []
    for key, entry in table.items():
        if "source" not in entry or key.startswith("glossary/"):
            continue
        marked = [start for marker in MARKERS for start in entry.get(marker, [])]
        for sentence in built.get(key, []):
            if any(sentence.startswith(start) for start in marked):
                continue
            found = invented(sentence, entry["source"], glossary_text, own_words)
            if found:
                problems.append(f"{key}: “{sentence}”: {', '.join(found)}")
    assert not problems, "said, but not in the section's sources:\n" + "\n".join(problems)


# Three sentences that are on topic and invented: the share of shared characters passed them.
INVENTED = ["另一款产品的额度也可能被下调", "信用评分会在三个月后恢复", "关闭后会在征信记录中留下永久记录"]


@pytest.mark.parametrize("sentence", INVENTED)
def test_the_invented_fact_check_catches_on_topic_inventions(built, table, glossary_text, own_words, sentence):
    """Added to /impact/#negative, each is caught by the same checker the pages go through,
    while the section's own sentences pass it."""
    quotes = table["impact/#negative"]["source"]
    assert invented(sentence, quotes, glossary_text, own_words), f"not caught: {sentence}"
    for real in built["impact/#negative"]:
        assert not invented(real, quotes, glossary_text, own_words), real


# --- what the guide says about itself ------------------------------------------------------

def test_the_disclaimer_says_where_the_facts_come_from(site):
    text = BeautifulSoup((site / "disclaimer/index.html").read_text(encoding="utf-8"), "html.parser").select_one("#source").find_next("p").get_text()
    assert "全部事实" not in text, "the glossary's general explanations are not from the article"
    assert "术语表" in text and "不是来自这篇文章" in text


def test_each_procedure_page_was_checked_after_its_last_change(site):
    """最后对照原文核对 is never older than the latest entry of /changes/ for that page or its steps."""
    import datetime

    from guide import load_guide_data

    data = load_guide_data(ROOT, ROOT / "docs")
    steps = {step.id for step in data.procedure.steps}
    from guide.changes import latest_for

    for page in sorted(data.procedure_pages):
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        verified = datetime.date.fromisoformat(re.search(r"^last_verified: (\S+)", text, flags=re.M).group(1))
        latest = latest_for(data.changes, page, steps)
        assert latest is None or verified >= latest.date, f"{page}: checked {verified}, changed {latest.date}"


def test_the_change_log_claims_no_certainty_it_lacks_and_names_steps_by_title(site):
    changes = BeautifulSoup((site / "changes/index.html").read_text(encoding="utf-8"), "html.parser").select_one("article")
    text = changes.get_text()
    assert "确定程度一致" not in text
    assert not re.search(r"\b(sign-in|open-management|close-account|after-closing)\b", text), "step ids shown to readers"
    assert "第 1 步：登录支付宝账户" in text
