"""What a topic page shows of the others, added when the site is built: breadcrumbs, related
topics, and the date of its last commit."""

from __future__ import annotations

import html
import posixpath
import subprocess


def breadcrumbs(src_uri: str, product: str, symptom: str, titles: dict[str, str]) -> str:
    """Product › symptom links for a topic page, relative to the page's own file."""
    here = posixpath.dirname(src_uri)
    links = []
    for target in (f"{product}/index.md", f"{product}/{symptom}/index.md"):
        if target in titles:
            links.append(
                f"[{html.escape(titles[target])}]({posixpath.relpath(target, here or '.')})"
            )
    return '<nav class="hg-crumbs" markdown>' + " › ".join(links) + "</nav>" if links else ""


def related_section(src_uri: str, related, topics: dict[str, tuple[str, str]]) -> str:
    """Links to related topics that still exist (``topics``: id -> (source path, title))."""
    here = posixpath.dirname(src_uri)
    items = [
        f"- [{html.escape(topics[i][1])}]({posixpath.relpath(topics[i][0], here or '.')})"
        for i in (str(r) for r in related or [])
        if i in topics
    ]
    return "\n\n## 相关问题\n\n" + "\n".join(items) + "\n" if items else ""


def last_commit_dates(docs_dir: str) -> dict[str, str]:
    """Date of the last commit of each file under docs_dir, from one ``git log``; empty outside
    git."""
    try:
        out = subprocess.run(
            [
                "git",
                "-C",
                docs_dir,
                "log",
                "--format=%x00%cs",
                "--name-only",
                "--relative",
                "--",
                ".",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    date = ""
    for line in out.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line and date:
            dates.setdefault(line, date)
    return dates
