#!/usr/bin/env python3
"""Recall and precision of the topics found on the labelled real vendor pages.

    .venv/bin/python scripts/eval_faq.py [--show] [--pages DIR]

Every page of tests/fixtures/real_pages/<vendor>/ listed in its labels.yml (format:
FORMAT_SPEC.md) goes through the per-file stages (parse, redact, clean, classify); the
entries left standing (not excluded) are the topics found. A found topic matches a labelled
one when it starts on the labelled line, or after it and before the labelled answer line
(an anchor or a title line between the two); each side matches once. Recall and precision
are worked out per page, then averaged over the pages of each shape and over all pages. A
page without labelled topics (a link index) has recall 1, and precision 1 only when nothing
was found on it. "warned" counts the problems the stages reported (file:line). Pages labelled
``heldout: true`` were labelled before the parser ever read them; they are scored apart too.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import load_config  # noqa: E402
from generator.prepare import prepare_file  # noqa: E402

PAGES = ROOT / "tests" / "fixtures" / "real_pages"
SHAPES = ("faq", "troubleshooting", "error-codes", "mixed", "index")
# The labels' product keys (one per product, across vendors) that name the same product of
# the corpus configuration (PAGES/sources.yml over site_config/); the others are the same key.
SAME_PRODUCT = MappingProxyType(
    {
        **dict.fromkeys(("cos", "kodo", "uss"), "kodo"),
        **dict.fromkeys(("cvm", "ecs", "vm", "uhost", "bms"), "compute"),
        **dict.fromkeys(("mlvb", "trtc", "live"), "live"),
        **dict.fromkeys(("dds", "mongodb"), "mongodb"),
        **dict.fromkeys(("clb", "ulb", "alb"), "clb"),
        **dict.fromkeys(("tke", "uk8s"), "k8s"),
    }
)


@dataclass
class PageScore:
    vendor: str
    file: str
    shape: str
    labelled: int
    found: int
    matched: int
    titles_equal: int  # matched topics whose title is the labelled question
    warned: int
    heldout: bool = False  # labelled after the parser was written, without running it
    product: str = ""
    want_product: str = ""
    missed: list = field(default_factory=list)  # labelled topics not found: (line, q)
    extra: list = field(default_factory=list)  # found topics not labelled: (line, title)

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        if not self.found:
            return 1.0
        return self.matched / self.found


def labelled_pages(folder: Path = PAGES) -> list[tuple[str, Path, dict]]:
    """(vendor, path, label) of every labelled page, sorted."""
    out = []
    for labels in sorted(folder.glob("*/labels.yml")):
        for item in yaml.safe_load(labels.read_text(encoding="utf-8")) or []:
            out.append((labels.parent.name, labels.parent / item["file"], item))
    return out


def norm(text: str) -> str:
    """A title for comparison: NFKC, lower case, letters and digits only."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


def match(found: list[tuple[int, str]], topics: list[dict]) -> list[tuple[int, int]]:
    """Pairs (index in found, index in topics): same line first, then a line inside the
    labelled topic's head (from its line up to, not including, its answer line)."""
    pairs: list[tuple[int, int]] = []
    used_f: set[int] = set()
    used_t: set[int] = set()
    for exact in (True, False):
        for t, topic in enumerate(topics):
            if t in used_t:
                continue
            start, answer = topic["line"], topic.get("answer", topic["line"])
            for f, (line, _title) in enumerate(found):
                ok = line == start if exact else start <= line < max(answer, start + 1)
                if f not in used_f and ok:
                    pairs.append((f, t))
                    used_f.add(f)
                    used_t.add(t)
                    break
    return pairs


def score_page(vendor: str, path: Path, label: dict, config) -> PageScore:
    shown = f"{vendor}/{path.name}"
    result = prepare_file(path, shown, config)
    kept = [e for e in result.entries if not e.excluded]
    found = [(e.source.line, e.title) for e in kept]
    topics = label.get("topics") or []
    pairs = match(found, topics)
    matched_f = {f for f, _ in pairs}
    matched_t = {t for _, t in pairs}
    return PageScore(
        vendor=vendor,
        file=path.name,
        shape=label["shape"],
        labelled=len(topics),
        found=len(found),
        matched=len(pairs),
        titles_equal=sum(1 for f, t in pairs if norm(found[f][1]) == norm(topics[t]["q"])),
        warned=len(result.problems),
        heldout=bool(label.get("heldout")),
        product=(kept or result.entries or [None])[0].product if result.entries else "",
        want_product=SAME_PRODUCT.get(str(label.get("product_key")), str(label.get("product_key"))),
        missed=[
            (topics[t]["line"], topics[t]["q"]) for t in range(len(topics)) if t not in matched_t
        ],
        extra=[found[f] for f in range(len(found)) if f not in matched_f],
    )


def corpus_config(folder: Path = PAGES):
    """site_config/ with the corpus's sources.yml (the products of its vendors)."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "site_config"
        shutil.copytree(ROOT / "site_config", target)
        if (folder / "sources.yml").is_file():
            shutil.copy(folder / "sources.yml", target / "sources.yml")
        return load_config(target)


def evaluate(folder: Path = PAGES) -> list[PageScore]:
    config = corpus_config(folder)
    return [score_page(v, p, label, config) for v, p, label in labelled_pages(folder)]


def table(scores: list[PageScore]) -> list[str]:
    groups: dict[str, list[PageScore]] = defaultdict(list)
    for s in scores:
        groups[s.shape].append(s)
    rows = [(shape, groups[shape]) for shape in SHAPES if shape in groups]
    rows.append(("all", scores))
    lines = [
        f"{'shape':<16}{'pages':>6}{'topics':>8}{'found':>7}{'recall':>8}{'precision':>11}"
        f"{'titles':>8}{'product':>9}{'warned':>8}",
    ]
    for name, group in rows:
        n = len(group)
        matched = sum(s.matched for s in group)
        lines.append(
            f"{name:<16}{n:>6}{sum(s.labelled for s in group):>8}{sum(s.found for s in group):>7}"
            f"{sum(s.recall for s in group) / n:>8.3f}{sum(s.precision for s in group) / n:>11.3f}"
            f"{(sum(s.titles_equal for s in group) / matched if matched else 1.0):>8.3f}"
            f"{sum(s.product == s.want_product for s in group) / n:>9.3f}"
            f"{sum(s.warned for s in group):>8}"
        )
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", action="store_true", help="list each page's misses and extras")
    ap.add_argument("--pages", type=Path, default=PAGES, help="the labelled pages' folder")
    args = ap.parse_args()
    scores = evaluate(args.pages)
    for line in table(scores):
        print(line)
    held = [s for s in scores if s.heldout]
    if held:
        print(f"\nheld-out pages only ({len(held)}: labelled before the parser first read them)")
        for line in table(held):
            print(line)
    print("(recall and precision: averaged per page; titles: share of matched topics whose")
    print(" title is the labelled question, letters and digits compared; product: share of")
    print(" pages filed under their labelled product; warned: problems reported)")
    if args.show:
        for s in scores:
            if s.product != s.want_product:
                print(f"\n{s.vendor}/{s.file}: product {s.product}, labelled {s.want_product}")
            if not s.missed and not s.extra:
                continue
            print(
                f"\n{s.vendor}/{s.file} [{s.shape}] recall {s.recall:.2f} precision "
                f"{s.precision:.2f}"
            )
            for line, q in s.missed:
                print(f"  missed {line}: {q}")
            for line, title in s.extra:
                print(f"  extra  {line}: {title}")


if __name__ == "__main__":
    main()
