"""Error codes: one entry per code of an error-code table or list, so a customer who types
the code lands on it.

A table is a table of codes when one column holds codes (``1100``, ``-1301``,
``ERR_CAMERA_START_FAIL``, ``Ecs.0001``, ``AccessDenied``) in nearly every row and its
header, or the section's title, says so (错误码, 状态码, 返回码, code …): a table of
``reason`` values or of parameters is not one. A list is a list of codes when every item
starts with a code (``* 400 Bad request；…``). Each row becomes an entry titled
``错误码 <code>（<symbol>）：<meaning>``, its answer the row's other cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Line
from .outline import tokens_of

CODE = re.compile(
    r"^(?:-?\d{1,9}|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+"
    r"|[A-Za-z]+\.\d{3,}|0x[0-9A-Fa-f]+|[A-Z]{2,}\d{2,})$"
)
_CODE_HEADER = re.compile(
    r"错误码|状态码|返回码|错误代码|返回代码|事件码|\bcode\b|errno|\berror\b|符号|事件定义|^值$",
    re.I,
)
_CODE_TITLE = re.compile(r"错误码|状态码|返回码|错误代码|事件|error|code", re.I)
_MEANING_HEADER = re.compile(r"含义|描述|说明|提示|信息|message|meaning|description", re.I)
_LIST_CODE = re.compile(
    r"^\s*[-*+]\s+(?:\*\*)?`?(-?\d{3,9}|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Za-z]+\.\d{3,})`?"
    r"(?:\*\*)?(?:\s*[:：；;,，]\s*|\s+)(.+)$"
)
_MARKUP = re.compile(r"<[^<>]+>|\*\*|`")
_BREAK = re.compile(r"\s*(?:<br\s*/?>\s*)+")


@dataclass(frozen=True)
class CodeRow:
    line: int
    code: str
    symbol: str  # another, symbolic name of the code ("" when none)
    meaning: str
    answer: str  # Markdown: the row's other cells, one per line
    word: str  # 错误码 or 状态码


def _row(tokens: list, k: int) -> tuple[list[str], int]:
    """The cells of the table row opening at token ``k``, and the index after the row."""
    cells = []
    while k < len(tokens) and tokens[k].type != "tr_close":
        if tokens[k].type == "inline":
            cells.append(tokens[k].content.strip())
        k += 1
    return cells, k + 1


def tables_of(lines: list[Line]) -> list[tuple[int, int, list[str], list[tuple[int, list[str]]]]]:
    """Each pipe table in the lines: (first index, end index, header cells, rows), each row
    (original line, cells)."""
    tokens = tokens_of(lines)
    out = []
    for k, token in enumerate(tokens):
        if token.type != "table_open" or token.level != 0:
            continue
        header, rows, j = [], [], k
        while j < len(tokens) and tokens[j].type != "table_close":
            if tokens[j].type == "tr_open":
                cells, nxt = _row(tokens, j)
                if not header:
                    header = cells
                else:
                    rows.append((lines[tokens[j].map[0]][0], cells))
                j = nxt
                continue
            j += 1
        out.append((token.map[0], token.map[1], header, rows))
    return out


def _plain(cell: str) -> str:
    return re.sub(r"\s+", " ", _MARKUP.sub(" ", cell)).strip()


def _names(cell: str) -> str:
    """The names in a cell, several (one per line) joined by 、."""
    return "、".join(p for p in (_plain(x) for x in _BREAK.split(cell)) if p)


def code_columns(header: list[str], rows, title: str) -> list[int]:
    """The columns of codes: nearly every row holds a code there, and the header or the
    section's title says these are codes."""
    found = []
    for c in range(len(header)):
        values = [_plain(cells[c]) for _, cells in rows if c < len(cells) and _plain(cells[c])]
        if len(values) < 2 or sum(1 for v in values if CODE.match(v)) < 0.8 * len(rows):
            continue
        if _CODE_HEADER.search(header[c]) or _CODE_TITLE.search(title):
            found.append(c)
    return found


def code_rows(header: list[str], rows, title: str) -> list[CodeRow]:
    """The rows of a table of codes as CodeRows (none when it is no such table)."""
    columns = code_columns(header, rows, title)
    if not columns:
        return []
    numeric = [c for c in columns if all(re.match(r"^-?\d+$", _plain(r[c])) for _, r in rows)]
    unique = [c for c in columns if len({_plain(r[c]) for _, r in rows}) == len(rows)]
    primary = next((c for c in unique if c in numeric), (unique or numeric or columns)[0])
    symbols = [c for c in columns if c != primary and c not in numeric]
    others = [c for c in range(len(header)) if c != primary and c not in symbols]
    meaning = next((c for c in others if _MEANING_HEADER.search(header[c])), None)
    meaning = meaning if meaning is not None else next(iter(others), None)
    word = "状态码" if "状态码" in header[primary] + title else "错误码"
    out = []
    for line, cells in rows:
        cells = cells + [""] * (len(header) - len(cells))
        answer = [f"**{_plain(header[c]) or '说明'}**：{cells[c]}" for c in others if cells[c]]
        out.append(
            CodeRow(
                line,
                _plain(cells[primary]),
                "、".join(_names(cells[c]) for c in symbols if _plain(cells[c])),
                _plain(cells[meaning]) if meaning is not None else "",
                "\n\n".join(answer),
                word,
            )
        )
    return out


def list_rows(lines: list[Line], title: str) -> list[CodeRow]:
    """Items of a list whose every item starts with a code (at least two items)."""
    items = [(n, t) for n, t in lines if re.match(r"^\s*[-*+]\s+", t)]
    found = [(n, _LIST_CODE.match(t)) for n, t in items]
    if len(found) < 2 or not all(m for _, m in found) or not _CODE_TITLE.search(title):
        return []
    word = "状态码" if "状态码" in title else "错误码"
    return [
        CodeRow(n, m.group(1), "", _plain(m.group(2)), m.group(2).strip(), word) for n, m in found
    ]


def code_title(row: CodeRow, limit: int = 40) -> str:
    """``错误码 1100：消息格式错误``; a long meaning is cut at a clause's end."""
    meaning = row.meaning.rstrip("。.")
    if len(meaning) > limit:
        cut = re.search(r"[，,；;。]", meaning[8:])
        space = meaning.rfind(" ", 0, limit)
        if cut:
            meaning = meaning[: 8 + cut.start()]
        else:
            meaning = meaning[: space if space > limit // 2 else limit] + "…"
    symbol = f"（{row.symbol}）" if row.symbol else ""
    return (
        f"{row.word} {row.code}{symbol}：{meaning}" if meaning else f"{row.word} {row.code}{symbol}"
    )
