"""Command-line interface: a thin layer over the library.

Exit status, for every command: 0 done; 1 problems in the content (pages that cannot be
read, a failed build, problems found by check; with --strict, warnings too; for search, no
result; for generate --dry-run, changes that would be made); 2 usage or configuration
error. Messages about input read ``path:line: ...``.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from pathlib import Path
from types import MappingProxyType

from . import __version__
from .errors import HelpgenError

DEFAULT_RAW = "data/raw"
MAX_SHOWN = 20  # warnings printed; the report holds them all
# Control characters (escape sequences, bells, backspaces) never reach the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def safe_for_terminal(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)


def say(text: str, err: bool = False) -> None:
    print(safe_for_terminal(text), file=sys.stderr if err else sys.stdout)


def _common(p: argparse.ArgumentParser, raw: bool = True) -> None:
    p.add_argument("-v", "--verbose", action="store_true", help="also say how long each stage took")
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    p.add_argument("--docs-dir", default="docs_src", help="topic pages folder (default: docs_src/)")
    p.add_argument(
        "--config-dir", default="site_config", help="configuration folder (default: site_config/)"
    )
    if not raw:
        return
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
        help="where per-file results are kept between runs (default: 'cache' beside the report)",
    )
    p.add_argument(
        "--no-cache", action="store_true", help="process every raw file, read and write no cache"
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="processes for the per-file stages (default: one per CPU; 1: this process only)",
    )


def _site(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--mkdocs-config", default="mkdocs.yml", help="MkDocs configuration (default: mkdocs.yml)"
    )


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="helpgen", description="Turn support tickets and FAQ pages into a help site."
    )
    ap.add_argument("--version", action="version", version=f"helpgen {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    g = sub.add_parser(
        "generate",
        help="write or update topic pages from raw files",
        description="Read raw files, write or update topic pages and the report.",
    )
    _common(g)
    g.add_argument(
        "--dry-run",
        action="store_true",
        help="change nothing; list the files that would change and exit 1 if any would",
    )
    b = sub.add_parser(
        "build",
        help="generate, then build the site with MkDocs (strict)",
        description="Generate, then build the site with MkDocs in strict mode.",
    )
    _common(b)
    _site(b)
    b.add_argument("--site-dir", default="site", help="output folder (default: site/)")
    b.add_argument("--no-generate", action="store_true", help="build the docs folder as it is")
    _writers_commands(sub)
    return ap


def _writers_commands(sub) -> None:
    """check, serve and search: what writers run on their pages."""
    c = sub.add_parser(
        "check",
        help="find what the strict build would reject, with file and line",
        description="Validate the topic pages writers edit: front matter, links, anchors, "
        "images, code fences, personal data.",
    )
    _common(c, raw=False)
    c.add_argument("--site-dir", default=None, help="also check a built site")
    c.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="text (path:line: message), github (Actions annotations) or json",
    )
    s = sub.add_parser(
        "serve",
        help="live preview for writers (drafts and edit links on)",
        description="Serve the writers' preview with live reload.",
    )
    _common(s, raw=False)
    _site(s)
    s.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    q = sub.add_parser(
        "search",
        help="search the site offline, as its search box does",
        description="Answer a query from the built site's search index (the one the browser "
        "loads); without a built site, from an index made from the topic pages. "
        "Exit 1 when nothing is found.",
    )
    q.add_argument("query", help="what a customer would type")
    q.add_argument("--site-dir", default="site", help="built site (default: site/)")
    q.add_argument("--limit", type=int, default=10, help="results to show (default: 10)")
    q.add_argument("--explain", action="store_true", help="show how the query was cut into terms")
    _common(q, raw=False)


def _generate(args) -> int:
    from .config import load_config
    from .pipeline import run
    from .report import summary_lines, write_report

    config = load_config(args.config_dir)
    cache = None if args.no_cache else (args.cache_dir or Path(args.report).parent / "cache")
    progress = sys.stderr.isatty() and not args.quiet
    dry_run = getattr(args, "dry_run", False)
    result = run(
        args.raw or [DEFAULT_RAW], args.docs_dir, config, cache, args.jobs, dry_run, progress
    )
    if not dry_run:
        write_report(result, args.report)
    for problem in result.problems[:MAX_SHOWN]:
        say(f"{problem} [{problem.severity}]", err=True)
    if len(result.problems) > MAX_SHOWN:
        more = len(result.problems) - MAX_SHOWN
        say(f"… {more} more warnings, {len(result.problems)} in all: see {args.report}", err=True)
    if dry_run:
        for change in result.outcome.changes:
            what = "write" if change.text is not None else "remove"
            say(f"would {what} {args.docs_dir}/{change.path}")
        return 1 if result.outcome.changes else 0
    if not args.quiet:
        for line in summary_lines(result):
            say(line)
        say(f"report: {args.report}")
    errors = [p for p in result.problems if p.severity == "error"]
    return 1 if errors or (args.strict and result.problems) else 0


def _check(args) -> int:
    from .check import check_docs, check_site, format_problems
    from .config import load_config

    config = load_config(args.config_dir)
    problems = check_docs(args.docs_dir, config)
    if args.site_dir:
        problems += check_site(args.site_dir, config)
    for line in format_problems(problems, args.format):
        say(line)
    if args.format == "text" and not args.quiet:
        say(f"checked {args.docs_dir}: {len(problems)} problem(s)")
    return 1 if problems else 0


def _search(args) -> int:
    from .config import load_config
    from .search.index import build_index, docs_from_folder, load_index
    from .search.query import Searcher

    try:
        payload = load_index(args.site_dir)
    except (OSError, KeyError, ValueError):
        say(f"no search index in {args.site_dir}/; using the pages in {args.docs_dir}/", err=True)
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
        say("terms: " + (" ".join(terms) or "(none)"))
    hits = searcher.search(args.query, limit=args.limit)
    for n, hit in enumerate(hits, 1):
        lacks = f"  (缺少: {' '.join(hit.missing)})" if hit.missing else ""
        say(f"{n}. {hit.title}  [{' › '.join(hit.crumbs)}]  /{hit.location}  {hit.score:g}{lacks}")
    if not hits:
        say("没有找到符合条件的结果")
    return 0 if hits else 1


def _build(args) -> int:
    from .site import build_site

    if not args.no_generate:
        status = _generate(args)
        if status:
            return status
    build_site(args.mkdocs_config, args.docs_dir, args.site_dir)
    if not args.quiet:
        say(f"site: {args.site_dir}/")
    return 0


def _serve(args) -> int:
    from .site import serve_site

    serve_site(args.mkdocs_config, args.docs_dir, args.port)
    return 0


class _Terminal(logging.StreamHandler):
    """Log lines on stderr, with control characters taken out."""

    def format(self, record: logging.LogRecord) -> str:
        return safe_for_terminal(f"helpgen: {record.getMessage()}")


def _log_to_stderr(level: int) -> None:
    """The generator's and MkDocs' messages at ``level`` and above, on stderr (MkDocs' INFO lines
    only with --verbose)."""
    for name in ("helpgen", "mkdocs"):
        logger = logging.getLogger(name)
        for handler in [h for h in logger.handlers if isinstance(h, _Terminal)]:
            logger.removeHandler(handler)
        handler = _Terminal(sys.stderr)
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False


COMMANDS = MappingProxyType(
    {
        "generate": _generate,
        "build": _build,
        "check": _check,
        "search": _search,
        "serve": _serve,
    }
)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    _log_to_stderr(
        logging.INFO if args.verbose else logging.ERROR if args.quiet else logging.WARNING
    )
    try:
        return COMMANDS[args.command](args)
    except HelpgenError as exc:
        shown = exc.problems[:MAX_SHOWN] if len(exc.problems) > MAX_SHOWN + 1 else exc.problems
        for problem in shown:
            say(f"helpgen: {problem}" if problem.file else f"helpgen: {problem.message}", err=True)
        if len(shown) < len(exc.problems):
            say(
                f"helpgen: … {len(exc.problems) - len(shown)} more, {len(exc.problems)} in all",
                err=True,
            )
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
