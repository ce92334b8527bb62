"""Vendor FAQ pages, troubleshooting articles and error-code references written in Markdown.

A page is read in three steps:

1. ``dialects.normalise``: front matter, site chrome and vendor markup (Tencent notes,
   tabs and anchors, Huawei anchors, Aliyun attribute blocks, DokuWiki macros, HTML tables,
   entities, steps with code) become plain Markdown; every line keeps its number;
2. ``outline.outline``: the sections, read with markdown-it;
3. ``shapes.page_units``: what the page is (a list of questions, one troubleshooting
   article, a table of error codes, an index of links, or a mix) and its units.

Each unit becomes an entry; label lines (``**问题表现：**`` / ``**解决方案：**``, 主要表现 /
主要原因 / 解决办法, **可能原因**) give its description, answer and cause. Sections that
are no topics (an overview, a group's introduction, an index page) are entries too, marked
``excluded`` with the reason, so the report accounts for every one. A shape the parser
cannot read is a warning with the file and line.
"""

from __future__ import annotations

import re
from pathlib import PurePath

import yaml

from ..markup import CJK
from ..model import Entry, Problem, SourceRef
from . import dialects
from .blocks import Line, unclosed_fence
from .outline import Section, clean_heading, has_text, outline
from .sections import ANSWER_LABELS, DESCRIPTION_LABELS, GENERIC_TITLE, is_question
from .shapes import Unit, page_units

__all__ = ("clean_heading", "is_question", "looks_like", "parse")

_LABEL = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*)?(问题(?:表现|现象|描述|背景)|主要表现|现象|故障现象|"
    r"解决(?:方案|办法|方法)|处理(?:方法|办法|建议|步骤)|主要原因|问题原因|可能原因|原因)"
    r"(?:\s*[:：]\s*(?:\*\*)?|\*\*\s*[:：]?|\s+)\s*(.*)$"
)


_STRUCTURE = re.compile(
    r"^\s{0,3}#{1,6}(?:\s|[^#\s].*[\u4e00-\u9fff])|^\s*(?:[-*+]\s+)?\*\*.+[？?：:]\s*(?:\*\*)?\s*$"
    r"|^\s*(?:Q|问)\s*[:：]|^---\s*$|^\s*<(?:details|table|dx-)|^\s*[-*+]\s+\[[^\]]+\]\(",
    re.M,
)


_DEEP = re.compile(r"[\[{]{64}")


def looks_like(text: str) -> bool:
    """Markdown with some structure (headings, bold questions or labels, front matter, HTML
    FAQ blocks) that is not a data file (YAML, a tab-separated table)."""
    lines = [t for t in text.split("\n") if t.strip()]
    if not lines or not _STRUCTURE.search(text):
        return False
    tabbed = [t.count("\t") for t in lines]
    if len(lines) >= 2 and min(tabbed) > 0 and len(set(tabbed)) == 1:
        return False
    if lines[0].strip() == "---" or _DEEP.search(text):
        return True  # (front matter; or nesting no data file has, which YAML reads slowly)
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError):  # (a line of '[' nests deeper than YAML recurses)
        return True
    return not isinstance(data, dict | list)


def parse(text: str, shown: str) -> tuple[list[Entry], list[Problem]]:
    problems: list[Problem] = []

    def warn(line: int, message: str) -> None:
        problems.append(Problem(shown, line, message))

    meta, lines = dialects.normalise(text, warn)
    _unclosed_fence(lines, shown, problems)
    root = outline(lines)
    title = _page_title(root, meta, shown)
    units = page_units(root, title)
    entries = [_entry(u, shown) for u in units]
    for unit in units:
        if unit.excluded == "章节没有内容":
            warn(unit.line, f"section '{unit.title}' has no text: it is left out")
    if not any(not e.excluded for e in entries) and not any(u.kind == "index" for u in units):
        problems.append(Problem(shown, root.line, "no question or symptom sections found"))
    return entries, problems


def _unclosed_fence(lines: list[Line], shown: str, problems: list[Problem]) -> None:
    fence = unclosed_fence(lines)
    if fence:
        problems.append(Problem(shown, lines[-1][0], f"code fence '{fence}' is never closed"))


def _page_title(root: Section, meta: dict, shown: str) -> str:
    """The page's title: its only H1 (the H1 then holds the page's sections), the front
    matter's title, the file's name when it is a title; else "" (the first unit's own)."""
    h1 = [c for c in root.children if c.level == 1]
    if len(h1) == 1 and root.children[0] is h1[0] and not has_text(root.body):
        page = h1[0]
        root.title, root.line = page.title, page.line
        root.body, root.children = page.body, page.children
        return page.title
    wanted = meta.get("title") if isinstance(meta.get("title"), str) else ""
    if wanted and not GENERIC_TITLE.match(wanted.strip()):
        root.line = 1
        return clean_heading(wanted)
    stem = PurePath(shown).stem
    if CJK.search(stem):
        return clean_heading(stem)
    return wanted.strip() if wanted else ""


def _entry(unit: Unit, shown: str) -> Entry:
    body = [t for _, t in unit.body]
    description = "\n".join(t for _, t in unit.description).strip()
    cause = "\n".join(t for _, t in unit.cause).strip()
    if not description and not cause:
        description, answer, cause = labels(body)
    else:
        answer = "\n".join(body).strip()
    title = unit.title or _title_from(description or answer)
    return Entry(
        source=SourceRef(shown, unit.line, title),
        kind="faq",
        title=title,
        description=description,
        body=answer,
        cause=cause,
        context=tuple(unit.context),
        excluded=unit.excluded,
    )


def _title_from(text: str) -> str:
    """A title from the first sentence of a text (a page with no title of its own)."""
    first = next((t for t in text.split("\n") if t.strip() and not t.startswith("!")), "")
    first = re.sub(r"!?\[([^\]]*)\]\([^)]*\)|[*`#>]|<[^>]+>", lambda m: m.group(1) or "", first)
    sentence = re.split(r"(?<=[。！？!?])|[：:；;]", first.strip())[0].strip("。 ")
    return sentence[:60] + ("…" if len(sentence) > 60 else "")


def labels(lines: list[str]) -> tuple[str, str, str]:
    """Label pairs as (description, answer, cause); without labels all is answer."""
    names = [m.group(1) for m in map(_LABEL.match, lines) if m]
    if len(names) != len(set(names)):
        # Repeated labels belong to several sub-sections folded into one answer.
        return "", "\n".join(lines).strip(), ""
    parts: dict[str, list[str]] = {"description": [], "answer": [], "cause": []}
    current, found, fence = "answer", False, False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        label = None if fence else _LABEL.match(line)
        if label:
            name = label.group(1)
            current = (
                "description"
                if name in DESCRIPTION_LABELS
                else "answer"
                if name in ANSWER_LABELS
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
        # Labels without a solution (表现 + 原因 only): the cause is what helps; a symptom
        # alone is all the answer there is.
        key = "cause" if "".join(parts["cause"]).strip() else "description"
        parts["answer"], parts[key] = parts[key], []
    return tuple("\n".join(parts[k]).strip() for k in ("description", "answer", "cause"))
