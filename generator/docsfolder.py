"""Reading the docs folder: every page, validated before anything in the folder changes.

A page the generator cannot act on safely (unreadable front matter, unknown product or
symptom, an id that does not match its file or its folder, an id used twice) is a
problem of severity ``error``: ``helpgen generate`` then stops and writes nothing, so a
writer's work is never lost, moved or overwritten because it could not be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from .config import Config
from .model import Problem
from .pagecheck import (
    PageText,
    placement_problem,
    read_page_text,
    schema_problems,
    taxonomy_problems,
)
from .pages import DRAFT, INDEX, LEDGER, RETIRED, Ledger, page_kind, unedited
from .yamlfile import plain


@dataclass(frozen=True)
class FoundPage:
    """A topic page read from the docs folder."""

    path: Path
    rel: str  # relative to the docs folder, POSIX
    meta: dict
    body: str
    unedited: bool  # still what the generator wrote
    text: str = ""  # the whole page
    body_line: int = 1  # the line of the body's first line

    @property
    def kind(self) -> str:
        return page_kind(self.meta)


@dataclass(frozen=True)
class ExistingPage:
    """What the merge stage knows of a topic page in the docs folder."""

    id: str
    path: str  # relative to the docs folder
    title: str
    questions: tuple[str, ...]
    body: str
    product: str
    symptom: str
    source_keys: tuple[str, ...]
    source_files: tuple[str, ...]
    first_source: tuple[str, int]
    writer_owned: bool  # edited by a writer, or written by hand
    status: str = (
        ""  # RETIRED: stays out of the site and takes no entries; DRAFT: not published yet
    )


@dataclass
class Docs:
    """The docs folder as read: its topic pages by id, the index pages of an earlier version,
    the ledger, every file in it, and what is wrong with its pages."""

    folder: Path
    shown: str = ""  # the folder as messages name it
    topics: dict[str, FoundPage] = field(default_factory=dict)
    legacy: list[Path] = field(default_factory=list)
    ledger: Ledger = field(default_factory=Ledger)
    files: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    @cached_property
    def by_path(self) -> dict[str, FoundPage]:
        return {page.rel: page for page in self.topics.values()}

    @cached_property
    def merged(self) -> dict[str, str]:
        """Id of a topic a writer merged into another page and deleted -> the id of that page:
        the page names it under ``merged:``, or (a merge of an earlier run, whose page may have
        been merged on since) the ledger redirects the deleted page's address to it."""
        out: dict[str, str] = {}
        for topic_id, page in sorted(self.topics.items()):
            for other in map(str, page.meta.get("merged") or ()):
                if other not in self.topics:
                    out.setdefault(other, topic_id)
        into = {page.rel: topic_id for topic_id, page in self.topics.items()}
        into |= {self.ledger.pages[o]["path"]: i for o, i in out.items() if o in self.ledger.pages}
        for topic_id, record in sorted(self.ledger.pages.items()):
            if topic_id in self.topics or topic_id in out:
                continue
            path = self.ledger.follow(record["path"])
            if path != record["path"] and path in into:
                out[topic_id] = into[path]
        return out

    def deleted(self) -> dict[str, dict]:
        """The pages the generator wrote that a writer deleted (not merged into another page),
        by id, as the ledger records them."""
        gone = self.ledger.deleted(set(self.topics))
        return {k: v for k, v in gone.items() if k not in self.merged}

    def redirects(self) -> dict[str, str]:
        """Old path -> new path for the site: the ledger's, and those of pages a writer moved
        or merged into another since the ledger was written."""
        moved = dict(self.ledger.redirects)
        for topic_id, record in self.ledger.pages.items():
            page = self.topics.get(topic_id)
            if page is None and topic_id in self.merged:
                page = self.topics[self.merged[topic_id]]
            if page is not None and record["path"] != page.rel:
                moved[record["path"]] = page.rel
        return Ledger(redirects=moved).final_redirects(self.files)

    def existing(self) -> list[ExistingPage]:
        """The topic pages; a page lists the sources of the topics merged into it too."""
        taken: dict[str, list[str]] = {}
        for other, into in self.merged.items():
            taken.setdefault(into, []).extend(self.ledger.pages.get(other, {}).get("keys", ()))
        return [
            _existing(topic_id, page, tuple(taken.get(topic_id, ())))
            for topic_id, page in self.topics.items()
        ]


def read_docs(
    docs: Path, config: Config, shown: str | None = None, regenerating: bool = False
) -> Docs:
    """Every page of ``docs`` (``shown``: the folder as messages name it).

    ``regenerating``: the generator is about to rewrite the pages it still owns, so a page
    it wrote and no writer edited may name a product or symptom the taxonomy no longer
    has: it is placed anew. Anywhere else (check, build) that is a problem like any other.
    """
    shown = str(docs) if shown is None else shown
    found = Docs(docs, shown, ledger=Ledger.read(docs))
    if not docs.is_dir():
        return found
    readable: list[PageText] = []
    for path in sorted(docs.rglob("*"), key=lambda p: p.parts):
        rel = path.relative_to(docs).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(docs).parts):
            continue
        found.files.add(rel)
        if path.suffix != ".md":
            continue
        page = read_page_text(path, f"{shown}/{rel}" if shown else rel, rel)
        problems = schema_problems(page, config)
        stale = taxonomy_problems(page, config)
        if stale and unedited(page.text):
            if regenerating and not problems:
                stale = []
            else:
                hint = "; the page is as generated: 'helpgen generate' places it anew"
                stale = [replace(p, message=p.message + hint) for p in stale]
        problems += stale
        found.problems += problems
        if page.meta is not None and not problems:
            if page_kind(page.meta) == INDEX:
                found.legacy.append(path)
            else:
                readable.append(page)
    _place(found, readable)
    found.problems += _merge_problems(found, readable)
    found.problems.sort(key=lambda p: (p.file, p.line))
    return found


def _place(found: Docs, pages: list[PageText]) -> None:
    """Each id belongs to one page: the one whose file is named after it (else the first). The
    others, and pages not where their front matter says, are problems."""
    by_id: dict[str, list[PageText]] = {}
    for page in pages:
        by_id.setdefault(str(page.meta["id"]), []).append(page)
    for topic_id, same in by_id.items():
        owner = next((p for p in same if p.rel.rsplit("/", 1)[-1] == f"{topic_id}.md"), same[0])
        for page in same:
            if page is not owner:
                line = page.meta.lines.get("id", 0) + 1
                why = f"id '{topic_id}' is already used by {owner.shown}; ids must be unique"
                found.problems.append(Problem(page.shown, line, why, "error"))
        misplaced = placement_problem(owner)
        if misplaced is not None:
            found.problems.append(misplaced)
        else:
            found.topics[topic_id] = _found(owner.path, owner)


def _merge_problems(found: Docs, pages: list[PageText]) -> list[Problem]:
    """What is wrong with the ``merged:`` lists: a topic merged into a page not published, into
    its own page or into two, or whose page is still there; an id the ledger never knew."""
    problems, into = [], {}
    for page in sorted(pages, key=lambda p: str(p.meta["id"])):  # (the order Docs.merged takes)
        me = str(page.meta["id"])
        if found.topics.get(me) is None or found.topics[me].rel != page.rel:
            continue
        line = page.meta.lines.get("merged", 0) + 1
        for other in map(str, page.meta.get("merged") or ()):
            if page_kind(page.meta) in (DRAFT, RETIRED):
                why = (
                    f"this page is not published (status: {page_kind(page.meta)}): the address "
                    f"of topic '{other}' would lead nowhere; merge it into a published page"
                )
            elif other == me:
                why = f"'{other}' is this page's own id; 'merged' lists other topics"
            elif other in found.topics:
                why = (
                    f"topic '{other}' is merged into this page, but its page "
                    f"{found.shown}/{found.topics[other].rel} is still there: delete it"
                )
            elif other in into:
                why = f"topic '{other}' is already merged into {into[other]}"
            elif other not in found.ledger.pages:
                why = f"no topic '{other}' is known (the ledger {found.shown}/{LEDGER} lists none)"
            else:
                into[other] = page.shown
                continue
            problems.append(Problem(page.shown, line, why, "error"))
    return problems


def _found(path: Path, page: PageText) -> FoundPage:
    return FoundPage(
        path, page.rel, plain(page.meta), page.body, unedited(page.text), page.text, page.body_line
    )


def _existing(topic_id: str, page: FoundPage, merged_keys: tuple[str, ...] = ()) -> ExistingPage:
    meta = page.meta
    sources = [s for s in meta.get("sources") or [] if isinstance(s, dict)]
    first = (
        (str(sources[0].get("file", "")), int(sources[0].get("line", 0) or 0))
        if sources
        else ("", 0)
    )
    return ExistingPage(
        id=topic_id,
        path=page.rel,
        title=str(meta.get("title", "")),
        questions=tuple(str(q) for q in meta.get("questions") or []),
        body=page.body,
        product=str(meta.get("product", "")),
        symptom=str(meta.get("symptom", "")),
        source_keys=tuple(
            dict.fromkeys([*(str(s.get("key", "")) for s in sources if s.get("key")), *merged_keys])
        ),
        source_files=tuple(str(s.get("file", "")) for s in sources),
        first_source=first,
        writer_owned=not page.unedited,
        status=page.kind if page.kind in (RETIRED, DRAFT) else "",
    )
