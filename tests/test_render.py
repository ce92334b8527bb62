"""Topic pages as writers and customers read them."""

from __future__ import annotations

import frontmatter

from generator.model import SourceRef, Topic
from generator.render import fingerprint, render_topic


def topic(**changes) -> Topic:
    base = dict(id="0123456789", title="证书过期了怎么办", product="cdn", symptom="certificate", tags=("CDN",),
                questions=("证书过期了怎么办",), sources=(SourceRef("a.txt", 3, "证书过期了怎么办", "ab" * 20),),
                question_md="", answer_md="重新申请免费证书。")
    base.update(changes)
    return Topic(**base)


def test_front_matter_and_body():
    post = frontmatter.loads(render_topic(topic(cause_md="证书到期。")))
    assert list(post.metadata) == ["id", "title", "product", "symptom", "tags", "description", "questions",
                                   "sources", "related", "generated"]
    assert post.metadata["sources"] == [{"file": "a.txt", "line": 3, "title": "证书过期了怎么办", "key": "ab" * 8}]
    assert post.metadata["generated"] == fingerprint(post.metadata, post.content)
    assert post.content.startswith("# 证书过期了怎么办\n\n## 解决方法\n\n重新申请免费证书。\n\n## 原因分析\n\n证书到期。")


def test_many_phrasings_are_listed_up_to_a_limit():
    questions = ("证书过期了怎么办",) + tuple(f"证书第{i}次过期怎么办" for i in range(30))
    post = frontmatter.loads(render_topic(topic(questions=questions)))
    assert len(post.metadata["questions"]) == 31
    assert post.content.count("\n- 证书第") == 20 and "另有 10 种问法。" in post.content


def test_markup_in_titles_is_inert():
    post = frontmatter.loads(render_topic(topic(title="<b>证书</b> & \"引号\"", questions=("<b>证书</b> & \"引号\"",))))
    assert post.metadata["title"] == "＜b＞证书＜/b＞ ＆ ”引号”"
    assert "<b>" not in post.content


def test_a_fingerprint_of_only_digits_stays_a_string(monkeypatch):
    """A 16-character hash can be all digits (about one page in 2,000): YAML must not read it as a number."""
    import hashlib

    import generator.render as render_module
    from generator.write import is_generated_unedited

    real = hashlib.sha1

    class Digits:
        def __init__(self, data=b""):
            self.data = data

        def hexdigest(self):
            return "1234567890123456" + real(self.data).hexdigest()[16:]

    monkeypatch.setattr(render_module.hashlib, "sha1", Digits)
    post = frontmatter.loads(render_topic(topic()))
    assert post.metadata["generated"] == "1234567890123456"
    assert is_generated_unedited(post)


def test_the_fingerprint_line_is_what_yaml_writes():
    """The line is formatted without YAML's dumper when the hash needs no quotes; any hash that
    would read as a number (only digits, octal, 0b…) still goes through the dumper."""
    import random

    import yaml

    from generator.render import FINGERPRINT, stamp_line

    rng = random.Random(7)
    stamps = ["%016x" % rng.getrandbits(64) for _ in range(3000)]
    stamps += ["".join(rng.choice("0123456789") for _ in range(16)) for _ in range(300)]
    stamps += ["0b" + "".join(rng.choice("01") for _ in range(14)) for _ in range(50)]
    stamps += ["1234567890123e45", "0000000000000000", "00000000000000e1"]
    for stamp in stamps:
        line = stamp_line(stamp)
        assert line == yaml.safe_dump({FINGERPRINT: stamp}, allow_unicode=True)
        assert yaml.safe_load(line) == {FINGERPRINT: stamp}


def test_the_metadata_given_with_a_page_is_what_reading_it_gives(tmp_path):
    """write.py keeps this metadata for pages it wrote instead of parsing them again, so it must
    equal the parsed front matter exactly: values, types and key order."""
    from generator.render import render_topic_page

    odd = topic(title="2026-11-22 证书: 过期? yes", questions=("2026-11-22 证书: 过期? yes", "null", "123", "on"),
                tags=("CDN", "1.0"), related=("0000000001", "1e5"), cause_md="证书到期。",
                sources=(SourceRef("a b.txt", 0, "'引号' \"双\"", "12" * 20), SourceRef("c.txt", 7, "~", "ef" * 20)))
    for t in (topic(), odd):
        text, metadata = render_topic_page(t)
        parsed = frontmatter.loads(text).metadata
        assert parsed == metadata and list(parsed) == list(metadata)
        assert [type(v) for v in parsed.values()] == [type(v) for v in metadata.values()]
        assert text == render_topic(t)
