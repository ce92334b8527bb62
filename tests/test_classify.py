"""Where an entry is filed: its keywords count as words of its prose, never inside URLs,
paths or code (taxonomy.yml)."""

from __future__ import annotations

import pytest

from generator.classify import Keywords, scores, texts
from generator.config import load_config
from generator.parse import parse_text

from .conftest import ROOT


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "site_config")


def _symptom_words(description: str, config) -> set[str]:
    ticket = (
        "## 请求超时\n\n**问题分类**: 对象存储｜其他类咨询\n\n### 问题描述\n\n"
        f"{description}\n\n### 客服解答\n\n**客户**：{description}\n**客服**：好的\n"
    )
    entries, _ = parse_text(ticket, "t.txt", config)
    words = Keywords.of({slug: s.keywords for slug, s in config.symptoms.items()})
    fields = texts(entries[0])
    return words.found(fields["description"]) | words.found(fields["conversation"])


@pytest.mark.parametrize(
    "description",
    [
        "访问 https://example.com/upload/bucket/a.png 时请求超时",  # a URL
        "路径 data/upload/bucket/ 下的文件请求超时",  # a path
        "执行 `listV2(bucket, prefix)` 时请求超时",  # inline code
        "Response resp = manager.listV2(bucket, prefix, marker);请求超时",  # a call, unfenced
    ],
)
def test_a_keyword_inside_a_url_a_path_or_code_is_no_evidence(description, config):
    assert not {"上传", "bucket"} & _symptom_words(description, config)


def test_a_keyword_in_prose_counts_and_a_parenthesis_in_prose_is_not_code(config):
    assert "bucket" in _symptom_words("新建的 Bucket 请求超时", config)
    assert "dv" in _symptom_words("买的 DV(限免) 证书请求超时", config)


def test_scores_weigh_the_title_over_the_conversation(config):
    words = Keywords.of({slug: s.keywords for slug, s in config.symptoms.items()})
    got = scores({"title": "证书过期", "conversation": "上传"}, words)
    assert got["certificate"] > got["upload"] > 0
