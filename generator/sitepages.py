"""The pages of the site made at build time from the topic pages: the home page, one index
page per product and per symptom, and the tags page (``plugin.py`` adds them as generated
files). They follow the topic pages as they are, so a writer's edit to one page changes no
file but that page.
"""

from __future__ import annotations

from dataclasses import dataclass

import frontmatter

from .config import Config
from .markup import escape_inline
from .pages import DRAFT
from .render import safe_title


@dataclass(frozen=True)
class PageInfo:
    """What an index needs to know about a topic page found in the docs folder."""

    path: str  # relative to the docs folder, POSIX
    title: str
    product: str
    symptom: str
    weight: int  # how many raw entries it answers
    description: str = ""
    draft: bool = False  # status: draft (only the writers' preview shows drafts)


def _link(title: str, target: str) -> str:
    return f"[{escape_inline(safe_title(title))}]({target})"


def _entry(page: PageInfo, target: str) -> str:
    return f"- {_link(page.title, target)}" + ("（草稿）" if page.draft else "")


# How many of the most-asked questions the home page leads with.
POPULAR = 8


def _ordered(pages: list[PageInfo]) -> list[PageInfo]:
    return sorted(pages, key=lambda p: (-p.weight, p.title, p.path))


def _page(body: str, meta: dict) -> str:
    """A page's text: its front matter, in the order given, then its body."""
    return frontmatter.dumps(frontmatter.Post(body, **meta), sort_keys=False) + "\n"


def index_metadata(title: str, order: int, kind: str, hide: tuple[str, ...] = ()) -> dict:
    """Front matter of a page the build makes; "这篇文章对您有帮助吗？" is for topic pages only."""
    return {"title": title, "nav_order": order, "index": kind, "hide": [*hide, "feedback"]}


def render_home(pages: list[PageInfo], config: Config) -> str:
    """Search first, then the most-asked questions, the products, and how to reach support."""
    pages = [p for p in pages if not p.draft]
    products = sorted({p.product for p in pages}, key=lambda s: _product_order(s, config))
    cards = []
    for slug in products:
        mine = [p for p in pages if p.product == slug]
        symptoms = _symptom_counts(mine, config)[:3]
        names = "、".join(config.symptom_name(s) for s, _ in symptoms)
        cards.append(
            f"-   **[{escape_inline(config.product_name(slug))}]({slug}/index.md)**\n\n"
            f"    ---\n\n    {len(mine)} 篇 · {escape_inline(names)}"
        )
    site = config.site
    body = (
        f"# {escape_inline(site.get('site_name', '帮助中心'))}\n\n"
        '<div class="hg-hero" markdown>\n\n'
        f"{escape_inline(site.get('tagline', ''))}\n\n"
        '<label class="md-button md-button--primary hg-search-button" for="__search">'
        "搜索问题</label>\n\n</div>\n\n" + _popular(pages, config) + "## 按产品浏览\n\n"
        '<div class="grid cards" markdown>\n\n'
        + "\n\n".join(cards)
        + "\n\n</div>\n"
        + _contact(config)
    )
    meta = index_metadata("首页", 0, "home", ("navigation", "toc"))
    return _page(body, meta)


def _popular(pages: list[PageInfo], config: Config) -> str:
    """The questions most customers asked (by how many raw entries each page answers)."""
    if not pages:
        return ""
    lines = ["## 热门问题", ""]
    for p in _ordered(pages)[:POPULAR]:
        product = escape_inline(config.product_name(p.product))
        lines.append(f"- {_link(p.title, p.path)} <small>{product}</small>")
    return "\n".join(lines) + "\n\n"


def _contact(config: Config) -> str:
    """The way to support (site_config/site.yml: ticket_url, contact)."""
    ticket_url = config.site.get("ticket_url")
    note = config.site.get("contact", "")
    if not ticket_url and not note:
        return ""
    lines = ["", "## 联系我们", ""]
    if note:
        lines += [escape_inline(str(note)), ""]
    if ticket_url:
        lines.append(f"[提交工单]({ticket_url}){{ .md-button }}")
    return "\n".join(lines) + "\n"


def render_queue(drafts: list[PageInfo], config: Config) -> str:
    """The writers' queue: drafts, the most-asked first (only in the writers' preview)."""
    lines = [
        "# 写作队列",
        "",
        "这些问题客户问过，但还没有可以发布的答复。越靠前问的人越多。补充答复后删除 front "
        "matter 中的 `status: draft`，页面即会发布。",
        "",
    ]
    for p in _ordered(drafts):
        where = f"{config.product_name(p.product)} › {config.symptom_name(p.symptom)}"
        lines.append(f"1. {_link(p.title, p.path)}：{p.weight} 次提问 · {escape_inline(where)}")
    meta = index_metadata("写作队列", 2, "queue", ("toc",))
    return _page("\n".join(lines) + "\n", meta)


def render_product(product: str, pages: list[PageInfo], config: Config) -> str:
    name = config.product_name(product)
    lines = [f"# {escape_inline(name)}", "", f"共 {len(pages)} 篇解答。", "", "## 按问题类型", ""]
    for symptom, count in _symptom_counts(pages, config):
        lines.append(
            f"- {_link(config.symptom_name(symptom), symptom + '/index.md')}（{count} 篇）"
        )
    lines += ["", "## 常见问题", ""]
    for p in _ordered(pages)[:10]:
        lines.append(_entry(p, p.path.split("/", 1)[1]))
    meta = index_metadata(name, _product_order(product, config)[0], "product")
    return _page("\n".join(lines) + "\n", meta)


def render_symptom(product: str, symptom: str, pages: list[PageInfo], config: Config) -> str:
    name = config.symptom_name(symptom)
    lines = [
        f"# {escape_inline(name)}",
        "",
        f"{escape_inline(config.product_name(product))} · {len(pages)} 篇解答",
        "",
    ]
    for p in _ordered(pages):
        lines.append(_entry(p, p.path.rsplit("/", 1)[1]))
        if p.description:
            lines.append(f"    <br><small>{escape_inline(safe_title(p.description))}</small>")
    order = config.symptoms[symptom].order if symptom in config.symptoms else 999
    meta = index_metadata(name, order, "symptom")
    return _page("\n".join(lines) + "\n", meta)


def _product_order(slug: str, config: Config) -> tuple[int, str]:
    return (config.products[slug].order if slug in config.products else 999, slug)


def _symptom_counts(pages: list[PageInfo], config: Config) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for p in pages:
        counts[p.symptom] = counts.get(p.symptom, 0) + 1
    catch_all_last = lambda s: (s == config.catch_all, -counts[s], s)  # noqa: E731
    return [(s, counts[s]) for s in sorted(counts, key=catch_all_last)]


def render_tags() -> str:
    """The tag index: Material's tags plugin fills in the listing."""
    body = "# 标签\n\n按适用场景浏览全部解答。\n\n<!-- material/tags -->\n"
    meta = index_metadata("标签", 1, "tags", ("toc",))
    return _page(body, meta)


def infos_of(pages, config: Config) -> list[PageInfo]:
    """What the indexes list of each published topic page (``docsfolder.FoundPage`` values)."""
    out = []
    for page in pages:
        meta = page.meta
        weight = len(meta.get("sources") or []) or 1
        out.append(
            PageInfo(
                page.rel,
                str(meta["title"]),
                str(meta["product"]),
                str(meta["symptom"]),
                weight,
                str(meta.get("description") or ""),
                page.kind == DRAFT,
            )
        )
    return sorted(out, key=lambda p: p.path)


def site_pages(infos: list[PageInfo], config: Config) -> dict[str, str]:
    """The home page, the tags page and the index of each product and symptom that has topics:
    path -> page text."""
    pages = {"index.md": render_home(infos, config), "tags.md": render_tags()}
    drafts = [p for p in infos if p.draft]
    if drafts:
        pages["queue.md"] = render_queue(drafts, config)
    for product in sorted({p.product for p in infos}):
        mine = [p for p in infos if p.product == product]
        pages[f"{product}/index.md"] = render_product(product, mine, config)
        for symptom in sorted({p.symptom for p in mine}):
            theirs = [p for p in mine if p.symptom == symptom]
            pages[f"{product}/{symptom}/index.md"] = render_symptom(
                product, symptom, theirs, config
            )
    return pages


def site_nav(infos: list[PageInfo], config: Config) -> list:
    """Home, tags, then each product (its index page) with its symptoms, in the taxonomy's order.
    Topic pages stay out of it: a nav that lists every topic makes every page embed every link,
    and the build grows with the square of the page count."""
    nav: list = [{"首页": "index.md"}, {"标签": "tags.md"}]
    if any(p.draft for p in infos):
        nav.append({"写作队列": "queue.md"})
    for product in sorted({p.product for p in infos}, key=lambda s: _product_order(s, config)):
        symptoms = {p.symptom for p in infos if p.product == product}
        ordered = sorted(
            symptoms, key=lambda s: (config.symptoms[s].order if s in config.symptoms else 999, s)
        )
        children = [f"{product}/index.md"] + [
            {config.symptom_name(s): f"{product}/{s}/index.md"} for s in ordered
        ]
        nav.append({config.product_name(product): children})
    return nav


def index_titles(infos: list[PageInfo], config: Config) -> dict[str, str]:
    """The title of each product and symptom index page, by path (for breadcrumbs)."""
    titles = {}
    for p in infos:
        titles[f"{p.product}/index.md"] = config.product_name(p.product)
        titles[f"{p.product}/{p.symptom}/index.md"] = config.symptom_name(p.symptom)
    return titles
