"""What a pattern alone cannot say about personal data, for ``redact.py``.

* ``fold``: the text as redaction reads it. Characters that hide a value without changing
  what a reader sees are folded first: full-width letters, digits and signs become ASCII
  (１３８ → 138, ＠ → @), dashes of every kind and odd spaces between digits become ``-`` and
  a space, an ideographic full stop between digits becomes ``.``, image markers become a
  space (138[图片]0013 → 138 0013). Chinese punctuation (，：；！？（）) stays as written.
* ``CHECKS``: checksums and address forms (resident IDs and bank cards with python-stdnum,
  IPv4 written as one decimal or hexadecimal number).
* ``introduced``: whether a cue word (身份证, 卡号, 密码 …) stands just before a value; a
  value a cue introduces is personal whatever its checksum.
* ``table_cells``: the cells of a Markdown table under a header that names what they hold.
* ``organisation_names``: company names of a text and the short forms it uses for them.

Every pattern is linear: classes and bounded repetition only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import MappingProxyType

from stdnum import luhn
from stdnum.cn import ric

# Full-width ASCII (U+FF01-FF5E) to ASCII, except the punctuation Chinese text is written in.
_KEEP_FULL = "，：；！？（）～［］｛｝＂＇"
_FOLD = MappingProxyType(
    {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULL}
    | {0x3000: 0x20, 0x00A0: 0x20, 0x202F: 0x20, 0x205F: 0x20}
    | dict.fromkeys(range(8192, 8203), 32)
)
_DASH_BETWEEN_DIGITS = re.compile(r"(?<=[0-9])[\u2010-\u2015\u2212\ufe58\ufe63](?=[0-9])")
_DOT_BETWEEN_DIGITS = re.compile(r"(?<=[0-9])\u3002(?=[0-9])")


def fold(text: str, image_markers: re.Pattern | None = None) -> str:
    """``text`` as redaction reads it (see the module docstring)."""
    if not text.isascii():
        text = text.translate(_FOLD)
        text = _DASH_BETWEEN_DIGITS.sub("-", text)
        text = _DOT_BETWEEN_DIGITS.sub(".", text)
    if image_markers is not None and "[" in text:
        text = image_markers.sub(" ", text)
    return text


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit() or c in "Xx")


def resident_id(value: str) -> bool:
    """An 18-character resident ID with a valid checksum (python-stdnum), or a 15-digit one."""
    compact = _digits(value)
    if len(compact) == 15:
        return compact.isdigit()
    return ric.is_valid(compact.upper())


def bank_card(value: str) -> bool:
    """A card number of 15 to 19 digits with a valid Luhn digit (python-stdnum)."""
    compact = _digits(value)
    return 15 <= len(compact) <= 19 and compact.isdigit() and luhn.is_valid(compact)


def ipv4_number(value: str) -> bool:
    """An IPv4 address written as one number (3232235777, 0xC0A80101) of a real host."""
    try:
        number = int(value, 16) if value.lower().startswith("0x") else int(value)
    except ValueError:
        return False
    return 1 << 24 <= number < 1 << 32


CHECKS: MappingProxyType[str, Callable[[str], bool]] = MappingProxyType(
    {"resident_id": resident_id, "luhn": bank_card, "ipv4_number": ipv4_number}
)


def introduced(text: str, start: int, cues: tuple[str, ...], window: int) -> bool:
    """A cue word ends within ``window`` characters before ``start``. An ASCII cue starts a
    word (``ip`` in ``description`` or ``tip`` is no cue; ``IP地址``, ``ipconfig`` are)."""
    before = text[max(0, start - window - 12) : start]
    return any(_cue_in(before[-(window + len(cue)) :], cue) for cue in cues)


def _cue_in(before: str, cue: str) -> bool:
    if not cue.isascii():
        return cue in before
    at = before.find(cue)
    while at >= 0:
        if at == 0 or not (before[at - 1].isascii() and before[at - 1].isalpha()):
            return True
        at = before.find(cue, at + 1)
    return False


# --- tables ------------------------------------------------------------------------------

_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_DELIMITER = re.compile(r"^[\s|:-]+$")


def table_cells(text: str, headers: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, category) of each cell a header names: cells below a header cell that
    holds one of ``headers`` (姓名, 微信 …), and the cell right of such a cell in the same row
    (| 卡号 | 6225… |)."""
    spans, columns, pos = [], {}, 0
    for line in text.split("\n"):
        row = _ROW.match(line) if "|" in line else None
        if row is None:
            columns = {}
        elif not _DELIMITER.match(line):
            cells = _cells(line, pos + row.start(1), row.group(1))
            named = {i: _header(c[2], headers) for i, c in enumerate(cells)}
            for i, (start, end, value) in enumerate(cells):
                beside = named.get(i - 1) if i and len(cells) == 2 else None
                category = columns.get(i) or beside
                if category and value.strip() and not _header(value, headers):
                    spans.append((start, end, category))
            if not columns:
                columns = {i: c for i, c in named.items() if c}
        pos += len(line) + 1
    return spans


def _cells(line: str, offset: int, inner: str) -> list[tuple[int, int, str]]:
    out, start = [], 0
    for part in inner.split("|"):
        out.append((offset + start, offset + start + len(part), part))
        start += len(part) + 1
    return out


def _header(cell: str, headers: dict[str, str]) -> str:
    """The category a header cell names (姓名, 手机号, 微信：), "" for any other cell."""
    cell = cell.strip().rstrip(":：")
    return next(
        (c for word, c in headers.items() if cell.startswith(word) and len(cell) <= len(word) + 2),
        "",
    )


# --- organisations -------------------------------------------------------------------------

_COMPANY = re.compile(
    r"([\u4e00-\u9fff]{2,20}?)(?:股份有限公司|有限责任公司|有限公司|集团)"
    r"(?:[（(]([\u4e00-\u9fff]{2,8})[）)])?"
)
_SHORT = re.compile(r"(?:简称|下称|以下称)[:：为“\"]?\s{0,3}([\u4e00-\u9fff]{2,8})")
# A trade name a form gives as a name (name    千岸科技, 应用名称：…).
_NAMED = re.compile(
    r"(?:name|名称|应用名称?|企业名称?)\s{0,20}[:：]?\s{0,20}"
    r"([\u4e00-\u9fff]{2,8}?(?:科技|网络|信息|传媒|文化|互动|电子商务|软件|数据))"
)
_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:省|市|自治区)")
_TRADE = re.compile(
    r"(?:网络技术|信息技术|网络科技|信息科技|电子商务|文化传媒|科技|技术|网络|信息|传媒|文化|互动|贸易|实业)+$"
)


def organisation_names(text: str, protected: tuple[str, ...]) -> list[str]:
    """Company names in ``text`` (the full name without its place, its trade name, the short
    forms it introduces), never a vendor's own (``protected``)."""
    names: list[str] = []
    for m in _COMPANY.finditer(text):
        core = _PLACE.sub("", m.group(1))
        # (a place of two characters often opens the name without 市: 北京超职科技)
        for name in (core, core[2:] if len(core) >= 6 and core == m.group(1) else ""):
            trade = _TRADE.sub("", name)
            names += [name] + ([trade] if len(trade) >= 2 else [])
        names.append(m.group(2) or "")
    names += [m.group(1) for m in _SHORT.finditer(text)]
    names += [m.group(1) for m in _NAMED.finditer(text)]
    out = {n for n in names if len(n) >= 2 and not any(n in p or p in n for p in protected)}
    return sorted(out, key=lambda n: (-len(n), n))
