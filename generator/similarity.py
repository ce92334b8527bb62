"""How alike two entries are, and whether they ask the same question (``Pair.agree``).

Two entries agree when they ask the same question (their questions share most words,
weighted by rarity), or when they give the same substantive answer to a related question.
What the numbers cannot see, rules say:

* questions that name different error codes (1004 / 1014) are never the same question;
* answers of opposite stance (可以 / 不可以) never are;
* entries whose content names different products never are;
* sections of one FAQ page were written as different questions: they agree only when
  question and answer do;
* two questions that report the same features stuck (``pending``: 证书一直处理中,
  证书更新没响应) ask what to do when it stays so: they agree however differently they say
  it, answered or not (``features.pending_keys`` makes them candidates); sections of one FAQ
  page stay apart.

``core_of`` makes, of a group of entries, one entry of what most of them share: the words
of most members and the answer 4-grams a quarter of its answers share (``topic.SUPPORT``,
the share the topic's answer is chosen by), which is what the group says once its members'
noise (a customer's framing, a pasted reply, a greeting) is gone. A quarter, not a majority:
a group that already joined two phrasings of one question keeps both answers, so the third
phrasing still finds its own; a reply pasted into a few members stays out.

Answers too short to say anything (a 可以, a link, a few words: fewer than SUBSTANTIVE
4-grams) never make two entries agree by their likeness alone: a one-line reply pasted
from another ticket would otherwise be "the same answer".
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np

from .model import Features
from .topic import SUPPORT

# Tuned on tests/fixtures/pairs.yml and the labelled corpora (scripts/eval_pairs.py,
# scripts/eval_grouping.py print the scores).
SAME_QUESTION = 0.62  # weighted question-word Jaccard that makes two questions the same
SAME_ANSWER = 0.8  # share of the shorter answer's 4-grams found in the other
RELATED_ANSWER = 0.5  # answer Jaccard that, with RELATED_QUESTION, makes two entries agree
RELATED_QUESTION = 0.2
PHRASING = 0.4  # question similarity that links an entry without knowledge (nothing else can)
SHARED_QUESTION = 0.1  # below it, even the same answer does not make two questions one
CLOSE_QUESTION = 0.45  # with one answer inside the other's whole conversation
PAGE_QUESTION, PAGE_ANSWER = 0.3, 0.15  # sections of one FAQ page: both must agree ...
PAGE_SAME_ANSWER = 0.7  # ... or the answers be the same and the questions related
SUBSTANTIVE = 12  # 4-grams an answer needs before its likeness to another says anything


@dataclass(frozen=True)
class Weights:
    """IDF weights of the question words over all items, and each item's total weight of its
    title words and of its question words."""

    words: dict[str, float]
    title: list[float]
    question: list[float]

    @classmethod
    def of(cls, items: list[Features]) -> Weights:
        df: dict[str, int] = {}
        for item in items:
            for w in item.question:
                df[w] = df.get(w, 0) + 1
        n = len(items)
        words = {w: math.log((n + 1) / (d + 1)) + 1.0 for w, d in df.items()}
        # fsum: the same total in any order (set order changes with string hashing).
        return cls(
            words,
            [math.fsum(map(words.__getitem__, i.title)) for i in items],
            [math.fsum(map(words.__getitem__, i.question)) for i in items],
        )


def _overlap(a: np.ndarray, b: np.ndarray) -> int:
    """How many hashes two sorted sets share."""
    if not (a.size and b.size):
        return 0
    both = np.concatenate((a, b))
    both.sort()
    return int(np.count_nonzero(both[1:] == both[:-1]))


class Pair:
    """Two items being compared, with their overlaps computed once each."""

    def __init__(self, items: list[Features], weights: Weights, i: int, j: int):
        self.x, self.y = items[i], items[j]
        self.i, self.j, self.weights = i, j, weights
        self.known: dict[tuple[int, int], int] = {}

    def question(self) -> float:
        """Weighted word Jaccard of the titles or of the whole questions, whichever is higher.
        A one-word question only matches a question with the same single word."""
        best = 0.0
        w, x, y, i, j = self.weights, self.x, self.y, self.i, self.j
        for a, b, ma, mb in (
            (x.title, y.title, w.title[i], w.title[j]),
            (x.question, y.question, w.question[i], w.question[j]),
        ):
            if min(len(a), len(b)) <= 1 and a != b:
                continue
            inter = a & b
            if inter:
                shared = math.fsum(map(w.words.__getitem__, inter))
                best = max(best, shared / (ma + mb - shared))
        return best

    def overlap(self, a: np.ndarray, b: np.ndarray) -> int:
        key = (id(a), id(b))
        if key not in self.known:
            self.known[key] = _overlap(a, b)
        return self.known[key]

    def containment(self, a: np.ndarray, b: np.ndarray) -> float:
        inter = self.overlap(a, b)
        return inter / min(a.size, b.size) if inter else 0.0

    def jaccard(self, at_least: float) -> float:
        """Jaccard of the two answers; 0 when their sizes alone keep it under ``at_least``."""
        a, b = self.x.answer, self.y.answer
        if min(a.size, b.size) < at_least * max(a.size, b.size):
            return 0.0
        inter = self.overlap(a, b)
        return inter / (a.size + b.size - inter) if inter else 0.0

    def asks_within(self) -> bool:
        """Every word of one title (two at least) is in the other, at most twice as long, and
        the answers relate."""
        small, other = (
            (self.x, self.y) if len(self.x.title) <= len(self.y.title) else (self.y, self.x)
        )
        if (
            len(small.title) < 2
            or not small.title <= other.title
            or 2 * len(small.title) < len(other.title)
        ):
            return False
        return self.containment(self.x.answer, self.y.answer) >= RELATED_ANSWER

    def agree(self) -> float:
        """How strongly the two agree (0: they do not). An item without knowledge agrees only
        by its question: it has no answer to compare."""
        x, y = self.x, self.y
        if (x.codes and y.codes and not (x.codes & y.codes)) or x.stance * y.stance < 0:
            return 0.0
        if x.product and y.product and x.product != y.product:
            return 0.0
        q = self.question()
        if x.pending and x.pending == y.pending and not (x.page and x.page == y.page):
            return max(q, SAME_QUESTION if x.weak and y.weak else PHRASING)  # the same stuck
        if x.weak and y.weak:  # two questions without an answer: only the question can tell
            return q if q >= SAME_QUESTION else 0.0
        if x.weak or y.weak:  # a phrasing of a question that has an answer
            return q if q >= PHRASING else 0.0
        if x.page and x.page == y.page:
            a = self.jaccard(at_least=PAGE_ANSWER)
            fits = (q >= PAGE_QUESTION and a >= PAGE_ANSWER) or (
                q >= RELATED_QUESTION and a >= PAGE_SAME_ANSWER
            )
            return max(q, a) if fits else 0.0
        if q >= SAME_QUESTION or self.asks_within():
            return max(q, SAME_QUESTION)
        if x.codes != y.codes:
            return 0.0  # one names a code the other does not: only the question can decide
        if (
            q >= CLOSE_QUESTION
            and max(self.containment(x.answer, y.full), self.containment(x.full, y.answer))
            >= SAME_ANSWER
        ):
            return q  # one's answer was given to the other too, in a follow-up
        if q < SHARED_QUESTION or min(x.answer.size, y.answer.size) < SUBSTANTIVE:
            return 0.0  # (a few words alike, a 可以 or a link, say nothing of the question)
        if self.containment(x.answer, y.answer) >= SAME_ANSWER:
            return max(q, RELATED_QUESTION)  # the same substantive answer to a related question
        if q >= RELATED_QUESTION and self.jaccard(at_least=RELATED_ANSWER) >= RELATED_ANSWER:
            return q
        return 0.0


def core_of(items: list[Features], members: list[int]) -> Features:
    """What most of ``members`` share, as one item (an item alone is its own core)."""
    if len(members) == 1:
        return items[members[0]]

    def words(kind: str, of: list[int]) -> frozenset[str]:
        counts = Counter(w for i in of for w in getattr(items[i], kind))
        return frozenset(w for w, n in counts.items() if n > len(of) // 2)

    def grams(kind: str, of: list[int]) -> np.ndarray:
        if not of:
            return np.zeros(0, np.uint32)
        values, counts = np.unique(
            np.concatenate([getattr(items[i], kind) for i in of]), return_counts=True
        )
        return values[counts >= max(1, math.ceil(SUPPORT * len(of)))].astype(np.uint32)

    told = [i for i in members if not items[i].weak]  # (the others have no answer to share)
    # A yes or a no only when two thirds of the answers say it (one pasted reply can flip one).
    votes = Counter(items[i].stance for i in told)
    stance = next((s for s in (1, -1) if votes[s] * 3 >= 2 * len(told) > 0), 0)
    return replace(
        items[members[0]],
        title=words("title", members),
        question=words("question", members),
        answer=grams("answer", told),
        full=grams("full", told),
        codes=words("codes", members),
        stance=stance,
        weak=not told,
        pending=words("pending", members),
    )
