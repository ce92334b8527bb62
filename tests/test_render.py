"""Topic pages as writers and customers read them."""

from __future__ import annotations

import frontmatter
import pytest

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
    assert (
        post.content
        == "# 证书过期了怎么办\n\n## 原因\n\n证书到期。\n\n## 解决方法\n\n重新申请免费证书。"
    )


def test_a_page_reads_as_a_help_article():
    """问题现象, 解决方法 with the later questions that add knowledge as sub-questions, and
    相关文档 with names; no chat markers, no transcript, no list of phrasings."""
    from generator.model import FollowUp

    post = frontmatter.loads(
        render_topic(
            topic(
                question_md="控制台提示证书已过期。",
                questions=("证书过期了怎么办", "证书到期怎么续"),
                followups=(
                    FollowUp("付费证书流程一样吗？", "操作流程一样。"),
                    FollowUp("", "另见文档。"),
                ),
                links=(("免费证书验证", "https://developer.qiniu.com/ssl/manual/3667/x"),),
            )
        )
    )
    assert post.content == (
        "# 证书过期了怎么办\n\n## 问题现象\n\n控制台提示证书已过期。\n\n## 解决方法\n\n"
        "重新申请免费证书。\n\n**付费证书流程一样吗？**\n\n操作流程一样。\n\n另见文档。\n\n"
        "## 相关文档\n\n- [免费证书验证](https://developer.qiniu.com/ssl/manual/3667/x)"
    )
    assert post.metadata["questions"] == ["证书过期了怎么办", "证书到期怎么续"]


def test_a_draft_shows_writers_the_demand_and_every_phrasing():
    sources = tuple(SourceRef("a.txt", n, "问", f"{n:040d}") for n in (3, 9, 15))
    post = frontmatter.loads(
        render_topic(
            topic(
                draft=True,
                answer_md="",
                questions=("证书过期了怎么办", "证书到期"),
                sources=sources,
            )
        )
    )
    assert list(post.metadata)[0] == "status" and post.metadata["status"] == "draft"
    assert "3 条客户提问" in post.content and "- 证书到期" in post.content
    assert "## 解决方法" not in post.content


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


@pytest.mark.parametrize(
    ("before", "name"),
    [
        ("免费证书验证", "免费证书验证"),
        ("欠费流程说明参考", "欠费流程说明"),
        ("请参考域名绑定教程：", "域名绑定教程"),
        # Pieces of a sentence said to one customer are no names: the page's path names it.
        ("区域您可以参考下这个", "七牛云文档：life cycle"),
        ("建议尝试下低延时直播呢", "七牛云文档：life cycle"),
        ("出免费额度后按量计费华东-浙江2的计费标准请参考", "七牛云文档：life cycle"),
        ("使用下这个方式的", "七牛云文档：life cycle"),
        ("可以参考下", "七牛云文档：life cycle"),
        ("or/5588/image-censor增量审核", "七牛云文档：life cycle"),
    ],
)
def test_a_link_is_named_by_its_label_only_when_that_is_a_name(config, before, name):
    from generator.links import link_name

    assert link_name("https://developer.qiniu.com/kodo/3699/life-cycle", before, config) == name


def test_the_summary_keeps_underscores_inside_words():
    from generator.render import summary

    text = summary(
        topic(answer_md="请发邮件到 <C_onlinesales@ucloud.cn>，错误码 ERR_SSO。__注意__")
    )
    assert "C_onlinesales@ucloud.cn" in text and "ERR_SSO" in text and "__" not in text


def test_the_summary_drops_code_and_images_and_keeps_link_text():
    from generator.render import summary

    text = summary(
        topic(
            answer_md="看 [文档](https://a.com/k) 与 ![图](a.png) <https://x.com/a> "
            "```\nx\n``` 完成 ```\nunclosed"
        )
    )
    assert text == "看 文档 与 完成"


def test_the_summary_shows_nothing_redaction_hid_when_the_answer_says_enough_without_it():
    from generator.render import summary

    hidden = summary(topic(answer_md="‹域名1›开启了强制 HTTPS。依据协议第 ‹已隐藏› 条处理。"))
    assert hidden == "域名开启了强制 HTTPS。"
    # (a customer's domain inside an address stays what it is; a summary that is all hidden
    # values keeps them: a writer must see what is left)
    assert summary(topic(answer_md="访问 ‹已隐藏› 试试。")) == "访问 ‹已隐藏› 试试。"
    assert "https://‹域名1›/" in summary(topic(answer_md="请用 https://‹域名1›/a.png 访问。"))
