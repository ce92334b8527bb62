#!/usr/bin/env python3
"""Benchmark: generate + strict MkDocs build of scaled sites.

    .venv/bin/python scripts/bench_site.py [1000 5000 10000]

For each size, raw data with that many distinct topics is made from the
seeds (each variant names its own error code, so none merge), then
`helpgen build` runs in a fresh process. Prints build seconds (generate and
MkDocs apart), seconds per topic, HTML bytes per topic page (mean and
largest), site bytes per topic and peak memory; then the time to regenerate
after one new raw file of 100 entries.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def write_distinct(n: int, folder: Path, start: int = 0, name: str = "topics") -> None:
    from scripts.scaled_corpus import seeds, synonym_swapper, vary

    base = seeds()
    rng = random.Random(n + start)
    swap = synonym_swapper(rng)
    folder.mkdir(parents=True, exist_ok=True)
    for chunk in range(0, n, 1000):
        parts = []
        for k in range(chunk, min(n, chunk + 1000)):
            seed = dict(base[(start + k) % len(base)])
            code = 10000 + start + k
            seed["title"] = f"{seed['title']}（错误码 {code}）"
            seed["description"] = f"报错 {code}：{seed['description']}"
            parts.append(vary(seed, rng, swap))
        (folder / f"{name}-{chunk // 1000:05d}.txt").write_text("\n".join(parts), encoding="utf-8")


def scaled_work(n: int, work: Path) -> None:
    """A site folder with the project's configuration and theme, and raw data of ``n`` distinct
    topics."""
    import shutil

    for name in ("site_config", "overrides"):
        shutil.copytree(ROOT / name, work / name)
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    write_distinct(n, work / "raw")


def timed_build(work: Path, raw: Path, generate_only: bool = False) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--once",
        str(work),
        str(raw),
        "generate" if generate_only else "build",
    ]
    return json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def once(work: str, raw: str, what: str) -> dict:
    import contextlib
    import io
    import os

    from generator.config import load_config
    from generator.pipeline import run
    from generator.report import write_report
    from generator.site import build_site

    os.chdir(work)
    config = load_config(Path(work) / "site_config")
    t = time.perf_counter()
    result = run([raw], "docs_src", config, "build/cache")  # as `helpgen generate` does
    write_report(result, "report.json")
    generate = time.perf_counter() - t
    build = 0.0
    if what == "build":
        t = time.perf_counter()
        with contextlib.redirect_stderr(io.StringIO()):
            build_site("mkdocs.yml", "docs_src", "site")
        build = time.perf_counter() - t
    return {
        "generate": generate,
        "build": build,
        "topics": result.topics,
        "peak_mb": max(
            resource.getrusage(who).ru_maxrss
            for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        )
        / 1024,
    }


def main(sizes: list[int]) -> None:
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            scaled_work(n, work)
            r = timed_build(work, work / "raw")
            pages = [p for p in (work / "site").rglob("index.html") if len(p.parent.name) == 10]
            html = [p.stat().st_size for p in pages]
            total = sum(p.stat().st_size for p in (work / "site").rglob("*") if p.is_file())
            seconds = r["generate"] + r["build"]
            print(
                f"{r['topics']:>6} topics: {seconds:6.1f} s (generate {r['generate']:.1f} s, "
                f"MkDocs {r['build']:.1f} s), {seconds / r['topics'] * 1000:.1f} ms/topic, "
                f"HTML per topic page {sum(html) / len(html) / 1024:.1f} KB "
                f"(largest {max(html) / 1024:.1f} KB), "
                f"site {total / r['topics'] / 1024:.1f} KB/topic, "
                f"peak {r['peak_mb']:.0f} MB"
            )
            write_distinct(100, work / "raw", start=n, name="new")
            again = timed_build(work, work / "raw", generate_only=True)
            print(f"        + 100 new entries: generate {again['generate']:.1f} s")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--once":
        print(json.dumps(once(*sys.argv[2:5])))
    else:
        main([int(a) for a in sys.argv[1:]] or [1000, 5000, 10000])
