"""The guide's search index, made from the search plugin's.

MkDocs' search plugin (lang: zh) writes search/search_index.json: each section's title and text,
segmented by jieba with U+200B between the words. The guide's search reads its own copy instead,
assets/javascripts/search/index.js (a script, so that it loads from file:// as from the server):

- `title` and `text` without any zero-width character, as the reader sees and copies them;
- `tw` and `w`: the title's and the text's words as jieba segmented them, separated by spaces
  (what the engine indexes);
- `ask`, on a section whose questions the source does not answer: the guide's sentence that says
  so and names where to ask (复制答复 sends it with the question);
- `hosted`, where the edition's location differs from the hosted one (the offline edition's
  .html names): the hosted location, which every copied address uses;
- `site`: the hosted address, the guide's name and the edition, for what a reply says.

The search plugin's JSON, and the theme's worker and lunr that read it, are then left out of
the built site: the guide's search UI (ui.js) replaces the theme's.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

INDEX_SCRIPT = "assets/javascripts/search/index.js"
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


def guide_index(theme_index: dict, site: dict, asks: dict[str, str] | None = None,
                hosted: dict[str, str] | None = None) -> dict:
    """The guide's index from the search plugin's. `asks`: location -> the sentence for a
    section the source does not cover; `hosted`: location -> hosted location, where they differ."""
    separator = re.compile(theme_index["config"]["separator"])
    asks, hosted = asks or {}, hosted or {}
    docs = []
    for doc in theme_index["docs"]:
        entry = {"location": doc["location"], "title": clean(doc["title"]), "text": clean(doc.get("text", "")),
                 "tw": words(doc["title"], separator), "w": words(doc.get("text", ""), separator)}
        if doc["location"] in asks:
            entry["ask"] = asks[doc["location"]]
        if doc["location"] in hosted and hosted[doc["location"]] != doc["location"]:
            entry["hosted"] = hosted[doc["location"]]
        docs.append(entry)
    return {"site": site, "docs": docs}


def index_script(index: dict) -> str:
    """The index as a script: file:// pages cannot fetch JSON."""
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return ("/* The guide's search index, made at build time by guide/search_index.py from the "
            "search plugin's index. Do not edit. */\n"
            f"self.GUIDE_SEARCH_INDEX={data};\n")


def remove_theme_search(site_dir: Path) -> None:
    """Leave out what only the theme's search would read."""
    for part in THEME_SEARCH_FILES:
        path = Path(site_dir) / part
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
