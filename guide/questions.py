"""data/questions.yml: the questions each section answers (相似问), as staff and customers ask
them, in the guide's own words. The search matches a query against a section's questions as it
does against its heading and text (guide/search_index.py), so that a question worded in a way
the page's text is not still finds the section that answers it.

The file has two parts:
- `pages`: keyed by a page's source file under docs/ and, after `#`, a section's anchor
  (`impact.md#negative`; the file alone is the page's top);
- `procedure`: keyed by a section anchor of the closure procedure (a step id, before-you-start,
  not-covered, done): the questions go to that section of every product's procedure page, with
  {product} filled with the product's name.

Questions only ask: none states a fact. Each is text of two characters or more, written once per
section. Which sections exist is known after the build: resolve() names the file and the key of
one that does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from guide.data import GuideDataError, check_keys, load_yaml

MIN_QUESTION_LENGTH = 2


@dataclass(frozen=True)
class Questions:
    """The questions by page section ((source file, anchor) -> questions) and by procedure
    section (anchor -> questions, {product} unfilled), and the file they came from."""
    pages: dict[tuple[str, str], tuple[str, ...]]
    procedure: dict[str, tuple[str, ...]]
    path: str


def _questions(where: str, value) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise GuideDataError(f"{where}: expected a non-empty list of questions")
    seen: dict[str, int] = {}
    for index, question in enumerate(value):
        if not isinstance(question, str) or len(question.strip()) < MIN_QUESTION_LENGTH:
            raise GuideDataError(f"{where}[{index}]: a question is text of {MIN_QUESTION_LENGTH} characters or more")
        if question.strip() in seen:
            raise GuideDataError(f"{where}[{index}]: '{question.strip()}' is already {where}[{seen[question.strip()]}]")
        seen[question.strip()] = index
    return tuple(question.strip() for question in value)


def load_questions(path: Path) -> Questions:
    """Read data/questions.yml; a malformed entry raises GuideDataError naming the file and key."""
    data = check_keys(str(path), load_yaml(path), {"pages", "procedure"})
    pages, procedure = {}, {}
    for part in ("pages", "procedure"):
        if not isinstance(data[part], dict) or not data[part]:
            raise GuideDataError(f"{path}: {part}: expected a mapping of sections to questions")
    for key, value in data["pages"].items():
        page, _, anchor = str(key).partition("#")
        if not page.endswith(".md"):
            raise GuideDataError(f"{path}: pages > {key}: a key is a page's source file (impact.md) and, "
                                 "after '#', a section's anchor")
        pages[(page, anchor)] = _questions(f"{path}: pages > {key}", value)
    for key, value in data["procedure"].items():
        if not isinstance(key, str) or not key or "#" in key:
            raise GuideDataError(f"{path}: procedure > {key}: a key is a section anchor of the procedure (sign-in)")
        procedure[key] = _questions(f"{path}: procedure > {key}", value)
    return Questions(pages=pages, procedure=procedure, path=str(path))


def question_words(words: list[str], synonyms) -> list[str]:
    """The words of a question as the search reads a query's: in lower case, the question words
    it ignores (data/synonyms.yml `ignore`) left out, punctuation left out, and a word of a
    synonym group read as the group's guide word (注销 -> 关闭), each word once."""
    ignore = {word.lower() for word in synonyms.ignore}
    guide = {word.lower(): group.guide.lower() for group in synonyms.groups for word in group.words
             if " " not in group.guide}
    read = []
    for word in joined([word.strip().lower() for word in words], ignore | set(guide)):
        if not word or word in ignore or not any(ch.isalnum() for ch in word):
            continue
        word = guide.get(word, word)
        if word not in read:
            read.append(word)
    return read


JOINED_WORDS = 4   # the most neighbouring pieces read as one listed word


def joined(words: list[str], listed: set[str]) -> list[str]:
    """Neighbouring pieces that make one listed word read as that word, longest first, as the
    search reads a query by the same lists (jieba cuts 在哪 into 在 and 哪, 没看到 into 没 and 看到;
    query.js reads 在哪 as a question word and 没看到 as 找不到)."""
    out, i = [], 0
    while i < len(words):
        for size in range(min(JOINED_WORDS, len(words) - i), 1, -1):
            if "".join(words[i:i + size]) in listed:
                out.append("".join(words[i:i + size]))
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def index_location(url: str) -> str:
    """A page's URL as the search index names it: the home page's ./ is ''."""
    return "" if url == "./" else url


def resolve(questions: Questions, page_urls: dict[str, str], products, locations: set[str]) -> dict[str, list[str]]:
    """Search-index location -> its questions. `page_urls`: source file -> built URL; `products`:
    the products (name, procedure); `locations`: the built index's locations. A key naming a
    page or a section that does not exist raises GuideDataError naming the file and the key."""
    found: dict[str, list[str]] = {}

    def add(location: str, key: str, asked) -> None:
        if location not in locations:
            raise GuideDataError(f"{questions.path}: {key}: no such section in the built site ({location or 'home page'}); "
                                 "a section's anchor is its heading's id")
        found.setdefault(location, []).extend(asked)

    for (page, anchor), asked in questions.pages.items():
        key = f"pages > {page}{'#' + anchor if anchor else ''}"
        if page not in page_urls:
            raise GuideDataError(f"{questions.path}: {key}: no page {page} under docs/")
        add(index_location(page_urls[page]) + (f"#{anchor}" if anchor else ""), key, asked)
    for anchor, asked in questions.procedure.items():
        for product in products.values():
            add(f"{index_location(page_urls[product.procedure])}#{anchor}", f"procedure > {anchor}",
                [question.replace("{product}", product.name) for question in asked])
    return found
