"""guide/manifest.py: where a build's manifest is, and how a tool reads it (bad input stops with
the file and what to run)."""

from __future__ import annotations

import json

import pytest

from guide.manifest import FORMAT, ManifestError, artefact_names, manifest_path, read_manifest, write_manifest
from guide.urls import url_prefix


def test_the_manifest_sits_beside_its_site_never_inside(tmp_path):
    assert manifest_path(tmp_path / "site") == tmp_path / "site.manifest.json"
    assert manifest_path(tmp_path / "build" / "offline") == tmp_path / "build" / "offline.manifest.json"
    assert manifest_path(f"{tmp_path}/site/") == tmp_path / "site.manifest.json"


def test_a_written_manifest_reads_back_with_its_format(tmp_path):
    (tmp_path / "site").mkdir()
    path = write_manifest(tmp_path / "site", {"prefix": "/guide/", "pages": [{"title": "手动关闭借呗"}]})
    assert path == tmp_path / "site.manifest.json"
    assert read_manifest(tmp_path / "site") == {"format": FORMAT, "prefix": "/guide/", "pages": [{"title": "手动关闭借呗"}]}
    assert "手动关闭借呗" in path.read_text(encoding="utf-8")   # readable as written, not escaped


@pytest.mark.parametrize("content, says", [
    (None, "no build manifest"),
    ("{not json", "not a build manifest"),
    (json.dumps({"format": FORMAT + 1}), "another format"),
    (json.dumps(["a list"]), "another format"),
])
def test_a_missing_or_bad_manifest_names_its_file_and_says_to_build(tmp_path, content, says):
    if content is not None:
        (tmp_path / "site.manifest.json").write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError) as raised:
        read_manifest(tmp_path / "site")
    assert says in str(raised.value) and "site.manifest.json" in str(raised.value) and "build" in str(raised.value)


def test_the_editions_are_named_after_the_edition():
    assert artefact_names("2026.12.06-abc1234") == {
        "offline_zip": "jiebei-wangshangdai-guide-offline-2026.12.06-abc1234.zip",
        "one_file": "jiebei-wangshangdai-guide-2026.12.06-abc1234.html",
        "pdf": "jiebei-wangshangdai-guide-2026.12.06-abc1234.pdf",
    }


@pytest.mark.parametrize("site_url, prefix", [("https://guide.example.com/guide/", "/guide/"),
                                              ("https://guide.example.com/guide", "/guide/"),
                                              ("https://guide.example.com", "/"), ("https://x.org/a/b/", "/a/b/")])
def test_the_prefix_is_site_urls_path_between_slashes(site_url, prefix):
    assert url_prefix(site_url) == prefix


def test_the_built_sites_manifest_lists_every_page_with_its_anchors(manifest):
    pages = {page["url"]: page for page in manifest["pages"]}
    jiebei = pages["procedures/close-jiebei/"]
    assert jiebei["source"] == "procedures/close-jiebei.md" and jiebei["title"] == "手动关闭借呗"
    assert jiebei["hosted"] == "https://guide.example.com/guide/procedures/close-jiebei/"
    assert jiebei["anchors"] == ["before-you-start", "sign-in", "open-management", "close-account", "after-closing",
                                 "not-covered", "done"]
    assert len(pages) == 13 and manifest["prefix"] == "/guide/" and manifest["offline"] is False
    assert manifest["assets"]["qr"] == "assets/qr" and manifest["redirects"] == []
