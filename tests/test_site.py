"""The site: a strict MkDocs build in a temporary folder, and what lands in the HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import frontmatter
import pytest

from generator.sitepages import POPULAR

from .conftest import build_site_in

NASTY = (
    """## <script>alert('title')</script>怎么配置

**问题分类**: CDN｜配置问题

### 问题描述

<img src=x onerror=alert(1)> 配置入口在哪里

### 客服解答

**客户**：# 不是标题 | a | b |
**客服**：请按以下步骤配置 <b onmouseover=alert(2)>粗体</b> [点我](javascript:alert(3))"""
    """ {{ config.site_name }} {% if x %}
---
```
未闭合的代码块
"""
)


FAQ_HTML = (
    """<style>
.x { color: red }
</style>

### 直播推流参数有哪些？

<table class="t"><tr><th>参数</th><th>说明</th></tr>"""
    """<tr><td onclick="alert(7)">txTime</td><td>有效时间</td></tr></table>
"""
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("site")
    assert build_site_in(work, {"nasty.txt": NASTY, "faq-html.md": FAQ_HTML}) == 0
    return work


def html_files(site):
    return sorted(site.rglob("*.html"))


def test_pages_exist_for_home_indexes_and_topics(built):
    site = built / "site"
    assert (site / "index.html").is_file()
    assert (site / "cdn" / "index.html").is_file()
    assert (site / "cdn" / "certificate" / "index.html").is_file()
    topics = [p for p in (built / "docs_src").rglob("*.md") if p.name != "index.md"]
    for page in topics:
        rel = page.relative_to(built / "docs_src").with_suffix("")
        draft = frontmatter.load(page).metadata.get("status") == "draft"
        assert (site / rel / "index.html").is_file() != draft  # (drafts stay off the site)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'lang="zh"' in home and "按产品浏览" in home and 'for="__search"' in home


def test_navigation_does_not_list_topics(built):
    site = built / "site"
    ids = {
        p.stem
        for p in (built / "docs_src").rglob("[0-9a-f]*.md")
        if re.fullmatch(r"[0-9a-f]{10}", p.stem)
    }
    home = (site / "index.html").read_text(encoding="utf-8")
    # The home page's own list of the most-asked questions links a few topics; nothing else does.
    outside = re.sub(r"<article.*?</article>", "", home, flags=re.S)
    assert not any(f"/{i}/" in outside for i in ids)
    assert len({i for i in ids if f"/{i}/" in home}) <= POPULAR
    page = next(p for p in html_files(site) if p.parent.name in ids).read_text(encoding="utf-8")
    sidebar = page[page.index("md-sidebar--primary") : page.index("md-sidebar--secondary")]
    assert not any(f"{i}/" in sidebar for i in ids)
    symptom_index = (site / "cdn" / "certificate" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'href="[0-9a-f]{10}/"', symptom_index)) >= 10


def test_nothing_from_the_data_is_live_markup(built):
    for path in html_files(built / "site"):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text
        assert 'href="javascript:' not in text and "<b onmouseover" not in text
        assert "[REDACTED_" not in text
    index = (built / "site" / "search" / "helpgen_index.json").read_text(encoding="utf-8")
    assert "[REDACTED_" not in index and "<script>" not in index


def test_report_of_the_build(built):
    data = json.loads((built / "report.json").read_text(encoding="utf-8"))
    assert len(data["entries"]) == 119
    nasty = [e for e in data["entries"] if e["file"].endswith("nasty.txt")]
    assert len(nasty) == 1 and nasty[0]["fate"] == "published"


def test_strict_build_fails_on_a_broken_link_naming_file_and_line(built):
    page = next(
        p
        for p in (built / "docs_src" / "cdn" / "config").glob("[0-9a-f]*.md")
        if "status: draft" not in p.read_text(encoding="utf-8")
    )
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n见 [旧页面](gone.md)\n", encoding="utf-8")
    line = len(original.split("\n")) + 1
    from generator.errors import HelpgenError
    from generator.site import build_site

    try:
        with pytest.raises(HelpgenError) as caught:
            build_site(str(built / "mkdocs.yml"), str(built / "docs_src"), str(built / "site2"))
    finally:
        page.write_text(original, encoding="utf-8")
    places = {(Path(p.file).name, p.line) for p in caught.value.problems}
    assert (page.name, line) in places
    assert all(p.line > 0 for p in caught.value.problems)


def test_vendor_html_tables_render_as_tables(built):
    page = next(
        p
        for p in (built / "docs_src").rglob("[0-9a-f]*.md")
        if "txTime" in p.read_text(encoding="utf-8")
    )
    html = (
        built / "site" / page.relative_to(built / "docs_src").with_suffix("") / "index.html"
    ).read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert "<td>txTime</td>" in article and "onclick" not in article and "color: red" not in article


def test_every_page_starts_the_sites_search_worker(built):
    """Material's page script reads its worker's address from the page's __config; on every
    built page it names the site's own worker, which exists, whatever Material's own is called."""
    import posixpath

    site = built / "site"
    for path in html_files(site):
        text = path.read_text(encoding="utf-8")
        match = re.search(
            r'<script id="__config" type="application/json">(.*?)</script>', text, re.S
        )
        assert match, path
        worker = json.loads(match.group(1))["search"]
        assert worker.endswith("assets/javascripts/helpgen/search-worker.js"), (path, worker)
        here = path.parent.relative_to(site).as_posix()
        target = (
            worker.lstrip("/")
            if worker.startswith("/")
            else posixpath.normpath(posixpath.join(here, worker))
        )
        assert (site / target).is_file(), (path, worker)
    assert "lunr" in (site / "assets/javascripts/helpgen/search-worker.js").read_text(
        encoding="utf-8"
    )
