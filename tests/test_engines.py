"""The ProperDocs exit: ProperDocs, the maintained continuation of MkDocs 1.6 (in the lock),
builds the same site file for file, the generator tag aside (guide/tools/compare_builds.py)."""

from __future__ import annotations

from conftest import ROOT, run_mkdocs_build

from guide.tools.compare_builds import differences


def test_the_comparison_ignores_the_generator_tag_only(tmp_path):
    one, other = tmp_path / "one", tmp_path / "other"
    for folder, engine in [(one, "mkdocs-1.6.1"), (other, "mkdocs-ProperDocs 1.6.7")]:
        (folder / "a").mkdir(parents=True)
        (folder / "index.html").write_text(f'<meta name="generator" content="{engine}"><p>同</p>', encoding="utf-8")
        (folder / "a" / "x.js").write_text("1", encoding="utf-8")
    assert differences(one, other) == []
    (other / "a" / "x.js").write_text("2", encoding="utf-8")
    (other / "extra.css").write_text("", encoding="utf-8")
    (one / "index.html").write_text('<meta name="generator" content="x"><p>异</p>', encoding="utf-8")
    assert differences(one, other) == [f"only in {other}: extra.css", "differs: a/x.js", "differs: index.html"]


def test_properdocs_builds_the_same_site_as_mkdocs(site, tmp_path):
    result = run_mkdocs_build(ROOT, tmp_path / "properdocs", engine="properdocs")
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'content="mkdocs-ProperDocs' in (tmp_path / "properdocs" / "index.html").read_text(encoding="utf-8")
    assert differences(site, tmp_path / "properdocs") == []
