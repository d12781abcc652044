"""Editions you can cite and rebuild: the version on every copy, reproducible builds, checksums,
locked dependencies."""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, git, run_mkdocs_build

from guide.version import UNVERSIONED, current_edition, edition_from

FAKETIME = shutil.which("faketime")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")


# --- the version ---------------------------------------------------------------------------

def test_the_edition_is_the_last_commits_date_and_short_id():
    """Computed here straight from git, the way a reader would check it."""
    day, short = git("log", "-1", "--format=%cd %h", "--date=format:%Y.%m.%d").split()
    edition = current_edition(ROOT)
    assert edition.label.startswith(f"{day} · {short}") and edition.slug.startswith(f"{day}-{short}")
    assert edition.epoch == int(git("log", "-1", "--format=%ct"))


def test_an_edition_with_uncommitted_changes_says_so():
    edition = edition_from(1795954587, "abc1234", {}, dirty=True)
    assert edition.label == "2026.11.29 · abc1234 + 未提交的修改" and edition.slug == "2026.11.29-abc1234-modified"


def test_the_footer_shows_the_edition_and_its_date(site):
    edition = current_edition(ROOT)
    soup = BeautifulSoup((site / "procedures/close-jiebei/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".guide-edition").get_text(strip=True) == f"版本：{edition.label}"
    assert soup.select_one(".guide-build-date time")["datetime"] == edition.date.isoformat()


@pytest.mark.build
def test_a_tree_without_git_says_it_is_unversioned(tmp_path):
    project = copy_project(tmp_path / "exported")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    soup = BeautifulSoup((tmp_path / "site/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".guide-edition").get_text(strip=True) == f"版本：{UNVERSIONED}"


# --- reproducible editions -----------------------------------------------------------------

def build_editions(checkout: Path, day: str, out: Path) -> dict[str, Path]:
    """In `checkout`, with the clock set to `day`: the hosted site, the offline archive, the
    one-file edition, the PDF and SHA256SUMS."""
    clock = [FAKETIME, f"{day} 09:30:00"]
    run = lambda *cmd: subprocess.run([*clock, *cmd], cwd=checkout, env=ENV, check=True,  # noqa: E731
                                      capture_output=True, text=True, timeout=600)
    run(sys.executable, "-m", "mkdocs", "build", "-q", "--clean", "-d", str(out / "site"))
    run(sys.executable, "-m", "mkdocs", "build", "-q", "--clean", "-f", "mkdocs.offline.yml", "-d", str(out / "offline"))
    run(sys.executable, "-m", "guide.editions.pack_offline", str(out / "offline"), str(out / "dist"))
    run(sys.executable, "-m", "guide.editions.one_file", str(out / "offline"), str(out / "dist"))
    slug = current_edition(checkout).slug
    run(sys.executable, "-m", "guide.editions.render_pdf", str(out / "offline"), str(out / "dist"))
    run(sys.executable, "-m", "guide.editions.checksums", str(out / "dist"))
    return {"site": out / "site", "dist": out / "dist", "slug": slug}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The same commit cloned into two folders and built on two different days."""
    if FAKETIME is None:
        pytest.fail("faketime not found: `make test` installs Debian's faketime package")
    builds = []
    for folder, day in [("one/guide", "2027-03-01"), ("another folder/副本", "2028-07-15")]:
        base = tmp_path_factory.mktemp("rebuild")
        checkout = base / folder
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(checkout)], check=True)
        builds.append(build_editions(checkout, day, base / "out"))
    return builds


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_commit_builds_the_same_site_byte_for_byte(two_builds):
    one, two = (tree(build["site"]) for build in two_builds)
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


@pytest.mark.parametrize("kind", ["offline-{slug}.zip", "{slug}.html"])
def test_the_same_commit_packs_the_same_editions_byte_for_byte(two_builds, kind):
    one, two = (build["dist"] / f"jiebei-wangshangdai-guide-{kind.format(slug=build['slug'])}" for build in two_builds)
    assert one.name == two.name and one.read_bytes() == two.read_bytes()


def test_the_same_commit_prints_the_same_pdf(two_builds):
    """Text and page count always; and byte for byte, since the PDF is dated by the commit."""
    def read(build):
        pdf = build["dist"] / f"jiebei-wangshangdai-guide-{build['slug']}.pdf"
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        pages = re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                                                            text=True).stdout).group(1)
        return text, pages
    (text_one, pages_one), (text_two, pages_two) = (read(build) for build in two_builds)
    assert pages_one == pages_two and text_one == text_two
    one, two = (build["dist"] / f"jiebei-wangshangdai-guide-{build['slug']}.pdf" for build in two_builds)
    assert one.read_bytes() == two.read_bytes()
    # The clones build the committed tree: its edition has no "+ 未提交的修改".
    label = current_edition(ROOT).label.split(" + ")[0]
    assert f"版本：{label}" in text_one, "every printed page names its edition"
    pdf = two_builds[0]["dist"] / f"jiebei-wangshangdai-guide-{two_builds[0]['slug']}.pdf"
    title = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert f"版本 {label}" in title, "the PDF's title names its edition"


def test_checksums_list_every_edition_and_check_out(two_builds):
    dist = two_builds[0]["dist"]
    sums = (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    names = sorted(line.split("  ", 1)[1] for line in sums)
    assert names == sorted(p.name for p in dist.glob("jiebei-wangshangdai-guide-*"))
    assert len(names) == 3
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    (dist / names[0]).write_bytes((dist / names[0]).read_bytes() + b" ")
    assert subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True).returncode != 0


def test_archive_and_one_file_edition_are_named_by_edition(two_builds):
    names = {p.name for p in two_builds[0]["dist"].iterdir()}
    slug = two_builds[0]["slug"]
    assert {f"jiebei-wangshangdai-guide-offline-{slug}.zip", f"jiebei-wangshangdai-guide-{slug}.html"} <= names


# --- locked dependencies -------------------------------------------------------------------

PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)")


def locked(path: Path) -> dict[str, str]:
    """name -> version, for every pin of a lock file; each pin must carry hashes."""
    pins, text = {}, path.read_text(encoding="utf-8")
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        found = PIN.match(block)
        if found:
            assert "--hash=sha256:" in block, f"{path.name}: {found.group(1)} has no hash"
            pins[found.group(1).lower().replace("_", "-")] = found.group(2)
    return pins


@pytest.mark.parametrize("lock, wanted", [("requirements.lock", "requirements.txt"),
                                          ("requirements-test.lock", "requirements-test.txt")])
def test_each_lock_pins_everything_its_requirements_ask_for(lock, wanted):
    pins = locked(ROOT / lock)
    names = [re.split(r"[<>=!~\[ ;]", line.strip())[0].lower().replace("_", "-")
             for line in (ROOT / wanted).read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith(("#", "-r"))]
    assert names and not [name for name in names if name not in pins]


def test_site_and_test_locks_agree():
    site, tests = locked(ROOT / "requirements.lock"), locked(ROOT / "requirements-test.lock")
    assert {name: tests[name] for name in site} == site


def test_this_environment_runs_exactly_the_locked_versions():
    """What `make test` installed (with --require-hashes) is what the lock says."""
    differ = {name: (version, importlib.metadata.version(name)) for name, version in locked(ROOT / "requirements-test.lock").items()
              if importlib.metadata.version(name) != version}
    assert not differ, differ


# The code the runtime commands run (build, serve, offline, pdf, deploy-config, the query
# check): every package it imports must come from requirements.lock, which those commands
# install; the test lock is only for `make test`, `make bench` and `make mutants`.
TEST_ONLY_SCRIPTS = {"bench.py", "mutants.py"}


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module a Python file imports, at any depth of the file."""
    import ast

    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def runtime_imports_outside_the_runtime_lock(files: list[Path]) -> list[str]:
    own = {"guide"}
    providers = importlib.metadata.packages_distributions()
    runtime = locked(ROOT / "requirements.lock")
    wrong = []
    for path in files:
        for module in sorted(imported_modules(path) - own - set(sys.stdlib_module_names) - {"__future__"}):
            dists = [d.lower().replace("_", "-") for d in providers.get(module, [])]
            if not any(d in runtime for d in dists):
                wrong.append(f"{path.parent.name}/{path.name} imports {module} ({', '.join(dists) or 'not installed'}),"
                             " which requirements.lock does not install")
    return wrong


def test_runtime_code_imports_only_what_the_runtime_lock_installs():
    files = sorted(p for p in (ROOT / "guide").rglob("*.py") if p.name not in TEST_ONLY_SCRIPTS)
    assert len(files) > 10
    wrong = runtime_imports_outside_the_runtime_lock(files)
    assert not wrong, "\n".join(wrong)


def test_the_import_check_catches_a_test_only_package(tmp_path):
    script = tmp_path / "uses_pytest.py"
    script.write_text("import json\nfrom bs4 import BeautifulSoup\n\ndef f():\n    import pytest\n", encoding="utf-8")
    wrong = runtime_imports_outside_the_runtime_lock([script])
    assert len(wrong) == 1 and "imports pytest" in wrong[0]


def test_hash_checking_refuses_a_tampered_file(tmp_path):
    """One small locked package, installed from its lock lines: as locked it installs; with one
    hash changed pip refuses it."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    block = re.search(r"^mergedeep==.*?(?=\n\S)", text, re.S | re.M).group(0)
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(block + "\n", encoding="utf-8")
    bad.write_text(re.sub(r"sha256:[0-9a-f]{64}", "sha256:" + "0" * 64, block) + "\n", encoding="utf-8")
    install = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--require-hashes",
               "--no-deps", "--target"]
    ok = subprocess.run([*install, str(tmp_path / "a"), "-r", str(good)], capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    refused = subprocess.run([*install, str(tmp_path / "b"), "-r", str(bad)], capture_output=True, text=True, timeout=300)
    assert refused.returncode != 0 and "DO NOT MATCH THE HASHES" in refused.stdout + refused.stderr


# --- 更新记录 --------------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["procedures/close-jiebei/", "procedures/close-wangshangdai/"])
def test_a_procedure_page_links_its_latest_change(site, page):
    from urllib.parse import urljoin

    from guide import load_all, load_change_log
    from guide.changes import latest_for

    _, procedure, _ = load_all(ROOT)
    entries = load_change_log(ROOT, ROOT / "docs", procedure)
    src = page.rstrip("/") + ".md"
    latest = latest_for(entries, src, {step.id for step in procedure.steps})
    soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one(".guide-last-verified a")
    assert link.get_text() == f"最近更新：{latest.date.isoformat()}"
    target = urljoin(f"https://x/{page}", link["href"])
    assert target == f"https://x/changes/#{latest.anchor}"
    changes = BeautifulSoup((site / "changes/index.html").read_text(encoding="utf-8"), "html.parser")
    entry = changes.find(id=latest.anchor)
    assert entry is not None and latest.summary in entry.find_next("p").get_text()


def test_the_changes_page_lists_every_entry_newest_first(site):
    soup = BeautifulSoup((site / "changes/index.html").read_text(encoding="utf-8"), "html.parser")
    dates = [h2.get_text(strip=True).rstrip("¶") for h2 in soup.select("article h2[id^=change-]")]
    assert dates and dates == sorted(dates, reverse=True)
    assert "  - 更新记录: changes.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
