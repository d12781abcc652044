"""A fix for the theme's Chinese query segmentation, applied to the built search worker.

The worker splits a Chinese query into words found in the index, but its loop stops one
character short: the last word of a query is dropped, so 关闭借呗 searches only 关闭, and
网商贷怎么关闭 loses 关闭. The two loop bounds below are corrected; if the theme's worker
changes and the code is no longer there, the build stops so that the fix is looked at again.
"""

from __future__ import annotations

# (what the theme ships, what it should be): both bounds of the segmentation loops.
PATCHES = [
    ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e", "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"),
    ("n[a]&&a<t.length-1&&(i[s++]=a)", "n[a]&&a<t.length&&(i[s++]=a)"),
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
