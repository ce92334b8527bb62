"""Render stage: topics to Markdown page text. Pure: no file access.

Topic pages carry YAML front matter (see CONTRIBUTING.md for the schema) and a
``generated`` fingerprint of what the generator wrote (``pages.stamp``), so a
later run can tell a writer's edit from its own output.
"""

from __future__ import annotations

import re
from types import MappingProxyType

import frontmatter

from .markup import FENCED, escape_inline
from .model import Topic
from .pages import KEY_LENGTH, stamp

# Characters that would be markup in a title are swapped for their full-width
# twins: titles reach HTML through templates that do not escape them.
_TITLE_SAFE = MappingProxyType(
    str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "”", "'": "’", "`": "’"})
)
DRAFT_NOTE = (
    '!!! note "草稿：尚无可发布的答复"\n\n'
    "    {count} 条客户提问问的是这个问题，但客服的答复中没有可以复用的知识。"
    "请补充答复，然后删除 front matter 中的 `status: draft` 发布本页。"
)


_POINTER = r"(?:(?:请|可以|可|您可以)?参考(?:下|一下)?(?:文档|链接)?|详见|参见|参考文档)"


def safe_title(text: str) -> str:
    return " ".join(text.translate(_TITLE_SAFE).split())


def summary(topic: Topic, limit: int = 120) -> str:
    """Plain one-line summary of the answer (from its first reply that carries knowledge), for
    meta descriptions, listings and search results."""
    # (linear time: no pattern reads on past the next opening bracket or beyond its bound, so a
    # line of a million '[' or '<https://' is read once)
    text = FENCED.sub(" ", topic.summary_md or topic.answer_md)
    # (a link goes, and so do the words that pointed at it: "可以参考下：<https://…>")
    text = re.sub(rf"(?:{_POINTER}[：:]?\s*)?<https?://[^<>\s]{{1,2048}}>", " ", text)
    text = re.sub(r"!\[[^\[\]]{0,1000}\]\([^()\s]{0,2048}\)", "", text)
    text = re.sub(r"\[([^\[\]]{0,1000})\]\([^()\s]{0,2048}\)", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text)
    # (an underscore inside a word is part of it: C_onlinesales@ucloud.cn, ERR_SERVER_SSO)
    text = re.sub(r"[*>#|]+|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])|&lt;|&gt;|&amp;", " ", text)
    text = " ".join(text.split())
    # (a label whose link went, after the last sentence: "…每月都有。免费额度须知：")
    text = re.sub(r"(?<=[。！!？?；;])[^。！!？?；;]{0,12}[：:]$", "", text).rstrip(" ，,：:")
    text = re.sub(r"[：:]\s*(?=[。；;])", "", text)  # (…实时消费明细：<https://…>。)
    text = _unmarked(text)
    return safe_title(text[:limit] + ("…" if len(text) > limit else ""))


def _unmarked(text: str) -> str:
    """A summary without what redaction hid: a customer's domain is 域名, and sentences that
    hold another hidden value go when others say enough (8 letters or more) without them."""
    text = re.sub(r"(?<![/.])‹域名\d*›\s*(?![/.])", "域名", text)
    sentences = re.findall(r"[^。！!？?；;]+[。！!？?；;]?", text)
    clear = "".join(s for s in sentences if "‹" not in s).strip(" ，,")
    return clear if len(re.sub(r"\W", "", clear)) >= 8 else text


def topic_metadata(topic: Topic) -> dict:
    return {
        **({"status": "draft"} if topic.draft else {}),
        "id": topic.id,
        "title": safe_title(topic.title),
        "product": topic.product,
        "symptom": topic.symptom,
        **({"vendor": topic.vendor} if topic.vendor else {}),
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
    """A help article: 问题现象, 原因 (only a specific one), 解决方法 (the answer, then the
    later questions whose answers add knowledge), 相关文档. A draft shows what writers need:
    the question and every phrasing customers used."""
    parts = [f"# {escape_inline(safe_title(topic.title))}"]
    if topic.question_md:
        parts += ["## 问题现象", topic.question_md]
    if topic.draft:
        shown = "\n".join(f"- {escape_inline(safe_title(q))}" for q in topic.questions)
        parts += [DRAFT_NOTE.format(count=len(topic.sources)), "## 客户的问法", shown]
        return "\n\n".join(parts) + "\n"
    if topic.cause_md:
        parts += ["## 原因", topic.cause_md]
    parts.append("## 解决方法")
    if topic.answer_md:
        parts.append(named_links(topic.answer_md, topic.links))
    for f in topic.followups:
        if f.question:
            parts.append(f"**{escape_inline(safe_title(f.question))}**")
        parts.append(named_links(f.answer, topic.links))
    if topic.links:
        listed = [f"- [{escape_inline(name)}]({_target(url)})" for name, url in topic.links]
        parts += ["## 相关文档", "\n".join(listed)]
    return "\n\n".join(parts) + "\n"


def named_links(md: str, links: tuple[tuple[str, str], ...]) -> str:
    """``md`` with each bare link to a listed document under the document's name, as a help
    article links it: the label that stood before the address becomes the link.

    >>> url = "https://developer.qiniu.com/af/kb/1574/free-credit-information"
    >>> named_links(f"每月都有。免费额度须知：<{url}>", (("免费额度须知", url),))
    '每月都有。[免费额度须知](https://developer.qiniu.com/af/kb/1574/free-credit-information)'
    >>> named_links(f"请参考 <{url}> 操作", (("七牛云文档：免费额度", url),))
    '请参考 [免费额度](https://developer.qiniu.com/af/kb/1574/free-credit-information) 操作'
    """
    for name, url in links:
        label = escape_inline(name)
        # (inside a sentence a titled document needs no site name: "参考[日志下载](…)")
        site, _, title = label.partition("：")
        shown = title if title and re.search(r"[\u4e00-\u9fff]", title) else label
        md = re.sub(
            rf"(?:{re.escape(label)}\s*(?:{_POINTER})?[：:]?\s*)?<{re.escape(url)}>",
            lambda _, shown=shown, url=url: f"[{shown}]({_target(url)})",
            md,
        )
    return md


def _target(url: str) -> str:
    """A URL as a link target: parentheses and spaces percent-encoded."""
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def render_topic(topic: Topic) -> str:
    """The full page text: front matter with its fingerprint, then the body."""
    text = frontmatter.dumps(
        frontmatter.Post(topic_body(topic), **topic_metadata(topic)), sort_keys=False
    )
    return stamp(text)
