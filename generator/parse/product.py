"""The product of a FAQ page, from the page and its source (``Entry.page_product``).

Strongest first, the first that names a product decides:

1. a rule of ``site_config/sources.yml`` matching the file's path;
2. the front matter's ``product`` / ``category`` fields;
3. the page's title (its H1 or the front matter's ``title``);
4. the front matter's ``keywords`` and ``tags``;
5. the file's name, then its folders' (``cvm-network-faq.md`` names CVM);
6. the page's headings, the product they name most.

A product is named by its key, its name, aliases and categories (taxonomy.yml), or the
names sources.yml gives it; Latin names only as whole words, never inside URLs or code. A
page that names no known product gets "" (classify places it by its words). When its
front matter or a ``什么是 X？`` heading names a product nobody declared, that is a warning and
the page goes to the fallback product until the operator declares it in sources.yml: never
under a wrong existing one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import PurePosixPath

from ..config import Config
from ..model import Entry, Problem
from . import dialects

_EXPLICIT = ("product", "products", "category", "categories")
_KEYWORDS = ("keyword", "keywords", "tags")
_NOT_WORDS = re.compile(r"```.*?```|`[^`\n]*`|https?://\S+|\]\([^)]*\)", re.S)
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_WHAT_IS = re.compile(r"^(?:什么是|何为)\s*(.+?)\s*[？?]$")


def place(entries: list[Entry], text: str, shown: str, config: Config):
    """The entries with the product their page names; the warnings about it."""
    faq = [e for e in entries if e.kind == "faq"]
    if not faq:
        return entries, []
    slug = page_product(hints(text, shown, faq), shown, config)
    problems = [] if slug else unknown_products(text, shown, faq, config)
    if problems:  # (about a product nobody declared: never filed under a wrong existing one)
        slug = config.fallback_product
    return [replace(e, page_product=slug) if e.kind == "faq" else e for e in entries], problems


def hints(text: str, shown: str, entries: list[Entry]) -> list[tuple[str, str]]:
    """(where, text) that may name the page's product, strongest first."""
    meta, _ = dialects.front_matter(list(enumerate(text.split("\n"), start=1)), lambda *a: None)
    out = [("front matter", v) for k in _EXPLICIT for v in _values(meta.get(k))]
    code_free = _NOT_WORDS.sub(" ", text)
    title = _H1.search(code_free)
    out += [("title", v) for v in _values(meta.get("title"))]
    out += [("title", title.group(1))] if title else []
    out += [("keywords", v) for k in _KEYWORDS for v in _values(meta.get(k))]
    path = PurePosixPath(shown.replace("\\", "/"))
    out.append(("file name", re.sub(r"[-_.]+", " ", path.stem)))
    out += [("folder", re.sub(r"[-_.]+", " ", part)) for part in reversed(path.parent.parts)]
    out.append(
        ("headings", "\n".join(dict.fromkeys(t for e in entries for t in (e.title, *e.context))))
    )
    return out


def _values(value) -> list[str]:
    if isinstance(value, str):
        return [v for v in re.split(r"\s*[,，、;；]\s*", value) if v]
    if isinstance(value, list | tuple):
        return [str(v) for v in value if isinstance(v, str | int)]
    return []


def page_product(found: list[tuple[str, str]], shown: str, config: Config) -> str:
    """The product key the hints name first ("" when none names a known product)."""
    for rule in config.source_rules:
        if rule.product and rule.matches(shown):
            return rule.product
    names = vocabulary(config)
    for _where, text in found:
        counts = named(text, names)
        if counts:
            return max(counts, key=lambda slug: (counts[slug][0], -counts[slug][1]))
    return ""


@lru_cache(maxsize=8)
def vocabulary(config: Config) -> tuple[tuple[str, str, re.Pattern], ...]:
    """(name, product key, pattern) of every name of every product, longest first."""
    entries = []
    for slug, product in config.products.items():
        if slug == config.fallback_product:
            continue
        names = {slug, product.name, *product.aliases, *product.categories}
        names |= set(config.page_names.get(slug, ()))
        for name in names:
            name = name.strip()
            if len(name) >= 2:
                entries.append((name, slug, _pattern(name)))
    return tuple(sorted(entries, key=lambda e: (-len(e[0]), e[0])))


def _pattern(name: str) -> re.Pattern:
    """Latin names as whole words, any case; Chinese ones anywhere; spaces optional."""
    body = r"\s*".join(re.escape(part) for part in name.split())
    if re.fullmatch(r"[\x00-\x7f]+", name):
        return re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])", re.I)
    return re.compile(body, re.I)


def named(text: str, names) -> dict[str, tuple[int, int]]:
    """Product key -> (how many of its names the text holds, where the first one is); a
    longer name takes its place from the shorter names inside it."""
    text = _NOT_WORDS.sub(" ", text)
    found: dict[str, list[int]] = {}
    for _name, slug, pattern in names:
        for m in pattern.finditer(text):
            found.setdefault(slug, []).append(m.start())
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    return {slug: (len(spots), min(spots)) for slug, spots in found.items()}


def unknown_products(text: str, shown: str, entries: list[Entry], config: Config) -> list[Problem]:
    """Products the page names that neither taxonomy.yml nor sources.yml knows."""
    meta, _ = dialects.front_matter(list(enumerate(text.split("\n"), start=1)), lambda *a: None)
    claims = [(1, v, "its front matter") for k in _EXPLICIT for v in _values(meta.get(k))]
    first = next((e for e in entries if not e.excluded), None)
    what = _WHAT_IS.match(first.title) if first else None
    if what:
        claims.append((first.source.line, what.group(1), f"'{first.title}'"))
    return [
        Problem(
            shown,
            line,
            f"the page is about '{name}' ({where}), a product neither taxonomy.yml nor "
            f"sources.yml knows: it is filed under '{config.fallback_product}' until you "
            "declare it under 'products' in site_config/sources.yml",
        )
        for line, name, where in claims
    ]
