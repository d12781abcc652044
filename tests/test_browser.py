"""Layer 4: the built site in Debian's Chromium, as a reader uses it."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import PAGES, section_button
from guide.tools.search_quality import site_path, type_query

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


# Which page each Chinese query finds is the query set's job (tests/search-queries.yml, run by
# tests/test_search.py); these check what the result list shows.
@pytest.mark.parametrize("query, first, leading", [("关闭借呗", "procedures/close-jiebei/", None),
                                                  ("征信影响", "impact/", "#negative")])
def test_every_word_of_a_chinese_query_counts(page, server, query, first, leading):
    """Every word of a query is searched, the last one too: it decides the top result. What
    leads (the page itself, or the section that has the words its page's title lacks) is what
    the first card's title opens, and lists none as missing (缺少)."""
    page.goto(server)
    results = [site_path(url, server) for url in type_query(page, query)]
    assert results[0] == first, f"{query}: {results[:3]}"
    lead = page.locator(".md-search-result__item").first.locator(":scope > a").nth(0)
    href = lead.get_attribute("href")
    if leading is None:
        assert "#" not in href, href
        assert lead.locator(".md-search-result__article").inner_text().count("\n") >= 1, "the page leads with its text"
    else:
        assert href.endswith(leading), href
    assert lead.locator(".guide-result-missing").count() == 0, lead.inner_text()


def test_search_result_opens_the_page(page, server):
    page.goto(server)
    type_query(page, "关闭借呗")
    page.click(".md-search-result__item > a[href*='procedures/close-jiebei/']")
    page.wait_for_url("**/procedures/close-jiebei/**")
    assert page.locator("h1").inner_text().startswith("手动关闭借呗")


def test_every_page_requests_only_its_own_host(browser, server):
    """Load every page with all requests logged; anything for another host is aborted and fails."""
    context = browser.new_context()
    own = urlparse(server).netloc
    requested, foreign = [], []

    def check(route):
        url = route.request.url
        requested.append(url)
        if urlparse(url).scheme in {"http", "https", "ws", "wss"} and urlparse(url).netloc != own:
            foreign.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", check)
    page = context.new_page()
    for url in PAGES:
        page.goto(server + url, wait_until="networkidle")
        # Search once per page so the engine, the dictionary and the index load too.
        page.click(".md-search__input")
        page.keyboard.type("借呗")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        page.keyboard.press("Escape")
    context.close()
    assert len(requested) > len(PAGES), "request logging saw nothing"
    assert any(u.endswith("search/index.js") for u in requested)
    assert not foreign, f"requests to other hosts: {sorted(set(foreign))}"


def test_step_link_lands_on_the_step(page, server):
    page.goto(server + "procedures/close-wangshangdai/#close-account")
    heading = page.locator("#close-account")
    assert heading.inner_text().startswith("第 3 步")
    page.wait_for_timeout(300)
    box = heading.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"] / 2


# --- links staff send --------------------------------------------------------------------

@pytest.fixture
def clipboard_page(browser, server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()


def test_copy_link_puts_the_hosted_step_url_on_the_clipboard(clipboard_page, server, site_url):
    page = clipboard_page
    page.goto(server + "procedures/close-wangshangdai/")
    button = section_button(page, "open-management", ".guide-copy-link")
    assert button.locator(".guide-copy-label").inner_text() == "复制链接"
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == site_url + "procedures/close-wangshangdai/#open-management"
    assert button.locator(".guide-copy-label").inner_text() == "已复制"
    status = page.locator(".guide-copy-status[role=status]")
    assert status.is_visible()
    assert status.inner_text() == f"已复制：{site_url}procedures/close-wangshangdai/#open-management"


@pytest.mark.parametrize("key", ["Enter", " "])
def test_copy_link_works_by_keyboard(clipboard_page, server, site_url, key):
    page = clipboard_page
    page.goto(server + "procedures/close-jiebei/")
    page.evaluate("navigator.clipboard.writeText('')")
    page.locator("#close-account .headerlink").focus()
    page.keyboard.press("Tab")       # 发送, which opens the section's actions
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
    page.keyboard.press(key)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('data-url')")
    assert focused == site_url + "procedures/close-jiebei/#close-account"
    page.keyboard.press(key)
    page.wait_for_function("document.activeElement.querySelector('.guide-copy-label').textContent === '已复制'")
    assert page.evaluate("navigator.clipboard.readText()") == focused


def test_a_second_copy_keeps_its_status_for_its_own_full_time(clipboard_page, server):
    """Two 复制链接 clicks 1.5 s apart: the second's 已复制 stays its own 2.5 s, not until the
    first's timer ends."""
    page = clipboard_page
    page.clock.install()          # the statuses' timers run on the page's clock, not waited for
    page.goto(server + "procedures/close-jiebei/")
    section_button(page, "sign-in", ".guide-copy-link").click()
    page.clock.run_for(1500)
    section_button(page, "close-account", ".guide-copy-link").click()
    page.clock.run_for(1500)   # 3 s after the first click, 1.5 s after the second
    status = page.locator(".guide-copy-status")
    assert status.is_visible() and status.inner_text().endswith("#close-account")
    assert page.locator("#close-account .guide-copy-link .guide-copy-label").inner_text() == "已复制"
    assert page.locator("#sign-in .guide-copy-link .guide-copy-label").inner_text() == "复制链接"
    page.clock.run_for(1500)
    assert not status.is_visible(), "the status stays longer than its time"


def test_every_section_heading_has_one_control_that_opens_its_actions(page, server):
    """One 发送 per heading, the only control it shows until opened; opened, 复制链接 and 二维码."""
    page.goto(server + "impact/")
    headings = page.locator("article h2[id]").count()
    assert headings >= 3
    assert page.locator("article h2[id] > .guide-section-toggle").count() == headings
    visible = page.evaluate("""() => Array.from(document.querySelectorAll('article h2[id] button'))
        .filter(b => b.getClientRects().length).map(b => b.className)""")
    assert visible == ["guide-section-toggle"] * headings, visible
    section_button(page, "positive", ".guide-copy-link")
    shown = page.locator("#positive .guide-section-actions button:visible")
    assert [b.strip() for b in shown.all_inner_texts()] == ["复制链接", "二维码"]
    assert page.locator("#positive > .guide-section-toggle").get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert page.locator("#positive .guide-section-actions").is_hidden()


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("path", ["procedures/close-jiebei/", "procedures/close-wangshangdai/"])
def test_a_procedures_first_screen_on_a_phone_reaches_its_steps(browser, server, path):
    """At 390 x 844: the fictional-information banner, the title, 复制步骤, and the first step (its
    heading and its first line) are on the first screen; 开始前 is one button away, and always on
    paper."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(server + path)
    height = page.viewport_size["height"]
    assert page.locator(".md-banner").bounding_box()["y"] == 0 and "虚构" in page.inner_text(".md-banner")
    assert page.locator(".guide-copy-steps").bounding_box()["y"] < height / 2
    box = page.locator("#sign-in").bounding_box()
    assert box["y"] + box["height"] <= height, f"step 1 starts at {box['y']:.0f} px"
    first_line = page.locator("#sign-in ~ p").first.bounding_box()
    assert first_line["y"] + 20 <= height, f"step 1's text starts at {first_line['y']:.0f} px"
    fold = page.locator("#before-you-start ~ .guide-fold-toggle")
    assert fold.get_attribute("aria-expanded") == "false" and page.locator("#guide-fold-before li").first.is_hidden()
    fold.tap()
    assert page.locator("#guide-fold-before li").count() == 2 and page.locator("#guide-fold-before li").first.is_visible()
    assert page.locator("#guide-fold-before .admonition").is_visible()
    page.reload()
    page.emulate_media(media="print")
    assert page.locator("#guide-fold-before li").first.is_visible() and not fold.is_visible()
    # A laptop: nothing folded.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="screen")
    page.reload()
    assert page.locator("#before-you-start ~ ul li").first.is_visible() and page.locator(".guide-fold-toggle").count() == 0
    context.close()


def test_section_controls_are_sized_for_a_thumb(browser, server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(server + "procedures/close-jiebei/")
    small = page.evaluate("""() => Array.from(document.querySelectorAll('.guide-section-toggle'))
        .map(b => b.getBoundingClientRect()).filter(r => r.width < 44 || r.height < 44).length""")
    assert small == 0 and page.locator(".guide-section-toggle").count() >= 7
    section_button(page, "close-account", ".guide-copy-step")
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('#close-account .guide-section-button'))
        .map(b => b.getBoundingClientRect()).map(r => [Math.round(r.width), Math.round(r.height)])""")
    assert len(sizes) == 3 and all(w >= 44 and h >= 44 for w, h in sizes), sizes
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


@pytest.mark.parametrize("path", ["procedures/", "impact/"])
def test_figures_on_a_phone_have_words_of_at_least_12_px(browser, server, path):
    """Each word of a figure drawn at 12 px or more at 390 px: the drawing scrolls sideways in its
    frame (reachable by keyboard), the page itself does not."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(server + path)
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('.guide-diagram text')).map(t => {
        const svg = t.ownerSVGElement;
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return parseFloat(getComputedStyle(t).fontSize) * scale; })""")
    assert sizes and min(sizes) >= 12, sorted(sizes)[:3]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    frame = page.locator(".guide-figure__drawing").first
    assert frame.get_attribute("tabindex") == "0" and frame.get_attribute("aria-label").startswith("图 ")
    context.close()


def test_step_link_scrolls_to_the_step_and_marks_it(page, server):
    page.goto(server + "procedures/close-jiebei/#after-closing")
    marked = page.evaluate("document.querySelector(':target') && document.querySelector(':target').id")
    assert marked == "after-closing"
    animation = page.eval_on_selector("#after-closing", "e => getComputedStyle(e).animationName")
    assert animation == "guide-target"
    box = page.locator("#after-closing").bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"] / 2


def test_print_hides_navigation_and_shows_the_hosted_url(page, server, site_url):
    page.goto(server + "procedures/close-jiebei/")
    url_line = page.locator("article .guide-page-url")
    assert not url_line.is_visible()
    page.emulate_media(media="print")
    assert url_line.is_visible() and url_line.inner_text() == site_url + "procedures/close-jiebei/"
    for hidden in (".md-sidebar--primary", ".md-header", ".md-search", ".guide-section-toggle"):
        assert not page.locator(hidden).first.is_visible(), f"{hidden} shows in print"
    assert page.locator("article h1").is_visible()


def test_404_page_is_chinese_with_search_and_both_procedures(page, server):
    response = page.goto(server + "no-such-page/")
    assert response.status == 404
    assert page.locator("article h1").inner_text().startswith("页面不存在")
    links = page.eval_on_selector_all("article a", "els => els.map(e => e.getAttribute('href'))")
    prefix = urlparse(server).path
    assert f"{prefix}procedures/close-jiebei/" in links and f"{prefix}procedures/close-wangshangdai/" in links
    page.click(".guide-404-search")
    assert page.evaluate("document.getElementById('__search').checked")


# --- figures -------------------------------------------------------------------------------

def figure_colours(browser, url: str, scheme: str) -> dict:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(url)
    colours = page.evaluate("""() => ({
        text: getComputedStyle(document.querySelector('#figure-1 svg text')).fill,
        box: getComputedStyle(document.querySelector('#figure-1 svg rect')).fill,
        visible: document.querySelector('#figure-1 svg').getBoundingClientRect().height > 100,
    })""")
    context.close()
    return colours


def test_figure_follows_the_light_and_dark_palettes(browser, server):
    light = figure_colours(browser, server + "procedures/", "light")
    dark = figure_colours(browser, server + "procedures/", "dark")
    assert light["visible"] and dark["visible"]
    assert light["text"] != dark["text"] and light["box"] != dark["box"]


def test_figure_prints(page, server):
    page.goto(server + "impact/")
    page.emulate_media(media="print")
    figure = page.locator("#figure-2 svg")
    assert figure.is_visible() and figure.bounding_box()["height"] > 100


def test_the_hosted_site_says_a_page_is_past_its_review_date(browser, server):
    """A site nobody rebuilt warns too: past a page's review-due date (the date its last check
    line carries), the page says so and sends the reader to the app; the day before, it does not."""
    import datetime

    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "risk/")
    due = datetime.date.fromisoformat(page.get_attribute(".guide-last-verified", "data-review-due"))
    for day, shown in [(due, False), (due + datetime.timedelta(days=1), True)]:
        page = context.new_page()
        page.clock.install(time=datetime.datetime.combine(day, datetime.time(10, 0)))
        page.goto(server + "risk/")
        notice = page.locator(".guide-overdue")
        assert notice.count() == (1 if shown else 0), day
        if shown:
            assert "本页已超过复核期限" in notice.inner_text() and "App" in notice.inner_text()
    context.close()
