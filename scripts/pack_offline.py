"""Pack the offline edition into dist/jiebei-wangshangdai-guide-offline-<date>.zip.

Usage: python scripts/pack_offline.py BUILT_SITE DIST_DIR [--date YYYY-MM-DD]

The archive holds one top-level folder with index.html in it, and only what the offline edition
uses: no source maps, no search languages the index does not load, no JSON index (file:// reads
the inlined search_index.js), no sitemap.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import sys
import zipfile
from pathlib import Path

NAME = "jiebei-wangshangdai-guide-offline"
TEXT_SUFFIXES = {".html", ".js", ".css", ".json", ".svg", ".xml", ".txt"}
# Loaded by name, not found by searching the text: the worker builds "lunr.<lang>.min.js".
ALWAYS_KEEP = {"LICENSE", "index.html", "search_index.js", "lunr.stemmer.support.min.js"}
# Segmenters the search worker loads only for these languages.
LANGUAGE_HELPERS = {"tinyseg.js": {"ja"}, "wordcut.js": {"hi", "th"}}
# Of no use from file://: a server's 404 page, the JSON index (the .js copy is read), sitemaps.
NEVER_KEEP = {"404.html", "search_index.json", "sitemap.xml", "sitemap.xml.gz"}


def search_languages(site: Path) -> set[str]:
    index = site / "search" / "search_index.json"
    return set(json.loads(index.read_text(encoding="utf-8"))["config"]["lang"])


def unused_files(site: Path) -> list[Path]:
    """Files the offline edition never loads: maps, other search languages, unreferenced assets."""
    languages = search_languages(site)
    keep_lunr = {f"lunr.{lang}.min.js" for lang in languages} | ALWAYS_KEEP
    if len(languages) > 1:
        keep_lunr.add("lunr.multi.min.js")
    files = sorted(p for p in site.rglob("*") if p.is_file())
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in files
             if p.suffix in TEXT_SUFFIXES and p.name not in NEVER_KEEP}

    def referenced(path: Path) -> bool:
        return any(path.name in text for other, text in texts.items() if other != path)

    unused = []
    for path in files:
        name = path.name
        if name in NEVER_KEEP or name.endswith(".map"):
            unused.append(path)
        elif name in LANGUAGE_HELPERS:
            if not LANGUAGE_HELPERS[name] & languages:
                unused.append(path)
        elif path.parent.name == "min" and name.startswith("lunr."):
            if name not in keep_lunr:
                unused.append(path)
        elif path.suffix != ".html" and name not in ALWAYS_KEEP and not referenced(path):
            unused.append(path)
    return unused


def pack(site: Path, dist: Path, date: str) -> Path:
    """Prune a copy of `site` and zip it under one folder; return the archive's path."""
    folder = f"{NAME}-{date}"
    staging = dist / folder
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(site, staging)
    for path in unused_files(staging):
        path.unlink()
    for directory in sorted((p for p in staging.rglob("*") if p.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    archive = dist / f"{folder}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(staging.rglob("*")):
            if path.is_file():
                zf.write(path, Path(folder) / path.relative_to(staging))
    shutil.rmtree(staging)
    return archive


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("dist", type=Path)
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site}: no index.html; build the offline edition first (make offline)")
    args.dist.mkdir(parents=True, exist_ok=True)
    archive = pack(args.site, args.dist, args.date)
    with zipfile.ZipFile(archive) as zf:
        infos = zf.infolist()
    unpacked = sum(i.file_size for i in infos)
    print(f"{archive}: {archive.stat().st_size / 1024:.0f} KB, {len(infos)} files, "
          f"{unpacked / 1024:.0f} KB unpacked")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
