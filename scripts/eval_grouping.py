#!/usr/bin/env python3
"""B-cubed precision and recall of grouping, on the bundled tickets and by volume.

    .venv/bin/python scripts/eval_grouping.py [1000 20000 100000] [--keep DIR] [--show]
                                              [--long-tail]

First the bundled data: `helpgen generate` runs on data/raw/qiniu-support-qa-part15.txt and
its report is compared with the hand labels (tests/fixtures/labels/tickets.yml: entries
sharing a ``question`` id ask the same question). Then, for each size, a labelled scaled
corpus of that many entries is written (scripts/scaled_corpus.py, whose ``.origins.tsv``
gives each entry's label) and generated the same way, timed.

Every run goes through the CLI in a fresh process, exactly as a user runs it. Figures are
taken over the entries that ended in a topic (published, merged or drafted):

- B-cubed precision: for each entry, the share of its topic that has its label;
  B-cubed recall: the share of the entries with its label that are in its topic;
  both averaged over entries. (Pairwise figures too, for the bundled data.)
- questions: labelled questions among those entries; topics: topics they make.
- largest topic / largest question: the size of the biggest topic and of the biggest
  labelled question, with their share of those entries (a topic far bigger than any
  question means grouping chained unrelated questions together).
- excluded: share of all entries the generator excluded; seconds: wall time of generate.

``--show`` lists, for the bundled data, the topics that mix labelled questions and the
questions split over several topics, and for each scaled run its largest topics by label.
``--long-tail`` also runs each size on a corpus whose seeds are asked as real questions are
(a few very often, most a few times: Zipf), where modularity's resolution limit would show.
``--keep DIR`` keeps each run's raw files, pages and report under DIR/<run>/.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUNDLED = ROOT / "data" / "raw" / "qiniu-support-qa-part15.txt"
LABELS = ROOT / "tests" / "fixtures" / "labels" / "tickets.yml"
IN_TOPIC = {"published", "merged", "drafted"}
COLUMNS = [
    ("run", 8),
    ("entries", 7),
    ("in topics", 9),
    ("excluded", 8),
    ("questions", 9),
    ("topics", 6),
    ("largest topic", 15),
    ("largest question", 16),
    ("B3 precision", 12),
    ("B3 recall", 9),
    ("seconds", 7),
]


@dataclass(frozen=True)
class Placed:
    """One raw entry: its label and what the generator made of it."""

    file: str
    line: int
    title: str
    question: str
    fate: str
    topic: str | None


def generate(raw: Path, work: Path) -> tuple[dict, float]:
    """`helpgen generate` on ``raw`` into ``work``: the report and the wall seconds it took."""
    report = work / "report.json"
    cmd = [sys.executable, "-m", "generator", "generate", str(raw)]
    cmd += ["--docs-dir", str(work / "docs"), "--report", str(report), "--no-cache", "-q"]
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    # Exit 1 means problems in the content (warnings are normal in support dumps); the
    # report is still written. Anything else is a failure of the run itself.
    if done.returncode not in (0, 1) or not report.is_file():
        raise SystemExit(f"helpgen generate {raw} failed ({done.returncode}):\n{done.stderr}")
    return json.loads(report.read_text(encoding="utf-8")), seconds


def place(report: dict, label_of: dict[tuple[str, int], str]) -> list[Placed]:
    """The report's entries with their labels; every entry must have one, and vice versa."""
    placed, unlabelled = [], []
    for e in report["entries"]:
        key = (Path(e["file"]).name, e["line"])
        if key not in label_of:
            unlabelled.append(f"{e['file']}:{e['line']}")
            continue
        placed.append(Placed(key[0], key[1], e["title"], label_of[key], e["fate"], e.get("topic")))
    missing = len(label_of) - len(placed)
    if unlabelled or missing:
        raise SystemExit(
            f"report and labels disagree: {len(unlabelled)} entries without a label "
            f"({', '.join(unlabelled[:5])}), {missing} labels without an entry"
        )
    return placed


def bundled_labels() -> dict[tuple[str, int], str]:
    items = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    return {(BUNDLED.name, item["line"]): item["question"] for item in items}


def scaled_labels(folder: Path) -> dict[tuple[str, int], str]:
    from scripts.scaled_corpus import ORIGINS

    with (folder / ORIGINS).open(encoding="utf-8", newline="") as f:
        return {
            (row["file"], int(row["line"])): row["question"]
            for row in csv.DictReader(f, delimiter="\t")
        }


def measure(placed: list[Placed]) -> dict:
    """B-cubed and pairwise figures over the entries that ended in a topic."""
    kept = [p for p in placed if p.fate in IN_TOPIC]
    n = len(kept)
    topic_size = Counter(p.topic for p in kept)
    label_size = Counter(p.question for p in kept)
    both = Counter((p.topic, p.question) for p in kept)
    # Each of the c entries of a (topic, label) cell shares its topic and its label with c.
    precision = sum(c * c / topic_size[t] for (t, _), c in both.items()) / n if n else 1.0
    recall = sum(c * c / label_size[q] for (_, q), c in both.items()) / n if n else 1.0
    linked = sum(math.comb(c, 2) for c in topic_size.values())
    same = sum(math.comb(c, 2) for c in label_size.values())
    right = sum(math.comb(c, 2) for c in both.values())
    return {
        "entries": len(placed),
        "in_topics": n,
        "excluded": sum(p.fate == "excluded" for p in placed) / len(placed),
        "questions": len(label_size),
        "topics": len(topic_size),
        "largest_topic": max(topic_size.values(), default=0),
        "largest_question": max(label_size.values(), default=0),
        "b3_precision": precision,
        "b3_recall": recall,
        "pair_precision": right / linked if linked else 1.0,
        "pair_recall": right / same if same else 1.0,
        "pairs": (right, linked, same),
    }


def header() -> str:
    return " | ".join(f"{name:>{width}}" for name, width in COLUMNS)


def row(run: str, m: dict, seconds: float) -> str:
    n = m["in_topics"] or 1
    cells = [
        run,
        f"{m['entries']:,}",
        f"{m['in_topics']:,}",
        f"{m['excluded']:.1%}",
        f"{m['questions']:,}",
        f"{m['topics']:,}",
        f"{m['largest_topic']:,} ({m['largest_topic'] / n:.1%})",
        f"{m['largest_question']:,} ({m['largest_question'] / n:.1%})",
        f"{m['b3_precision']:.3f}",
        f"{m['b3_recall']:.3f}",
        f"{seconds:.1f}",
    ]
    return " | ".join(f"{c:>{w}}" for c, (_, w) in zip(cells, COLUMNS))


def show_bundled(placed: list[Placed]) -> None:
    """Topics that mix labelled questions, and questions split over several topics."""
    kept = [p for p in placed if p.fate in IN_TOPIC]
    by_topic: dict[str, list[Placed]] = defaultdict(list)
    by_question: dict[str, list[Placed]] = defaultdict(list)
    for p in kept:
        by_topic[p.topic].append(p)
        by_question[p.question].append(p)
    mixed = {t: ps for t, ps in by_topic.items() if len({p.question for p in ps}) > 1}
    print(f"\nbundled: {len(mixed)} topics mix labelled questions")
    for topic, ps in sorted(mixed.items(), key=lambda kv: kv[1][0].line):
        print(f"  topic {topic}:")
        for p in ps:
            print(f"    {p.line:>5}  {p.question:<32} {p.title}")
    split = {q: ps for q, ps in by_question.items() if len({p.topic for p in ps}) > 1}
    print(f"\nbundled: {len(split)} questions split over several topics")
    for question, ps in sorted(split.items(), key=lambda kv: kv[1][0].line):
        print(f"  {question}:")
        for p in ps:
            print(f"    {p.line:>5}  topic {p.topic}  {p.title}")
    excluded = [p for p in placed if p.fate not in IN_TOPIC]
    print(f"\nbundled: {len(excluded)} entries excluded")
    for p in excluded:
        print(f"    {p.line:>5}  {p.question:<32} {p.title}")


def show_scaled(run: str, placed: list[Placed], top: int = 3) -> None:
    """The largest topics of a scaled run and the labels they hold."""
    kept = [p for p in placed if p.fate in IN_TOPIC]
    size = Counter(p.topic for p in kept)
    labels: dict[str, Counter] = defaultdict(Counter)
    for p in kept:
        labels[p.topic][p.question] += 1
    print(f"\n{run}: largest topics")
    for topic, n in size.most_common(top):
        held = labels[topic]
        common = ", ".join(f"{q} {c}" for q, c in held.most_common(4))
        print(f"  topic {topic}: {n:,} entries, {len(held)} questions ({common}, ...)")


def run_bundled(work: Path, show: bool) -> None:
    report, seconds = generate(BUNDLED, work)
    placed = place(report, bundled_labels())
    m = measure(placed)
    print(row("bundled", m, seconds), flush=True)
    right, linked, same = m["pairs"]
    print(
        f"{'':>8}   pairwise precision {m['pair_precision']:.3f} ({right}/{linked} pairs in one "
        f"topic ask the same question), recall {m['pair_recall']:.3f} ({right}/{same} pairs "
        "that ask the same question share a topic)",
        flush=True,
    )
    if show:
        show_bundled(placed)
        print("\n" + header())


def run_scaled(n: int, work: Path, show: bool, long_tail: bool = False, draw: int = 0) -> None:
    from scripts.scaled_corpus import write_corpus

    raw = work / "raw"
    write_corpus(n, raw, long_tail=long_tail, draw=draw)
    report, seconds = generate(raw, work)
    placed = place(report, scaled_labels(raw))
    name = f"{n:,}" + ("z" if long_tail else "") + (f" d{draw}" if draw else "")
    print(row(name, measure(placed), seconds), flush=True)
    if show:
        show_scaled(f"{n:,}", placed)
        print("\n" + header())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 20_000, 100_000])
    ap.add_argument("--keep", type=Path, help="keep each run's files under DIR/<run>/")
    ap.add_argument("--show", action="store_true", help="list what grouping got wrong")
    ap.add_argument(
        "--long-tail",
        action="store_true",
        help="also run each size with seeds asked as real questions are (Zipf; marked z)",
    )
    ap.add_argument(
        "--draws",
        type=int,
        default=1,
        help="run each size on N corpora (the usual one, then N-1 other draws: marked dK)",
    )
    args = ap.parse_args()
    print(header())
    print("-" * len(header()))
    runs = [("bundled", None)] + [(str(n), n) for n in args.sizes]
    for name, n in runs:
        with tempfile.TemporaryDirectory(prefix=f"eval-grouping-{name}-") as tmp:
            work = Path(tmp)
            if n is None:
                run_bundled(work, args.show)
            else:
                for draw in range(args.draws):
                    run_scaled(n, work / f"d{draw}", args.show, draw=draw)
                if args.long_tail:
                    run_scaled(n, work / "z", args.show, long_tail=True)
            if args.keep:
                target = args.keep / name
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(work, target)


if __name__ == "__main__":
    main()
