"""HTML tables of vendor pages as Markdown pipe tables.

Huawei and Tencent pages write tables in HTML, their cells full of ``<p id>``, ``<a name>``,
``<div class="note">`` and ``<br>``. Read with the standard HTML parser, a table becomes a
pipe table: one row per ``<tr>``, each row keeping the line of its ``<tr>``; a cell's text
keeps its links, images, code and bold as Markdown, its paragraphs, notes and list items
joined by ``<br>``. Character references stay encoded (``&lt;``), so the dialects decode
them exactly once.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from types import MappingProxyType

from .blocks import Line, code_lines

_OPEN = re.compile(r"<table\b", re.I)
_CLOSE = re.compile(r"</table\s*>", re.I)
_BREAKS = frozenset({"p", "div", "br", "ul", "ol", "dl", "dd", "dt"})
_MARKS = MappingProxyType({"code": "`", "b": "**", "strong": "**", "em": "*", "i": "*"})


class _Cells(HTMLParser):
    """The rows of one HTML table: (line within the fed text, [cell Markdown])."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[int, list[str]]] = []
        self.cell: list[str] | None = None
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "tr":
            self.rows.append((self.getpos()[0], []))
        elif tag in ("td", "th"):
            self.cell = []
        elif self.cell is None:
            return
        elif tag == "a" and attrs.get("href"):
            self.links.append((len(self.cell), attrs["href"]))
        elif tag == "img" and attrs.get("src"):
            self.cell.append(f"![{attrs.get('alt') or ''}]({attrs['src']})")
        elif tag == "li":
            self._break()
            self.cell.append("• ")
        elif tag in _BREAKS:
            self._break()
        elif tag in _MARKS:
            self.cell.append(_MARKS[tag])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            if not self.rows:
                self.rows.append((self.getpos()[0], []))
            self.rows[-1][1].append(_cell_text(self.cell))
            self.cell = None
        elif self.cell is None:
            return
        elif tag == "a" and self.links:
            start, href = self.links.pop()
            text = "".join(self.cell[start:]).strip()
            self.cell[start:] = [f"[{text}]({href})" if text else ""]
        elif tag in _MARKS:
            self.cell.append(_MARKS[tag])
        elif tag in _BREAKS or tag == "li":
            self._break()

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(html.escape(" ".join(data.split()) if data.strip() else " ", False))

    def _break(self) -> None:
        if self.cell and "".join(self.cell).strip() and self.cell[-1] != "<br>":
            self.cell.append("<br>")


def _cell_text(parts: list[str]) -> str:
    text = "".join(parts).strip()
    text = re.sub(r"(?:\s*<br>\s*)+", "<br>", text)
    text = re.sub(r"^(?:<br>)+|(?:<br>)+$", "", text)
    text = re.sub(r"\*\*\s*\*\*|`\s*`", "", text)
    return text.replace("|", "\\|").strip()


def pipe_table(rows: list[tuple[int, list[str]]]) -> list[Line]:
    """Rows (line, cells) as a pipe table: the first row is the header."""
    width = max(len(cells) for _, cells in rows)
    out = [(rows[0][0], "")]
    for k, (line, cells) in enumerate(rows):
        cells = cells + [""] * (width - len(cells))
        out.append((line, "| " + " | ".join(c or " " for c in cells) + " |"))
        if k == 0:
            out.append((line, "|" + "---|" * width))
    return out + [(rows[-1][0], "")]


def html_tables(lines: list[Line], warn) -> list[Line]:
    """Every ``<table>`` … ``</table>`` outside code fences as a pipe table."""
    code = code_lines(lines)
    out: list[Line] = []
    resume = 0  # the first line after the last table read
    for i, (number, text) in enumerate(lines):
        if i < resume:
            continue
        start = None if code[i] else _OPEN.search(text)
        end = start and next((j for j in range(i, len(lines)) if _CLOSE.search(lines[j][1])), -1)
        if end == -1:
            warn(number, "HTML table is never closed ('</table>' missing): kept as it is")
        if not start or end == -1:
            out.append((number, text))
            continue
        out += _table(lines[i : end + 1], start.start())
        resume = end + 1
    return out


def _table(block: list[Line], column: int) -> list[Line]:
    """The lines of one HTML table (the first from ``column`` on) as a pipe table, with the
    text before and after it on the first and last line kept."""
    chunk = [t for _, t in block]
    close = _CLOSE.search(chunk[-1])
    before, after = chunk[0][:column], chunk[-1][close.end() :]
    if len(chunk) == 1:
        chunk[0] = chunk[0][column : close.end()]
    else:
        chunk[0], chunk[-1] = chunk[0][column:], chunk[-1][: close.end()]
    reader = _Cells()
    reader.feed("\n".join(chunk))
    reader.close()
    rows = [(block[n - 1][0], cells) for n, cells in reader.rows if cells]
    out = [(block[0][0], before)] if before.strip() else []
    out += pipe_table(rows) if rows else [(block[0][0], "")]
    return out + ([(block[-1][0], after)] if after.strip() else [])
