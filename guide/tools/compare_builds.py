"""Compare two builds of the site file for file: the same files with the same bytes, apart from
the generator tag each engine writes (<meta name="generator" content="...">).

Usage: python -m guide.tools.compare_builds SITE_A SITE_B

Used by CI to keep the ProperDocs exit open: `properdocs build` of a commit must give the site
`mkdocs build` gives. Exits 1 naming every file that differs, is missing or is extra.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def differences(one: Path, other: Path) -> list[str]:
    """What differs between the two folders, a line each; [] when they are the same."""
    files = {path.relative_to(one).as_posix() for path in one.rglob("*") if path.is_file()}
    others = {path.relative_to(other).as_posix() for path in other.rglob("*") if path.is_file()}
    found = [f"only in {one}: {name}" for name in sorted(files - others)]
    found += [f"only in {other}: {name}" for name in sorted(others - files)]
    for name in sorted(files & others):
        a, b = (one / name).read_bytes(), (other / name).read_bytes()
        if name.endswith(".html"):
            a, b = GENERATOR.sub(b"", a), GENERATOR.sub(b"", b)
        if a != b:
            found.append(f"differs: {name}")
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    found = differences(Path(argv[0]), Path(argv[1]))
    for line in found:
        print(line)
    if not found:
        print(f"{argv[0]} and {argv[1]}: the same site, file for file (generator tags aside)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
