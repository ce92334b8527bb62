"""``helpgen check``: everything the strict build would reject, found first, as ``path:line:``.

Over the docs folder: what ``pagecheck.py`` finds in each page (front matter against the
schema and the taxonomy, the page's place, links, images, anchors, code fences, personal
or secret data), ids used twice and related topics that name no page, sorted by file and
line. With a built site, the same detectors run over the text of every built page and over
the search index, and every built HTML file is parsed for live markup from the data
(``markupcheck.py``).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from .config import Config
from .docsfolder import read_docs
from .errors import ConfigError
from .markupcheck import page_markup_problems, site_html_problems, theme_scripts
from .model import Problem
from .pagecheck import SLUGIFY, body_problems, heading_ids, privacy_problems, scan_lines
from .sitepages import infos_of, site_pages

_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
_TAG = re.compile(r"<[^>]*>")
_REDIRECT_TO = re.compile(r'location\.href="([^"<>]{1,2048})"\+\(anchor')


def check_docs(docs_dir: str, config: Config) -> list[Problem]:
    """Every problem of the docs folder's pages, sorted by file and line."""
    if not Path(docs_dir).is_dir():
        raise ConfigError([Problem(docs_dir, 0, "docs folder not found", "error")])
    docs = read_docs(Path(docs_dir), config, docs_dir.rstrip("/"))
    problems = list(docs.problems)
    # Links may lead to the pages the build makes too (indexes, home, tags).
    files = docs.files | set(site_pages(infos_of(list(docs.topics.values()), config), config))
    by_path = docs.by_path
    anchors: dict[str, set[str]] = {}

    def anchors_of(rel: str) -> set[str]:
        if rel not in anchors:
            anchors[rel] = heading_ids(by_path[rel].body, SLUGIFY) if rel in by_path else set()
        return anchors[rel]

    for page in docs.topics.values():
        shown = f"{docs.shown}/{page.rel}"
        problems += body_problems(shown, page.rel, page.body, page.body_line, files, anchors_of)
        problems += privacy_problems(shown, page.text, page.body_line, config)
        problems += page_markup_problems(shown, page.meta, page.body, page.body_line, page.text)
        problems += _related_problems(shown, page, docs)
    return sorted(problems, key=lambda p: (p.file, p.line, p.message))


def _related_problems(shown: str, page, docs) -> list[Problem]:
    """Related topics that name no page (a typo, or a page deleted since); one merged into
    another page is that page."""
    related = [str(r) for r in page.meta.get("related") or []]
    unknown = [r for r in related if r not in docs.topics and r not in docs.merged]
    front = page.text.split("\n")[: page.body_line]
    line = next((n for n, text in enumerate(front, 1) if re.match(r"related\s*:", text)), 1)
    why = "related topic '{}' is no page of the docs folder: take it out, or name a page's id"
    return [Problem(shown, line, why.format(r), "error") for r in unknown]


def check_site(site_dir: str, config: Config) -> list[Problem]:
    """The detectors over the text of every built page and over the search index."""
    site = Path(site_dir)
    if not (site / "index.html").is_file():
        why = "no built site here (index.html missing); run 'helpgen build' first"
        raise ConfigError([Problem(site_dir, 0, why, "error")])
    problems: list[Problem] = []
    missing = site / "404.html"  # (no data reaches it: its inline scripts are the theme's)
    scripts = theme_scripts(missing.read_text(encoding="utf-8")) if missing.is_file() else None
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        shown = str(Path(site_dir) / path.relative_to(site))
        problems += site_html_problems(text, shown, scripts or frozenset())
        for m in _REDIRECT_TO.finditer(text):  # (a moved or merged page's old address)
            if not (path.parent / m.group(1) / "index.html").is_file():
                line = text.count("\n", 0, m.start()) + 1
                why = f"a redirect to {m.group(1)}, a page the site does not have"
                problems.append(Problem(shown, line, why, "error"))
        for match in _ARTICLE.finditer(text):
            first = text.count("\n", 0, match.start()) + 1
            lines = [html.unescape(_TAG.sub(" ", line)) for line in match.group(0).split("\n")]
            problems += scan_lines(lines, shown, config, first)
    index = site / "search" / "helpgen_index.json"
    if index.is_file():
        payload = json.loads(index.read_text(encoding="utf-8"))
        shown = str(Path(site_dir) / "search" / "helpgen_index.json")
        for location, title, text, crumbs in payload.get("docs", []):
            for p in scan_lines([f"{title} {text} {' '.join(crumbs)}"], shown, config):
                problems.append(Problem(p.file, 1, f"{p.message} (entry {location})", "error"))
        # Every term the index holds, one per line: a secret must not be findable either.
        terms = [entry[0] for entry in payload.get("index", {}).get("terms", [])]
        for p in scan_lines(terms, shown, config):
            problems.append(Problem(p.file, 1, f"{p.message} (term {p.line})", "error"))
    return problems


def format_problems(problems: list[Problem], style: str) -> list[str]:
    """Problems as lines for people (``text``), for GitHub Actions annotations (``github``) or
    one JSON document (``json``)."""
    if style == "json":
        items = [
            {"file": p.file, "line": p.line, "message": p.message, "severity": p.severity}
            for p in problems
        ]
        return [json.dumps({"problems": items}, ensure_ascii=False, indent=2)]
    if style == "github":
        # Annotation values escape %, CR and LF (the workflow-command format).
        def esc(text: str) -> str:
            return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        return [
            f"::error file={esc(p.file)},line={max(p.line, 1)}::{esc(p.message)}" for p in problems
        ]
    return [str(p) for p in problems]
