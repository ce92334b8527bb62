"""Safe Markdown from untrusted text.

Text from the data is escaped wherever it lands, so nothing in it becomes
live HTML, a heading, a table, a list, a link with a script scheme or a
template tag. Two entry points:

* ``escape_text`` for plain text (ticket chats): what Markdown would read as
  markup is escaped, and only that (tested by rendering it back), bare URLs
  become autolinks;
* ``sanitize_markdown`` for Markdown written by a vendor (FAQ pages): the
  structure is kept (lists, tables, code, links, emphasis), raw HTML is
  escaped except a few structural tags (tables, lists, emphasis) kept
  without attributes, unsafe links are neutralised, fences are balanced.
"""

from __future__ import annotations

import re

# What is not words in Markdown we wrote: code blocks, autolinks, link targets,
# emphasis and table marks, redaction markers. Comparing texts ignores it.
MARKUP_NOISE = re.compile(r"```.*?```|<https?://[^>]+>|\]\([^)]*\)|[*_`#>|\\\[\]]|‹[^›]*›", re.S)
SPACES = re.compile(r"\s+")  # (texts compared or hashed without their spaces)
URL = re.compile(r"https?://[A-Za-z0-9][A-Za-z0-9\-._~:/?#@!$&'*+,;=%]*")
CJK = re.compile(r"[\u4e00-\u9fff]")
# A fenced code block, or one left open to the end of the text.
FENCED = re.compile(r"```.*?(?:```|\Z)", re.S)
_TRAILING = ".,;:!?'*"
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "#", "/", "./", "../")
# Only what Markdown would read as markup is escaped, so the page stays readable to edit
# (域名管理 in brackets, BUSINESS_LIMIT_CONTROL, -> stay as they are): emphasis and code
# marks, a backslash that would escape, an underscore at a word's edge (inside a word it is
# no emphasis), a bracket that closes a link, a brace that opens attributes or a template,
# an ampersand that starts an entity, a less-than sign that starts a tag.
_INLINE = re.compile(
    r"(?P<mark>[*`])"
    r"|(?P<backslash>\\(?=[!-/:-@\[-`{-~]))"
    r"|(?P<underscore>_+)"
    r"|(?P<close>\](?=\s?[(\[]))"
    r"|(?P<brace>\{(?=[^{}\n]*\}))"
    r"|(?P<entity>&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;))"
    r"|(?P<tag><(?=[A-Za-z/!?$]))"
)
# Python-Markdown's own control characters (placeholders) and the other C0 controls are never
# text: they are dropped.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Characters a backslash escapes in Python-Markdown; others are written as character references.
_BACKSLASHED = frozenset("\\`*_{}[]()>#+-.!|")


# Characters that are markup in HTML attributes and text, as their full-width twins: labels
# (tags, titles) reach HTML through templates that do not escape them.
_LABEL_SAFE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "”", "'": "’", "`": "’"})


def plain_label(text: str) -> str:
    """A label (a tag) that is plain text wherever a template prints it: no markup character,
    no control character, one line.

    >>> plain_label('<img src=x onerror=alert(1)>')
    '＜img src=x onerror=alert(1)＞'
    """
    return " ".join(CONTROL.sub("", text).translate(_LABEL_SAFE).split())


def _escape_plain(text: str) -> str:
    def one(m: re.Match) -> str:
        kind = m.lastgroup
        if kind == "entity":
            return "&amp;"
        if kind == "tag":
            return "&lt;"
        if kind == "underscore":
            # Inside a word (a_b, 中_文) underscores are no emphasis; at its edge they may be.
            text, start, end = m.string, m.start(), m.end()
            inside = start > 0 and end < len(text) and _word(text[start - 1]) and _word(text[end])
            return m.group(0) if inside else "\\_" * (end - start)
        return "\\" + m.group(0)

    return _INLINE.sub(one, text)


def _word(ch: str) -> bool:
    return ch.isalnum()


def _escape_first(text: str) -> str:
    """``text`` with its first character escaped."""
    first = text[0]
    return ("\\" + first if first in _BACKSLASHED else f"&#{ord(first)};") + text[1:]


def split_url(raw: str) -> tuple[str, str]:
    """A URL found in prose, without trailing punctuation; returns (url, rest)."""
    url = raw
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url, raw[len(url) :]


def escape_inline(text: str) -> str:
    """Escape one line of plain text; bare URLs become autolinks."""
    out = []
    pos = 0
    for m in URL.finditer(text):
        url, rest = split_url(m.group(0))
        if len(url) <= len("https://") or text.startswith("‹", m.end()):
            continue  # (a URL whose end was hidden as personal data leads nowhere: plain text)
        out.append(_escape_plain(text[pos : m.start()]))
        out.append(f"<{url}>")
        out.append(_escape_plain(rest))
        pos = m.end()
    out.append(_escape_plain(text[pos:]))
    return "".join(out)


# What starts a block at the beginning of a line: a heading, a quote, a list item, a heading
# underline, a code fence, an admonition, a reference definition, a table's delimiter row.
_BLOCK_START = re.compile(r"^(?:#|>|[-+*](?:\s|$)|[=-]+\s*$|`{3,}|~{3,}|!{3}|\?{3}|\[[^\]]*\]:|\|)")
_NUMBERED = re.compile(r"^(\d+)([.)])(\s|$)")
_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")


def escape_line(line: str) -> str:
    """One line of plain text, safe at the start of a Markdown line too."""
    out = escape_inline(CONTROL.sub("", line).strip())
    if _DELIMITER_ROW.match(out):
        out = out.replace("|", "\\|")  # (a table's second line: it makes the line above a header)
    if _NUMBERED.match(out):
        return _NUMBERED.sub(r"\1\\\2\3", out)
    return _escape_first(out) if _BLOCK_START.match(out) else out


def escape_text(text: str) -> str:
    """Plain text to Markdown that renders as the same text, line breaks kept."""
    lines = [line.strip() for line in text.split("\n")]
    return "  \n".join(escape_line(line) for line in lines if line)


def fence(code: str, lang: str = "text") -> str:
    """A fenced code block that no content can close early."""
    longest = max((len(m) for m in re.findall(r"`+|~+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{lang}\n{code.rstrip()}\n{ticks}"


# --- Markdown written by vendors -------------------------------------------

_FENCE_LINE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
_OPEN_BRACE = re.compile(r"\{(?=[^\n]{0,500}\})|\{(?=[{%])")
# Extension syntax at the start of a line: admonitions, details, the [TOC] marker,
# abbreviations, footnotes, snippets. Vendor pages write none of them: they are text.
_EXTENSION_START = re.compile(r"^(\s*)(!!!|\?\?\?|\[TOC\]|\*\[|\[\^|-{2}8<)")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
# (linear time: the label reads on past no opening bracket but one nested pair, each bounded)
_LINK = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\[\]]{0,500}\]){0,1000})\]"
    r"\(\s{0,16}<?([^)\s<>]{0,2048})>?(?:\s{1,16}\"[^\"\n]{0,500}\")?\s{0,16}\)"
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_CALLOUT = re.compile(r"^(\s*)>\s*([!?])\s*(.*)$")
# HTML a vendor page may use for structure; kept without attributes (colspan/rowspan aside).
_SAFE_TAG = re.compile(
    r"<(/?)(table|thead|tbody|tfoot|tr|th|td|br|b|strong|em|i|code|p|ul|ol|li|sup|sub)(?=[\s/>])([^<>]*)>",
    re.I,
)
_SPAN = re.compile(r"\b(colspan|rowspan)\s*=\s*[\"']?(\d{1,2})[\"']?", re.I)


def _safe_url(url: str, base: str) -> str | None:
    """An absolute, safe URL, or None when the link should become plain text."""
    url = url.strip()
    if url.startswith("//"):
        return "https:" + url
    if url.startswith("#"):
        return None  # anchors of the original page do not exist here
    if url.startswith("/") and base:
        return base.rstrip("/") + url
    if url.lower().startswith(("http://", "https://", "mailto:")):
        return url
    return None  # javascript:, data:, relative paths of another site ...


def _sanitize_inline(text: str, base: str) -> str:
    """Escape raw HTML and neutralise links in one line outside code spans."""
    out = []
    pos = 0
    for m in _CODE_SPAN.finditer(text):
        out.append(_sanitize_segment(text[pos : m.start()], base))
        out.append(m.group(0))
        pos = m.end()
    out.append(_sanitize_segment(text[pos:], base))
    return "".join(out)


def _sanitize_segment(text: str, base: str) -> str:
    def link(m: re.Match) -> str:
        bang, label, url = m.groups()
        safe = _safe_url(url, base)
        label = _LINK.sub(link, label) if label else ""  # (escaped already: links inside only)
        if safe is None:
            return label
        safe = safe.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        return f"{bang}[{label}]({safe})"

    autolinks: list[str] = []

    def keep_autolink(m: re.Match) -> str:
        autolinks.append(m.group(1))
        return f"\x00{len(autolinks) - 1}\x00"

    tags: list[str] = []

    def keep_tag(m: re.Match) -> str:
        # Vendor pages write tables and emphasis in HTML: the tag stays, its attributes go.
        name = m.group(2).lower()
        spans = (
            "".join(f' {k.lower()}="{v}"' for k, v in _SPAN.findall(m.group(3)))
            if name in ("td", "th")
            else ""
        )
        tags.append(f"<{m.group(1)}{name}{spans if not m.group(1) else ''}>")
        return f"\x01{len(tags) - 1}\x01"

    text = _AUTOLINK.sub(keep_autolink, text)
    text = _SAFE_TAG.sub(keep_tag, text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub("\x01(\\d+)\x01", lambda m: tags[int(m.group(1))], text)
    text = _LINK.sub(link, text)
    # A brace that opens attributes ({: #id .class}) or a template ({{ x }}) is text.
    text = _OPEN_BRACE.sub(r"\\{", text)
    return re.sub("\x00(\\d+)\x00", lambda m: f"<{autolinks[int(m.group(1))]}>", text)


# Deeper structure than this is flattened: Python-Markdown parses nested lists and quotes
# recursively, and a page nested a thousand levels deep would stop the site's build.
MAX_INDENT = 24  # spaces: six levels of nested lists
MAX_MARKERS = 3  # list markers or quote marks opening one line (- - - x, > > > x)
_MARKER_RUN = re.compile(
    r"^((?:(?:[-*+]|\d{1,9}[.)]|>)[ \t]+|>){" + str(MAX_MARKERS) + r"})(?=(?:[-*+>]|\d))"
)


def limit_nesting(line: str) -> str:
    """A line whose indentation and run of opening markers stay within the limits; what is
    deeper is text (its first marker escaped)."""
    indent = len(line) - len(line.lstrip(" "))
    if indent > MAX_INDENT:
        line = " " * MAX_INDENT + line[indent:]
        indent = MAX_INDENT
    body = line[indent:]
    m = _MARKER_RUN.match(body)
    if m:
        rest = body[m.end() :]
        body = m.group(1) + ("\\" + rest if rest[0] in _BACKSLASHED else rest)
    return line[:indent] + body


def sanitize_markdown(markdown: str, base: str = "") -> str:
    """Vendor Markdown made safe to render: see the module docstring."""
    lines = markdown.replace("\t", "    ").split("\n")
    out: list[str] = []
    fence_marker = None
    in_list = False
    for line in lines:
        m = _FENCE_LINE.match(line)
        if fence_marker is not None:
            if (
                m
                and m.group(2)[0] == fence_marker[0]
                and len(m.group(2)) >= len(fence_marker)
                and not m.group(3).strip()
            ):
                out.append((_normalise_indent(line, in_list) if in_list else "") + m.group(2))
                fence_marker = None
            else:
                out.append(("    " + line.lstrip(" ")) if in_list and line.strip() else line)
            continue
        if m:
            fence_marker = m.group(2)
            lang = re.sub(r"[^A-Za-z0-9_+-]", "", m.group(3))
            out.append((_normalise_indent(line, in_list) if in_list else "") + m.group(2) + lang)
            continue
        line = limit_nesting(line)
        stripped = line.strip()
        if not stripped:
            out.append("")
            continue
        if _LIST_ITEM.match(line):
            in_list = True
        elif not line.startswith(" "):
            in_list = False
        callout = _CALLOUT.match(line)
        if callout:
            label = "注意" if callout.group(2) == "!" else "说明"
            rest = _sanitize_inline(callout.group(3), base)
            out.append(f"> **{label}：** {rest}".rstrip() if rest else f"> **{label}：**")
            continue
        line = _EXTENSION_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
        heading = re.match(r"^\s*#{1,6}\s+(.*)$", line)
        if heading:
            out.append(f"**{_sanitize_inline(heading.group(1).strip(), base)}**")
            continue
        out.append(_normalise_indent(line, in_list) + _sanitize_inline(line.lstrip(" "), base))
    if fence_marker is not None:
        out.append(fence_marker)
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _normalise_indent(line: str, in_list: bool) -> str:
    """Vendor pages indent nested content by 1-3 spaces; Markdown needs 4."""
    n = len(line) - len(line.lstrip(" "))
    if n == 0:
        return ""
    if not in_list:
        return "" if n < 4 else " " * 4 * (n // 4)
    return " " * (4 * max(1, (n + 3) // 4) if n < 4 else 4 * ((n + 2) // 4))
