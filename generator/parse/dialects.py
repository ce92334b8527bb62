"""Vendor dialects of FAQ pages, made plain Markdown line by line.

Each rule is a small named function with a test from a real page (tests/test_dialects.py).
They run outside code fences and code spans, keep every line's original number (see
``blocks.py``), and run in the order of ``normalise``:

* ``front_matter``: YAML front matter (Hugo, Jekyll) is read, its lines blanked;
* ``site_chrome``: lines a scraper copied from the vendor's site around the page (关注阿里云,
  复制为 MD 格式, 上一篇/下一篇, 本页导读 …, ``CHROME``) and outlines that repeat the page's
  own headings before them;
* ``anchors``: ``[](id:q1)``, ``[原因一](id:yy1)``, ``<a name=…></a>``, ``<span id=…></span>``;
* ``dokuwiki``: ``{{indexmenu_n>10}}``, ``~~NOTOC~~``, ``<wrap>``, ``[[url|text]]``,
  ``[[url|{{image}}]]``;
* ``heading_marks``: ``{#id .class}`` after a heading, ``##标题`` without a space;
* ``padded_emphasis``: ``** 粗体 **`` (bold where the vendor renders it) as ``**粗体**``;
* ``inline_html``: ``<img>``, ``<a href>``, ``<span>``/``<font>``/``<div>``/``<p>`` wrappers and
  ``</br>`` as Markdown; unknown vendor tags (``<dx-…>``) are a warning;
* ``entities``: ``&lt;``, ``&apos;``, ``&nbsp;`` … decoded exactly once (the clean stage
  escapes what must be escaped); leading ``&nbsp;`` indentation goes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from types import MappingProxyType

import yaml

from . import blocks, tables
from .blocks import Line, code_lines

Warn = Callable[[int, str], None]

CHROME = tuple(
    re.compile(p)
    for p in (
        r"^#{0,6}\s*关注阿里云\s*$",
        r"^关注阿里云公众号或下载阿里云\s*APP",
        r"^!\[阿里云APP\]",
        r"^联系我们[:：]\s*[\d-]{7,}\s*$",
        r"^\[首页\]\(https?://help\.aliyun\.com/?\)",
        r"^更新时间[:：]\s*\d{4}-\d{2}-\d{2}",
        r"^复制为\s*MD\s*格式$",
        r"^\[(?:产品详情|我的收藏)\]\(",
        r"^上一篇[:：]",
        r"^该文章对您有帮助吗[？?]?$",
        r"^反馈$",
        r"^[-*]?\s*本页导读",
    )
)
_VENDOR_TAG = re.compile(r"</?(dx-[\w-]+)\b[^>]*>", re.I)


_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?=\s|$)")
_HEADING_ATTRS = re.compile(r"\s*\{\s*(?:[#.][\w:-]+\s*)+\}\s*$")
_CODE_SPAN = re.compile(r"(`+).+?\1")


def front_matter(lines: list[Line], warn: Warn) -> tuple[dict, list[Line]]:
    """The YAML front matter (``---`` … ``---`` on the first lines) and the lines without it."""
    if not lines or lines[0][1].strip() != "---":
        return {}, lines
    end = next((i for i in range(1, len(lines)) if lines[i][1].strip() in ("---", "...")), None)
    if end is None:
        return {}, lines
    try:
        meta = yaml.safe_load("\n".join(t for _, t in lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        warn(lines[0][0] + 1 + (mark.line if mark else 0), "front matter is not valid YAML")
        meta = {}
    blank = [(n, "") for n, _ in lines[: end + 1]]
    return (meta if isinstance(meta, dict) else {}), blank + lines[end + 1 :]


def site_chrome(lines: list[Line]) -> list[Line]:
    """The page without the vendor site's chrome lines and the outline that repeats its
    headings (本页导读, an anchor-link table of contents)."""
    code = code_lines(lines)
    later: dict[str, int] = {}  # heading text -> index of its last heading
    for i in range(len(lines) - 1, -1, -1):
        m = None if code[i] else _HEADING.match(lines[i][1])
        if m:
            later.setdefault(_plain(lines[i][1][m.end() :]), i)
    out = []
    for i, (number, text) in enumerate(lines):
        stripped = text.strip()
        if not code[i] and not _HEADING.match(text) and stripped:
            key = _plain(re.sub(r"^[-*+]\s+", "", stripped))
            if any(p.search(stripped) for p in CHROME) or later.get(key, -1) > i:
                out.append((number, ""))
                continue
        if not code[i] and _HEADING.match(text) and any(p.search(stripped) for p in CHROME):
            out.append((number, ""))
            continue
        out.append((number, text))
    return out


def _plain(text: str) -> str:
    """Text of a line for comparing outlines with headings: no links, marks or spaces."""
    text = _LINK.sub(r"\1", text)
    text = _HEADING_ATTRS.sub("", text)
    return re.sub(r"[\s*#`]+", "", text)


# (Linear time: no pattern reads on past the next opening bracket or beyond its bound, so a
# line of a million '[' or '{' is read once.)
_LINK = re.compile(r"\[([^\[\]]{0,1000})\]\([^()\s]{0,2048}\)")
_ANCHOR_STUB = re.compile(
    r"\[\]\((?:id:|#)[^()\s]{0,256}\)"
    r"|<(a|span)\s{1,16}(?:id|name)\s{0,16}=\s{0,16}[\"'][^\"'<>]{0,256}[\"']\s{0,16}>\s{0,16}</\1\s{0,16}>",
    re.I,
)
_ID_LINK = re.compile(r"\[([^\[\]]{1,1000})\]\(id:[^()\s]{0,256}\)")


def anchors(text: str) -> str:
    """``[](id:q1)`` and ``<a name=…></a>`` stubs go; ``[text](id:x)`` keeps its text."""
    return _ID_LINK.sub(r"\1", _ANCHOR_STUB.sub("", text))


_DOKU_MACRO = re.compile(
    r"\{\{indexmenu(?:_n)?>[^{}]{0,256}\}\}|~~[A-Z]{1,32}~~|</?wrap\b[^<>]{0,256}>", re.I
)
_DOKU_IMAGE_LINK = re.compile(
    r"\[\[([^|\[\]]{1,1000})\|\{\{\s{0,16}([^{}|?]{1,1000}?)(?:\?[^{}|]{0,256})?(?:\|[^{}]{0,256})?"
    r"\}\}\]\]"
)
_DOKU_LINK = re.compile(r"\[\[([^|\[\]]{1,1000})\|([^\[\]]{1,1000})\]\]|\[\[([^|\[\]]{1,1000})\]\]")
_DOKU_IMAGE = re.compile(
    r"\{\{\s{0,16}([^{}|?\s]{1,1000}\.(?:png|jpe?g|gif|svg|webp))(?:\?[^{}|]{0,256})?"
    r"(?:\|[^{}]{0,256})?\}\}"
)


def dokuwiki(text: str) -> str:
    """DokuWiki remnants of migrated pages: index macros go, links and images become Markdown."""
    text = _DOKU_MACRO.sub("", text)
    text = _DOKU_IMAGE_LINK.sub(
        lambda m: f"[![]({m.group(2).strip()})]({m.group(1).strip()})", text
    )
    text = _DOKU_LINK.sub(
        lambda m: f"[{m.group(2).strip()}]({m.group(1).strip()})" if m.group(1) else m.group(3),
        text,
    )
    return _DOKU_IMAGE.sub(lambda m: f"![]({m.group(1)})", text)


_PADDED_STRONG = re.compile(
    r"(?<![\\*])\*\*(?=[ \t]*\S)([ \t]*)([^*\n]*?[^*\s\\])([ \t]*)\*\*(?!\*)"
)


def padded_emphasis(text: str) -> str:
    """``** text **`` (bold in the vendor's renderer, not in CommonMark) as ``**text**``."""
    return _PADDED_STRONG.sub(
        lambda m: f"**{m.group(2).strip()}**" if m.group(1) or m.group(3) else m.group(0), text
    )


_HEADING_NO_SPACE = re.compile(r"^(\s{0,3}#{1,6})(?=[^#\s])(?=.*[\u4e00-\u9fff])")


def heading_marks(text: str) -> str:
    """``{#id .class}`` attribute blocks after a heading go; ``##标题`` gets its space."""
    text = _HEADING_NO_SPACE.sub(r"\1 ", text)
    return _HEADING_ATTRS.sub("", text) if _HEADING.match(text) else text


_IMG = re.compile(r"<img\b([^<>]{0,4096}?)/?>", re.I)
_A_HREF = re.compile(
    r"<a\b[^<>]{0,1024}?\bhref\s{0,16}=\s{0,16}[\"']([^\"'<>]{0,2048})[\"'][^<>]{0,1024}>"
    r"(.{0,2048}?)</a\s{0,16}>",
    re.I,
)
_WRAPPER = re.compile(r"</?(?:span|font|div|center|section|article|a)\b[^>]*>", re.I)
_PARAGRAPH = re.compile(r"</?p\b[^>]*>", re.I)
_BR_CLOSE = re.compile(r"</br\s*>", re.I)


def inline_html(text: str) -> str:
    """Images, links and wrapper tags written in HTML, as Markdown."""
    text = _IMG.sub(_image, text)
    text = _A_HREF.sub(
        lambda m: f"[{_WRAPPER.sub('', m.group(2)).strip()}]({m.group(1).strip()})", text
    )
    text = _BR_CLOSE.sub("<br>", text)
    return _PARAGRAPH.sub("", _WRAPPER.sub("", text))


def _image(m: re.Match) -> str:
    attrs = m.group(1)
    src = re.search(r"\bsrc\s*=\s*[\"']([^\"']+)[\"']", attrs)
    alt = re.search(r"\balt\s*=\s*[\"']([^\"']*)[\"']", attrs)
    return f"![{alt.group(1) if alt else ''}]({src.group(1).strip()})" if src else ""


_SAFE_AFTER_DECODE = re.compile(
    r"</?(?:table|thead|tbody|tfoot|tr|th|td|br|b|strong|em|i|code|p|ul|ol|li|sup|sub)\b[^<]*?>",
    re.I,
)
_LEADING_NBSP = re.compile(r"^(\s*)(?:&nbsp;|\u00a0|&ensp;|&emsp;)+")


def entities(text: str) -> str:
    """Character references decoded once. Decoded text that would read as one of the tags
    the clean stage keeps (``&lt;b&gt;``) is shown as code instead."""
    text = _LEADING_NBSP.sub(r"\1", text)
    decoded = (
        html.unescape(text).replace("\u00a0", " ").replace("\u2002", " ").replace("\u2003", " ")
    )
    if decoded != text and "<" in decoded:
        raw = set(_SAFE_AFTER_DECODE.findall(text))
        decoded = _SAFE_AFTER_DECODE.sub(
            lambda m: m.group(0) if m.group(0) in raw else f"`{m.group(0)}`", decoded
        )
    return decoded


LINE_RULES = (anchors, dokuwiki, heading_marks, padded_emphasis, inline_html, entities)


def outside_code(rule: Callable[[str], str], text: str) -> str:
    """``rule`` applied to the parts of a line outside code spans."""
    out, pos = [], 0
    for m in _CODE_SPAN.finditer(text):
        out.append(rule(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(rule(text[pos:]))
    return "".join(out)


def line_rules(lines: list[Line], warn: Warn) -> list[Line]:
    """Every rule of ``LINE_RULES`` on every line outside code fences; unknown vendor tags
    are reported (their text is kept)."""
    code = code_lines(lines)
    out = []
    for (number, text), in_code in zip(lines, code):
        if not in_code:
            for tag in _VENDOR_TAG.findall(text):
                warn(number, f"unknown vendor tag <{tag}>: its text is kept as it is")
            text = _VENDOR_TAG.sub("", text)
            for rule in LINE_RULES:
                text = outside_code(rule, text)
        out.append((number, text))
    return out


_HIDDEN_OPEN = re.compile(r"<style\b|<!--", re.I)
_HIDDEN_CLOSE = MappingProxyType(
    {"<style": re.compile(r"</style\s*>", re.I), "<!--": re.compile("-->")}
)


def drop_style(lines: list[Line]) -> list[Line]:
    """``<style>`` blocks and HTML comments go (their lines stay, blank)."""
    code = code_lines(lines)
    out: list[Line] = []
    closing = None
    for (number, text), in_code in zip(lines, code):
        if in_code and closing is None:
            out.append((number, text))
            continue
        kept, pos = [], 0
        while pos <= len(text):
            if closing is not None:
                m = closing.search(text, pos)
                if m is None:
                    break
                pos, closing = m.end(), None
            m = _HIDDEN_OPEN.search(text, pos)
            if m is None:
                kept.append(text[pos:])
                break
            kept.append(text[pos : m.start()])
            closing, pos = _HIDDEN_CLOSE[m.group(0).lower()], m.end()
        out.append((number, "".join(kept)))
    return out


def normalise(text: str, warn: Warn) -> tuple[dict, list[Line]]:
    """A page's front matter and its lines as plain Markdown (see the module docstring)."""
    lines = list(enumerate(text.split("\n"), start=1))
    meta, lines = front_matter(lines, warn)
    lines = drop_style(lines)
    lines = site_chrome(lines)
    lines = tables.html_tables(lines, warn)
    lines = blocks.details(lines)
    lines = blocks.tabs(lines)
    lines = blocks.callouts(lines)
    lines = line_rules(lines, warn)
    lines = blocks.steps_with_code(lines)
    lines = blocks.block_breaks(lines)
    lines = blocks.tables_at_margin(lines)
    return meta, lines
