"""The shape of a FAQ page, decided from its sections, and the units (future entries) it
holds.

* A section is a **group** when its sub-sections are questions or topics of their own;
  its own text is then an introduction, not a topic. A question that has its own answer
  keeps its sub-sections as parts of that answer unless they are full questions, symptoms
  with label pairs (问题表现/解决方案) or error messages. A page whose title (H1 or front
  matter) asks one question is that question.
* Any other section is a **unit**: one entry, its sub-sections parts of it. Parts named
  现象描述 / 可能原因 / 处理步骤 … fill the description, the cause and the answer; a page
  made of such parts only is one troubleshooting entry, titled by the page.
* A part between topics belongs to the topic before it (检查…, 问题分析 after a question);
  before the first topic it is the page's overview.
* Tables and lists of error codes give one entry per code (``codes.py``); the section that
  holds them is their introduction.
* A page that only lists links is an index: no topics, one skipped entry with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import codes
from .blocks import Line
from .outline import Section, has_text
from .sections import GLOSSARY, part_kind, role, strong_question

INDEX = "链接索引页，没有答案"
OVERVIEW = "页面概述，不是问题"
INTRO = "分组导语，不是问题"
CODES_INTRO = "错误码表的说明（每个错误码各成一条）"
GLOSSARY_TERM = "名词解释，不是问题"
EMPTY = "章节没有内容"

_LINK_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\*\*)?\[[^\]]+\]\([^)]+\)(?:\*\*)?\s*$")
_LABELLED = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*)?(?:问题(?:表现|现象|描述)|故障现象|主要表现|解决(?:方案|方法|办法))"
    r"(?:\*\*)?\s*[:：]|^\s*(?:[-*+]\s+)?(?:\*\*)?主要表现"
)
_BULLET_QUESTION = re.compile(r"^[-*+]\s+(?:\*\*)?(.+?[？?])(?:\*\*)?\s*$")
_BOLD_QUESTION = re.compile(r"^\*\*\s*(.+?)\s*\*\*\s*$")  # (a question: see split_questions)
_PLAIN_QUESTION = re.compile(r"^(?:Q|问)\s*[:：]\s*(.+)$")
_ANSWER_MARK = re.compile(r"^(\s*)(?:\*\*)?(?:A|答)\s*[:：]\s*(?:\*\*)?\s*")


@dataclass(eq=False)
class Unit:
    """What becomes one entry: a question or symptom with its text, or a section that is
    no topic (``excluded`` says why)."""

    title: str
    line: int
    context: tuple[str, ...]
    body: list[Line] = field(default_factory=list)
    description: list[Line] = field(default_factory=list)
    cause: list[Line] = field(default_factory=list)
    excluded: str = ""
    kind: str = "faq"  # faq, troubleshooting, error-code, index, overview


def topical(section: Section) -> bool:
    """The section is a question or a topic of its own, or holds some."""
    kind = role(section.title)
    if kind in ("question", "topic"):
        return True
    # A part or a neutral section holds topics when questions or error messages sit in it.
    return kind in ("part", "neutral") and any(_own_entry(c) for c in section.children)


def _own_entry(section: Section) -> bool:
    """A section that is an entry wherever it stands: a full question, a symptom answered
    with label pairs, an error message."""
    return strong_question(section.title) or labelled(section) or _is_message(section.title)


def is_group(section: Section) -> bool:
    """Whether the section's sub-sections are topics of their own (see the module)."""
    kids = [c for c in section.children if topical(c)]
    if strong_question(section.title) or role(section.title) in ("part", "neutral"):
        return any(_own_entry(c) for c in kids)
    return bool(kids)


def labelled(section: Section) -> bool:
    """The section answers with label pairs (问题表现：… 解决方案：…, 主要表现…): a symptom."""
    return any(_LABELLED.match(text) for _, text in section.body)


def _is_message(title: str) -> bool:
    """An error message or code in a heading (Message 为 “Access Denied.”)."""
    return bool(
        re.search(r"[“\"「].+[”\"」]|^Message\b|错误码|\b[A-Z][A-Za-z]+(?:Error|Denied)\b", title)
    )


def index_page(section: Section) -> bool:
    """Only links (three or more list items that are links) and at most two short lines."""
    lines = [t for _, t in section.body if t.strip()]
    links = [t for t in lines if _LINK_ITEM.match(t)]
    prose = [t for t in lines if not _LINK_ITEM.match(t)]
    empty_kids = all(not has_text(c.body) and not c.children for c in section.children)
    return len(links) >= 3 and len(prose) <= 2 and all(len(t) < 120 for t in prose) and empty_kids


def page_units(root: Section, title: str) -> list[Unit]:
    """The units of a page whose root section is ``root``, titled ``title``."""
    if index_page(root):
        return [Unit(title, root.line, (), excluded=INDEX, kind="index")]
    if is_group(root):
        return group_units(root, ())
    units = section_units(root, (), title)
    if units and units[0].title == title and not units[0].excluded and root.children:
        units[0].kind = "troubleshooting"
    return units


def group_units(section: Section, context: tuple[str, ...]) -> list[Unit]:
    """A group: its introduction, then each sub-section (parts join the topic before them)."""
    inner = context + ((section.title,) if section.title else ())
    head, out = split_questions(section.body, inner)
    if has_text(head):
        out.insert(
            0, Unit(section.title, section.line, context, head, excluded=INTRO, kind="overview")
        )
    last: Unit | None = None  # the topic a part that follows would join
    label = ""  # a flat group label: an empty heading above the questions that follow it
    for child in section.children:
        kind = role(child.title)
        where = inner + ((label,) if label else ())
        if not has_text(child.body) and not child.children:
            if kind == "question":
                out.append(Unit(child.title, child.line, where, excluded=EMPTY))
            else:
                label = child.title
            continue
        if kind == "part" and not is_group(child):
            if last is not None:
                last.body += as_part(child)
            else:
                out.append(
                    Unit(
                        child.title,
                        child.line,
                        where,
                        as_part(child),
                        excluded=OVERVIEW,
                        kind="overview",
                    )
                )
            continue
        if GLOSSARY.match(section.title) and kind == "topic" and not child.children:
            out.append(Unit(child.title, child.line, where, child.lines(), excluded=GLOSSARY_TERM))
            continue
        units = group_units(child, where) if is_group(child) else section_units(child, where)
        out += units
        last = (
            units[0]
            if len(units) == 1 and units[0].kind == "faq" and not units[0].excluded
            else None
        )
    return out


def as_part(section: Section) -> list[Line]:
    """A sub-section as lines of an answer: its heading a bold line."""
    return [
        (section.line, ""),
        (section.line, f"**{section.title}**"),
        (section.line, ""),
    ] + section.lines()


def section_units(section: Section, context: tuple[str, ...], title: str = "") -> list[Unit]:
    """A unit: one entry from the section and its parts. Full questions among its sub-sections,
    questions in bold lines of its text and error codes in it come out on their own."""
    title = title or section.title
    inner = context + ((title,) if title else ())
    head, pieces = split_questions(section.body, inner)
    unit = Unit(title, section.line, context, head)
    separate = []
    for child in section.children:
        kind = part_kind(child.title)
        if strong_question(child.title) and not kind:
            separate.append(child)
        elif kind in ("description", "cause"):
            target = unit.description if kind == "description" else unit.cause
            target += ([(child.line, "")] if target else []) + child.lines()
        else:
            unit.body += as_part(child)
    out = [unit] if has_text(unit.body + unit.description + unit.cause) or not pieces else []
    out += pieces
    rows = code_units(section.lines(), " ".join(inner))
    if rows and unit in out:
        unit.excluded, unit.kind = CODES_INTRO, "overview"
    elif unit in out and not has_text(unit.body + unit.description + unit.cause):
        unit.excluded = EMPTY
    out += rows
    for child in separate:
        out += group_units(child, inner) if is_group(child) else section_units(child, inner)
    return out


def code_units(lines: list[Line], title: str) -> list[Unit]:
    """One unit per error code of the tables and code lists in the lines (a code list that
    explains codes of a table gives none)."""
    rows = []
    for _start, _end, header, table in codes.tables_of(lines):
        rows += codes.code_rows(header, table, title)
    if not rows:  # (a list beside a table of codes explains some of its rows)
        rows = codes.list_rows(lines, title)
    return [
        Unit(codes.code_title(r), r.line, (), [(r.line, r.answer)], kind="error-code")
        for r in sorted(rows, key=lambda r: r.line)
    ]


def split_questions(lines: list[Line], context: tuple[str, ...]) -> tuple[list[Line], list[Unit]]:
    """The text before the first question written as a bold or bullet line (``**Q：…？**``,
    ``- **如何…？**``), and a unit for each such question with the text after it."""
    from .outline import clean_heading

    marks = []
    for i, (_number, text) in enumerate(lines):
        m = (
            _BOLD_QUESTION.match(text)
            or _BULLET_QUESTION.match(text)
            or _PLAIN_QUESTION.match(text)
        )
        if m and (strong_question(clean_heading(m.group(1))) or _PLAIN_QUESTION.match(text)):
            marks.append((i, clean_heading(m.group(1))))
    units = []
    for k, (i, question) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(lines)
        body = [(n, _dedent(t)) for n, t in lines[i + 1 : end]]
        first = next((j for j, (_, t) in enumerate(body) if t.strip()), None)
        if first is not None:
            body[first] = (body[first][0], _ANSWER_MARK.sub(r"\1", body[first][1], count=1))
        units.append(Unit(question, lines[i][0], context, body))
    return list(lines[: marks[0][0]] if marks else lines), units


def _dedent(text: str) -> str:
    if text.startswith("  "):
        return text[2:]
    return text.lstrip("\t") if text.startswith("\t") else text
