"""The Chinese copy follows the house rules: autocorrect with .autocorrectrc, our own checks for
what it does not cover, and a Markdown lint with every rule listed in .pymarkdown.json."""

from __future__ import annotations

import re
import subprocess
import sys

import autocorrect_py
import pytest

from guide.chars import HAN
from conftest import ROOT

# Every text a reader sees. Not data/synonyms.yml: it lists what readers type, misspellings
# and all, and none of it shows on a page.
COPY_FILES = sorted([*ROOT.glob("docs/**/*.md"), *(p for p in ROOT.glob("data/*.yml") if p.name != "synonyms.yml")])
autocorrect_py.load_config((ROOT / ".autocorrectrc").read_text(encoding="utf-8"))

# Product names are spelled one way; quotes are “”, never 「」 or straight quotes in Chinese.
MISSPELLINGS = {"借贝": "借呗", "蚂蚁借呗": "借呗", "网商袋": "网商贷", "网商货": "网商贷", "支付保": "支付宝",
                "支付寳": "支付宝", "APP": "App", "app ": "App "}
DOUBLED = re.compile(r"([，。！？；：、])\1|[，。！？；：、][，。！？；：、]")
CJK = HAN   # guide/chars.py
STRAIGHT_QUOTE_IN_CHINESE = re.compile(f'[{CJK}]["\']|["\'][{CJK}]')
CORNER_QUOTES = re.compile("[「」『』]")
# Words that sound surer than the source: flagged on the pages and data unless the source itself
# has them (data/source.txt). The source says 可能 and 可以, and states aims, not results.
CERTAINTY = ["常见", "通常", "一般来说", "往往", "大多", "都能", "都会", "一定", "肯定", "必然", "总是",
             "降到最低", "完全", "彻底", "保证", "绝对"]
SOURCE_TEXT = (ROOT / "data/source.txt").read_text(encoding="utf-8")


def house_rule_problems(name: str, text: str, markdown: bool) -> list[str]:
    """Problems on the lines a reader sees (YAML comments are for editors and are skipped)."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not markdown and line.strip().startswith("#"):
            continue
        where = f"{name}:{number}"
        for wrong, right in MISSPELLINGS.items():
            if wrong in line:
                problems.append(f"{where}: write {right!r}, not {wrong!r}")
        doubled = DOUBLED.search(line)
        if doubled:
            problems.append(f"{where}: doubled punctuation {doubled.group(0)!r}")
        visible = re.sub(r"\{\{.*?\}\}|\{[^}]*\}|<[^>]*>|\]\([^)]*\)", "", line)  # macros, ids, HTML, link targets
        admonition = re.match(r"\s*(!!!|\?\?\?)", line)  # its title is quoted in Markdown syntax
        if markdown and not admonition and STRAIGHT_QUOTE_IN_CHINESE.search(visible):
            problems.append(f"{where}: straight quote next to Chinese text; use “”")
        if CORNER_QUOTES.search(line):
            problems.append(f"{where}: the guide uses “” quotes, not 「」")
        for word in CERTAINTY:
            if word in line and word not in SOURCE_TEXT:
                problems.append(f"{where}: '{word}' is surer than the source (it says 可能/可以): match its certainty")
    return problems


@pytest.mark.parametrize("path", COPY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_autocorrect_finds_nothing(path):
    result = autocorrect_py.lint_for(path.read_text(encoding="utf-8"), str(path))
    problems = [f"{path.relative_to(ROOT)}:{line.line}: {line.old.strip()} -> {line.new.strip()}" for line in result.lines]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", COPY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_house_rules(path):
    problems = house_rule_problems(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"), path.suffix == ".md")
    assert not problems, "\n".join(problems)


def test_the_checks_catch_what_they_are_for():
    """Each rule, on a line that breaks it: the lint is not a no-op."""
    lint = autocorrect_py.lint_for("使用App登录,然后确认!\n", "x.md")
    assert lint.lines and lint.lines[0].new == "使用 App 登录，然后确认！"
    bad = ('关闭借贝后，征信会受影响。。\n使用APP登录\n点击"确认"按钮\n见「免责声明」\n'
           '关闭的三个常见原因\n影响可以降到最低\n')
    problems = "\n".join(house_rule_problems("bad.md", bad, markdown=True))
    for expected in ["bad.md:1: write '借呗', not '借贝'", "bad.md:1: doubled punctuation '。。'",
                     "bad.md:2: write 'App', not 'APP'", "bad.md:3: straight quote", "bad.md:4: the guide uses “”",
                     "bad.md:5: '常见' is surer than the source", "bad.md:6: '降到最低' is surer than the source"]:
        assert expected in problems


def test_markdown_lint_passes():
    result = subprocess.run(
        [sys.executable, "-m", "pymarkdown", "--strict-config", "--config", ".pymarkdown.json", "scan", "-r", "docs"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_markdown_lint_lists_every_rule_and_catches_a_bad_page(tmp_path):
    import json

    config = json.loads((ROOT / ".pymarkdown.json").read_text(encoding="utf-8"))
    assert all("enabled" in rule for rule in config["plugins"].values())
    bad = tmp_path / "bad.md"
    bad.write_text("# 标题\n\n### 跳级的标题 \n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pymarkdown", "--strict-config", "--config", str(ROOT / ".pymarkdown.json"), "scan", str(bad)],
        capture_output=True, text=True,
    )
    assert result.returncode != 0 and "MD001" in result.stdout and "MD009" in result.stdout


# --- everything a reader sees, as built --------------------------------------------------------

def visible_texts(html: str, scopes=("article", ".md-banner", ".md-copyright")) -> list[str]:
    """What a reader sees or hears of a built page: the article, the notice banner, the footer,
    the tooltips (glossary definitions on every page), figures' text alternatives and labels."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.select("script, style, .headerlink"):
        hidden.decompose()
    # Block by block, as written: joining blocks with spaces would put spaces beside full-width
    # punctuation that no reader sees.
    blocks = ", ".join(f"{scope} {tag}" for scope in scopes
                       for tag in ("p", "li", "td", "th", "h1", "h2", "h3", "dt", "dd", "figcaption", "summary", "div"))
    texts = [element.get_text("", strip=True) for element in soup.select(blocks)
             if not element.find(["p", "li", "div", "table", "ul", "ol", "dl"])]
    texts += [element["title"] for scope in scopes for element in soup.select(f"{scope} abbr[title]")]
    texts += [element[attribute] for attribute in ("alt", "aria-label") for scope in scopes
              for element in soup.select(f"{scope} [{attribute}]")]
    return [text for text in texts if text]


# The source's title, quoted word for word on /disclaimer/: spacing and all, it is not ours.
SOURCE_TITLE = SOURCE_TEXT.splitlines()[0].strip()


def visible_problems(name: str, texts: list[str]) -> list[str]:
    problems = []
    for text in texts:
        problems += house_rule_problems(name, text, markdown=False)
        if SOURCE_TITLE in text:
            continue
        problems += [f"{name}: {line.old.strip()} -> {line.new.strip()}"
                     for line in autocorrect_py.lint_for(text + "\n", "visible.txt").lines]
    return problems


def test_every_built_page_reads_right_as_a_reader_sees_it(site):
    """The built pages, the 404 page included: tooltips, alt text, table cells and the home
    page's cards go through the same copy rules as the sources."""
    pages = sorted(site.rglob("*.html"))
    assert any(page.name == "404.html" for page in pages)
    problems = []
    for page in pages:
        problems += visible_problems(str(page.relative_to(site)), visible_texts(page.read_text(encoding="utf-8")))
    assert not problems, "\n".join(sorted(set(problems)))


def test_the_visible_text_check_catches_a_tooltip_and_an_alt_text():
    html = ('<article><p>正文<abbr title="关闭后通常会恢复">信用评分</abbr></p>'
            '<img alt="使用APP登录"></article>')
    problems = "\n".join(visible_problems("x.html", visible_texts(html)))
    assert "'通常' is surer than the source" in problems and "write 'App', not 'APP'" in problems
