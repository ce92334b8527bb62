"""The real-pages site: the labelled vendor pages of tests/fixtures/real_pages/ generated and
built as a help site, with the real-site queries resolved to the pages that answer them.

Used by scripts/eval_search.py, scripts/bench_search.py and tests/test_search_browser.py.

    python scripts/real_site.py WORK     # generate and build into WORK/docs_src and WORK/site
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures" / "real_pages"
QUERIES = FIXTURES / "queries.yml"
# Written after search was tuned on QUERIES, never tuned on: its own row in eval_search.py.
FRESH = FIXTURES / "fresh_queries.yml"
# Written before the fourth round changed ranking, never tuned on: its own row too.
FRESH2 = FIXTURES / "fresh2_queries.yml"
# Written in the fifth round before any of its queries was searched, no error codes: a row too.
FRESH3 = FIXTURES / "fresh3_queries.yml"


@dataclass
class RealSite:
    docs: Path
    config: Path  # the configuration it was made with
    site: Path | None
    queries: list[dict]  # as in queries.yml, with want as topic ids (see evaluate.resolve_queries)
    problems: list[str]  # what the strict build would reject (the site is built all the same)
    fresh: list[dict]  # FRESH's queries, resolved as ``queries`` are
    fresh2: list[dict]  # FRESH2's queries, resolved as ``queries`` are
    fresh3: list[dict] = field(default_factory=list)  # FRESH3's, resolved as ``queries`` are


def labelled_pages(fixtures: Path = FIXTURES) -> list[tuple[str, Path, list[int]]]:
    """Every page a vendor folder's labels.yml lists, as (vendor/file, path, the lines where
    its labelled topics and non-topics start)."""
    pages = []
    for labels in sorted(fixtures.glob("*/labels.yml")):
        for item in yaml.safe_load(labels.read_text(encoding="utf-8")):
            lines = [t["line"] for t in (item.get("topics") or []) + (item.get("not_topics") or [])]
            name = f"{labels.parent.name}/{item['file']}"
            pages.append((name, labels.parent / item["file"], lines))
    return pages


def build_real_site(work: Path, site: bool = True, queries: Path = QUERIES) -> RealSite:
    """Generate the labelled pages into ``work/docs_src`` and (``site``) build ``work/site``."""
    from generator.config import load_config
    from generator.pipeline import run
    from generator.search.evaluate import intact_labels, label_topics, resolve_queries
    from generator.site import build_site

    raw = work / "raw"
    pages = labelled_pages()
    for name, path, _ in pages:
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, raw / name)
    # The site's configuration, with the corpus's own sources.yml where it has one (the products
    # of its vendors that the bundled taxonomy lacks, as an operator would declare them).
    config_dir = work / "site_config"
    shutil.copytree(ROOT / "site_config", config_dir)
    if (FIXTURES / "sources.yml").is_file():
        shutil.copy(FIXTURES / "sources.yml", config_dir / "sources.yml")
    config = load_config(config_dir)
    docs = work / "docs_src"
    result = run([str(raw)], docs, config, cache_dir=None, jobs=1)
    items = yaml.safe_load(queries.read_text(encoding="utf-8"))
    fresh = yaml.safe_load(FRESH.read_text(encoding="utf-8"))
    fresh2 = yaml.safe_load(FRESH2.read_text(encoding="utf-8"))
    fresh3 = yaml.safe_load(FRESH3.read_text(encoding="utf-8"))
    entries = [(f.source.file, f.source.line, f.topic) for f in result.fates]
    topics = label_topics(
        [w for item in items + fresh + fresh2 + fresh3 for w in item["want"]], entries
    )
    intact = intact_labels({name: lines for name, _, lines in pages}, entries)
    # Not strict: the pages as generated may hold what the strict build rejects (the parser's
    # and redaction's open issues), and search is measured all the same.
    problems = []
    if site:
        problems = build_site(str(config_mkdocs(work)), str(docs), str(work / "site"), strict=False)
    resolved = resolve_queries(items, topics, intact)
    site_dir = work / "site" if site else None
    return RealSite(
        docs,
        config_dir,
        site_dir,
        resolved,
        problems,
        resolve_queries(fresh, topics, intact),
        resolve_queries(fresh2, topics, intact),
        resolve_queries(fresh3, topics, intact),
    )


def config_mkdocs(work: Path) -> Path:
    """The project's mkdocs.yml and theme overrides, beside the site's configuration in work."""
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", work / "overrides")
    return work / "mkdocs.yml"


if __name__ == "__main__":
    made = build_real_site(Path(sys.argv[1]))
    lost = sum(q["parse_lost"] for q in made.queries)
    print(f"{made.docs}, {made.site}: {len(made.queries)} queries, {lost} answered by no page")
    for problem in made.problems:
        print("strict build would reject:", problem)
