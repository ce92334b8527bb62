"""The pipeline: raw files in, topic pages out. ``run()`` reads as the list of stages.

| stage    | module                 | in → out                                         |
| -------- | ---------------------- | ------------------------------------------------ |
| prepare  | ``prepare.py``         | raw files → entries and their features, per file |
|          |                        | (``parse/``, ``redact.py``, ``clean.py``,        |
|          |                        | ``classify.py``, ``features.py``)                |
| read     | ``pages.py``           | the docs folder → the pages already there        |
| group    | ``group.py``           | features → groups                                |
| merge    | ``merge.py``           | groups → topics with stable ids                  |
| relate   | ``relate.py``          | topics → topics with related topics              |
| write    | ``write.py``           | topics → pages (``render.py``), indexes          |
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .config import Config
from .features import page_features
from .group import group_items
from .merge import Plan, build_topics, grouping_order
from .model import Entry, Features, RunResult
from .pages import ExistingPage, existing_pages, scan
from .prepare import prepare
from .relate import relate_topics
from .runstate import RunState
from .write import write_indexes, write_topics


def run(
    raw_paths: list[str],
    docs_dir: str | Path,
    config: Config,
    cache_dir: str | Path | None = None,
    jobs: int | None = None,
) -> RunResult:
    """Generate or update the topic pages in ``docs_dir`` from ``raw_paths``.

    ``cache_dir``: where per-file results are kept between runs (None: nowhere).
    ``jobs``: processes for the per-file stages (default: one per CPU).
    """
    state = RunState.start(config, cache_dir, jobs)
    docs = Path(docs_dir)
    with state.stage("prepare"):
        entries, features, problems = prepare(raw_paths, state)
    with state.stage("read"):
        found, _ = scan(docs)
        existing = existing_pages(docs, found)
    plan = plan_topics(entries, features, existing, state)
    result = RunResult(plan.fates, list(problems), topics=len(plan.topics) + len(plan.joined))
    with state.stage("write"):
        write_topics(plan, docs, result, {e.source.file for e in entries}, found)
        write_indexes(docs, config, result)
    result.redactions = redaction_counts(entries)
    return result


def plan_topics(
    entries: list[Entry], features: list[Features], existing: list[ExistingPage], state: RunState
) -> Plan:
    """Group, merge and relate: the topics the entries and the pages already there make."""
    order, excluded = grouping_order(entries)
    owned = [p for p in existing if p.writer_owned or p.retired]
    with state.stage("group"):
        anchors = [page_features(p.id, p.title, p.questions, p.body, state.words) for p in owned]
        roots = group_items([features[i] for i in order] + anchors)
    with state.stage("merge"):
        members = [entries[i] for i in order]
        plan = build_topics(members, roots, [p.id for p in owned], existing, excluded)
    with state.stage("relate"):
        plan.topics = relate_topics(plan.topics, state.words)
    return plan


def redaction_counts(entries) -> dict[str, dict[str, int]]:
    """How many values of each category were hidden, per file."""
    counts: dict[str, Counter] = {}
    for entry in entries:
        counts.setdefault(entry.source.file, Counter()).update(dict(entry.redactions))
    return {file: dict(c) for file, c in counts.items()}
