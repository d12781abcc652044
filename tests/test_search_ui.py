"""The answer loop in the browser: a question pasted on a phone is searched at once, the first
card's title opens the answering section, 复制答复 copies a reply ready for a customer.

The checks are functions of a page and a base address, so that the offline edition (file://,
tests/test_offline.py) and nginx (tests/test_nginx.py) run the same ones."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import NOT_COVERED_BRIEFS, ROOT
from guide.version import current_edition
from guide.tools.search_quality import answer_in_node, load_questions, location, shown_answers, type_query, wait_until

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
QUESTIONS = load_questions()
# Questions staff paste from a chat, as they come.
PASTED = "借呗怎么关闭"
SECOND = "网商贷关闭后征信会受影响吗"
# Everyday questions: what the result list shows for them must read cleanly.
EVERYDAY = ["借呗还有欠款能关闭吗", "关闭后还能再开吗", "刷脸没通过怎么办", "网商贷在哪里关", "关闭借呗有什么影响",
            "关了以后征信会变差吗", "谁适合用网商贷", "这些信息是真的吗"]
ZERO_WIDTH = re.compile("[\u00ad\u200b-\u200f\u2060-\u206f\ufeff]")
PUNCTUATION = "，。、；：？！,.;:!?）)】」』”’"


def results_shown(page, timeout: float = 10.0) -> None:
    wait_until(page, "document.querySelectorAll('.md-search-result__item').length > 0", timeout)


def first_title(page) -> str:
    return page.locator(".md-search-result__item").first.locator(":scope > a").first.inner_text()


def open_on_phone(page, base: str) -> None:
    """A phone: the header's search button opens the box (no key pressed)."""
    page.goto(base)
    page.click("label.md-header__button[for=__search]")
    wait_until(page, "document.activeElement.matches('.md-search__input')")


def check_paste_and_ime(page, base: str) -> None:
    """A paste (an input event, no key events), an IME composition, and a second paste into the
    open box: each shows its results with no key pressed after it."""
    open_on_phone(page, base)
    page.evaluate("window.__keys = 0; document.addEventListener('keyup', () => window.__keys++, true);"
                  " document.addEventListener('keydown', () => window.__keys++, true);")
    page.keyboard.insert_text(PASTED)
    results_shown(page)
    assert page.locator(".md-search-result__item").first.locator("a").first.get_attribute("href").find(
        "procedures/close-jiebei") >= 0, first_title(page)
    # A second paste replaces the text (select all, paste): its own results.
    page.evaluate("document.querySelector('.md-search__input').select()")
    page.keyboard.insert_text(SECOND)
    wait_until(page, "document.querySelector('.md-search__input').value === " + repr(SECOND)
               + " && document.querySelector('.md-search-result__item a').href.includes('#')")
    assert page.evaluate("window.__keys") == 0, "a key event was sent"
    # An IME: nothing is searched while composing (the box holds pinyin), the committed text is.
    page.fill(".md-search__input", "")
    wait_until(page, "document.querySelectorAll('.md-search-result__item').length === 0")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "wangshangdai", "selectionStart": 12, "selectionEnd": 12})
    page.wait_for_timeout(500)
    assert page.locator(".md-search-result__item").count() == 0, "searched in the middle of a composition"
    cdp.send("Input.insertText", {"text": "网商贷"})
    results_shown(page)
    assert "网商贷" in page.locator(".md-search-result__list").inner_text()


def check_first_titles_open_the_lead(page, base: str, leads: dict[str, str]) -> None:
    """For every question: the first card's title opens the item that leads (the engine's first,
    run in node): a section's #anchor when a section leads, as it does for most of them."""
    wrong = []
    page.goto(base)
    for question in QUESTIONS:
        shown = shown_answers(page, base, question["q"])
        if shown["first"] != leads[question["q"]]:
            wrong.append(f"{question['q']}: the title opens {shown['first']}, the lead is {leads[question['q']]}")
    assert not wrong, "\n".join(wrong)
    sections = [q for q in QUESTIONS if leads[q["q"]] and "#" in leads[q["q"]]]
    assert len(sections) > len(QUESTIONS) * 2 / 3, "the questions exercise too few section links"


def copy_reply(page, base: str, question: str) -> str:
    """Paste `question`, press the first card's 复制答复, and read the clipboard."""
    type_query(page, question)
    button = page.locator(".md-search-result__item").first.locator(".guide-result-button", has_text="复制答复")
    button.click()
    wait_until(page, "document.querySelector('.guide-result-button').textContent.includes('已复制')"
                     " || document.querySelector('.guide-send-fallback') !== null")
    if page.locator(".guide-send-fallback").count():
        return page.locator(".guide-send-fallback").input_value()
    return page.evaluate("navigator.clipboard.readText()")


# --- hosted ----------------------------------------------------------------------------------

@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    yield page
    context.close()


def test_a_pasted_question_an_ime_and_a_second_paste_are_searched_on_a_phone(phone, server):
    check_paste_and_ime(phone, server)


def test_a_pasted_question_that_found_its_answer_is_never_reported_missing(phone, server):
    requested = []
    phone.on("request", lambda request: requested.append(request.url))
    phone.clock.install()                 # the reader's pause runs on the page's clock, not waited for
    open_on_phone(phone, server)
    phone.keyboard.insert_text(PASTED)
    results_shown(phone)
    phone.clock.run_for(2000)             # past the pause that ends a query
    phone.click(".md-search-result__item >> nth=0 >> a >> nth=0")
    phone.wait_for_load_state()
    assert not [url for url in requested if "search-miss" in url], requested
    # A query that leaves a word out is reported once it was shown, with what was shown.
    open_on_phone(phone, server)
    phone.keyboard.insert_text("借呗手续费")
    results_shown(phone)
    phone.clock.run_for(2000)             # the reader pauses: the query has ended
    sent = []
    for _ in range(100):                  # the report's request, as the browser makes it
        sent = [url for url in requested if "search-miss" in url]
        if sent:
            break
        phone.wait_for_timeout(50)
    assert len(sent) == 1 and "%E6%89%8B%E7%BB%AD%E8%B4%B9" in sent[0], sent   # 手续费


@pytest.mark.parametrize("word, sent_as", [("constructor", "constructor"), ("toString", "tostring"),
                                           ("__proto__", "proto"), ("hasOwnProperty", "hasownproperty")])
def test_a_word_named_like_an_objects_own_is_reported_like_any_other(phone, server, word, sent_as):
    requested = []
    phone.on("request", lambda request: requested.append(request.url))
    open_on_phone(phone, server)
    phone.keyboard.insert_text(word)      # alone: nothing found, the offer shown
    wait_until(phone, "performance.getEntriesByType('resource').some(e => e.name.includes('search-miss'))", 8)
    sent = [url for url in requested if "search-miss" in url]
    assert len(sent) == 1 and f"missing={sent_as}" in sent[0], sent


@pytest.fixture(scope="module")
def leads(site) -> dict[str, str]:
    answers = answer_in_node(site, [q["q"] for q in QUESTIONS])
    return {q["q"]: a["first"] for q, a in zip(QUESTIONS, answers)}


def test_the_first_titles_open_what_leads_for_every_question(browser, server, leads):
    context = browser.new_context()
    check_first_titles_open_the_lead(context.new_page(), server, leads)
    context.close()


def section_text(site, where: str) -> str:
    """The text of the section at `where` ('procedures/close-jiebei/#not-covered') of the built
    page, up to the next heading of its level or above."""
    path, _, anchor = where.partition("#")
    soup = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    if not anchor:
        return article.get_text(" ")
    heading = article.find(id=anchor)
    parts = [heading.get_text(" ")]
    for sibling in heading.find_next_siblings():
        if sibling.name in {"h1", "h2"} or (heading.name == "h3" and sibling.name == "h3"):
            break
        parts.append(sibling.get_text(" "))
    return " ".join(parts)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("question, line", [
    ("借呗关了账户会被注销吗", "关闭借款功能是否等同于注销账户"),
    ("网商贷关闭后还能重新开通吗", "关闭后想再次启用（可能需要重新进行身份验证和信用评估）"),
    ("借呗点不了", "这个问题本指南无法回答。请在支付宝 App 中查看借呗页面的实际提示，或咨询借呗的官方客服。"),
    ("关闭借呗后账户还在吗", "身份验证完成后，借呗账户将被关闭。"),
])
def test_a_reply_never_says_what_only_the_guide_calls_things(browser, server, question, line):
    """A customer does not know the guide's 原文: the box's situation goes in its short form, and
    a sentence of the guide that names 原文 says 本指南所依据的文章."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server)
    text = copy_reply(page, server, question)
    context.close()
    assert line in text.split("\n")[:2], text
    assert "原文" not in text, text


# Ten questions of different kinds; the last is one the source does not answer.
REPLY_KINDS = ["verification", "before", "impact", "risk", "reasons", "entry", "difference", "audience", "real",
               "not-covered"]


def test_copy_reply_sends_the_sentence_the_address_and_the_edition(browser, server, site, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server)
    edition = current_edition(ROOT).label
    for kind in REPLY_KINDS:
        question = next(q for q in QUESTIONS if q["kind"] == kind)
        text = copy_reply(page, server, question["q"])
        lead = location(page.locator(".md-search-result__item").first.locator("a").first.get_attribute("href"), server)
        lines = text.split("\n")
        assert f"详见：{site_url}{lead}" in lines, text
        assert lines[-1].startswith("借呗与网商贷手动关闭指南（版本 " + edition + "）") and "虚构" in lines[-1], text
        # A section the source does not cover: its question, then the guide's sentence saying so;
        # any other: the page's and section's names, then the sentence.
        ask = lead.endswith("#not-covered")
        if ask:
            assert lines[0] in NOT_COVERED_BRIEFS or lines[0].startswith("这个问题本指南无法回答"), text
        else:
            said = section_text(site, lead).replace("按原文，", "").replace("原文", "本指南所依据的文章")
            assert squeeze(lines[1].rstrip("…")) in squeeze(said), f"{question['q']}: {lines[1]}"
        assert "原文" not in text, text
        assert not re.search(r"<[a-z/]|\*\*|\]\(|^#", text, re.M), text
        assert not ZERO_WIDTH.search(text), question["q"]
        assert len(text) <= 320, len(text)
        if kind == "not-covered":
            assert ask, f"{question['q']}: leads with {lead}"
        if ask:
            assert "官方客服" in lines[1] and "无法回答" in lines[1] and "原文" not in lines[1], text
    context.close()


def test_copy_link_on_a_card_sends_the_sections_hosted_address(browser, server, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server)
    type_query(page, "刷脸没通过")
    card = page.locator(".md-search-result__item").first
    button = card.locator(".guide-result-button", has_text="复制链接")
    assert button.get_attribute("aria-label").startswith("复制链接：")
    button.click()
    wait_until(page, "document.querySelector('.guide-copy-status').textContent.includes('已复制')")
    lead = location(card.locator("a").first.get_attribute("href"), server)
    assert page.evaluate("navigator.clipboard.readText()") == site_url + lead
    context.close()


def test_copy_reply_where_the_clipboard_is_refused_shows_the_text_selected(browser, server):
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});"
                            " document.execCommand = () => false;")
    page = context.new_page()
    page.goto(server)
    text = copy_reply(page, server, "借呗还有欠款能关闭吗")
    assert "官方客服" in text
    assert page.evaluate("document.activeElement.matches('.guide-send-fallback')")
    assert page.evaluate("getSelection().toString() || document.activeElement.selectionEnd") != 0
    assert "复制失败" in page.locator(".guide-copy-status").inner_text()
    context.close()


def rendered_line_starts(page) -> list[str]:
    """The first character of every rendered line of the cards' sentences (the first 5 cards)."""
    return page.evaluate("""() => {
      const starts = [];
      document.querySelectorAll('.md-search-result__item').forEach((card, i) => {
        if (i >= 5) return;
        card.querySelectorAll('.md-search-result__article > p').forEach(p => {
          const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
          let top = null;
          while (walker.nextNode()) {
            const node = walker.currentNode;
            for (let k = 0; k < node.length; k++) {
              const range = document.createRange();
              range.setStart(node, k); range.setEnd(node, k + 1);
              const rect = range.getBoundingClientRect();
              if (!rect.height || /\\s/.test(node.data[k])) continue;
              if (top === null || rect.top > top + 2) { starts.push(node.data[k]); top = rect.top; }
            }
          }
        });
      });
      return starts;
    }""")


def check_results_read_cleanly(page, base: str) -> None:
    """No zero-width character, no 缺少 of one character or of a word its card's titles name, no
    rendered line that starts with punctuation."""
    page.goto(base)
    problems = []
    for question in EVERYDAY:
        type_query(page, question)
        text = page.locator(".md-search-result").inner_text()
        if ZERO_WIDTH.search(text) or ZERO_WIDTH.search(page.inner_html(".md-search-result")):
            problems.append(f"{question}: a zero-width character")
        # Each result (folded ones too) with its page's and its own title and the words it lacks.
        results = page.evaluate("""() => Array.from(document.querySelectorAll('.md-search-result__item')).flatMap(card => {
            const lead = card.querySelector('.md-search-result__article');
            const pageTitle = (lead.querySelector('.guide-result-page') || lead.querySelector('h1')).textContent;
            return Array.from(card.querySelectorAll('.md-search-result__article')).map(article => ({
              titles: [pageTitle, article.querySelector('h1, h2').textContent],
              missing: Array.from(article.querySelectorAll('.guide-result-missing del')).map(d => d.textContent)}));
        })""")
        for result in results:
            for word in result["missing"]:
                if len(word) < 2 or any(word in title for title in result["titles"]):
                    problems.append(f"{question}: 缺少 {word} under {result['titles']}")
        starts = [ch for ch in rendered_line_starts(page) if ch in PUNCTUATION]
        if starts:
            problems.append(f"{question}: lines start with {starts}")
    assert not problems, "\n".join(problems)


def test_results_read_cleanly_on_a_phone(phone, server):
    check_results_read_cleanly(phone, server)


def test_results_read_cleanly_on_a_laptop(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    check_results_read_cleanly(context.new_page(), server)
    context.close()


def test_keyboard_opens_moves_through_and_closes_the_results(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server + "impact/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    page.keyboard.type("刷脸")
    results_shown(page)
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") != first
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    # Enter in the box opens the first result: the answering section.
    page.keyboard.press("/")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).fragment != "")
    assert "?h=" in page.url
    context.close()


# --- the guide's scope, using a product again, other words for closing ----------------------

ELSEWHERE = {"花呗怎么关闭": "花呗", "信用卡怎么注销": "信用卡", "微粒贷能关吗": "微粒贷"}
REOPEN = {"关了还能再开吗": ("procedures/close-jiebei/#not-covered", "procedures/close-wangshangdai/#not-covered",
                           "impact/#negative"),
          "借呗关闭后还能用吗": ("procedures/close-jiebei/#not-covered", "impact/#negative")}


def check_scope_and_intents(page, base: str) -> None:
    """A product the guide does not cover is said first, with both procedures linked; using a
    product again leads with what the guide says of it (its 原文未涉及 item, the negative impact),
    never a closing step; 解约 is closing."""
    page.goto(base)
    for question, name in ELSEWHERE.items():
        type_query(page, question)
        scope = page.locator(".guide-search-scope")
        wait_until(page, "document.querySelector('.guide-search-scope') !== null")
        said = scope.inner_text()
        assert said.startswith("本指南只介绍借呗和网商贷") and f"“{name}”" in said and "官方客服" in said, said
        links = page.eval_on_selector_all(".guide-search-note a", "els => els.map(e => e.textContent)")
        assert links[:2] == ["手动关闭借呗", "手动关闭网商贷"], links
        cards = page.locator(".md-search-result__item")
        if cards.count():
            assert scope.bounding_box()["y"] < cards.first.bounding_box()["y"], "the statement is not first"
    for question, leads in REOPEN.items():
        shown = shown_answers(page, base, question)
        assert shown["first"] in leads, f"{question}: leads with {shown['first']}"
        assert page.locator(".guide-search-scope").count() == 0
    shown = shown_answers(page, base, "借呗解约")
    assert shown["first"].startswith("procedures/close-jiebei/"), shown["first"]


def test_scope_reopening_and_closing_words_hosted(browser, server):
    context = browser.new_context(**PHONE)
    check_scope_and_intents(context.new_page(), server)
    context.close()


def test_a_cards_buttons_are_named_by_their_words_and_the_results_title(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server)
    type_query(page, "借呗还有欠款能关闭吗")
    names = page.locator(".md-search-result__item").first.locator(".guide-result-button").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('aria-label'))")
    assert names == ["复制答复：原文未涉及的情况", "复制链接：原文未涉及的情况"], names
    context.close()
