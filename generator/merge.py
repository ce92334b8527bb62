"""Merge stage: groups of entries become topics, with stable ids and one canonical page each.

Pure: the pages already in the docs folder come in as ``pages.ExistingPage`` values.

* A topic keeps the id of the page that already holds its entries (sources
  carry the hash of each raw entry), so ids and URLs survive new data, and
  when two existing topics merge, the survivor keeps its URL and the other
  one's old path is redirected to it.
* A new topic takes its id from its earliest entry.
* The page shows the clearest phrasing as its title, the most complete answer
  and every other phrasing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .docsfolder import ExistingPage
from .model import EXCLUDED, MERGED, PUBLISHED, Entry, Fate, Topic
from .pages import RETIRED as RETIRED_STATUS
from .pages import source_key

JOINED_WRITER_PAGE = "并入作者维护的页面"
RETIRED = "对应话题已被作者停用（status: retired）"
DELETED = "对应话题页面已被作者删除（记录在 docs_src/.topics.yml）"
SAME_QUESTION = "与同一话题的其他条目问的是同一个问题"
AS_PHRASING = "答复不含可复用的知识，作为其他问法并入"
MAX_CONVERSATIONS = 3


@dataclass
class Plan:
    """What the write stage must do."""

    topics: list[Topic] = field(default_factory=list)
    fates: list[Fate] = field(default_factory=list)
    joined: dict[str, list[Entry]] = field(
        default_factory=dict
    )  # writer page id -> entries that join it
    absorbed: dict[str, str] = field(
        default_factory=dict
    )  # old page id -> id of the topic that absorbed it


def title_score(title: str) -> float:
    """How clear a phrasing is: a real question of moderate length, no IDs, no placeholders."""
    score = 0.0
    if "‹" in title or "域名 " in title:
        score -= 5
    if re.search(r"\d{5,}|[0-9a-f]{8,}|\bfrom\b", title):
        score -= 3
    if re.search(r"(?:19|20)\d\d\s*[年/-]|\d{1,2}\s*月\s*\d{1,2}\s*[日号]", title):
        score -= 2  # a date belongs to one customer's case, not to the question
    words = re.sub(r"\W", "", title)
    if len(words) < 4 or words.lower() in {"x", "xx"}:
        score -= 5
    score -= abs(len(title) - 14) / 10
    if re.search(r"[？?]$|如何|怎么|为什么|是否|能否|吗", title):
        score += 1
    return score


def grouping_order(entries: list[Entry], deleted: set[str]) -> tuple[list[int], list[Fate]]:
    """The entries that take part in grouping (by their index, in file and line order), and the
    fates of those excluded before it: entries a writer deleted the page of (their source keys
    in ``deleted``), and entries that cannot be a page. Entries without knowledge take part:
    they may join a topic as a phrasing."""
    excluded = []
    order = []
    for i, e in enumerate(entries):
        if source_key(e.source.key) in deleted:
            excluded.append(Fate(e.source, EXCLUDED, None, DELETED))
        elif e.excluded and not e.no_knowledge:
            excluded.append(Fate(e.source, EXCLUDED, None, e.excluded))
        else:
            order.append(i)
    order.sort(key=lambda i: (entries[i].source.file, entries[i].source.line))
    return order, excluded


def build_topics(
    members: list[Entry],
    roots: list[int],
    anchors: list[str],
    existing: list[ExistingPage],
    excluded: list[Fate],
    reserved: set[str] = frozenset(),
) -> Plan:
    """Topics from the groups: ``roots[i]`` names the group of ``members[i]`` (-1: none), and the
    items after the members are the writers' pages ``anchors`` (by id). ``reserved``: ids no
    new topic may take (those of pages writers deleted)."""
    plan = Plan(fates=list(excluded))
    groups: dict[int, list[int]] = {}
    for i, root in enumerate(roots):
        if root >= 0:
            groups.setdefault(root, []).append(i)
    owned = [p for p in existing if p.writer_owned or p.status == RETIRED_STATUS]
    retired = {p.id for p in existing if p.status == RETIRED_STATUS}
    key_owner = {k: p for p in existing if not p.writer_owned for k in p.source_keys}
    # An entry a writer's page already lists stays with that page, however the writer reworded it.
    key_anchor = {k: p.id for p in owned for k in p.source_keys}
    taken: set[str] = {p.id for p in owned} | set(reserved)
    pending: list[tuple[list[Entry], set[str]]] = []
    for root in sorted(groups):
        indexes = groups[root]
        anchor = next((anchors[i - len(members)] for i in indexes if i >= len(members)), "")
        group_entries = [members[i] for i in indexes if i < len(members)]
        if not anchor:
            anchor = next(
                (
                    key_anchor[k]
                    for e in group_entries
                    if (k := source_key(e.source.key)) in key_anchor
                ),
                "",
            )
        if anchor in retired:
            plan.fates += [Fate(e.source, EXCLUDED, None, RETIRED) for e in group_entries]
        elif anchor:
            plan.joined[anchor] = group_entries
            plan.fates += [
                Fate(e.source, MERGED, anchor, JOINED_WRITER_PAGE) for e in group_entries
            ]
        elif not all(e.no_knowledge for e in group_entries):  # (a weak entry alone: excluded below)
            owners = {
                key_owner[k].id
                for e in group_entries
                if (k := source_key(e.source.key)) in key_owner
            }
            pending.append((group_entries, owners))
    alone = [e for e, root in zip(members, roots) if root < 0]  # (roots go on with the anchors)
    plan.fates += [Fate(e.source, EXCLUDED, None, e.excluded) for e in alone]

    _assign_ids(plan, pending, existing, taken)
    plan.topics.sort(key=lambda t: t.id)
    plan.fates.sort(key=lambda f: (f.source.file, f.source.line))
    return plan


def _assign_ids(
    plan: Plan,
    pending: list[tuple[list[Entry], set[str]]],
    existing: list[ExistingPage],
    taken: set[str],
) -> None:
    """Each new group becomes a topic: it keeps the id of the page that holds most of its entries;
    the other pages it absorbed are retired into it."""
    by_id = {p.id: p for p in existing}
    # Larger groups choose first, so a topic that split keeps its id on its bigger part.
    for group_entries, owners in sorted(
        pending, key=lambda g: (-len(g[0]), g[0][0].source.file, g[0][0].source.line)
    ):
        free = sorted(
            (p for p in owners if p not in taken),
            key=lambda p: (-len(by_id[p].source_keys), by_id[p].first_source, p),
        )
        topic_id = free[0] if free else _new_id(group_entries, taken)
        taken.add(topic_id)
        for old in free[1:]:
            plan.absorbed[old] = topic_id
        plan.topics.append(make_topic(topic_id, group_entries))
        plan.fates += _member_fates(group_entries, topic_id)


def _member_fates(group_entries: list[Entry], topic_id: str) -> list[Fate]:
    """The first entry with knowledge is published; the others merged, as the same question or,
    without knowledge, as a phrasing."""
    fates, first = [], True
    for e in group_entries:
        if e.no_knowledge:
            fates.append(Fate(e.source, MERGED, topic_id, AS_PHRASING))
        else:
            fates.append(
                Fate(
                    e.source,
                    PUBLISHED if first else MERGED,
                    topic_id,
                    None if first else SAME_QUESTION,
                )
            )
            first = False
    return fates


def _new_id(group_entries: list[Entry], taken: set[str]) -> str:
    """The earliest entry's hash prefix; longer prefixes if a page already uses the short one."""
    ordered = sorted(group_entries, key=lambda e: (e.no_knowledge, e.source.file, e.source.line))
    for length in (10, 12, 16, 40):
        for e in ordered:
            if e.source.key[:length] not in taken:
                return e.source.key[:length]
    raise ValueError(f"{ordered[0].source.file}:{ordered[0].source.line}: no free topic id")


def place_of(members: list[Entry]) -> tuple[str, str]:
    """A topic's product and symptom: the most common among its entries (ties: the first),
    the product counting the entries whose content names it twice."""
    products: dict[str, float] = {}
    for m in members:
        products[m.product] = products.get(m.product, 0) + (2 if m.sure_product == m.product else 1)
    product = max(products, key=lambda p: (products[p], -[m.product for m in members].index(p)))
    mine = [m.symptom for m in members if m.product == product]
    symptom = max(dict.fromkeys(mine), key=lambda s: (mine.count(s), -mine.index(s)))
    return product, symptom


def make_topic(topic_id: str, members: list[Entry]) -> Topic:
    real = [m for m in members if not m.no_knowledge]
    best = max(
        enumerate(real),
        key=lambda im: (len(im[1].answer_md) + sum(len(f.answer) for f in im[1].followups), -im[0]),
    )[1]
    titles = list(dict.fromkeys(m.title for m in real + [m for m in members if m.no_knowledge]))
    # The canonical phrasing comes from an entry with a real answer.
    real_titles = {m.title for m in real}
    canonical = max(
        ((i, t) for i, t in enumerate(titles) if t in real_titles),
        key=lambda it: (title_score(it[1]), -it[0]),
    )[1]
    product, symptom = place_of(real)
    return Topic(
        id=topic_id,
        title=canonical,
        product=product,
        symptom=symptom,
        tags=tuple(sorted({t for m in members for t in m.tags})),
        questions=(canonical, *(t for t in titles if t != canonical)),
        sources=tuple(m.source for m in members),
        question_md=best.question_md,
        answer_md=best.answer_md,
        followups=best.followups,
        cause_md=next((m.cause_md for m in [best, *real] if m.cause_md), ""),
        links=tuple(dict.fromkeys(link for m in real for link in m.links)),
        conversations=tuple(m.conversation_md for m in real if m.conversation_md)[
            :MAX_CONVERSATIONS
        ],
        summary_md=best.summary_md,
    )
