"""Writers own the pages: moves, retirements, minimal regeneration, last-updated dates."""

from __future__ import annotations

import subprocess

import frontmatter
import yaml

from generator.check import check_docs
from generator.cli import main
from generator.site import build_site

from .conftest import RAW, TICKETS, build_site_in, generate
from .test_cluster import ticket


def first_topic(docs, folder="cdn/certificate"):
    return sorted((docs / folder).glob("[0-9a-f]*.md"))[0]


def edit(page, content=None, **fields):
    """What a writer does: change front matter fields (and the body), save."""
    post = frontmatter.load(page)
    post.metadata.update(fields)
    if content is not None:
        post.content = content
    page.write_text(frontmatter.dumps(post, sort_keys=False) + "\n", encoding="utf-8")
    return post


def test_a_topic_a_writer_moved_stays_moved_and_its_old_url_redirects(tmp_path):
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([RAW], docs, report)
    page = first_topic(docs)
    edit(page, symptom="config")
    data = generate([RAW], docs, report)
    moved = docs / "cdn" / "config" / page.name
    assert moved.is_file() and not page.exists()
    old, new = page.relative_to(docs).as_posix(), moved.relative_to(docs).as_posix()
    assert data["pages"]["moved_by_writers"] == [f"{old} -> {new}"]
    assert yaml.safe_load((docs / ".redirects.yml").read_text(encoding="utf-8"))[old] == new
    # And the next run leaves it there.
    generate([RAW], docs, report)
    assert moved.is_file() and not page.exists()


def test_a_retired_topic_never_comes_back(tmp_path):
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    data = generate([TICKETS], docs, report)
    page = first_topic(docs)
    topic = edit(page, status="retired").metadata["id"]
    data = generate([TICKETS], docs, report)
    mine = [e for e in data["entries"] if e["reason"] == "对应话题已被作者停用（status: retired）"]
    assert mine and all(e["fate"] == "excluded" for e in mine)
    assert not any(e["topic"] == topic for e in data["entries"])
    assert page.is_file()
    assert len(list(docs.rglob(f"{topic}.md"))) == 1
    assert topic not in (docs / "cdn" / "certificate" / "index.md").read_text(encoding="utf-8")


def test_retired_pages_stay_out_of_the_site(tmp_path):
    work = tmp_path / "w"
    work.mkdir()
    assert build_site_in(work, {}) == 0
    page = first_topic(work / "docs_src")
    edit(page, status="retired")
    assert (
        main(
            [
                "generate",
                str(work / "raw"),
                "--docs-dir",
                str(work / "docs_src"),
                "--report",
                str(work / "r.json"),
                "--config-dir",
                str(work / "site_config"),
            ]
        )
        == 0
    )
    build_site(str(work / "mkdocs.yml"), str(work / "docs_src"), str(work / "site2"))
    assert not (work / "site2" / "cdn" / "certificate" / page.stem).exists()
    assert (work / "site2" / "cdn" / "certificate" / "index.html").is_file()


def test_adding_one_raw_file_touches_only_what_it_should(tmp_path):
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([RAW], docs, report)
    before = {
        p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in docs.rglob("*.md")
    }
    extra = tmp_path / "new.txt"
    extra.write_text(
        ticket(
            "量子加速节点怎么开通",
            "量子加速节点怎么开通",
            "在控制台的量子加速页面点击开通，审核通过后一小时内生效。",
            category="CDN｜配置问题",
        ),
        encoding="utf-8",
    )
    data = generate([RAW, extra], docs, report)
    new_topic = next(e["topic"] for e in data["entries"] if e["file"] == str(extra))
    related_only = 0
    for rel in data["pages"]["written"]:
        if rel.endswith("index.md"):
            assert rel in ("index.md", "cdn/index.md", "cdn/config/index.md"), rel
        elif rel.endswith(f"{new_topic}.md"):
            assert rel not in before
        else:
            old, new = frontmatter.loads(before[rel]), frontmatter.load(docs / rel)
            changed = {
                k
                for k in set(old.metadata) | set(new.metadata)
                if old.metadata.get(k) != new.metadata.get(k)
            }
            assert changed <= {"related", "generated"} and old.content == new.content, rel
            related_only += 1
    # Only topics that share words with the new one can see their related lists change.
    assert related_only <= 10


def test_check_rejects_an_unknown_status(tmp_path, config):
    docs = tmp_path / "docs" / "cdn" / "config"
    docs.mkdir(parents=True)
    (docs / "a.md").write_text(
        "---\nid: a\ntitle: 页面\nproduct: cdn\nsymptom: config\nstatus: hidden\n---\n\n# 页面\n",
        encoding="utf-8",
    )
    assert [str(p) for p in check_docs(str(tmp_path / "docs"), config)] == [
        f"{tmp_path / 'docs'}/cdn/config/a.md:6: status 'hidden' is not known; "
        "expected one of: published, retired"
    ]


def test_pages_show_their_last_update_from_git(tmp_path):
    work = tmp_path / "w"
    work.mkdir()
    assert build_site_in(work, {}) == 0
    git = ["git", "-C", str(work), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "docs_src"], check=True)
    subprocess.run(
        [*git, "commit", "-q", "-m", "pages", "--date", "2026-03-04T05:06:07"],
        check=True,
        env={"GIT_COMMITTER_DATE": "2026-03-04T05:06:07", "PATH": "/usr/bin:/bin"},
    )
    build_site(str(work / "mkdocs.yml"), str(work / "docs_src"), str(work / "site2"))
    page = first_topic(work / "docs_src")
    html = (
        work / "site2" / page.relative_to(work / "docs_src").with_suffix("") / "index.html"
    ).read_text(encoding="utf-8")
    assert "最后更新：2026-03-04" in html


def test_a_reworded_page_keeps_its_entries(tmp_path):
    """A writer may rewrite title, phrasings and answer: the raw entries it lists never start
    a duplicate."""
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([TICKETS], docs, report)
    page = first_topic(docs)
    post = edit(
        page, "# 全新的标题\n\n作者重写的答案。\n", title="全新的标题", questions=["全新的标题"]
    )
    before = sorted(p.name for p in docs.rglob("[0-9a-f]*.md"))
    data = generate([TICKETS], docs, report)
    assert sorted(p.name for p in docs.rglob("[0-9a-f]*.md")) == before
    keys = {s["key"] for s in post.metadata["sources"]}
    mine = [e for e in data["entries"] if e["topic"] == post.metadata["id"]]
    assert len(mine) >= len(keys)
    assert frontmatter.load(page).content.strip() == "# 全新的标题\n\n作者重写的答案。"


def test_an_edit_that_keeps_the_size_and_time_of_a_page_is_still_seen(tmp_path):
    """Whether a page was edited is judged by its content, never by its file stats."""
    import os

    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([RAW], docs, report)
    edited = first_topic(docs)
    text = edited.read_text(encoding="utf-8")
    stat = edited.stat()
    same_size = text.replace("。", "！", 1)  # one character for another of the same length
    assert len(same_size.encode()) == len(text.encode()) and same_size != text
    edited.write_text(same_size, encoding="utf-8")
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    data = generate([RAW], docs, report)
    assert edited.read_text(encoding="utf-8") == same_size  # the writer's edit stands
    assert edited.relative_to(docs).as_posix() in data["pages"]["kept_edited_by_writers"]


def writer_page(docs, topic_id: str, title: str, body: str, folder="cdn/certificate") -> None:
    path = docs / folder / f"{topic_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    post = frontmatter.Post(
        body, id=topic_id, title=title, product=folder.split("/")[0], symptom=folder.split("/")[1]
    )
    path.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")


def test_two_pages_writers_own_never_join_each_other(tmp_path):
    """Two hand-written pages on the same question stay two pages; an entry asking it joins one."""
    docs = tmp_path / "docs"
    answer = "免费证书不能续期，请在控制台重新申请免费证书并部署到域名。"
    writer_page(docs, "mine000001", "免费证书到期后怎么续期", answer)
    writer_page(docs, "mine000002", "免费证书到期后怎么续期", answer)
    raw = tmp_path / "a.txt"
    raw.write_text(
        ticket("免费证书到期后怎么续期", "免费证书到期后怎么续期", answer), encoding="utf-8"
    )
    data = generate([raw], docs, tmp_path / "r.json")
    assert sorted(p.stem for p in docs.rglob("mine*.md")) == ["mine000001", "mine000002"]
    [fate] = data["entries"]
    assert fate["fate"] == "merged" and fate["topic"] in {"mine000001", "mine000002"}
    assert sorted(data["pages"]["kept_edited_by_writers"]) == [
        "cdn/certificate/mine000001.md",
        "cdn/certificate/mine000002.md",
    ]


def test_a_topic_moved_twice_redirects_from_its_first_place_to_its_last(tmp_path):
    """Redirect chains are followed: a -> b -> c is recorded as a -> c (and b -> c)."""
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([TICKETS], docs, report)
    page = first_topic(docs)
    first = page.relative_to(docs).as_posix()
    for symptom in ("access", "config"):
        post = frontmatter.load(page)
        post.metadata["symptom"] = symptom
        page.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
        generate([TICKETS], docs, report)
        page = docs / "cdn" / symptom / page.name
        assert page.is_file()
    redirects = yaml.safe_load((docs / ".redirects.yml").read_text(encoding="utf-8"))
    assert redirects[first] == f"cdn/config/{page.name}"
    assert redirects[f"cdn/access/{page.name}"] == f"cdn/config/{page.name}"
