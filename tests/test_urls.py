"""Layer 1, without MkDocs: guide/urls.py: hosted addresses, and the address line under each page's title."""

from __future__ import annotations

import pytest
from guide.urls import add_page_url, hosted_path, hosted_url


@pytest.mark.parametrize("src, path", [("index.md", ""), ("impact.md", "impact/"),
                                       ("products/index.md", "products/"),
                                       ("procedures/close-jiebei.md", "procedures/close-jiebei/")])
def test_hosted_path_is_directory_style(src, path):
    assert hosted_path(src) == path


def test_hosted_url_with_anchor_and_without_trailing_slash_in_site_url():
    assert hosted_url("https://x.example/guide", "procedures/close-jiebei.md", "sign-in") == \
        "https://x.example/guide/procedures/close-jiebei/#sign-in"


def test_hosted_url_needs_site_url():
    with pytest.raises(ValueError, match="site_url"):
        hosted_url("", "index.md")


def test_add_page_url_goes_right_after_the_title():
    html = add_page_url('<h1 id="a">标题</h1><p>正文</p>', "https://x.example/a/?q=<1>")
    assert html == ('<h1 id="a">标题</h1><p class="guide-page-url" data-search-exclude>'
                    '<a href="https://x.example/a/?q=&lt;1&gt;">https://x.example/a/?q=&lt;1&gt;</a></p><p>正文</p>')


def test_ids_given_twice_are_found():
    from guide.urls import duplicate_ids

    html = '<h2 id="a">A</h2><p id="b">x</p><h3 id="a">again</h3><div id=\'b\'></div><a href="#a" data-id="a">'
    assert duplicate_ids(html) == ["a", "b"]
    assert duplicate_ids('<h2 id="a">A</h2><h2 id="a_1">A</h2>') == []
