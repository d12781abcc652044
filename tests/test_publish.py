"""make publish (guide/editions/publish.py): refuses the placeholder address, builds for the real one,
and switches the served site atomically while real nginx serves it under load."""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, free_port, start_nginx
from guide.editions.publish import check_site_url, prune, switch

NGINX = Path("/usr/sbin/nginx")


@pytest.mark.parametrize("url, message", [
    ("", "give the guide's public address"),
    ("https://guide.example.com/guide/", "guide.example.com is mkdocs.yml's placeholder"),
    ("ftp://docs.example.org/guide/", "give the guide's public address"),
    ("https://docs.example.org/guide", "must end with /"),
    ("https://docs.example.org/guide/?x=1", "must end with /"),
])
def test_a_wrong_address_is_refused_naming_site_url(url, message):
    with pytest.raises(ValueError, match=message) as raised:
        check_site_url(url)
    assert "SITE_URL" in str(raised.value)
    assert check_site_url("https://docs.example.org/handbook/") == "https://docs.example.org/handbook/"


def test_make_publish_with_the_placeholder_stops_before_building(tmp_path):
    result = subprocess.run(["make", "--no-print-directory", "publish", "SITE_URL=https://guide.example.com/guide/",
                             f"DOCROOT={tmp_path}"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0 and "SITE_URL=https://guide.example.com/guide/" in result.stderr, result.stderr
    assert not (tmp_path / "releases").exists()


def test_the_switch_is_one_rename_and_old_releases_are_pruned(tmp_path):
    releases = tmp_path / "releases"
    for name in ["a", "b", "c", "d"]:
        (releases / name).mkdir(parents=True)
        (releases / f"{name}.manifest.json").write_text("{}", encoding="utf-8")   # each build's manifest, beside it
    link = tmp_path / "www/guide"
    switch(link, releases / "a")
    assert link.resolve() == (releases / "a").resolve()
    switch(link, releases / "d")
    assert link.resolve() == (releases / "d").resolve() and not list(link.parent.glob(".*.next"))
    assert [p.name for p in prune(releases, 2, link)] == ["b", "a"]
    assert sorted(p.name for p in releases.iterdir()) == ["c", "c.manifest.json", "d", "d.manifest.json"]
    real = tmp_path / "www/real"
    real.mkdir()
    with pytest.raises(ValueError, match="is a real folder"):
        switch(real, releases / "d")


def publish(docroot: Path, url: str, listen: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guide.editions.publish", "--site-url", url, "--docroot", str(docroot),
                           "--listen", listen], cwd=ROOT, capture_output=True, text=True, timeout=600)


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


@pytest.mark.build
@pytest.mark.server
def test_publish_builds_for_its_address_and_switches_under_load_without_an_error():
    if not NGINX.exists():
        pytest.fail(f"{NGINX} not found: `make test` installs Debian's nginx package")
    docroot = Path(tempfile.mkdtemp(prefix="guide-publish-"))
    os.chmod(docroot, 0o755)
    port = free_port()
    url = f"http://127.0.0.1:{port}/handbook/"
    first = publish(docroot, url, f"127.0.0.1:{port}")
    assert first.returncode == 0, first.stdout + first.stderr
    link = docroot / "www/handbook"
    assert link.is_symlink()
    # Built for its address: the hosted address of every page, what 复制步骤 copies, the QR codes.
    page = (link / "procedures/close-jiebei/index.html").read_text(encoding="utf-8")
    assert f'content="{url}procedures/close-jiebei/"' in page and "guide.example.com" not in page
    sent = json.loads(page.split('class="guide-send-text">', 1)[1].split("</script>", 1)[0])
    assert f"{url}procedures/close-jiebei/" in sent["all"]
    index = (link / "assets/javascripts/search/index.js").read_text(encoding="utf-8")
    assert "guide.example.com" not in index and "127.0.0.1" in index
    config = docroot / "nginx.conf"
    assert config.is_file() and (docroot / "logrotate.conf").is_file()
    process = start_nginx(config, docroot / "run", port)
    try:
        paths = ["/handbook/", "/handbook/procedures/close-jiebei/", "/handbook/assets/javascripts/guide.js",
                 "/handbook/assets/javascripts/search/index.js", "/handbook/impact/"]
        assert [get(port, path) for path in paths] == [200] * len(paths)
        before = link.resolve()
        statuses: list[int] = []
        done = threading.Event()

        def load():
            while not done.is_set():
                for path in paths:
                    statuses.append(get(port, path))

        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            workers = [pool.submit(load) for _ in range(4)]
            second = publish(docroot, url, f"127.0.0.1:{port}")
            time.sleep(0.5)
            done.set()
            for worker in workers:
                worker.result()
        assert second.returncode == 0, second.stdout + second.stderr
        assert link.resolve() != before and before.exists()     # switched; the old release kept
        assert len(statuses) > 100 and set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(docroot, ignore_errors=True)
