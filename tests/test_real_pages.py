"""The labelled real vendor pages (tests/fixtures/real_pages/, format: FORMAT_SPEC.md): each
page's topics match its labels within the floors (recall and precision >= 0.95), every
shape meets them on average, pages land under their product, and all the pages together
build a strict site that shows no markup or entity as text."""

from __future__ import annotations

import html
import re
import shutil
from collections import defaultdict

import pytest

from generator.cli import main
from scripts.eval_faq import PAGES, corpus_config, labelled_pages, score_page

from .conftest import ROOT

FLOOR = 0.95
LABELLED = labelled_pages()


@pytest.fixture(scope="module")
def corpus():
    return corpus_config()


@pytest.fixture(scope="module")
def scores(corpus):
    return [score_page(vendor, path, label, corpus) for vendor, path, label in LABELLED]


@pytest.mark.parametrize(
    ("vendor", "path", "label"), LABELLED, ids=[f"{v}/{p.name}" for v, p, _ in LABELLED]
)
def test_each_page_gives_its_labelled_topics(vendor, path, label, corpus):
    score = score_page(vendor, path, label, corpus)
    assert score.recall >= FLOOR, f"missed: {score.missed}"
    assert score.precision >= FLOOR, f"not topics: {score.extra}"


def test_every_shape_meets_the_floors(scores):
    shapes = defaultdict(list)
    for s in scores:
        shapes[s.shape].append(s)
    assert set(shapes) == {"faq", "troubleshooting", "error-codes", "mixed", "index"}
    for shape, group in shapes.items():
        assert sum(s.recall for s in group) / len(group) >= FLOOR, shape
        assert sum(s.precision for s in group) / len(group) >= FLOOR, shape


def test_pages_land_under_the_product_they_are_about(scores):
    right = [s for s in scores if s.product == s.want_product]
    assert len(right) / len(scores) >= FLOOR, [
        (s.file, s.product, s.want_product) for s in scores if s not in right
    ]


# What must never show as text on a built page: notes, anchors, DokuWiki and Tencent markup,
# tags and entities. (Vendors' own escaped stars and underscores, \*\* and \_, are their text.)
SHOWN_MARKUP = re.compile(
    r"!!!|\[\]\(|\{#|\{\{|\]\]|\[\[|>[?!]|dx-|:::|&lt;|&gt;|&amp;|&nbsp;|&apos;|&#\d+;|</?[A-Za-z][\w-]*(?:\s[^<>]*)?>"
    r"|indexmenu"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """All the real pages generated and built into one site with the corpus's products."""
    work = tmp_path_factory.mktemp("real-site")
    raw = work / "raw"
    for page in sorted(PAGES.glob("*/*.md")):
        if page.name.lower() != "readme.md":
            (raw / page.parent.name).mkdir(parents=True, exist_ok=True)
            shutil.copy(page, raw / page.parent.name / page.name)
    for name in ("site_config", "overrides"):
        shutil.copytree(ROOT / name, work / name)
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copy(PAGES / "sources.yml", work / "site_config" / "sources.yml")
    args = ["--docs-dir", str(work / "docs"), "--config-dir", str(work / "site_config")]
    status = main(
        [
            "build",
            str(raw),
            *args,
            "--site-dir",
            str(work / "site"),
            "--report",
            str(work / "report.json"),
            "--mkdocs-config",
            str(work / "mkdocs.yml"),
            "-q",
            "--no-cache",
        ]
    )
    return work, status, args


def test_all_real_pages_build_one_strict_site(site):
    work, status, _ = site
    assert status == 0
    assert len(list((work / "site").rglob("index.html"))) > 1000


def test_built_pages_show_no_markup_or_entity_as_text(site):
    work, _, _ = site
    shown = []
    for page in sorted((work / "site").rglob("*.html")):
        article = re.search(r"<article\b.*?</article>", page.read_text(encoding="utf-8"), re.S)
        if not article:
            continue
        body = re.sub(r"<(pre|code|script|style)\b.*?</\1>", " ", article.group(0), flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", body))
        shown += [f"{page.relative_to(work)}: {m.group(0)}" for m in SHOWN_MARKUP.finditer(text)]
    assert shown == []


def test_check_passes_on_what_generate_wrote(site):
    work, _, args = site
    assert main(["check", *args, "-q"]) == 0
