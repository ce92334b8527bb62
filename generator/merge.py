"""Merge stage: groups of entries become topics, with stable ids and one canonical page each.

Pure: the pages already in the docs folder come in as ``ExistingPage`` values.

* A topic keeps the id of the page that already holds its entries (sources
  carry the hash of each raw entry), so ids and URLs survive new data, and
  when two existing topics merge, the survivor keeps its URL and the other
  one's old path is redirected to it.
* A new topic takes its id from its earliest entry.
* The page shows the clearest phrasing as its title, the most complete answer,
  every other phrasing, and up to five related topics.
"""

from __future__ import annotations

import math
import re
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import sparse

from .cluster import Item, answer_shingles, codes, group_items, item_for, item_key
from .words import Words
from .model import EXCLUDED, MERGED, PUBLISHED, Entry, Fate, Topic

JOINED_WRITER_PAGE = "并入作者维护的页面"
RETIRED = "对应话题已被作者停用（status: retired）"
SAME_QUESTION = "与同一话题的其他条目问的是同一个问题"
AS_PHRASING = "答复不含可复用的知识，作为其他问法并入"
MAX_CONVERSATIONS = 3
MAX_RELATED = 5
MAX_POSTINGS = 500
RARE_WORDS = 12
MAX_CANDIDATES = 60
MIN_RELATED = 0.06
SHARED_CANDIDATES = 2000  # topics before half of the candidate search goes to a spare worker


@dataclass(frozen=True)
class ExistingPage:
    """A topic page found in the docs folder."""

    id: str
    path: str  # relative to the docs folder
    title: str
    questions: tuple[str, ...]
    body: str
    product: str
    symptom: str
    source_keys: tuple[str, ...]
    first_source: tuple[str, int]
    writer_owned: bool  # edited by a writer, or written by hand
    retired: bool = False  # a writer set ``status: retired``: it stays out of the site and takes no entries


@dataclass
class Plan:
    """What the write stage must do."""

    topics: list[Topic] = field(default_factory=list)
    fates: list[Fate] = field(default_factory=list)
    joined: dict[str, list[Entry]] = field(default_factory=dict)  # writer page id -> entries that join it
    retired: dict[str, str] = field(default_factory=dict)  # old page id -> id of the topic that absorbed it


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


def build_topics(entries: list[Entry], existing: list[ExistingPage], words: Words,
                 made: dict[tuple[str, int, str], Item] | None = None, spare: Executor | None = None) -> Plan:
    """``made``: the entries' items as the per-file stage made them (by ``item_key``), if it did.
    ``spare``: an idle worker process, which finds half of the related-topic candidates."""
    plan = Plan()
    made = made or {}
    candidates = [e for e in entries if not e.excluded or e.no_knowledge]
    for e in entries:
        if e.excluded and not e.no_knowledge:
            plan.fates.append(Fate(e.source, EXCLUDED, None, e.excluded))
    candidates.sort(key=lambda e: (e.source.file, e.source.line))
    owned = [p for p in existing if p.writer_owned or p.retired]
    retired = {p.id for p in existing if p.retired}
    items = [made.get(item_key(e)) or item_for(e, words) for e in candidates]
    for p in owned:
        title = set(words.tokens(p.title))
        asked = title | {w for q in p.questions for w in words.tokens(q)}
        body = answer_shingles(p.body)
        items.append(Item(title, asked, body, body, codes(p.title), anchor=p.id))
    roots = group_items(items, spare)

    groups: dict[int, list[int]] = {}
    for i, root in enumerate(roots):
        if root >= 0:
            groups.setdefault(root, []).append(i)
    key_owner = {k: p for p in existing if not p.writer_owned for k in p.source_keys}
    # An entry a writer's page already lists stays with that page, however much the writer reworded it.
    key_anchor = {k: p.id for p in owned for k in p.source_keys}
    taken: set[str] = {p.id for p in owned}
    pending: list[tuple[list[Entry], set[str]]] = []
    for root in sorted(groups):
        members = groups[root]
        anchor = next((items[i].anchor for i in members if items[i].anchor), "")
        group_entries = [candidates[i] for i in members if i < len(candidates)]
        if not anchor:
            anchor = next((key_anchor[e.source.key[:16]] for e in group_entries if e.source.key[:16] in key_anchor), "")
        if anchor in retired:
            plan.fates += [Fate(e.source, EXCLUDED, None, RETIRED) for e in group_entries]
            continue
        if anchor:
            plan.joined[anchor] = group_entries
            plan.fates += [Fate(e.source, MERGED, anchor, JOINED_WRITER_PAGE) for e in group_entries]
            continue
        if all(e.no_knowledge for e in group_entries):
            continue  # only possible for a weak entry that matched nothing; handled below
        pages = {key_owner[e.source.key[:16]].id for e in group_entries if e.source.key[:16] in key_owner}
        pending.append((group_entries, pages))
    for e, root in zip(candidates, roots):
        if root < 0:
            plan.fates.append(Fate(e.source, EXCLUDED, None, e.excluded))

    by_id = {p.id: p for p in existing}
    # Larger groups choose first, so a topic that split keeps its id on its bigger part.
    for group_entries, pages in sorted(pending, key=lambda g: (-len(g[0]), g[0][0].source.file, g[0][0].source.line)):
        free = sorted((p for p in pages if p not in taken),
                      key=lambda p: (-len(by_id[p].source_keys), by_id[p].first_source, p))
        topic_id = free[0] if free else _new_id(group_entries, taken)
        taken.add(topic_id)
        for old in free[1:]:
            plan.retired[old] = topic_id
        topic = make_topic(topic_id, group_entries)
        plan.topics.append(topic)
        first = True
        for e in group_entries:
            if e.no_knowledge:
                plan.fates.append(Fate(e.source, MERGED, topic_id, AS_PHRASING))
            else:
                plan.fates.append(Fate(e.source, PUBLISHED if first else MERGED, topic_id,
                                       None if first else SAME_QUESTION))
                first = False
    plan.topics.sort(key=lambda t: t.id)
    plan.fates.sort(key=lambda f: (f.source.file, f.source.line))
    _relate(plan.topics, words, spare)
    return plan


def _new_id(group_entries: list[Entry], taken: set[str]) -> str:
    """The earliest entry's hash prefix; longer prefixes if a page already uses the short one."""
    ordered = sorted(group_entries, key=lambda e: (e.no_knowledge, e.source.file, e.source.line))
    for length in (10, 12, 16, 40):
        for e in ordered:
            if e.source.key[:length] not in taken:
                return e.source.key[:length]
    raise ValueError(f"{ordered[0].source.file}:{ordered[0].source.line}: no free topic id")


def make_topic(topic_id: str, members: list[Entry]) -> Topic:
    real = [m for m in members if not m.no_knowledge]
    best = max(enumerate(real), key=lambda im: (len(im[1].answer_md) + sum(len(f.answer) for f in im[1].followups),
                                                 -im[0]))[1]
    titles = list(dict.fromkeys(m.title for m in real + [m for m in members if m.no_knowledge]))
    # The canonical phrasing comes from an entry with a real answer.
    real_titles = {m.title for m in real}
    canonical = max(((i, t) for i, t in enumerate(titles) if t in real_titles),
                    key=lambda it: (title_score(it[1]), -it[0]))[1]
    questions = [canonical] + [t for t in titles if t != canonical]
    links = list(dict.fromkeys(link for m in real for link in m.links))
    first = real[0]
    return Topic(
        id=topic_id,
        title=canonical,
        product=first.product,
        symptom=first.symptom,
        tags=tuple(sorted({t for m in members for t in m.tags})),
        questions=tuple(questions),
        sources=tuple(m.source for m in members),
        question_md=best.question_md,
        answer_md=best.answer_md,
        followups=best.followups,
        cause_md=next((m.cause_md for m in [best, *real] if m.cause_md), ""),
        links=tuple(links),
        conversations=tuple(m.conversation_md for m in real if m.conversation_md)[:MAX_CONVERSATIONS],
        summary_md=best.summary_md,
    )


def _relate(topics: list[Topic], words: Words, spare: Executor | None = None) -> None:
    """Up to five related topics per topic: same product first, then by shared words.

    The score weighs question words more than answer words, each by rarity.
    Candidates are the topics sharing the most of a topic's rarest words (an
    inverted index), so the work stays linear in the number of topics; the
    candidate pairs are scored together, as sparse matrix rows.
    """
    words.segment_all([q for t in topics for q in t.questions] + [t.answer_md for t in topics])
    asked = [{w for q in t.questions for w in words.tokens(q)} for t in topics]
    told = [set(words.tokens(t.answer_md)) for t in topics]
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
    lists = [postings[w][:MAX_POSTINGS] for w in vocabulary]
    if spare is not None and len(topics) >= SHARED_CANDIDATES:
        half = len(topics) // 2
        theirs = spare.submit(_candidate_pairs, rare[half:], lists, len(topics), half)
        i, j = _candidate_pairs(rare[:half], lists, len(topics))
        i2, j2 = theirs.result()
        i, j = np.concatenate([i, i2]), np.concatenate([j, j2])
    else:
        i, j = _candidate_pairs(rare, lists, len(topics))
    # Each unordered pair is scored once.
    low, high = np.minimum(i, j), np.maximum(i, j)
    pairs, back = np.unique(low * len(topics) + high, return_inverse=True)
    asked_score, told_score = _similarities(asked, told, column, weight, pairs // len(topics), pairs % len(topics))
    asked_score, told_score = asked_score[back], told_score[back]
    score = np.round(0.6 * asked_score + 0.4 * told_score, 9)  # sums in another order must not reorder equal scores
    keep = score >= MIN_RELATED
    i, j, score = i[keep], j[keep], score[keep]
    # Topics are in id order, so j orders equal scores by id.
    product = np.array([t.product for t in topics])
    order = np.lexsort((j, -score, product[i] != product[j], i))
    i, j = i[order], j[order]
    starts = np.searchsorted(i, np.arange(len(topics) + 1))
    for n, topic in enumerate(topics):
        chosen = j[starts[n]:min(starts[n + 1], starts[n] + MAX_RELATED)].tolist()
        topics[n] = replace(topic, related=tuple(topics[c].id for c in chosen))


def _candidate_pairs(rare: list[list[int]], lists: list[list[int]], n: int,
                     first: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``n`` topics from ``first`` on, the MAX_CANDIDATES topics found most often in
    the posting lists of its rarest words (``rare``; ties: the earlier topic), as pairs (topic,
    candidate) in topic order."""
    arrays = [np.array(x, dtype=np.int64) for x in lists]
    none = np.zeros(0, np.int64)
    firsts, seconds = [none], [none]
    for i, columns in enumerate(rare, start=first):
        found = np.concatenate([arrays[c] for c in columns] or [none])
        # Counting into an array as long as the topic list beats sorting when many topics are met.
        if found.size * 16 >= n:
            counts = np.bincount(found, minlength=n)
            counts[i] = 0
            met = np.flatnonzero(counts)
            shared = counts[met]
        else:
            met, shared = np.unique(found, return_counts=True)
            other = met != i
            met, shared = met[other], shared[other]
        # Most shared first, equal counts in topic order: one key per topic met (all distinct),
        # of which only the smallest MAX_CANDIDATES are sorted.
        key = (RARE_WORDS - shared) * n + met
        if key.size > MAX_CANDIDATES:
            key = np.partition(key, MAX_CANDIDATES - 1)[:MAX_CANDIDATES]
        seconds.append(np.sort(key) % n)
        firsts.append(np.full(seconds[-1].size, i, dtype=np.int64))
    return np.concatenate(firsts), np.concatenate(seconds)


def _similarities(asked: list[set[str]], told: list[set[str]], column: dict[str, int], weight: np.ndarray,
                  i: np.ndarray, j: np.ndarray, step: int = 32768) -> tuple[np.ndarray, np.ndarray]:
    """Weighted Jaccard of the question words and of the answer words of each pair (i, j) of topics.

    One sparse row per topic holds both word sets (answer words in columns after the question words).
    Pairs go ``step`` at a time: small arrays, reused, instead of a few hundred MB touched once."""
    width = len(column)
    indices = [np.array(sorted([column[w] for w in a]) + sorted([width + column[w] for w in t]), dtype=np.int32)
               for a, t in zip(asked, told)]
    indptr = np.cumsum([0] + [x.size for x in indices], dtype=np.int64).astype(np.int32)
    rows = sparse.csr_matrix((np.ones(int(indptr[-1]), dtype=np.float32),
                              np.concatenate(indices or [np.zeros(0, np.int32)]), indptr), shape=(len(asked), 2 * width))
    zero = np.zeros(width)
    kinds = (np.concatenate([weight, zero]), np.concatenate([zero, weight]))  # question words, answer words
    masses = [rows @ w for w in kinds]
    out = (np.zeros(i.size), np.zeros(i.size))
    for start in range(0, i.size, step):
        a, b = i[start:start + step], j[start:start + step]
        both = rows[a].multiply(rows[b]).tocsr()
        for w, mass, scores in zip(kinds, masses, out):
            shared = both @ w
            union = mass[a] + mass[b] - shared
            scores[start:start + step] = np.divide(shared, union, out=np.zeros_like(shared), where=shared > 0)
    return out
