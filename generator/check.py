"""``helpgen check``: what is wrong in the pages writers edit, as ``path:line: ...``.

Checks front matter (parses, required fields, types, product and symptom in
the taxonomy, unique ids), internal links to pages that do not exist,
Markdown that would break the build (an unclosed code fence), and runs the
redaction detectors over every line, naming the category, never the value.
With a built site, the same detectors run over the page text and the search
index.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from types import MappingProxyType

import yaml

from .config import Config
from .model import Problem
from .redact import Redactor

REQUIRED = MappingProxyType({"id": str, "title": str, "product": str, "symptom": str})
OPTIONAL = MappingProxyType(
    {
        "tags": list,
        "questions": list,
        "sources": list,
        "description": str,
        "generated": str,
        "status": str,
        "hide": list,
        "locked": bool,
        "related": list,
    }
)
STATUSES = ("published", "retired")
_LINK = re.compile(r"\]\(([^)\s]+?\.md)(?:#[^)]*)?\)")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter or None, body, line where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return "", text, 1


def _key_lines(front: str) -> dict[str, int]:
    return {
        m.group(1): n
        for n, line in enumerate(front.split("\n"), start=2)
        if (m := re.match(r"^([A-Za-z_][\w-]*)\s*:", line))
    }


def check_page(
    path: Path, shown: str, config: Config, docs: Path
) -> tuple[list[Problem], str | None]:
    problems: list[Problem] = []
    text = path.read_text(encoding="utf-8-sig")
    front, body, body_line = split_front_matter(text)
    if front is None:
        return [
            Problem(
                shown,
                1,
                "no front matter; expected a '---' block with id, title, product and symptom",
            )
        ], None
    try:
        meta = yaml.safe_load(front) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        return [
            Problem(shown, line, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}")
        ], None
    if not isinstance(meta, dict):
        return [Problem(shown, 2, "front matter must be a mapping of field: value")], None
    lines = _key_lines(front)
    if "index" in meta:
        return [], None  # index pages are generated, not edited
    problems += _field_problems(meta, lines, shown, config)
    problems += _check_body(body, body_line, path, shown, docs)
    problems += privacy_problems(_without_digests(text.split("\n"), body_line), shown, config)
    topic_id = meta.get("id")
    return problems, str(topic_id) if topic_id is not None else None


def _field_problems(meta: dict, lines: dict[str, int], shown: str, config: Config) -> list[Problem]:
    """Required fields, known fields of the right types, a known status, product and symptom."""
    problems: list[Problem] = []
    for key, kind in REQUIRED.items():
        if key not in meta:
            problems.append(Problem(shown, 1, f"missing required field '{key}'"))
        elif not isinstance(meta[key], kind) or not str(meta[key]).strip():
            problems.append(
                Problem(shown, lines.get(key, 1), f"'{key}' must be a non-empty {kind.__name__}")
            )
    for key, value in meta.items():
        if key in REQUIRED:
            continue
        if key not in OPTIONAL:
            problems.append(
                Problem(
                    shown,
                    lines.get(key, 1),
                    f"unknown field '{key}'; expected one of: "
                    + ", ".join(sorted({*REQUIRED, *OPTIONAL})),
                )
            )
        elif not isinstance(value, OPTIONAL[key]):
            problems.append(
                Problem(shown, lines.get(key, 1), f"'{key}' must be a {OPTIONAL[key].__name__}")
            )
    if "status" in meta and meta["status"] not in STATUSES:
        problems.append(
            Problem(
                shown,
                lines.get("status", 1),
                f"status '{meta['status']}' is not known; expected one of: " + ", ".join(STATUSES),
            )
        )
    product, symptom = meta.get("product"), meta.get("symptom")
    if isinstance(product, str) and product not in config.products:
        problems.append(
            Problem(
                shown,
                lines.get("product", 1),
                f"product '{product}' is not in the taxonomy; "
                f"expected one of: {', '.join(config.products)}",
            )
        )
    elif isinstance(symptom, str) and symptom not in config.products[product].symptoms:
        problems.append(
            Problem(
                shown,
                lines.get("symptom", 1),
                f"symptom '{symptom}' is not offered by product "
                f"'{product}'; expected one of: {', '.join(config.products[product].symptoms)}",
            )
        )
    return problems


def _check_body(body: str, first_line: int, path: Path, shown: str, docs: Path) -> list[Problem]:
    problems = []
    fence = None
    fence_line = 0
    for n, line in enumerate(body.split("\n"), start=first_line):
        m = _FENCE.match(line)
        if m:
            if fence is None:
                fence, fence_line = m.group(1), n
            elif m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if fence is None:
            for link in _LINK.finditer(line):
                target = link.group(1)
                if re.match(r"^[a-z]+:", target):
                    continue
                resolved = (
                    (docs / target.lstrip("/"))
                    if target.startswith("/")
                    else (path.parent / target)
                )
                if not resolved.resolve().is_file():
                    problems.append(Problem(shown, n, f"link to '{target}' points to no page"))
    if fence is not None:
        problems.append(
            Problem(
                shown,
                fence_line,
                f"code fence '{fence}' is never closed; add a closing '{fence}' line",
            )
        )
    return problems


def check_docs(docs_dir: str, config: Config) -> list[Problem]:
    docs = Path(docs_dir)
    if not docs.is_dir():
        return [Problem(docs_dir, 0, "docs folder not found")]
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in sorted(docs.rglob("*.md")):
        shown = str(Path(docs_dir) / path.relative_to(docs))
        found, topic_id = check_page(path, shown, config, docs)
        problems += found
        if topic_id is not None:
            if topic_id in seen:
                problems.append(
                    Problem(
                        shown,
                        2,
                        f"id '{topic_id}' is already used by {seen[topic_id]}; ids must be unique",
                    )
                )
            else:
                seen[topic_id] = shown
    return problems


_DIGEST = re.compile(r"^(\s*(?:(?:generated|id|key):|-)\s*)'?[0-9a-f]{10,40}'?\s*$")


def _without_digests(lines: list[str], body_line: int) -> list[str]:
    """The page's lines with the generator's own hex digests blanked (the fingerprint, ids, source
    keys, related ids): a hash can look like a phone number, and is never shown on the site."""
    out, section = list(lines), ""
    for n in range(1, min(body_line - 1, len(lines))):
        top = re.match(r"^([A-Za-z_][\w-]*)\s*:", lines[n])
        section = top.group(1) if top else section
        m = _DIGEST.match(lines[n])
        if m and (not m.group(1).strip().startswith("-") or section == "related"):
            out[n] = m.group(1)
    return out


def privacy_problems(lines: list[str], shown: str, config: Config, first: int = 1) -> list[Problem]:
    """One problem per line and category of personal or secret data found."""
    redactor = Redactor(config)
    problems = []
    for n, line in enumerate(lines, start=first):
        for category in redactor.scan(line):
            problems.append(
                Problem(
                    shown,
                    n,
                    f"{category}: looks like personal or secret data; "
                    "remove it or replace it with ‹已隐藏›",
                )
            )
    return problems


_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
_TAG = re.compile(r"<[^>]*>")


def check_site(site_dir: str, config: Config) -> list[Problem]:
    """The detectors over the text of every built page and over the search index."""
    site = Path(site_dir)
    if not (site / "index.html").is_file():
        return [
            Problem(
                site_dir, 0, "no built site here (index.html missing); run 'helpgen build' first"
            )
        ]
    problems: list[Problem] = []
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        shown = str(Path(site_dir) / path.relative_to(site))
        for match in _ARTICLE.finditer(text):
            first = text.count("\n", 0, match.start()) + 1
            lines = [html.unescape(_TAG.sub(" ", line)) for line in match.group(0).split("\n")]
            problems += privacy_problems(lines, shown, config, first)
    index = site / "search" / "helpgen_index.json"
    if index.is_file():
        payload = json.loads(index.read_text(encoding="utf-8"))
        shown = str(Path(site_dir) / "search" / "helpgen_index.json")
        for location, title, text, crumbs in payload.get("docs", []):
            for p in privacy_problems([f"{title} {text} {' '.join(crumbs)}"], shown, config):
                problems.append(Problem(p.file, 1, f"{p.message} (entry {location})"))
        # Every term the index holds, one per line: a secret must not be findable either.
        terms = [entry[0] for entry in payload.get("index", {}).get("terms", [])]
        for p in privacy_problems(terms, shown, config):
            problems.append(Problem(p.file, 1, f"{p.message} (term {p.line})"))
    return problems
