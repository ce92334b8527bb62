"""Merge stage: groups of entries become topics, with stable ids and one canonical page each.

Pure: the pages already in the docs folder come in as ``pages.ExistingPage`` values.

* A topic keeps the id of the page that already holds its entries (sources
  carry the hash of each raw entry), so ids and URLs survive new data, and
  when two existing topics merge, the survivor keeps its URL and the other
  one's old path is redirected to it.
* A new topic takes its id from its earliest entry.
* What the topic says (answer, title, place, cause) is ``topic.make_topic``'s; a group whose
  members agree on no answer with knowledge becomes a draft, for writers to answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .docsfolder import ExistingPage
from .model import DRAFTED, EXCLUDED, MERGED, PUBLISHED, Entry, Fate, Topic
from .pages import RETIRED as RETIRED_STATUS
from .pages import source_key
from .topic import Answers, boilerplate_causes, make_topic

JOINED_WRITER_PAGE = "并入作者维护的页面"
RETIRED = "对应话题已被作者停用（status: retired）"
DELETED = "对应话题页面已被作者删除（记录在 docs_src/.topics.yml）"
SAME_QUESTION = "与同一话题的其他条目问的是同一个问题"
AS_PHRASING = "答复不含可复用的知识，作为其他问法并入"
AS_DRAFT = "尚无可发布的答复：话题写成草稿（status: draft），在写作队列中等待作者补充"


@dataclass
class Plan:
    """What the write stage must do."""

    topics: list = field(default_factory=list)  # of model.Topic
    fates: list[Fate] = field(default_factory=list)
    joined: dict[str, list[Entry]] = field(
        default_factory=dict
    )  # writer page id -> entries that join it
    absorbed: dict[str, str] = field(
        default_factory=dict
    )  # old page id -> id of the topic that absorbed it


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
    answers: Answers,
    roots: list[int],
    anchors: list[str],
    existing: list[ExistingPage],
    excluded: list[Fate],
    reserved: set[str] = frozenset(),
) -> Plan:
    """Topics from the groups: ``roots[i]`` names the group of ``members[i]`` (``answers``: its
    answer 4-grams and phrasing), and the items after the members are the writers' pages
    ``anchors`` (by id). ``reserved``: ids no new topic may take (those of pages writers
    deleted)."""
    plan = Plan(fates=list(excluded))
    groups: dict[int, list[int]] = {}
    for i, root in enumerate(roots):
        groups.setdefault(root, []).append(i)
    owned = [p for p in existing if p.writer_owned or p.status == RETIRED_STATUS]
    retired = {p.id for p in existing if p.status == RETIRED_STATUS}
    key_owner = {k: p for p in existing if not p.writer_owned for k in p.source_keys}
    # An entry a writer's page already lists stays with that page, however the writer reworded it.
    key_anchor = {k: p.id for p in owned for k in p.source_keys}
    taken: set[str] = {p.id for p in owned} | set(reserved)
    pending: list[tuple[list[int], set[str]]] = []
    for root in sorted(groups):
        indexes = [i for i in groups[root] if i < len(members)]
        anchor = next((anchors[i - len(members)] for i in groups[root] if i >= len(members)), "")
        keys = [source_key(members[i].source.key) for i in indexes]
        anchor = anchor or next((key_anchor[k] for k in keys if k in key_anchor), "")
        if anchor in retired:
            plan.fates += [Fate(members[i].source, EXCLUDED, None, RETIRED) for i in indexes]
        elif anchor:
            plan.joined.setdefault(anchor, []).extend(members[i] for i in indexes)
            plan.fates += [
                Fate(members[i].source, MERGED, anchor, JOINED_WRITER_PAGE) for i in indexes
            ]
        elif indexes:
            pending.append((indexes, {key_owner[k].id for k in keys if k in key_owner}))
    boilerplate = boilerplate_causes([[members[i] for i in g] for g, _ in pending])
    by_id = {p.id: p for p in existing}
    # Larger groups choose first, so a topic that split keeps its id on its bigger part.
    for indexes, owners in sorted(pending, key=lambda g: (-len(g[0]), g[0][0])):
        group = [members[i] for i in indexes]
        free = sorted(
            (p for p in owners if p not in taken),
            key=lambda p: (-len(by_id[p].source_keys), by_id[p].first_source, p),
        )
        topic_id = free[0] if free else _new_id(group, taken)
        taken.add(topic_id)
        for old in free[1:]:
            plan.absorbed[old] = topic_id
        grams = [answers.grams[i] for i in indexes]
        topic = make_topic(
            topic_id, group, grams, [answers.phrasings[i] for i in indexes], boilerplate
        )
        plan.topics.append(topic)
        plan.fates += _member_fates(group, topic)
    plan.topics.sort(key=lambda t: t.id)
    plan.fates.sort(key=lambda f: (f.source.file, f.source.line))
    return plan


def _member_fates(group: list[Entry], topic: Topic) -> list[Fate]:
    """In a draft, every entry is drafted; else the entry whose answer the page shows is
    published, the others merged, as the same question or, without knowledge, as a phrasing."""
    if topic.draft:
        return [Fate(e.source, DRAFTED, topic.id, AS_DRAFT) for e in group]
    fates = []
    for e in group:
        if e.source == topic.answered_by:
            fates.append(Fate(e.source, PUBLISHED, topic.id, None))
        else:
            why = AS_PHRASING if e.no_knowledge else SAME_QUESTION
            fates.append(Fate(e.source, MERGED, topic.id, why))
    return fates


def _new_id(group_entries: list[Entry], taken: set[str]) -> str:
    """The earliest entry's hash prefix; longer prefixes if a page already uses the short one."""
    ordered = sorted(group_entries, key=lambda e: (e.no_knowledge, e.source.file, e.source.line))
    for length in (10, 12, 16, 40):
        for e in ordered:
            if e.source.key[:length] not in taken:
                return e.source.key[:length]
    raise ValueError(f"{ordered[0].source.file}:{ordered[0].source.line}: no free topic id")
