"""Where a pasted URL ends: links.unglue on every URL of the bundled data, against the URL
the author meant (tests/fixtures/labels/urls.yml, labelled by reading the raw file)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.config import load_config
from generator.links import unglue
from generator.markup import URL, split_url

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw" / "qiniu-support-qa-part15.txt"
LABELS = yaml.safe_load((ROOT / "tests/fixtures/labels/urls.yml").read_text(encoding="utf-8"))


KNOWN = tuple(address for address, _ in load_config(ROOT / "site_config").link_titles)


def urls_after_unglue(line: str) -> list[str]:
    return [split_url(m.group(0))[0] for m in URL.finditer(unglue(line, KNOWN))]


def test_every_labelled_url_ends_where_its_author_meant():
    lines = RAW.read_text(encoding="utf-8").splitlines()
    wrong = []
    for item in LABELS:
        if item.get("unsure") or item["url"] in ("http://", "https://"):
            continue
        found = urls_after_unglue(lines[item["line"] - 1])
        if item["url"] not in found:
            wrong.append((item["line"], item["raw"], item["url"]))
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "url"),
    [
        # the next step's number, and the next item's name in capitals
        (
            "1.登录 https://portal.qiniu.com/cdn/domain2、选择域名",
            "https://portal.qiniu.com/cdn/domain",
        ),
        (
            "见 https://developer.qiniu.com/kodo/bucketCDN：配置",
            "https://developer.qiniu.com/kodo/bucket",
        ),
        # a page of its own whose address ends in a number or a capital stays whole
        ("见 https://developer.qiniu.com/kodo/1234/v2", "https://developer.qiniu.com/kodo/1234/v2"),
        ("见 https://example.com/Docs/ApiGuide", "https://example.com/Docs/ApiGuide"),
        # a rule of dashes, a code comment's slashes
        ("见 https://x.com/kb/rules-------Q: 问", "https://x.com/kb/rules"),
        ("curl https://x.com/pfop// 处理", "https://x.com/pfop"),
        # an address links.yml knows, with the next words glued on; an unknown one stays
        (
            "文档 https://developer.qiniu.com/kodo/tools/1302/qshellwindows环境下",
            "https://developer.qiniu.com/kodo/tools/1302/qshell",
        ),
        ("文档 https://x.com/tools/qshellwindows环境下", "https://x.com/tools/qshellwindows"),
    ],
)
def test_glued_text_is_split_off_and_whole_addresses_stay(text, url):
    assert urls_after_unglue(text) == [url]


def test_a_document_links_yml_knows_is_named_by_its_title_whatever_its_fragment(config):
    from generator.links import titled

    for url in (
        "https://developer.qiniu.com/kodo/1206/put-policy",
        "https://developer.qiniu.com/kodo/1206/put-policy#save-key",
        "https://developer.qiniu.com/kodo/1206/put-policy?ref=x",
    ):
        assert titled(url, config) == "七牛云文档：上传策略"
    unknown = "https://developer.qiniu.com/kodo/9999/new-page"
    assert titled(unknown, config) == "七牛云文档：new page"
