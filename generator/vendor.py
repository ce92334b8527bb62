"""Whose pages these are: the vendor of a raw file, and so of the topics made from it.

A raw file is one vendor's (a vendor's FAQ page, one vendor's support-ticket dump), so its
vendor is decided for the whole file, strongest first:

1. a rule of ``site_config/sources.yml`` that matches its path and gives a ``vendor``;
2. the vendor whose documentation hosts (``doc_hosts`` in ``site_config/vendors.yml``) the
   file's links point to, when more than half of the links to any vendor's documentation
   point to that one (a page links its own vendor's manual; a ticket names another vendor's
   now and then);
3. else none ("").

A topic's vendor is that of the entry whose answer it shows (``topic_vendor``). Search ranks
the pages of a vendor the query names first (``search/query.py``), by the names and aliases
of ``vendor_names``.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from urllib.parse import urlsplit

from .config import Config
from .markup import URL
from .model import Entry


def file_vendor(shown: str, text: str, config: Config) -> str:
    """The vendor key of the raw file ``shown`` with this text ("" when nothing says)."""
    for rule in config.source_rules:
        if rule.vendor and rule.matches(shown):
            return rule.vendor
    return linked_vendor(text, config)


def linked_vendor(text: str, config: Config) -> str:
    """The vendor whose documentation more than half of the text's documentation links go to
    ("" when none does: one link to each of two vendors says neither)."""
    hosts = {h.lower(): v.slug for v in config.allowlist.named for h in v.doc_hosts}
    counts = Counter()
    for url in URL.findall(text):
        host = (urlsplit(url).hostname or "").lower()
        if host in hosts:
            counts[hosts[host]] += 1
    if not counts:
        return ""
    vendor, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return vendor if 2 * n > sum(counts.values()) else ""


def topic_vendor(best: Entry | None, members: list[Entry]) -> str:
    """A topic's vendor: the one of the entry whose answer it shows, else the commonest of its
    entries' (the first of them on a tie)."""
    if best is not None and best.vendor:
        return best.vendor
    counts = Counter(m.vendor for m in members if m.vendor)
    return max(counts, key=counts.get, default="")  # (max keeps the first of equals)


def vendor_names(config: Config) -> list[list[str]]:
    """[name or alias, normalised, vendor key] for every vendor of vendors.yml (not ``public``):
    what a query may call a vendor by (腾讯云, 腾讯, tencent)."""
    named = {
        unicodedata.normalize("NFKC", name).lower(): v.slug
        for v in config.allowlist.named
        for name in (v.name, *v.aliases)
    }
    return [[name, key] for name, key in sorted(named.items())]
