"""The last line of defence: page HTML reduced to an allow-list before it is written.

Text from the data is already escaped when pages are rendered; this catches
what an escaping mistake or a writer's raw HTML would let through. Scripts,
styles, frames, event-handler attributes and ``javascript:`` URLs never reach
the site. It also gives the redaction markers (‹已隐藏›) one neutral style.
"""

from __future__ import annotations

import re
from types import MappingProxyType

import nh3

TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "label",
        "li",
        "mark",
        "nav",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
ATTRIBUTES = MappingProxyType(
    {
        "*": {"class", "id", "title", "lang"},
        "a": {"href", "name"},
        "img": {"src", "alt", "width", "height", "loading"},
        "label": {"for"},
        "details": {"open"},
        "td": {"colspan", "rowspan", "align"},
        "th": {"colspan", "rowspan", "align"},
        "ol": {"start"},
    }
)
_MARKER = re.compile(r"‹([^‹›<>]{1,12})›")


def sanitize_html(html: str) -> str:
    """Allow-listed HTML with redaction markers styled."""
    clean = nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
    return _MARKER.sub(r'<span class="hg-redacted" title="此处信息已隐藏">‹\1›</span>', clean)
