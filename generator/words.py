"""Words of a question: segmented, normalised, synonyms folded, stop-words dropped.

One tokenizer for everything that compares what customers ask: jieba with a
user dictionary from ``site_config/`` (product terms and synonyms stay whole),
NFKC and lower case, each synonym replaced by its group's first word.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable

import jieba

from .config import Config
from .markup import MARKUP_NOISE

_RUN = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9][a-z0-9._+-]*[a-z0-9]|[a-z0-9]")
# Markup, and bare URLs too: neither is a word a customer asks with.
_MARKUP = re.compile(MARKUP_NOISE.pattern + r"|https?://\S*", re.S)

# Small numbers and years say little about what is asked; error codes (1004, 60008) do.
_NOISE = re.compile(r"\d{1,2}|(?:19|20)\d\d|[年月日号]")

jieba.setLogLevel(logging.WARNING)


_TOKENIZERS: dict[tuple, jieba.Tokenizer] = {}
_RUNS: dict[jieba.Tokenizer, dict[str, list[str]]] = {}
_MAX_RUNS = 200_000
USER_FREQ = 20000  # the weight of a domain word, as site_config/jieba_user.txt gives its words


def _tokenizer(config: Config) -> jieba.Tokenizer:
    """One jieba tokenizer per dictionary: loading one takes about a second."""
    user = config.directory / "jieba_user.txt"
    words = tuple(sorted(w for w in config.synonyms if re.search(r"[\u4e00-\u9fff]", w)))
    key = (str(user), user.read_text(encoding="utf-8") if user.is_file() else "", words)
    if key not in _TOKENIZERS:
        tokenizer = jieba.Tokenizer()
        if user.is_file():
            tokenizer.load_userdict(str(user))
        for word in words:
            tokenizer.add_word(word, freq=USER_FREQ)
        _TOKENIZERS[key] = tokenizer
    return _TOKENIZERS[key]


class Words:
    """A tokenizer bound to one configuration (its dictionary, synonyms and stop-words)."""

    def __init__(self, config: Config):
        self.synonyms = config.synonyms
        self.stopwords = {w.lower() for w in config.stopwords}
        self._config = config
        self._tokenizer: jieba.Tokenizer | None = None  # loaded when a text is not in the cache
        # Variants of two characters or more are replaced in the text before it is cut, so a
        # compound and its parts agree (修改密码 and 忘记密码 both become 重置密码); single
        # characters (卡, 急) only as whole words, or 银行卡 would change meaning.
        long = sorted((v for v, c in self.synonyms.items() if len(v) >= 2 and v != c), key=lambda v: (-len(v), v))
        self._variants = re.compile("|".join(map(re.escape, long))) if long else None
        self._cache: dict[str, tuple[str, ...]] = {}
        self._used: set[str] = set()
        # Segments a list of texts elsewhere (a worker process that has the dictionary loaded),
        # or returns None; used by segment_all() while this process has not loaded it.
        self.helper: Callable[[list[str]], dict[str, tuple[str, ...]] | None] | None = None

    def tokenizer(self) -> jieba.Tokenizer:
        if self._tokenizer is None:
            self._tokenizer = _tokenizer(self._config)
        return self._tokenizer

    def _pieces(self) -> dict[str, list[str]]:
        """jieba's pieces of each run of Chinese characters cut so far with this dictionary (runs
        recur in many texts: 证书过期了, 怎么续费); kept across segmenters, up to _MAX_RUNS runs."""
        runs = _RUNS.setdefault(self.tokenizer(), {})
        if len(runs) >= _MAX_RUNS:
            runs.clear()
        return runs

    def remember(self, known: dict[str, tuple[str, ...]]) -> None:
        """Words of texts seen in an earlier run with the same dictionary."""
        self._cache.update(known)

    def used(self) -> dict[str, tuple[str, ...]]:
        """Words of the texts this run asked about, to remember next time."""
        return {t: self._cache[t] for t in self._used if t in self._cache}

    def segment_all(self, texts: Iterable[str]) -> None:
        """Make sure the words of ``texts`` are known: those not yet segmented are segmented in
        one batch, by the helper when this process has not loaded the dictionary."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing and self._tokenizer is None and self.helper is not None:
            self._cache.update(self.helper(missing) or {})

    def tokens(self, text: str) -> tuple[str, ...]:
        """The words of ``text`` that carry meaning, in order.

        >>> Words(load_config("site_config")).tokens("忘记密码了怎么办？")
        ('重置密码',)
        """
        self._used.add(text)
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        plain = unicodedata.normalize("NFKC", _MARKUP.sub(" ", text)).lower()
        if self._variants is not None:
            plain = self._variants.sub(lambda m: " " + self.synonyms[m.group(0)] + " ", plain)
        out, known = [], None
        for run in _RUN.findall(plain):
            # Search mode gives compounds and their parts (免费证书, 免费, 证书), so a
            # question that says 免费证书 meets one that says 证书.
            if run.isascii():
                pieces = [run]
            else:
                known = self._pieces() if known is None else known
                pieces = known.get(run)
                if pieces is None:
                    pieces = known[run] = self.tokenizer().lcut_for_search(run)
            for piece in pieces:
                word = self.synonyms.get(piece, piece)
                if word in self.stopwords or _NOISE.fullmatch(word):
                    continue
                out.append(word)
        result = tuple(out)
        if len(self._cache) < 1_000_000:
            self._cache[text] = result
        return result
