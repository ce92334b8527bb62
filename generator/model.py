"""The one data model every pipeline stage passes along.

Values are frozen dataclasses: a stage returns new values (``dataclasses.replace``)
instead of mutating, so any stage can be tested on its own with plain values.
Every entry keeps the file and line it came from until the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

CUSTOMER = "customer"
AGENT = "agent"

PUBLISHED = "published"
MERGED = "merged"
DRAFTED = "drafted"  # in a topic written as a draft: its question waits for a writer's answer
EXCLUDED = "excluded"


@dataclass(frozen=True)
class SourceRef:
    """Where a raw entry starts: the path as given on the command line, 1-based line."""

    file: str
    line: int
    title: str
    key: str = ""  # hash of the raw entry's text (see parse.raw_key): stable across runs


@dataclass(frozen=True)
class Message:
    """One turn of a support conversation."""

    speaker: str  # CUSTOMER or AGENT
    text: str
    line: int


@dataclass(frozen=True)
class FollowUp:
    """A later question of the customer and the knowledge of the support side's answer to it."""

    question: str  # plain text, a short question ('' when the customer only described more)
    answer: str  # Markdown


@dataclass(frozen=True)
class StatedCause:
    """The cause the support side's leading reply states, kept beside the answer: what the page
    shows when the dataset's own cause proves boilerplate (``topic.make_topic``)."""

    cause_md: str
    rest_md: str  # the leading reply without it
    in_followup: bool = False  # the leading reply is the first follow-up's (no answer before)


@dataclass(frozen=True)
class Entry:
    """A question with its answer, from parsing through classification.

    The parser fills the raw fields; ``clean`` fills the Markdown fields;
    ``classify`` fills product and symptom. Text fields hold plain text until
    ``clean`` turns them into safe Markdown (``answer_md`` and friends).
    """

    source: SourceRef
    kind: str  # "ticket" or "faq"
    title: str
    description: str = ""
    category: tuple[str, ...] = ()  # raw (product, subcategory) as written
    tags: tuple[str, ...] = ()
    messages: tuple[Message, ...] = ()
    body: str = ""  # FAQ: the section's Markdown
    context: tuple[str, ...] = ()  # FAQ: headings of the enclosing sections, outermost first
    cause: str = ""
    # FAQ: the product key the page and its source name (front matter, title, file or folder
    # names, site_config/sources.yml); "" when they name none. Set by parse (parse/product.py);
    # classify takes it over the page's keywords.
    page_product: str = ""
    # The vendor whose page or ticket dump the raw file is (a key of site_config/vendors.yml;
    # "" when nothing says): set by prepare for the whole file (vendor.py).
    vendor: str = ""
    # Filled by clean:
    question_md: str = ""
    answer_md: str = ""
    followups: tuple[FollowUp, ...] = ()
    cause_md: str = ""
    stated: StatedCause | None = None  # when the dataset gives a cause too, or no answer leads
    links: tuple[tuple[str, str], ...] = ()  # (text, url) worth listing as related
    summary_md: str = ""  # the first reply that carries knowledge ("": the answer)
    asked: str = ""  # the first clear question of the description, cleaned (topic.first_question)
    # Filled by redact:
    redactions: tuple[tuple[str, int], ...] = ()  # (category, count)
    # Filled by classify:
    product: str = ""
    symptom: str = ""
    sure_product: str = ""  # the product when the content alone says so ("": only the category did)
    # Set by any stage that decides the entry must not become a page:
    excluded: str = ""
    no_knowledge: bool = (
        False  # the answer carries nothing reusable; may join a topic as a phrasing
    )


@dataclass(frozen=True, eq=False)
class Features:
    """What grouping compares of one entry, or of a page a writer owns (see ``features.py``)."""

    title: frozenset[str]  # words of the title
    question: frozenset[str]  # words of the title and the start of the description
    answer: np.ndarray  # sorted 4-gram hashes of the answer
    full: np.ndarray  # ... of the answer and the answers to follow-up questions
    codes: frozenset[str]  # error codes and identifiers the question names
    page: str = ""  # the FAQ file a section comes from
    weak: bool = False  # no reusable knowledge: never seeds or bridges a group
    anchor: str = ""  # id of an existing page a writer owns
    product: str = ""  # the product its content says ("": unsure); groups never cross products
    stance: int = 0  # the answer says yes (1) or no (-1) at its start: the two never merge
    pending: frozenset[str] = frozenset()  # the symptoms its question reports stuck (see features)
    digest: bytes = b""  # equal digests: the same for every decision
    bands: np.ndarray | None = None  # LSH band keys


@dataclass(frozen=True)
class Problem:
    """Something wrong in the input, always tied to a file and line."""

    file: str
    line: int
    message: str
    severity: str = "warning"  # "warning" or "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class FileResult:
    """One raw file after the per-file stages: its entries, what was wrong, and what grouping
    compares of each entry (in the order of the entries)."""

    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]
    features: tuple[Features, ...]


@dataclass(frozen=True)
class Topic:
    """One page: one or more entries that ask the same thing."""

    id: str
    title: str
    product: str
    symptom: str
    tags: tuple[str, ...]
    questions: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    question_md: str
    answer_md: str
    followups: tuple[FollowUp, ...] = ()
    cause_md: str = ""
    links: tuple[tuple[str, str], ...] = ()
    draft: bool = False  # no answer to publish yet: a page for writers, not for customers
    answered_by: SourceRef | None = None  # the entry whose answer the page shows
    summary_md: str = ""  # what the one-line summary is made from ("": the answer)
    related: tuple[str, ...] = ()  # ids of related topics, most related first
    vendor: str = ""  # whose answer the page shows (vendors.yml key; "": unknown): vendor.py


@dataclass(frozen=True)
class Fate:
    """What became of one raw entry, for the report."""

    source: SourceRef
    fate: str  # PUBLISHED, MERGED, DRAFTED or EXCLUDED
    topic: str | None = None
    reason: str | None = None


@dataclass
class RunResult:
    """Everything a run produced, for the report and the CLI summary. ``outcome``: what it did
    (or, in a dry run, would do) to the docs folder (a ``write.Outcome``)."""

    fates: list[Fate]
    problems: list[Problem]
    outcome: object
    topics: int = 0
    redactions: dict[str, dict[str, int]] = field(default_factory=dict)  # file -> category -> n
    queue: list[dict] = field(default_factory=list)  # the drafts, most asked first (report.py)
