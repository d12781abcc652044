"""Write DIST/SHA256SUMS: the SHA-256 of every edition in DIST (archives, one-file editions, PDFs).

Usage: python -m guide.editions.checksums DIST_DIR

A recipient checks a copy with `sha256sum --ignore-missing -c SHA256SUMS` in the folder that
holds both (the format is sha256sum's own).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

EDITIONS = ("jiebei-wangshangdai-guide-*.zip", "jiebei-wangshangdai-guide-*.html", "jiebei-wangshangdai-guide-*.pdf")


def checksums(dist: Path) -> str:
    files = sorted({path for pattern in EDITIONS for path in dist.glob(pattern) if path.is_file()})
    return "".join(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n" for path in files)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    dist = Path(argv[0])
    text = checksums(dist)
    if not text:
        print(f"{dist}: no editions to sum", file=sys.stderr)
        return 1
    (dist / "SHA256SUMS").write_text(text, encoding="utf-8")
    print(f"{dist / 'SHA256SUMS'}: {len(text.splitlines())} editions")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
