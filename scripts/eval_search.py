"""Search quality on the labelled queries, offline: the bundled site and the real-pages site.

The bundled set (tests/fixtures/search_queries.yml) runs over the committed topic pages; the
real-site set (tests/fixtures/real_pages/queries.yml) over the labelled vendor pages of
tests/fixtures/real_pages/, generated as scripts/real_site.py does. The index is built the way
the site build builds it and each query answered with `helpgen search`'s code (the browser
worker's twin). Prints hit@1, hit@5, MRR and the number of queries without results for each,
and every miss; a real-site miss whose answer the parser lost or cut up is marked [parse].

The real-site set is split in two halves by a hash of each query's text (``evaluate.half``):
for six rounds search was tuned looking only at the misses of the dev half, and the held-out
half said whether a change held on queries it was not tuned on. Since the seventh round both
halves are dev sets (the old held-out half had not moved in three rounds, so its misses are read
too): every real-site miss is listed by default, and each half's figures are printed, the old
held-out half as ``real dev2``. The fresh set (tests/fixtures/real_pages/fresh_queries.yml),
written after the second round of tuning, is its own row. So are the second fresh set
(fresh2_queries.yml), written before the fourth round, and the third (fresh3_queries.yml, no
error codes), written in the fifth: the held-out sets now, their figures printed, never their
misses. The first fresh set has since become a dev set (``--fresh-misses`` lists its misses).

    python scripts/eval_search.py [--only bundled|real] [--docs-dir docs_src] [--queries FILE]
        [--misses dev|held-out|all] [--fresh-misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.config import load_config
from generator.docsfolder import read_docs
from generator.search.evaluate import answerable, figures, followed, half, rates, topic_id
from generator.search.index import build_index, docs_from_folder
from generator.search.query import Searcher

ROOT = Path(__file__).resolve().parent.parent


def evaluate(
    docs_dir: Path, queries: list[dict], label: str, config_dir: Path, misses_of: str = "all"
) -> dict:
    config = load_config(config_dir)
    payload = json.loads(json.dumps(build_index(docs_from_folder(docs_dir, config), config)))
    searcher = Searcher(payload)
    if label == "bundled":
        # As tests/test_search.py does: a wanted page that merged into another is answered by
        # the page it redirects to, and a query whose answers are all drafts has no page yet.
        queries = followed(queries, read_docs(docs_dir, config).redirects())
        published = {topic_id(d[0]) for d in payload["docs"]}
        asked = answerable(queries, published)
        print(f"bundled: {len(queries) - len(asked)} queries whose answers are all drafts left out")
        queries = asked
    hits = [searcher.search(item["q"]) for item in queries]
    ranked = [[h.location for h in found] for found in hits]
    result = rates(ranked, queries)
    titles = {topic_id(d[0]): d[1] for d in payload["docs"]}
    lost = {item["q"] for item in queries if item.get("parse_lost")}
    for q, want, got in result["misses"]:
        if misses_of != "all" and half(q) != misses_of:
            continue
        where = " [parse]" if q in lost else ""
        print(f"{label} miss{where}: {q}")
        print(f"    want: {' | '.join(titles.get(w, w) for w in want) or '(no page)'}")
        print(f"    got:  {' | '.join(titles[g][:40] for g in got[:3]) or '(nothing)'}")
    print(f"{label}: {figures(result)}")
    if label == "real":
        halves(ranked, queries, label)
    if lost:
        missed = sum(1 for q, _, _ in result["misses"] if q in lost)
        print(f"  {len(lost)} queries whose answer the parser lost or cut up; {missed} missed")
    return result


def halves(ranked: list[list[str]], queries: list[dict], label: str) -> None:
    """The figures of each half of the split (``evaluate.half``)."""
    for name, shown in (("dev", "dev"), ("held-out", "dev2 (the old held-out half)")):
        part = [(r, q) for r, q in zip(ranked, queries, strict=True) if half(q["q"]) == name]
        result = rates([r for r, _ in part], [q for _, q in part])
        print(f"{label} {shown}: {figures(result)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=["bundled", "real"])
    ap.add_argument("--docs-dir", default=str(ROOT / "docs_src"), help="the bundled pages")
    ap.add_argument("--queries", default=str(ROOT / "tests/fixtures/search_queries.yml"))
    ap.add_argument(
        "--misses",
        choices=["dev", "held-out", "all"],
        default="all",
        help="the real-site misses listed: of both halves (default: both are dev sets) or one",
    )
    ap.add_argument(
        "--fresh-misses",
        action="store_true",
        help="also list the misses of the first fresh set (a dev set since the fourth round)",
    )
    args = ap.parse_args()
    if args.only != "real":
        queries = yaml.safe_load(Path(args.queries).read_text(encoding="utf-8"))
        evaluate(Path(args.docs_dir), queries, "bundled", ROOT / "site_config")
    if args.only != "bundled":
        from scripts.real_site import build_real_site

        with tempfile.TemporaryDirectory() as tmp:
            real = build_real_site(Path(tmp), site=False)
            evaluate(real.docs, real.queries, "real", real.config, args.misses)
            evaluate(
                real.docs, real.fresh, "fresh", real.config, "all" if args.fresh_misses else "none"
            )
            # Never tuned on: its figures only, never its misses (see tests/fixtures/real_pages/).
            evaluate(real.docs, real.fresh2, "fresh2", real.config, "none")
            evaluate(real.docs, real.fresh3, "fresh3", real.config, "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
