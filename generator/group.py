"""Group stage: entries that ask the same thing become one group.

Two entries join when they ask the same question (their questions share most
words, weighted by rarity), or when they give the same substantive answer to a
related question (one answer's character 4-grams are nearly all in the
other's, and the questions share a word).

Candidates come from the LSH band keys of each entry's features (entries that
share a band key), so the work grows with the data, not with its square.
Entries with identical features are folded first; a bucket keeps only its
first few members, and an entry is compared with the few groups it meets most
often, which keeps floods of near-copies cheap. The decision on each
candidate pair uses exact set similarities.

Structural rules the numbers cannot see:

* questions that name different error codes (1004 / 1014) are never the same question;
* sections of one FAQ page were written as different questions; they join
  only when question and answer agree.

Entries without reusable knowledge never seed or bridge a group: they join
the group whose question matches best, as a phrasing, or stay alone.
Pages writers own take part as anchors; two anchors never join.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .model import Features

# Tuned on tests/fixtures/pairs.yml (scripts/eval_pairs.py prints the scores).
SAME_QUESTION = 0.62  # weighted question-word Jaccard that makes two questions the same
SAME_ANSWER = 0.8  # share of the shorter answer's 4-grams found in the other
RELATED_ANSWER = 0.5  # answer Jaccard that, with RELATED_QUESTION, joins two entries
RELATED_QUESTION = 0.2
CLOSE_QUESTION = 0.45  # with one answer inside the other's whole conversation
PAGE_QUESTION, PAGE_ANSWER = 0.3, 0.15  # sections of one FAQ page: both must agree ...
PAGE_SAME_ANSWER = 0.7  # ... or the answers be the same and the questions related
PHRASING = 0.4  # question similarity for an entry without knowledge to join a group

BUCKET_SIZE = 8  # a bucket keeps its first members only (floods of near-copies fold into them)
MAX_COMPARISONS = 12  # groups an entry is compared with, at most ...
MEMBERS_PER_GROUP = 2  # ... through this many of their members each
MAX_CANDIDATES = (
    100  # an entry looks at the candidates that share the most buckets, this many at most
)
CHUNK_ROWS = 1024  # rows whose candidates numpy finds at once


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


class _Pair:
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

    def same_topic(self) -> bool:
        """The decision on one candidate pair."""
        x, y = self.x, self.y
        if x.codes and y.codes and not (x.codes & y.codes):
            return False
        q = self.question()
        if x.page and x.page == y.page:
            a = self.jaccard(at_least=PAGE_ANSWER)
            return (q >= PAGE_QUESTION and a >= PAGE_ANSWER) or (
                q >= RELATED_QUESTION and a >= PAGE_SAME_ANSWER
            )
        if q >= SAME_QUESTION or self.asks_within():
            return True
        if x.codes != y.codes:
            return False  # one names a code the other does not: only the question can decide
        if (
            q >= CLOSE_QUESTION
            and max(self.containment(x.answer, y.full), self.containment(x.full, y.answer))
            >= SAME_ANSWER
        ):
            return True  # one's answer was given to the other too, in a follow-up
        if not x.question & y.question:
            return False
        return self.containment(x.answer, y.answer) >= SAME_ANSWER or (
            q >= RELATED_QUESTION and self.jaccard(at_least=RELATED_ANSWER) >= RELATED_ANSWER
        )


class _Groups:
    """Union-find that keeps two writer-owned pages apart; the earliest item names a group."""

    def __init__(self, anchors: list[str]):
        self.parent = list(range(len(anchors)))
        self.anchors = [{a} if a else set() for a in anchors]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a == b or (self.anchors[a] and self.anchors[b]):
            return
        a, b = min(a, b), max(a, b)
        self.parent[b] = a
        self.anchors[a] |= self.anchors[b]


def group_items(items: list[Features]) -> list[int]:
    """For each item, the index naming its group; -1 for a weak item that joined nothing."""
    weights = Weights.of(items)
    # Items that are the same in every respect fold into their first occurrence.
    first_of: dict[bytes, int] = {}
    rep = [first_of.setdefault(item.digest, i) for i, item in enumerate(items)]
    reps = sorted(set(rep))
    keys = np.array([items[i].bands for i in reps], dtype=np.uint64).reshape(len(reps), -1)
    groups = _Groups([it.anchor for it in items])
    best: dict[int, tuple[float, int]] = {}  # weak item -> (score, -candidate)
    for i, candidates in zip(reps, candidates_of(keys)):
        compared: dict[int, int] = {}  # group -> members of it compared so far
        full = 0  # groups compared through as many members as allowed
        for m in candidates:
            if full == MAX_COMPARISONS:
                break  # no group can take another comparison
            j = reps[m]
            root = groups.find(j)
            seen = compared.get(root, 0)
            if seen >= MEMBERS_PER_GROUP or (not seen and len(compared) >= MAX_COMPARISONS):
                continue
            compared[root] = seen + 1
            full += seen + 1 == MEMBERS_PER_GROUP
            _compare(_Pair(items, weights, i, j), groups, best)
    roots = [groups.find(rep[i]) for i in range(len(items))]
    for i, item in enumerate(items):
        if item.weak:
            r = rep[i]
            roots[i] = roots[-best[r][1]] if r in best else -1
    return roots


def _compare(pair: _Pair, groups: _Groups, best: dict) -> None:
    """Decide on one candidate pair: join the groups, or note the best match of a weak item."""
    x, y, i, j = pair.x, pair.y, pair.i, pair.j
    if x.weak or y.weak:
        weak, other = (i, j) if x.weak else (j, i)
        if x.weak and y.weak:
            return
        if x.codes and y.codes and not x.codes & y.codes:
            return
        score = pair.question()
        if score >= PHRASING and (score, -other) > best.get(weak, (0.0, 0)):
            best[weak] = (score, -other)
    elif groups.find(i) != groups.find(j) and pair.same_topic():
        groups.union(i, j)


def candidates_of(keys: np.ndarray) -> Iterator[list[int]]:
    """For each row of band keys, the earlier rows it meets in a bucket, most buckets shared first.

    A bucket holds the first BUCKET_SIZE rows that have its key (floods of near-copies fold
    into them), so a row meets the earlier holders of each of its keys; it looks at the
    MAX_CANDIDATES that share the most buckets with it (ties: the earlier row).
    """
    n, width = keys.shape
    buckets = _buckets(keys)
    for first in range(0, n, CHUNK_ROWS):
        met, bounds = _chunk_candidates(buckets, n, width, first, min(n, first + CHUNK_ROWS))
        met, bounds = met.tolist(), bounds.tolist()
        for k in range(len(bounds) - 1):
            yield met[bounds[k] : bounds[k + 1]]


def _buckets(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each position of the flattened keys: how many earlier rows hold its key (up to
    BUCKET_SIZE), where its key's run starts in key order, and the row of each position in
    key order."""
    flat = keys.ravel()
    order = np.argsort(flat, kind="stable")  # equal keys stay in row order
    ranked = flat[order]
    starts = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1])))
    start_sorted = np.repeat(starts, np.diff(np.append(starts, flat.size)))
    rank, start = np.empty(flat.size, np.int64), np.empty(flat.size, np.int64)
    rank[order] = np.minimum(np.arange(flat.size) - start_sorted, BUCKET_SIZE)
    start[order] = start_sorted
    return rank, start, order // keys.shape[1]


def _chunk_candidates(
    buckets: tuple[np.ndarray, np.ndarray, np.ndarray], n: int, width: int, first: int, last: int
) -> tuple[np.ndarray, np.ndarray]:
    """The candidates of rows ``first`` to ``last``, in one array, and where each row's start."""
    rank, start, row_of = buckets
    count = rank[first * width : last * width]
    occurrence = np.repeat(np.arange(count.size), count)
    offset = np.arange(occurrence.size) - np.repeat(np.cumsum(count) - count, count)
    met = row_of[start[first * width : last * width][occurrence] + offset]
    me = first + occurrence // width
    keep = met != me
    pairs, votes = np.unique((me[keep] - first) * n + met[keep], return_counts=True)
    # One sort on a packed key: row, then votes (most first), then the candidate.
    ranked = np.sort(
        (pairs // n) * (width + 1) * n + (width - np.minimum(votes, width)) * n + pairs % n
    )
    row = ranked // ((width + 1) * n)
    keep = np.arange(ranked.size) - np.searchsorted(row, row) < MAX_CANDIDATES
    ranked, row = ranked[keep], row[keep]
    return ranked % n, np.searchsorted(row, np.arange(last - first + 1))
