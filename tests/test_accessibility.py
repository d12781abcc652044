"""Accessibility: axe-core over every page at two viewports and both palettes; keyboard use."""

from __future__ import annotations

import pytest

from conftest import AXE, PAGES, axe_violations, section_button, settle

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ["light", "dark"]


def test_axe_is_the_pinned_current_release(browser, server):
    """The vendored axe-core is the one that runs, and it knows the rules the old copy lacked."""
    page = browser.new_page()
    page.goto(server)
    axe_violations(page, "header")
    version = page.evaluate("axe.version")
    rules = page.evaluate("axe.getRules().map(r => r.ruleId)")
    page.close()
    assert (AXE.parent / "VERSION").read_text(encoding="utf-8").startswith(f"axe-core {version},")
    assert tuple(int(n) for n in version.split(".")[:2]) >= (4, 14)
    assert "label-content-name-mismatch" in rules


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_axe_finds_no_violations(browser, server, viewport, scheme):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    page = context.new_page()
    found = []
    for url in [*PAGES, "no-such-page/"]:
        page.goto(server + url)
        palette = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert palette == ("slate" if scheme == "dark" else "default"), f"/{url}: palette {palette}"
        settle(page)
        found += [f"/{url}: {violation}" for violation in axe_violations(page)]
    context.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violations_in_the_states_a_reader_brings_about(browser, server, scheme):
    """The step highlight (mid-way and after), a 复制链接 confirmation, a focused button."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"], color_scheme=scheme,
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    found = []
    page.goto(server + "procedures/close-jiebei/#close-account")
    page.evaluate("document.getAnimations().forEach(a => { a.pause(); a.currentTime = 1000; })")
    found += [f"highlight: {v}" for v in axe_violations(page, "#close-account")]
    page.evaluate("document.getAnimations().forEach(a => a.finish())")
    settle(page)
    found += [f"after the highlight: {v}" for v in axe_violations(page)]
    button = section_button(page, "close-account", ".guide-copy-link")
    found += [f"发送 opened: {v}" for v in axe_violations(page, "#close-account")]
    button.click()
    page.wait_for_function("document.querySelector('#close-account .guide-copy-link .guide-copy-label').textContent === '已复制'")
    settle(page)
    found += [f"已复制: {v}" for v in axe_violations(page)]
    button.focus()
    found += [f"focused: {v}" for v in axe_violations(page, "#close-account")]
    context.close()
    assert not found, "\n".join(found)


def test_copy_buttons_are_named_by_their_visible_words_first(browser, server):
    """A voice-control user saying 复制链接 reaches the button: its name starts with its text."""
    page = browser.new_page()
    page.goto(server + "procedures/close-wangshangdai/")
    send = page.get_by_role("button", name="发送：第 2 步：进入网商贷的管理界面", exact=True)
    assert send.count() == 1 and send.inner_text().startswith("发送")
    send.click()
    button = page.get_by_role("button", name="复制链接：第 2 步：进入网商贷的管理界面", exact=True)
    assert button.count() == 1
    assert button.locator(".guide-copy-label").inner_text() == "复制链接"
    page.close()


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
    kind_of_focus = """() => {
            const e = document.activeElement;
            if (e.matches('.md-search__input')) return 'search';
            if (e.matches('.md-nav--primary a')) return 'navigation';
            if (e.matches('.guide-section-toggle')) return 'send';
            if (e.matches('.guide-copy-link')) return 'copy-link';
            if (e.matches('.guide-copy-step')) return 'copy-step';
            if (e.matches('.guide-qr-button')) return 'qr-button';
            if (e.matches('input.md-option[name=__palette]')) return 'palette';
            if (e.matches('.md-banner a')) return 'notice';
            return e.tagName.toLowerCase();
        }"""
    watched = {"search", "navigation", "send", "copy-link", "copy-step", "qr-button", "palette", "notice"}
    reached, invisible = set(), []

    def tab():
        page.keyboard.press("Tab")
        kind = page.evaluate(kind_of_focus)
        reached.add(kind)
        if kind in watched and not focus_indicator(page):
            invisible.append(kind)
        return kind

    for _ in range(80):
        tab()
    # A section's 发送 opens its actions with Enter; Tab goes through them.
    page.locator("#close-account > .guide-section-toggle").focus()
    page.keyboard.press("Enter")
    assert [tab(), tab(), tab()] == ["copy-link", "copy-step", "qr-button"]
    context.close()
    assert watched <= reached, reached
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
def test_axe_finds_no_violations_in_search_results_and_their_note(browser, server, scheme):
    """The result list with the guide's note: a word read as another, a word left out, and the
    pages offered when nothing matched."""
    from guide.tools.search_quality import type_query

    context = browser.new_context(viewport=VIEWPORTS["desktop"], color_scheme=scheme)
    page = context.new_page()
    page.goto(server + "procedures/close-jiebei/")
    found = []
    for query in ["注销借呗手续费", "qwxzv"]:
        type_query(page, query)
        page.wait_for_function("!document.querySelector('.guide-search-note').hidden")
        settle(page)
        found += [f"{query}: {violation}" for violation in axe_violations(page, ".md-search")]
    context.close()
    assert not found, "\n".join(found)


def test_the_offered_pages_are_reached_by_keyboard(browser, server):
    from guide.tools.search_quality import type_query

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


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_sections_vote_passes_axe_open_and_sent(browser, server, scheme):
    """Under step 3: the vote, 与 App 不一致 opened with its choices (a button focused), then sent
    (the thanks read out by the status line): zero violations in each state, both palettes."""
    context = browser.new_context(viewport=VIEWPORTS["phone"], color_scheme=scheme)
    page = context.new_page()
    page.route("**/feedback?*", lambda route: route.fulfill(status=204))
    page.goto(server + "procedures/close-jiebei/")
    settle(page)
    box = ".guide-section:has(#close-account) .guide-feedback"
    found = [f"vote: {v}" for v in axe_violations(page, box)]
    page.locator(box).get_by_role("button", name="与 App 不一致").click()
    assert page.locator(box).get_by_role("button", name="与 App 不一致").get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.textContent") == "菜单或入口名称不同"
    found += [f"choices open: {v}" for v in axe_violations(page, box)]
    page.locator(box).get_by_role("button", name="其他").click()
    assert page.locator(box).get_by_role("status").inner_text() == "已收到，谢谢。"
    assert page.evaluate("document.activeElement.textContent") == "已收到，谢谢。"
    found += [f"sent: {v}" for v in axe_violations(page, box)]
    context.close()
    assert not found, "\n".join(found)
