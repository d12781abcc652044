"""Publish the hosted guide in one step: build it for its real address, write the server's
configuration, and switch the served site to the new build at once.

Usage: python -m guide.editions.publish --site-url https://docs.example.org/guide/ --docroot DIR [--listen 0.0.0.0:80]
       (make publish SITE_URL=... DOCROOT=... [LISTEN=...])

- Refuses the placeholder address of mkdocs.yml (guide.example.com): every link, QR code, link
  card and copied text carries the address the guide is built for.
- Builds into DIR/releases/<edition>-<time>/ with site_url set (mkdocs.publish.yml, a generated
  configuration that INHERITs mkdocs.yml and is not kept in git).
- Writes DIR/nginx.conf and DIR/logrotate.conf (guide/editions/deploy_config.py), the search-miss log
  in DIR/logs/, nginx's pid and temporary files in DIR/run/.
- Switches DIR/www<prefix> (a symlink) to the new release with one atomic rename: a request is
  answered from the old release or the new one, never from neither. The three newest releases
  are kept; older ones are removed. Reload nginx afterwards only when nginx.conf changed
  (`nginx -s reload`): the files themselves need no reload.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from guide.common import ROOT
from guide.manifest import manifest_path, read_manifest

PLACEHOLDER_HOST = "guide.example.com"
KEEP_RELEASES = 3
PUBLISH_CONFIG = ROOT / "mkdocs.publish.yml"


def check_site_url(url: str) -> str:
    """The address to publish at: http(s), a host other than the placeholder, a path ending in /."""
    parts = urlparse(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"SITE_URL={url!r}: give the guide's public address, like https://docs.example.org/guide/")
    if parts.hostname == PLACEHOLDER_HOST or parts.hostname.endswith("." + PLACEHOLDER_HOST):
        raise ValueError(f"SITE_URL={url}: {PLACEHOLDER_HOST} is mkdocs.yml's placeholder; give the address "
                         "readers will open (every link, QR code and copied text carries it)")
    if not parts.path.endswith("/") or parts.query or parts.fragment:
        raise ValueError(f"SITE_URL={url}: the address must end with / and have no ?query or #fragment")
    return url


def served_path(docroot: Path, prefix: str) -> tuple[Path, Path]:
    """(nginx's root, the symlink that is the site): DIR/www with DIR/www<prefix> the symlink, or
    for a guide at the host's root, DIR/current itself."""
    if prefix == "/":
        return docroot / "current", docroot / "current"
    www = docroot / "www"
    return www, www / prefix.strip("/")


def switch(link: Path, release: Path) -> None:
    """Point `link` at `release` with one rename, which replaces the old symlink atomically."""
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.exists() and not link.is_symlink():
        raise ValueError(f"{link} is a real folder, not the symlink publish manages: move it away first")
    staged = link.with_name(f".{link.name}.next")
    if staged.is_symlink() or staged.exists():
        staged.unlink()
    staged.symlink_to(release.resolve(), target_is_directory=True)
    os.replace(staged, link)


def prune(releases: Path, keep: int, current: Path) -> list[Path]:
    """Remove all but the `keep` newest releases (never the current one); returns the removed."""
    found = sorted((path for path in releases.iterdir() if path.is_dir()), key=lambda path: path.name, reverse=True)
    removed = []
    for old in found[keep:]:
        if old.resolve() != current.resolve():
            shutil.rmtree(old)
            manifest_path(old).unlink(missing_ok=True)
            removed.append(old)
    return removed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-url", default="")
    parser.add_argument("--docroot", default="")
    parser.add_argument("--listen", default="127.0.0.1:8080")
    parser.add_argument("--user", default="www-data")
    args = parser.parse_args(argv)
    try:
        url = check_site_url(args.site_url)
    except ValueError as error:
        print(f"make publish: {error}", file=sys.stderr)
        return 2
    if not args.docroot:
        print("make publish: DOCROOT=<folder> is required: where the releases, nginx.conf and the logs go", file=sys.stderr)
        return 2
    docroot = Path(args.docroot).resolve()
    from guide.version import current_edition

    edition = current_edition(ROOT)
    releases = docroot / "releases"
    release = releases / f"{edition.slug}-{datetime.datetime.now(datetime.timezone.utc):%Y%m%dT%H%M%S%f}"
    releases.mkdir(parents=True, exist_ok=True)
    PUBLISH_CONFIG.write_text(f"# Made by guide/editions/publish.py for one build; not kept in git.\nINHERIT: mkdocs.yml\nsite_url: {url}\n",
                              encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(PUBLISH_CONFIG), "-d", str(release)],
                           cwd=ROOT, env=env)
    PUBLISH_CONFIG.unlink()
    if built.returncode != 0:
        shutil.rmtree(release, ignore_errors=True)
        print("make publish: the build failed; nothing was switched", file=sys.stderr)
        return 1
    for path in [release, *release.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    root, link = served_path(docroot, read_manifest(release)["prefix"])
    (docroot / "logs").mkdir(exist_ok=True)
    (docroot / "run").mkdir(exist_ok=True)
    config = subprocess.run([sys.executable, "-m", "guide.editions.deploy_config", str(release), str(docroot / "nginx.conf"),
                             "--listen", args.listen, "--docroot", str(root),
                             "--runtime", str(docroot / "run"), "--user", args.user,
                             "--search-log", str(docroot / "logs/search-misses.log"),
                             "--feedback-log", str(docroot / "logs/feedback.log")], cwd=ROOT)
    if config.returncode != 0:
        shutil.rmtree(release, ignore_errors=True)
        print("make publish: the server configuration could not be written; nothing was switched", file=sys.stderr)
        return 1
    switch(link, release)
    removed = prune(releases, KEEP_RELEASES, link)
    print(f"{link} -> {release.name} ({url}); {len(removed)} old release(s) removed. "
          f"Start nginx with -c {docroot / 'nginx.conf'}, or reload it if nginx.conf changed.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
