"""What one topic says: its answer, title, place and cause, from the entries of its group.

* **The answer** comes from the group's largest phrasing that agrees on one. A phrasing is a
  community of the grouping (the same question asked the same way); its answer is the one
  most of it gives (``consensus``): of its members whose answer carries knowledge, the one
  holding most of the answer 4-grams that at least a quarter of them share, and least of
  any other. When even that
  answer is mostly its own (the others answered something else, or pasted replies meant for
  other questions), the phrasing agrees on no answer. A group none of whose phrasings agree
  is a draft for writers, like a group whose members carry no knowledge at all.
* **The title** is the clearest phrasing (``title_score``), among those with a real answer.
* **The place** is the most common product and symptom of its members.
* **The cause** is a member's specific cause; a cause the corpus gives for unrelated topics
  is boilerplate (``boilerplate_causes``) and never shown.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

import numpy as np

from .answer import A_DAY, ASKS_STAFF, OWN_CASE, PROBLEM, QUESTION
from .model import Entry, Topic
from .pages import question_key
from .vendor import topic_vendor

SUPPORT = 0.25  # share of the members with knowledge that must share a 4-gram for the core
AGREED = 0.5  # share of the chosen answer that must be in the core for the group to agree
BOILERPLATE_TOPICS = 3  # a cause given in this many topics ...
BOILERPLATE_PLACES = 2  # ... of this many product/symptom places is boilerplate


@dataclass(frozen=True)
class Answers:
    """What the merge stage needs of each entry's answer, by its index among the members:
    its answer 4-grams and the first member of its phrasing (its grouping community)."""

    grams: list[np.ndarray]
    phrasings: list[int]


CASE_DETAILS = -3  # title_score at or below which a phrasing carries one case's IDs or values


def is_label(title: str) -> bool:
    """A title that neither asks nor states a problem: a label ("视频问题", a package's name).

    >>> is_label("视频问题"), is_label("上传视频失败"), is_label("如何上传视频")
    (True, False, False)
    """
    return not QUESTION.search(title) and not PROBLEM.search(title)


def title_score(title: str) -> float:
    """How clear a phrasing is: a real question of moderate length, no IDs, no placeholders,
    not one customer's own case.

    >>> title_score("急需发票") > title_score("能否尽快帮我处理下发票吗")
    True
    """
    score = 0.0
    if "‹" in title or "域名 " in title:
        score -= 5
    if re.search(r"\d{5,}|[0-9a-f]{8,}|\bfrom\b", title):
        score -= 3
    if re.search(r"(?:19|20)\d\d\s*[年/-]", title) or A_DAY.search(title):
        score -= 2  # a date belongs to one customer's case, not to the question
    words = re.sub(r"\W", "", title)
    if len(words) < 4 or words.lower() in {"x", "xx"}:
        score -= 5
    if ASKS_STAFF.search(title):
        score -= 2  # asks staff to act on one case (帮我处理下发票), not how it is done
    if OWN_CASE.search(title):
        score -= 1  # one customer's own case (我微信扫码登录的密码是什么)
    score -= abs(len(title) - 14) / 10
    if re.search(r"[？?]$|如何|怎么|为什么|是否|能否|吗", title):
        score += 1
    return score


def consensus(members: list[Entry], grams: list[np.ndarray]) -> tuple[int, bool]:
    """The index (into ``members``) of the answer the group agrees on, and whether it does.
    ``grams[i]``: the sorted answer 4-gram hashes of ``members[i]``."""
    told = [i for i, m in enumerate(members) if not m.no_knowledge]
    if not told:
        return -1, False
    need = max(1, math.ceil(SUPPORT * len(told)))
    values, counts = np.unique(
        np.concatenate([grams[i] for i in told] + [np.zeros(0, np.uint32)]), return_counts=True
    )
    core = values[counts >= need]

    def size(i: int) -> int:
        return len(members[i].answer_md) + sum(len(f.answer) for f in members[i].followups)

    shared = {i: int(np.isin(grams[i], core, assume_unique=True).sum()) for i in told}
    # Most of what the others say, least of anything else (a reply pasted from elsewhere).
    best = max(told, key=lambda i: (shared[i], shared[i] - grams[i].size, size(i), -i))
    return best, shared[best] >= AGREED * grams[best].size


def place_of(members: list[Entry]) -> tuple[str, str]:
    """A topic's product and symptom: the most common among its entries (ties: the first),
    the product counting the entries whose content names it twice."""
    products: dict[str, float] = {}
    for m in members:
        products[m.product] = products.get(m.product, 0) + (2 if m.sure_product == m.product else 1)
    # (a dict keeps the order members name them in, and max keeps the first of equals)
    product = max(products, key=products.get)
    mine = Counter(m.symptom for m in members if m.product == product)
    symptom = max(mine, key=mine.get)
    return product, symptom


def boilerplate_causes(groups: list[list[Entry]]) -> frozenset[str]:
    """Causes the corpus gives for unrelated topics: in BOILERPLATE_TOPICS groups or more, of
    BOILERPLATE_PLACES product/symptom places or more."""
    topics: dict[str, set[int]] = defaultdict(set)
    places: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for n, members in enumerate(groups):
        place = place_of(members)
        for m in members:
            if m.cause_md:
                topics[m.cause_md].add(n)
                places[m.cause_md].add(place)
    return frozenset(
        c
        for c in topics
        if len(topics[c]) >= BOILERPLATE_TOPICS and len(places[c]) >= BOILERPLATE_PLACES
    )


def answer_of(members: list[Entry], grams: list[np.ndarray], phrasings: list[int]) -> int:
    """The index of the member whose answer the topic shows: the consensus of the largest
    phrasing that agrees on one (ties: the longer answer, then the earlier); -1 for none."""
    by_phrasing: dict[int, list[int]] = defaultdict(list)
    for i, p in enumerate(phrasings):
        by_phrasing[p].append(i)
    best, best_key = -1, None
    for part in by_phrasing.values():
        chosen, agreed = consensus([members[i] for i in part], [grams[i] for i in part])
        if not agreed:
            continue
        i = part[chosen]
        told = sum(1 for k in part if not members[k].no_knowledge)
        key = (told, len(members[i].answer_md) + sum(len(f.answer) for f in members[i].followups))
        if best_key is None or key > best_key:
            best, best_key = i, key
    return best


def _distinct(questions: list[str]) -> tuple[str, ...]:
    """The questions without repeats ("多久到账？" after "多久到账"), the first of each kept."""
    kept: dict[str, str] = {}
    for q in questions:
        kept.setdefault(question_key(q), q)
    return tuple(kept.values())


def make_topic(
    topic_id: str,
    members: list[Entry],
    grams: list[np.ndarray],
    phrasings: list[int],
    boilerplate: frozenset[str],
) -> Topic:
    """The topic of one group; a draft when none of its phrasings agrees on an answer."""
    chosen = answer_of(members, grams, phrasings)
    best = members[chosen] if chosen >= 0 else None
    real = [m for m in members if not m.no_knowledge] if best else []
    mine = {id(m) for m in real}
    titles = list(dict.fromkeys(m.title for m in real + [m for m in members if id(m) not in mine]))
    candidates = {m.title for m in real} or set(titles)  # (a real answer's phrasing first)
    canonical = max(
        ((i, t) for i, t in enumerate(titles) if t in candidates),
        key=lambda it: (title_score(it[1]), -it[0]),
    )[1]
    # A ticket title that is a label ("视频问题", a package's name) loses to the question the
    # customer wrote first, when that one is a clear question (a label names no question, so
    # a longer question is still better).
    asked = (best or members[0]).asked
    if asked and is_label(canonical) and title_score(asked) > CASE_DETAILS:
        canonical = asked
        titles.insert(0, asked)
    product, symptom = place_of(real or members)
    causes = [m.cause_md for m in ([best, *real] if best else members) if m.cause_md]
    cause_md = next((c for c in causes if c not in boilerplate), "")
    answer_md, followups = (best.answer_md, best.followups) if best else ("", ())
    if not cause_md and best and best.stated:
        # (the dataset's cause was boilerplate: the one the leading reply states is shown)
        cause_md, rest = best.stated.cause_md, best.stated.rest_md
        if best.stated.in_followup:
            followups = (replace(followups[0], answer=rest), *followups[1:])
        else:
            answer_md = rest
    return Topic(
        id=topic_id,
        title=canonical,
        product=product,
        symptom=symptom,
        tags=tuple(sorted({t for m in members if m.product == product for t in m.tags})),
        questions=_distinct([canonical, *titles]),
        sources=tuple(m.source for m in members),
        question_md=(best or members[0]).question_md,
        answer_md=answer_md,
        followups=followups,
        cause_md=cause_md,
        links=tuple(dict.fromkeys(link for m in real for link in m.links)),
        summary_md=best.summary_md if best else "",
        draft=best is None,
        answered_by=best.source if best else None,
        vendor=topic_vendor(best, members),
    )
