"""The MkDocs plugin (``plugins: [helpgen]``): the site around the topic pages.

It coordinates; the work lives beside it: the pages made from the topic pages (index
pages, home, tags: ``sitepages.py``), what a topic page shows of the others
(``navigation.py``, ``relate.py``), the checks ``helpgen check`` runs (``pagecheck.py``:
each problem is a warning here, so the strict build fails on everything check reports),
the search index (``search/``) and the HTML allow-list (``safe_html.py``). State belongs to
the instance and lasts one build.

``preview: true`` (or the environment variable HELPGEN_PREVIEW=1) builds the site writers
review in a pull request: drafts are on it, and every page has its edit link and the
repository link. Without it, the customer site shows neither.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from .config import Config, load_config
from .docsfolder import Docs, read_docs
from .markup import plain_label
from .markupcheck import page_markup_problems
from .navigation import breadcrumbs, last_commit_dates, related_section
from .pagecheck import SLUGIFY, body_problems, heading_ids, privacy_problems
from .pages import DRAFT, RETIRED
from .relate import Relatable, related_ids
from .safe_html import sanitize_html
from .search.index import SearchDoc, answer_text, build_index, search_doc, write_index
from .sitepages import index_titles, infos_of, site_nav, site_pages
from .words import Words

WORKER = "assets/javascripts/helpgen/search-worker.js"
EARLY = "assets/javascripts/helpgen/early.js"
# The worker's own line that loads its two libraries; the build puts both into the worker's
# file instead, so the browser fetches one script, not three one after another.
WORKER_IMPORTS = 'importScripts("lunr.js", "analyzer.js")\n'
_APP_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
log = logging.getLogger("mkdocs.plugins.helpgen")


class HelpgenConfig(base.Config):
    site_config = c.Type(str, default="site_config")
    """The generator's configuration folder, relative to mkdocs.yml."""
    preview = c.Type(bool, default=False)
    """Build the writers' preview: drafts, edit links and the repository link on."""


class HelpgenPlugin(BasePlugin[HelpgenConfig]):
    def __init__(self):
        self.settings: Config | None = None
        self.docs: Docs | None = None
        self.preview = False
        self.titles: dict[str, str] = {}  # index page path -> title
        self.topics: dict[str, tuple[str, str]] = {}  # topic id -> (source path, title)
        self.related: dict[str, tuple[str, ...]] = {}
        self.updated: dict[str, str] = {}  # source path -> date of its last commit
        self.search_docs: list[SearchDoc] = []
        self.anchors: dict[str, set[str]] = {}
        self.known: set[str] = set()  # the site's files, by source path

    def on_config(self, config, **kwargs):
        self.settings = load_config(Path(config.config_file_path).parent / self.config.site_config)
        self.preview = self.config.preview or os.environ.get("HELPGEN_PREVIEW") == "1"
        shown = os.path.relpath(config.docs_dir)
        shown = config.docs_dir if shown.startswith("..") else shown
        self.docs = read_docs(Path(config.docs_dir), self.settings, shown)
        for problem in self.docs.problems:
            log.warning(str(problem))
        self.search_docs, self.anchors = [], {}
        published = self._published()
        infos = infos_of(published, self.settings)
        self.titles = index_titles(infos, self.settings)
        if config.nav is None:
            config.nav = site_nav(infos, self.settings)
        if not self.preview:  # the customer site: no edit links, no repository link
            config.repo_url, config.repo_name, config.edit_uri = None, None, None
        # Old paths of moved or merged topics keep working, when the page they lead to is on
        # this site (not a draft the customer site leaves out: that address shows the 404 page).
        if "redirects" in config.plugins:
            options = config.plugins["redirects"].config
            shown = {p.rel for p in published}
            moved = {old: new for old, new in self.docs.redirects().items() if new in shown}
            options["redirect_maps"] = {**moved, **options.get("redirect_maps", {})}
        return config

    def _published(self) -> list:
        shown = (RETIRED,) if self.preview else (RETIRED, DRAFT)
        return [p for p in self.docs.topics.values() if p.kind not in shown]

    def on_files(self, files, config, **kwargs):
        published = {p.rel for p in self._published()}
        for file in list(files.documentation_pages()):
            if file.src_uri not in published:
                files.remove(
                    file
                )  # retired, a draft, an old index page or a page that cannot be read
        infos = infos_of(self._published(), self.settings)
        for path, text in site_pages(infos, self.settings).items():
            files.append(File.generated(config, path, content=text))
        words = Words(self.settings)
        relatable, self.topics = [], {}
        for page in self._published():
            topic_id, title = str(page.meta["id"]), str(page.meta["title"])
            self.topics[topic_id] = (page.rel, title)
            questions = [title, *(page.meta.get("questions") or [])]
            asked = frozenset(w for q in questions for w in words.tokens(str(q)))
            told = frozenset(words.tokens(answer_text(page.body)))
            relatable.append(Relatable(topic_id, str(page.meta["product"]), asked, told))
        self.related = related_ids(relatable)
        self.known = {f.src_uri for f in files}
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
        # Templates print the title, the description and the tags as they are (tag chips, the
        # tags page, <title>, the meta description): whatever a page holds, they are text.
        for key in ("title", "description"):
            if isinstance(meta.get(key), str):
                meta[key] = plain_label(meta[key])
        if isinstance(meta.get("tags"), list):
            meta["tags"] = [plain_label(str(t)) for t in meta["tags"]]
        if isinstance(meta.get("title"), str):
            page.title = meta["title"]
        # The site's own index replaces Material's (see on_post_build): Material indexes nothing.
        doc = search_doc(page.url, meta, markdown, self.settings)
        if doc is not None:
            self.search_docs.append(doc)
        meta["search"] = {"exclude": True}
        found = self.docs.topics.get(str(meta.get("id", "")))
        if "index" in meta or found is None or found.rel != page.file.src_uri:
            page.edit_url = None  # made by the build: nothing to edit
            return markdown
        self._check(found)
        return self._topic_markdown(markdown, page)

    def _check(self, page) -> None:
        """What helpgen check reports of the page, as warnings (the strict build fails on them)."""
        shown = f"{self.docs.shown}/{page.rel}"
        found = body_problems(shown, page.rel, page.body, page.body_line, self.known, self._anchors)
        found += page_markup_problems(shown, page.meta, page.body, page.body_line, page.text)
        for problem in found + privacy_problems(shown, page.text, page.body_line, self.settings):
            log.warning(str(problem))

    def _anchors(self, rel: str) -> set[str]:
        if rel not in self.anchors:
            target = self.docs.by_path.get(rel)
            self.anchors[rel] = heading_ids(target.body, SLUGIFY) if target is not None else set()
        return self.anchors[rel]

    def _topic_markdown(self, markdown: str, page) -> str:
        """A topic page with related topics, the way to a ticket, its last update, breadcrumbs."""
        meta, src = page.meta, page.file.src_uri
        # (a topic a writer merged into another is that other page now)
        chosen = [self.docs.merged.get(str(r), str(r)) for r in meta.get("related") or []]
        chosen = [r for r in dict.fromkeys(chosen) if r != str(meta["id"])]
        related = chosen + [r for r in self.related.get(str(meta["id"]), ()) if r not in chosen]
        markdown += related_section(src, related[:5], self.topics)
        ticket_url = self.settings.site.get("ticket_url")
        if ticket_url:
            markdown += (
                '\n\n!!! tip "仍未解决？"\n\n    如果以上方法没有解决您的问题，请'
                f"[提交工单]({ticket_url})，技术支持工程师会尽快为您处理。\n"
            )
        if src in self.updated:
            markdown += f'\n\n<p class="hg-updated">最后更新：{self.updated[src]}</p>\n'
        crumbs = breadcrumbs(src, str(meta["product"]), str(meta["symptom"]), self.titles)
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

    @event_priority(-50)  # after Material's own plugins have written their files
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
