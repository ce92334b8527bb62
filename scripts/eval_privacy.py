#!/usr/bin/env python3
"""Leaks and over-redactions on the labelled privacy set.

    .venv/bin/python scripts/eval_privacy.py [--show]

The labelled set, all made from raw data by hand:

* the bundled tickets (data/raw/): per entry, the personal values the vendor's
  de-identification missed and the vendor facts that must stay
  (tests/fixtures/labels/ticket_facts.yml);
* the hostile files (tests/fixtures/hostile/, labels.yml): per file, the values to hide
  (also control characters and escape sequences) and the ones to keep;
* the real vendor pages (tests/fixtures/real_pages/): the public facts each publishes
  (tests/fixtures/labels/vendor_facts.yml).

Each set is generated with ``helpgen generate`` into a temporary folder. A leak is a value to
hide found in a written page, the report or the terminal output (compared after NFKC, with
Markdown escapes, entities, invisible characters and spaces folded; control sequences
exactly). An over-redaction is a value to keep missing from the entry it came from, after
redaction and cleaning.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.clean import clean_entries  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.errors import InputError  # noqa: E402
from generator.parse import parse_text, read_text  # noqa: E402
from generator.redact import redact_entries  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
HOSTILE = FIXTURES / "hostile"
RAW = ROOT / "data" / "raw" / "qiniu-support-qa-part15.txt"
EXACT_KINDS = ("control_char", "terminal_")


def fold(text: str) -> str:
    """Text as compared: NFKC, Markdown escapes and entities undone, invisible characters and
    spaces gone, lower case."""
    text = html.unescape(re.sub(r"\\(.)", r"\1", text))
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf").lower()


def generate(raw: list[Path], work: Path) -> str:
    """Run helpgen generate; everything it wrote or printed, as one text."""
    docs, report = work / "docs", work / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", *map(str, raw), "--docs-dir", str(docs)]
        + ["--report", str(report), "--no-cache", "-j", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        errors="surrogateescape",
    )
    parts = [done.stdout, done.stderr]
    parts += [p.read_text(encoding="utf-8") for p in sorted(docs.rglob("*")) if p.is_file()]
    if report.is_file():
        parts.append(report.read_text(encoding="utf-8"))
    return "\n".join(parts)


def entry_texts(path: Path, config, redact: bool = True) -> dict[int, str]:
    """Line of each entry -> its text after (redaction and) cleaning: what a page can show."""
    try:
        entries, _ = parse_text(read_text(path, path.name), path.name, config)
    except InputError:
        return {}
    entries = clean_entries(redact_entries(entries, config) if redact else entries, config)
    out = {}
    for e in entries:
        parts = [e.title, e.question_md, e.answer_md, e.cause_md, e.summary_md]
        parts += [f"{text} {url}" for text, url in e.links]
        parts += [f.question + "\n" + f.answer for f in e.followups]
        out[e.source.line] = "\n".join(parts)
    return out


def leaks_in(output: str, values: list[dict], where: str) -> list[str]:
    folded = fold(output)
    found = []
    for item in values:
        value, kind = str(item["value"]), str(item.get("kind", ""))
        exact = kind.startswith(EXACT_KINDS)
        if (value in output) if exact else (fold(value) and fold(value) in folded):
            found.append(f"{where}: leak {kind}: {value!r}")
    return found


def kept(text: str, values: list[str], where: str, unredacted: str) -> list[str]:
    """Values to keep that cleaning leaves (in ``unredacted``) but redaction took away."""
    folded, shown = fold(text), fold(unredacted)
    return [
        f"{where}: over-redacted: {v!r}"
        for v in values
        if fold(str(v)) in shown and fold(str(v)) not in folded
    ]


def evaluate_tickets(config, work: Path) -> tuple[list[str], list[str], int, int]:
    labels = yaml.safe_load((FIXTURES / "labels" / "ticket_facts.yml").read_text("utf-8"))
    output = generate([RAW], work / "tickets")
    texts, plain = entry_texts(RAW, config), entry_texts(RAW, config, redact=False)
    personal = [p for item in labels for p in item.get("personal") or []]
    leaks = leaks_in(output + "\n".join(texts.values()), personal, RAW.name)
    over = []
    for item in labels:
        line = item["line"]
        over += kept(texts.get(line, ""), item.get("keep") or [], f"{RAW.name}:{line}", plain[line])
    return leaks, over, len(personal), sum(len(i.get("keep") or []) for i in labels)


def evaluate_hostile(config, work: Path) -> tuple[list[str], list[str], int, int]:
    labels = yaml.safe_load((HOSTILE / "labels.yml").read_text("utf-8"))
    leaks, over, n_leak, n_keep = [], [], 0, 0
    for n, item in enumerate(labels):
        path = HOSTILE / item["file"]
        raw = work / f"hostile{n}" / "raw"
        raw.mkdir(parents=True)
        shutil.copy(path, raw / path.name)
        output = generate([raw], work / f"hostile{n}")
        output = output.replace(str(raw), "RAW")  # (the folder this script chose is not data)
        texts = entry_texts(path, config)
        values = item.get("leaks") or []
        leaks += leaks_in(output + "\n".join(texts.values()), values, item["file"])
        if item.get("entries", 0) >= 0:
            plain = "\n".join(entry_texts(path, config, redact=False).values())
            over += kept("\n".join(texts.values()), item.get("keep") or [], item["file"], plain)
            n_keep += len(item.get("keep") or [])
        n_leak += len(values)
    return leaks, over, n_leak, n_keep


def evaluate_vendor_pages(config) -> tuple[list[str], list[str], int, int]:
    labels = yaml.safe_load((FIXTURES / "labels" / "vendor_facts.yml").read_text("utf-8"))
    over, n_keep = [], 0
    for item in labels:
        page = FIXTURES / "real_pages" / item["file"]
        texts, plain = entry_texts(page, config), entry_texts(page, config, redact=False)
        over += kept(
            "\n".join(texts.values()), item["keep"], item["file"], "\n".join(plain.values())
        )
        n_keep += len(item["keep"])
    return [], over, 0, n_keep


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", action="store_true", help="list every leak and over-redaction")
    args = ap.parse_args()
    config = load_config(ROOT / "site_config")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sets = {
            "bundled tickets": evaluate_tickets(config, work),
            "hostile files": evaluate_hostile(config, work),
            "vendor pages": evaluate_vendor_pages(config),
        }
    total_leaks = total_over = 0
    print(f"{'set':<16} {'hide':>5} {'leaks':>6} {'keep':>5} {'over-redacted':>14}")
    for name, (leaks, over, n_leak, n_keep) in sets.items():
        print(f"{name:<16} {n_leak:>5} {len(leaks):>6} {n_keep:>5} {len(over):>14}")
        total_leaks, total_over = total_leaks + len(leaks), total_over + len(over)
        if args.show:
            for line in leaks + over:
                print("   ", line.encode("unicode_escape").decode("ascii")[:200])
    print(f"total: {total_leaks} leaks, {total_over} over-redactions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
