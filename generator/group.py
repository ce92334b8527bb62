"""Group stage: entries that ask the same question become one group.

The method is community detection on the graph of agreeing entries. Each entry is compared
with the earlier entries it shares the most LSH buckets with (never all pairs), and every
pair that agrees (``similarity.Pair.agree``) is an edge, weighted by how strongly. Groups
are the graph's communities, found by the Leiden algorithm (leidenalg, modularity with
the configuration model): a community is a set of entries far more linked to each other
than chance would link them. Joining entries by any single link (single linkage) chains
unrelated questions together as data grows, because entries that mix two questions (a reply
pasted from another ticket, a customer asking two things) link both; in the graph they
are a few edges between two dense communities, which stay apart.

Communities are then joined by what they say as a whole: two that are linked, and whose
cores (``similarity.core_of``: the words and answer 4-grams most of their members share)
agree, are one question asked in two ways. A core is free of any one member's noise, so
this joins what the same two entries would join alone, at any volume. The cores compared
are those of a finer partition (Leiden at resolution FINE, cut along the communities): a
community that already holds several phrasings of a question has a core of what they all
share, which is less than any one of them says, so a further phrasing that shares one of
their answers would not meet it; the core of each phrasing does. A part much smaller than
its community's largest (under SUPPORT of it) is a stray member, not a phrasing: one variant
whose answer was pasted from another ticket would otherwise take its whole community along.

Constraints the numbers do not decide:

* a page a writer owns (an anchor) is a group of its own with the entries it lists, and
  two anchors never join;
* the entries a generated page lists are held together while they agree, so topics keep
  their entries and ids as data grows;
* an entry without reusable knowledge has no answer to compare: it is linked by its question
  alone, and takes no part in what a core's answer is. A group of such entries is a question
  still waiting for an answer (the merge stage makes it a draft for writers).
"""

from __future__ import annotations

from collections import defaultdict

import igraph
import leidenalg

from .candidates import candidates_of
from .features import finished
from .model import Features
from .similarity import Pair, Weights, core_of
from .topic import SUPPORT

COMPARED = 12  # candidates an entry is compared with, at most
ENOUGH = 6  # agreeing candidates after which an entry stops comparing
HELD = 2.0  # weight of an edge between two agreeing entries a generated page lists together
SEED = 20260101  # the Leiden algorithm's random seed: the same groups in every run
# Modularity merges communities smaller than about the square root of the graph's edges into
# their neighbours (its resolution limit), so in a large graph a question asked a few times
# would join another it shares a few edges with. A resolution above 1 lowers that limit:
# measured B-cubed precision at 1,000 entries 0.915 -> 0.958, the same at 114 and 20,000.
RESOLUTION = 1.5
# The finer partition whose parts' cores are compared (see the module's docstring): at twice
# the resolution a part is about one phrasing of a question. Measured B-cubed recall at
# 20,000 entries 0.751 -> 0.763, bundled and 1,000 the same (5.0 measures the same as 3.0).
FINE = 3.0


def group_items(
    items: list[Features], listed: list[str] | None = None
) -> tuple[list[int], list[int]]:
    """For each item, the index of its group's first item, and of its community's (the
    phrasings of one question that asked it the same way: see ``topic.make_topic``).

    ``listed[i]``: the id of the page in the docs folder whose sources name item ``i`` (an
    anchor's own id for an anchor, '' for none).
    """
    listed = listed or [""] * len(items)
    weights = Weights.of(items)
    candidates = _candidate_lists(items)
    edges = _edges(items, weights, candidates, listed)
    community = _communities(len(items), edges)
    community = _keep_anchors_apart(items, weights, community)
    fine = _communities(len(items), edges, FINE)
    parts = _first_members([community[i] * (len(items) + 1) + f for i, f in enumerate(fine)])
    groups = _join_cores(items, parts, community, listed)
    return _first_members(groups), _first_members(community)


def _first_members(labels: list[int]) -> list[int]:
    """Each label replaced by the index of the first item that has it."""
    first: dict[int, int] = {}
    for i, label in enumerate(labels):
        first.setdefault(label, i)
    return [first[label] for label in labels]


def _candidate_lists(items: list[Features]) -> list[list[int]]:
    """For each item, the earlier items that share the most LSH buckets with it."""
    if not items:
        return []
    import numpy as np

    keys = np.array([item.bands for item in items], dtype=np.uint64).reshape(len(items), -1)
    return list(candidates_of(keys))


def _edges(
    items: list[Features], weights: Weights, candidates: list[list[int]], listed: list[str]
) -> dict[tuple[int, int], float]:
    """The agreeing pairs among candidates, (earlier, later) -> how strongly they agree."""
    edges: dict[tuple[int, int], float] = {}
    for i, found in enumerate(candidates):
        compared = agreeing = 0
        for j in found:
            if _apart(
                {items[i].anchor} - {""},
                {listed[i]} - {""},
                {items[j].anchor} - {""},
                {listed[j]} - {""},
            ):
                continue
            score = Pair(items, weights, j, i).agree()
            if score > 0:
                held = listed[i] and listed[i] == listed[j] and not items[i].anchor
                edges[(j, i)] = score * (HELD if held else 1.0)
                agreeing += 1
            compared += 1
            if compared >= COMPARED or agreeing >= ENOUGH:
                break
    return edges


def _communities(
    n: int, edges: dict[tuple[int, int], float], resolution: float = RESOLUTION
) -> list[int]:
    """Leiden communities of the graph (an item without edges is a community of its own)."""
    graph = igraph.Graph(n=n, edges=list(edges))
    graph.es["weight"] = list(edges.values())
    partition = leidenalg.find_partition(
        graph,
        leidenalg.RBConfigurationVertexPartition,
        weights="weight",
        seed=SEED,
        resolution_parameter=resolution,
    )
    return list(partition.membership)


def _keep_anchors_apart(items: list[Features], weights: Weights, community: list[int]) -> list[int]:
    """A community holding two writers' pages is cut in two: each member goes with the page
    it agrees with best (a member agreeing with none stays with the first)."""
    anchors: dict[int, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        if item.anchor:
            anchors[community[i]].append(i)
    out = list(community)
    fresh = max(community, default=-1) + 1
    for c, pages in anchors.items():
        if len(pages) < 2:
            continue
        own = {page: (c if k == 0 else fresh + k) for k, page in enumerate(pages)}
        fresh += len(pages)
        for i, g in enumerate(community):
            if g == c and not items[i].anchor:
                best = max(pages, key=lambda p: (Pair(items, weights, p, i).agree(), -p))
                out[i] = own[best]
            elif items[i].anchor and g == c:
                out[i] = own[i]
    return out


def _join_cores(
    items: list[Features], parts: list[int], community: list[int], listed: list[str]
) -> list[int]:
    """Groups of the parts whose cores agree: the parts of one community are one group from
    the start, and parts whose cores agree join. Cores are compared with the cores they share
    LSH buckets with: near-copies of one question fill an entry's own candidate list, so only
    its part's core meets the cores of other parts, at any volume. A writer's page never takes
    what another page lists (``_apart``)."""
    members: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(parts):
        members[c].append(i)
    names = sorted(members, key=lambda c: members[c][0])
    index = {c: k for k, c in enumerate(names)}
    cores = finished([core_of(items, members[c]) for c in names])
    weights = Weights.of(cores)
    parent = list(range(len(names)))
    # For each group: the writers' pages in it, and the pages that list its entries.
    writers = [{items[i].anchor for i in members[c] if items[i].anchor} for c in names]
    pages = [{listed[i] for i in members[c] if listed[i]} for c in names]

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def unite(a: int, b: int) -> None:
        ra, rb = sorted((root(a), root(b)))
        if ra != rb:
            parent[rb] = ra
            writers[ra] |= writers[rb]
            pages[ra] |= pages[rb]

    first_part: dict[int, int] = {}
    for k, c in enumerate(names):
        unite(first_part.setdefault(community[members[c][0]], k), k)
    # A part speaks for its community only when it is a phrasing, not a stray member (one
    # variant whose answer is a reply pasted from elsewhere): SUPPORT of its largest part.
    largest: dict[int, int] = defaultdict(int)
    for c in names:
        own = community[members[c][0]]
        largest[own] = max(largest[own], len(members[c]))
    speaks = [len(members[c]) >= SUPPORT * largest[community[members[c][0]]] for c in names]
    for b, found in enumerate(_candidate_lists(cores)):
        for a in found[:COMPARED]:
            ra, rb = root(a), root(b)
            if ra == rb or not (speaks[a] and speaks[b]):
                continue
            if _apart(writers[ra], pages[ra], writers[rb], pages[rb]):
                continue
            if Pair(cores, weights, a, b).agree():
                unite(ra, rb)
    return [root(index[parts[i]]) for i in range(len(items))]


def _apart(writers_a: set, pages_a: set, writers_b: set, pages_b: set) -> bool:
    """Two groups that must stay apart: each holds a writer's page, or one holds a writer's
    page and the other entries another page lists (a writer's edit never takes entries from
    the pages around it)."""
    if writers_a and writers_b:
        return True
    return bool((writers_a and pages_b - writers_a) or (writers_b and pages_a - writers_b))
