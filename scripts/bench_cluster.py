#!/usr/bin/env python3
"""Benchmark: parse + redact + clean + classify + segment + cluster on a scaled corpus.

    .venv/bin/python scripts/bench_cluster.py [10000 100000 ...]

For each size, a deterministic corpus is made from the seeds
(scripts/scaled_corpus.py) and the stages run in a fresh process, so the
printed peak memory (max RSS, workers included) belongs to that size alone.
Each size runs twice: stage by stage in one process (seconds per stage), and
as `helpgen generate` runs it (the per-file stages in one process per CPU).
Prints seconds, entries per second and topics.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def run_once(folder: str, parallel: bool) -> dict:
    from generator.config import load_config
    from generator.pipeline import no_gc_pauses
    from generator.words import Words

    config = load_config(ROOT / "site_config")
    words = Words(config)
    words.tokens("预热")  # loading the dictionary is start-up, not throughput
    with no_gc_pauses():  # as `helpgen generate` runs
        return _stages(folder, parallel, config, words)


def _stages(folder: str, parallel: bool, config, words) -> dict:
    from generator.classify import classify_entries
    from generator.clean import clean_entries
    from generator.cluster import answer_shingles, texts_to_segment, texts_to_shingle
    from generator.merge import build_topics
    from generator.parse import parse_files
    from generator.prepare import Preparation
    from generator.redact import redact_entries

    times = {}
    if parallel:
        # As `helpgen generate` runs them: per file, one process per CPU, no cache.
        t = time.perf_counter()
        with Preparation([folder], config, words=words) as preparation:
            entries, _ = preparation.result()
            times["parse..segment"] = time.perf_counter() - t
            t = time.perf_counter()
            # The workers, idle now, find the candidates as they do in `helpgen generate`.
            plan = build_topics(entries, [], words, preparation.items, preparation.pool)
            times["cluster"] = time.perf_counter() - t
        return {"entries": len(entries), "topics": len(plan.topics), "seconds": times, "peak_mb": _peak()}
    t = time.perf_counter()
    entries, _ = parse_files([folder])
    times["parse"] = time.perf_counter() - t
    t = time.perf_counter()
    entries = redact_entries(entries, config)
    times["redact"] = time.perf_counter() - t
    t = time.perf_counter()
    entries = clean_entries(entries, config)
    times["clean"] = time.perf_counter() - t
    t = time.perf_counter()
    entries, _ = classify_entries(entries, config)
    times["classify"] = time.perf_counter() - t
    t = time.perf_counter()
    for e in entries:
        for text in texts_to_segment(e):
            words.tokens(text)
        for text in texts_to_shingle(e):
            answer_shingles(text)
    times["segment"] = time.perf_counter() - t
    t = time.perf_counter()
    plan = build_topics(entries, [], words)
    times["cluster"] = time.perf_counter() - t
    return {"entries": len(entries), "topics": len(plan.topics), "seconds": times, "peak_mb": _peak()}


def _peak() -> float:
    """Largest resident size of this process or of a worker it started, in MB."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


def main(sizes: list[int]) -> None:
    from scripts.scaled_corpus import write_corpus

    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            write_corpus(n, Path(tmp))
            for mode in ("serial", "parallel"):
                out = subprocess.run([sys.executable, __file__, "--once", tmp, mode],
                                     capture_output=True, text=True, check=True)
                r = json.loads(out.stdout)
                total = sum(r["seconds"].values())
                stages = "  ".join(f"{k} {v:.1f}s" for k, v in r["seconds"].items())
                print(f"{r['entries']:>7} entries, {mode:>8}: {total:6.1f} s, {r['entries'] / total:7.0f} entries/s, "
                      f"peak {r['peak_mb']:.0f} MB, {r['topics']} topics  ({stages})")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--once":
        print(json.dumps(run_once(sys.argv[2], sys.argv[3] == "parallel")))
    else:
        main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
