"""Cluster stage: entries that ask the same thing become one group.

Two entries join when they ask the same question (their questions share most
words, weighted by rarity, after synonyms are folded and stop-words dropped),
or when they give the same substantive answer to a related question (one
answer's character 4-grams are nearly all in the other's, and the questions
share a word).

Candidates come from MinHash signatures with LSH banding over the title
words, the question words and the answer 4-grams (computed with numpy, in
batches), so the work grows with the data, not with its square. Items with
identical features are folded first; a bucket keeps only its first few
members, and an item is compared with the few groups it meets most often
(among its MAX_CANDIDATES strongest candidates), which keeps floods of
near-copies cheap. On a large corpus, idle worker processes find the
candidates while this process decides. The decision on each candidate pair
uses exact set similarities.

Structural rules the numbers cannot see:

* questions that name different error codes (1004 / 1014, "Access Denied." /
  "AccessForbidden") are never the same question;
* sections of one FAQ page were written as different questions; they join
  only when question and answer agree.

Entries without reusable knowledge never seed or bridge a group: they join
the group whose question matches best, as a phrasing, or stay alone.
Pages writers own take part as anchors; two anchors never join.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import tempfile
import unicodedata
import zlib
from concurrent.futures import Executor, wait
from dataclasses import dataclass, field

import numpy as np

from .markup import MARKUP_NOISE, SPACES
from .model import Entry
from .words import Words

# Tuned on tests/fixtures/pairs.yml (scripts/eval_pairs.py prints the scores).
SAME_QUESTION = 0.62  # weighted question-word Jaccard that makes two questions the same
SAME_ANSWER = 0.8  # share of the shorter answer's 4-grams found in the other
RELATED_ANSWER = 0.5  # answer Jaccard that, with RELATED_QUESTION, joins two entries
RELATED_QUESTION = 0.2
CLOSE_QUESTION = 0.45  # with one answer inside the other's whole conversation
PAGE_QUESTION, PAGE_ANSWER = 0.3, 0.15  # sections of one FAQ page: both must agree ...
PAGE_SAME_ANSWER = 0.7  # ... or the answers be the same and the questions related
PHRASING = 0.4  # question similarity for an entry without knowledge to join a group

NUM_PERM = 64
BANDS = {"title": (32, 2), "q": (32, 2), "a": (32, 2)}  # (bands, rows) per feature
BUCKET_SIZE = 8  # a bucket keeps its first members only (floods of near-copies fold into them); a new item
MAX_COMPARISONS = 12  # is compared with the groups whose members it meets most often, this many at most,
MEMBERS_PER_GROUP = 2  # through the members it meets most often, this many per group
MAX_CANDIDATES = 100  # an item looks at its candidates that share the most buckets, this many at most
SHARED_GROUPING = 20_000  # distinct items before worker processes find the candidates
CHUNK_ROWS = 1024  # rows whose candidates numpy finds at once
CHUNKS_PER_TASK = 4
TASKS_AHEAD = 3  # tasks the workers have in hand
_BUCKET_ARRAYS = ("rank", "start", "row_of")

_CODE = re.compile(r"“[^”]{2,40}”|\"[^\"]{2,40}\"|`[^`]{2,40}`|(?<![0-9A-Za-z])\d{3,}(?![0-9A-Za-z])|"
                   r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+\b|\bx\d{3}\b")
_EMPTY = np.zeros(0, dtype=np.uint32)
_PRIME = np.uint64(4294967311)  # > 2**32
_rng = np.random.RandomState(20260101)  # fixed: signatures are the same in every run
_PERM_A = _rng.randint(1, 2**31, NUM_PERM).astype(np.uint64)
_PERM_B = _rng.randint(0, 2**31, NUM_PERM).astype(np.uint64)
_answer_cache: dict[str, np.ndarray] = {}


def answer_shingles(answer: str) -> np.ndarray:
    """``shingles_of(answer)``, remembered."""
    cached = _answer_cache.get(answer)
    if cached is not None:
        return cached
    out = shingles_of(answer)
    if len(_answer_cache) < 100_000:
        _answer_cache[answer] = out
    return out


def shingles_of(answer: str) -> np.ndarray:
    """Sorted distinct 32-bit hashes of the answer's character 4-grams (markup and spaces removed)."""
    text = SPACES.sub("", unicodedata.normalize("NFKC", MARKUP_NOISE.sub(" ", answer)).lower())
    if len(text) < 4:
        out = _EMPTY
    else:
        c = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
        h = (c[:-3] * np.uint64(1000003) ** 3 + c[1:-2] * np.uint64(1000003) ** 2
             + c[2:-1] * np.uint64(1000003) + c[3:])
        out = np.unique((h ^ (h >> np.uint64(29))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    return out


def word_hashes(words: set[str]) -> np.ndarray:
    return np.array(sorted({zlib.crc32(w.encode("utf-8")) for w in words}), dtype=np.uint32)


def codes(title: str) -> frozenset[str]:
    """Error codes and identifiers a question names."""
    return frozenset(c for c in _CODE.findall(unicodedata.normalize("NFKC", title))
                     if not re.fullmatch(r"(?:19|20)\d\d", c))


def _overlap(a: np.ndarray, b: np.ndarray) -> int:
    """How many hashes two sorted sets share (as np.intersect1d counts them, with less around it)."""
    if not (a.size and b.size):
        return 0
    both = np.concatenate((a, b))
    both.sort()
    return int(np.count_nonzero(both[1:] == both[:-1]))


@dataclass
class Item:
    """Anything that can join a group: a raw entry or a page already in the docs folder."""

    title: set[str]  # words of the title
    q: set[str]  # words of the title and the start of the description
    a: np.ndarray  # 4-gram hashes of the answer
    full: np.ndarray  # 4-gram hashes of the answer and the answers to follow-up questions
    codes: frozenset[str]
    page: str = ""  # the FAQ file a section comes from
    weak: bool = False  # no reusable knowledge: never seeds or bridges a group
    anchor: str = ""  # id of an existing page a writer owns
    weights: dict = field(default_factory=dict, repr=False)  # word -> weight (IDF over all items)
    mass: tuple[float, float] = (0.0, 0.0)  # total weight of the title words and of the question words
    # What depends on the item alone, computed with it in the per-file stage (see featured_items):
    digest: bytes = field(default=b"", repr=False)  # its fingerprint(): equal items fold into one
    bands: np.ndarray | None = field(default=None, repr=False)  # its LSH band keys

    def fingerprint(self) -> bytes:
        """Items with equal fingerprints are the same for every decision here (sets sorted, so
        that equal items have equal fingerprints whatever the order of their sets)."""
        h = hashlib.blake2b(digest_size=16)
        for part in (sorted(self.title), sorted(self.q), sorted(self.codes), [self.page, self.anchor, str(self.weak)]):
            h.update("\0".join(part).encode("utf-8") + b"\1")
        h.update(self.a.size.to_bytes(8, "little") + self.a.tobytes() + self.full.tobytes())
        return h.digest()


def item_key(entry: Entry) -> tuple[str, int, str]:
    """Names an entry's item among those the per-file stage made (``featured_items``)."""
    return entry.source.file, entry.source.line, entry.source.key


def item_for(entry: Entry, words: Words, shingles: dict[str, np.ndarray] | None = None) -> Item:
    """The item of an entry (``shingles``: 4-grams of its texts, when at hand)."""

    def cut(text: str) -> np.ndarray:
        found = shingles.get(text) if shingles else None
        return found if found is not None else answer_shingles(text)

    title = set(words.tokens(_own_heading(entry)))
    prose = entry.description if "```" not in entry.description else ""
    answer = cut(entry.answer_md)
    full = answer
    if entry.followups:
        full = np.union1d(answer, cut(_followup_text(entry))).astype(np.uint32)
    return Item(title, title | set(words.tokens(prose[:80])), answer, full, codes(entry.title),
                page=entry.source.file if entry.kind == "faq" else "", weak=entry.no_knowledge)


def featured_items(entries: list[Entry], words: Words,
                   shingles: dict[str, np.ndarray]) -> dict[tuple[str, int, str], Item]:
    """The items of one file's entries with their digests and band keys, by ``item_key``:
    all of it depends on the entry alone, so the per-file stage computes it (in parallel, cached)."""
    items = {item_key(e): item_for(e, words, shingles) for e in entries}
    listed = list(items.values())
    for item, row in zip(listed, band_rows(listed)):
        item.digest, item.bands = item.fingerprint(), row
    return items


def texts_to_segment(entry: Entry) -> tuple[str, ...]:
    """The texts of an entry that clustering cuts into words (and relating topics, but for the
    answer: only the chosen answer of each topic is cut, later)."""
    prose = entry.description if "```" not in entry.description else ""
    return (_own_heading(entry), prose[:80], entry.title)


def texts_to_shingle(entry: Entry) -> tuple[str, ...]:
    """The texts of an entry whose 4-grams clustering compares."""
    return (entry.answer_md, _followup_text(entry)) if entry.followups else (entry.answer_md,)


def _followup_text(entry: Entry) -> str:
    return "\n".join(f.answer for f in entry.followups)


def _own_heading(entry: Entry) -> str:
    """A FAQ title without the group name the clean stage put in front of it."""
    for ancestor in entry.context:
        if entry.title.startswith(ancestor + "："):
            return entry.title[len(ancestor) + 1:]
    return entry.title


def question_similarity(x: Item, y: Item) -> float:
    """Weighted word Jaccard of the titles or of the whole questions, whichever is higher.

    A one-word question says too little: it only matches a question with the same single word.
    """
    best = 0.0
    w = x.weights
    for a, b, ma, mb in ((x.title, y.title, x.mass[0], y.mass[0]), (x.q, y.q, x.mass[1], y.mass[1])):
        if min(len(a), len(b)) <= 1 and a != b:
            continue
        inter = a & b
        if inter:
            # Every question word has a weight. fsum: the same total in any order (set order
            # changes with string hashing between processes, and must not change a decision).
            shared = math.fsum(map(w.__getitem__, inter))
            best = max(best, shared / (ma + mb - shared))
    return best


def same_topic(x: Item, y: Item) -> bool:
    """The decision on one candidate pair."""
    if x.codes and y.codes and not (x.codes & y.codes):
        return False
    q = question_similarity(x, y)
    answers = _Answers(x, y)
    if x.page and x.page == y.page:
        a = answers.jaccard(at_least=PAGE_ANSWER)
        return (q >= PAGE_QUESTION and a >= PAGE_ANSWER) or (q >= RELATED_QUESTION and a >= PAGE_SAME_ANSWER)
    if q >= SAME_QUESTION or _asks_within(x, y, answers):
        return True
    if x.codes != y.codes:
        return False  # one names a code the other does not: only the question can decide
    if q >= CLOSE_QUESTION and max(answers.containment(x.a, y.full), answers.containment(x.full, y.a)) >= SAME_ANSWER:
        return True  # one's answer was given to the other too, in a follow-up
    if not x.q & y.q:
        return False
    return answers.containment(x.a, y.a) >= SAME_ANSWER or (
        q >= RELATED_QUESTION and answers.jaccard(at_least=RELATED_ANSWER) >= RELATED_ANSWER)


class _Answers:
    """Overlaps of two items' answer 4-grams, each computed once (an item without follow-ups
    has one array for its answer and its whole conversation)."""

    def __init__(self, x: Item, y: Item):
        self.x, self.y = x, y
        self.known: dict[tuple[int, int], int] = {}

    def overlap(self, a: np.ndarray, b: np.ndarray) -> int:
        key = (id(a), id(b))
        if key not in self.known:
            self.known[key] = _overlap(a, b)
        return self.known[key]

    def containment(self, a: np.ndarray, b: np.ndarray) -> float:
        inter = self.overlap(a, b)
        return inter / min(a.size, b.size) if inter else 0.0

    def jaccard(self, at_least: float) -> float:
        """Jaccard of the two answers; 0 when their sizes alone keep it under ``at_least``."""
        a, b = self.x.a, self.y.a
        if min(a.size, b.size) < at_least * max(a.size, b.size):
            return 0.0
        inter = self.overlap(a, b)
        return inter / (a.size + b.size - inter) if inter else 0.0


def _asks_within(x: Item, y: Item, answers: _Answers) -> bool:
    """Every word of one title (two at least) is in the other, at most twice as long, and the answers relate."""
    small, other = (x, y) if len(x.title) <= len(y.title) else (y, x)
    if len(small.title) < 2 or not small.title <= other.title or 2 * len(small.title) < len(other.title):
        return False
    return answers.containment(x.a, y.a) >= RELATED_ANSWER


def signatures(sets: list[np.ndarray]) -> np.ndarray:
    """MinHash signatures (rows of NUM_PERM values) of hashed sets, computed in batches with numpy."""
    out = np.full((len(sets), NUM_PERM), np.iinfo(np.uint64).max, dtype=np.uint64)
    start = 0
    while start < len(sets):
        end, total = start, 0
        while end < len(sets) and (total < 1_000_000 or end == start):
            total += sets[end].size
            end += 1
        chunk = [s for s in sets[start:end] if s.size]
        rows = [i for i in range(start, end) if sets[i].size]
        if chunk:
            values = np.concatenate(chunk).astype(np.uint64)
            offsets = np.cumsum([0] + [s.size for s in chunk[:-1]])
            for p in range(NUM_PERM):
                hashed = (values * _PERM_A[p] + _PERM_B[p]) % _PRIME
                out[rows, p] = np.minimum.reduceat(hashed, offsets)
        start = end
    return out


def word_weights(items: list[Item]) -> dict[str, float]:
    """Inverse document frequency of each question word over all items."""
    df: dict[str, int] = {}
    for item in items:
        for w in item.q:
            df[w] = df.get(w, 0) + 1
    n = len(items)
    return {w: math.log((n + 1) / (d + 1)) + 1.0 for w, d in df.items()}


class _Groups:
    """Union-find that keeps two writer-owned pages apart."""

    def __init__(self, n: int, anchors: list[str]):
        self.parent = list(range(n))
        self.anchors = [{a} if a else set() for a in anchors]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a == b or (self.anchors[a] and self.anchors[b]):
            return
        a, b = min(a, b), max(a, b)  # the earliest item names the group
        self.parent[b] = a
        self.anchors[a] |= self.anchors[b]


def _band_keys(sigs: np.ndarray, bands: int, rows: int, salt: int) -> np.ndarray:
    """One 64-bit key per band of each signature (rows mixed, the band and the feature salted in)."""
    key = np.full((len(sigs), bands), np.uint64(salt * 1_000_003), dtype=np.uint64)
    for r in range(rows):
        key = (key ^ sigs[:, r::rows][:, :bands]) * np.uint64(0x100000001B3)  # FNV-style mixing
        key ^= key >> np.uint64(29)
    return key + np.arange(bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)


def _candidates(keys: np.ndarray, spare: Executor | None = None, chunk: int | None = None,
                labels: np.ndarray | None = None):
    """For each row of band keys, the earlier rows it meets in a bucket, most buckets shared first.

    A bucket holds the first BUCKET_SIZE rows that have its key (floods of near-copies fold into
    them), so a row meets the earlier holders of each of its keys. Computed with numpy for
    ``chunk`` rows at a time; yields one list of row numbers per row, ordered by the number of
    buckets shared (most first), then by row, MAX_CANDIDATES at most (in a flood of near-copies,
    a row meets hundreds of earlier rows; those that share the fewest buckets are left out).

    With ``spare`` (idle worker processes) and many rows, the chunks are computed there, a few
    tasks ahead of the caller, which reads them in order. ``labels``: the caller's record, row by
    row as it goes, of the group each row was in when decided (-1: not yet). Groups only ever
    merge, so rows with one label are in one group still, and of those a row meets, only the
    first MEMBERS_PER_GROUP can be compared: the workers leave out the others.
    """
    n, width = keys.shape
    buckets = _buckets(keys)
    del keys  # (the caller passes its only reference: the keys are not needed any more)
    chunk = chunk or CHUNK_ROWS
    spans = [(first, min(n, first + chunk)) for first in range(0, n, chunk)]
    if spare is None or n < SHARED_GROUPING:
        parts = (_chunk_candidates(buckets, n, width, first, last) for first, last in spans)
        yield from _rows(parts)
        return
    with tempfile.TemporaryDirectory(prefix="helpgen-") as folder:
        # The workers map the arrays from files (they were started before the arrays existed).
        for name, array in zip(_BUCKET_ARRAYS, buckets):
            np.save(os.path.join(folder, name), array)
        del buckets
        batches = [spans[k:k + CHUNKS_PER_TASK] for k in range(0, len(spans), CHUNKS_PER_TASK)]
        futures = []
        try:
            for k, batch in enumerate(batches):
                while len(futures) < min(len(batches), k + TASKS_AHEAD):
                    # Rows before this batch are decided: their labels go with the task.
                    known = None if labels is None else labels[:batch[0][0]].copy()
                    futures.append(spare.submit(_mapped_candidates, folder, n, width, batches[len(futures)], known))
                yield from _rows(futures[k].result())
        finally:
            for future in futures:
                future.cancel()
            wait(futures)  # (no worker still reads the files when the folder goes)


def _buckets(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each position of the flattened keys: how many earlier rows hold its key (up to
    BUCKET_SIZE, one byte), where its key's run starts in key order, and the row of each position
    in key order."""
    size = keys.size
    flat = keys.ravel()
    index = np.int32 if size < 2**31 else np.int64  # half the memory on any real corpus
    order = np.argsort(flat, kind="stable").astype(index)  # equal keys stay in row order
    ranked = flat[order]
    del flat
    starts = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1]))).astype(index)
    del ranked
    start_sorted = np.repeat(starts, np.diff(np.append(starts, index(size))))
    rank, start = np.empty(size, np.uint8), np.empty(size, index)
    before = np.arange(size, dtype=index)
    before -= start_sorted
    rank[order] = np.minimum(before, BUCKET_SIZE)
    del before
    start[order] = start_sorted
    del start_sorted
    return rank, start, order // keys.shape[1]


def _chunk_candidates(buckets: tuple[np.ndarray, np.ndarray, np.ndarray], n: int, width: int,
                      first: int, last: int, labels: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The candidates of rows ``first`` to ``last``, all in one array, and where each row's start
    (``labels``: see ``_candidates``)."""
    rank, start, row_of = buckets
    count = rank[first * width:last * width].astype(np.int64)  # (capped at BUCKET_SIZE)
    occurrence = np.repeat(np.arange(count.size), count)
    offset = np.arange(occurrence.size) - np.repeat(np.cumsum(count) - count, count)
    met = row_of[start[first * width:last * width][occurrence] + offset].astype(np.int64)
    me = first + occurrence // width
    keep = met != me
    pairs, votes = np.unique((me[keep] - first) * n + met[keep], return_counts=True)
    # One sort on a packed key: row, then votes (most first), then the candidate.
    ranked = np.sort((pairs // n) * (width + 1) * n + (width - np.minimum(votes, width)) * n + pairs % n)
    row = ranked // ((width + 1) * n)
    keep = np.arange(ranked.size) - np.searchsorted(row, row) < MAX_CANDIDATES
    ranked, row = ranked[keep], row[keep]
    met = ranked % n
    if labels is not None and labels.size:
        # Rows of one known group past its first MEMBERS_PER_GROUP in a row's list: never compared.
        group = np.where(met < labels.size, labels[np.minimum(met, labels.size - 1)], -1)
        group = np.where(group >= 0, group, -1 - met)  # (a row not yet decided is a group of its own)
        order = np.lexsort((np.arange(met.size), group, row))
        run = np.concatenate(([True], (row[order][1:] != row[order][:-1]) | (group[order][1:] != group[order][:-1])))
        starts = np.flatnonzero(run)
        within = np.arange(met.size) - np.repeat(starts, np.diff(np.append(starts, met.size)))
        keep = np.empty(met.size, bool)
        keep[order] = within < MEMBERS_PER_GROUP
        met, row = met[keep], row[keep]
    bounds = np.searchsorted(row, np.arange(last - first + 1))
    return met.astype(np.int32 if n < 2**31 else np.int64), bounds


def _mapped_candidates(folder: str, n: int, width: int, spans: list[tuple[int, int]],
                       labels: np.ndarray | None) -> list:
    """``_chunk_candidates`` of each span, in a worker process, from the arrays saved in ``folder``."""
    buckets = tuple(np.load(os.path.join(folder, name + ".npy"), mmap_mode="r") for name in _BUCKET_ARRAYS)
    return [_chunk_candidates(buckets, n, width, first, last, labels) for first, last in spans]


def _rows(parts):
    """One list of candidates per row, from the chunks' (candidates, row starts) arrays."""
    for met, bounds in parts:
        met, bounds = met.tolist(), bounds.tolist()
        for k in range(len(bounds) - 1):
            yield met[bounds[k]:bounds[k + 1]]


def band_rows(items: list[Item]) -> np.ndarray:
    """The LSH band keys of each item (one row: the title's, the question's and the answer's)."""
    if not items:
        return np.zeros((0, sum(bands for bands, _ in BANDS.values())), dtype=np.uint64)
    return np.hstack([_band_keys(signatures([it.a if kind == "a" else word_hashes(getattr(it, kind)) for it in items]),
                                 *BANDS[kind], salt=n + 1) for n, kind in enumerate(BANDS)])


def group_items(items: list[Item], spare: Executor | None = None) -> list[int]:
    """For each item, the index naming its group; -1 for a weak item that joined nothing.
    ``spare``: idle worker processes, which find the candidates while this process decides."""
    weights = word_weights(items)
    for item in items:
        item.weights = weights
        item.mass = (math.fsum(map(weights.__getitem__, item.title)), math.fsum(map(weights.__getitem__, item.q)))
    # Fold items that are the same in every respect into their first occurrence.
    first_of: dict[bytes, int] = {}
    rep = [first_of.setdefault(item.digest or item.fingerprint(), i) for i, item in enumerate(items)]
    reps = sorted(set(rep))
    missing = [items[i] for i in reps if items[i].bands is None]
    for item, row in zip(missing, band_rows(missing)):
        item.bands = row
    keys = np.zeros((len(reps), len(items[reps[0]].bands) if reps else 1), dtype=np.uint64)
    for row, i in enumerate(reps):
        keys[row] = items[i].bands
        items[i].bands = None  # (used once: not kept twice while the candidates are found)
    groups = _Groups(len(items), [it.anchor for it in items])
    best: dict[int, tuple[float, int]] = {}  # weak item -> (score, -candidate)
    parent = groups.parent
    labels = np.full(len(reps), -1, dtype=np.int64)  # each row's group once decided (see _candidates)
    found = _candidates(keys, spare, labels=labels)
    del keys  # _candidates frees them once it has sorted them
    for row, (i, candidates) in enumerate(zip(reps, found)):
        compared: dict[int, int] = {}  # root -> members of it compared so far
        full = 0  # groups compared through as many members as allowed
        for m in candidates:
            if full == MAX_COMPARISONS:
                break  # no group can take another comparison
            j = reps[m]
            root = parent[j]
            if parent[root] != root:  # (most members point at their root already)
                root = groups.find(j)
            seen = compared.get(root, 0)
            if seen >= MEMBERS_PER_GROUP or (not seen and len(compared) >= MAX_COMPARISONS):
                continue
            compared[root] = seen + 1
            full += seen + 1 == MEMBERS_PER_GROUP
            _compare(i, j, items, groups, best)
        labels[row] = groups.find(i)
    roots = [groups.find(rep[i]) for i in range(len(items))]
    for i, item in enumerate(items):
        if item.weak:
            r = rep[i]
            roots[i] = roots[-best[r][1]] if r in best else -1
    return roots


def _compare(i: int, j: int, items: list[Item], groups: _Groups, best: dict) -> None:
    """Decide on one candidate pair: join the groups, or note the best match of a weak item."""
    x, y = items[i], items[j]
    if x.weak or y.weak:
        weak, other = (i, j) if x.weak else (j, i)
        if items[other].weak:
            return
        if items[weak].codes and items[other].codes and not items[weak].codes & items[other].codes:
            return
        score = question_similarity(items[weak], items[other])
        if score >= PHRASING and (score, -other) > best.get(weak, (0.0, 0)):
            best[weak] = (score, -other)
    elif groups.find(i) != groups.find(j) and same_topic(x, y):
        groups.union(i, j)
