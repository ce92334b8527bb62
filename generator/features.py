"""Features stage: what grouping compares of each entry, worked out from the entry alone.

* the words of its title, and of its title with the start of its description
  (``words.py``: jieba, synonyms folded, stop-words dropped);
* the character 4-grams of its answer, and of its answer with the answers to
  follow-up questions (32-bit hashes, sorted); when the first reply only asked back
  (您这边域名是否删除了呢), the answers to the follow-ups are its answer;
* the error codes and identifiers its question names;
* the symptoms its question reports pending (``Words.pending``: 证书一直处理中);
* MinHash signatures of the title words, the question words and the answer
  4-grams, cut into LSH bands, and a key of what its question reports stuck:
  entries that share a band key are candidates.

Nothing here looks beyond one entry, so the per-file stage computes it (in
parallel, cached) and grouping only compares.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
import zlib
from dataclasses import replace

import numpy as np

from .markup import MARKUP_NOISE, SPACES
from .model import Entry, Features
from .words import Words

NUM_PERM = 64
BANDS = (("title", 32, 2), ("question", 32, 2), ("answer", 32, 2))  # (feature, bands, rows)
QUESTION_CHARS = 80  # of the description, counted with the title as the question

_CODE = re.compile(
    r"“[^”]{2,40}”|\"[^\"]{2,40}\"|`[^`]{2,40}`|(?<![0-9A-Za-z])\d{3,}(?![0-9A-Za-z])|"
    r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+\b|\bx\d{3}\b"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_EMPTY = np.zeros(0, dtype=np.uint32)
_PRIME = np.uint64(4294967311)  # > 2**32
_MIX = np.uint64(1000003)


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The MinHash permutations, from a fixed seed: signatures are the same in every run."""
    rng = np.random.RandomState(20260101)
    return rng.randint(1, 2**31, NUM_PERM).astype(np.uint64), rng.randint(
        0, 2**31, NUM_PERM
    ).astype(np.uint64)


_PERM_A, _PERM_B = _permutations()


@functools.lru_cache(maxsize=20_000)
def shingles_of(text: str) -> np.ndarray:
    """Sorted distinct 32-bit hashes of the text's character 4-grams (markup and spaces removed).
    Remembered: support replies are canned, the same answer comes back in many entries."""
    plain = SPACES.sub("", unicodedata.normalize("NFKC", MARKUP_NOISE.sub(" ", text)).lower())
    if len(plain) < 4:
        return _EMPTY
    c = np.frombuffer(plain.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    h = c[:-3] * _MIX**3 + c[1:-2] * _MIX**2 + c[2:-1] * _MIX + c[3:]
    return np.unique((h ^ (h >> np.uint64(29))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def word_hashes(words: frozenset[str]) -> np.ndarray:
    return np.array(sorted({zlib.crc32(w.encode("utf-8")) for w in words}), dtype=np.uint32)


def codes(title: str, words: Words) -> frozenset[str]:
    """Error codes and identifiers a question names (not years). A quoted message is kept as
    its words (synonyms folded): customers retype what the screen said in their own spelling."""
    found = set()
    for c in _CODE.findall(unicodedata.normalize("NFKC", title)):
        if c[0] in '“"`':
            found.add("“" + " ".join(sorted(set(words.tokens(c[1:-1])))) + "”")
        elif not _YEAR.fullmatch(c):
            found.add(c)
    return frozenset(found)


def own_heading(entry: Entry) -> str:
    """A FAQ title without the group name the clean stage put in front of it."""
    for ancestor in entry.context:
        if entry.title.startswith(ancestor + "："):
            return entry.title[len(ancestor) + 1 :]
    return entry.title


# The first clause of an answer that says yes or no: answers of opposite stance (可以 /
# 不可以, 支持 / 不支持) are never one topic, however alike their words.
_NO = re.compile(
    r"^(?:目前|暂时|当前|这个|这边)?暂?(?:是)?(?:不可以|不能|不支持|不行|不会|不需要|不可|没有|不是)"
    r"(?:的)?(?:哦|呢|哈)?[，,。！!；;]|^(?:目前|暂时|当前)?暂?不支持"
)
# A yes only when it stands alone ("可以。", "是的，"): "可以到控制台…" tells how, not whether.
_YES = re.compile(r"^(?:是的|是|可以|能|支持|会|有)的?(?:哦|呢|哈)?[，,。！!；;]")
_LEAD = re.compile(r"^(?:[#>*\s\\]|您好|你好|亲)+")


def stance(answer: str) -> int:
    """1 when the answer starts by saying yes, -1 by saying no, 0 otherwise.

    >>> stance("不可以，不同地域之间内网不互通。"), stance("可以。同地域内网互通。")
    (-1, 1)
    >>> stance("请稍等")
    0
    """
    start = _LEAD.sub("", answer)[:40] + "。"
    return -1 if _NO.match(start) else 1 if _YES.match(start) else 0


def entry_features(entry: Entry, words: Words) -> Features:
    """The features of one entry, without digest and band keys."""
    title = frozenset(words.tokens(own_heading(entry)))
    prose = entry.description if "```" not in entry.description else ""
    answer = full = shingles_of(entry.answer_md)
    if entry.followups:
        follow = shingles_of("\n".join(f.answer for f in entry.followups))
        full = np.union1d(answer, follow).astype(np.uint32)
        if not answer.size:  # the first reply asked back: the follow-ups answer the question
            answer = full
    return Features(
        title,
        title | frozenset(words.tokens(prose[:QUESTION_CHARS])),
        answer,
        full,
        codes(entry.title, words),
        page=entry.source.file if entry.kind == "faq" else "",
        weak=entry.no_knowledge,
        product=entry.sure_product,
        stance=stance(entry.answer_md),
        pending=words.pending(own_heading(entry), prose[:QUESTION_CHARS]),
    )


def page_features(
    page_id: str, title: str, questions: tuple[str, ...], body: str, product: str, words: Words
) -> Features:
    """The features of a page a writer owns: it takes part in grouping as an anchor."""
    words_of_title = frozenset(words.tokens(title))
    asked = words_of_title | {w for q in questions for w in words.tokens(q)}
    answer = shingles_of(body)
    page = Features(
        words_of_title, asked, answer, answer, codes(title, words), anchor=page_id, product=product
    )
    return finished([page])[0]


def features_of(entries: list[Entry], words: Words) -> list[Features]:
    """The features of one file's entries, with digests and band keys."""
    return finished([entry_features(e, words) for e in entries])


def finished(features: list[Features]) -> list[Features]:
    """The features with their digest and LSH band keys."""
    digests = [fingerprint(f) for f in features]
    rows = np.hstack([band_rows(features), pending_keys(features, digests)])
    return [
        replace(f, digest=d, bands=row) for f, d, row in zip(features, digests, rows, strict=True)
    ]


def pending_keys(features: list[Features], digests: list[bytes]) -> np.ndarray:
    """One more band key: questions that report the same features stuck (however differently
    worded: 域名配置卡住, 修改防盗链设置已经排队7天) share it, so they are compared. An item
    that reports nothing stuck has a key of its own (its digest: equal items only)."""
    keys = [
        hashlib.blake2b(
            "\0".join(sorted(f.pending)).encode("utf-8") if f.pending else b"\1" + d,
            digest_size=8,
        ).digest()
        for f, d in zip(features, digests, strict=True)
    ]
    return np.frombuffer(b"".join(keys), dtype=np.uint64).reshape(len(features), 1)


def fingerprint(f: Features) -> bytes:
    """Features with equal fingerprints are the same for every grouping decision (sets sorted,
    so that equal features have equal fingerprints whatever the order of their sets)."""
    h = hashlib.blake2b(digest_size=16)
    for part in (
        sorted(f.title),
        sorted(f.question),
        sorted(f.codes),
        [f.page, f.anchor, str(f.weak), f.product, str(f.stance)],
        sorted(f.pending),
    ):
        h.update("\0".join(part).encode("utf-8") + b"\1")
    h.update(f.answer.size.to_bytes(8, "little") + f.answer.tobytes() + f.full.tobytes())
    return h.digest()


def signatures(sets: list[np.ndarray]) -> np.ndarray:
    """MinHash signatures (rows of NUM_PERM values) of hashed sets, with numpy."""
    out = np.full((len(sets), NUM_PERM), np.iinfo(np.uint64).max, dtype=np.uint64)
    rows = [i for i, s in enumerate(sets) if s.size]
    if rows:
        values = np.concatenate([sets[i] for i in rows]).astype(np.uint64)
        offsets = np.cumsum([0] + [sets[i].size for i in rows[:-1]])
        for p in range(NUM_PERM):
            out[rows, p] = np.minimum.reduceat((values * _PERM_A[p] + _PERM_B[p]) % _PRIME, offsets)
    return out


def _band_keys(sigs: np.ndarray, bands: int, rows: int, salt: int) -> np.ndarray:
    """One 64-bit key per band of each signature (rows mixed, band and feature salted in)."""
    key = np.full((len(sigs), bands), np.uint64(salt * 1_000_003), dtype=np.uint64)
    for r in range(rows):
        key = (key ^ sigs[:, r::rows][:, :bands]) * np.uint64(0x100000001B3)  # FNV-style mixing
        key ^= key >> np.uint64(29)
    return key + np.arange(bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)


def band_rows(features: list[Features]) -> np.ndarray:
    """The LSH band keys of each item (one row: the title's, the question's and the answer's)."""
    if not features:
        return np.zeros((0, sum(bands for _, bands, _ in BANDS)), dtype=np.uint64)
    parts = []
    for n, (kind, bands, rows) in enumerate(BANDS):
        sets = [f.answer if kind == "answer" else word_hashes(getattr(f, kind)) for f in features]
        parts.append(_band_keys(signatures(sets), bands, rows, salt=n + 1))
    return np.hstack(parts)
