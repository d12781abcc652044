"""MkDocs hooks for the guide (listed under `hooks:` in mkdocs.yml).

MkDocs loads this file by path, so the project folder is put on sys.path to reach `guide`.
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from guide.data import GuideDataError  # noqa: E402
from guide.glossary import load_terms, mark_terms  # noqa: E402

_terms = []


def on_config(config):
    global _terms
    from mkdocs.exceptions import PluginError

    try:
        _terms = load_terms(Path(config.config_file_path).parent / "data" / "glossary.yml")
    except GuideDataError as error:
        raise PluginError(f"guide data: {error}") from None
    return config


def on_page_content(html, page, config, files):
    """Give every glossary term its definition as a tooltip."""
    return mark_terms(html, _terms)
