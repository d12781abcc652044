"""The guide's own stylesheets as served: comments and spare whitespace left out.

The files under docs/assets/stylesheets/ keep their comments (why each rule is there); readers'
browsers get the rules alone, which keeps the first paint within its budget (tests/test_budget.py).
Strings (content: "第 ") and url() are copied as they are.
"""

from __future__ import annotations

import re

# A string, a comment, a run of whitespace, or anything else up to the next of those.
TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|/\*.*?\*/|\s+|[^"\'/\s]+|/', re.S)
# Around these, whitespace means nothing.
TIGHT = set("{};,>")


def minify_css(text: str) -> str:
    """`text` without comments, with whitespace cut to what separates words. An unclosed
    comment or string is kept whole rather than guessed at."""
    out: list[str] = []
    pending_space = False
    for match in TOKEN.finditer(text):
        token = match.group(0)
        if token.startswith("/*") and token.endswith("*/") and len(token) >= 4:
            continue        # a comment separates nothing (a/**/.b is a.b)
        if token.isspace():
            pending_space = True
            continue
        if pending_space and out and out[-1][-1] not in TIGHT and token[0] not in TIGHT:
            out.append(" ")
        pending_space = False
        out.append(token)
    return "".join(out).strip() + "\n"
