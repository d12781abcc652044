"""The source article the guide is written from (data/source.txt, a verbatim copy).

The disclaimer names it by the title and author the file gives; tests/test_fidelity.py checks
every factual section of the guide against its sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from guide.data import GuideDataError

AUTHOR = re.compile(r"^作者[:：]\s*(.+?)\s*\|?\s*$", re.M)


@dataclass(frozen=True)
class Source:
    title: str
    author: str
    text: str


def load_source(path: Path) -> Source:
    """The article's title (its first line), its author (the 作者: line) and its text."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise GuideDataError(f"{path}: cannot read the source article ({error.strerror})") from error
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    author = AUTHOR.search(text)
    if not lines or author is None:
        raise GuideDataError(f"{path}: expected the title on the first line and a '作者:' line")
    return Source(title=lines[0], author=author.group(1), text=text)
