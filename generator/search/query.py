"""Answer a query from the prebuilt index, the way the browser worker does.

All clauses are required first; when that finds nothing, every clause becomes
optional and the best partial matches are shown (the browser marks the words
a result lacks).
"""

from __future__ import annotations

from dataclasses import dataclass

from lunr.index import Index
from lunr.query import Query, QueryPresence

from .analyzer import Analyzer, Clause

LIMIT = 30


@dataclass(frozen=True)
class Hit:
    location: str
    title: str
    text: str
    crumbs: list
    score: float


class Searcher:
    def __init__(self, payload: dict):
        self.index = Index.load(payload["index"])
        self.analyzer = Analyzer.from_lexicon(payload["lexicon"])
        self.docs = payload["docs"]

    def known(self, term: str) -> bool:
        return term in self.index.inverted_index

    def clauses(self, text: str) -> list[Clause]:
        return self.analyzer.query(text, self.known)

    def search(self, text: str, limit: int = LIMIT) -> list[Hit]:
        clauses = self.clauses(text)
        if not clauses:
            return []
        results = self._run(clauses, strict=True)
        if not results and any(c.required for c in clauses):
            results = self._run(clauses, strict=False)
        hits = []
        for result in results[:limit]:
            location, title, summary, crumbs = self.docs[int(result["ref"])]
            hits.append(Hit(location, title, summary, crumbs, round(result["score"], 3)))
        return hits

    def _run(self, clauses: list[Clause], strict: bool) -> list[dict]:
        query = self.index.create_query()
        for c in clauses:
            query.term(c.term, use_pipeline=False, edit_distance=c.fuzzy,
                       wildcard=Query.WILDCARD_TRAILING if c.prefix else Query.WILDCARD_NONE,
                       presence=QueryPresence.REQUIRED if (strict and c.required) else QueryPresence.OPTIONAL)
        results = self.index.query(query)
        # Equal scores keep index order, so the ranking is the same everywhere.
        return sorted(results, key=lambda r: (-round(r["score"], 6), int(r["ref"])))
