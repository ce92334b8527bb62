"""Search quality on the labelled queries (tests/fixtures/search_queries.yml), offline.

Builds the index from the topic pages the way the site build does and answers
each query with `helpgen search`'s code (the browser worker's twin). Prints
hit@1, hit@5, the share of queries without results, and every miss.

    python scripts/eval_search.py [--docs-dir docs_src] [--queries FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.config import load_config
from generator.search.evaluate import rates
from generator.search.index import build_index, docs_from_folder
from generator.search.query import Searcher


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs-dir", default="docs_src")
    ap.add_argument("--config-dir", default="site_config")
    ap.add_argument("--queries", default="tests/fixtures/search_queries.yml")
    args = ap.parse_args()
    config = load_config(args.config_dir)
    payload = json.loads(json.dumps(build_index(docs_from_folder(args.docs_dir, config), config)))
    queries = yaml.safe_load(Path(args.queries).read_text(encoding="utf-8"))
    searcher = Searcher(payload)
    result = rates(
        [[h.location for h in searcher.search(item["q"], limit=5)] for item in queries], queries
    )
    for q, want, got in result["misses"]:
        print(f"miss: {q}  want {want}  got {got}")
    print(
        f"queries {result['queries']}  hit@1 {result['hit@1']:.3f}  hit@5 {result['hit@5']:.3f}  "
        f"zero results {result['zero']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
