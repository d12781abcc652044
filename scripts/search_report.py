"""What readers searched for and did not find, from the hosted guide's search-miss log.

Usage: python scripts/search_report.py LOG [SITE]      (make search-report [LOG=...])

The log is written by nginx (deploy/nginx.conf.template, location search-miss), one line per
query that found nothing or left a word out: the time, the scrubbed query and the words left
out (URL-encoded, as the page sent them), and whether nothing was found at all. Prints, most
frequent first, each left-out word with its count and last date, the nearest word of the guide
(by pinyin and characters, from the built site's search dictionary) and the line to add to
data/synonyms.yml; then the queries that found nothing. A malformed line is counted and
skipped; a missing or empty log is said plainly.
"""

from __future__ import annotations

import datetime
import difflib
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_plus

import yaml

ROOT = Path(__file__).resolve().parent.parent
HAN = re.compile(r"^[\u3400-\u9fff]+$")


@dataclass(frozen=True)
class Miss:
    day: datetime.date
    query: str
    missing: tuple[str, ...]
    nothing: bool


def parse(lines) -> tuple[list[Miss], int]:
    """(the misses, how many lines were malformed)."""
    misses, bad = [], 0
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            continue
        fields = line.split("\t")
        try:
            if len(fields) != 4:
                raise ValueError("fields")
            day = datetime.datetime.fromisoformat(fields[0]).date()
            query = unquote_plus(fields[1], errors="strict")
            missing = tuple(word for word in unquote_plus(fields[2], errors="strict").split(",") if word)
            if fields[3] not in ("", "1"):
                raise ValueError("none")
        except (ValueError, UnicodeDecodeError):
            bad += 1
            continue
        misses.append(Miss(day, query, missing, fields[3] == "1"))
    return misses, bad


def guide_words(site: Path) -> tuple[list[str], dict[str, str]]:
    """The words of the guide's search dictionary (Chinese, two characters or more), and the
    synonyms' word -> guide word."""
    from guide.search_index import read_data_script

    dictionary = read_data_script(site / "assets/javascripts/search/dictionary.js", "GUIDE_SEARCH_DICT")
    words = sorted(word for word in dictionary["terms"] if HAN.match(word) and len(word) > 1)
    return words, dictionary["synonyms"]


def reading(word: str) -> str:
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(word))


# Below this (pinyin likeness plus shared characters), nothing of the guide is close: the word is
# likely something the guide does not cover.
CLOSE_ENOUGH = 0.6


def nearest(word: str, words: list[str]) -> str | None:
    """The guide's word closest to `word`, by pinyin and by the characters they share; None when
    nothing is close enough."""
    if not words:
        return None
    spoken = reading(word)

    def closeness(candidate: str) -> float:
        sound = difflib.SequenceMatcher(None, spoken, reading(candidate)).ratio()
        shared = len(set(word) & set(candidate)) / max(len(set(word) | set(candidate)), 1)
        return sound + shared
    best = max(words, key=lambda candidate: (closeness(candidate), -len(candidate), candidate))
    return best if closeness(best) >= CLOSE_ENOUGH else None


def synonym_line(word: str, guide: str, groups: dict[str, list[str]]) -> str:
    """What to add to data/synonyms.yml so that `word` is read as `guide`."""
    if guide in groups:
        return f"groups > guide: {guide} > words: add {word}"
    return f"- guide: {guide}\n    words: [{word}]"


def report(misses: list[Miss], bad: int, words: list[str], groups: dict[str, list[str]]) -> str:
    counts = Counter(word for miss in misses for word in miss.missing)
    last = {}
    for miss in misses:
        for word in miss.missing:
            last[word] = max(last.get(word, miss.day), miss.day)
    out = [f"{len(misses)} searches that left words out or found nothing"
           + (f"; {bad} malformed line{'s' if bad != 1 else ''} skipped" if bad else "") + ".", ""]
    if counts:
        out += ["| word left out | times | last | nearest word of the guide | for data/synonyms.yml |", "|---|---|---|---|---|"]
        for word, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            near = nearest(word, words)
            line = f"`{synonym_line(word, near, groups).replace(chr(10), ' ')}`" if near else \
                "nothing close: the guide may not cover it (原文未涉及的情况)"
            out.append(f"| {word} | {count} | {last[word].isoformat()} | {near or '–'} | {line} |")
    nothing = Counter(miss.query for miss in misses if miss.nothing)
    if nothing:
        out += ["", "Queries that found nothing at all:", ""]
        out += [f"- {query} ({count}×)" for query, count in sorted(nothing.items(), key=lambda item: (-item[1], item[0]))]
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if not argv or len(argv) > 2:
        print(__doc__, file=sys.stderr)
        return 2
    log = Path(argv[0])
    site = Path(argv[1]) if len(argv) > 1 else ROOT / "site"
    if not log.is_file() or log.stat().st_size == 0:
        print(f"{log}: no search misses logged yet ({'the file is empty' if log.is_file() else 'no such file'}). "
              "The hosted guide writes it through nginx (make deploy-config SEARCH_LOG=...).")
        return 0
    if not (site / "assets/javascripts/search/dictionary.js").is_file():
        print(f"{site}: no built search dictionary; run `make build` first", file=sys.stderr)
        return 1
    misses, bad = parse(log.read_text(encoding="utf-8", errors="replace").splitlines())
    words, _ = guide_words(site)
    synonyms = yaml.safe_load((ROOT / "data/synonyms.yml").read_text(encoding="utf-8"))
    groups = {group["guide"]: group["words"] for group in synonyms["groups"]}
    print(report(misses, bad, words, groups))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
