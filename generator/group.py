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
this joins what the same two entries would join alone, at any volume.

Constraints the numbers do not decide:

* a page a writer owns (an anchor) is a group of its own with the entries it lists, and
  two anchors never join;
* the entries a generated page lists are held together while they agree, so topics keep
  their entries and ids as data grows;
* entries without reusable knowledge are no part of the graph: each joins the group whose
  question matches it best, as a phrasing, or stays alone.
"""

from __future__ import annotations

from collections import defaultdict

import igraph
import leidenalg

from .candidates import candidates_of
from .model import Features
from .similarity import PHRASING, Pair, Weights, core_of

COMPARED = 12  # candidates an entry is compared with, at most
ENOUGH = 6  # agreeing candidates after which an entry stops comparing
HELD = 2.0  # weight of an edge between two agreeing entries a generated page lists together
SEED = 20260101  # the Leiden algorithm's random seed: the same groups in every run


def group_items(items: list[Features], listed: list[str] | None = None) -> list[int]:
    """For each item, the index of its group's first item; -1 for a weak item that joined none.

    ``listed[i]``: the id of the page in the docs folder whose sources name item ``i`` (an
    anchor's own id for an anchor, '' for none).
    """
    listed = listed or [""] * len(items)
    weights = Weights.of(items)
    candidates = _candidate_lists(items)
    edges = _edges(items, weights, candidates, listed)
    community = _communities(len(items), edges)
    community = _keep_anchors_apart(items, weights, community)
    groups = _join_cores(items, community, edges)
    _attach_weak(items, weights, candidates, groups)
    first: dict[int, int] = {}
    for i, g in enumerate(groups):
        if g >= 0:
            first.setdefault(g, i)
    return [first[g] if g >= 0 else -1 for g in groups]


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
        if items[i].weak:
            continue
        compared = agreeing = 0
        for j in found:
            if items[j].weak or (items[i].anchor and items[j].anchor):
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


def _communities(n: int, edges: dict[tuple[int, int], float]) -> list[int]:
    """Leiden communities of the graph (an item without edges is a community of its own)."""
    graph = igraph.Graph(n=n, edges=list(edges))
    graph.es["weight"] = list(edges.values())
    partition = leidenalg.find_partition(
        graph, leidenalg.RBConfigurationVertexPartition, weights="weight", seed=SEED
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


def _join_cores(items: list[Features], community: list[int], edges: dict) -> list[int]:
    """Linked communities whose cores agree become one group (weak items: -1 for now)."""
    members: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(community):
        if not items[i].weak:
            members[c].append(i)
    names = sorted(members, key=lambda c: members[c][0])
    index = {c: k for k, c in enumerate(names)}
    cores = [core_of(items, members[c]) for c in names]
    has_anchor = [any(items[i].anchor for i in members[c]) for c in names]
    weights = Weights.of(cores)
    parent = list(range(len(names)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    linked = sorted(
        {
            tuple(sorted((index[community[a]], index[community[b]])))
            for a, b in edges
            if community[a] != community[b]
        }
    )
    anchored = [{k} if has_anchor[k] else set() for k in range(len(names))]
    for a, b in linked:
        ra, rb = root(a), root(b)
        if ra == rb or (anchored[ra] and anchored[rb]) or not Pair(cores, weights, a, b).agree():
            continue
        ra, rb = min(ra, rb), max(ra, rb)
        parent[rb] = ra
        anchored[ra] |= anchored[rb]
    return [-1 if items[i].weak else root(index[community[i]]) for i in range(len(items))]


def _attach_weak(
    items: list[Features], weights: Weights, candidates: list[list[int]], groups: list[int]
) -> None:
    """Each weak item joins the group of the item, among those it shares LSH buckets with
    (before or after it), whose question matches it best (ties: the earlier item)."""
    near: dict[int, list[int]] = defaultdict(list)
    for i, found in enumerate(candidates):
        if items[i].weak:
            near[i].extend(found[:COMPARED])
        for j in found[:COMPARED]:
            if items[j].weak and len(near[j]) < 4 * COMPARED:
                near[j].append(i)
    for i in sorted(near):
        best = (PHRASING, 0, -1)  # (score, -item, group)
        for j in near[i]:
            if groups[j] < 0:
                continue
            pair = Pair(items, weights, i, j)
            x, y = pair.x, pair.y
            if (x.codes and y.codes and not x.codes & y.codes) or (
                x.product and y.product and x.product != y.product
            ):
                continue
            score = pair.question()
            if score >= PHRASING and (score, -j) > best[:2]:
                best = (score, -j, groups[j])
        groups[i] = best[2]
