"""Search text analysis: one set of rules for the index and for the search box.

The browser half is ``overrides/assets/javascripts/helpgen/analyzer.js``. Both
halves read the same lexicon, which ships inside the search index, and
``tests/test_search.py`` checks that they turn queries into the same clauses.

Text is normalised (NFKC, lower case, traditional characters to simplified,
one character for one), then cut into pieces: runs of Chinese characters and
runs of Latin letters and digits (``error_proxy_auth_failed``, ``7.13.2``,
``ecs.0011`` and ``x509`` stay whole; so does the sign of a negative error code,
``-1307``). Where Chinese meets Latin letters or digits is always a boundary
(``SSL证书`` is ``ssl`` + ``证书``).

Index side (Python only): every dictionary word found anywhere in a Chinese
run (jieba's full mode, so ``误删除`` gives ``误删``, ``删除`` and ``误删除``),
plus, in short fields, every character bigram; Latin pieces whole and, for
compounds, their parts.

Query side: each Chinese run is segmented with the same dictionary and
jieba's own rule (the most probable route through the word graph, from the
words' frequencies; the last word is kept), stop-words
are dropped, a word the index does not know is looked for as a homophone (one
character typed for another that sounds the same, ``秘钥`` for ``密钥``: see
``sounds.py``) and otherwise falls back to its bigrams (or, when the site has none of them, to
its characters that are curated words: 卡 of 一卡一卡), and a lone character
becomes optional (or a prefix while it is still being typed). Synonyms are
folded to their group's first word on both sides. ``products`` tells which
products of the taxonomy a query names (by name or alias), and ``intents_in`` what a
question asks (how, a limit, …: search.yml's intents) of a query and of a title, for
the ranking.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .sounds import Sounds

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A minus sign belongs to a number it stands before, unless a word runs into it (-1307, not a-1).
PIECE = re.compile(f"[{CJK}]+|(?:(?<![a-z0-9._-])-(?=[0-9]))?[a-z0-9]+(?:[._-][a-z0-9]+)*")
_PART = re.compile(r"[._-]")
_LETTER = re.compile(r"[a-z]")
# Particles never start or end a bigram: 了网 or 的文 say nothing.
PARTICLES = "的了吗呢吧啊呀哦么"
MAX_WORD = 8
MAX_HOMOPHONES = 3  # words a misheard one may stand for
# Words more frequent than this (jieba's frequencies: 不仅, 已经) are function words, never what a
# misheard word stands for.
COMMON_WORD = 10_000
# The weight of a domain word (the taxonomy's and the user dictionary's: words.USER_FREQ): never a
# function word, however high its weight (配置, 部署 for 配制, 布署).
DOMAIN_FREQ = 20_000


@dataclass(frozen=True)
class Clause:
    """One lunr query clause: the term, whether it is one of the query's words (results are
    ranked by how many of those they contain) or only helps scoring, prefix or fuzzy, and the
    words typed."""

    term: str
    required: bool
    prefix: bool = False
    fuzzy: int = 0
    unit: str = ""
    parts: int = 0  # of a compound looked for by its parts: how many (each is that share of it)

    def as_json(self) -> list:
        return [self.term, int(self.required), int(self.prefix), self.fuzzy, self.unit, self.parts]


class Analyzer:
    """Normalises and cuts text with one lexicon: dictionary words, stop-words, synonyms, t2s."""

    def __init__(
        self,
        freq: dict[str, int],
        total: int,
        stopwords: Iterable[str],
        synonyms: dict[str, str],
        t2s: dict[str, str],
        sounds: Sounds | None = None,
        products: dict[str, str] | None = None,
        intents: Iterable[tuple[str, Iterable[str]]] = (),
        vendors: dict[str, str] | None = None,
    ):
        self.freq = dict(freq)  # dictionary words and single characters -> jieba frequency
        self.log_total = math.log(total)
        self.stopwords = frozenset(stopwords)
        self.synonyms = dict(synonyms)
        self._t2s = str.maketrans(t2s)
        self.sounds = sounds or Sounds("")
        self.products = dict(products or {})  # a product's name or alias, normalised -> its key
        self.intents = [(name, tuple(words)) for name, words in intents]  # normalised words
        self.vendors = dict(vendors or {})  # a vendor's name or alias, normalised -> its key
        self._pieces: dict[
            tuple[str, bool], tuple[str, ...]
        ] = {}  # index side: the same runs recur

    @classmethod
    def from_lexicon(cls, lexicon: dict) -> Analyzer:
        t2s = lexicon["t2s"]
        return cls(
            lexicon["freq"],
            lexicon["total"],
            lexicon["stopwords"],
            lexicon["synonyms"],
            {t2s[i]: t2s[i + 1] for i in range(0, len(t2s), 2)},
            Sounds(lexicon.get("sounds", "")),
            dict(lexicon.get("products", [])),
            lexicon.get("intents", []),
            dict(lexicon.get("vendors", [])),
        )

    def normalize(self, text: str) -> str:
        return unicodedata.normalize("NFKC", text).lower().translate(self._t2s)

    def fold(self, word: str) -> str:
        return self.synonyms.get(word, word)

    def skip_bigram(self, bigram: str) -> bool:
        return bigram[0] in PARTICLES or bigram[1] in PARTICLES or bigram in self.stopwords

    # -- query side (mirrored in helpgen-analyzer.js) ---------------------------------

    def segment(self, run: str) -> list[str]:
        """Cut a Chinese run into words the way jieba does without its HMM: the route
        through all dictionary words with the highest product of word probabilities."""
        size = len(run)
        best: list[tuple[float, int]] = [(0.0, 0)] * (size + 1)
        for i in range(size - 1, -1, -1):
            options = [
                (math.log(self.freq.get(run[i], 0) or 1) - self.log_total + best[i + 1][0], i + 1)
            ]
            for j in range(i + 2, min(i + MAX_WORD, size) + 1):
                if self.freq.get(run[i:j], 0) > 0:
                    options.append((math.log(self.freq[run[i:j]]) - self.log_total + best[j][0], j))
            best[i] = max(options)
        out, i = [], 0
        while i < size:
            out.append(run[i : best[i][1]])
            i = best[i][1]
        return out

    def query(self, text: str, known: Callable[[str], bool]) -> list[Clause]:
        """Clauses for what a customer typed; ``known(term)`` says whether the index has a term."""
        norm = self.normalize(text)
        pieces = list(PIECE.finditer(norm))
        typing = bool(pieces) and pieces[-1].end() == len(norm)
        clauses: list[Clause] = []
        for n, match in enumerate(pieces):
            last = typing and n == len(pieces) - 1
            piece = match.group(0)
            if piece[0] < "\u0080":
                clauses += self._latin(piece, last, known)
            else:
                clauses += self._chinese(piece, last, known)
        seen: set[tuple] = set()
        unique = []
        for clause in clauses:
            key = (clause.term, clause.prefix, clause.fuzzy)
            if key not in seen:
                seen.add(key)
                unique.append(clause)
        return unique

    def _latin(self, piece: str, last: bool, known) -> list[Clause]:
        term = self.fold(piece)
        if piece in self.stopwords and not last:
            return []
        parts = [self.fold(p) for p in _parts(piece)]
        n = len(parts)
        found = [Clause(p, True, unit=piece, parts=n) for p in parts if known(p)] if n > 1 else []
        if known(term):
            # Whole, and by its parts: a page may name the thing without the rest of the address
            # (uhub for uhub.service.ucloud.cn).
            return [Clause(term, True, unit=piece), *found]
        if piece[0] == "-" and known(piece[1:]):
            return [Clause(piece[1:], True, unit=piece)]
        if found:
            return found
        if last:
            return [Clause(term, True, prefix=True, unit=piece)]
        if len(term) == 3:
            # One edit from three letters reaches every other abbreviation (alb: clb, ulb, lb):
            # only two neighbours swapped (cnd: cdn).
            swapped = [term[1] + term[0] + term[2], term[0] + term[2] + term[1]]
            return [Clause(s, True, unit=piece) for s in swapped if known(s)]
        if len(term) > 3 and _LETTER.search(term):
            return [Clause(term, True, fuzzy=1, unit=piece)]
        return []

    def _chinese(self, run: str, last: bool, known) -> list[Clause]:
        out: list[Clause] = []
        loose_start = -1
        at = 0

        def usable(b: str) -> bool:
            return len(b) == 2 and not self.skip_bigram(b) and known(b)

        def by_bigrams(text: str) -> list[Clause]:
            out = []
            for b in _bigrams(text):
                if self.skip_bigram(b):
                    continue
                if known(self.fold(b)):
                    out.append(Clause(self.fold(b), True, unit=text))
                else:
                    out += [Clause(h, True, unit=text) for h in self.homophones(b, known)]
            return out

        def flush(end: int) -> None:
            loose = run[loose_start:end]
            if len(loose) >= 2:
                # When no bigram of the run is the site's, its characters that are curated words
                # (卡 of 一卡一卡).
                out.extend(by_bigrams(loose) or self._curated(loose, known))
                return
            if loose in self.synonyms and known(self.fold(loose)):
                out.append(Clause(self.fold(loose), True, unit=loose))  # 慢, 卡: a curated word
                return
            if last and end == len(run):
                out.append(Clause(loose, False, prefix=True, unit=loose))
            for b in (run[loose_start - 1 : end], run[loose_start : end + 1]):
                if usable(b):
                    out.append(Clause(b, False, unit=loose))

        for seg in self.segment(run):
            word = len(seg) >= 2
            if loose_start >= 0 and (word or seg in self.stopwords or seg in PARTICLES):
                flush(at)
                loose_start = -1
            term = self.fold(seg)
            if word and seg not in self.stopwords:
                # A word the index lacks: a homophone of it the index has, else its bigrams.
                alike = [] if known(term) else self.homophones(seg, known)
                found = [Clause(term, True, unit=seg)] if known(term) else by_bigrams(seg)
                out.extend([Clause(h, True, unit=seg) for h in alike] or found)
            elif (
                not word and seg not in self.stopwords and seg not in PARTICLES and loose_start < 0
            ):
                loose_start = at
            at += len(seg)
        if loose_start >= 0:
            flush(len(run))
        return out

    def _curated(self, text: str, known) -> list[Clause]:
        """The characters of ``text`` that are curated words (synonyms.yml's 卡), as clauses."""
        return [
            Clause(self.fold(c), True, unit=c)
            for c in dict.fromkeys(text)
            if c in self.synonyms and known(self.fold(c))
        ]

    def homophones(self, word: str, known) -> list[str]:
        """Words of the site (folded) that sound like ``word`` with one character changed: none
        of the commonest words."""
        return [
            self.fold(w)
            for w in self.sounds.alike(word)
            if (0 < self.freq.get(w, 0) <= COMMON_WORD or self.freq.get(w) == DOMAIN_FREQ)
            and w not in self.stopwords
            and known(self.fold(w))
        ][:MAX_HOMOPHONES]

    def products_in(self, text: str, known) -> dict[str, str]:
        """The products a query names: the word that names each (a Latin piece as typed, or the
        name or alias found in a Chinese run) -> the product's key. A Latin piece of three
        letters or more that the index lacks names a product one typo away (``cnd``)."""

        def near(piece: str) -> str:
            if len(piece) < 3 or known(piece):
                return ""
            keys = {k for a, k in self.products.items() if len(a) >= 3 and one_edit(a, piece)}
            return keys.pop() if len(keys) == 1 else ""

        return self.names_in(text, self.products, near)

    def vendors_in(self, text: str) -> dict[str, str]:
        """The vendors a query names: each name or alias found (in a Chinese run, or a Latin
        piece as a whole) -> the vendor's key; a name inside a longer one found is not one of
        its own (腾讯 of 腾讯云).

        >>> a = Analyzer({}, 1, [], {}, {}, vendors={"腾讯": "t", "腾讯云": "t", "qiniu": "q"})
        >>> a.vendors_in("腾讯云cdn QINIU")
        {'腾讯云': 't', 'qiniu': 'q'}
        """
        found = self.names_in(text, self.vendors)
        return {a: k for a, k in found.items() if not any(a != b and a in b for b in found)}

    def names_in(self, text: str, names: dict[str, str], guess=None) -> dict[str, str]:
        """The names (normalised -> a key) a query says: found in a Chinese run, or a Latin
        piece as a whole; ``guess(piece)`` gives the key of a Latin piece that is none ("")."""
        found: dict[str, str] = {}
        for piece in PIECE.findall(self.normalize(text)):
            if piece[0] >= "\u0080":
                found.update({a: k for a, k in names.items() if a in piece})
            elif piece in names:
                found[piece] = names[piece]
            elif guess is not None and (key := guess(piece)):
                found[piece] = key
        return found

    def intents_in(self, text: str) -> dict[str, list[str]]:
        """What a question asks (search.yml's intents): each intent whose words ``text`` has,
        anywhere, as written -> those words. The longest word wins: a word found only inside a
        longer intent word asks nothing of its own (怎么 of 怎么办 asks what to do, not how).

        >>> a = Analyzer({}, 1, [], {}, {}, intents=[("how", ["怎么"]), ("fix", ["怎么办"])])
        >>> a.intents_in("怎么办"), a.intents_in("怎么弄 怎么办")
        ({'fix': ['怎么办']}, {'how': ['怎么'], 'fix': ['怎么办']})
        """
        norm = self.normalize(text)
        said = {w for _, words in self.intents for w in words if w in norm}

        def alone(word: str) -> bool:
            rest = norm
            for longer in (o for o in said if word != o and word in o):
                rest = rest.replace(longer, " ")
            return word in rest

        found = {name: [w for w in words if w in said and alone(w)] for name, words in self.intents}
        return {name: hits for name, hits in found.items() if hits}

    # -- index side -------------------------------------------------------------------

    def index_tokens(
        self, text: str, candidates: Callable[[str], int | None], bigrams: bool
    ) -> list[str]:
        """Terms of ``text`` for the index. ``candidates(s)`` is jieba's frequency table lookup:
        None when no dictionary word starts with ``s``, 0 for a prefix only, >0 for a word."""
        out: list[str] = []
        for piece in PIECE.findall(self.normalize(text)):
            key = (piece, bigrams)
            found = self._pieces.get(key)
            if found is None:
                found = self._pieces[key] = self._piece_tokens(piece, candidates, bigrams)
            out.extend(found)
        return out

    def part_tokens(self, text: str) -> list[str]:
        """The parts of the Latin compounds of ``text`` (error_proxy_auth -> error, proxy, auth),
        for the index's field of parts: a word inside an identifier is not one of the page's words.

        >>> Analyzer({}, 1, [], {}, {}).part_tokens("ERR_SSO_LOGIN 登录 x509 uhub.ucloud.cn")
        ['err', 'sso', 'login', 'uhub', 'ucloud', 'cn']
        """
        out = []
        for piece in PIECE.findall(self.normalize(text)):
            parts = _parts(piece) if piece[0] < "\u0080" else []
            out += [self.fold(p) for p in parts] if len(parts) > 1 else []
        return out

    def _piece_tokens(self, piece: str, candidates, bigrams: bool) -> tuple[str, ...]:
        if piece[0] < "\u0080":
            return (self.fold(piece), *((piece[1:],) if piece[0] == "-" else ()))
        out = []
        size = len(piece)
        for i in range(size - 1):
            for j in range(i + 2, min(i + MAX_WORD, size) + 1):
                found = candidates(piece[i:j])
                if found is None:
                    break
                if found and piece[i:j] not in self.stopwords:
                    out.append(self.fold(piece[i:j]))
            if bigrams and not self.skip_bigram(piece[i : i + 2]):
                out.append(piece[i : i + 2])
        return tuple(out)


def one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion, substitution or
    transposition of two neighbours (lunr's edit distance 1).

    >>> one_edit("cdn", "cnd"), one_edit("sll", "ssl"), one_edit("cdn", "dns")
    (True, True, False)
    """
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if a[i + 1 :] == b[i + 1 :] or a[i:] == b[i + 1 :] or a[i + 1 :] == b[i:]:
        return True
    return len(a) == len(b) and a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]


def _parts(piece: str) -> list[str]:
    """The parts of a Latin compound that stand alone (error_proxy_auth -> error, proxy, auth)."""
    return [p for p in _PART.split(piece) if len(p) >= 2 and _LETTER.search(p)]


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]
