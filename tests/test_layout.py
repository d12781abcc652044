"""README "Layout" matches the repository: every path it names exists, and every top-level file
and folder, and every module of the guide package's folders, is named there."""

from __future__ import annotations

import fnmatch
import re
import subprocess

from conftest import ROOT

PACKAGES = ["guide/", "guide/editions/", "guide/tools/"]


def layout() -> dict[str, str]:
    """Entry -> its description (its line and the indented lines under it), from README's block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^## Layout\n.*?^```\n(.*?)^```", text, flags=re.S | re.M).group(1)
    entries: dict[str, str] = {}
    current = None
    for line in block.splitlines():
        if line and not line[0].isspace():
            current, _, rest = line.partition(" ")
            entries[current] = rest
        elif current:
            entries[current] += " " + line.strip()
    return entries


def tracked() -> list[str]:
    return subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()


def test_every_entry_exists():
    missing = [entry for entry in layout() if not any(fnmatch.fnmatch(path, entry.rstrip("/") + ("/*" if entry.endswith("/") else ""))
                                                      or path == entry for path in tracked())]
    assert missing == []


def test_every_top_level_file_and_folder_is_listed():
    entries = layout()
    top = {path.split("/")[0] + ("/" if "/" in path else "") for path in tracked()} - {"README.md"}
    unlisted = sorted(name for name in top
                      if not any(fnmatch.fnmatch(name, entry) or fnmatch.fnmatch(name.rstrip("/"), entry.split("/")[0])
                                 for entry in entries))
    assert unlisted == []


def test_every_module_of_the_package_is_named_under_its_folder_and_each_named_exists():
    entries = layout()
    for folder in PACKAGES:
        assert folder in entries, f"README Layout lists no {folder}"
        described = entries[folder]
        modules = {path.name for path in (ROOT / folder).iterdir() if path.suffix in {".py", ".js"}} - {"__init__.py"}
        named = set(re.findall(r"\b([a-z_]+\.(?:py|js))\b", described)) - {"__init__.py"}
        assert sorted(modules - named) == [], f"{folder}: modules README Layout does not name"
        assert sorted(named - modules) == [], f"{folder}: README Layout names modules that are not there"
