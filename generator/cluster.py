"""Cluster stage: entries that ask the same thing become one topic.

Today: exact duplicates, i.e. the same question and the same answer after
cleaning and normalisation. A topic's id comes from the raw text of its
earliest member (smallest file, line), so ids move neither when unrelated
data arrives nor when cleaning or redaction rules change.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from .model import EXCLUDED, MERGED, PUBLISHED, Entry, Fate, Topic

_NOISE = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower case, NFKC, no punctuation or spaces: what 'the same text' means here."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text).lower())


def entry_key(entry: Entry) -> str:
    return normalise(entry.title + "\n" + entry.question_md) + "|" + normalise(entry.answer_md)


def topic_id(entry: Entry) -> str:
    """Stable id of a topic: from the raw text of its earliest member."""
    return (entry.raw_key or hashlib.sha1(entry_key(entry).encode("utf-8")).hexdigest())[:10]


def cluster_entries(entries: list[Entry]) -> tuple[list[Topic], list[Fate]]:
    """Group published entries into topics; every entry gets a fate."""
    groups: dict[str, list[Entry]] = {}
    fates: list[Fate] = []
    for e in sorted(entries, key=lambda e: (e.source.file, e.source.line)):
        if e.excluded:
            fates.append(Fate(e.source, EXCLUDED, None, e.excluded))
            continue
        groups.setdefault(entry_key(e), []).append(e)
    topics = []
    for members in groups.values():
        topic = make_topic(members)
        topics.append(topic)
        for i, m in enumerate(members):
            fates.append(Fate(m.source, PUBLISHED if i == 0 else MERGED, topic.id,
                              None if i == 0 else "与同一话题的另一条目完全相同"))
    fates.sort(key=lambda f: (f.source.file, f.source.line))
    topics.sort(key=lambda t: t.id)
    return topics, fates


def make_topic(members: list[Entry]) -> Topic:
    first = members[0]
    questions: list[str] = []
    for m in members:
        if m.title not in questions:
            questions.append(m.title)
    links: list[tuple[str, str]] = []
    for m in members:
        links.extend(link for link in m.links if link not in links)
    tags = sorted({t for m in members for t in m.tags})
    return Topic(
        id=topic_id(first),
        title=first.title,
        product=first.product,
        symptom=first.symptom,
        tags=tuple(tags),
        questions=tuple(questions),
        sources=tuple(m.source for m in members),
        question_md=first.question_md,
        answer_md=first.answer_md,
        followups=first.followups,
        cause_md=next((m.cause_md for m in members if m.cause_md), ""),
        links=tuple(links),
        conversations=tuple(m.conversation_md for m in members if m.conversation_md),
    )
