"""The pipeline: raw files in, topic pages out. ``run()`` reads as the list of stages."""

from __future__ import annotations

from pathlib import Path

from .config import Config
from .merge import build_topics
from .model import RunResult
from .prepare import prepare, read_cache, salt, write_cache
from .words import Words
from .write import existing_pages, scan_pages, write_indexes, write_topics


WORDS = "words.pickle"  # segmented texts, beside the per-file results


def run(raw_paths: list[str], docs_dir: str | Path, config: Config, cache_dir: str | Path | None = None) -> RunResult:
    """Generate or update the topic pages in ``docs_dir`` from ``raw_paths``.

    Parse, redact, clean and classify run per raw file (``prepare.py``), cached in ``cache_dir``."""
    result = RunResult()
    pepper = salt(config) if cache_dir else b""
    entries, problems = prepare(raw_paths, config, cache_dir, pepper=pepper)
    result.problems.extend(problems)
    docs = Path(docs_dir)
    pages, _ = scan_pages(docs)
    words = Words(config)
    saved = read_cache(Path(cache_dir) / WORDS) if cache_dir else None
    if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == pepper:
        words.remember(saved[1])  # segmented with the same dictionary and code
    plan = build_topics(entries, existing_pages(docs, pages), words)
    if cache_dir:
        write_cache(Path(cache_dir) / WORDS, (pepper, words.used()))
    result.fates = plan.fates
    result.topics = len(plan.topics) + len(plan.joined)
    write_topics(plan, docs, result, {e.source.file for e in entries}, pages)
    write_indexes(docs, config, result)
    for entry in entries:
        counts = result.redactions.setdefault(entry.source.file, {})
        for category, n in entry.redactions:
            counts[category] = counts.get(category, 0) + n
    return result
