"""Answer a query from the prebuilt index, exactly as the browser worker does.

One lunr query with every clause optional gives the candidates and their BM25
scores (which already weigh rare words more). Each result is then weighed by
its coverage, the share of the query's words it contains, and its score is
multiplied by coverage squared: the important words are required softly, so a
page that lacks one word the customer used (不正常 where the page says 异常)
still ranks, below the pages that have them all. Results covering less than
30% of the words are left out, unless nothing covers more.

A compound the customer typed (an address, an identifier) is looked for whole and by its
parts; a page that has only some of its parts has that share of it (uhub of
uhub.service.ucloud.cn is a quarter). The parts of a page's own compounds are a field of their
own (``index.PARTS``), and a query word found only there counts PART_SHARE of itself: login is
no word of a page whose code is ERR_SERVER_SSO_INVALID_LOGIN_STATUS.

A word with three digits in a row (an error code the customer pasted) counts twice in the
coverage.

What a question asks counts too (search.yml's intents: how, a limit, the cost, where to
check; ``Analyzer.intents_in``). On a page whose title asks it, the query's words that
ask it count as found (最多 on a page titled 上限); an intent the query asks only with words
that are no clause (怎么, 多少钱) is one more word of its coverage, found on those pages.

On a large site the words on more than COMMON_SHARE of the pages bring no pages to a query
(they cost the most to look up and say little about which page is meant), but they are words
of the query all the same: found where a page's own text has them (not its product's or
symptom's name: 直播 of 直播云 is on every page of live streaming).

The product in the query wins: when the query names a product of the taxonomy (its name or
an alias, ``Analyzer.products_in``), the word that names it is one of the query's words (even
when no page has it: alb) and counts as found on that product's pages, and those of them that
have another word of the query score three times as much; a page of another product that lacks
the product's name loses that word's share of the coverage. The vendor in the query wins the
same way: a vendor's name or alias (vendors.yml: 七牛, upyun, 腾讯云; ``Analyzer.vendors_in``) is
one of the query's words (for the words cut from it too: 腾讯 of 腾讯云), found on that vendor's
pages (the page's ``vendor``) whether or not they say it, and those of them that have another
word of the query score three times as much (on top of the product's). Ties keep index order,
so the ranking is the same here and in the browser
(overrides/assets/javascripts/helpgen/search-worker.js).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lunr.index import Index
from lunr.query import Query, QueryPresence

from .analyzer import Analyzer, Clause, one_edit
from .index import unpack

LIMIT = 30
MIN_COVERAGE = 0.3
# On a site of COMMON_SITE pages or more, a word on more than COMMON_SHARE of them says little
# about which page is meant and costs the most to look up: it brings no pages (unless the query
# has nothing else), and counts where a page's own text has it (Searcher.has).
COMMON_SITE = 200
COMMON_SHARE = 0.3
PRODUCT_BOOST = 3  # the pages of a product the query names (see the module's docstring)
VENDOR_BOOST = 3  # the pages of a vendor the query names
# An error code the customer pasted (three digits or more: 503, -1307, 42900001, ecs.0011) says
# more about the page wanted than any other word: it counts twice in the coverage.
CODE_WEIGHT = 2
_CODE = re.compile(r"[0-9]{3}")
PARTS = "parts"  # index.PARTS: the field of the parts of a page's compounds
OWN_FIELDS = ("title", "questions", "codes", "body")  # a page's own text (index.FIELDS)
PART_SHARE = 0.5
INTENT = "@"  # the unit of an intent asked with no clause's words: "@how"


@dataclass(frozen=True)
class Hit:
    location: str
    title: str
    text: str
    crumbs: list
    score: float
    missing: tuple[str, ...] = ()


def covers(clause: Clause, term: str) -> bool:
    """Whether a term the index matched comes from this clause."""
    if term == clause.term:
        return True
    if clause.prefix:
        return term.startswith(clause.term)
    return clause.fuzzy > 0 and one_edit(term, clause.term)


def shares(clauses: list[Clause], matched: dict[str, dict]) -> dict[str, float]:
    """How much of each query word a page has (``matched``: the terms it matched -> their
    fields): all of it when one of its clauses matched, else, for a compound looked for by its
    parts, the share of its parts the page has; a term matched only among the parts of the
    page's own compounds (its identifiers) counts PART_SHARE of that.

    >>> c = [Clause("uhub", True, unit="uhub.ucloud.cn", parts=2), Clause("cn", True, unit="cn")]
    >>> shares(c, {"uhub": {"title": {}}, "cn": {"parts": {}}})
    {'uhub.ucloud.cn': 0.5, 'cn': 0.5}
    """
    out: dict[str, float] = {}
    for c in clauses:
        hit = [fields for t, fields in matched.items() if covers(c, t)]
        if c.required and hit:
            whole = any(set(fields) - {PARTS} for fields in hit)
            share = (1 / c.parts if c.parts else 1.0) * (1.0 if whole else PART_SHARE)
            out[c.unit] = min(1.0, out.get(c.unit, 0.0) + share)
    return out


def intent_units(intents: dict[str, list[str]], words: list[str]) -> dict[str, list[str]]:
    """For each intent a query asks (-> the words it asks it with), the units it stands for:
    the query's words that are or hold one of those words, or else ``@intent``.

    >>> intent_units({"limit": ["最多"], "how": ["怎么"]}, ["最多", "直播"])
    {'limit': ['最多'], 'how': ['@how']}
    """
    out = {}
    for intent, said in intents.items():
        units = [u for u in words if any(w in u or u in w for w in said)]
        out[intent] = units or [INTENT + intent]
    return out


class Searcher:
    def __init__(self, payload: dict):
        self.index = Index.load(unpack(payload["index"]))
        self.analyzer = Analyzer.from_lexicon(payload["lexicon"])
        self.docs = payload["docs"]
        terms, df = payload["index"]["terms"], payload["index"]["df"]
        self.df = {entry[0]: n for entry, n in zip(terms, df, strict=True)}
        products = payload.get("products") or {"keys": [""], "of": [0] * len(self.docs)}
        self.product_of = [products["keys"][n] for n in products["of"]]
        vendors = payload.get("vendors") or {"keys": [""], "of": [0] * len(self.docs)}
        self.vendor_of = [vendors["keys"][n] for n in vendors["of"]]
        self._asks: dict[int, set[str]] = {}

    def asks(self, ref: int) -> set[str]:
        """The intents a page's title asks (worked out when a query first finds the page)."""
        if ref not in self._asks:
            self._asks[ref] = set(self.analyzer.intents_in(self.docs[ref][1]))
        return self._asks[ref]

    def telling(self, clauses: list[Clause]) -> list[Clause]:
        """The clauses that bring pages: without the site's most common words (COMMON_SHARE)."""
        if len(self.docs) < COMMON_SITE:
            return clauses
        limit = COMMON_SHARE * len(self.docs)
        kept = [c for c in clauses if c.prefix or c.fuzzy or self.df.get(c.term, 0) <= limit]
        return kept or clauses

    def known(self, term: str) -> bool:
        return term in self.index.inverted_index

    def clauses(self, text: str) -> list[Clause]:
        return self.analyzer.query(text, self.known)

    def has(self, ref: int, term: str) -> bool:
        """Whether a page's own text has a term: its title, phrasings, codes or answer (not the
        product, symptom and tags every page of its kind shares, nor its compounds' parts)."""
        posting = self.index.inverted_index.get(term, {})
        return any(str(ref) in posting.get(name, ()) for name in OWN_FIELDS)

    def search(self, text: str, limit: int = LIMIT) -> list[Hit]:
        every = self.clauses(text)
        clauses = self.telling(every)
        if not clauses:
            return []
        common = [c for c in every if c.required and c not in clauses]
        words = list(dict.fromkeys(c.unit for c in every if c.required))
        asked = intent_units(self.analyzer.intents_in(text), words)
        words += [u for units in asked.values() for u in units if u.startswith(INTENT)]
        named = self.analyzer.products_in(text, self.known)
        words += [u for u in named if u not in words]  # alb, though no page says it
        vendors = self.analyzer.vendors_in(text)
        # (the vendor's name stands for the words cut from it: 腾讯 and 拍云 of 腾讯云, 又拍云)
        words = [u for u in words if not any(u in v for v in vendors)] + list(vendors)
        weight = {u: CODE_WEIGHT if _CODE.search(u) else 1 for u in words}
        total = sum(weight.values())
        others = set(words) - set(named) - set(vendors)
        ranked = []
        for result in self._run(clauses):
            matched = result["match_data"].metadata
            ref = int(result["ref"])
            share = shares(clauses, matched)
            share.update({c.unit: 1.0 for c in common if self.has(ref, c.term)})
            product = self.product_of[ref]
            share.update({u: 1.0 for u, key in named.items() if key == product and u in words})
            vendor = self.vendor_of[ref]
            share.update({u: 1.0 for u, key in vendors.items() if key == vendor})
            for intent in self.asks(ref) & set(asked):
                share.update(dict.fromkeys(asked[intent], 1.0))
            found = set(share)
            have = sum(weight[u] * share[u] for u in found if u in weight)
            coverage = have / total if total else 1.0
            also = bool(found & others or not others)  # (another word of the query is here)
            boost = PRODUCT_BOOST if product in named.values() and also else 1
            if vendor in vendors.values() and also:
                boost *= VENDOR_BOOST
            missing = tuple(u for u in words if u not in found and not u.startswith(INTENT))
            score = round(result["score"] * coverage * coverage * boost, 6)
            ranked.append((score, coverage, ref, missing))
        if not ranked:
            return []
        floor = min(MIN_COVERAGE, max(r[1] for r in ranked))
        kept = sorted((r for r in ranked if r[1] >= floor - 1e-9), key=lambda r: (-r[0], r[2]))
        hits = []
        for score, _, ref, missing in kept[:limit]:
            location, title, summary, crumbs = self.docs[ref]
            hits.append(Hit(location, title, summary, crumbs, score, missing))
        return hits

    def _run(self, clauses: list[Clause]) -> list[dict]:
        query = self.index.create_query()
        for c in clauses:
            query.term(
                c.term,
                use_pipeline=False,
                edit_distance=c.fuzzy,
                wildcard=Query.WILDCARD_TRAILING if c.prefix else Query.WILDCARD_NONE,
                presence=QueryPresence.OPTIONAL,
            )
        return self.index.query(query)
