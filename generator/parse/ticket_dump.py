"""The structured support-ticket Q&A dump.

Shape (one entry; entries are separated by ``---``)::

    ## title
    **问题分类**: 产品｜子类
    **适用场景**: tag, tag
    ### 问题描述
    text
    ### 客服解答
    **客户**：text
    **客服**：text
    continuation line of the previous message
    ### 根本原因分析
    text

Tolerated: BOM, CRLF (handled by the reader), ASCII ``|`` or ``/`` for ``｜``,
ASCII or full-width colons, missing or empty fields, no final separator.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from ..model import AGENT, CUSTOMER, Entry, Message, Problem, SourceRef

_ENTRY = re.compile(r"^##\s+(.*?)\s*$")
_SEPARATOR = re.compile(r"^\s*(?:---+|\*\*\*+|___+)\s*$")
_FIELD = re.compile(r"^\*\*(问题分类|适用场景)\*\*\s*[:：]\s*(.*?)\s*$")
_SECTION = re.compile(r"^###\s+(问题描述|客服解答|根本原因分析)\s*$")
_SPEAKER = re.compile(r"^\*\*(客户|客服|用户|技术支持)\*\*\s*[:：]\s?(.*)$")
_CATEGORY_SPLIT = re.compile(r"\s*[｜|/]\s*")
_SPEAKERS = MappingProxyType({"客户": CUSTOMER, "用户": CUSTOMER, "客服": AGENT, "技术支持": AGENT})


def looks_like(text: str) -> bool:
    return bool(
        re.search(r"^\*\*问题分类\*\*\s*[:：]", text, re.M)
        or re.search(r"^###\s+客服解答\s*$", text, re.M)
    )


def parse(text: str, shown: str) -> tuple[list[Entry], list[Problem]]:
    entries: list[Entry] = []
    problems: list[Problem] = []
    block: list[tuple[int, str]] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if _ENTRY.match(line):
            if block:
                _finish(block, shown, entries, problems)
            block = [(number, line)]
        elif block and _SEPARATOR.match(line) and _ends_entry(lines, number):
            _finish(block, shown, entries, problems)
            block = []
        elif block:
            block.append((number, line))
    if block:
        _finish(block, shown, entries, problems)
    return entries, problems


def _ends_entry(lines: list[str], number: int) -> bool:
    """A separator ends an entry only when the next text is a new entry or the end.

    A ``---`` line inside a chat message is text, not a separator.
    """
    for k in range(number, len(lines)):  # (indexes: a slice would copy the rest of the file)
        if lines[k].strip():
            return bool(_ENTRY.match(lines[k]) or _SEPARATOR.match(lines[k]))
    return True


def _finish(block, shown, entries, problems) -> None:
    start, head = block[0]
    title = _ENTRY.match(head).group(1).strip()
    fields, sections = _fields_and_sections(block[1:], shown, title, problems)
    if not title:
        problems.append(
            Problem(shown, start, "entry has an empty title; expected text after '## '")
        )
    category = _category(fields, shown, start, title, problems)
    tags = ()
    if "适用场景" in fields:
        tags = tuple(t for t in re.split(r"\s*[,，、]\s*", fields["适用场景"][1]) if t)

    messages = _messages(sections.get("客服解答", []), shown, title, problems)
    description = _text(sections.get("问题描述", []))
    if "客服解答" not in sections or not any(m.speaker == AGENT for m in messages):
        problems.append(
            Problem(shown, start, f"entry '{title}' has no answer from the support side")
        )
    entries.append(
        Entry(
            source=SourceRef(shown, start, title),
            kind="ticket",
            title=title,
            description=description,
            category=category,
            tags=tags,
            messages=tuple(messages),
            cause=_text(sections.get("根本原因分析", [])),
        )
    )


def _fields_and_sections(lines, shown, title, problems) -> tuple[dict, dict]:
    """The ``**field**:`` lines before the first section, and each section's lines."""
    fields: dict[str, tuple[int, str]] = {}
    sections: dict[str, list[tuple[int, str]]] = {}
    current = None
    for number, line in lines:
        section = _SECTION.match(line)
        field = _FIELD.match(line) if current is None else None
        if section:
            current = section.group(1)
            if current in sections:
                problems.append(
                    Problem(
                        shown,
                        number,
                        f"section '### {current}' appears twice in entry '{title}'; using both",
                    )
                )
            sections.setdefault(current, [])
        elif field:
            fields[field.group(1)] = (number, field.group(2))
        elif current is not None:
            sections[current].append((number, line))
        elif line.strip():
            problems.append(
                Problem(
                    shown,
                    number,
                    f"unexpected text before the first section of entry '{title}': "
                    "expected '**问题分类**', '**适用场景**' or '### 问题描述'",
                )
            )
    return fields, sections


def _category(fields, shown, start, title, problems) -> tuple[str, ...]:
    category: tuple[str, ...] = ()
    if "问题分类" in fields and fields["问题分类"][1]:
        category = tuple(p for p in _CATEGORY_SPLIT.split(fields["问题分类"][1]) if p)
        if len(category) != 2:
            problems.append(
                Problem(
                    shown,
                    fields["问题分类"][0],
                    f"category '{fields['问题分类'][1]}' should read '产品｜子类'",
                )
            )
    else:
        problems.append(
            Problem(
                shown,
                start,
                f"entry '{title}' has no '**问题分类**'; it goes to the fallback product",
            )
        )
    return category


def _text(lines: list[tuple[int, str]]) -> str:
    return "\n".join(line for _, line in lines).strip()


def _messages(lines, shown, title, problems) -> list[Message]:
    found: list[tuple[str, list[str], int]] = []  # (speaker, lines, line): joined once, linear
    for number, line in lines:
        match = _SPEAKER.match(line)
        if match:
            found.append((_SPEAKERS[match.group(1)], [match.group(2).strip()], number))
        elif found:
            # A message may span lines (DNS records, logs): it continues the previous one.
            if line.strip():
                found[-1][1].append(line.rstrip())
        elif line.strip():
            problems.append(
                Problem(
                    shown,
                    number,
                    f"conversation line without a speaker in entry '{title}': "
                    "expected '**客户**：' or '**客服**：'",
                )
            )
    return [Message(speaker, "\n".join(parts), line) for speaker, parts, line in found]
