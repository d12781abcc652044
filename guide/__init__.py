"""The guide's data, loaded once per build, and the page macros bound to it.

The MkDocs side is guide/plugin.py (one plugin, registered by pyproject.toml). The rendering
lives in plain functions (guide.steps, guide.products, guide.glossary, ...), tested without
MkDocs; this module only loads the data and binds those functions to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from guide.changes import Change, load_changes, render_changes
from guide.data import GuideDataError
from guide.figures import get_figure, load_figures, render_figure
from guide.glossary import load_terms, render_glossary
from guide.search_dictionary import Synonyms, load_synonyms
from guide.questions import Questions, load_questions
from guide.products import get_product, load_products, product_card, product_facts, product_table, relative_link
from guide.source import Source, load_source
from guide.steps import load_procedure, procedure_intro, procedure_outline, procedure_steps, render_step

DATA_DIR = "data"
SYNONYMS = f"{DATA_DIR}/synonyms.yml"
QUESTIONS = f"{DATA_DIR}/questions.yml"
CHANGES = f"{DATA_DIR}/changes.yml"
JIEBA_DICTIONARY = f"{DATA_DIR}/jieba-user-dict.txt"


def load_all(project_dir: Path):
    """Products, procedure and glossary, validated."""
    data = Path(project_dir) / DATA_DIR
    products = load_products(data / "products.yml")
    procedure = load_procedure(data / "steps.yml", products)
    terms = load_terms(data / "glossary.yml")
    return products, procedure, terms


def moved_pages(config) -> dict[str, str]:
    """Old page -> new page, from the redirects plugin's redirect_maps in mkdocs.yml."""
    plugin = config["plugins"].get("redirects")
    return dict(plugin.config["redirect_maps"]) if plugin else {}


def page_titles(docs_dir: Path) -> dict[str, str]:
    """Each page under docs/ (its path there) -> the `title:` of its front matter, else its path."""
    titles = {}
    for path in sorted(Path(docs_dir).rglob("*.md")):
        found = re.search(r"\A---\n(?:.*\n)*?title:\s*(.+)\n(?:.*\n)*?---", path.read_text(encoding="utf-8"))
        titles[path.relative_to(docs_dir).as_posix()] = found.group(1).strip() if found else path.stem
    return titles


def load_change_log(project_dir: Path, docs_dir: Path, procedure, moved: dict[str, str] | None = None) -> list:
    """data/changes.yml, checked against the pages in docs/ (and the old names in `moved`, which
    redirect to a page: history may keep them; they are read as the page they moved to) and the
    steps of data/steps.yml."""
    moved = moved or {}
    entries = load_changes(Path(project_dir) / CHANGES, set(page_titles(docs_dir)) | set(moved),
                           {step.id for step in procedure.steps})
    return [replace(entry, pages=tuple(moved.get(page, page) for page in entry.pages)) for entry in entries]


@dataclass(frozen=True)
class GuideData:
    """Every data file of data/, read and validated once per build."""
    products: dict
    procedure: object
    terms: list
    figures: dict
    source: Source
    synonyms: Synonyms
    questions: Questions
    changes: list[Change]
    titles: dict[str, str]
    synonyms_file: str
    jieba_dictionary: Path

    @property
    def procedure_pages(self) -> set[str]:
        return {product.procedure for product in self.products.values()}


def load_guide_data(project_dir: Path, docs_dir: Path, moved: dict[str, str] | None = None) -> GuideData:
    """Read every data file once; a malformed one raises GuideDataError naming the file and key."""
    project_dir = Path(project_dir)
    products, procedure, terms = load_all(project_dir)
    return GuideData(
        products=products, procedure=procedure, terms=terms,
        figures=load_figures(project_dir / DATA_DIR / "figures.yml", [(step.id, step.title) for step in procedure.steps],
                             {pid: (product.name, product.entry) for pid, product in products.items()}),
        source=load_source(project_dir / DATA_DIR / "source.txt"),
        synonyms=load_synonyms(project_dir / SYNONYMS),
        questions=load_questions(project_dir / QUESTIONS),
        changes=load_change_log(project_dir, Path(docs_dir), procedure, moved),
        titles=page_titles(Path(docs_dir)),
        synonyms_file=SYNONYMS,
        jieba_dictionary=project_dir / JIEBA_DICTIONARY,
    )


def step_names(procedure) -> dict[str, str]:
    """Each step as readers see it, for both products: 第 2 步：进入借呗或网商贷的管理界面."""
    return {step.id: f"第 {number} 步：{step.title.replace('{product}', '借呗或网商贷')}"
            for number, step in enumerate(procedure.steps, 1)}


def page_macros(data: GuideData, page_src: Callable[[], str]) -> dict[str, Callable]:
    """The macros the pages call, each a one-line binding of a plain, tested function to the
    data; `page_src()` is the page being rendered (its path under docs/)."""
    products, procedure = data.products, data.procedure
    return {
        # {{ step("sign-in", product="jiebei") }}: one shared step for one product.
        "step": lambda step_id, product, level=2: render_step(procedure, products, step_id, product, level),
        # {{ procedure_steps("jiebei") }}: the notice and every step for one product.
        "procedure_steps": lambda product, level=2: procedure_steps(procedure, products, product, level),
        # {{ product_table() }}: the products side by side.
        "product_table": lambda: product_table(products, page_src()),
        # {{ product_facts("jiebei") }}: one product's facts.
        "product_facts": lambda product: product_facts(get_product(products, product)),
        # {{ product_name("jiebei") }}: the name, spelled as in data/products.yml.
        "product_name": lambda product: get_product(products, product).name,
        # {{ product_card("jiebei") }}: who the product is for, what it is, where to close it.
        "product_card": lambda product: product_card(get_product(products, product)),
        # {{ procedure_intro("jiebei") }}: the line under a procedure page's title.
        "procedure_intro": lambda product: procedure_intro(procedure, products, product, page_src()),
        # {{ procedure_outline() }}: the procedures in a sentence: their steps, which differ.
        "procedure_outline": lambda: procedure_outline(procedure, products),
        # {{ procedure_link("jiebei") }}: relative link from this page to the closure procedure.
        "procedure_link": lambda product: relative_link(get_product(products, product).procedure, page_src()),
        # {{ figure("closure-flow") }}: a figure from data/figures.yml, drawn as inline SVG.
        "figure": lambda figure_id: render_figure(get_figure(data.figures, figure_id)),
        # {{ glossary() }}: every term with its definition.
        "glossary": lambda: render_glossary(data.terms),
        # {{ source_title() }}, {{ source_author() }}: the source article, as its file names it.
        "source_title": lambda: data.source.title,
        "source_author": lambda: data.source.author,
        # {{ changes() }}: 更新记录, newest first (data/changes.yml), on docs/changes.md.
        "changes": lambda: render_changes(data.changes, data.titles, lambda page: relative_link(page, page_src()),
                                          step_names(procedure)),
    }
