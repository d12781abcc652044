"""The glossary, from data/glossary.yml: the /glossary/ page and the definition tooltips.

`mark_terms` wraps each term in built HTML in <abbr title="definition">, which the theme shows
as a tooltip. Python-Markdown's abbr extension cannot do this for Chinese: it matches terms at
word boundaries, and a Chinese sentence has none between its characters.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from guide.data import GuideDataError, check_id, check_keys, check_text, load_yaml

# Text inside these elements is left alone: headings and links stay clean, code stays literal.
SKIP_ELEMENTS = {"a", "abbr", "code", "pre", "script", "style", "title", "button", "svg",
                 "h1", "h2", "h3", "h4", "h5", "h6"}
TAG = re.compile(r"(<[^>]*>)")
TAG_NAME = re.compile(r"^<\s*(/?)\s*([a-zA-Z0-9]+)")
VOID_ELEMENTS = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "base", "embed", "track"}


# A glossary term is marked wherever it is written: a shorter one would mark parts of other words.
MIN_TERM_LENGTH = 2

@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str


def load_terms(path: Path) -> list[Term]:
    """Read and validate data/glossary.yml, keeping file order."""
    data = load_yaml(path)
    check_keys(str(path), data, {"terms"})
    if not isinstance(data["terms"], list) or not data["terms"]:
        raise GuideDataError(f"{path}: 'terms' must be a non-empty list")
    terms, ids, words = [], set(), set()
    for index, entry in enumerate(data["terms"]):
        where = f"{path}: terms[{index}]"
        check_keys(where, entry, {"id", "term", "definition"})
        check_text(where, entry, {"term", "definition"})
        term_id = check_id(where, entry["id"])
        if term_id in ids or entry["term"] in words:
            raise GuideDataError(f"{where}: duplicate term '{entry['term']}' or id '{term_id}'")
        if len(entry["term"].strip()) < MIN_TERM_LENGTH:
            # A single character (的, 借) is part of too many words: its tooltip would show everywhere.
            raise GuideDataError(f"{where}: term '{entry['term'].strip()}' is shorter than {MIN_TERM_LENGTH} characters")
        ids.add(term_id)
        words.add(entry["term"])
        terms.append(Term(id=term_id, term=entry["term"].strip(), definition=entry["definition"].strip()))
    return terms


def render_glossary(terms: list[Term]) -> str:
    """The glossary page body: one linkable heading per term, then its definition."""
    return "\n".join(f"## {t.term} {{ #{t.id} }}\n\n{t.definition}\n" for t in terms)


def mark_terms(page_html: str, terms: list[Term]) -> str:
    """Wrap every occurrence of a term in text (outside SKIP_ELEMENTS) in <abbr title=...>."""
    if not terms:
        return page_html
    by_word = {t.term: t for t in terms}
    # Longest first, so that a term containing another term wins.
    pattern = re.compile("|".join(re.escape(w) for w in sorted(by_word, key=len, reverse=True)))

    def wrap(match: re.Match) -> str:
        term = by_word[match.group(0)]
        return f'<abbr title="{html.escape(term.definition)}">{match.group(0)}</abbr>'

    out, open_skips = [], []
    for piece in TAG.split(page_html):
        if piece.startswith("<"):
            found = TAG_NAME.match(piece)
            if found:
                closing, name = found.group(1) == "/", found.group(2).lower()
                if name in SKIP_ELEMENTS and name not in VOID_ELEMENTS and not piece.endswith("/>"):
                    if closing:
                        if name in open_skips:
                            del open_skips[len(open_skips) - 1 - open_skips[::-1].index(name)]
                    else:
                        open_skips.append(name)
            out.append(piece)
        elif open_skips or not piece:
            out.append(piece)
        else:
            out.append(pattern.sub(wrap, piece))
    return "".join(out)
