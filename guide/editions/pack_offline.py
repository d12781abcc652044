"""Pack the offline edition into dist/, named as its build manifest says (…-offline-<edition>.zip).

Usage: python -m guide.editions.pack_offline BUILT_SITE DIST_DIR

The archive is named after the edition the site was built as (2026.11.29-b4beb37, from its build
manifest, guide/manifest.py) and is reproducible: the same site packs to the same bytes.

The archive holds one top-level folder with index.html in it, and only what the offline edition
uses: no source maps, no sitemap, no asset that no file refers to. (The build itself leaves out
the theme's search worker, lunr and its JSON index, which the guide's own search replaces; the
guide's index is a script, search/index.js, which file:// loads.)
"""

from __future__ import annotations

import shutil
import sys
import time
import zipfile
from pathlib import Path

from guide.common import edition_arguments

TEXT_SUFFIXES = {".html", ".js", ".css", ".json", ".svg", ".xml", ".txt"}
# Needed though no file names them: licences.
ALWAYS_KEEP = {"LICENSE", "index.html"}
# Built, but never used from file://: the search-miss report is for the hosted guide only.
NEVER_SHIP = {"assets/javascripts/search/miss.js"}
# Zip dates start in 1980.
ZIP_EPOCH = 315532800
# Of no use from file://: a server's 404 page, sitemaps.
NEVER_KEEP = {"404.html", "sitemap.xml", "sitemap.xml.gz"}


def unused_files(site: Path, qr_dir: str) -> list[Path]:
    """Files the offline edition never loads: source maps, file:// leftovers, unreferenced assets.
    The sections' QR codes (under `qr_dir`, the plugin's option) are kept: the 二维码 button
    names them by the section's id, which no file spells out."""
    qr_folder = "/" + qr_dir.strip("/") + "/"
    files = sorted(p for p in site.rglob("*") if p.is_file())
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in files
             if p.suffix in TEXT_SUFFIXES and p.name not in NEVER_KEEP}

    def referenced(path: Path) -> bool:
        return any(path.name in text for other, text in texts.items() if other != path)

    unused = []
    for path in files:
        if path.name in NEVER_KEEP or path.name.endswith(".map") or path.relative_to(site).as_posix() in NEVER_SHIP:
            unused.append(path)
        elif path.suffix == ".html" or path.name in ALWAYS_KEEP or qr_folder in "/" + path.relative_to(site).as_posix():
            continue
        elif not referenced(path):
            unused.append(path)
    return unused


def pack(site: Path, dist: Path, name: str, epoch: int, qr_dir: str) -> Path:
    """Prune a copy of `site` and zip it as `name` (…zip) under one folder of that name; return
    the archive's path. The same site gives the same bytes: entries in name order, each dated by
    the edition's commit (`epoch`), with fixed permissions."""
    folder = name.removesuffix(".zip")
    staging = dist / folder
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(site, staging)
    for path in unused_files(staging, qr_dir):
        path.unlink()
    for directory in sorted((p for p in staging.rglob("*") if p.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    archive = dist / f"{folder}.zip"
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(staging.rglob("*")):
            if path.is_file():
                entry = zipfile.ZipInfo((Path(folder) / path.relative_to(staging)).as_posix(), date_time=stamp)
                entry.external_attr = 0o644 << 16
                entry.create_system = 3
                zf.writestr(entry, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    shutil.rmtree(staging)
    return archive


def main(argv: list[str]) -> int:
    args = edition_arguments(__doc__.splitlines()[0], argv)
    manifest = args.manifest
    archive = pack(args.site, args.dist, manifest["artefacts"]["offline_zip"], args.edition["epoch"], manifest["assets"]["qr"])
    with zipfile.ZipFile(archive) as zf:
        infos = zf.infolist()
    unpacked = sum(i.file_size for i in infos)
    print(f"{archive}: {archive.stat().st_size / 1024:.0f} KB, {len(infos)} files, "
          f"{unpacked / 1024:.0f} KB unpacked")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
