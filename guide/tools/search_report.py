"""What readers searched for and did not find, from the hosted guide's search-miss log.

Usage: python -m guide.tools.search_report LOG [SITE]      (make search-report [LOG=...])

The log is written by nginx (deploy/nginx.conf.template, location search-miss), one line per
query that found nothing or left a word out: the time, the scrubbed query and the words left
out (URL-encoded, as the page sent them), and whether nothing was found at all. Prints, most
frequent first, each left-out word with its count and last date, the nearest word of the guide
(by pinyin and characters, from the built site's search dictionary) and the line to add to
data/synonyms.yml; then the queries that found nothing. The log's rotated copies (LOG.1,
LOG.2, ... beside it, deploy/logrotate.conf.template) are read too. A malformed line is counted
and skipped; a missing or empty log is said plainly.

Whatever the log holds was sent by a stranger: every query and word is scrubbed again as the
page scrubs it (search/miss.js; the same cases in tests/scrub-cases.json: no number, no e-mail
address, no control character, at most 20 characters), a word counts once per line, and a
line longer than the page can send is malformed. Nothing read is printed otherwise.
"""

from __future__ import annotations

import datetime
import difflib
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_plus

from guide.chars import HAN_WORD
from guide.common import ROOT
from guide.manifest import ManifestError, read_manifest
HAN = HAN_WORD


MAX_CHARS = 20            # search/miss.js MAX_CHARS
MAX_LINE = 600            # the server refuses a longer request (deploy/nginx.conf.template)
EMAIL = re.compile(r"\S*\s*[@\uff20\ufe6b]\s*\S*")
CHINESE_NUMBER = re.compile("[〇零一二三四五六七八九十百千万亿两幺壹贰叁肆伍陆柒捌玖拾佰仟]{3,}")


def scrub(text: str) -> str:
    """As search/miss.js scrub(): control and format characters, e-mail addresses, numbers of
    every script and runs of three Chinese numerals become spaces; spaces squeezed; at most
    MAX_CHARS characters."""
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf") or ch in "\u2028\u2029" else ch for ch in text)
    text = EMAIL.sub(" ", text)
    text = "".join(" " if unicodedata.category(ch).startswith("N") else ch for ch in text)
    text = re.sub(r"\s+", " ", CHINESE_NUMBER.sub(" ", text)).strip()
    return text[:MAX_CHARS].strip()


@dataclass(frozen=True)
class Miss:
    day: datetime.date
    query: str
    missing: tuple[str, ...]
    nothing: bool


def log_lines(log: Path) -> list[str]:
    """The lines of a log nginx writes and of its rotated copies (LOG.1 ... LOG.4 beside it)."""
    logs = [log] + sorted((path for path in log.parent.glob(log.name + ".*") if path.suffix[1:].isdigit()),
                          key=lambda path: int(path.suffix[1:]))
    return [line for path in logs for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]


def read_entries(lines, count: int, read) -> tuple[list, int]:
    """Each non-blank line of exactly `count` tab-separated fields and at most MAX_LINE characters,
    given to `read`; a line of another shape, or one `read` refuses (ValueError, a bad encoding),
    is malformed. Returns (the entries, how many lines were malformed)."""
    entries, bad = [], 0
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            continue
        fields = line.split("\t")
        try:
            if len(fields) != count or len(line) > MAX_LINE:
                raise ValueError("fields")
            entries.append(read(fields))
        except (ValueError, UnicodeDecodeError):
            bad += 1
    return entries, bad


def read_miss(fields: list[str]) -> Miss:
    day = datetime.datetime.fromisoformat(fields[0]).date()
    query = scrub(unquote_plus(fields[1], errors="strict"))
    missing = tuple(dict.fromkeys(word for word in (scrub(part) for part in
                                                    unquote_plus(fields[2], errors="strict").split(","))
                                  if word and word in query))
    if fields[3] not in ("", "1"):
        raise ValueError("none")
    return Miss(day, query, missing, fields[3] == "1")


def parse(lines) -> tuple[list[Miss], int]:
    """(the misses, how many lines were malformed)."""
    return read_entries(lines, 4, read_miss)


def guide_words(site: Path) -> tuple[list[str], dict[str, list[str]]]:
    """The words of the guide's search (Chinese, two characters or more), and its synonym
    groups (guide word -> the words read as it), as the site's build manifest lists them."""
    search = read_manifest(site)["search"]
    words = sorted(word for word in search["words"] if HAN.match(word) and len(word) > 1)
    return words, search["groups"]


def reading(word: str) -> str:
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(word))


# Below this (pinyin likeness plus shared characters), nothing of the guide is close: the word is
# likely something the guide does not cover.
CLOSE_ENOUGH = 0.6


class Guide:
    """The guide's words, with their readings, indexed by character and by syllable, so that a
    left-out word is compared only with the words that share one of its characters or one of its
    syllables (a typo that sounds right shares a syllable), not with every word of the guide."""

    def __init__(self, words: list[str]):
        self.words = words
        self.readings = {word: reading(word) for word in words}
        self.by_part: dict[str, set[str]] = {}
        for word in words:
            for part in set(word) | set(self.readings[word].split(" ")):
                self.by_part.setdefault(part, set()).add(word)
        self.compared = 0     # how many closeness measures were taken (the report's work)

    def candidates(self, word: str) -> list[str]:
        parts = set(word) | set(reading(word).split(" "))
        return sorted(set().union(*(self.by_part.get(part, set()) for part in parts)))

    def nearest(self, word: str) -> str | None:
        """The guide's word closest to `word`, by pinyin and by the characters they share; None
        when nothing is close enough."""
        spoken = reading(word)

        def closeness(candidate: str) -> float:
            self.compared += 1
            sound = difflib.SequenceMatcher(None, spoken, self.readings[candidate]).ratio()
            shared = len(set(word) & set(candidate)) / max(len(set(word) | set(candidate)), 1)
            return sound + shared
        scored = [(closeness(candidate), -len(candidate), candidate) for candidate in self.candidates(word)]
        if not scored:
            return None
        best = max(scored)
        return best[2] if best[0] >= CLOSE_ENOUGH else None


def nearest(word: str, words: list[str]) -> str | None:
    """The guide's word closest to `word` (Guide.nearest, for one word)."""
    return Guide(words).nearest(word) if words else None


def synonym_line(word: str, guide: str, groups: dict[str, list[str]]) -> str:
    """What to add to data/synonyms.yml so that `word` is read as `guide`."""
    if guide in groups:
        return f"groups > guide: {guide} > words: add {word}"
    return f"- guide: {guide}\n    words: [{word}]"


def report(misses: list[Miss], bad: int, words: list[str] | Guide, groups: dict[str, list[str]]) -> str:
    guide = words if isinstance(words, Guide) else Guide(words)
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
            near = guide.nearest(word)
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
    try:
        words, groups = guide_words(site)
    except ManifestError as error:
        print(f"{error}", file=sys.stderr)
        return 1
    misses, bad = parse(log_lines(log))
    print(report(misses, bad, words, groups))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
