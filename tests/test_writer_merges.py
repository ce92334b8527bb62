"""A writer merges two topics grouping kept apart: ``merged:`` on the page that stays, the
other page deleted. Its entries and later phrasings join the page, and its address redirects."""

from __future__ import annotations

import frontmatter
import pytest

from generator.check import check_docs, check_site
from generator.cli import main
from generator.site import build_site

from .conftest import ROOT, TICKETS, copy_setup, generate, redirects_of
from .test_writers import edit, snapshot


def published(docs):
    """The published topic pages, by folder, sorted."""
    pages: dict[str, list] = {}
    for p in sorted(docs.glob("*/*/[0-9a-f]*.md")):
        if "status: draft" not in p.read_text(encoding="utf-8"):
            pages.setdefault(p.parent.relative_to(docs).as_posix(), []).append(p)
    return pages


def two_pages(docs):
    """The first two published pages of the first folder that has two."""
    return next(pages[:2] for pages in published(docs).values() if len(pages) >= 2)


def entry_at(raw, line: int) -> str:
    """The raw ticket whose heading is on ``line``, as written (up to the next ticket)."""
    lines = raw.read_text(encoding="utf-8").splitlines(keepends=True)[line - 1 :]
    end = next((k for k, text in enumerate(lines) if k and text.startswith("## ")), len(lines))
    return "".join(lines[:end])


def test_a_merged_topic_brings_its_entries_its_phrasings_and_its_address(tmp_path, config):
    docs, report = tmp_path / "docs_src", tmp_path / "r.json"
    copy_setup(tmp_path)
    generate([TICKETS], docs, report)
    keep, other = two_pages(docs)
    theirs = frontmatter.load(other).metadata["sources"]
    keep_rel, other_rel = (p.relative_to(docs).as_posix() for p in (keep, other))
    edit(keep, merged=[other.stem])
    other.unlink()
    third = next(p for pages in published(docs).values() for p in pages if p not in (keep, other))
    edit(third, related=[other.stem])

    # The address redirects at once, before any regeneration; a page that named the merged
    # topic as related leads to the page that stayed.
    build_site(str(tmp_path / "mkdocs.yml"), str(docs), str(tmp_path / "site"))
    html = (tmp_path / "site" / other_rel.removesuffix(".md") / "index.html").read_text("utf-8")
    assert 'http-equiv="refresh"' in html and f"/{keep.stem}/" in html
    page = tmp_path / "site" / third.relative_to(docs).as_posix().removesuffix(".md")
    related = (page / "index.html").read_text("utf-8").split('id="相关问题"')[1]
    assert f"/{keep.stem}/" in related.split("</ul>")[0]
    # The site check (run before deploying) accepts a redirect to a page of the site, and only
    # that: sending the reader elsewhere is live markup, and to a page the site lacks, a 404.
    assert check_site(str(tmp_path / "site"), config) == []
    redirect = tmp_path / "site" / other_rel.removesuffix(".md") / "index.html"
    redirect.write_text(html.replace('location.href="', 'location.href="//evil.example/'), "utf-8")
    found = {p.message for p in check_site(str(tmp_path / "site"), config)}
    assert any("an inline script not the theme's" in m for m in found)
    redirect.write_text(html.replace(f"/{keep.stem}/", "/0000000000/"), "utf-8")
    [gone] = {p.message for p in check_site(str(tmp_path / "site"), config)}
    assert "a page the site does not have" in gone
    redirect.write_text(html, "utf-8")

    data = generate([TICKETS], docs, report)
    assert data["pages"]["merged_by_writers"] == [f"{other_rel} -> {keep_rel}"]
    assert redirects_of(docs)[other_rel] == keep_rel
    fates = {e["line"]: e for e in data["entries"]}
    for source in theirs:
        assert fates[source["line"]]["fate"] == "merged"
        assert fates[source["line"]]["topic"] == keep.stem
    listed = {s["key"] for s in frontmatter.load(keep).metadata["sources"]}
    assert {s["key"] for s in theirs} <= listed
    assert not other.exists()

    # Regenerating changes nothing (the deploy check passes) ...
    before = snapshot(docs)
    generate([TICKETS], docs, report)
    assert snapshot(docs) == before
    args = ["generate", TICKETS, "--docs-dir", docs, "--report", report, "--dry-run"]
    assert main([*map(str, args), "--config-dir", str(ROOT / "site_config")]) == 0

    # ... and a customer who asks the merged question again lands on the page that stayed.
    again = tmp_path / "again.txt"
    again.write_text(entry_at(TICKETS, theirs[0]["line"]), encoding="utf-8")
    data = generate([TICKETS, again], docs, report)
    [asked] = [e for e in data["entries"] if e["file"].endswith("again.txt")]
    assert asked["fate"] == "merged" and asked["topic"] == keep.stem
    assert not list(docs.rglob(f"{other.stem}.md"))


def test_check_names_every_wrong_merge_by_file_and_line(tmp_path, config):
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([TICKETS], docs, report)
    keep, other = two_pages(docs)
    third = next(p for pages in published(docs).values() for p in pages if p not in (keep, other))
    edit(keep, merged=[other.stem, "0000000000", keep.stem])
    edit(third, merged=[other.stem])
    line = keep.read_text(encoding="utf-8").splitlines().index("merged:") + 1
    found = [str(p) for p in check_docs(str(docs), config)]
    shown = f"{docs}/{keep.relative_to(docs).as_posix()}:{line}:"
    mine = [f for f in found if f.startswith(shown)]
    assert any(f"'{other.stem}' is merged" in f and "still there: delete it" in f for f in mine)
    assert any("no topic '0000000000' is known" in f for f in mine)
    assert any(f"'{keep.stem}' is this page's own id" in f for f in mine)
    # A draft cannot take a topic: the topic's address would lead to no page.
    drafts = [
        p for p in sorted(docs.rglob("[0-9a-f]*.md")) if "status: draft" in p.read_text("utf-8")
    ]
    draft = drafts[0]
    edit(draft, merged=[other.stem])
    found = [str(p) for p in check_docs(str(docs), config)]
    assert any(
        f.startswith(f"{docs}/{draft.relative_to(docs).as_posix()}:") and "not published" in f
        for f in found
    )
    edit(draft, merged=[])
    # Once the page is gone, the merge is right; a second page merging it is named.
    other.unlink()
    found = [str(p) for p in check_docs(str(docs), config)]
    assert any(f"topic '{other.stem}' is already merged into" in f for f in found)
    assert not any("is still there" in f for f in found)


@pytest.mark.parametrize("locked", [False, True])
def test_a_merge_of_a_page_that_had_merged_another_takes_both(tmp_path, locked):
    """A merges B; later C merges A: B's entries and A's, and both addresses, go to C (also
    when A was locked, so that B's sources were never added to it)."""
    docs, report = tmp_path / "docs", tmp_path / "r.json"
    generate([TICKETS], docs, report)
    a, b = two_pages(docs)
    c = next(p for pages in published(docs).values() for p in pages if p not in (a, b))
    rel = {p: p.relative_to(docs).as_posix() for p in (a, b, c)}
    keys = {s["key"] for p in (a, b) for s in frontmatter.load(p).metadata["sources"]}
    edit(a, merged=[b.stem], **({"locked": True} if locked else {}))
    b.unlink()
    generate([TICKETS], docs, report)
    edit(c, merged=[a.stem])
    a.unlink()
    data = generate([TICKETS], docs, report)
    listed = {s["key"] for s in frontmatter.load(c).metadata["sources"]}
    assert keys <= listed
    mine = [e for e in data["entries"] if e["topic"] == c.stem]
    assert not [e for e in data["entries"] if e["fate"] == "excluded" and "删除" in e["reason"]]
    assert len(mine) >= len(keys)
    redirects = redirects_of(docs)
    assert redirects[rel[a]] == rel[c] and redirects[rel[b]] == rel[c]


def test_an_address_leads_to_a_draft_only_on_the_writers_preview(tmp_path, config, monkeypatch):
    """A draft is not on the customer site: an old address of it shows the 404 page there
    (no redirect to nowhere), and redirects on the writers' preview."""
    docs, report = tmp_path / "docs_src", tmp_path / "r.json"
    copy_setup(tmp_path)
    generate([TICKETS], docs, report)
    draft = next(
        p for p in sorted(docs.rglob("[0-9a-f]*.md")) if "status: draft" in p.read_text("utf-8")
    )
    meta = frontmatter.load(draft).metadata
    symptom = next(s for s in config.products[meta["product"]].symptoms if s != meta["symptom"])
    moved = docs / meta["product"] / symptom / draft.name
    moved.parent.mkdir(parents=True, exist_ok=True)
    draft.rename(moved)
    edit(moved, symptom=symptom)
    old = draft.relative_to(docs).as_posix().removesuffix(".md")
    build_site(str(tmp_path / "mkdocs.yml"), str(docs), str(tmp_path / "site"))
    assert not (tmp_path / "site" / old / "index.html").exists()
    assert check_site(str(tmp_path / "site"), config) == []
    monkeypatch.setenv("HELPGEN_PREVIEW", "1")
    build_site(str(tmp_path / "mkdocs.yml"), str(docs), str(tmp_path / "preview"))
    assert 'http-equiv="refresh"' in (tmp_path / "preview" / old / "index.html").read_text("utf-8")
