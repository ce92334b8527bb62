"""Render stage: topics and indexes to Markdown page text. Pure: no file access.

Topic pages carry YAML front matter (see CONTRIBUTING.md for the schema) and a
``generated`` fingerprint of what the generator wrote (``pages.stamp``), so a
later run can tell a writer's edit from its own output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

import frontmatter

from .config import Config
from .markup import escape_inline
from .model import Topic
from .pages import KEY_LENGTH, stamp

# Characters that would be markup in a title are swapped for their full-width
# twins: titles reach HTML through templates that do not escape them.
_TITLE_SAFE = MappingProxyType(
    str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "”", "'": "’", "`": "’"})
)
MAX_PHRASINGS = 20  # other phrasings listed on a page; front matter keeps them all


def safe_title(text: str) -> str:
    return " ".join(text.translate(_TITLE_SAFE).split())


def summary(topic: Topic, limit: int = 120) -> str:
    """Plain one-line summary of the answer (from its first reply that carries knowledge), for
    meta descriptions, listings and search results."""
    text = re.sub(r"```.*?```", " ", topic.summary_md or topic.answer_md, flags=re.S)
    text = re.sub(r"<(https?://[^>]+)>", "", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"[*_>#|]+|&lt;|&gt;|&amp;", " ", text)
    text = " ".join(text.split())
    return safe_title(text[:limit] + ("…" if len(text) > limit else ""))


def topic_metadata(topic: Topic) -> dict:
    return {
        "id": topic.id,
        "title": safe_title(topic.title),
        "product": topic.product,
        "symptom": topic.symptom,
        "tags": list(topic.tags),
        "description": summary(topic),
        "questions": [safe_title(q) for q in topic.questions],
        "sources": [
            {
                "file": s.file,
                "line": s.line,
                "title": safe_title(s.title),
                "key": s.key[:KEY_LENGTH],
            }
            for s in topic.sources
        ],
        "related": list(topic.related),
    }


def topic_body(topic: Topic) -> str:
    parts = [f"# {escape_inline(safe_title(topic.title))}"]
    if topic.question_md:
        parts += ["## 问题描述", topic.question_md]
    parts += ["## 解决方法", topic.answer_md]
    for f in topic.followups:
        parts += [
            f"**追问：** {f.question}" if "\n" not in f.question else f"**追问：**\n\n{f.question}",
            f.answer,
        ]
    if topic.cause_md:
        parts += ["## 原因分析", topic.cause_md]
    others = [q for q in topic.questions if q != topic.title]
    if others:
        shown = "\n".join(f"- {escape_inline(safe_title(q))}" for q in others[:MAX_PHRASINGS])
        if len(others) > MAX_PHRASINGS:
            shown += f"\n\n另有 {len(others) - MAX_PHRASINGS} 种问法。"
        parts += ["## 其他问法", shown]
    if topic.links:
        parts += ["## 相关链接", "\n".join(f"- <{url}>" for _, url in topic.links)]
    for i, conversation in enumerate(topic.conversations):
        label = "原始对话记录" if len(topic.conversations) == 1 else f"原始对话记录（{i + 1}）"
        indented = "\n".join(("    " + line) if line else "" for line in conversation.split("\n"))
        parts.append(f'??? quote "{label}"\n\n{indented}')
    return "\n\n".join(parts) + "\n"


def render_topic(topic: Topic) -> str:
    """The full page text: front matter with its fingerprint, then the body."""
    text = frontmatter.dumps(
        frontmatter.Post(topic_body(topic), **topic_metadata(topic)), sort_keys=False
    )
    return stamp(text)


# --- index pages -------------------------------------------------------------


@dataclass(frozen=True)
class PageInfo:
    """What an index needs to know about a topic page found in the docs folder."""

    path: str  # relative to the docs folder, POSIX
    title: str
    product: str
    symptom: str
    weight: int  # how many raw entries it answers
    description: str = ""


def _link(title: str, target: str) -> str:
    return f"[{escape_inline(safe_title(title))}]({target})"


def _ordered(pages: list[PageInfo]) -> list[PageInfo]:
    return sorted(pages, key=lambda p: (-p.weight, p.title, p.path))


def index_metadata(title: str, order: int, kind: str) -> dict:
    return {"title": title, "nav_order": order, "index": kind}


def render_home(pages: list[PageInfo], config: Config) -> str:
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
        "搜索问题</label>\n\n</div>\n\n"
        "## 按产品浏览\n\n"
        '<div class="grid cards" markdown>\n\n' + "\n\n".join(cards) + "\n\n</div>\n"
    )
    meta = index_metadata("首页", 0, "home")
    meta["hide"] = ["navigation", "toc"]
    return frontmatter.dumps(frontmatter.Post(body, **meta), sort_keys=False) + "\n"


def render_product(product: str, pages: list[PageInfo], config: Config) -> str:
    name = config.product_name(product)
    lines = [f"# {escape_inline(name)}", "", f"共 {len(pages)} 篇解答。", "", "## 按问题类型", ""]
    for symptom, count in _symptom_counts(pages, config):
        lines.append(
            f"- {_link(config.symptom_name(symptom), symptom + '/index.md')}（{count} 篇）"
        )
    lines += ["", "## 常见问题", ""]
    for p in _ordered(pages)[:10]:
        lines.append(f"- {_link(p.title, p.path.split('/', 1)[1])}")
    meta = index_metadata(name, _product_order(product, config)[0], "product")
    return (
        frontmatter.dumps(frontmatter.Post("\n".join(lines) + "\n", **meta), sort_keys=False) + "\n"
    )


def render_symptom(product: str, symptom: str, pages: list[PageInfo], config: Config) -> str:
    name = config.symptom_name(symptom)
    lines = [
        f"# {escape_inline(name)}",
        "",
        f"{escape_inline(config.product_name(product))} · {len(pages)} 篇解答",
        "",
    ]
    for p in _ordered(pages):
        lines.append(f"- {_link(p.title, p.path.rsplit('/', 1)[1])}")
        if p.description:
            lines.append(f"    <br><small>{escape_inline(safe_title(p.description))}</small>")
    order = config.symptoms[symptom].order if symptom in config.symptoms else 999
    meta = index_metadata(name, order, "symptom")
    return (
        frontmatter.dumps(frontmatter.Post("\n".join(lines) + "\n", **meta), sort_keys=False) + "\n"
    )


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
    meta = index_metadata("标签", 1, "tags")
    meta["hide"] = ["toc"]
    return frontmatter.dumps(frontmatter.Post(body, **meta), sort_keys=False) + "\n"
