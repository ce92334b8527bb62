#!/usr/bin/env python3
"""Precision and recall of pairwise merging on the labelled pairs in tests/fixtures/pairs.yml.

    .venv/bin/python scripts/eval_pairs.py [--show]

Runs parse, redact, clean, classify and the merge stage over data/raw/ (and
../shared/corpus/tencent-faq/ when present), then checks every labelled pair:
linked means both entries ended in the same topic. Pairs whose files are
missing are skipped and counted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import load_config  # noqa: E402
from generator.docsfolder import Docs  # noqa: E402
from generator.parse import shown_root  # noqa: E402
from generator.pipeline import plan_topics  # noqa: E402
from generator.prepare import prepare  # noqa: E402
from generator.runstate import RunState  # noqa: E402

FOLDERS = {
    "raw": ROOT / "data" / "raw",
    "corpus": ROOT.parent / "shared" / "corpus" / "tencent-faq",
}


def topics_by_place() -> dict[tuple[str, str, int], str | None]:
    """(folder, file name, line) -> topic id (None when excluded)."""
    config = load_config(ROOT / "site_config")
    inputs = [str(p) for p in FOLDERS.values() if p.is_dir()]
    state = RunState.start(config, jobs=1)
    entries, features, _ = prepare(inputs, state)
    plan = plan_topics(entries, features, Docs(Path("/nonexistent")), state)
    out = {}
    for fate in plan.fates:
        path = Path(fate.source.file)
        folder = next(k for k, v in FOLDERS.items() if path.is_relative_to(shown_root(v)))
        out[(folder, path.name, fate.source.line)] = fate.topic
    return out


def evaluate(pairs_file: Path = ROOT / "tests" / "fixtures" / "pairs.yml") -> dict:
    places = topics_by_place()
    pairs = yaml.safe_load(pairs_file.read_text(encoding="utf-8"))
    tp = fp = fn = tn = skipped = 0
    wrong = []
    for pair in pairs:
        keys = []
        for side in (pair["a"], pair["b"]):
            folder, name, line = side.split(":")
            keys.append((folder, name, int(line)))
        if any(not FOLDERS[k[0]].is_dir() for k in keys):
            skipped += 1
            continue
        for k in keys:
            if k not in places:
                raise KeyError(f"{pairs_file}: no entry starts at {k}")
        ta, tb = places[keys[0]], places[keys[1]]
        linked = ta is not None and ta == tb
        if pair["link"] and linked:
            tp += 1
        elif pair["link"]:
            fn += 1
            wrong.append(("missed", pair))
        elif linked:
            fp += 1
            wrong.append(("wrongly merged", pair))
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "pairs": tp + fp + fn + tn,
        "skipped": skipped,
        "must": tp + fn,
        "cannot": fp + tn,
        "precision": precision,
        "recall": recall,
        "wrong": wrong,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", action="store_true", help="list the pairs judged wrongly")
    args = ap.parse_args()
    result = evaluate()
    print(
        f"pairs judged: {result['pairs']} ({result['must']} must-link, "
        f"{result['cannot']} cannot-link), "
        f"skipped: {result['skipped']}"
    )
    print(f"precision: {result['precision']:.3f}  recall: {result['recall']:.3f}")
    if args.show:
        for kind, pair in result["wrong"]:
            print(f"  {kind}: {pair['a']} ~ {pair['b']} ({pair['why']})")


if __name__ == "__main__":
    main()
