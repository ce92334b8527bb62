"""Render stage: topics to Markdown page text. Pure: no file access.

Topic pages carry YAML front matter (see CONTRIBUTING.md for the schema) and a
``generated`` fingerprint of what the generator wrote (``pages.stamp``), so a
later run can tell a writer's edit from its own output.
"""

from __future__ import annotations

import re
from types import MappingProxyType

import frontmatter

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
