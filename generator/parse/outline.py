"""The outline of a FAQ page: its sections, read with markdown-it.

A heading at the top level of the page (ATX or setext; not inside a list or a quote)
starts a section; a section holds the lines up to the next heading and the sections of
deeper headings after it. Headings inside code, tables and HTML blocks are text, as
Markdown reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt

from .blocks import Line

_NUMBERING = re.compile(
    r"^(?:(?:\d+\\?\.)+\d*|\d+\\?[、.．)）]|[（(]\d+[）)]|[（(]?[一二三四五六七八九十]+[）)、.．]"
    r"|Q\d*[:：.、]|问[:：]|\d{1,2}\s+(?=[\u4e00-\u9fff]|\d+[\u4e00-\u9fff])(?![个次台天种年月日条页]))\s*"
)
# (linear time: no pattern reads past the next opening bracket, so a heading of '[' is read once)
_EMPTY_LINK = re.compile(r"\[\]\([^()\s]{0,2048}\)")
_LINK = re.compile(r"!?\[([^\[\]]{0,1000})\]\([^()\s]{0,2048}\)")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a Markdown backslash escape (board\_type)


@dataclass
class Section:
    level: int  # 0 for the page itself
    title: str  # cleaned (``clean_heading``)
    line: int  # original line of the heading (the page: its first line with text)
    body: list[Line] = field(default_factory=list)  # its own lines, before any sub-section
    children: list[Section] = field(default_factory=list)

    def lines(self) -> list[Line]:
        """Its own lines and its sub-sections' as Markdown, headings as bold lines."""
        out = list(self.body)
        for child in self.children:
            out += [(child.line, ""), (child.line, f"**{child.title}**"), (child.line, "")]
            out += child.lines()
        return out


def clean_heading(text: str) -> str:
    """Heading text without anchors, links, numbering or emphasis marks.

    >>> clean_heading("### 1.3  API鉴权key ".lstrip("# "))
    'API鉴权key'
    >>> clean_heading("QQ 小程序如何接入？")
    'QQ 小程序如何接入？'
    """
    text = _EMPTY_LINK.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _ESCAPED.sub(r"\1", text)
    text = re.sub(r"\*\*|__|<[^>]*>", "", text).strip()
    text = _NUMBERING.sub("", text).strip()
    return re.sub(r"\s+", " ", text)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Blocks only: the outline needs no inline parse (which takes ~40 steps a character on a
    # line of '[').
    return MarkdownIt("commonmark").enable("table").disable("inline")


def tokens_of(lines: list[Line]) -> list:
    """markdown-it's block tokens of the lines (``map``: indexes into ``lines``)."""
    return _markdown().parse("\n".join(text for _, text in lines))


def outline(lines: list[Line]) -> Section:
    """The page as a tree of sections (the root: level 0, no title)."""
    tokens = tokens_of(lines)
    headings = []  # (start, end, level, text): end is where the section's text starts
    for k, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.map:
            text = tokens[k + 1].content if k + 1 < len(tokens) else ""
            headings.append((token.map[0], token.map[1], int(token.tag[1]), text))
    first = next((n for n, t in lines if t.strip()), 1)
    root = Section(0, "", first)
    stack = [root]
    starts = [h[0] for h in headings] + [len(lines)]
    root.body = lines[: starts[0]]
    for k, (start, end, level, text) in enumerate(headings):
        while stack[-1].level >= level:
            stack.pop()
        section = Section(level, clean_heading(text), lines[start][0], lines[end : starts[k + 1]])
        stack[-1].children.append(section)
        stack.append(section)
    return root


def has_text(lines: list[Line]) -> bool:
    """Whether the lines hold any text (not only blank lines)."""
    return any(text.strip() for _, text in lines)
