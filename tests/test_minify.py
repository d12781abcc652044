"""Layer 1, without MkDocs: guide/minify.py, the guide's stylesheets as served."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from guide.minify import TOKEN, minify_css


def test_comments_and_spare_whitespace_go():
    css = "/* why */\n.a  >  .b ,\n.c {\n  margin : 0 ;  /* note */\n  color: red;\n}\n"
    assert minify_css(css) == ".a>.b,.c{margin : 0;color: red;}\n"


def test_strings_and_descendant_spaces_stay():
    css = '.x .y::before { content: "第 " ; } .t::after { content: \'  /* not a comment */ \'; }'
    assert minify_css(css) == '.x .y::before{content: "第 ";}.t::after{content: \'  /* not a comment */ \';}\n'


def test_a_comment_between_two_parts_joins_them_and_an_unclosed_one_is_kept():
    assert minify_css("a/**/.b{}") == "a.b{}\n"
    assert "/* open" in minify_css(".a{} /* open")


@pytest.mark.parametrize("name", ["extra.css", "print.css"])
def test_the_guides_stylesheets_keep_every_rule(name):
    """Minified, each of the guide's stylesheets has the same tokens apart from comments and
    whitespace, and minifying it again changes nothing."""
    source = (ROOT / "docs/assets/stylesheets" / name).read_text(encoding="utf-8")
    served = minify_css(source)

    def words(text: str) -> list[str]:
        return [t for t in TOKEN.findall(text) if not t.isspace() and not t.startswith("/*")]
    assert "".join(words(served)) == "".join(words(source))
    assert minify_css(served) == served
    assert "/*" not in served and len(served) < len(source) * 0.8


def test_the_built_site_serves_them_minified(site):
    for name in ("extra.css", "print.css"):
        served = (site / "assets/stylesheets" / name).read_text(encoding="utf-8")
        assert not re.search(r"/\*|\n\s", served), name
