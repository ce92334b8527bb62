"""Related topics: up to five per topic, same product first, then by shared words. Worked out
when the site is built (``plugin.py``), from the topic pages as they are, so that no page
stores another page's title or place.

The score weighs question words more than answer words, each by rarity.
Candidates are the topics sharing the most of a topic's rarest words (an
inverted index), so the work stays linear in the number of topics; the
candidate pairs are scored together, as sparse matrix rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import sparse

MAX_RELATED = 5
MAX_POSTINGS = 500  # topics a word's posting list holds, at most
RARE_WORDS = 12  # a topic's rarest words, whose postings give its candidates
MAX_CANDIDATES = 60
MIN_RELATED = 0.06


@dataclass(frozen=True)
class Relatable:
    """What relating compares of a topic: the words of its questions and of its answer."""

    id: str
    product: str
    asked: frozenset[str]
    told: frozenset[str]


def related_ids(topics: list[Relatable]) -> dict[str, tuple[str, ...]]:
    """The related topics of each topic (by id), most related first."""
    topics = sorted(topics, key=lambda t: t.id)
    if not topics:
        return {}
    asked = [t.asked for t in topics]
    told = [t.told for t in topics]
    postings: dict[str, list[int]] = {}
    for i in range(len(topics)):
        for w in asked[i] | told[i]:
            postings.setdefault(w, []).append(i)
    # Weights depend on a word's own frequency only, so a new topic changes the
    # related lists of the topics that share its words, not of every topic.
    # Columns go from the rarest word to the most common one.
    vocabulary = sorted(postings, key=lambda w: (len(postings[w]), w))
    column = {w: c for c, w in enumerate(vocabulary)}
    weight = np.array([1.0 / math.log(2 + len(postings[w])) for w in vocabulary])
    rare = [sorted(column[w] for w in asked[n] | told[n])[:RARE_WORDS] for n in range(len(topics))]
    i, j = _candidate_pairs(rare, [postings[w][:MAX_POSTINGS] for w in vocabulary], len(topics))
    # Each unordered pair is scored once.
    low, high = np.minimum(i, j), np.maximum(i, j)
    pairs, back = np.unique(low * len(topics) + high, return_inverse=True)
    asked_score, told_score = _similarities(
        asked, told, column, weight, pairs // len(topics), pairs % len(topics)
    )
    # Rounded: sums in another order must not reorder equal scores.
    score = np.round(0.6 * asked_score[back] + 0.4 * told_score[back], 9)
    keep = score >= MIN_RELATED
    i, j, score = i[keep], j[keep], score[keep]
    # Topics are in id order, so j orders equal scores by id.
    product = np.array([t.product for t in topics])
    order = np.lexsort((j, -score, product[i] != product[j], i))
    i, j = i[order], j[order]
    starts = np.searchsorted(i, np.arange(len(topics) + 1))
    return {
        topic.id: tuple(
            topics[c].id for c in j[starts[n] : min(starts[n + 1], starts[n] + MAX_RELATED)]
        )
        for n, topic in enumerate(topics)
    }


def _candidate_pairs(
    rare: list[list[int]], lists: list[list[int]], n: int
) -> tuple[np.ndarray, np.ndarray]:
    """For each topic, the MAX_CANDIDATES topics found most often in the posting lists of its
    rarest words (``rare``; ties: the earlier topic), as pairs (topic, candidate) in topic order."""
    arrays = [np.array(x, dtype=np.int64) for x in lists]
    none = np.zeros(0, np.int64)
    firsts, seconds = [none], [none]
    for i, columns in enumerate(rare):
        met, shared = np.unique(
            np.concatenate([arrays[c] for c in columns] or [none]), return_counts=True
        )
        other = met != i
        # Most shared first, equal counts in topic order: one key per topic met (all distinct).
        key = np.sort((RARE_WORDS - shared[other]) * n + met[other])[:MAX_CANDIDATES]
        seconds.append(key % n)
        firsts.append(np.full(key.size, i, dtype=np.int64))
    return np.concatenate(firsts), np.concatenate(seconds)


def _similarities(
    asked: list[set[str]],
    told: list[set[str]],
    column: dict[str, int],
    weight: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
    step: int = 32768,
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted Jaccard of the question words and of the answer words of each pair (i, j) of topics.

    One sparse row per topic holds both word sets (answer words in columns after the question
    words); pairs go ``step`` at a time, to keep the arrays small."""
    width = len(column)
    indices = [
        np.array(
            sorted([column[w] for w in a]) + sorted([width + column[w] for w in t]), dtype=np.int32
        )
        for a, t in zip(asked, told)
    ]
    indptr = np.cumsum([0] + [x.size for x in indices], dtype=np.int64)
    rows = sparse.csr_matrix(
        (
            np.ones(int(indptr[-1]), dtype=np.float32),
            np.concatenate(indices or [np.zeros(0, np.int32)]),
            indptr,
        ),
        shape=(len(asked), 2 * width),
    )
    zero = np.zeros(width)
    kinds = (
        np.concatenate([weight, zero]),
        np.concatenate([zero, weight]),
    )  # question words, answer words
    masses = [rows @ w for w in kinds]
    out = (np.zeros(i.size), np.zeros(i.size))
    for start in range(0, i.size, step):
        a, b = i[start : start + step], j[start : start + step]
        both = rows[a].multiply(rows[b]).tocsr()
        for w, mass, scores in zip(kinds, masses, out):
            shared = both @ w
            union = mass[a] + mass[b] - shared
            scores[start : start + step] = np.divide(
                shared, union, out=np.zeros_like(shared), where=shared > 0
            )
    return out
