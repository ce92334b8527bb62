"""`helpgen check` tells writers exactly what is wrong, as path:line: message."""

from __future__ import annotations

from generator.check import check_docs
from generator.cli import main

from .conftest import RAW, ROOT


def test_generated_pages_pass(tmp_path):
    docs = tmp_path / "docs"
    main(["generate", str(RAW), "--docs-dir", str(docs), "--report", str(tmp_path / "r.json")])
    assert main(["check", "--docs-dir", str(docs), "--config-dir", str(ROOT / "site_config")]) == 0


def test_each_problem_names_file_and_line(tmp_path, config):
    docs = tmp_path / "docs"
    (docs / "cdn" / "config").mkdir(parents=True)
    (docs / "cdn" / "config" / "a.md").write_text(
        "---\nid: same\ntitle: 页面 A\nproduct: cdn\nsymptom: invoice\ncolour: red\n---\n\n"
        "# A\n\n见 [B](missing.md)\n\n```\nopen\n",
        encoding="utf-8",
    )
    (docs / "cdn" / "config" / "b.md").write_text(
        "---\nid: same\ntitle: [broken\n---\n", encoding="utf-8"
    )
    (docs / "cdn" / "config" / "c.md").write_text(
        "---\nid: same\ntitle: 页面 C\nproduct: cloud\nsymptom: x\n---\n", encoding="utf-8"
    )
    (docs / "cdn" / "config" / "d.md").write_text("# 没有 front matter\n", encoding="utf-8")
    found = [str(p) for p in check_docs(str(docs), config)]
    a, b, c, d = (f"{docs}/cdn/config/{n}.md" for n in "abcd")
    assert found == [
        f"{a}:6: unknown field 'colour'; expected one of: description, generated, hide, id, "
        "locked, product, questions, related, sources, status, symptom, tags, title",
        f"{a}:5: symptom 'invoice' is not offered by product 'cdn'; expected one of: "
        "certificate, access, config, cache, billing, sdk, other",
        f"{a}:11: link to 'missing.md' points to no page",
        f"{a}:13: code fence '```' is never closed; add a closing '```' line",
        f"{b}:3: front matter is not valid YAML: expected ',' or ']', but got '<stream end>'",
        f"{c}:4: product 'cloud' is not in the taxonomy; expected one of: kodo, cdn, live, vod, "
        "media, sms, compute, finance, other",
        f"{c}:2: id 'same' is already used by {a}; ids must be unique",
        f"{d}:1: no front matter; expected a '---' block with id, title, product and symptom",
    ]
    assert main(["check", "--docs-dir", str(docs), "--config-dir", str(ROOT / "site_config")]) == 1


def test_the_generators_digests_are_not_taken_for_phone_numbers(tmp_path, config):
    """A fingerprint, id, source key or related id is a hex hash, and one can look like a mobile
    number (13912345678…); a phone number anywhere a writer types is still found."""
    docs = tmp_path / "docs"
    (docs / "cdn" / "config").mkdir(parents=True)
    page = docs / "cdn" / "config" / "13912345678.md"
    page.write_text(
        "---\nid: '13912345678'\ntitle: 证书续费\nproduct: cdn\nsymptom: config\n"
        "questions:\n- 证书续费\n"
        "sources:\n- file: raw.txt\n  line: 1\n  title: 证书续费\n  key: 13912345678abcde\n"
        "related:\n- '13812345678'\ngenerated: '13712345678abcde'\n---\n\n"
        "# 证书续费\n\n在控制台续费即可。\n",
        encoding="utf-8",
    )
    assert check_docs(str(docs), config) == []
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("- 证书续费\n", "- '13612345678'\n", 1), encoding="utf-8")
    assert [(p.line, p.message.split(":")[0]) for p in check_docs(str(docs), config)] == [
        (7, "phone")
    ]
