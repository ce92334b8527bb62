"""Words of a question: segmented, normalised, synonyms folded, stop-words dropped.

One tokenizer for everything that compares what customers ask: jieba with a
user dictionary from ``site_config/`` (product terms and synonyms stay whole),
NFKC and lower case, each synonym replaced by its group's first word.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import unicodedata

import jieba

from .classify import Keywords
from .config import Config
from .markup import MARKUP_NOISE

_RUN = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9][a-z0-9._+-]*[a-z0-9]|[a-z0-9]")
# Markup, and bare URLs too: neither is a word a customer asks with.
_MARKUP = re.compile(MARKUP_NOISE.pattern + r"|https?://\S*", re.S)

# Small numbers and years say little about what is asked; error codes (1004, 60008) do.
_NOISE = re.compile(r"\d{1,2}|(?:19|20)\d\d|[年月日号]")

USER_FREQ = 20000  # the weight of a domain word, as site_config/jieba_user.txt gives its words

jieba.setLogLevel(logging.WARNING)


def dictionary_words(config: Config) -> tuple[str, tuple[str, ...]]:
    """What the segmenter's dictionary adds to jieba's: the user dictionary's text and the
    Chinese synonyms (so that each stays one word)."""
    user = config.directory / "jieba_user.txt"
    text = user.read_text(encoding="utf-8") if user.is_file() else ""
    return text, tuple(sorted(w for w in config.synonyms if re.search(r"[\u4e00-\u9fff]", w)))


@functools.lru_cache(maxsize=4)
def load_tokenizer(user_dictionary: str, words: tuple[str, ...]) -> jieba.Tokenizer:
    """A jieba tokenizer with these additions, loaded once per process (loading is slow)."""
    tokenizer = jieba.Tokenizer()
    if user_dictionary:
        tokenizer.load_userdict(io.StringIO(user_dictionary))
    for word in words:
        tokenizer.add_word(word, freq=USER_FREQ)
    return tokenizer


class Words:
    """A tokenizer bound to one configuration (its dictionary, synonyms and stop-words).

    >>> from generator.config import load_config
    >>> Words(load_config("site_config")).tokens("忘记密码了怎么办？")
    ('重置', '密码', '重置密码')
    """

    def __init__(self, config: Config):
        self.synonyms = config.synonyms
        self.stopwords = {w.lower() for w in config.stopwords}
        self._dictionary = dictionary_words(config)
        # Variants of two characters or more are replaced in the text before it is cut, so a
        # compound and its parts agree (修改密码 and 忘记密码 both become 重置密码); single
        # characters (卡, 急) only as whole words, or 银行卡 would change meaning.
        long = sorted(
            (v for v, c in self.synonyms.items() if len(v) >= 2 and v != c),
            key=lambda v: (-len(v), v),
        )
        self._variants = re.compile("|".join(map(re.escape, long))) if long else None
        pending = sorted(config.pending, key=lambda w: (-len(w), w))
        self._pending = re.compile("|".join(map(_gapped, pending))) if pending else None
        self._pending_words = frozenset(w.lower() for w in pending)
        self._symptoms = Keywords.of({s: v.keywords for s, v in config.symptoms.items()})
        self._generic = frozenset(s for s, v in config.symptoms.items() if v.generic)

    def tokenizer(self) -> jieba.Tokenizer:
        return load_tokenizer(*self._dictionary)

    def tokens(self, text: str) -> tuple[str, ...]:
        """The words of ``text`` that carry meaning, in order."""
        plain = unicodedata.normalize("NFKC", _MARKUP.sub(" ", text)).lower()
        if self._variants is not None:
            plain = self._variants.sub(lambda m: " " + self.synonyms[m.group(0)] + " ", plain)
        out = []
        for run in _RUN.findall(plain):
            for piece in [run] if run.isascii() else self._cut(run):
                word = self.synonyms.get(piece, piece)
                if word not in self.stopwords and not _NOISE.fullmatch(word):
                    out.append(word)
        return tuple(out)

    def pending(self, title: str, question: str) -> frozenset[str]:
        """The symptoms a question reports pending: when it says a change is still pending
        (synonyms.yml ``pending``), the symptoms whose taxonomy keywords its title names
        besides (the pending words themselves aside: 处理中 names no feature). A generic symptom
        (taxonomy ``generic``: 配置, what every change is) counts only when no other is named:
        a stuck HTTPS 配置 is a stuck certificate.

        >>> from generator.config import load_config
        >>> words = Words(load_config("site_config"))
        >>> sorted(words.pending("https 证书更新", "一直处理中")), words.pending("证书过期了", "")
        (['certificate'], frozenset())
        >>> sorted(words.pending("https配置卡住", "")), sorted(words.pending("域名配置卡住", ""))
        (['certificate'], ['config'])
        """
        if self._pending is None or not self._pending.search(title + "\n" + question):
            return frozenset()
        named = self._symptoms.found(title) - self._pending_words
        found = frozenset(s for w in named for s in self._symptoms.owners[w])
        specific = frozenset(s for s in found if s not in self._generic)
        return specific or found

    def _cut(self, run: str) -> tuple[str, ...]:
        return cut_for_search(self._dictionary, run)


def _gapped(word: str) -> str:
    """A pending word as a pattern: ``…`` stands for a verb of up to four characters
    (未…完成 is 未完成 and 未配置完成).

    >>> bool(re.search(_gapped("未…完成"), "较长时间未配置完成")), _gapped("卡住")
    (True, '卡住')
    """
    return r"\w{0,4}?".join(map(re.escape, word.split("…")))


@functools.lru_cache(maxsize=200_000)
def cut_for_search(dictionary: tuple[str, tuple[str, ...]], run: str) -> tuple[str, ...]:
    """jieba's search-mode pieces of a run of Chinese characters: compounds and their parts
    (免费证书, 免费, 证书), so a question that says 免费证书 meets one that says 证书. Runs recur
    in many texts (证书过期了, 怎么续费): each is cut once per process."""
    return tuple(load_tokenizer(*dictionary).lcut_for_search(run))
