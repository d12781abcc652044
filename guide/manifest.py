"""The build manifest: what a build knows, written once at its end for every tool after it.

The guide plugin writes it beside the site folder it built (site/ -> site.manifest.json,
build/offline/ -> build/offline.manifest.json): never inside the site, so it is never served,
published, packed or uploaded. The offline packer, the one-file edition, the PDF, the server and
edge configurations, the reports, the bench and the tests read it with read_manifest() instead
of reading the built pages, mkdocs.yml or the search scripts back.

It holds: the edition; site_url and its path (the prefix the server serves the guide under);
whether this is the offline edition, and whether a preview (plugins > guide > enabled: false,
which read_manifest refuses: it lacks what the editions need); every page (its source under docs/, its URL in this
edition, its hosted address, its title and the ids of its section headings); the moved pages
(each old address and where it now is); the sha256 sources the Content-Security-Policy allows
for the inline scripts of the built pages; the asset folders; the file names of the editions
made from it; and the search's words and synonyms (what the miss report compares with).
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

FORMAT = 1
SUFFIX = ".manifest.json"
# The editions' file names, each followed by -<edition slug> and its suffix.
ARTEFACTS = {
    "offline_zip": ("jiebei-wangshangdai-guide-offline", ".zip"),
    "one_file": ("jiebei-wangshangdai-guide", ".html"),
    "pdf": ("jiebei-wangshangdai-guide", ".pdf"),
}


class ManifestError(Exception):
    """No manifest, or one this project cannot read: says which file and what to run."""


def manifest_path(site_dir: Path | str) -> Path:
    """Where the manifest of the site built into `site_dir` is: beside it, never inside."""
    site_dir = Path(site_dir).resolve()
    return site_dir.parent / (site_dir.name + SUFFIX)


def artefact_names(slug: str) -> dict[str, str]:
    """The editions' file names for edition `slug`."""
    return {kind: f"{stem}-{slug}{suffix}" for kind, (stem, suffix) in ARTEFACTS.items()}


def write_manifest(site_dir: Path | str, data: dict) -> Path:
    path = manifest_path(site_dir)
    path.write_text(json.dumps(dict(data, format=FORMAT), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


def read_manifest(site_dir: Path | str) -> dict:
    """The manifest of the site built into `site_dir`; ManifestError when there is none or it is
    of another format."""
    path = manifest_path(site_dir)
    if not path.is_file():
        raise ManifestError(f"{path}: no build manifest for {site_dir}; build it first (make build, make offline)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise ManifestError(f"{path}: not a build manifest ({error}); build again") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ManifestError(f"{path}: a manifest of another format; build again")
    if data.get("preview"):
        raise ManifestError(f"{path}: {site_dir} is a preview (mkdocs.yml: plugins > guide > enabled: false), "
                            "without what the editions need; build it with the plugin enabled")
    return data


def script_source(script: str) -> str:
    """The Content-Security-Policy source that allows an inline script of exactly this text."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
