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
