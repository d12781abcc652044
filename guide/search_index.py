"""The guide's search index, made from the search plugin's.

MkDocs' search plugin (lang: zh) writes search/search_index.json: each section's title and text,
segmented by jieba with U+200B between the words. The guide's search reads its own copy instead,
assets/javascripts/search/index.js (a script, so that it loads from file:// as from the server):

- `title` and `text` without any zero-width character, as the reader sees and copies them;
- `words`: the inverted index of the words jieba segmented them into, and of the words of the
  questions each section answers (data/questions.yml, never shown; see postings()), which the
  engine scores with BM25 as it stands, with nothing to build in the browser;
- `ask`, on a section whose questions the source does not answer: the guide's sentence that says
  so and names where to ask (复制答复 sends it with the question), and `situations`: each
  situation the section lists with its short form, which a reply sends in its place (a customer
  does not know what the guide's 原文 is);
- `hosted`, where the edition's location differs from the hosted one (the offline edition's
  .html names): the hosted location, which every copied address uses;
- `site`: the hosted address, the guide's name and the edition, for what a reply says, and
  `forCustomer`, the words a reply says otherwise (guide.send.FOR_CUSTOMER).

The search plugin's JSON, and the theme's worker and lunr that read it, are then left out of
the built site: the guide's search UI (ui.js) replaces the theme's.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

INDEX_SCRIPT = "assets/javascripts/search/index.js"
DICTIONARY_SCRIPT = "assets/javascripts/search/dictionary.js"
THEME_INDEX = "search/search_index.json"
# What only the theme's search reads: its index, its worker and lunr's language support; and the
# offline plugin's inlined copy of the index.
THEME_SEARCH_FILES = ["search/search_index.json", "search/search_index.js",
                      "assets/javascripts/workers", "assets/javascripts/lunr"]
# Zero-width characters, joiners and direction marks: never in what a reader sees or copies.
ZERO_WIDTH = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
TAG = re.compile(r"<[^>]*>")


def words(segmented_html: str, separator: re.Pattern) -> str:
    """The words of a segmented title or text, separated by single spaces, tags left out."""
    return " ".join(word for word in separator.split(TAG.sub(" ", segmented_html)) if word)


def clean(html: str) -> str:
    """The HTML with every zero-width character removed."""
    return ZERO_WIDTH.sub("", html)


def postings(fields: list[tuple[str, ...]]) -> dict:
    """The inverted index of the documents' words. `fields`: each document's fields (title words,
    text words and question words), each a string of words separated by spaces. Returns {terms:
    word -> [[document, count in each field...], ...], lengths: [[length of each field] per
    document], average: [per field]}: the numbers BM25 needs, counted as MiniSearch 7 counts them,
    so that the scores the ranking was tuned with stay the same: a field's length is its number
    of distinct words as written (an empty field counts one), words are matched in lower case,
    and the average is kept document by document."""
    width = len(fields[0]) if fields else 0
    terms: dict[str, dict[int, list[int]]] = {}
    lengths, average = [], [0.0] * width
    for number, document in enumerate(fields):
        row = []
        for field, text in enumerate(document):
            tokens = text.split(" ")
            row.append(len(set(tokens)))
            average[field] = (average[field] * number + row[field]) / (number + 1)
            for token in tokens:
                if token:
                    terms.setdefault(token.lower(), {}).setdefault(number, [0] * width)[field] += 1
        lengths.append(row)
    return {"terms": {term: [[number, *counts] for number, counts in found.items()] for term, found in terms.items()},
            "lengths": lengths, "average": average}


def guide_index(theme_index: dict, site: dict, asks: dict[str, dict] | None = None,
                hosted: dict[str, str] | None = None, questions: dict[str, list[str]] | None = None,
                segment=None, question_words=lambda words: words) -> dict:
    """The guide's index from the search plugin's. `asks`: location -> for a section the source
    does not cover, {"ask": the guide's sentence saying so, "situations": each situation it lists
    as [the page's words, the short form a reply sends]}; `hosted`: location -> hosted location, where they differ;
    `questions`: location -> the questions the section answers (data/questions.yml), indexed as a
    third field of words, never shown: cut into words by `segment` (text -> words joined by
    U+200B, as the search plugin's jieba joins them), then read by `question_words` (words -> the
    words a query would be read as; guide.questions.question_words). A section's questions are
    also kept one by one (`asked`, each its words separated by spaces), for the engine to compare
    a whole query with each."""
    separator = re.compile(theme_index["config"]["separator"])
    asks, hosted, questions = asks or {}, hosted or {}, questions or {}
    docs, fields = [], []
    for doc in theme_index["docs"]:
        entry = {"location": doc["location"], "title": clean(doc["title"]), "text": clean(doc.get("text", ""))}
        asked = [question_words(words(segment(question), separator).split(" "))
                 for question in questions.get(doc["location"], [])]
        fields.append((words(doc["title"], separator), words(doc.get("text", ""), separator),
                       " ".join(" ".join(question) for question in asked if question)))
        if any(asked):
            entry["asked"] = [" ".join(question) for question in asked if question]
        entry.update(asks.get(doc["location"], {}))
        if doc["location"] in hosted and hosted[doc["location"]] != doc["location"]:
            entry["hosted"] = hosted[doc["location"]]
        docs.append(entry)
    return {"site": site, "docs": docs, "words": postings(fields)}


def data_script(name: str, data, made_by: str) -> str:
    """Data for the search as a script that sets self.<name> (file:// pages cannot fetch JSON).
    The data is a JSON string given to JSON.parse, which browsers read faster than the same
    data written as a script's object literal."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    literal = json.dumps(text, ensure_ascii=False).replace("</", "<\\/")
    return f"/* Made at build time by {made_by}. Do not edit. */\nself.{name}=JSON.parse({literal});\n"


def index_script(index: dict) -> str:
    """The index as a script (assets/javascripts/search/index.js)."""
    return data_script("GUIDE_SEARCH_INDEX", index, "guide/search_index.py from the search plugin's index")


def remove_theme_search(site_dir: Path) -> None:
    """Leave out what only the theme's search would read."""
    for part in THEME_SEARCH_FILES:
        path = Path(site_dir) / part
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
