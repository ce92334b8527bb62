"""Writers own the pages: nothing of theirs is lost, moved or overwritten; moves, retirements,
deletions and retractions stick; one edit changes one file."""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess

import frontmatter
import pytest
import yaml

from generator.cli import main
from generator.site import build_site

from .conftest import RAW, ROOT, TICKETS, build_site_in, generate, redirects_of, shown
from .test_cluster import ticket


def first_topic(docs, folder="cdn/certificate"):
    """The first published (not draft) topic page of a folder."""
    pages = sorted((docs / folder).glob("[0-9a-f]*.md"))
    return next(p for p in pages if "status: draft" not in p.read_text(encoding="utf-8"))


def edit(page, content=None, **fields):
    """What a writer does: change front matter fields (and the body), save."""
    post = frontmatter.load(page)
    post.metadata.update(fields)
    if content is not None:
        post.content = content
    page.write_text(frontmatter.dumps(post, sort_keys=False) + "\n", encoding="utf-8")
    return post


def snapshot(folder) -> dict:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run(*args) -> int:
    return main([*map(str, args), "--config-dir", str(ROOT / "site_config")])


# --- nothing lost, ever -------------------------------------------------------------------


def _bad_yaml(page, docs):
    text = page.read_text(encoding="utf-8").replace(
        "## 解决方法", "## 解决方法\n\n作者补充的一段。", 1
    )
    page.write_text(text.replace("tags:\n- ", "tags: [", 1), encoding="utf-8")
    return "front matter is not valid YAML"


def _unclosed(page, docs):
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n---\n", "\n\n", 1), encoding="utf-8")
    return "front matter is not closed"


def _unknown_product(page, docs):
    edit(page, product="cnd")
    return "product 'cnd' is not in the taxonomy"


def _duplicate_id(page, docs):
    other = next(
        p for p in sorted((docs / "cdn" / "certificate").glob("[0-9a-f]*.md")) if p != page
    )
    edit(other, id=page.stem)
    return f"id '{page.stem}' is already used"


def _id_not_file(page, docs):
    edit(page, id="0000000000")
    return "front matter puts it at cdn/certificate/0000000000.md"


def _wrong_folder(page, docs):
    target = docs / "kodo" / "upload" / page.name
    shutil.move(page, target)
    return "the page is at kodo/upload/"


@pytest.mark.parametrize(
    "damage",
    [_bad_yaml, _unclosed, _unknown_product, _duplicate_id, _id_not_file, _wrong_folder],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_page_that_cannot_be_read_stops_the_run_and_nothing_changes(tmp_path, capsys, damage):
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([RAW], docs, report)
    expected = damage(first_topic(docs), docs)
    before = snapshot(docs)
    capsys.readouterr()
    for command in (["generate", RAW], ["build", RAW, "--site-dir", tmp_path / "site"]):
        assert run(*command, "--docs-dir", docs, "--report", report) == 1
        err = capsys.readouterr().err
        assert expected in err and f"{docs}/" in err
        assert snapshot(docs) == before  # not a byte written, moved or removed
    assert not (tmp_path / "site").exists()


# --- moves, retirements, deletions, retractions ---------------------------------------------


def test_a_topic_a_writer_moved_keeps_its_old_address_as_a_redirect(tmp_path):
    work = tmp_path / "w"
    work.mkdir()
    assert build_site_in(work, {}) == 0
    docs = work / "docs_src"
    page = first_topic(docs)
    old = page.relative_to(docs).as_posix()
    moved = docs / "cdn" / "config" / page.name  # git mv, and the front matter follows
    shutil.move(page, moved)
    edit(moved, symptom="config")
    build_site(str(work / "mkdocs.yml"), str(docs), str(work / "site2"))  # before any regeneration
    redirect = (work / "site2" / "cdn" / "certificate" / page.stem / "index.html").read_text(
        encoding="utf-8"
    )
    assert 'http-equiv="refresh"' in redirect and f"../../config/{page.stem}/" in redirect
    data = generate([work / "raw"], docs, work / "r.json")
    assert data["pages"]["moved_by_writers"] == [f"{old} -> cdn/config/{page.name}"]
    assert redirects_of(docs)[old] == f"cdn/config/{page.name}"
    generate([work / "raw"], docs, work / "r.json")
    assert moved.is_file() and not page.exists()


def test_when_the_taxonomy_drops_a_symptom_generated_pages_move_and_edited_ones_are_reported(
    tmp_path, capsys
):
    config = tmp_path / "site_config"
    shutil.copytree(ROOT / "site_config", config)
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    args = ["--docs-dir", docs, "--report", report, "--config-dir", config]
    assert main(list(map(str, ["generate", RAW, *args]))) == 0
    generated, edited = sorted((docs / "kodo" / "upload").glob("*.md"))[:2]
    edit(edited, content=edited.read_text(encoding="utf-8").split("---\n", 2)[2] + "\n作者补充。\n")
    taxonomy = config / "taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8")
    text = text.replace(
        "symptoms: [upload, access, certificate", "symptoms: [access, certificate", 1
    )
    taxonomy.write_text(text, encoding="utf-8")
    capsys.readouterr()
    check = ["check", "--docs-dir", docs, "--config-dir", config]
    assert main(list(map(str, check))) == 1
    out = capsys.readouterr().out
    assert f"{edited}:5: symptom 'upload' is not offered by product 'kodo'" in out
    assert f"{generated}:5:" in out and "'helpgen generate' places it anew" in out
    # The edited page stops the run; moved where the writer wants, the generated one moves.
    assert main(list(map(str, ["generate", RAW, *args]))) == 1
    assert generated.is_file()
    target = docs / "kodo" / "access" / edited.name
    shutil.move(edited, target)
    edit(target, symptom="access")
    assert main(list(map(str, ["generate", RAW, *args]))) == 0
    assert not generated.exists() and not (docs / "kodo" / "upload").exists()
    [now] = list(docs.rglob(generated.name))
    assert redirects_of(docs)[f"kodo/upload/{generated.name}"] == now.relative_to(docs).as_posix()
    assert "作者补充。" in target.read_text(encoding="utf-8")


def test_a_topic_moved_twice_redirects_from_its_first_place_to_its_last(tmp_path):
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([TICKETS], docs, report)
    page = first_topic(docs)
    first = page.relative_to(docs).as_posix()
    for symptom in ("access", "config"):
        target = docs / "cdn" / symptom / page.name
        shutil.move(page, target)
        edit(target, symptom=symptom)
        generate([TICKETS], docs, report)
        page = target
    redirects = redirects_of(docs)
    assert redirects[first] == f"cdn/config/{page.name}"
    assert redirects[f"cdn/access/{page.name}"] == f"cdn/config/{page.name}"


def test_a_retired_topic_never_comes_back(tmp_path):
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([TICKETS], docs, report)
    page = first_topic(docs)
    topic = edit(page, status="retired").metadata["id"]
    data = generate([TICKETS], docs, report)
    mine = [e for e in data["entries"] if e["reason"] == "对应话题已被作者停用（status: retired）"]
    assert mine and all(e["fate"] == "excluded" for e in mine)
    assert not any(e["topic"] == topic for e in data["entries"])
    assert page.is_file() and len(list(docs.rglob(f"{topic}.md"))) == 1


def test_retired_pages_stay_out_of_the_site(tmp_path):
    work = tmp_path / "w"
    work.mkdir()
    assert build_site_in(work, {}) == 0
    page = first_topic(work / "docs_src")
    edit(page, status="retired")
    build_site(str(work / "mkdocs.yml"), str(work / "docs_src"), str(work / "site2"))
    assert not (work / "site2" / "cdn" / "certificate" / page.stem).exists()
    index = (work / "site2" / "cdn" / "certificate" / "index.html").read_text(encoding="utf-8")
    assert page.stem not in index


def test_a_page_a_writer_deleted_never_comes_back(tmp_path):
    """Deleting a generated page retires it: the ledger remembers it, its entries are left out,
    and regenerating changes nothing (so the deploy check passes)."""
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([TICKETS], docs, report)
    page = first_topic(docs)
    keys = {s["key"] for s in frontmatter.load(page).metadata["sources"]}
    page.unlink()
    before = snapshot(docs)
    data = generate([TICKETS], docs, report)
    assert not page.exists() and snapshot(docs) == before
    mine = [e for e in data["entries"] if e["reason"] and "已被作者删除" in e["reason"]]
    assert len(mine) == len(keys) and all(e["fate"] == "excluded" for e in mine)
    ledger = yaml.safe_load((docs / ".topics.yml").read_text(encoding="utf-8"))
    assert page.stem in ledger["pages"]
    assert run("generate", TICKETS, "--docs-dir", docs, "--report", report, "--dry-run") == 0


def test_a_raw_file_taken_back_retracts_its_pages(tmp_path):
    """Pages made only from a raw file that is gone are removed; a writer's page whose sources
    are all gone stays and is flagged in the report."""
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(TICKETS, raw)
    bad = raw / "bad-dump.txt"
    bad.write_text(
        ticket(
            "量子加速节点怎么开通",
            "量子加速节点怎么开通",
            "在控制台的量子加速页面点击开通，一小时内生效。",
        )
        + ticket(
            "量子节点怎么计费",
            "量子节点怎么计费",
            "量子节点按小时计费，详见价格页面中的量子节点部分。",
        ),
        encoding="utf-8",
    )
    data = generate([raw], docs, report)
    made = sorted({e["topic"] for e in data["entries"] if e["file"] == shown(bad)})
    assert len(made) == 2
    writer = next(docs.rglob(f"{made[1]}.md"))
    edit(writer, content=frontmatter.load(writer).content + "\n\n作者补充。\n")
    bad.unlink()
    data = generate([raw], docs, report)
    gone = next(docs.rglob(f"{made[0]}.md"), None)
    assert gone is None
    assert any(p.endswith(f"{made[0]}.md") for p in data["pages"]["removed"])
    assert writer.is_file() and data["pages"]["sources_gone_from_raw_data"] == [
        writer.relative_to(docs).as_posix()
    ]


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


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_new_entries_only_add_lines_to_a_writers_page(tmp_path, newline):
    """New sources and phrasings are lines added at the ends of their lists: the writer's
    comments (after a list too), flow-style lists, line endings and byte-order mark stay."""
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([TICKETS], docs, report)
    page = first_topic(docs)
    first = frontmatter.load(page).metadata["sources"][0]
    text = page.read_text(encoding="utf-8")
    text = text.replace("\ntitle:", "\n# 作者：标题按客户的说法改过\nhide: [toc]\ntitle:", 1)
    text = text.replace("\ngenerated:", "\n# 以上来源由生成器维护\ngenerated:", 1)
    mine = ("\ufeff" if newline == "\r\n" else "") + text.replace("\n", newline)
    page.write_bytes(mine.encode("utf-8"))
    lines = TICKETS.read_text(encoding="utf-8").splitlines(keepends=True)[first["line"] - 1 :]
    end = next(k for k, line in enumerate(lines) if k and line.startswith("## "))
    again = tmp_path / "again.txt"  # (the same question, asked again in other words)
    again.write_text("".join(lines[:end]).replace("## ", "## 生产环境", 1), encoding="utf-8")
    generate([TICKETS, again], docs, report)
    after = page.read_bytes().decode("utf-8")
    before_meta, meta = (frontmatter.loads(t.lstrip("\ufeff")).metadata for t in (mine, after))
    assert len(meta["sources"]) == len(before_meta["sources"]) + 1
    assert len(meta["questions"]) == len(before_meta["questions"]) + 1
    assert after.startswith(mine[:1]) and after.count("\n") == after.count(newline)
    changes = [d for d in difflib.ndiff(mine.splitlines(), after.splitlines()) if d[0] in "+-"]
    assert changes and all(d.startswith("+ ") for d in changes)  # (lines added, none changed)


def test_a_draft_a_writer_has_begun_stays_in_the_writers_queue(tmp_path):
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    data = generate([TICKETS], docs, report)
    queued = {d["page"]: d for d in data["writers_queue"]}
    draft = docs / next(iter(queued))
    edit(draft, "# 草稿\n\n作者正在补充的答复。\n")  # (still status: draft)
    data = generate([TICKETS], docs, report)
    assert {d["page"]: d for d in data["writers_queue"]} == queued
    assert draft.relative_to(docs).as_posix() in data["pages"]["kept_edited_by_writers"]


def test_two_pages_writers_own_never_join_each_other(tmp_path):
    """Two hand-written pages on the same question stay two pages; an entry asking it joins one."""
    docs = tmp_path / "docs"
    answer = "免费证书不能续期，请在控制台重新申请免费证书并部署到域名。"
    for topic_id in ("mine000001", "mine000002"):
        path = docs / "cdn" / "certificate" / f"{topic_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        post = frontmatter.Post(
            answer,
            id=topic_id,
            title="免费证书到期后怎么续期",
            product="cdn",
            symptom="certificate",
        )
        path.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
    raw = tmp_path / "a.txt"
    raw.write_text(
        ticket("免费证书到期后怎么续期", "免费证书到期后怎么续期", answer), encoding="utf-8"
    )
    data = generate([raw], docs, tmp_path / "r.json")
    assert sorted(p.stem for p in docs.rglob("mine*.md")) == ["mine000001", "mine000002"]
    [fate] = data["entries"]
    assert fate["fate"] == "merged" and fate["topic"] in {"mine000001", "mine000002"}


# --- one edit, one diff ----------------------------------------------------------------------


def test_a_writers_edit_changes_no_other_file(tmp_path):
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([RAW], docs, report)
    page = first_topic(docs)
    edit(page, title="证书过期后如何重新申请免费证书？")
    before = snapshot(docs)
    data = generate([RAW], docs, report)
    assert snapshot(docs) == before and data["pages"]["written"] == []
    assert run("generate", RAW, "--docs-dir", docs, "--report", report, "--dry-run") == 0


def test_new_raw_data_makes_the_dry_run_fail_and_lists_the_files(tmp_path, capsys):
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([TICKETS], docs, report)
    before = snapshot(docs)
    capsys.readouterr()
    assert run("generate", RAW, "--docs-dir", docs, "--report", report, "--dry-run") == 1
    out = capsys.readouterr().out
    assert "would write" in out and ".topics.yml" in out
    assert snapshot(docs) == before


def test_adding_one_raw_file_touches_only_its_own_pages(tmp_path):
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([RAW], docs, report)
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
    new_topic = next(e["topic"] for e in data["entries"] if e["file"] == shown(extra))
    assert sorted(data["pages"]["written"]) == [".topics.yml", f"cdn/config/{new_topic}.md"]


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


def test_the_report_lists_what_happened_to_the_pages(tmp_path):
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([RAW], docs, report)
    data = json.loads(report.read_text(encoding="utf-8"))
    assert set(data["pages"]) == {
        "written",
        "unchanged",
        "kept_edited_by_writers",
        "removed",
        "moved_by_writers",
        "merged_by_writers",
        "sources_gone_from_raw_data",
    }
