"""What counts as a Chinese character, written once for the guide's Python and its search
scripts: the build ships HAN in the search dictionary (guide/search_dictionary.py), from which
query.js makes its patterns, and the search reports and tests use the same class."""

from __future__ import annotations

import re

# CJK Unified Ideographs, Extension A, and the Compatibility Ideographs (traditional forms some
# input methods type).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_WORD = re.compile(f"^[{HAN}]+$")
