"""Vendor FAQ pages written in Markdown.

Each question or symptom section becomes an entry:

* a heading of any depth that asks a question (``### 如何配置 HTTPS 证书？``)
  is an entry; its sub-sections that are not questions belong to its answer;
* a heading that does not ask but has a body and no sub-sections
  (``#### 跨协议拦截``, ``### 1.3  API鉴权key``) is a symptom entry; the
  headings above it are kept as context for its title;
* a non-question heading with sub-sections is a group; its own text, when
  there is any, is an entry too (an overview);
* inside a section, questions written as bullets or bold lines
  (``- **如何…？**`` with an indented answer, ``**为什么…？**`` alone on a line)
  split it into entries of their own;
* label pairs (``**问题表现：**`` / ``**解决方案：**``, ``主要表现`` / ``主要原因`` /
  ``解决办法``) give the description, answer and cause.

Anchor stubs (``[](id:q1)``, ``<span id=…>``) and ``<style>`` blocks are dropped
here; deciding which sections are not topics (前言 …) is the clean stage's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Entry, Problem, SourceRef

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_ANCHOR_LINE = re.compile(
    r"^\s*(?:\[\]\((?:id:|#)[^)]*\)|<(?:span|a)\s+(?:id|name)=[^>]*>\s*</(?:span|a)>)\s*$"
)
_INLINE_ANCHOR = re.compile(r"<(?:span|a)\s+(?:id|name)=[^>]*>(.*?)</(?:span|a)>")
_STYLE_START = re.compile(r"^\s*<style\b", re.I)
_STYLE_END = re.compile(r"</style>", re.I)
_NUMBERING = re.compile(r"^(?:(?:\d+\.)+\d*|\d+[、.．)]|[（(]\d+[）)]|Q\d*[:：.、]?)\s*")
_QUESTION = re.compile(
    r"[？?]\s*$|^(?:如何|怎么|怎样|为什么|为何|是否|能否|可否|可以|有没有|哪些|什么)|"
    r"(?:如何|怎么办|怎么|怎样|为什么|为何|是否|能否|吗|么|什么|哪些|多少|多久)"
)
_BULLET_QUESTION = re.compile(r"^[-*+]\s+(?:\*\*)?(.+?[？?])(?:\*\*)?\s*$")
_BOLD_QUESTION = re.compile(r"^\*\*(.+?[？?])\*\*\s*$")
_LABEL = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*)?(问题(?:表现|现象|描述|背景)|主要表现|现象|故障现象|"
    r"解决(?:方案|办法|方法)|处理(?:方法|办法|建议)|主要原因|问题原因|原因)"
    r"(?:\s*[:：]\s*(?:\*\*)?|\*\*\s*[:：]?|\s+)\s*(.*)$"
)
_DESCRIPTION_LABELS = frozenset(
    {"问题表现", "问题现象", "问题描述", "主要表现", "现象", "故障现象"}
)
_ANSWER_LABELS = frozenset({"解决方案", "解决办法", "解决方法", "处理方法", "处理办法", "处理建议"})
_CAUSE_LABELS = frozenset({"主要原因", "问题原因", "原因", "问题背景"})


@dataclass
class _Section:
    level: int
    title: str
    line: int
    body: list[tuple[int, str]] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)


def looks_like(text: str) -> bool:
    return bool(re.search(r"^#{1,6}\s+\S", text, re.M) or _BOLD_QUESTION.search(text))


def clean_heading(text: str) -> str:
    """Heading text without anchors, numbering or emphasis markers."""
    text = _INLINE_ANCHOR.sub(r"\1", text)
    text = re.sub(r"\[\]\([^)]*\)", "", text)
    text = text.replace("**", "").strip()
    text = _NUMBERING.sub("", text).strip()
    return re.sub(r"\s+", " ", text)


def is_question(title: str) -> bool:
    return bool(_QUESTION.search(title))


def parse(text: str, shown: str) -> tuple[list[Entry], list[Problem]]:
    problems: list[Problem] = []
    root = _Section(0, "", 0)
    stack = [root]
    fence = None
    in_style = False
    for number, line in enumerate(text.split("\n"), start=1):
        if fence is None and in_style:
            in_style = not _STYLE_END.search(line)
            continue
        match = _FENCE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
        elif fence is None:
            if _STYLE_START.match(line):
                in_style = not _STYLE_END.search(line)
                continue
            if _ANCHOR_LINE.match(line):
                continue
            heading = _HEADING.match(line)
            if heading:
                level = len(heading.group(1))
                while stack[-1].level >= level:
                    stack.pop()
                section = _Section(level, clean_heading(heading.group(2)), number)
                stack[-1].children.append(section)
                stack.append(section)
                continue
        stack[-1].body.append((number, _INLINE_ANCHOR.sub(r"\1", line)))
    if fence is not None:
        problems.append(
            Problem(shown, len(text.split("\n")), f"code fence '{fence}' is never closed")
        )

    entries: list[Entry] = []
    if _blank(root.body) is False:
        # Text before the first heading: split on bullet/bold questions, else it is an intro.
        entries.extend(_split_questions(root.body, (), shown, root_title=""))
    for child in root.children:
        _walk(child, (), shown, entries)
    if not entries:
        problems.append(Problem(shown, 1, "no question or symptom sections found"))
    return entries, problems


def _blank(lines) -> bool:
    return not any(line.strip() for _, line in lines)


def _walk(section: _Section, context: tuple[str, ...], shown: str, entries: list[Entry]) -> None:
    question_children = [c for c in section.children if _is_question_tree(c)]
    if is_question(section.title) or not section.children:
        # The section is a unit: its non-question sub-sections are part of its answer.
        body = list(section.body)
        for child in section.children:
            if child in question_children:
                continue
            body.extend(_flatten(child, depth=1))
        split = _split_questions(
            body, context, shown, root_title=section.title, root_line=section.line
        )
        entries.extend(split)
        for child in question_children:
            _walk(child, context + (section.title,), shown, entries)
        return
    # A group: its own text is an overview entry when there is any.
    if not _blank(section.body):
        entries.extend(_split_questions(section.body, context, shown, section.title, section.line))
    for child in section.children:
        _walk(child, context + (section.title,), shown, entries)


def _is_question_tree(section: _Section) -> bool:
    return is_question(section.title)


def _flatten(section: _Section, depth: int) -> list[tuple[int, str]]:
    """A sub-section as Markdown lines; its heading becomes a bold line at any depth."""
    lines = [(section.line, ""), (section.line, f"**{section.title}**"), (section.line, "")]
    lines.extend(section.body)
    for child in section.children:
        lines.extend(_flatten(child, depth + 1))
    return lines


def _split_questions(body, context, shown, root_title, root_line=1) -> list[Entry]:
    """Split a body at questions written as bullets or bold lines.

    Text before the first such question stays with the section itself.
    """
    marks = []
    for i, (_number, line) in enumerate(body):
        m = _BOLD_QUESTION.match(line) or _BULLET_QUESTION.match(line)
        if m and is_question(m.group(1)):
            marks.append(i)
    pieces: list[tuple[str, int, list[tuple[int, str]], tuple[str, ...]]] = []
    first = marks[0] if marks else len(body)
    head = body[:first]
    if root_title and (not _blank(head) or not marks):
        pieces.append((root_title, root_line, head, context))
    inner_context = context + ((root_title,) if root_title else ())
    for k, i in enumerate(marks):
        end = marks[k + 1] if k + 1 < len(marks) else len(body)
        m = _BOLD_QUESTION.match(body[i][1]) or _BULLET_QUESTION.match(body[i][1])
        lines = [(n, _dedent(line)) for n, line in body[i + 1 : end]]
        pieces.append((clean_heading(m.group(1)), body[i][0], lines, inner_context))
    return [_entry(title, line, lines, ctx, shown) for title, line, lines, ctx in pieces]


def _dedent(line: str) -> str:
    return (
        line[2:] if line.startswith("  ") else line.lstrip("\t") if line.startswith("\t") else line
    )


def _entry(title: str, line: int, lines: list[tuple[int, str]], context, shown: str) -> Entry:
    description, answer, cause = _labels([text for _, text in lines])
    return Entry(
        source=SourceRef(shown, line, title),
        kind="faq",
        title=title,
        description=description,
        body=answer,
        cause=cause,
        context=tuple(context),
    )


def _labels(lines: list[str]) -> tuple[str, str, str]:
    """Split label pairs into (description, answer, cause); without labels all is answer."""
    names = [m.group(1) for m in map(_LABEL.match, lines) if m]
    if len(names) != len(set(names)):
        # Repeated labels belong to several sub-sections folded into one answer.
        return "", "\n".join(lines).strip(), ""
    parts: dict[str, list[str]] = {"description": [], "answer": [], "cause": []}
    current = "answer"
    found = False
    fence = False
    for line in lines:
        if _FENCE.match(line):
            fence = not fence
        label = None if fence else _LABEL.match(line)
        if label:
            name = label.group(1)
            current = (
                "description"
                if name in _DESCRIPTION_LABELS
                else "answer"
                if name in _ANSWER_LABELS
                else "cause"
            )
            found = True
            rest = label.group(2).strip()
            if rest:
                parts[current].append(rest)
            continue
        parts[current].append(line)
    if not found:
        return "", "\n".join(lines).strip(), ""
    if not "".join(parts["answer"]).strip():
        # Labels without a solution (表现 + 原因 only): the cause is what helps.
        parts["answer"], parts["cause"] = parts["cause"], []
    return tuple("\n".join(parts[k]).strip() for k in ("description", "answer", "cause"))
