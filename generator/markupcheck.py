"""Markup that must not come from the data or from a writer's hand, found in pages and in the
built site.

* In a page of the docs folder (``page_markup_problems``): HTML a writer typed (any tag but
  the structural ones FAQ pages keep, ``markup.py``), Markdown attribute lists (``{: #id}``),
  and markup characters in the front-matter fields templates print as they are (title,
  description, tags, questions).
* In a built HTML file (``site_html_problems``, for ``helpgen check --site-dir``): event
  handlers, script URLs, elements no page of the site has, scripts other than the theme's,
  ids used twice (a look-alike of the site's own #__search). The theme's inline scripts are
  learnt from the site's 404 page, which no data reaches.
"""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from .model import Problem
from .safe_html import TAGS
from .yamlfile import line_of

# Tags FAQ pages keep (markup.py: _SAFE_TAG), without attributes but a table cell's spans.
_KEPT_TAG = re.compile(
    r"^</?(?:table|thead|tbody|tfoot|tr|th|td|br|b|strong|em|i|code|p|ul|ol|li|sup|sub)"
    r"(?:\s+(?:colspan|rowspan)=\"\d{1,2}\")*\s*/?>$",
    re.I,
)
_TAG_IN_TEXT = re.compile(r"<[A-Za-z!/?][^<>\n]{0,200}>")
_ATTR_LIST = re.compile(r"(?<!\\)\{[ \t]{0,3}[:#.][^{}\n]{0,200}\}")
_FENCE = re.compile(r"^\s{0,40}(`{3,}|~{3,})")  # (also inside a collapsed block, indented)
_PRINTED = ("title", "description", "tags", "questions")
_MARKUP_CHARS = re.compile(r"[<>`]")


def page_markup_problems(
    shown: str, meta: dict | None, body: str, body_line: int, text: str = ""
) -> list[Problem]:
    """HTML and attribute lists in the body, markup in the printed front-matter fields
    (``text``: the whole page, to name the line of a field's value)."""
    problems = []
    head = text.split("\n")[: max(body_line - 1, 0)]
    for key in _PRINTED if isinstance(meta, dict) else ():
        values = meta.get(key)
        items = list(enumerate(values)) if isinstance(values, list) else [(None, values)]
        for i, value in items:
            if isinstance(value, str) and _MARKUP_CHARS.search(value):
                path = [key] if i is None else [key, i]
                line = (line_of(meta, path) or 0) + 1  # (front matter starts at line 2)
                line = next((n for n, row in enumerate(head, 1) if value in row), line)
                why = f"{key}: markup characters (< > `) are printed as they are; write plain text"
                problems.append(Problem(shown, line, why, "error"))
                break
    return problems + _body_markup(shown, body, body_line)


def _body_markup(shown: str, body: str, first: int) -> list[Problem]:
    problems = []
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    for token in tokens:
        found = [token] if token.type == "html_block" else []
        found += [c for c in token.children or [] if c.type == "html_inline"]
        for item in found:
            tags = _TAG_IN_TEXT.findall(item.content) or [item.content.strip()]
            if any(not _KEPT_TAG.match(t) for t in tags if t):
                line = first + (token.map or (0, 0))[0]
                why = "html: HTML is not allowed in a page; write Markdown"
                problems.append(Problem(shown, line, why, "error"))
    fence = None
    for n, line in enumerate(body.split("\n"), start=first):
        m = _FENCE.match(line)
        if m:
            fence = None if fence and m.group(1)[0] == fence else (fence or m.group(1)[0])
            continue
        if fence is None and _ATTR_LIST.search(_without_code(line)):
            why = "attr_list: attributes ({: #id .class}) are not allowed in a page"
            problems.append(Problem(shown, n, why, "error"))
    return sorted(set(problems), key=lambda p: (p.line, p.message))


def _without_code(line: str) -> str:
    return re.sub(r"(`{1,3})[^`]{0,500}\1", "", line)


# --- the built site ------------------------------------------------------------------------

# What a page may hold: the elements of page content (safe_html.TAGS), and the theme's own.
SITE_TAGS = TAGS | frozenset(
    {
        "article",
        "aside",
        "body",
        "button",
        "fieldset",
        "footer",
        "form",
        "head",
        "header",
        "html",
        "input",
        "legend",
        "link",
        "main",
        "meta",
        "path",
        "script",
        "section",
        "style",
        "svg",
        "title",
    }
)
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href"})
_SAFE_URL = re.compile(r"^(?:https?:|mailto:|tel:|#|/|\.|[^:]*$)", re.I)


def theme_scripts(html: str) -> frozenset[str]:
    """Digests of the inline scripts of a page no data reaches (the site's 404 page)."""
    parser = _Scan(frozenset())
    parser.feed(html)
    return frozenset(parser.inline)


def site_html_problems(html: str, shown: str, scripts: frozenset[str]) -> list[Problem]:
    """Live markup in one built HTML file, one problem per line and kind."""
    parser = _Scan(scripts)
    parser.feed(html)
    return [Problem(shown, line, why, "error") for line, why in sorted(set(parser.found))]


# The script of a redirect page (mkdocs-redirects, fed from the ledger): it goes to a page of
# the site, by a relative path of the docs folder's names, keeping the address's #anchor.
_REDIRECT = re.compile(
    r'var anchor=window\.location\.hash\.substr\(1\);location\.href="(?:\.\./){0,20}'
    r'[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+){0,20}/"\+\(anchor\?"#"\+anchor:""\)'
)


class _Scan(HTMLParser):
    def __init__(self, scripts: frozenset[str]):
        super().__init__(convert_charrefs=True)
        self.scripts, self.found, self.inline, self.ids = scripts, [], [], set()
        self.script_line = 0

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag not in SITE_TAGS:
            self.found.append((line, f"live markup: element <{tag}> from the data"))
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on"):
                self.found.append((line, f"live markup: event handler '{name}'"))
            elif name in _URL_ATTRS and not _SAFE_URL.match(re.sub(r"[\s\x00-\x1f]", "", value)):
                self.found.append((line, f"live markup: '{name}' with a script or data URL"))
            elif name == "id" and value.startswith("__"):  # (the theme's own: #__search …)
                if value in self.ids:
                    self.found.append((line, f"live markup: id '{value}' used twice"))
                self.ids.add(value)
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if src and ("://" in src or src.startswith("//") or "assets/" not in src):
                self.found.append((line, "live markup: a script from elsewhere than the theme"))
            self.script_line = 0 if src or dict(attrs).get("type") == "application/json" else line

    def handle_data(self, data):
        if self.script_line:
            if _REDIRECT.fullmatch(data.strip()):
                return  # (a moved or merged page's redirect, to a page of this site)
            # (the theme's scripts name the site's root relative to the page: ../.., /)
            text = re.sub(r'URL\("[./]{0,200}"', 'URL("."', data.strip())
            digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
            self.inline.append(digest)
            if self.scripts and digest not in self.scripts:
                self.found.append(
                    (self.script_line, "live markup: an inline script not the theme's")
                )

    def handle_endtag(self, tag):
        if tag == "script":
            self.script_line = 0
