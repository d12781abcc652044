"""The guide's MkDocs plugin: the project's one door into MkDocs.

Registered as `guide` by the `mkdocs.plugins` entry point in pyproject.toml and listed under
`plugins:` in mkdocs.yml. It loads the data once per build (on_config), registers the page
macros with mkdocs-macros, and at each event calls the plain functions of guide/, which are
tested without MkDocs. Its state lives on the instance and is set afresh in on_config.
"""

from __future__ import annotations

import datetime
import json
import logging
import posixpath
import re
from html import escape as html_escape
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.utils import get_relative_url

from guide import CHANGES, GuideData, load_guide_data, moved_pages, page_macros
from guide.changes import check_not_after, latest_for
from guide.content import inline_scripts, running_content, template_scripts, theme_template_dirs, unrecognised_scripts
from guide.data import GuideDataError
from guide.freshness import MAX_AGE_DAYS, is_stale, parse_review, verification_html
from guide.glossary import mark_terms
from guide.manifest import artefact_names, script_source, write_manifest
from guide.minify import minify_css
from guide.search_dictionary import (build_dictionary, check_elsewhere, check_guide_words, common_characters,
                                     dictionary_script,
                                     jieba_words, opencc_traditional_lines, pypinyin_readings,
                                     user_dictionary_words)
from guide.products import Product
from guide.questions import question_words, resolve as resolve_questions
from guide.search_index import DICTIONARY_SCRIPT, INDEX_SCRIPT, THEME_INDEX, guide_index, index_script, remove_theme_search
from guide.steps import NOT_COVERED_ID, fill
from guide.send import (FICTIONAL, FOR_CUSTOMER, ProcedureText, chat_step_text, chat_text, long_image_png, plain,
                        procedure_text)
from guide.share import FONT_FILES, card_png, find_font, page_slug, qr_svg
from guide.urls import (add_after_title, add_page_url, duplicate_ids, hosted_path, hosted_url, keep_sections_together,
                        running_header_css, url_prefix)
from guide.version import Edition, current_edition

# The events without a priority of their own run after the other plugins, as a hook would: the
# single-page plugin writes print_page.html in its own on_post_build, which ours then fixes.
LAST = -100
# Each page's print stylesheet (its running header on paper), linked by overrides/main.html.
PRINT_DIR = "assets/print"
# Every section heading with an id (other attributes may come first: data-search-exclude on
# /changes/), as guide.js finds them for their 二维码 buttons.
SECTION_IDS = re.compile(r'<h[23]\b[^>]*?\sid="([^"]+)"')
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)

# The plugin's messages, as MkDocs shows its plugins'. A page due for review is said at INFO:
# under `strict: true` a warning fails the build, and time passing must not.
log = logging.getLogger("mkdocs.plugins.guide")


class GuideConfig(Config):
    """The plugin's options (mkdocs.yml, plugins > guide), checked by MkDocs."""

    # Offered in the search results when nothing of a query matches.
    search_offer = c.ListOfItems(c.Type(str), default=["procedures/close-jiebei.md",
                                                       "procedures/close-wangshangdai.md", "glossary.md"])
    # Pages that point to or explain the guide's words rather than answer (the home page's lists,
    # the glossary's definitions): on equal terms, a page that answers leads them in the search.
    search_reference = c.ListOfItems(c.Type(str), default=["index.md", "glossary.md"])
    # Pages that set the products side by side: for a question about one product, they yield to
    # that product's own pages as a reference page does.
    search_compare = c.ListOfItems(c.Type(str), default=[])
    # The page that lists the updates; each procedure page links its latest entry.
    changes_page = c.Type(str, default="changes.md")
    # Link cards and QR codes in the built site; cards are cached between builds in card_cache
    # (a folder of the project).
    cards_dir = c.Type(str, default="assets/cards")
    # Whether the hosted pages have link cards at all (off: no card is drawn or named).
    cards = c.Type(bool, default=True)
    # Each procedure's long image (长图), for 保存为图片.
    long_images_dir = c.Type(str, default="assets/long")
    qr_dir = c.Type(str, default="assets/qr")
    card_cache = c.Type(str, default="build/cache/cards")
    # For `make bench` only, which scores the theme's own search beside the guide's: keep the
    # theme's worker, lunr and JSON index in the site (the benchmark's copy of the project also
    # drops overrides/partials/search.html, so that its pages show the theme's box).
    theme_search = c.Type(bool, default=False)
    # The hosted guide reports a search that found nothing to its own server (<prefix>search-miss,
    # which nginx answers and logs). Off for a host that has no such endpoint (a CDN or object
    # storage alone: mkdocs.edge.yml): then the pages send nothing and do not load the reporter.
    search_reports = c.Type(bool, default=True)
    # Under each section, 有帮助 / 没帮助 (and 与 App 不一致 under a step), sent to the guide's own
    # server (<prefix>feedback, which nginx answers and logs). Off where there is no such endpoint
    # (mkdocs.edge.yml) and never offline; not on the pages that only point or state (feedback_skip).
    feedback = c.Type(bool, default=True)
    feedback_skip = c.ListOfItems(c.Type(str), default=["index.md", "changes.md", "disclaimer.md"])
    # How many days a page's check against the source holds, unless its front matter says
    # review_days: past it the page is due (make review-report) and a copy read later says so.
    review_days = c.Type(int, default=MAX_AGE_DAYS)
    # The offline edition (mkdocs.offline.yml): opened from file:// with no network, so no link
    # cards, no search reports or votes, and every page's notice links the single page.
    offline = c.Type(bool, default=False)
    # Off: a preview of the text (for an editor's `mkdocs serve`, e.g. `!ENV [GUIDE_FULL, true]`).
    # The pages still need the plugin's macros and checks, so those stay, with the glossary's
    # tooltips, the review dates and the search; nothing made for sending or sharing is: no
    # section buttons or QR codes, no 复制步骤 or long images, no link cards or print headers.
    # Its manifest says it is a preview, and no edition (offline, PDF, server configs) is made
    # from it.
    enabled = c.Type(bool, default=True)


class GuidePlugin(BasePlugin[GuideConfig]):
    def __init__(self):
        self.data: GuideData | None = None
        self.edition: Edition | None = None
        self.project = Path.cwd()
        self.page_urls: dict[str, str] = {}
        self.procedure_texts: dict[str, tuple[Product, ProcedureText]] = {}
        self.pages: dict[str, dict] = {}
        self.serving = False
        self.macros = None

    def on_startup(self, *, command, dirty):
        """`mkdocs serve` builds into a folder of its own that it removes: no tool reads that
        build, so it gets no manifest (which would be left behind beside it)."""
        self.serving = command == "serve"

    # Before the other plugins: the single-page plugin reads its title in its own on_config.
    @event_priority(100)
    def on_config(self, config):
        self.project = Path(config.config_file_path).parent
        self.page_urls = {}
        self.procedure_texts = {}
        self.pages = {}
        self._tokenizer = None
        # The edition and the build's one date (guide/version.py): every page's date and the
        # templates' build date are the edition's (on_pre_page, on_page_context,
        # on_template_context), not the clock's.
        self.edition = current_edition(self.project)
        config.extra["edition"] = {"label": self.edition.label, "slug": self.edition.slug, "epoch": self.edition.epoch}
        config.extra["notice"] = FICTIONAL   # the banner's words (overrides/main.html), as sent texts say them
        if "print-site" in config.plugins:   # the PDF's and the single page's title say the edition too
            single = config.plugins["print-site"].config
            if "版本" not in single["print_page_title"]:
                single["print_page_title"] = f"{single['print_page_title']}（版本 {self.edition.label}）"
        try:
            self.data = load_guide_data(self.project, Path(config.docs_dir), moved_pages(config))
            check_not_after(self.data.changes, CHANGES, self.edition.date, datetime.date.today())
        except GuideDataError as error:
            raise PluginError(f"guide data: {error}") from None
        self.macros = config.plugins.get("macros")
        if self.macros is None:
            raise PluginError("the guide plugin needs mkdocs-macros: list 'macros' under plugins in mkdocs.yml")
        self.macros.register_macros(page_macros(self.data, self.page_src))
        return config

    def page_src(self) -> str:
        """The page mkdocs-macros is rendering (its source path under docs/)."""
        return self.macros.page.file.src_uri

    def on_pre_page(self, page, config, files):
        """The page's date (the sitemap's lastmod) is the edition's."""
        page.update_date = self.edition.date.isoformat()
        return page

    def on_template_context(self, context, template_name, config):
        """Templates outside a page (the sitemap, 404) date the build by the edition."""
        context["build_date_utc"] = self.build_datetime()
        return context

    def build_datetime(self) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(self.edition.epoch, datetime.timezone.utc)

    @event_priority(LAST)
    def on_files(self, files, config):
        """Each page's URL in this edition (directory URLs hosted, .html offline), and the pages
        the options name, which must exist."""
        self.page_urls = {file.src_uri: file.url for file in files.documentation_pages()}
        for option in ("search_offer", "search_reference", "search_compare"):
            missing = [page for page in self.config[option] if page not in self.page_urls]
            if missing:
                raise PluginError(f"mkdocs.yml: plugins > guide > {option}: no such page under docs/: {', '.join(missing)}")
        missing = [page for page in self.config.feedback_skip if page not in self.page_urls]
        if missing:
            raise PluginError(f"mkdocs.yml: plugins > guide > feedback_skip: no such page under docs/: {', '.join(missing)}")
        if self.config.changes_page not in self.page_urls:
            raise PluginError(f"mkdocs.yml: plugins > guide > changes_page: no such page under docs/: {self.config.changes_page}")
        return files

    # Before other plugins (the single-page edition copies each page's HTML at this event).
    @event_priority(50)
    def on_page_content(self, html, page, config, files):
        """Glossary tooltips, the review date on procedure pages, and the page's hosted URL
        under its title (shown in print)."""
        found = running_content(html)
        if found:
            raise PluginError(f"{page.file.src_uri}: '{found}' would run in the reader's browser; "
                              "pages hold text, Markdown, the guide's macros and the plain HTML listed in README")
        twice = duplicate_ids(html)
        if twice:
            raise PluginError(f"{page.file.src_uri}: the id '{twice[0]}' is given to two elements; a link to "
                              f"#{twice[0]} would reach only the first: give each heading its own id")
        html = mark_terms(html, self.data.terms)
        if not self.config.enabled:
            return add_after_title(html, self.verified_line(page))
        if page.file.src_uri in self.data.procedure_pages:
            if not self.config.offline:
                # Not in the offline edition: its single page (and the PDF and the one-file
                # edition made from it) renames the headings' ids page by page, top level only.
                html = keep_sections_together(html)
            html = add_after_title(html, self.send_block(page, config) + self.verified_line(page))
        else:
            html = add_after_title(html, self.verified_line(page))
        url = hosted_url(config.site_url, page.file.src_uri)
        return add_page_url(html, url, qr_svg(url, "本页地址的二维码", scale=2, css_class="guide-page-qr"),
                            self.edition.label)

    def verified_line(self, page) -> str:
        """最后对照原文核对, and the stale notice when the page was checked too long ago. The
        page's review-due date goes to its template (guide:review-due), for the reader's clock."""
        try:
            review = parse_review(page.file.src_uri, page.meta, self.config.review_days)
        except GuideDataError as error:
            raise PluginError(str(error)) from None
        last_verified = review.last_verified
        today = self.edition.date   # the commit's day, not the clock's: the same commit, the same page
        if is_stale(last_verified, today, review.review_days):
            log.info(f"review due: {page.file.src_uri}: last checked against the source {last_verified}, more than "
                     f"{review.review_days} days ago: check the page against the source and update 'last_verified'")
        latest = latest_for(self.data.changes, page.file.src_uri, {step.id for step in self.data.procedure.steps})
        link = None
        if latest:
            link = (latest.date.isoformat(),
                    get_relative_url(self.page_urls[self.config.changes_page], page.url) + "#" + latest.anchor)
        return verification_html(last_verified, today, review.review_days, latest_change=link)

    def procedure_text(self, page, config) -> tuple[Product, ProcedureText]:
        """The procedure on this page, as the chat text and the long image say it (made once
        per page and build: the buttons and the image share it)."""
        src = page.file.src_uri
        if src not in self.procedure_texts:
            product = next(p for p in self.data.products.values() if p.procedure == src)
            title = page.title or product.name   # the front matter's title, as the page's heading
            def address(target: str) -> str:
                """A link of data/steps.yml (relative to this page) as the hosted address it opens."""
                path, _, anchor = target.partition("#")
                linked = posixpath.normpath(posixpath.join(posixpath.dirname(src), path)) if path else src
                return hosted_url(config.site_url, linked, anchor)
            self.procedure_texts[src] = (product, procedure_text(self.data.procedure, product, str(title),
                                                                 hosted_url(config.site_url, src), self.edition.label,
                                                                 address))
        return self.procedure_texts[src]

    def send_block(self, page, config) -> str:
        """复制步骤 and 保存为图片 under a procedure's title; the texts the buttons copy (the whole
        procedure, and each step for its own 复制本步 button) as a JSON data block."""
        product, text = self.procedure_text(page, config)
        image = f"{self.config.long_images_dir}/{product.id}.png"
        href = get_relative_url(image, page.url)
        name = f"{text.title}-长图-{self.edition.slug}.png"
        data = {"all": chat_text(text), "steps": {step.id: chat_step_text(text, step.id) for step in text.steps}}
        payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        return (f'<div class="guide-send" data-search-exclude>'
                f'<button type="button" class="md-button guide-copy-steps" data-title="{html_escape(text.title)}的全部步骤">'
                f'<span class="guide-copy-label">复制步骤</span></button>'
                f'<a class="md-button guide-save-image" href="{html_escape(href)}" download="{html_escape(name)}" '
                f'data-hosted="{html_escape(hosted_url(config.site_url, "index.md") + image)}">保存为图片</a>'
                f'<script type="application/json" class="guide-send-text">{payload}</script></div>')

    @event_priority(LAST)
    def on_page_context(self, context, page, config, nav):
        """The page's hosted address (复制链接, 二维码) and its link card (overrides/main.html)."""
        context["build_date_utc"] = self.build_datetime()
        if not self.config.enabled:   # a preview: nothing to send or share (overrides/main.html)
            context["hosted_url"], context["share"] = "", {}
            return context
        context["hosted_url"] = hosted_url(config.site_url, page.file.src_uri)
        context["share"] = self.share_info(page, config)
        return context

    def share_info(self, page, config) -> dict:
        """What a link card says about a page, and where its card, its sections' QR codes (the
        folder) and its print stylesheet are, as overrides/main.html links them."""
        slug = page_slug(page.file.src_uri)
        return {
            "slug": slug,
            "qr": f"{self.config.qr_dir.strip('/')}/{slug}",
            "print": f"{PRINT_DIR}/{slug}.css",
            "title": page_heading(page.content or "") or page.title,
            "description": page.meta.get("description") or config.site_description,
            "card": f"{hosted_url(config.site_url, 'index.md')}{self.config.cards_dir}/{slug}.png" if self.config.cards else "",
        }

    @event_priority(LAST)
    def on_post_page(self, output, page, config):
        anchors = SECTION_IDS.findall(output.split('<article', 1)[-1])
        info = self.share_info(page, config)
        self.pages[page.file.src_uri] = {
            "source": page.file.src_uri, "url": page.url, "hosted": hosted_url(config.site_url, page.file.src_uri),
            "title": info["title"], "anchors": anchors,
        }
        if not self.config.enabled:
            return output
        self.write_share_files(page, config, info, anchors)
        if page.file.src_uri in self.data.procedure_pages:
            self.write_long_image(page, config)
        return output

    def write_long_image(self, page, config) -> None:
        """The procedure's long image (长图), in both editions; drawn only when its text changed."""
        product, text = self.procedure_text(page, config)
        try:
            fonts = {kind: find_font(kind) for kind in FONT_FILES}
        except GuideDataError as error:
            raise PluginError(str(error)) from None
        data, _ = long_image_png(self.project / self.config.card_cache, text, config.site_name, fonts)
        target = Path(config.site_dir) / self.config.long_images_dir / f"{product.id}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def write_share_files(self, page, config, info: dict, anchors: list[str]) -> None:
        """The page's link card (hosted edition; from the cache when unchanged), its print
        stylesheet and the QR code of each section (`anchors`), which the 二维码 button loads
        when opened; `info` is the page's share_info."""
        site_dir = Path(config.site_dir)
        if self.config.cards and not self.config.offline:
            try:
                fonts = {kind: find_font(kind) for kind in FONT_FILES}
            except GuideDataError as error:
                raise PluginError(str(error)) from None
            data, _ = card_png(self.project / self.config.card_cache, info["title"], info["description"],
                               config.site_name, config.copyright, fonts)
            target = site_dir / self.config.cards_dir / f"{info['slug']}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        running = f"{info['title']} · {config.copyright} · 版本：{self.edition.label}"
        paper = site_dir / info["print"]
        paper.parent.mkdir(parents=True, exist_ok=True)
        paper.write_text(running_header_css(running), encoding="utf-8")
        folder = site_dir / info["qr"]
        folder.mkdir(parents=True, exist_ok=True)
        for anchor in anchors:
            url = hosted_url(config.site_url, page.file.src_uri, anchor)
            (folder / f"{anchor}.svg").write_text(qr_svg(url, f"二维码：{url}", scale=8), encoding="utf-8")

    @event_priority(LAST)
    def on_post_build(self, config):
        site_dir = Path(config.site_dir)
        fix_single_page_base(site_dir)
        minify_stylesheets(site_dir)
        theme_index = json.loads((site_dir / THEME_INDEX).read_text(encoding="utf-8"))
        index = self.write_search_index(site_dir, theme_index, config)
        dictionary = self.write_search_dictionary(site_dir, index)
        if not self.config.theme_search:
            remove_theme_search(site_dir)
        hashes = [] if self.config.offline else self.inline_script_sources(site_dir)
        if not self.serving:
            self.write_manifest(site_dir, config, hashes, dictionary)

    def inline_script_sources(self, site_dir: Path) -> list[str]:
        """The CSP sources ('sha256-…') of every distinct inline script of the built pages, which
        the hosted site's Content-Security-Policy allows (guide/editions/deploy_config.py): only
        scripts of the theme's templates; a built page carrying any other stops the build,
        naming the page."""
        patterns = template_scripts(theme_template_dirs(self.project))
        sources = set()
        for page in sorted(site_dir.rglob("*.html")):
            html = page.read_text(encoding="utf-8")
            strange = unrecognised_scripts(html, patterns)
            if strange:
                raise PluginError(f"{page.relative_to(site_dir).as_posix()}: an inline script no template of the "
                                  f"theme writes, which the server's CSP would refuse: {strange[0][:80]!r}")
            sources.update(script_source(script) for script in inline_scripts(html))
        return sorted(sources)

    def write_manifest(self, site_dir: Path, config, script_sources: list[str], dictionary: dict) -> None:
        """The build manifest beside the site (guide/manifest.py), for every tool after the build."""
        redirects = []
        for old, new in sorted(moved_pages(config).items()):
            new_path, _, anchor = new.partition("#")
            target = new if "://" in new else hosted_path(new_path) + (f"#{anchor}" if anchor else "")
            redirects.append({"source": old, "from": hosted_path(old), "target": new, "to": target})
        edition = self.edition
        write_manifest(site_dir, {
            "edition": dict(config.extra["edition"], date=edition.date.isoformat()),
            "site_url": config.site_url, "prefix": url_prefix(config.site_url), "site_name": config.site_name,
            "offline": bool(self.config.offline), "preview": not self.config.enabled,
            "pages": [self.pages[src] for src in sorted(self.pages)],
            "redirects": redirects,
            "script_sources": script_sources,
            "assets": {"cards": self.config.cards_dir, "qr": self.config.qr_dir, "long_images": self.config.long_images_dir,
                       "print": PRINT_DIR, "search_index": INDEX_SCRIPT, "search_dictionary": DICTIONARY_SCRIPT},
            "artefacts": artefact_names(edition.slug),
            "search": {"words": sorted(dictionary["terms"].split(" ")), "synonyms": dictionary["synonyms"],
                       "groups": {group.guide: list(group.words) for group in self.data.synonyms.groups}},
        })

    def write_search_index(self, site_dir: Path, theme_index: dict, config) -> dict:
        """assets/javascripts/search/index.js (guide/search_index.py): the index without zero-width
        characters, each section's words, the hosted locations and what a reply says."""
        by_url = {url: src for src, url in self.page_urls.items()}
        hosted = {}
        for doc in theme_index["docs"]:
            url, _, anchor = doc["location"].partition("#")
            if url in by_url:
                hosted[doc["location"]] = hosted_url(config.site_url, by_url[url], anchor)[len(site_root(config.site_url)):]
        asks = {}
        box = self.data.procedure.not_covered
        for product in self.data.products.values():
            asks[f"{self.page_urls[product.procedure]}#{NOT_COVERED_ID}"] = {
                "ask": fill(box.reply, product),
                "situations": [[plain(fill(question, product)), fill(brief, product)]
                               for question, brief in zip(box.questions, box.brief)]}
        site = {"url": site_root(config.site_url), "name": config.site_name, "edition": self.edition.label,
                "notice": config.copyright, "forCustomer": [list(pair) for pair in FOR_CUSTOMER]}
        locations = {doc["location"] for doc in theme_index["docs"]}
        try:
            questions = resolve_questions(self.data.questions, self.page_urls, self.data.products, locations)
        except GuideDataError as error:
            raise PluginError(f"guide data: {error}") from None
        index = guide_index(theme_index, site, asks, hosted, questions, self.segment,
                            lambda words: question_words(words, self.data.synonyms))
        (site_dir / INDEX_SCRIPT).write_text(index_script(index), encoding="utf-8")
        return index

    def segment(self, text: str) -> str:
        """A question of data/questions.yml cut into words (joined by U+200B, as the search plugin
        joins a page's) by jieba's dictionary, the guide's own (data/jieba-user-dict.txt) and every
        word of data/synonyms.yml, without guessing new words (a question is short; a guessed
        word such as 完能关 would match nothing a reader types)."""
        if self._tokenizer is None:
            import jieba

            self._tokenizer = jieba.Tokenizer()
            self._tokenizer.load_userdict(str(self.data.jieba_dictionary))
            for group in self.data.synonyms.groups:
                for word in (group.guide, *group.words):
                    if " " not in word:
                        self._tokenizer.add_word(word)
        return "\u200b".join(self._tokenizer.cut(text, HMM=False))

    def write_search_dictionary(self, site_dir: Path, index: dict) -> dict:
        """assets/javascripts/search/dictionary.js, from the guide's index just written and data/."""
        titles = {doc["location"]: doc["title"] for doc in index["docs"]}
        try:
            check_guide_words(self.data.synonyms, index, self.data.synonyms_file)
            check_elsewhere(self.data.synonyms, index, [product.name for product in self.data.products.values()],
                            self.data.synonyms_file)
            products = {product.name: self.page_urls[product.procedure] for product in self.data.products.values()}
            offer = [{"title": titles[self.page_urls[src]], "location": self.page_urls[src]}
                     for src in self.config.search_offer]
            keys = [term.term for term in self.data.terms] + user_dictionary_words(self.data.jieba_dictionary)
            dictionary = build_dictionary(index, self.data.synonyms, products, offer, keys, common_characters(),
                                          pypinyin_readings, opencc_traditional_lines(), jieba_words())
        except GuideDataError as error:
            raise PluginError(f"guide data: {error}") from None
        dictionary["reference"] = [self.page_urls[src] for src in self.config.search_reference]
        dictionary["compare"] = [self.page_urls[src] for src in self.config.search_compare]
        (site_dir / DICTIONARY_SCRIPT).write_text(dictionary_script(dictionary), encoding="utf-8")
        return dictionary


def site_root(site_url: str) -> str:
    """site_url with its trailing slash: the hosted address every location is relative to."""
    return site_url if site_url.endswith("/") else site_url + "/"


def page_heading(page_html: str) -> str:
    """The text of the page's <h1> (its permalink sign left out)."""
    import html

    found = H1.search(page_html)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("¶", "").strip() if found else ""


def minify_stylesheets(site_dir: Path) -> None:
    """The guide's own stylesheets (docs/assets/stylesheets/: extra.css, print.css) as served,
    without the comments the sources keep (guide/minify.py); the theme's are minified already."""
    for path in sorted((site_dir / "assets" / "stylesheets").glob("*.css")):
        if not path.name.endswith(".min.css"):
            path.write_text(minify_css(path.read_text(encoding="utf-8")), encoding="utf-8")


def fix_single_page_base(site_dir: Path) -> None:
    """The single-page edition borrows the 404 page's context, whose asset base is absolute
    (site_url's path); from file:// that is a folder on the disk. Point it at the page's own."""
    print_page = site_dir / "print_page.html"
    if print_page.is_file():
        text = print_page.read_text(encoding="utf-8")
        print_page.write_text(re.sub(r'"base": "[^"]*"', '"base": "."', text, count=1), encoding="utf-8")
