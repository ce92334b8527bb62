"""Topic pages as writers and customers read them."""

from __future__ import annotations

import frontmatter

from generator.model import SourceRef, Topic
from generator.pages import fingerprint, unedited
from generator.render import render_topic


def topic(**changes) -> Topic:
    base = {
        "id": "0123456789",
        "title": "证书过期了怎么办",
        "product": "cdn",
        "symptom": "certificate",
        "tags": ("CDN",),
        "questions": ("证书过期了怎么办",),
        "sources": (SourceRef("a.txt", 3, "证书过期了怎么办", "ab" * 20),),
        "question_md": "",
        "answer_md": "重新申请免费证书。",
    }
    base.update(changes)
    return Topic(**base)


def test_front_matter_and_body():
    post = frontmatter.loads(render_topic(topic(cause_md="证书到期。")))
    assert list(post.metadata) == [
        "id",
        "title",
        "product",
        "symptom",
        "tags",
        "description",
        "questions",
        "sources",
        "generated",
    ]
    assert post.metadata["sources"] == [
        {"file": "a.txt", "line": 3, "title": "证书过期了怎么办", "key": "ab" * 8}
    ]
    assert post.metadata["generated"] == fingerprint(post.metadata, post.content)
    assert post.content.startswith(
        "# 证书过期了怎么办\n\n## 解决方法\n\n重新申请免费证书。\n\n## 原因分析\n\n证书到期。"
    )


def test_many_phrasings_are_listed_up_to_a_limit():
    questions = ("证书过期了怎么办",) + tuple(f"证书第{i}次过期怎么办" for i in range(30))
    post = frontmatter.loads(render_topic(topic(questions=questions)))
    assert len(post.metadata["questions"]) == 31
    assert post.content.count("\n- 证书第") == 20 and "另有 10 种问法。" in post.content


def test_markup_in_titles_is_inert():
    post = frontmatter.loads(
        render_topic(topic(title='<b>证书</b> & "引号"', questions=('<b>证书</b> & "引号"',)))
    )
    assert post.metadata["title"] == "＜b＞证书＜/b＞ ＆ ”引号”"
    assert "<b>" not in post.content


def test_a_fingerprint_of_only_digits_stays_a_string(monkeypatch):
    """A 16-character hash can be all digits (about one page in 2,000): YAML must not read it
    as a number."""
    import hashlib

    import generator.pages as pages_module

    real = hashlib.sha1

    class Digits:
        def __init__(self, data=b""):
            self.data = data

        def hexdigest(self):
            return "1234567890123456" + real(self.data).hexdigest()[16:]

    monkeypatch.setattr(pages_module.hashlib, "sha1", Digits)
    text = render_topic(topic())
    post = frontmatter.loads(text)
    assert post.metadata["generated"] == "1234567890123456"
    assert unedited(text)


def test_the_fingerprint_line_is_what_yaml_writes():
    """The line is formatted without YAML's dumper when the hash needs no quotes; any hash that
    would read as a number (only digits, octal, 0b…) is quoted as the dumper quotes it."""
    import random

    import yaml

    from generator.pages import FINGERPRINT, stamp_line

    rng = random.Random(7)
    stamps = [f"{rng.getrandbits(64):016x}" for _ in range(3000)]
    stamps += ["".join(rng.choice("0123456789") for _ in range(16)) for _ in range(300)]
    stamps += ["0b" + "".join(rng.choice("01") for _ in range(14)) for _ in range(50)]
    stamps += ["1234567890123e45", "0000000000000000", "00000000000000e1"]
    for stamp in stamps:
        line = stamp_line(stamp)
        assert line == yaml.safe_dump({FINGERPRINT: stamp}, allow_unicode=True)
        assert yaml.safe_load(line) == {FINGERPRINT: stamp}
