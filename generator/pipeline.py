"""The pipeline: raw files in, topic pages out. ``run()`` reads as the list of stages."""

from __future__ import annotations

from pathlib import Path

from .classify import classify_entries
from .clean import clean_entries
from .config import Config
from .merge import build_topics
from .model import RunResult
from .parse import parse_files
from .redact import redact_entries
from .words import Words
from .write import existing_pages, scan_pages, write_indexes, write_topics


def run(raw_paths: list[str], docs_dir: str | Path, config: Config) -> RunResult:
    """Generate or update the topic pages in ``docs_dir`` from ``raw_paths``."""
    result = RunResult()
    entries, problems = parse_files(raw_paths)
    result.problems.extend(problems)
    entries = redact_entries(entries, config)
    entries = clean_entries(entries, config)
    entries, problems = classify_entries(entries, config)
    result.problems.extend(problems)
    docs = Path(docs_dir)
    pages, _ = scan_pages(docs)
    plan = build_topics(entries, existing_pages(docs, pages), Words(config))
    result.fates = plan.fates
    result.topics = len(plan.topics) + len(plan.joined)
    write_topics(plan, docs, result, {e.source.file for e in entries}, pages)
    write_indexes(docs, config, result)
    for entry in entries:
        counts = result.redactions.setdefault(entry.source.file, {})
        for category, n in entry.redactions:
            counts[category] = counts.get(category, 0) + n
    return result
