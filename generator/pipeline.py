"""The pipeline: raw files in, topic pages out. ``run()`` reads as the list of stages.

| stage    | module          | in → out                                                  |
| -------- | --------------- | --------------------------------------------------------- |
| read     | ``docsfolder``  | the docs folder → its pages, validated (nothing changes   |
|          |                 | when one cannot be read)                                  |
| prepare  | ``prepare``     | raw files → entries and their features, per file          |
|          |                 | (``parse/``, ``redact``, ``clean``, ``classify``,         |
|          |                 | ``features``)                                             |
| group    | ``group``       | features → groups                                         |
| merge    | ``merge``       | groups → topics with stable ids                           |
| write    | ``write``       | topics → changes to the docs folder (``render``)          |

What one page shows of the others (indexes, related topics, redirects) is made when the
site is built (``plugin.py``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .config import Config
from .docsfolder import Docs, read_docs
from .errors import InputError
from .features import page_features
from .group import group_items
from .merge import Plan, build_topics, grouping_order
from .model import Entry, Features, RunResult
from .pages import RETIRED, source_key
from .parse import shown_path
from .prepare import prepare, source_name
from .report import writers_queue
from .runstate import RunState
from .topic import Answers
from .write import apply_changes, plan_changes


def run(
    raw_paths: list[str],
    docs_dir: str | Path,
    config: Config,
    cache_dir: str | Path | None = None,
    jobs: int | None = None,
    dry_run: bool = False,
    progress: bool = False,
) -> RunResult:
    """Generate or update the topic pages in ``docs_dir`` from ``raw_paths``.

    ``cache_dir``: where per-file results are kept between runs (None: nowhere).
    ``jobs``: processes for the per-file stages (default: one per CPU).
    ``dry_run``: work out what would change, change nothing. ``progress``: show progress bars.
    Raises InputError, with every problem, when a page of ``docs_dir`` cannot be read.
    """
    state = RunState.start(config, cache_dir, jobs, progress)
    with state.stage("read"):
        docs = read_docs(Path(docs_dir), config, str(docs_dir), regenerating=True)
        if any(p.severity == "error" for p in docs.problems):
            raise InputError(docs.problems)
    with state.stage("prepare"):
        entries, features, problems = prepare(raw_paths, state)
    plan = plan_topics(entries, features, docs, state)
    with state.stage("write"):
        live = {source_key(f.source.key) for f in plan.fates if f.topic}
        roots = {source_name(shown_path(p), config) for p in raw_paths}
        outcome = plan_changes(plan, docs, live, {e.source.file for e in entries}, roots)
        if not dry_run:
            apply_changes(docs.folder, outcome.changes)
    return RunResult(
        plan.fates,
        list(docs.problems) + list(problems),
        outcome,
        topics=len(plan.topics) + len(plan.joined),
        redactions=redaction_counts(entries),
        queue=writers_queue(plan.topics, outcome.drafts),
    )


def plan_topics(
    entries: list[Entry], features: list[Features], docs: Docs, state: RunState
) -> Plan:
    """Group and merge: the topics the entries and the pages already there make."""
    existing = docs.existing()
    deleted = docs.deleted()
    lister = {k: p.id for p in existing for k in p.source_keys}
    # (an entry of a deleted page that a page in the folder lists is that page's: a writer
    # merged it there, maybe through a page merged since)
    gone = {k for record in deleted.values() for k in record["keys"]} - set(lister)
    order, excluded = grouping_order(entries, gone)
    owned = [p for p in existing if p.writer_owned or p.status == RETIRED]
    with state.stage("group"):
        anchors = [
            page_features(p.id, p.title, p.questions, p.body, p.product, state.words) for p in owned
        ]
        listed = [lister.get(source_key(entries[i].source.key), "") for i in order]
        items = [features[i] for i in order] + anchors
        roots, phrasings = group_items(items, listed + [p.id for p in owned])
    with state.stage("merge"):
        members = [entries[i] for i in order]
        answers = Answers([features[i].full for i in order], phrasings)
        owned_ids = [p.id for p in owned]
        reserved = set(deleted) | set(docs.merged)  # (no new topic takes a writer's old id)
        return build_topics(members, answers, roots, owned_ids, existing, excluded, reserved)


def redaction_counts(entries: list[Entry]) -> dict[str, dict[str, int]]:
    """How many values of each category were hidden, per file."""
    counts: dict[str, Counter] = {}
    for entry in entries:
        counts.setdefault(entry.source.file, Counter()).update(dict(entry.redactions))
    return {file: dict(c) for file, c in counts.items()}
