"""What is wrong with one page of the docs folder, as ``path:line: what is wrong`` problems.

Two levels, used by ``helpgen check``, by ``helpgen generate`` (which refuses to touch a
folder whose pages it cannot read) and by the MkDocs plugin (so the strict build fails on
everything check reports):

* ``read_page_text``, ``schema_problems`` and ``taxonomy_problems``: the page can be read
  (UTF-8, front matter closed, valid YAML, a mapping), its front matter follows
  ``site_config/topic-page.schema.json``, its product and symptom are in the taxonomy, and
  it lives where its front matter says (``<product>/<symptom>/<id>.md``);
* ``body_problems``: what the strict build would reject in the Markdown (links and images
  to files that do not exist, anchors to headings that do not exist, absolute or
  unrecognised links, unclosed code fences), and personal or secret data on any line.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from urllib.parse import unquote, urlsplit

import jsonschema
import markdown
import yaml
from markdown_it import MarkdownIt
from pymdownx import slugs

from .config import Config
from .model import Problem
from .pages import INDEX, page_kind, topic_path
from .redact import Redactor
from .yamlfile import LineLoader, line_of

SCHEMA = "topic-page.schema.json"
# Heading anchors as the site's table of contents makes them (mkdocs.yml: toc slugify).
SLUGIFY = slugs.slugify(case="lower")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_KINDS = MappingProxyType(
    {
        "string": "text",
        "array": "a list",
        "object": "a mapping",
        "boolean": "true or false",
        "integer": "a whole number",
    }
)
_DIGEST = re.compile(r"^(\s*(?:(?:generated|id|key):|-)\s*)'?[0-9a-f]{10,40}'?\s*$")


@dataclass(frozen=True)
class PageText:
    """A page's text split into front matter and body (``meta`` None when unreadable)."""

    shown: str  # the path as messages name it
    rel: str  # relative to the docs folder
    text: str
    meta: dict | None
    body: str
    body_line: int  # line of the body's first line
    problems: tuple[Problem, ...]  # why the front matter could not be read
    path: Path | None = None


def read_page_text(path: Path, shown: str, rel: str) -> PageText:
    """Read a page and its front matter, with the line of each key."""
    return replace(_split(path.read_bytes(), shown, rel), path=path)


def _split(data: bytes, shown: str, rel: str) -> PageText:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return PageText(
            shown, rel, "", None, "", 1, (Problem(shown, line, "not valid UTF-8 text", "error"),)
        )
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        why = (
            "no front matter; a page starts with a '---' line, then id, title, product and symptom"
        )
        return PageText(shown, rel, text, None, text, 1, (Problem(shown, 1, why, "error"),))
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        why = "front matter is not closed: add a '---' line after its last field"
        return PageText(shown, rel, text, None, text, 1, (Problem(shown, 1, why, "error"),))
    body = "\n".join(lines[end + 1 :])
    try:
        meta = yaml.load("\n".join(lines[1:end]), Loader=LineLoader)
    except yaml.YAMLError as exc:
        # Where a bracket or quote was opened, when the problem is that it never closes.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        context = f" ({exc.context})" if getattr(exc, "context", None) else ""
        why = f"front matter is not valid YAML: {getattr(exc, 'problem', None) or exc}{context}"
        return PageText(
            shown,
            rel,
            text,
            None,
            body,
            end + 2,
            (Problem(shown, (mark.line + 2) if mark else 1, why, "error"),),
        )
    if not isinstance(meta, dict):
        why = "front matter must be a mapping of 'field: value' lines"
        return PageText(shown, rel, text, None, body, end + 2, (Problem(shown, 2, why, "error"),))
    return PageText(shown, rel, text, meta, body, end + 2, ())


@functools.lru_cache(maxsize=4)
def _validator(schema_path: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def schema_problems(page: PageText, config: Config) -> list[Problem]:
    """The front matter against the schema (site_config/topic-page.schema.json)."""
    if page.meta is None:
        return list(page.problems)
    if page_kind(page.meta) == INDEX:
        return []  # an index page of an earlier version: the generator removes it
    problems = []
    validator = _validator(str(config.directory / SCHEMA))
    for error in sorted(validator.iter_errors(page.meta), key=lambda e: list(map(str, e.path))):
        message = _schema_message(error)  # (first: it may point the error's path at a key)
        line = (line_of(page.meta, list(error.path)) or 0) + 1  # (front matter starts at line 2)
        problems.append(Problem(page.shown, line, message, "error"))
    return problems


def taxonomy_problems(page: PageText, config: Config) -> list[Problem]:
    """A product the taxonomy does not have, a symptom the product does not offer, or a vendor
    vendors.yml does not list."""
    if page.meta is None or page_kind(page.meta) == INDEX:
        return []
    return _product_problems(page, config) + _vendor_problems(page, config)


def _vendor_problems(page: PageText, config: Config) -> list[Problem]:
    vendor, lines = page.meta.get("vendor"), getattr(page.meta, "lines", {})
    known = [v.slug for v in config.allowlist.named]
    if not isinstance(vendor, str) or vendor in known:
        return []
    why = f"vendor '{vendor}' is not in vendors.yml; expected one of: {', '.join(known)}"
    return [Problem(page.shown, lines.get("vendor", 0) + 1, why, "error")]


def _product_problems(page: PageText, config: Config) -> list[Problem]:
    meta, lines = page.meta, getattr(page.meta, "lines", {})
    product, symptom = meta.get("product"), meta.get("symptom")
    if not isinstance(product, str):
        return []
    if product not in config.products:
        known = ", ".join(config.products)
        why = f"product '{product}' is not in the taxonomy; expected one of: {known}"
        return [Problem(page.shown, lines.get("product", 0) + 1, why, "error")]
    if isinstance(symptom, str) and symptom not in config.products[product].symptoms:
        known = ", ".join(config.products[product].symptoms)
        why = f"symptom '{symptom}' is not offered by product '{product}'; expected one of: {known}"
        return [Problem(page.shown, lines.get("symptom", 0) + 1, why, "error")]
    return []


def placement_problem(page: PageText) -> Problem | None:
    """A page whose front matter (valid) puts it somewhere else than where its file is."""
    meta, lines = page.meta, page.meta.lines
    expected = topic_path(str(meta["product"]), str(meta["symptom"]), str(meta["id"]))
    if page.rel == expected:
        return None
    why = (
        f"the page is at {page.rel} but its front matter puts it at {expected}: move the file "
        "there (its old address will redirect) or correct id, product and symptom"
    )
    return Problem(page.shown, lines.get("id", 0) + 1, why, "error")


def _schema_message(error: jsonschema.ValidationError) -> str:
    where = ".".join(str(p) for p in error.path) or "front matter"
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return f"missing required field '{missing}'" + (f" in {where}" if error.path else "")
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        error.path.append(extra[0])  # (its line is the unknown key's)
        return f"unknown field '{extra[0]}' in {where}; expected one of: {', '.join(allowed)}"
    if error.validator == "type":
        hint = ""
        number = isinstance(error.instance, (int, float)) and not isinstance(error.instance, bool)
        if error.validator_value == "string" and number:
            hint = " (YAML read a number: write it in quotes, as in '1234567890')"
        return f"'{where}' must be {_KINDS.get(error.validator_value, error.validator_value)}{hint}"
    if error.validator == "enum":
        known = ", ".join(map(str, error.validator_value))
        return f"'{where}' is {error.instance!r}; expected one of: {known}"
    if error.validator == "minLength":
        return f"'{where}' must not be empty"
    if error.validator == "pattern":
        return f"'{where}' is {error.instance!r}, which does not match {error.validator_value}"
    return f"'{where}': {error.message}"


# --- the body ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    target: str
    line: int
    image: bool


def links_of(body: str, first_line: int) -> list[Link]:
    """Every link and image target of a Markdown body (inline, reference-style, with titles), with
    the line it is written on."""
    parser = MarkdownIt("commonmark").enable("table")
    env: dict = {}
    lines = body.split("\n")
    found = []
    for token in parser.parse(body, env):
        if token.type != "inline" or not token.children:
            continue
        start, end = token.map or (0, 1)
        for child in token.children:
            if child.type in ("link_open", "image"):
                target = child.attrs.get("href" if child.type == "link_open" else "src", "")
                line = _line_of_target(lines, start, end, str(target))
                found.append(Link(str(target), first_line + line, child.type == "image"))
    return found


def _line_of_target(lines: list[str], start: int, end: int, target: str) -> int:
    """The line (0-based) where a link target is written: in its block, or in the reference
    definition that names it."""
    for form in (target, unquote(target)):
        for n in range(start, min(end, len(lines))):
            if form in lines[n]:
                return n
        for n, line in enumerate(lines):
            if re.match(r"^ {0,3}\[[^\]]+\]:", line) and form in line:
                return n
    return start


def body_problems(
    shown: str,
    rel: str,
    body: str,
    body_line: int,
    files: set[str],
    anchors: Callable[[str], set[str]],
) -> list[Problem]:
    """Links and images that lead nowhere, and code fences never closed, in the body of page
    ``rel`` (named ``shown``). ``files``: paths of the docs folder's files (relative, POSIX);
    ``anchors(path)``: the heading ids of a page."""
    problems = []
    for link in links_of(body, body_line):
        why = link_problem(rel, link.target, files, anchors)
        if why:
            problems.append(Problem(shown, link.line, why, "error"))
    return problems + fence_problems(body, body_line, shown)


def link_problem(rel: str, target: str, files: set[str], anchors: Callable[[str], set[str]]) -> str:
    """Why MkDocs' strict build rejects a link from page ``rel`` ('' when it does not)."""
    what = (
        "image"
        if posixpath.splitext(urlsplit(target).path)[1].lower()
        in (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
        else "link"
    )
    scheme, netloc, path, _, anchor = urlsplit(target)
    anchor = unquote(anchor)
    if scheme or netloc or not target:
        return ""
    if target.startswith(("/", "\\")):
        return f"{what} to '{target}' is absolute; write it relative to this page"
    if not path:
        return (
            ""
            if not anchor or anchor in anchors(rel)
            else f"link to '#{anchor}': this page has no such heading"
        )
    uri = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(path))).lstrip("/")
    if uri not in files:
        if not posixpath.splitext(path)[1]:
            return f"link to '{target}' names no file; link to a page's .md file"
        return f"{what} to '{target}' points to no file in the docs folder"
    if anchor and uri.endswith(".md") and anchor not in anchors(uri):
        return f"link to '{target}': {uri} has no heading with the anchor '{anchor}'"
    return ""


def fence_problems(body: str, first_line: int, shown: str) -> list[Problem]:
    fence, fence_line = None, 0
    for n, line in enumerate(body.split("\n"), start=first_line):
        m = _FENCE.match(line)
        if not m:
            continue
        if fence is None:
            fence, fence_line = m.group(1), n
        elif (
            m.group(1)[0] == fence[0]
            and len(m.group(1)) >= len(fence)
            and not line[m.end() :].strip()
        ):
            fence = None
    if fence is None:
        return []
    return [
        Problem(
            shown,
            fence_line,
            f"code fence '{fence}' is never closed; add a closing '{fence}' line",
            "error",
        )
    ]


def heading_ids(body: str, slugify: Callable) -> set[str]:
    """The anchors of a page's headings, as the site's table of contents makes them."""
    md = markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"slugify": slugify}})
    md.convert(body)
    out, stack = set(), list(md.toc_tokens)
    while stack:
        token = stack.pop()
        out.add(token["id"])
        stack.extend(token["children"])
    return out


# --- personal data ----------------------------------------------------------------------------


def privacy_problems(shown: str, text: str, body_line: int, config: Config) -> list[Problem]:
    """One problem per line and category of personal or secret data (never the value). The
    generator's own digests (fingerprint, ids, source keys) are not data."""
    lines, field = text.split("\n"), ""
    for n in range(1, min(body_line - 2, len(lines))):
        top = re.match(r"^([A-Za-z_][\w-]*)\s*:", lines[n])
        field = top.group(1) if top else field
        m = _DIGEST.match(lines[n])
        if m and (not m.group(1).strip().startswith("-") or field in ("related", "merged")):
            lines[n] = m.group(1)
    if not Redactor(config).scan("\n".join(lines)):
        return []  # (most pages: one pass over the whole page, not one per line)
    return scan_lines(lines, shown, config) or [
        Problem(shown, 1, f"{category}: looks like personal or secret data across lines", "error")
        for category in Redactor(config).scan("\n".join(lines))
    ]


def scan_lines(lines: list[str], shown: str, config: Config, first: int = 1) -> list[Problem]:
    redactor = Redactor(config)
    problems = []
    for n, line in enumerate(lines, start=first):
        for category in redactor.scan(line):
            why = f"{category}: looks like personal or secret data; remove it or write ‹已隐藏›"
            problems.append(Problem(shown, n, why, "error"))
    return problems
