"""The pipeline: raw files in, topic pages out. ``run()`` reads as the list of stages."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path

from .config import Config
from .merge import build_topics
from .model import RunResult
from .prepare import Preparation, read_cache, salt, write_cache
from .pages import reads_used, remember_reads
from .words import Words
from .write import existing_pages, scan_pages, write_indexes, write_topics

MEMO = "memo.pickle"  # beside the per-file results: segmented texts, pages read (pages.py), rendered topics


@contextmanager
def no_gc_pauses():
    """Turn off Python's cycle collector for a run.

    A run holds hundreds of thousands of long-lived objects (entries, words, pages) and makes
    few reference cycles; the collector would walk all of them again and again, a fifth of the
    run's time on a large docs folder. Reference counting still frees everything else.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run(raw_paths: list[str], docs_dir: str | Path, config: Config, cache_dir: str | Path | None = None) -> RunResult:
    """Generate or update the topic pages in ``docs_dir`` from ``raw_paths``.

    Parse, redact, clean and classify run per raw file (``prepare.py``), cached in ``cache_dir``."""
    with no_gc_pauses():
        return _run(raw_paths, docs_dir, config, cache_dir)


def _run(raw_paths: list[str], docs_dir: str | Path, config: Config, cache_dir: str | Path | None) -> RunResult:
    result = RunResult()
    pepper = salt(config) if cache_dir else b""
    words = Words(config)
    docs = Path(docs_dir)
    # Workers start on the new raw files first; this process reads the caches and the docs folder meanwhile.
    with Preparation(raw_paths, config, cache_dir, pepper=pepper, words=words) as preparation:
        memo = read_cache(Path(cache_dir) / MEMO) if cache_dir else None
        fresh = {"salt": pepper, "words": {}, "reads": {}, "rendered": {}}
        if not (isinstance(memo, dict) and memo.get("salt") == pepper and set(memo) == set(fresh)):
            memo = fresh  # made by other code: start afresh
        words.remember(memo["words"])
        remember_reads(memo["reads"])
        pages, _ = scan_pages(docs)
        entries, problems = preparation.result()
        result.problems.extend(problems)
        words.helper = preparation.segment
        plan = build_topics(entries, existing_pages(docs, pages), words, preparation.items, preparation.pool)
        words.helper = None
        result.fates = plan.fates
        result.topics = len(plan.topics) + len(plan.joined)
        write_topics(plan, docs, result, {e.source.file for e in entries}, pages, memo["rendered"], preparation.pool)
    write_indexes(docs, config, result)
    if cache_dir:
        memo.update(words=words.used(), reads=reads_used())
        write_cache(Path(cache_dir) / MEMO, memo)
    for entry in entries:
        counts = result.redactions.setdefault(entry.source.file, {})
        for category, n in entry.redactions:
            counts[category] = counts.get(category, 0) + n
    return result
