"""Accessibility: axe-core over every page at two viewports and both palettes; keyboard use."""

from __future__ import annotations

import pytest

from conftest import PAGES

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ["light", "dark"]


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_axe_finds_no_violations(browser, server, axe, viewport, scheme):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    page = context.new_page()
    found = []
    for url in [*PAGES, "no-such-page/"]:
        page.goto(server + url)
        palette = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert palette == ("slate" if scheme == "dark" else "default"), f"/{url}: palette {palette}"
        for violation in axe.run(page).response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            found.append(f"/{url}: {violation['id']} ({violation['impact']}) {targets}")
    context.close()
    assert not found, "\n".join(found)


def focus_indicator(page) -> str:
    """The active element's visible focus style: outline or box-shadow, or '' if none.
    The palette switch is a visually hidden radio button; its label shows the focus."""
    return page.evaluate("""() => {
        let e = document.activeElement;
        if (e.matches('input.md-option')) e = e.nextElementSibling;
        const s = getComputedStyle(e);
        if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) return 'outline';
        if (s.boxShadow && s.boxShadow !== 'none') return 'box-shadow';
        return '';
    }""")


def test_keyboard_reaches_search_navigation_and_buttons_with_visible_focus(browser, server):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(server + "procedures/close-jiebei/")
    reached, invisible = set(), []
    for _ in range(80):
        page.keyboard.press("Tab")
        kind = page.evaluate("""() => {
            const e = document.activeElement;
            if (e.matches('.md-search__input')) return 'search';
            if (e.matches('.md-nav--primary a')) return 'navigation';
            if (e.matches('.guide-copy-link')) return 'copy-link';
            if (e.matches('input.md-option[name=__palette]')) return 'palette';
            if (e.matches('.md-banner a')) return 'notice';
            return e.tagName.toLowerCase();
        }""")
        reached.add(kind)
        if kind in {"search", "navigation", "copy-link", "palette", "notice"} and not focus_indicator(page):
            invisible.append(kind)
    context.close()
    assert {"search", "navigation", "copy-link", "palette", "notice"} <= reached, reached
    assert not invisible, f"focus not visible on: {sorted(set(invisible))}"


def test_search_is_usable_by_keyboard_alone(browser, server):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(server + "impact/")
    page.keyboard.press("/")  # the theme's shortcut; Tab reaches it too (test above)
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    page.keyboard.type("多头授信")
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/glossary/**")
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violations_in_search_results_and_their_note(browser, server, axe, scheme):
    """The result list with the guide's note: a word read as another, a word left out, and the
    pages offered when nothing matched."""
    from search_quality import type_query

    context = browser.new_context(viewport=VIEWPORTS["desktop"], color_scheme=scheme)
    page = context.new_page()
    page.goto(server + "procedures/close-jiebei/")
    found = []
    for query in ["注销借呗手续费", "qwxzv"]:
        type_query(page, query)
        page.wait_for_function("!document.querySelector('.guide-search-note').hidden")
        page.wait_for_timeout(300)  # the list's transitions settle before contrast is measured
        for violation in axe.run(page, context=".md-search").response["violations"]:
            found.append(f"{query}: {violation['id']} {[node['target'] for node in violation['nodes']][:3]}")
    context.close()
    assert not found, "\n".join(found)


def test_the_offered_pages_are_reached_by_keyboard(browser, server):
    from search_quality import type_query

    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(server + "impact/")
    type_query(page, "qwxzv")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.guide-search-note a')"):
            break
    assert page.evaluate("document.activeElement.textContent") == "手动关闭借呗"
    assert focus_indicator(page), "focus not visible on the offered link"
    page.keyboard.press("Enter")
    page.wait_for_url("**/procedures/close-jiebei/")
    context.close()
