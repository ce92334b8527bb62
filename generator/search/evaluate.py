"""Search quality on labelled queries: hit@1, hit@5, MRR and queries without results.

Two query sets: the bundled one names topic ids; the real-site one
(``tests/fixtures/real_pages/queries.yml``) names labelled topics of raw pages
(``vendor/file:line``), which ``label_topics`` turns into the ids of the pages the
generator made of them.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable


def half(query: str) -> str:
    """``dev`` or ``held-out``: a fixed split of a query set by a hash of each query's text, so
    that search is tuned on one half and judged on the other.

    >>> half("七牛 503"), half("催收短信让不让发")
    ('dev', 'held-out')
    """
    digest = hashlib.sha256(query.encode("utf-8")).digest()
    return "dev" if digest[0] % 2 == 0 else "held-out"


def topic_id(location: str) -> str:
    """A topic page's id from its location (``cdn/access/6b936adb40/`` -> ``6b936adb40``)."""
    return location.strip("/").rsplit("/", 1)[-1]


def followed(queries: list[dict], redirects: dict[str, str]) -> list[dict]:
    """The queries with each wanted id whose page moved or merged into another (a redirect of
    the docs folder: ``Docs.redirects``) replaced by the id of the page it leads to: an old
    link still answers, so a label naming it does too.

    >>> followed([{"q": "x", "want": ["a1", "b2"]}], {"cdn/config/a1.md": "cdn/config/c3.md"})
    [{'q': 'x', 'want': ['b2', 'c3']}]
    """
    new = {topic_id(old[:-3]): topic_id(path[:-3]) for old, path in redirects.items()}
    return [dict(q, want=sorted({new.get(str(w), str(w)) for w in q["want"]})) for q in queries]


def answerable(queries: list[dict], published: set[str]) -> list[dict]:
    """The queries one of whose wanted pages is ``published`` (ids): a query whose answers are
    all drafts has no page a customer can find yet.

    >>> answerable([{"q": "x", "want": ["a1"]}, {"q": "y", "want": ["b2"]}], {"b2"})
    [{'q': 'y', 'want': ['b2']}]
    """
    return [q for q in queries if {str(w) for w in q["want"]} & published]


def rates(ranked: list[list[str]], queries: list[dict]) -> dict:
    """``ranked[i]``: the locations found for ``queries[i]`` (``{q, want: [ids]}``), best first.

    >>> r = rates([["a/1/", "a/2/"], ["a/3/", "a/1/"], []], [{"q": "x", "want": ["1"]},
    ...     {"q": "y", "want": ["1"]}, {"q": "z", "want": ["2"]}])
    >>> (r["hit@1"], r["hit@5"], r["mrr"], r["zero"], r["zero_count"])
    (0.3333333333333333, 0.6666666666666666, 0.5, 0.3333333333333333, 1)
    """
    hit1 = hit5 = zero = 0
    reciprocal = 0.0
    misses = []
    for locations, item in zip(ranked, queries, strict=True):
        ids = [topic_id(loc) for loc in locations]
        want = {str(w) for w in item["want"]}
        hit1 += bool(ids) and ids[0] in want
        hit5 += bool(want & set(ids[:5]))
        reciprocal += next((1 / n for n, i in enumerate(ids, 1) if i in want), 0.0)
        zero += not ids
        if not ids or ids[0] not in want:
            misses.append((item["q"], sorted(want), ids[:5]))
    n = len(queries)
    return {
        "queries": n,
        "hit@1": hit1 / n,
        "hit@5": hit5 / n,
        "mrr": reciprocal / n,
        "zero": zero / n,
        "zero_count": zero,
        "misses": misses,
    }


def figures(result: dict) -> str:
    """One line of the figures ``rates`` gives."""
    return (
        f"queries {result['queries']}  hit@1 {result['hit@1']:.3f}  hit@5 {result['hit@5']:.3f}  "
        f"MRR {result['mrr']:.3f}  without results {result['zero_count']}"
    )


def label_topics(wants: Iterable[str], entries: Iterable[tuple[str, int, str | None]]) -> dict:
    """The topic page each labelled topic (``vendor/file:line``) became, or None.

    ``entries``: every raw entry the generator read, as (file as given, line, topic id or None
    when it was excluded). A labelled topic is on the page of the entry it starts in: the last
    entry of its file that starts on or before its line. Error codes of a table that became one
    page are on that page; a topic the parser cut up is on the page of its first part when that
    starts on its first line, and on no page when its start fell outside every entry.

    >>> entries = [("raw/v/a.md", 3, "t1"), ("raw/v/a.md", 9, None), ("raw/v/a.md", 12, "t2")]
    >>> label_topics(["v/a.md:3", "v/a.md:5", "v/a.md:9", "v/a.md:14", "v/a.md:1"], entries)
    {'v/a.md:3': 't1', 'v/a.md:5': 't1', 'v/a.md:9': None, 'v/a.md:14': 't2', 'v/a.md:1': None}
    """
    by_file: dict[str, list[tuple[int, str | None]]] = {}
    for file, line, topic in entries:
        by_file.setdefault(file.replace("\\", "/"), []).append((line, topic))
    for starts in by_file.values():
        starts.sort(key=lambda s: s[0])
    found = {}
    for want in wants:
        name, _, line = want.rpartition(":")
        starts = next((s for f, s in by_file.items() if f == name or f.endswith("/" + name)), [])
        at = bisect.bisect_right([s[0] for s in starts], int(line)) - 1
        found[want] = starts[at][1] if at >= 0 else None
    return found


def intact_labels(bounds: dict[str, list[int]], entries: Iterable[tuple[str, int, str | None]]):
    """The labelled topics the parser read as they are: one entry starts on the topic's line and
    none inside it (before the next labelled topic or non-topic of its file).

    ``bounds``: per ``vendor/file``, the lines where its labelled topics and non-topics start.

    >>> entries = [("raw/v/a.md", 1, "t1"), ("raw/v/a.md", 4, "t1"), ("raw/v/a.md", 9, "t2")]
    >>> sorted(intact_labels({"v/a.md": [1, 9]}, entries))
    ['v/a.md:9']
    """
    starts: dict[str, list[int]] = {}
    for file, line, _ in entries:
        starts.setdefault(file.replace("\\", "/"), []).append(line)
    intact = set()
    for name, lines in bounds.items():
        found = next((s for f, s in starts.items() if f == name or f.endswith("/" + name)), [])
        edges = sorted(set(lines))
        for k, line in enumerate(edges):
            end = edges[k + 1] if k + 1 < len(edges) else float("inf")
            inside = [s for s in found if line <= s < end]
            if inside == [line]:
                intact.add(f"{name}:{line}")
    return intact


def resolve_queries(queries: list[dict], topics: dict, intact: set[str]) -> list[dict]:
    """Real-site queries with ``want`` as topic ids, ``labels`` the labelled topics they name and
    ``parse_lost`` True when none of those was read intact (see ``intact_labels``): the parser
    lost or cut up the answer, and search cannot be blamed for a miss."""
    out = []
    for item in queries:
        ids = sorted({topics[w] for w in item["want"] if topics.get(w)})
        lost = not any(w in intact for w in item["want"])
        out.append(dict(item, want=ids, labels=list(item["want"]), parse_lost=lost))
    return out
