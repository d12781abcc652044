"""Shared fixtures: one strict build and one browser per test session."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import yaml

from guide.common import CHROMIUM, CHROMIUM_ARGS, ROOT, copy_project, free_port  # noqa: F401
from guide.manifest import read_manifest

# The situations each procedure's 原文未涉及的情况 box lists, in order, as a reply sends them
# (data/steps.yml's not_covered.brief), written out.
NOT_COVERED_BRIEFS = ["借款还没有还清时，能否关闭", "找不到管理界面或“关闭借款功能”按钮", "身份验证没有通过",
                      "关闭后想再次启用（可能需要重新进行身份验证和信用评估）", "关闭借款功能是否等同于注销账户"]

# The published pages: hosted URL -> source file. These URLs are a promise to staff.
PAGES = {
    "": "index.md",
    "products/": "products/index.md",
    "products/jiebei/": "products/jiebei.md",
    "products/wangshangdai/": "products/wangshangdai.md",
    "procedures/": "procedures/index.md",
    "procedures/close-jiebei/": "procedures/close-jiebei.md",
    "procedures/close-wangshangdai/": "procedures/close-wangshangdai.md",
    "impact/": "impact.md",
    "risk/": "risk.md",
    "recommendations/": "recommendations.md",
    "glossary/": "glossary.md",
    "disclaimer/": "disclaimer.md",
    "changes/": "changes.md",
}


# --- the layers (pytest.ini's markers) -----------------------------------------------------------
# Every test is put in its layers by the fixtures it uses, at any depth: `browser` drives
# Chromium, `server` starts nginx or the edge runtime, `build` needs a built site; a test that
# builds on its own says so with @pytest.mark.build. The rest is `unit`: no build, no browser,
# no server, and a unit test that starts one fails (layer_guard), so `pytest -m unit` stays so.
BROWSER_FIXTURES = {"browser", "pdf"}
SERVER_FIXTURES = {"nginx", "edge", "host"}
BUILD_FIXTURES = {"site", "offline_build", "two_builds"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        marked = {mark.name for mark in item.iter_markers()}
        layers = set()
        if names & SERVER_FIXTURES or "server" in marked:
            layers.add("server")
        if names & BROWSER_FIXTURES or "browser" in marked:
            layers.add("browser")
        if names & BUILD_FIXTURES or "build" in marked:
            layers.add("build")
        for layer in sorted(layers - marked):
            item.add_marker(getattr(pytest.mark, layer))
        if not layers:
            item.add_marker(pytest.mark.unit)


class _RefusedInUnit(AssertionError):
    pass


@pytest.fixture(autouse=True)
def layer_guard(request, monkeypatch):
    """A unit test that starts a build, a browser or a server fails, naming what it started."""
    if request.node.get_closest_marker("unit") is None:
        return
    real_popen = subprocess.Popen

    class Guarded(real_popen):
        def __init__(self, args, *rest, **options):
            words = [str(arg) for arg in (args if isinstance(args, (list, tuple)) else [args])]
            joined = " ".join(words)
            if (("mkdocs" in joined or "properdocs" in joined) and "build" in words) or "chromium" in joined \
                    or "nginx" in joined or "wrangler" in joined:
                raise _RefusedInUnit(f"a unit test started `{joined[:120]}`: mark it build, browser or server")
            super().__init__(args, *rest, **options)

    def refuse(*args, **kwargs):
        raise _RefusedInUnit("a unit test built the site in-process: mark it build")

    monkeypatch.setattr(subprocess, "Popen", Guarded)
    monkeypatch.setattr("mkdocs.commands.build.build", refuse)


def run_mkdocs_build(project: Path, site_dir: Path, config: str = "mkdocs.yml",
                     env: dict | None = None, engine: str = "mkdocs") -> subprocess.CompletedProcess:
    """Run a strict `mkdocs build` (or `properdocs build`) of `project` into `site_dir`; output is
    returned, not raised."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", engine, "build", "--clean", "-f", config, "-d", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )


# Many strict builds in one Python process, one after another, each as `mkdocs build` runs it
# (the CLI's own entry point, its output captured): for the tests that build many broken copies,
# which would otherwise each pay for starting Python and loading MkDocs, the theme and jieba.
BUILD_MANY = r"""
import contextlib, io, json, os, sys
import click
from mkdocs.__main__ import cli
results = []
import logging
for job in json.loads(sys.stdin.read()):
    os.chdir(job["project"])
    # MkDocs drops a message it has logged before in this process (DuplicateFilter): each build
    # starts with none seen, as a process of its own does.
    for name in ["mkdocs", *logging.root.manager.loggerDict]:
        for found in getattr(logging.getLogger(name), "filters", []):
            if hasattr(found, "msgs"):
                found.msgs.clear()
    output, code = io.StringIO(), 0
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        try:
            cli.main(["build", "--clean", "-f", job["config"], "-d", job["site"]], prog_name="mkdocs",
                     standalone_mode=False)
        except click.exceptions.ClickException as error:
            error.show(file=output)
            code = error.exit_code
        except click.exceptions.Abort:
            code = 1
        except SystemExit as error:
            code = error.code if isinstance(error.code, int) else 1
        except Exception as error:
            output.write(f"{type(error).__name__}: {error}\n")
            code = 1
    results.append({"returncode": code, "output": output.getvalue()})
sys.stdout.write(json.dumps(results))
"""


def build_many(jobs: list[tuple[Path, Path]], config: str = "mkdocs.yml") -> list[dict]:
    """Strict builds of each (project, site_dir), in one process: [{returncode, output}] in order."""
    import json

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    payload = json.dumps([{"project": str(project), "site": str(site), "config": config} for project, site in jobs])
    result = subprocess.run([sys.executable, "-c", BUILD_MANY], input=payload, env=env, capture_output=True,
                            text=True, timeout=60 * len(jobs) + 120)
    assert result.returncode == 0, f"the build runner failed:\n{result.stderr[-3000:]}"
    return json.loads(result.stdout)


# A built data script run as a browser runs it (in node's vm, with `self`), its data printed.
RUN_DATA_SCRIPT = ("const vm = require('vm'), fs = require('fs'); const context = {}; context.self = context;"
                   "vm.createContext(context); vm.runInContext(fs.readFileSync(process.argv[1], 'utf8'), context);"
                   "process.stdout.write(JSON.stringify(context[process.argv[2]] === undefined ? null : context[process.argv[2]]));")


def git(*args: str, project: Path = ROOT) -> str:
    """A git command in `project` (dates in UTC), its output stripped."""
    return subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True, check=True,
                          env={**os.environ, "TZ": "UTC"}).stdout.strip()


@functools.lru_cache(maxsize=8)
def git_edition(project: Path = ROOT) -> tuple[str, str]:
    """The checkout's edition as a reader would check it, straight from git (never through
    guide/version.py): the last commit's day in UTC (2026.12.06) and the name files carry
    (2026.12.06-3a0ba47, with -modified when tracked files differ from the commit)."""
    day, short = git("log", "-1", "--format=%cd %h", "--date=format-local:%Y.%m.%d", project=project).split()
    modified = "-modified" if git("status", "--porcelain", "--untracked-files=no", project=project) else ""
    return day, f"{day}-{short}{modified}"


def read_script_data(path: Path, name: str):
    """The data a built data script (search/index.js, search/dictionary.js) sets as self.<name>:
    the script run, not read back as text."""
    import json
    import shutil

    result = subprocess.run([shutil.which("node") or "node", "-e", RUN_DATA_SCRIPT, str(path), name],
                            capture_output=True, text=True, check=True, timeout=60)
    data = json.loads(result.stdout)
    assert data is not None, f"{path} sets no self.{name}"
    return data


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The hosted site, built once, strictly, from the repository as it is."""
    site_dir = tmp_path_factory.mktemp("site")
    result = run_mkdocs_build(ROOT, site_dir)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def config() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml uses !!python/name tags for the emoji extension; they are not needed here.
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static server like the hosting one: the site under site_url's path, and the site's
    own 404 page for a missing path."""

    prefix = "/"

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def manifest(site) -> dict:
    """The session site's build manifest (guide/manifest.py)."""
    return read_manifest(site)


@pytest.fixture(scope="session")
def site_url(manifest) -> str:
    return manifest["site_url"]


@pytest.fixture(scope="session")
def server(site, manifest):
    """The built site on http://127.0.0.1:<port><site_url path>, like the hosted site."""
    prefix = manifest["prefix"]
    handler = functools.partial(type("Handler", (_QuietHandler,), {"prefix": prefix}), directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. A missing browser fails: browser tests never skip."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def jiebei_page(browser, server):
    """A fresh browser context on the 借呗 procedure page."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "procedures/close-jiebei/")
    yield page
    context.close()


# --- accessibility -------------------------------------------------------------------------

# axe-core at its current release, from npm (`make vendor`), not the older copy that Python
# wrappers bundle: newer releases check more rules.
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"


def settle(page, timeout: float = 5.0) -> None:
    """Wait until nothing on the page animates (transitions, the step highlight): contrast is
    measured on what a reader sees once it stops moving."""
    import time

    deadline = time.monotonic() + timeout
    while page.evaluate("document.getAnimations().some(a => a.playState === 'running')"):
        if time.monotonic() > deadline:
            raise TimeoutError("the page kept animating")
        time.sleep(0.05)


def section_button(page, heading_id: str, button: str):
    """A section's action (`.guide-copy-link`, `.guide-copy-step`, `.guide-qr-button`) behind its
    heading's 发送, which is opened first when closed, as a reader does."""
    toggle = page.locator(f"#{heading_id} > .guide-section-toggle")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    return page.locator(f"#{heading_id} {button}")


def axe_violations(page, context: str | None = None) -> list[str]:
    """axe-core's violations on the page (or inside `context`, a CSS selector), one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async (context) => (await axe.run(context ? document.querySelector(context) : document,"
        " {resultTypes: ['violations']})).violations.map(v => ({id: v.id, impact: v.impact,"
        " targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))", context)
    return [f"{v['id']} ({v['impact']}) {v['targets']}" for v in violations]


# --- unit tests: small data files and the real ones ----------------------------------------

@pytest.fixture
def real():
    from guide import load_all

    products, procedure, terms = load_all(ROOT)
    return products, procedure, terms


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


PRODUCTS_YAML = """\
products:
  alpha:
    name: 甲产品
    kind: 类型甲
    audience: 个人
    purpose: 用途甲
    entry: 入口甲
    page: products/alpha.md
    procedure: procedures/close-alpha.md
  beta:
    name: 乙产品
    kind: 类型乙
    audience: 企业
    purpose: 用途乙
    entry: 入口乙
    page: products/beta.md
    procedure: procedures/close-beta.md
"""


@pytest.fixture
def products(tmp_path):
    from guide.products import load_products

    return load_products(write(tmp_path, "products.yml", PRODUCTS_YAML))


SHARED = ("before:\n  - 已与{product}的合作方沟通。\n"
          "not_covered:\n  intro: 原文未涉及，请咨询{product}的官方客服。\n  reply: 无法回答，请咨询{product}的官方客服。\n  questions:\n    - 还没还清时能否关闭{product}。\n"
          "  send: 以下情况无法回答，请咨询{product}的官方客服：\n  brief:\n    - 还没还清时能否关闭\n")


def steps_file(tmp_path, steps_yaml: str, notice: str = "菜单仅作示意。", shared: str = SHARED) -> Path:
    return write(tmp_path, "steps.yml", f"notice: {notice}\n{shared}steps:\n" + textwrap.indent(textwrap.dedent(steps_yaml), "  "))




def start_nginx(config: Path, runtime: Path, port: int) -> subprocess.Popen:
    """Debian's nginx with `config`, its pid and temporary files in `runtime`, once it answers on
    `port` (the tests that run it: test_nginx.py, test_publish.py)."""
    import socket
    import time

    process = subprocess.Popen(["/usr/sbin/nginx", "-c", str(config), "-p", str(runtime), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"nginx did not start: {process.stderr.read().decode() if process.stderr else ''}")
            time.sleep(0.1)
