"""The guide's one door into MkDocs: the `guide` plugin (guide/plugin.py), its options, and the
data it loads once per build."""

from __future__ import annotations

import importlib.metadata
import logging
import os
import re
from pathlib import Path

import pytest

from conftest import ROOT


def test_the_plugin_is_registered_by_the_installed_package():
    points = importlib.metadata.entry_points(group="mkdocs.plugins")
    guide = [point for point in points if point.name == "guide"]
    assert len(guide) == 1 and guide[0].value == "guide.plugin:GuidePlugin"
    from guide.plugin import GuidePlugin

    assert guide[0].load() is GuidePlugin


def test_mkdocs_yml_lists_the_plugin_and_no_hooks():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^plugins:\n(?:.*\n)*?  guide:\n", config, flags=re.M)
    assert not re.search(r"^hooks:", config, flags=re.M)
    assert "module_name" not in config, "mkdocs-macros gets its macros from the guide plugin"
    assert not (ROOT / "guide" / "hooks.py").exists()


def test_guide_keeps_no_module_state_and_leaves_sys_path_alone():
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in sorted((ROOT / "guide").rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"^\s*global\s|sys\.path|os\.environ\[[^]]*\]\s*=|\.addHandler\(", line)]
    assert not found, "\n".join(found)


def test_the_repository_changes_no_import_path():
    """The tools are modules of the guide package (python -m guide.tools.…): nothing in the
    repository adds to sys.path."""
    found = [f"{path.relative_to(ROOT)}:{number}" for path in sorted(ROOT.rglob("*.py"))
             if not {".venv", "build", "site", "dist", "node_modules"} & set(path.relative_to(ROOT).parts)
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"sys\.path\.(insert|append)", line)]
    assert found == []


def test_the_plugin_logs_as_mkdocs_plugins_do():
    """Through MkDocs' logger for plugins, with no handler of its own."""
    import guide.plugin

    assert guide.plugin.log.name == "mkdocs.plugins.guide"
    assert logging.getLogger("mkdocs.plugins.guide").handlers == []


@pytest.mark.build
def test_every_data_file_is_read_once_per_build(tmp_path, monkeypatch):
    """A whole build in this process, every read of data/ counted."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    reads: dict[str, int] = {}
    original = Path.read_text

    def counting(self, *args, **kwargs):
        resolved = Path(self).resolve()
        if resolved.parent == ROOT / "data":
            reads[resolved.name] = reads.get(resolved.name, 0) + 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counting)
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    # The edition's date goes to the pages and templates, not to the environment (and the test
    # above finds no line of guide/ that writes one).
    assert "SOURCE_DATE_EPOCH" not in os.environ
    data_files = {path.name for path in (ROOT / "data").iterdir() if path.suffix in {".yml", ".txt"}}
    data_files.discard("source.txt.sha256")
    assert set(reads) == data_files, f"read: {sorted(reads)}, in data/: {sorted(data_files)}"
    assert all(count == 1 for count in reads.values()), reads


@pytest.fixture
def plugin_config():
    from guide.plugin import GuideConfig

    return GuideConfig


def test_the_options_have_the_sites_defaults(plugin_config):
    config = plugin_config()
    config.load_dict({})
    errors, warnings = config.validate()
    assert not errors and not warnings
    assert config.search_offer == ["procedures/close-jiebei.md", "procedures/close-wangshangdai.md", "glossary.md"]
    assert config.cards_dir == "assets/cards" and config.card_cache == "build/cache/cards"
    assert config.enabled is True and config.offline is False


def test_a_wrong_option_is_refused_by_mkdocs_own_checks(plugin_config):
    config = plugin_config()
    config.load_dict({"qr_dir": 3, "search_ofer": []})
    errors, warnings = config.validate()
    assert [name for name, _ in errors] == ["qr_dir"]
    assert [name for name, _ in warnings] == ["search_ofer"]


@pytest.mark.build
def test_enabled_false_is_a_preview_of_the_text_that_makes_no_edition(tmp_path):
    """plugins > guide > enabled: false keeps what the pages need (the macros and checks) and what
    a reader reads (tooltips, review dates, the search), and makes nothing to send or share. Its
    manifest says it is a preview, and the offline packer refuses it, naming the option."""
    import subprocess
    import sys

    from bs4 import BeautifulSoup

    from conftest import copy_project, run_mkdocs_build
    from guide.manifest import ManifestError, read_manifest

    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    qr_dir: assets/qr\n" in text
    config.write_text(text.replace("    qr_dir: assets/qr\n", "    qr_dir: assets/qr\n    enabled: false\n"), encoding="utf-8")
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    soup = BeautifulSoup((site / "procedures/close-jiebei/index.html").read_text(encoding="utf-8"), "html.parser")
    headings = [h.get_text(" ", strip=True) for h in soup.select("article h2")]
    assert any("登录支付宝账户" in h for h in headings), headings          # the macros' steps
    assert soup.select("article abbr[title]")                                 # the glossary's tooltips
    assert soup.select(".guide-last-verified")                                # the review date
    assert not soup.select(".guide-send") and not soup.select(".guide-page-url")
    assert not soup.find("meta", attrs={"name": "guide:hosted-url"}) and not soup.find("meta", property="og:title")
    for folder in ["assets/qr", "assets/long", "assets/cards", "assets/print"]:
        assert not (site / folder).exists(), folder
    assert (site / "assets/javascripts/search/index.js").is_file()
    with pytest.raises(ManifestError, match="enabled: false"):
        read_manifest(site)
    packed = subprocess.run([sys.executable, "-m", "guide.editions.pack_offline", str(site), str(tmp_path / "dist")],
                            capture_output=True, text=True)
    assert packed.returncode != 0 and "enabled: false" in packed.stderr, packed.stderr
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())
