"""Search quality on labelled queries: hit@1, hit@5 and queries without results."""

from __future__ import annotations


def topic_id(location: str) -> str:
    """A topic page's id from its location (``cdn/access/6b936adb40/`` -> ``6b936adb40``)."""
    return location.strip("/").rsplit("/", 1)[-1]


def rates(ranked: list[list[str]], queries: list[dict]) -> dict:
    """``ranked[i]``: the locations found for ``queries[i]`` (``{q, want: [ids]}``), best first."""
    hit1 = hit5 = zero = 0
    misses = []
    for locations, item in zip(ranked, queries, strict=True):
        ids = [topic_id(loc) for loc in locations[:5]]
        want = {str(w) for w in item["want"]}
        hit1 += bool(ids) and ids[0] in want
        hit5 += bool(want & set(ids))
        zero += not ids
        if not ids or ids[0] not in want:
            misses.append((item["q"], sorted(want), ids))
    n = len(queries)
    return {"queries": n, "hit@1": hit1 / n, "hit@5": hit5 / n, "zero": zero / n, "misses": misses}
