"""Vendor block markup made plain Markdown, before a FAQ page's structure is read.

Each rule is a small function over the page's lines, each line a pair (original line
number, text): a rule may replace, add or drop lines, and every line it writes keeps the
number of the line it came from, so entries and warnings point at the vendor's file.
Code fences are left alone (``code_lines``).

* ``callouts``: Tencent notes (``>?`` / ``>!``, also ``> ?``) and plain ``>`` quotes of any
  length, Huawei notes (``>![](…icon-note.gif) **说明：**``) and ``<dx-alert>`` blocks become
  their label in bold (``**说明：**``) above their text, lists and code kept (summaries and
  the search read it as plain text); a one-line ``>?`` note stays one line (the clean stage
  shows it as a note);
* ``tabs``: ``<dx-tabs>`` with ``::: name`` panes become a bold name above each pane;
* ``details``: ``<details><summary>question</summary>answer</details>`` becomes a bold
  question line and its answer;
* ``steps_with_code``: a code fence written at the margin right after a numbered step
  (``1. 执行以下命令`` then ````` at column 0) is indented into the step, so the step keeps
  its code and the numbering goes on;
* ``block_breaks``: a blank line before a list that starts under a paragraph line, and
  after a code fence text follows at once (the site's Markdown needs them);
* ``tables_at_margin``: a pipe table indented under a list item starts at the margin.
"""

from __future__ import annotations

import re
from types import MappingProxyType

Line = tuple[int, str]

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
_QUOTE = re.compile(r"^(\s*)>(.*)$")
_MARK = re.compile(r"^\s?([?!])(?![\[(])\s*(.*)$")  # >? / >! / > ? ... (not >![image](…))
_ICON = re.compile(r"^\s*!\[[^\]]*\]\([^)]*icon-(note|notice|caution|warning|danger)[^)]*\)\s*")
_LABEL = re.compile(
    r"^\s*(?:\*\*)?(说明|注意|注|注释|提示|警告|须知|危险|特别提醒|特别说明)(?:\*\*)?\s*[:：]?"
    r"\s*(?:\*\*)?\s*[:：]?\s*(?=\S|$)"
)
_KIND = MappingProxyType(
    {
        "说明": "note",
        "注": "note",
        "注释": "note",
        "提示": "tip",
        "特别说明": "note",
        "注意": "warning",
        "须知": "warning",
        "特别提醒": "warning",
        "警告": "danger",
        "危险": "danger",
    }
)
_ALERT_OPEN = re.compile(r"^(\s*)<dx-alert\b([^>]*)>(.*)$", re.I)
_ALERT_CLOSE = re.compile(r"</dx-alert\s*>", re.I)
_ALERT_KIND = MappingProxyType({"explain": "说明", "notice": "注意", "alarm": "警告"})
_TABS = re.compile(r"^\s*</?dx-tabs\s*>\s*$", re.I)
_PANE = re.compile(r"^\s*:::\s*(.*?)\s*$")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+")


def fence_spans(lines: list[Line]) -> list[tuple[int, int]]:
    """(first, end) indexes of each fenced code block, its fences included; an unclosed
    fence runs to the end."""
    spans, start, fence = [], 0, None
    for i, (_, text) in enumerate(lines):
        m = FENCE.match(text)
        if fence is None and m:
            start, fence = i, m.group(2)
        elif fence is not None and m and _closes(m, fence):
            spans.append((start, i + 1))
            fence = None
    if fence is not None:
        spans.append((start, len(lines)))
    return spans


def unclosed_fence(lines: list[Line]) -> str:
    """The marker of a code fence that is never closed ("" when every fence closes)."""
    fence = None
    for _, text in lines:
        m = FENCE.match(text)
        if fence is None and m:
            fence = m.group(2)
        elif fence is not None and m and _closes(m, fence):
            fence = None
    return fence or ""


def _closes(m: re.Match, fence: str) -> bool:
    return m.group(2)[0] == fence[0] and len(m.group(2)) >= len(fence) and not m.group(3).strip()


def code_lines(lines: list[Line]) -> list[bool]:
    """True for the lines of fenced code blocks, their fences included."""
    mask = [False] * len(lines)
    for start, end in fence_spans(lines):
        mask[start:end] = [True] * (end - start)
    return mask


def note_block(indent: str, label: str, body: list[Line], line: int) -> list[Line]:
    """A note as Markdown every stage reads the same: its label bold on a line of its own
    (``**说明：**``), then its text; a quote without a label is its text alone."""
    head = [(line, ""), (line, f"{indent}**{label}：**"), (line, "")] if label else [(line, "")]
    out = head + [(n, f"{indent}{text}" if text.strip() else "") for n, text in body]
    return out + [(body[-1][0] if body else line, "")]


def callouts(lines: list[Line]) -> list[Line]:
    """Quote blocks (``>`` lines) and ``<dx-alert>`` blocks as admonitions."""
    code = code_lines(lines)
    out: list[Line] = []
    i = 0
    while i < len(lines):
        number, text = lines[i]
        quote = None if code[i] else _QUOTE.match(text)
        alert = None if code[i] else _ALERT_OPEN.match(text)
        if alert:
            i = _alert(lines, i, alert, out)
            continue
        if not quote:
            out.append(lines[i])
            i += 1
            continue
        indent = quote.group(1)
        block = []
        while i < len(lines) and not code[i] and (m := _QUOTE.match(lines[i][1])):
            block.append((lines[i][0], m.group(2)[1:] if m.group(2)[:1] == " " else m.group(2)))
            i += 1
        out += _quote(indent, block, number)
    return out


def _quote(indent: str, block: list[Line], line: int) -> list[Line]:
    first = block[0][1]
    label = ""
    mark = _MARK.match(first)
    icon = _ICON.match(first)
    if mark:
        label = "注意" if mark.group(1) == "!" else "说明"
        first = mark.group(2)
    elif icon:
        first = first[icon.end() :]
    named = _LABEL.match(first)
    if named and (named.group(1) in _KIND) and (mark or icon or first[named.end() :] != first):
        label = label if mark else named.group(1)
        first = first[named.end() :]
    if icon and not label:
        label = "注意" if icon.group(1) != "note" else "说明"
    body = [(block[0][0], first)] + block[1:]
    while body and not body[-1][1].strip():
        body.pop()
    while body and not body[0][1].strip():
        body.pop(0)
    if mark and len(body) <= 1:
        # One line: the clean stage shows ">? text" as a note already.
        marker = "!" if label == "注意" else "?"
        return [(line, f"{indent}>{marker} {body[0][1] if body else ''}".rstrip())]
    return note_block(indent, label, body, line)


def _alert(lines: list[Line], i: int, opening: re.Match, out: list[Line]) -> int:
    """``<dx-alert infotype="…">…</dx-alert>`` from line ``i``; returns the next line's index."""
    kind = re.search(r'infotype\s*=\s*["\']?(\w+)', opening.group(2))
    label = _ALERT_KIND.get(kind.group(1).lower(), "说明") if kind else "说明"
    body: list[Line] = []
    rest, j = opening.group(3), i
    while True:
        close = _ALERT_CLOSE.search(rest)
        piece = rest[: close.start()] if close else rest
        if piece.strip():
            body.append((lines[j][0], piece.strip() if j == i else piece))
        if close or j + 1 >= len(lines):
            break
        j += 1
        rest = lines[j][1]
    out += note_block(opening.group(1), label, _dedent(body), lines[i][0])
    return j + 1


def _dedent(body: list[Line]) -> list[Line]:
    widths = [len(t) - len(t.lstrip(" ")) for _, t in body if t.strip()]
    cut = min(widths, default=0)
    return [(n, t[cut:]) for n, t in body]


def tabs(lines: list[Line]) -> list[Line]:
    """``<dx-tabs>`` panes (``::: name`` … ``:::``) as a bold name above each pane's text."""
    code = code_lines(lines)
    out: list[Line] = []
    inside = False
    for (number, text), in_code in zip(lines, code):
        if in_code:
            out.append((number, text))
        elif _TABS.match(text):
            inside = not text.strip().startswith("</")
            out.append((number, ""))
        elif inside and (pane := _PANE.match(text)):
            name = pane.group(1)
            out += [(number, ""), (number, f"**{name}**"), (number, "")] if name else [(number, "")]
        else:
            out.append((number, text))
    return out


_DETAILS_TAG = re.compile(r"<(/?)(details|summary|p)\b[^>]*>", re.I)


def details(lines: list[Line]) -> list[Line]:
    """``<details>`` blocks: the summary becomes a bold question line, the rest its answer."""
    code = code_lines(lines)
    out: list[Line] = []
    state = ""  # "" outside, "summary" or "answer" inside a <details> block
    summary: list[Line] = []
    answer: list[Line] = []
    for (number, text), in_code in zip(lines, code):
        if in_code or (not state and "<details" not in text.lower()):
            (answer if state == "answer" else out).append((number, text))
            continue
        pos = 0
        for m in [*_DETAILS_TAG.finditer(text), None]:
            piece = text[pos : m.start() if m else len(text)]
            if piece.strip() or (state == "answer" and not text.strip()):
                (summary if state == "summary" else answer).append((number, piece))
            if m is None:
                break
            pos = m.end()
            closing, tag = m.group(1), m.group(2).lower()
            if tag == "summary" and not closing:
                state = "summary"
            elif tag == "summary":
                line = summary[0][0] if summary else number
                question = " ".join(t.strip() for _, t in summary)
                out += [(line, ""), (line, f"**{question}**"), (line, "")]
                summary, state = [], "answer"
            elif tag == "details" and not closing:
                state = "answer"
            elif tag == "details":
                out += _dedent(answer) + [(number, "")]
                answer, state = [], ""
    return out + _dedent(answer)


def steps_with_code(lines: list[Line]) -> list[Line]:
    """Code fences at the margin right after a numbered step go into the step, with the text
    that follows them up to a blank line."""
    starts = dict(fence_spans(lines))
    out: list[Line] = []
    indent = 0  # where the text of the step that is still open starts (0: none)
    i = 0
    while i < len(lines):
        number, text = lines[i]
        if i in starts and indent and not text[:1].isspace():
            if out and out[-1][1].strip():
                out.append((number, ""))
            pad = " " * indent
            end = starts[i]
            out += [(n, pad + t if t.strip() else "") for n, t in lines[i:end]]
            i = end
            while i < len(lines) and _lazy_text(lines[i][1]):
                out.append((lines[i][0], pad + lines[i][1]))
                i += 1
            out.append((lines[i - 1][0], ""))
            continue
        if i in starts:
            out += lines[i : starts[i]]
            i = starts[i]
            continue
        item = _LIST_ITEM.match(text)
        if item:
            indent = max(4, -(-len(item.group(0)) // 4) * 4)
        elif text.strip() and not text[:1].isspace():
            indent = 0
        out.append((number, text))
        i += 1
    return out


def _lazy_text(text: str) -> bool:
    """A paragraph line at the margin that is no list item, heading, fence, table or tag."""
    return bool(text.strip()) and not (
        text[:1].isspace() or _LIST_ITEM.match(text) or FENCE.match(text) or text[0] in "#|<>"
    )


def block_breaks(lines: list[Line]) -> list[Line]:
    """A blank line before a list that starts right under a paragraph line and after a code
    fence that text follows at once: CommonMark reads them as blocks of their own, the site's
    Markdown only after a blank line (without it numbered steps run into one paragraph). A
    list that starts under a paragraph at the margin but is indented by one to three spaces
    is a list at the margin, as CommonMark reads it (the site's Markdown would read it as a
    list nested in nothing, or as code)."""
    code = code_lines(lines)
    out: list[Line] = []
    cut = 0  # spaces to take off the lines of such a list
    for k, (number, text) in enumerate(lines):
        prev = lines[k - 1][1] if k else ""
        if cut and not code[k] and text.strip() and _indent(text) < cut:
            cut = 0
        if k and not code[k] and text.strip() and prev.strip():
            after_fence = code[k - 1]
            starts_list = _LIST_ITEM.match(text) and not _LIST_ITEM.match(prev) and not code[k - 1]
            if after_fence or (starts_list and not prev.lstrip().startswith(("|", "#"))):
                out.append((number, ""))
            if starts_list and 0 < _indent(text) < 4 and _indent(prev) == 0:
                cut = _indent(text)
        out.append((number, text[cut:] if cut and text[:cut].isspace() else text))
    return out


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def tables_at_margin(lines: list[Line]) -> list[Line]:
    """A pipe table indented under a list item (as scrapers leave them) starts at the margin,
    with blank lines around it: the site's Markdown reads no table inside a list item, only
    code."""
    code = code_lines(lines)
    out: list[Line] = []
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and not code[end] and _TABLE_ROW.match(lines[end][1]):
            end += 1
        rows = lines[k:end]
        if len(rows) >= 2 and _DELIMITER.match(rows[1][1]) and rows[0][1][:1] == " ":
            out += [(rows[0][0], "")] + [(n, t.strip()) for n, t in rows] + [(rows[-1][0], "")]
            k = end
            continue
        out.append(lines[k])
        k += 1
    return out
