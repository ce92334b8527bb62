"""A help article links a document under its name: on the bundled site, a link in 解决方法
to a document that 相关文档 lists is never a bare address."""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter

from .conftest import generate

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw" / "qiniu-support-qa-part15.txt"
LISTED = re.compile(r"^- \[([^\]]+)\]\((\S+)\)$", re.M)


def test_answers_name_the_documents_they_link(tmp_path):
    generate([RAW], tmp_path / "docs", tmp_path / "report.json")
    bare, named = [], 0
    for path in sorted((tmp_path / "docs").rglob("*.md")):
        post = frontmatter.load(path)
        if post.get("status") == "draft" or "## 相关文档" not in post.content:
            continue
        answer, _, listed = post.content.partition("## 相关文档")
        for name, url in LISTED.findall(listed):
            bare += [f"{path.name}: {url}"] * answer.count(f"<{url}>")
            for shown in re.findall(rf"\[([^\]]+)\]\({re.escape(url)}\)", answer):
                named += 1
                assert "://" not in shown and shown.strip(), (path.name, shown)
                assert shown in name, (path.name, shown, name)  # (its title, or the label)
    assert not bare
    assert named >= 20  # (the bundled answers link documents about 40 times)
