"""The site's navigation, breadcrumbs and links between topic pages, from the docs folder.

The nav holds the home page, one section per product (its index page) and one
entry per symptom index. Topic pages stay out of the nav on purpose: a nav
that lists every topic makes every page embed every link, and the build grows
with the square of the page count. Topics are reached from symptom indexes
and search. Names and order come from the index pages' front matter, which
the generator writes from the taxonomy.
"""

from __future__ import annotations

import html
import posixpath
import subprocess
from pathlib import Path

import frontmatter
import yaml

from .pages import INDEX, page_kind


def index_pages(docs_dir: str) -> dict[str, tuple[int, str]]:
    """Product and symptom index pages (``a/index.md``, ``a/b/index.md``): path -> (nav order,
    title)."""
    docs = Path(docs_dir)
    found = {}
    for path in sorted(docs.glob("*/index.md")) + sorted(docs.glob("*/*/index.md")):
        try:
            meta = frontmatter.load(str(path)).metadata
        except (
            OSError,
            ValueError,
            yaml.YAMLError,
        ):  # a broken page is reported by the build itself
            continue
        if page_kind(meta) == INDEX:
            found[path.relative_to(docs).as_posix()] = (
                int(meta.get("nav_order", 999)),
                str(meta.get("title", path.parent.name)),
            )
    return found


def build_nav(docs_dir: str, indexes: dict[str, tuple[int, str]]) -> list:
    docs = Path(docs_dir)
    nav: list = []
    if (docs / "index.md").is_file():
        nav.append({"首页": "index.md"})
    if (docs / "tags.md").is_file():
        nav.append({"标签": "tags.md"})
    products = []
    for path, (order, title) in indexes.items():
        if path.count("/") != 1:
            continue
        product = path.split("/")[0]
        symptoms = sorted(
            (o, t, p)
            for p, (o, t) in indexes.items()
            if p.count("/") == 2 and p.startswith(product + "/")
        )
        products.append((order, title, [path] + [{name: p} for _, name, p in symptoms]))
    nav += [{name: children} for _, name, children in sorted(products, key=lambda p: (p[0], p[1]))]
    return nav


def breadcrumbs(src_uri: str, product: str, symptom: str, titles: dict[str, str]) -> str:
    """Product › symptom links for a topic page, relative to the page's own file."""
    here = posixpath.dirname(src_uri)
    links = []
    for target in (f"{product}/index.md", f"{product}/{symptom}/index.md"):
        if target in titles:
            links.append(
                f"[{html.escape(titles[target])}]({posixpath.relpath(target, here or '.')})"
            )
    return '<nav class="hg-crumbs" markdown>' + " › ".join(links) + "</nav>" if links else ""


def related_section(src_uri: str, related, topics: dict[str, tuple[str, str]]) -> str:
    """Links to related topics that still exist (``topics``: id -> (source path, title))."""
    here = posixpath.dirname(src_uri)
    items = [
        f"- [{html.escape(topics[i][1])}]({posixpath.relpath(topics[i][0], here or '.')})"
        for i in (str(r) for r in related or [])
        if i in topics
    ]
    return "\n\n## 相关问题\n\n" + "\n".join(items) + "\n" if items else ""


def last_commit_dates(docs_dir: str) -> dict[str, str]:
    """Date of the last commit of each file under docs_dir, from one ``git log``; empty outside
    git."""
    try:
        out = subprocess.run(
            [
                "git",
                "-C",
                docs_dir,
                "log",
                "--format=%x00%cs",
                "--name-only",
                "--relative",
                "--",
                ".",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    date = ""
    for line in out.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line and date:
            dates.setdefault(line, date)
    return dates
