"""Command-line interface: a thin layer over the library.

Exit status: 0 done; 1 problems in the content (with --strict, warnings too);
2 usage or configuration error. Messages about input read ``path:line: ...``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import HelpgenError

DEFAULT_RAW = "data/raw"


def _common(p: argparse.ArgumentParser, raw: bool = True) -> None:
    p.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also say what each stage did and how long it took",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only, no summary")
    if raw:
        p.add_argument(
            "raw", nargs="*", metavar="RAW", help=f"raw files or folders (default: {DEFAULT_RAW}/)"
        )
        p.add_argument(
            "--report", default="build/report.json", help="report file (default: build/report.json)"
        )
        p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
        p.add_argument(
            "--cache-dir",
            default=None,
            help="per-file results of parse, redact, clean and classify, reused while a raw file, "
            "the configuration and the generator stay the same (default: 'cache' beside the "
            "report)",
        )
        p.add_argument(
            "--no-cache",
            action="store_true",
            help="process every raw file, read and write no cache",
        )
        p.add_argument(
            "-j",
            "--jobs",
            type=int,
            default=None,
            metavar="N",
            help="processes for the per-file stages (default: one per CPU; 1: no worker processes)",
        )
    p.add_argument("--docs-dir", default="docs_src", help="topic pages folder (default: docs_src/)")
    p.add_argument(
        "--config-dir", default="site_config", help="configuration folder (default: site_config/)"
    )


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="helpgen", description="Turn support tickets and FAQ pages into a help site."
    )
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    g = sub.add_parser(
        "generate",
        help="write or update topic pages from raw files",
        description="Read raw files, write or update topic pages and the report.",
    )
    _common(g)
    b = sub.add_parser(
        "build",
        help="generate, then build the site with MkDocs (strict)",
        description="Generate, then build the site with MkDocs in strict mode.",
    )
    _common(b)
    b.add_argument("--site-dir", default="site", help="output folder (default: site/)")
    b.add_argument(
        "--mkdocs-config", default="mkdocs.yml", help="MkDocs configuration (default: mkdocs.yml)"
    )
    c = sub.add_parser(
        "check",
        help="validate the topic pages writers edit",
        description="Validate front matter, links and Markdown of the topic pages.",
    )
    _common(c, raw=False)
    c.add_argument("--site-dir", default=None, help="also check a built site")
    s = sub.add_parser(
        "serve", help="live preview for writers", description="Serve the site with live reload."
    )
    _common(s, raw=False)
    s.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    s.add_argument(
        "--mkdocs-config", default="mkdocs.yml", help="MkDocs configuration (default: mkdocs.yml)"
    )
    q = sub.add_parser(
        "search",
        help="search the site offline, as its search box does",
        description="Answer a query from the built site's search index (the one the browser "
        "loads); without a built site, from an index made from the topic pages.",
    )
    q.add_argument("query", help="what a customer would type")
    q.add_argument("--site-dir", default="site", help="built site (default: site/)")
    q.add_argument("--limit", type=int, default=10, help="results to show (default: 10)")
    q.add_argument("--explain", action="store_true", help="show how the query was cut into terms")
    _common(q, raw=False)
    return ap


def _search(args) -> int:
    from .config import load_config
    from .search.index import build_index, docs_from_folder, load_index
    from .search.query import Searcher

    try:
        payload = load_index(args.site_dir)
    except (OSError, KeyError, ValueError):
        print(
            f"no search index in {args.site_dir}/; using the pages in {args.docs_dir}/",
            file=sys.stderr,
        )
        config = load_config(args.config_dir)
        payload = build_index(docs_from_folder(args.docs_dir, config), config)
    searcher = Searcher(payload)
    if args.explain:
        terms = [
            c.term
            + ("*" if c.prefix else "")
            + ("~1" if c.fuzzy else "")
            + ("" if c.required else "?")
            for c in searcher.clauses(args.query)
        ]
        print("terms: " + (" ".join(terms) or "(none)"))
    hits = searcher.search(args.query, limit=args.limit)
    for n, hit in enumerate(hits, 1):
        lacks = f"  (缺少: {' '.join(hit.missing)})" if hit.missing else ""
        print(
            f"{n}. {hit.title}  [{' › '.join(hit.crumbs)}]  /{hit.location}  {hit.score:g}{lacks}"
        )
    if not hits:
        print("没有找到符合条件的结果")
    return 0 if hits else 1


def _generate(args) -> int:
    from .config import load_config
    from .pipeline import run
    from .report import summary_lines, write_report

    config = load_config(args.config_dir)
    cache = None if args.no_cache else (args.cache_dir or Path(args.report).parent / "cache")
    result = run(args.raw or [DEFAULT_RAW], args.docs_dir, config, cache, args.jobs)
    write_report(result, args.report)
    for problem in result.problems:
        print(f"{problem} [{problem.severity}]", file=sys.stderr)
    if not args.quiet:
        for line in summary_lines(result):
            print(line)
        print(f"report: {args.report}")
    errors = [p for p in result.problems if p.severity == "error"]
    return 1 if errors or (args.strict and result.problems) else 0


def _check(args) -> int:
    from .check import check_docs, check_site
    from .config import load_config

    config = load_config(args.config_dir)
    problems = check_docs(args.docs_dir, config)
    if args.site_dir:
        problems += check_site(args.site_dir, config)
    for problem in problems:
        print(problem)
    print(f"checked {args.docs_dir}: {len(problems)} problem(s)")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    verbose = getattr(args, "verbose", False)
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="helpgen: %(message)s"
    )
    try:
        if args.command == "generate":
            return _generate(args)
        if args.command == "build":
            status = _generate(args)
            if status:
                return status
            from .site import build_site

            build_site(args.mkdocs_config, args.docs_dir, args.site_dir)
            print(f"site: {args.site_dir}/")
            return 0
        if args.command == "check":
            return _check(args)
        if args.command == "search":
            return _search(args)
        if args.command == "serve":
            from .site import serve_site

            serve_site(args.mkdocs_config, args.docs_dir, args.port)
            return 0
    except HelpgenError as exc:
        for problem in exc.problems:
            print(
                f"helpgen: {problem}" if problem.file else f"helpgen: {problem.message}",
                file=sys.stderr,
            )
        return exc.exit_code
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
