#!/usr/bin/env python3
"""Benchmark: `helpgen generate` on deterministic scaled corpora, stage by stage.

    .venv/bin/python scripts/bench_generate.py [10000 100000 ...] [--jobs N]

For each size, a corpus is made from the bundled seeds (scripts/scaled_corpus.py)
and `helpgen generate --no-cache -v` runs on it in a fresh process into an empty
docs folder, exactly as a user runs it. Prints the wall time, entries per second,
the seconds of each stage (as the generator logs them), the peak resident memory
of the generator's own process and of its largest worker, and the topics made.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGE = re.compile(r"^helpgen: (\w+): ([0-9.]+) s$", re.M)


def measure(raw: Path, work: Path, jobs: int | None) -> dict:
    """One generate run in a child process: wall seconds, stage seconds, peak memory, topics."""
    args = [
        "generate",
        str(raw),
        "--docs-dir",
        str(work / "docs"),
        "--report",
        str(work / "report.json"),
        "--no-cache",
        "-v",
        "-q",
    ] + (["--jobs", str(jobs)] if jobs else [])
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MAIN_PEAK, *args], cwd=ROOT, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(done.stderr)
    report = json.loads((work / "report.json").read_text(encoding="utf-8"))
    peaks = json.loads(done.stderr.strip().splitlines()[-1])
    return {
        "seconds": seconds,
        "stages": {k: float(v) for k, v in STAGE.findall(done.stderr)},
        "main_mb": peaks["main"] / 1024,
        "worker_mb": peaks["workers"] / 1024,
        "topics": report["topics"],
        "entries": len(report["entries"]),
    }


# Runs the generator in this (child) process, then reports its own peak and its workers' peak.
_MAIN_PEAK = """
import json, resource, sys
from generator.cli import main
try:
    code = main(sys.argv[1:])
finally:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"main": own, "workers": workers}), file=sys.stderr)
sys.exit(code)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    ap.add_argument(
        "--jobs", type=int, default=None, help="as helpgen generate --jobs (default: one per CPU)"
    )
    args = ap.parse_args()
    from scripts.scaled_corpus import write_corpus

    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            write_corpus(n, Path(tmp) / "raw")
            r = measure(Path(tmp) / "raw", Path(tmp), args.jobs)
        stages = "  ".join(f"{k} {v:.1f}" for k, v in r["stages"].items())
        print(
            f"{r['entries']:>7} entries: {r['seconds']:6.1f} s "
            f"({r['entries'] / r['seconds']:,.0f}/s), peak {r['main_mb']:,.0f} MB "
            f"(largest worker {r['worker_mb']:,.0f} MB), {r['topics']} topics; stages (s): {stages}"
        )


if __name__ == "__main__":
    main()
