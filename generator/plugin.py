"""The MkDocs plugin (``plugins: [helpgen]``): the site around the topic pages.

It coordinates; the work lives beside it: navigation and links between pages
(``navigation.py``), the search index (``search/``) and the HTML allow-list
(``safe_html.py``). State belongs to the instance and lasts one build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import frontmatter
import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .config import Config, load_config
from .navigation import breadcrumbs, build_nav, index_pages, last_commit_dates, related_section
from .pages import INDEX, REDIRECTS, RETIRED, page_kind
from .safe_html import sanitize_html
from .search.index import SearchDoc, build_index, search_doc, write_index

WORKER = "assets/javascripts/helpgen/search-worker.js"
EARLY = "assets/javascripts/helpgen/early.js"
# The worker's own line that loads its two libraries; the build puts both into the worker's
# file instead, so the browser fetches one script, not three one after another.
WORKER_IMPORTS = 'importScripts("lunr.js", "analyzer.js")\n'
_APP_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


class HelpgenConfig(base.Config):
    site_config = c.Type(str, default="site_config")
    """The generator's configuration folder, relative to mkdocs.yml."""


class HelpgenPlugin(BasePlugin[HelpgenConfig]):
    def __init__(self):
        self.settings: Config | None = None
        self.index_titles: dict[str, str] = {}  # index page path -> title
        self.topics: dict[str, tuple[str, str]] = {}  # topic id -> (source path, title)
        self.updated: dict[str, str] = {}  # source path -> date of its last commit
        self.search_docs: list[SearchDoc] = []

    def on_config(self, config, **kwargs):
        self.settings = load_config(Path(config.config_file_path).parent / self.config.site_config)
        self.search_docs = []
        indexes = index_pages(config.docs_dir)
        self.index_titles = {path: title for path, (_, title) in indexes.items()}
        if config.nav is None:
            config.nav = build_nav(config.docs_dir, indexes)
        # Old paths of moved or merged topics (written by the generator) keep working.
        redirects = Path(config.docs_dir) / REDIRECTS
        if redirects.is_file() and "redirects" in config.plugins:
            options = config.plugins["redirects"].config
            maps = yaml.safe_load(redirects.read_text(encoding="utf-8")) or {}
            options["redirect_maps"] = {**maps, **options.get("redirect_maps", {})}
        return config

    def on_files(self, files, config, **kwargs):
        self.topics = {}
        for file in list(files.documentation_pages()):
            try:
                meta = frontmatter.load(file.abs_src_path).metadata
            except (OSError, ValueError, yaml.YAMLError):  # the build reports broken pages itself
                continue
            kind = page_kind(meta)
            if kind == RETIRED:
                files.remove(file)  # a writer retired it: kept in docs_src, never published
            elif kind != INDEX and "id" in meta:
                self.topics.setdefault(
                    str(meta["id"]), (file.src_uri, str(meta.get("title", meta["id"])))
                )
        self.updated = last_commit_dates(config.docs_dir)
        return files

    def on_env(self, env, config, files, **kwargs):
        # Inlined as the page's first script (overrides/main.html): it starts the search worker.
        env.globals["helpgen_early_js"] = Path(config.theme.custom_dir, EARLY).read_text(
            encoding="utf-8"
        )
        return env

    def on_page_markdown(self, markdown, page, config, files, **kwargs):
        meta = page.meta
        # The site's own index replaces Material's (see on_post_build): Material indexes nothing.
        if not (meta.get("search") or {}).get("exclude"):
            doc = search_doc(page.url, meta, markdown, self.settings)
            if doc is not None:
                self.search_docs.append(doc)
        meta["search"] = {"exclude": True}
        if page_kind(meta) == INDEX:
            page.edit_url = None  # index pages are rebuilt by the generator: nothing to edit
            return markdown
        if not meta.get("product") or not meta.get("symptom"):
            return markdown
        return self._topic_markdown(markdown, page)

    def _topic_markdown(self, markdown: str, page) -> str:
        """A topic page with related topics, the way to a ticket, its last update, breadcrumbs."""
        meta, src = page.meta, page.file.src_uri
        markdown += related_section(src, meta.get("related"), self.topics)
        ticket_url = self.settings.site.get("ticket_url")
        if ticket_url:
            markdown += (
                '\n\n!!! tip "仍未解决？"\n\n    如果以上方法没有解决您的问题，请'
                f"[提交工单]({ticket_url})，技术支持工程师会尽快为您处理。\n"
            )
        if src in self.updated:
            markdown += f'\n\n<p class="hg-updated">最后更新：{self.updated[src]}</p>\n'
        crumbs = breadcrumbs(src, str(meta["product"]), str(meta["symptom"]), self.index_titles)
        if not crumbs:
            return markdown
        # After the page's title, so the title stays the first heading.
        match = re.search(r"^# .*$", markdown, re.M)
        at = match.end() if match else 0
        return markdown[:at] + "\n\n" + crumbs + "\n\n" + markdown[at:].lstrip("\n")

    def on_page_content(self, html, page, config, files, **kwargs):
        # Nothing from the data, nor a writer's raw HTML, may reach the site as live markup.
        return sanitize_html(html)

    def on_post_page(self, output, page, config, **kwargs):
        return use_site_worker(output)

    def on_post_template(self, output_content, template_name, config, **kwargs):
        return use_site_worker(output_content)  # (404.html)

    def on_post_build(self, config, **kwargs):
        # The prebuilt search index, and the search worker as one script.
        write_index(build_index(self.search_docs, self.settings), config.site_dir)
        bundle_worker(Path(config.site_dir, WORKER))
        # Crawlers find the sitemap; site_url comes from mkdocs.yml.
        lines = ["User-agent: *", "Allow: /"]
        if config.site_url:
            lines.append(f"Sitemap: {config.site_url.rstrip('/')}/sitemap.xml")
        Path(config.site_dir, "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def use_site_worker(html: str) -> str:
    """A page whose Material page script starts the site's search worker, not Material's.

    Material reads its worker's URL, relative to the page like every asset, from its
    ``__config`` JSON (key ``search``); only that value changes, whatever Material's own
    worker file is called.
    """
    match = _APP_CONFIG.search(html)
    if match is None:
        return html
    app = json.loads(match.group(2))
    url = app.get("search")
    if not isinstance(url, str) or "assets/" not in url:
        raise PluginError(
            "Material's page configuration names no search worker under assets/ any more: "
            "see use_site_worker in generator/plugin.py"
        )
    if url.endswith(WORKER):
        return html
    old = f'"search": {json.dumps(url)}'
    new = f'"search": {json.dumps(url[: url.index("assets/")] + WORKER)}'
    return html[: match.start(2)] + match.group(2).replace(old, new, 1) + html[match.end(2) :]


def bundle_worker(worker: Path) -> None:
    """search-worker.js with lunr.js (from the pinned MkDocs package) and analyzer.js appended.

    The worker's top level requests the index first; lunr and the analyzer are only used once
    the index has arrived, by which time the whole file has run.
    """
    import mkdocs.contrib.search

    text = worker.read_text(encoding="utf-8")
    if text.count(WORKER_IMPORTS) != 1:
        raise PluginError(f"{worker}: expected one line {WORKER_IMPORTS.strip()!r} to replace")
    lunr = Path(mkdocs.contrib.search.__file__).parent / "templates" / "search" / "lunr.js"
    parts = [
        text.replace(
            WORKER_IMPORTS, "/* lunr.js and analyzer.js follow (bundled at build time) */\n"
        ),
        lunr.read_text(encoding="utf-8"),
        (worker.parent / "analyzer.js").read_text(encoding="utf-8"),
    ]
    worker.write_text("\n;\n".join(parts), encoding="utf-8")
