"""MkDocs hooks: navigation, breadcrumbs, related topics and redirects, derived from docs_src.

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
import re
import subprocess
from pathlib import Path

import frontmatter
import yaml

from generator.config import load_config
from generator.safe_html import sanitize_html
from generator.search.index import build_index, search_doc, write_index

def index_pages(docs_dir: str) -> dict[str, tuple[int, str]]:
    """Product and symptom index pages (``a/index.md``, ``a/b/index.md``): path -> (nav order, title)."""
    docs = Path(docs_dir)
    found = {}
    for path in sorted(docs.glob("*/index.md")) + sorted(docs.glob("*/*/index.md")):
        try:
            meta = frontmatter.load(str(path)).metadata
        except Exception:  # a broken page is reported by the build itself
            continue
        if "index" in meta:
            found[path.relative_to(docs).as_posix()] = (int(meta.get("nav_order", 999)),
                                                        str(meta.get("title", path.parent.name)))
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
        symptoms = sorted((o, t, p) for p, (o, t) in indexes.items() if p.count("/") == 2 and p.startswith(product + "/"))
        products.append((order, title, [path] + [{name: p} for _, name, p in symptoms]))
    nav += [{name: children} for _, name, children in sorted(products, key=lambda p: (p[0], p[1]))]
    return nav


_index_titles: dict[str, str] = {}
_topics: dict[str, tuple[str, str]] = {}  # id -> (source path, title)


_build: dict = {}  # this build: site_config/ next to mkdocs.yml, and the pages search will know


def on_config(config, **kwargs):
    _build.clear()
    _build["config"] = load_config(Path(config.config_file_path).parent / "site_config")
    _build["search"] = []
    indexes = index_pages(config.docs_dir)
    _index_titles.clear()
    _index_titles.update({path: title for path, (_, title) in indexes.items()})
    if config.nav is None:
        config.nav = build_nav(config.docs_dir, indexes)
    # Old paths of moved or merged topics (written by the generator) keep working.
    redirects = Path(config.docs_dir) / ".redirects.yml"
    if redirects.is_file() and "redirects" in config.plugins:
        maps = yaml.safe_load(redirects.read_text(encoding="utf-8")) or {}
        config.plugins["redirects"].config["redirect_maps"] = {**maps, **config.plugins["redirects"].config.get("redirect_maps", {})}
    return config


def breadcrumbs(src_uri: str, product: str, symptom: str) -> str:
    """Product › symptom links for a topic page, relative to the page's own file."""
    here = posixpath.dirname(src_uri)
    links = []
    for target in (f"{product}/index.md", f"{product}/{symptom}/index.md"):
        if target in _index_titles:
            rel = posixpath.relpath(target, here or ".")
            links.append(f"[{html.escape(_index_titles[target])}]({rel})")
    return '<nav class="hg-crumbs" markdown>' + " › ".join(links) + "</nav>" if links else ""


_updated: dict[str, str] = {}  # source path -> date of the last commit that touched it


def on_files(files, config, **kwargs):
    _topics.clear()
    for file in list(files.documentation_pages()):
        try:
            meta = frontmatter.load(file.abs_src_path).metadata
        except Exception:  # the build reports broken pages itself
            continue
        if str(meta.get("status", "")) == "retired":
            files.remove(file)  # a writer retired it: kept in docs_src, never published
            continue
        if "id" in meta and "index" not in meta:
            _topics.setdefault(str(meta["id"]), (file.src_uri, str(meta.get("title", meta["id"]))))
    _updated.clear()
    _updated.update(last_commit_dates(config.docs_dir))
    return files


def last_commit_dates(docs_dir: str) -> dict[str, str]:
    """Date of the last commit of every file under docs_dir, from one ``git log``; empty outside git."""
    try:
        out = subprocess.run(["git", "-C", docs_dir, "log", "--format=%x00%cs", "--name-only", "--relative", "--", "."],
                             capture_output=True, text=True, timeout=60, check=True).stdout
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


def related_section(src_uri: str, related) -> str:
    """Links to related topics that still exist, relative to the page."""
    here = posixpath.dirname(src_uri)
    items = [f"- [{html.escape(_topics[i][1])}]({posixpath.relpath(_topics[i][0], here or '.')})"
             for i in (str(r) for r in related or []) if i in _topics]
    return "\n\n## 相关问题\n\n" + "\n".join(items) + "\n" if items else ""


def on_page_markdown(markdown, page, config, files, **kwargs):
    meta = page.meta
    # The site's own index replaces Material's (see on_post_build): Material indexes nothing.
    if not (meta.get("search") or {}).get("exclude"):
        doc = search_doc(page.url, meta, markdown, _build["config"])
        if doc is not None:
            _build["search"].append(doc)
    meta["search"] = {"exclude": True}
    if "index" in meta:
        page.edit_url = None  # index pages are rebuilt by the generator: nothing to edit
        return markdown
    if not meta.get("product") or not meta.get("symptom"):
        return markdown
    markdown += related_section(page.file.src_uri, meta.get("related"))
    ticket_url = _build["config"].site.get("ticket_url")
    if ticket_url:
        markdown += ('\n\n!!! tip "仍未解决？"\n\n    如果以上方法没有解决您的问题，请'
                     f'[提交工单]({ticket_url})，技术支持工程师会尽快为您处理。\n')
    if page.file.src_uri in _updated:
        markdown += f"\n\n<p class=\"hg-updated\">最后更新：{_updated[page.file.src_uri]}</p>\n"
    crumbs = breadcrumbs(page.file.src_uri, str(meta["product"]), str(meta["symptom"]))
    if not crumbs:
        return markdown
    # After the page's title, so the title stays the first heading.
    match = re.search(r"^# .*$", markdown, re.M)
    at = match.end() if match else 0
    return markdown[:at] + "\n\n" + crumbs + "\n\n" + markdown[at:].lstrip("\n")


_nav_html: dict = {}  # nav HTML shared by the topic pages of one folder, for one build


def nav_key(page):
    """Topic pages in one folder render the same nav: none of them is in it, and its links,
    relative to the folder, are the same. Their shared key; None for other pages."""
    meta = getattr(page, "meta", None) or {}
    if meta.get("product") and meta.get("symptom") and "index" not in meta:
        return posixpath.dirname(page.url.rstrip("/"))
    return None


def _remember(key, html):
    if key:
        _nav_html[key] = html
    return html


def on_env(env, config, files, **kwargs):
    _nav_html.clear()
    early = Path(config.theme.custom_dir, "assets", "javascripts", "helpgen", "early.js").read_text(encoding="utf-8")
    env.globals.update(helpgen_nav=_nav_html, helpgen_nav_key=nav_key, helpgen_remember=_remember,
                       helpgen_early_js=early)
    return env


# The worker's own line that loads its two libraries; the build puts both into the worker's
# file instead, so the browser fetches one script, not three one after another.
WORKER_IMPORTS = 'importScripts("lunr.js", "analyzer.js")\n'


def bundle_worker(folder: Path) -> None:
    """search-worker.js with lunr.js (from the pinned MkDocs package) and analyzer.js appended.

    The worker's top level requests the index first; lunr and the analyzer are only used once
    the index has arrived, by which time the whole file has run.
    """
    import mkdocs.contrib.search

    worker = (folder / "search-worker.js").read_text(encoding="utf-8")
    if worker.count(WORKER_IMPORTS) != 1:
        raise RuntimeError(f"{folder / 'search-worker.js'}: expected one line {WORKER_IMPORTS.strip()!r} to replace")
    lunr = Path(mkdocs.contrib.search.__file__).parent / "templates" / "search" / "lunr.js"
    parts = [worker.replace(WORKER_IMPORTS, "/* lunr.js and analyzer.js follow (bundled at build time) */\n"),
             lunr.read_text(encoding="utf-8"), (folder / "analyzer.js").read_text(encoding="utf-8")]
    (folder / "search-worker.js").write_text("\n;\n".join(parts), encoding="utf-8")


def on_page_content(html, page, config, files, **kwargs):
    # Nothing from the data, nor a writer's raw HTML, may reach the site as live markup.
    return sanitize_html(html)


def on_post_build(config, **kwargs):
    # The prebuilt search index, and the search worker as one script.
    write_index(build_index(_build["search"], _build["config"]), config.site_dir)
    bundle_worker(Path(config.site_dir, "assets", "javascripts", "helpgen"))
    # Crawlers find the sitemap; site_url comes from mkdocs.yml.
    lines = ["User-agent: *", "Allow: /"]
    if config.site_url:
        lines.append(f"Sitemap: {config.site_url.rstrip('/')}/sitemap.xml")
    Path(config.site_dir, "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
