"""Homophones: a character typed for another that sounds the same.

Chinese customers type with pinyin input methods, and a wrong pick among the candidates
gives a word that sounds right and is written wrong: 秘钥 for 密钥, 审合 for 审核, 布署 for
部署. The index ships a table of syllables (without tones, which input methods ignore) and
the characters read so: the common characters (jieba's dictionary, by frequency) and every
character of the site's words, readings from pypinyin. A query word the index lacks is then
looked for with one of its characters replaced by one that shares a reading
(``Analyzer.homophones`` keeps the candidates that are words of the site).

The table is one string, ``"mi密秘米 yao要钥 …"``: a syllable, then its characters; only
syllables that some character of the site's words has. ``overrides/assets/javascripts/helpgen/
analyzer.js`` reads it the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ENTRY = re.compile(r"([a-z]+)(\S+)")
COMMON = 1000  # jieba's frequency from which a single character counts as common (~2,000 do)


class Sounds:
    """The syllable table: which characters share a reading.

    >>> sounds = Sounds("mi密秘米 yao要钥")
    >>> sounds.alike("秘钥")
    ['密钥', '米钥', '秘要']
    """

    def __init__(self, table: str):
        self.groups: dict[str, str] = {}
        self.readings: dict[str, list[str]] = {}
        for syllable, chars in _ENTRY.findall(table):
            self.groups[syllable] = chars
            for char in chars:
                self.readings.setdefault(char, []).append(syllable)

    def alike(self, word: str) -> list[str]:
        """Every string that differs from ``word`` in one character sharing a reading with it,
        in a fixed order (position, then reading, then the table's order)."""
        out: list[str] = []
        for i, char in enumerate(word):
            for syllable in self.readings.get(char, ()):
                for other in self.groups[syllable]:
                    candidate = word[:i] + other + word[i + 1 :]
                    if other != char and candidate not in out:
                        out.append(candidate)
        return out


def sound_table(common: Iterable[str], site: Iterable[str]) -> str:
    """The table for these characters: ``common`` (what customers may type) and ``site`` (the
    characters of the site's words); syllables no character of ``site`` has are left out.

    >>> sound_table("米秘", "密钥")
    'mi密秘米'
    """
    from pypinyin import Style, pinyin

    site = set(site)
    groups: dict[str, set[str]] = {}
    for char in sorted(set(common) | site):
        for reading in dict.fromkeys(pinyin(char, style=Style.NORMAL, heteronym=True)[0]):
            if reading.isascii() and reading.isalpha():
                groups.setdefault(reading, set()).add(char)
    kept = {s: chars for s, chars in groups.items() if len(chars) > 1 and chars & site}
    return " ".join(s + "".join(sorted(kept[s])) for s in sorted(kept))
