"""What the scripts and the tests share: where the project is, what a copy of it needs, how
Debian's Chromium is started, and a free loopback port."""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import socket
import threading
from pathlib import Path

from guide.manifest import ManifestError, read_manifest

ROOT = Path(__file__).resolve().parent.parent
# What a copy of the project needs to build (bad-input fixtures, scaled benchmarks).
PROJECT_PARTS = ["mkdocs.yml", "mkdocs.offline.yml", "mkdocs.edge.yml", "docs", "data", "guide", "overrides"]
# Debian's chromium package; Playwright never downloads a browser here.
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium calls home, and a closed network refuses it.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the project's buildable parts, for builds that change it."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / part)
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def edition_arguments(description: str, argv: list[str]) -> argparse.Namespace:
    """The arguments every edition script takes: the built site and the dist folder. The site's
    build manifest is args.manifest (guide/manifest.py), its edition (label, slug, epoch)
    args.edition: the one the site was built as."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("site", type=Path)
    parser.add_argument("dist", type=Path)
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site}: no index.html; build the offline edition first (make offline)")
    try:
        args.manifest = read_manifest(args.site)
    except ManifestError as error:
        parser.error(str(error))
    args.edition = args.manifest["edition"]
    args.dist.mkdir(parents=True, exist_ok=True)
    return args


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_static(site: Path):
    """A built site on http://127.0.0.1:<port>/ (a thread); returns (server, base URL)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"
