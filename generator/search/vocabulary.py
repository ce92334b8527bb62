"""What the index learns from the pages it indexes: the site's own words and its error codes.

A new vendor's pages bring words no dictionary has (高防, 主备, 扩缩容, 首帧) and codes in
every shape (``Ecs.0011``, ``-1307``, ``40100005`` in a table, ``ERR_RTMP_PUSH_NET_DISCONNECT``).
Neither needs a hand-made list: words are what jieba's HMM finds, where its dictionary has
none, on at least two pages; codes are the shapes below, taken from the whole page.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from .analyzer import CJK, MAX_WORD, PARTICLES

MIN_PAGES = 2  # a word the dictionary lacks is the site's when it is on this many pages
_RUN = re.compile(f"[{CJK}]{{2,}}")
# Identifiers and codes: ERROR_PROXY_AUTH_FAILED, InvalidObjectState-like words with digits
# (x509), 4xx/5xx statuses, dotted codes (Ecs.0011), negative codes (-1307).
_CODE = re.compile(
    r"(?<![A-Za-z0-9_.])(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+|[A-Za-z]+[0-9][A-Za-z0-9]*"
    r"|[A-Za-z]+\.[0-9]+|[45][0-9][0-9])(?![A-Za-z0-9_])"
    r"|(?<![A-Za-z0-9_.-])-[0-9]{3,9}(?![0-9])"
)
# A number of three digits or more that fills a table cell, or that an error code's name stands
# before (错误码 1001, 返回 60008, errno: 40100005).
_CELL_NUMBER = re.compile(r"(?:^|\|)[ \t]*(-?[0-9]{3,9})[ \t]*(?=\||$)", re.M)
_NAMED_NUMBER = re.compile(
    r"(?:错误码|状态码|返回码|错误|返回|报错|code|errno|error|status)[\s:：=（(\"'“]{0,3}(-?[0-9]{3,9})(?![0-9])",
    re.I,
)


def page_codes(text: str) -> list[str]:
    """The error codes and identifiers of a page's text, sorted, each once.

    >>> page_codes("| -1307 | ERR_NET |\\n| 612 | 不存在 |\\nEcs.0011；返回1004；端口 8080")
    ['-1307', '1004', '612', 'ERR_NET', 'Ecs.0011']
    """
    found = set(_CODE.findall(text))
    found.update(_CELL_NUMBER.findall(text))
    found.update(_NAMED_NUMBER.findall(text))
    return sorted(found)


def site_words(pages: Iterable[Iterable[str]], tokenizer, stopwords: frozenset[str]) -> list[str]:
    """Words of the pages' Chinese that the tokenizer's dictionary lacks, found by its HMM on at
    least MIN_PAGES pages; none starts or ends with a particle or is a stop-word. ``pages``: the
    texts of each page."""
    counts: Counter = Counter()
    for texts in pages:
        found = set()
        for text in texts:
            for run in _RUN.findall(unicodedata.normalize("NFKC", text)):
                found.update(w for w in tokenizer.cut(run, HMM=True) if _new(w, tokenizer))
        counts.update(found)
    return sorted(w for w, n in counts.items() if n >= MIN_PAGES and w not in stopwords)


def _new(word: str, tokenizer) -> bool:
    return (
        2 <= len(word) <= MAX_WORD
        and not tokenizer.FREQ.get(word)
        and word[0] not in PARTICLES
        and word[-1] not in PARTICLES
    )
