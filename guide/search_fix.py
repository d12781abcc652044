"""Changes to the theme's built search assets: a fix to its Chinese query segmentation, and
dropping the search languages the index does not use.

The worker splits a Chinese query into words found in the index, but its loop stops one
character short: the last word of a query is dropped, so 关闭借呗 searches only 关闭, and
网商贷怎么关闭 loses 关闭. The two loop bounds below are corrected, and the words are joined so
that each gets one trailing wildcard. If the theme's worker changes and the code is no longer
there, the build stops so that the fix is looked at again.
"""

from __future__ import annotations

from pathlib import Path

# (what the theme ships, what it should be): both bounds of the segmentation loops.
PATCHES = [
    ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e", "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"),
    ("n[a]&&a<t.length-1&&(i[s++]=a)", "n[a]&&a<t.length&&(i[s++]=a)"),
    # The words are joined with "* " and the query parser then adds its own "*", so every word
    # but the last became "关闭**", which the results list shows as 缺少 (missing) although it
    # matched. Join with a space; the parser adds the one "*".
    ('[...fe(s,this.index.invertedIndex)].join("* ")', '[...fe(s,this.index.invertedIndex)].join(" ")'),
]


class SearchFixError(RuntimeError):
    """The worker no longer contains the code the fix expects."""


def fix_query_segmentation(worker_js: str) -> str:
    """Return the worker's code with the segmentation bounds corrected."""
    for wrong, right in PATCHES:
        if worker_js.count(wrong) != 1:
            if worker_js.count(right) == 1:
                continue  # already fixed (upstream, or an earlier run)
            raise SearchFixError(f"search worker: expected code not found: {wrong!r}")
        worker_js = worker_js.replace(wrong, right)
    return worker_js


# Segmenters the worker loads only for these languages.
LANGUAGE_HELPERS = {"tinyseg.js": {"ja"}, "wordcut.js": {"hi", "th"}}


def unused_search_languages(lunr_dir: Path, languages: list[str]) -> list[Path]:
    """The theme ships lunr support for 30 languages; the worker loads only the index's own
    (`min/lunr.<lang>.min.js`, the stemmer support, lunr.multi for several, a segmenter)."""
    keep = {"lunr.stemmer.support.min.js", *(f"lunr.{lang}.min.js" for lang in languages)}
    if len(languages) > 1:
        keep.add("lunr.multi.min.js")
    unused = [p for p in sorted((lunr_dir / "min").glob("lunr.*.js")) if p.name not in keep]
    unused += [lunr_dir / name for name, needs in LANGUAGE_HELPERS.items()
               if (lunr_dir / name).exists() and not needs & set(languages)]
    return unused
