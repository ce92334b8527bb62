"""Cluster stage: entries that ask the same thing become one group.

Two entries join when they ask the same question (their questions share most
words, after synonyms are folded and stop-words dropped), or when they give
the same substantive answer to a related question (one answer's character
4-grams are nearly all in the other's, and the questions share a word).
Candidates come from MinHash LSH (datasketch) over both the question words and
the answer shingles, so the work grows with the data, not with its square;
the decision on each candidate pair uses exact set similarities.

Structural rules the numbers cannot see:

* questions that name different error codes (1004 / 1014, AccessForbidden /
  InvalidAccessKeyId) are never the same question;
* sections of one FAQ page were written as different questions; they join
  only when both question and answer agree.

Entries without reusable knowledge never seed or bridge a group: they join
the group whose question matches best, as a phrasing, or stay alone.
Pages writers own take part as anchors; two anchors never join.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

from .model import Entry
from .words import Words

NUM_PERM = 64
# Tuned on tests/fixtures/pairs.yml (scripts/eval_pairs.py prints the scores).
SAME_QUESTION = 0.62  # weighted question-word Jaccard that makes two questions the same
SAME_ANSWER = 0.8  # share of the shorter answer's 4-grams found in the other
RELATED_ANSWER = 0.5  # answer Jaccard that, with RELATED_QUESTION, joins two entries
RELATED_QUESTION = 0.2
CLOSE_QUESTION = 0.45  # with one answer inside the other's whole conversation
PAGE_QUESTION, PAGE_ANSWER = 0.3, 0.15  # sections of one FAQ page: both must agree ...
PAGE_SAME_ANSWER = 0.7  # ... or the answers be the same and the questions related
PHRASING = 0.4  # question similarity for an entry without knowledge to join a group

_CODE = re.compile(r"“[^”]{2,40}”|\"[^\"]{2,40}\"|`[^`]{2,40}`|(?<![0-9A-Za-z])\d{3,}(?![0-9A-Za-z])|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|"
                   r"\b[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+\b|\bx\d{3}\b")
_MARKUP = re.compile(r"```.*?```|<https?://[^>]+>|\]\([^)]*\)|[*_`#>|\\\[\]]|‹[^›]*›", re.S)


def answer_shingles(answer: str) -> set[str]:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", _MARKUP.sub(" ", answer)).lower())
    return {text[i:i + 4] for i in range(len(text) - 3)}


def codes(title: str) -> frozenset[str]:
    """Error codes and identifiers a question names."""
    return frozenset(c for c in _CODE.findall(unicodedata.normalize("NFKC", title))
                     if not re.fullmatch(r"(?:19|20)\d\d", c))


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def weighted_jaccard(a: set, b: set, weights: dict) -> float:
    """Jaccard where each word counts by its weight: rare words decide, common ones barely count."""
    if not a or not b:
        return 0.0
    union = sum(weights.get(w, 1.0) for w in a | b)
    return sum(weights.get(w, 1.0) for w in a & b) / union


def containment(a: set, b: set) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


@dataclass
class Item:
    """Anything that can join a group: a raw entry or a page already in the docs folder."""

    title: set[str]  # words of the title
    q: set[str]  # words of the title and the start of the description
    a: set[str]  # 4-grams of the answer
    full: set[str]  # 4-grams of the answer and the answers to follow-up questions
    codes: frozenset[str]
    page: str = ""  # the FAQ file a section comes from
    weak: bool = False  # no reusable knowledge: never seeds or bridges a group
    anchor: str = ""  # id of an existing page a writer owns
    minhash: dict = field(default_factory=dict, repr=False)
    weights: dict = field(default_factory=dict, repr=False)  # word -> weight (IDF over all items)


def item_for(entry: Entry, words: Words) -> Item:
    title = set(words.tokens(_own_heading(entry)))
    prose = entry.description if "```" not in entry.description else ""
    answer = answer_shingles(entry.answer_md)
    full = answer | answer_shingles("\n".join(f.answer for f in entry.followups))
    return Item(title, title | set(words.tokens(prose[:80])), answer, full, codes(entry.title),
                page=entry.source.file if entry.kind == "faq" else "", weak=entry.no_knowledge)


def _own_heading(entry: Entry) -> str:
    """A FAQ title without the group name the clean stage put in front of it."""
    for ancestor in entry.context:
        if entry.title.startswith(ancestor + "："):
            return entry.title[len(ancestor) + 1:]
    return entry.title


def question_similarity(x: Item, y: Item) -> float:
    """Word Jaccard of the titles or of the whole questions, whichever is higher.

    A one-word question says too little: it only matches a question with the same single word.
    """
    best = 0.0
    for a, b in ((x.title, y.title), (x.q, y.q)):
        if min(len(a), len(b)) <= 1 and a != b:
            continue
        best = max(best, weighted_jaccard(a, b, x.weights))
    return best


def same_topic(x: Item, y: Item) -> bool:
    """The decision on one candidate pair."""
    if x.codes and y.codes and not (x.codes & y.codes):
        return False
    q = question_similarity(x, y)
    if x.page and x.page == y.page:
        a = jaccard(x.a, y.a)
        return (q >= PAGE_QUESTION and a >= PAGE_ANSWER) or (q >= RELATED_QUESTION and a >= PAGE_SAME_ANSWER)
    if q >= SAME_QUESTION or _asks_within(x, y):
        return True
    if x.codes != y.codes:
        return False  # one names a code the other does not: only the question can decide
    if q >= CLOSE_QUESTION and max(containment(x.a, y.full), containment(x.full, y.a)) >= SAME_ANSWER:
        return True  # one's answer was given to the other too, in a follow-up
    shared = bool(x.q & y.q)
    return shared and (containment(x.a, y.a) >= SAME_ANSWER
                       or (q >= RELATED_QUESTION and jaccard(x.a, y.a) >= RELATED_ANSWER))


def _asks_within(x: Item, y: Item) -> bool:
    """Every word of one title (two at least) is in the other, at most twice as long, and the answers relate."""
    small, other = (x, y) if len(x.title) <= len(y.title) else (y, x)
    if len(small.title) < 2 or not small.title <= other.title or 2 * len(small.title) < len(other.title):
        return False
    return containment(x.a, y.a) >= RELATED_ANSWER


def minhash(tokens: set[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32)
    m.update_batch([t.encode("utf-8") for t in sorted(tokens)])
    return m


def candidate_pairs(items: list[Item]) -> set[tuple[int, int]]:
    """Pairs worth comparing: similar questions or similar answers, found by LSH."""
    pairs: set[tuple[int, int]] = set()
    for kind, threshold in (("title", 0.3), ("q", 0.2), ("a", 0.3)):
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        for i, item in enumerate(items):
            tokens = getattr(item, kind)
            if not tokens:
                continue
            m = minhash(tokens)
            item.minhash[kind] = m
            for j in lsh.query(m):
                pairs.add((j, i))
            lsh.insert(i, m)
    return pairs


class _Groups:
    """Union-find that keeps two writer-owned pages apart."""

    def __init__(self, items: list[Item]):
        self.parent = list(range(len(items)))
        self.anchors = [{it.anchor} if it.anchor else set() for it in items]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a == b or (self.anchors[a] and self.anchors[b]):
            return
        a, b = min(a, b), max(a, b)  # the earliest item names the group
        self.parent[b] = a
        self.anchors[a] |= self.anchors[b]


def word_weights(items: list[Item]) -> dict[str, float]:
    """Inverse document frequency of each question word over all items."""
    df: dict[str, int] = {}
    for item in items:
        for w in item.q:
            df[w] = df.get(w, 0) + 1
    n = len(items)
    return {w: math.log((n + 1) / (d + 1)) + 1.0 for w, d in df.items()}


def group_items(items: list[Item]) -> list[int]:
    """For each item, the index naming its group; -1 for a weak item that joined nothing."""
    weights = word_weights(items)
    for item in items:
        item.weights = weights
    groups = _Groups(items)
    pairs = sorted(candidate_pairs(items))
    for i, j in pairs:
        if not items[i].weak and not items[j].weak and same_topic(items[i], items[j]):
            groups.union(i, j)
    roots = [groups.find(i) for i in range(len(items))]
    best: dict[int, tuple[float, int]] = {}
    for i, j in pairs:
        for weak, other in ((i, j), (j, i)):
            x, y = items[weak], items[other]
            if not x.weak or y.weak or (x.codes and y.codes and not x.codes & y.codes):
                continue
            score = question_similarity(x, y)
            if score >= PHRASING and (score, -other) > best.get(weak, (0.0, 0)):
                best[weak] = (score, -other)
    for i, item in enumerate(items):
        if item.weak:
            roots[i] = roots[-best[i][1]] if i in best else -1
    return roots
