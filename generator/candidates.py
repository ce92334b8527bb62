"""Which items to compare: those that share LSH band keys (see ``features.py``), found with
numpy in chunks, so the work grows with the data, not with its square."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

BUCKET_SIZE = 8  # a bucket keeps its first members only (floods of near-copies fold into them)
MAX_CANDIDATES = 100  # a row looks at the earlier rows that share the most buckets
CHUNK_ROWS = 1024  # rows whose candidates numpy finds at once


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
