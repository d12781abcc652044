"""Where the guide's search meets the theme: one place, the worker the page starts.

The theme's search box sends what a reader types to a Web Worker and shows what the worker
answers; the worker's address is the "search" entry of the page's __config. The theme
documents this as the way to bring one's own search ("providing a custom web worker via
configuration"). The build points that entry at the guide's worker
(assets/javascripts/search/worker.js), which answers in the theme's message format, so the
theme's box, result list, highlighting and keyboard use stay unchanged and no theme code is
patched. If a theme update changes that entry, the build stops with a message saying so.

The theme's own worker and its lunr files are then never loaded: the build leaves them out.
`GUIDE_THEME_SEARCH=1` keeps the theme's unmodified search instead, so that `make bench` can
score both on the same site.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

GUIDE_WORKER = "assets/javascripts/search/worker.js"
THEME_WORKER = re.compile(r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js(")')
# What only the theme's search loads (its worker imports lunr's language support).
THEME_SEARCH_ASSETS = ["assets/javascripts/workers", "assets/javascripts/lunr"]


class SearchSeamError(RuntimeError):
    """The theme's page configuration no longer names its search worker where expected."""


def theme_search_wanted() -> bool:
    """True when the build should keep the theme's own search (benchmark comparisons)."""
    return os.environ.get("GUIDE_THEME_SEARCH") == "1"


def use_guide_worker(page_html: str, where: str) -> str:
    """Point the page's __config "search" entry at the guide's worker (same relative base)."""
    found = THEME_WORKER.findall(page_html)
    if len(found) != 1:
        raise SearchSeamError(
            f"{where}: expected the theme's search worker once in the page's __config "
            f"(\"search\": \".../assets/javascripts/workers/search.<hash>.min.js\"), found it {len(found)} times. "
            "The theme changed how pages name their search worker: see guide/search_seam.py.")
    return THEME_WORKER.sub(lambda m: f"{m.group(1)}{m.group(2)}{GUIDE_WORKER}{m.group(3)}", page_html)


def remove_theme_search(site_dir: Path) -> None:
    """Leave out the theme's worker and lunr, which no page loads any more."""
    for part in THEME_SEARCH_ASSETS:
        shutil.rmtree(Path(site_dir) / part, ignore_errors=True)
