"""Adding to a writer's front matter without rewriting it.

New sources and phrasings join a writer's page as new list items, written where the list
ends, in the list's own indentation; every other byte (comments, quoting, the order and
style of the other fields) stays as the writer left it. When the result would not read back
as the intended front matter (a list written in flow style, ``[a, b]``), ``appended`` says
so and the caller writes the front matter anew.
"""

from __future__ import annotations

import re

import yaml

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(.*)$")
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def appended(text: str, additions: dict[str, list], meta: dict) -> str | None:
    """``text`` (a whole page) with ``additions`` (field -> new items) added to those list
    fields of its front matter; ``meta``: the front matter it must then read as. None when
    that cannot be done without rewriting what the writer wrote.

    >>> page = "---\\nid: a1\\n# 作者的备注\\nquestions:\\n  - 怎么续费\\ntags: [证书]\\n---\\n"
    >>> meta = {"id": "a1", "questions": ["怎么续费", "如何续费"], "tags": ["证书"]}
    >>> print(appended(page + "正文\\n", {"questions": ["如何续费"]}, meta), end="")
    ---
    id: a1
    # 作者的备注
    questions:
      - 怎么续费
      - 如何续费
    tags: [证书]
    ---
    正文
    """
    bom, text = text[:1] == "\ufeff", text.removeprefix("\ufeff")
    crlf, text = "\r\n" in text, text.replace("\r\n", "\n")  # (the page's own line endings)
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None
    front = lines[1:end]
    for field, items in additions.items():
        if items:
            front = _with_items(front, field, items)
            if front is None:
                return None
    try:
        if yaml.safe_load("\n".join(front)) != meta:
            return None
    except yaml.YAMLError:
        return None
    out = "\n".join([lines[0], *front, *lines[end:]])
    return ("\ufeff" if bom else "") + (out.replace("\n", "\r\n") if crlf else out)


def _with_items(front: list[str], field: str, items: list) -> list[str] | None:
    """The front matter's lines with ``items`` at the end of the block list ``field`` (a new
    block at the end when there is none, or when it is the empty ``[]``)."""
    at = next((i for i, line in enumerate(front) if _key(line) == field), None)
    rest = "" if at is None else _TOP_KEY.match(front[at]).group(2)
    comment = re.search(r"\s#.*$", rest)
    value = rest[: comment.start()].strip() if comment else rest.strip()
    if at is None or value == "[]":
        block = _dump(items, "").splitlines()
        if at is None:
            return [*front, f"{field}:", *block]
        return [
            *front[:at],
            f"{field}:" + (comment.group(0) if comment else ""),
            *block,
            *front[at + 1 :],
        ]
    if value:
        return None  # (a flow list or a scalar: only a rewrite can extend it)
    stop = next(
        (
            i
            for i in range(at + 1, len(front))
            if front[i] and not front[i][0].isspace() and not front[i].startswith("-")
        ),
        len(front),
    )
    while stop > at + 1 and not front[stop - 1].strip():
        stop -= 1  # (blank lines after the list stay after it)
    first = next((line for line in front[at + 1 : stop] if line.strip()), "- ")
    indent = first[: len(first) - len(first.lstrip())]
    return [*front[:stop], *_dump(items, indent).splitlines(), *front[stop:]]


def _key(line: str) -> str | None:
    m = _TOP_KEY.match(line)
    return m.group(1) if m else None


def _dump(items: list, indent: str) -> str:
    text = yaml.dump(items, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10**6)
    return "".join(indent + line for line in text.splitlines(keepends=True))
