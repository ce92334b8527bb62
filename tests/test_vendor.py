"""The vendor of a page (generator/vendor.py): decided from its raw file's source, written in
its front matter, accepted by check, and the vendor a query names ranks its pages first."""

from __future__ import annotations

import json
import shutil

import frontmatter
import pytest

from generator.check import check_docs
from generator.config import load_config
from generator.errors import ConfigError
from generator.parse import parse_text
from generator.pipeline import run
from generator.search.analyzer import Analyzer
from generator.search.index import build_index, search_doc
from generator.search.query import Searcher
from generator.vendor import file_vendor

from .conftest import ROOT

FAQ = (
    "# 存储常见问题\n\n## 上传文件返回 403 怎么办？\n\n"
    "请检查上传凭证是否过期，详见 https://{host}/kodo/manual/upload 的说明。\n"
)


def with_rules(tmp_path, rules: str, folder: str = "site_config"):
    """A copy of site_config/ whose sources.yml holds these rules, loaded."""
    shutil.copytree(ROOT / "site_config", tmp_path / folder, dirs_exist_ok=True)
    (tmp_path / folder / "sources.yml").write_text(f"sources:\n{rules}", encoding="utf-8")
    return load_config(tmp_path / folder)


def test_a_files_vendor_is_its_rules_else_its_documentation_links(tmp_path, config):
    links = "见 https://developer.qiniu.com/a 和 https://developer.qiniu.com/b 及 https://docs.upyun.com/c"
    assert file_vendor("raw/faq.md", links, config) == "qiniu"  # two of three links
    tie = "https://developer.qiniu.com/a https://docs.upyun.com/c"
    assert file_vendor("raw/faq.md", tie, config) == ""  # one each says neither
    assert file_vendor("raw/faq.md", "https://qiniu.example.org/x 上传失败", config) == ""
    ruled = with_rules(tmp_path, "  - {path: 'upyun/*', vendor: upyun}\n")
    assert file_vendor("raw/upyun/faq.md", links, ruled) == "upyun"  # the rule first
    assert file_vendor("raw/other/faq.md", links, ruled) == "qiniu"


def test_a_rule_that_gives_only_a_vendor_leaves_the_product_to_later_rules(tmp_path):
    config = with_rules(
        tmp_path,
        "  - {path: 'upyun/*', vendor: upyun}\n  - {path: 'upyun/cdn-*', product: cdn}\n",
    )
    entries, _ = parse_text(FAQ.format(host="docs.upyun.com"), "upyun/cdn-faq.md", config)
    assert entries and {e.page_product for e in entries} == {"cdn"}


def test_vendor_config_problems_are_reported_with_file_and_line(tmp_path):
    config_dir = tmp_path / "site_config"
    shutil.copytree(ROOT / "site_config", config_dir)
    sources = config_dir / "sources.yml"
    sources.write_text(
        "sources:\n  - {path: 'a/*', vendor: nobody}\n  - {path: 'b/*'}\n", encoding="utf-8"
    )
    vendors = config_dir / "vendors.yml"
    text = vendors.read_text(encoding="utf-8")
    vendors.write_text(text.replace("aliases: [又拍, upyun]", "aliases: [又拍, 七牛]"), "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config_dir)
    line = text[: text.index("aliases: [又拍, upyun]")].count("\n") + 1
    assert [str(p) for p in caught.value.problems] == [
        f"{vendors}:{line}: vendor 'upyun': name or alias '七牛' is vendor 'qiniu''s too",
        f"{sources}:2: source rule 1 in sources.yml: vendor 'nobody' is not a vendor of "
        "vendors.yml",
        f"{sources}:3: source rule 2 in sources.yml must give a 'product' or a 'vendor'",
    ]


def test_pages_carry_their_vendor_and_check_accepts_it(tmp_path):
    raw = tmp_path / "raw"
    (raw / "a").mkdir(parents=True)
    (raw / "a" / "kodo-faq.md").write_text(FAQ.format(host="developer.qiniu.com"), "utf-8")
    (raw / "b").mkdir()
    answer = "检查源站是否放通回源节点的地址。"
    (raw / "b" / "cdn-faq.md").write_text(
        f"# CDN 常见问题\n\n## 回源失败返回 502 怎么办？\n\n{answer}\n", "utf-8"
    )
    config = with_rules(tmp_path, "  - {path: 'b/*', vendor: upyun}\n")
    docs = tmp_path / "docs"
    run([str(raw)], docs, config, jobs=1)
    vendors = {
        str(post.metadata["title"]): post.metadata.get("vendor")
        for post in map(frontmatter.load, docs.rglob("*.md"))
        if "index" not in post.metadata
    }
    assert vendors == {"上传文件返回 403 怎么办？": "qiniu", "回源失败返回 502 怎么办？": "upyun"}
    assert check_docs(str(docs), config) == []
    page = next(p for p in docs.rglob("*.md") if "vendor: upyun" in p.read_text("utf-8"))
    text = page.read_text("utf-8")
    page.write_text(text.replace("vendor: upyun", "vendor: nobody"), "utf-8")
    line = text.splitlines().index("vendor: upyun") + 1
    problems = [str(p) for p in check_docs(str(docs), config)]
    assert len(problems) == 1 and problems[0].startswith(f"{docs}/{page.relative_to(docs)}:{line}:")
    assert "vendor 'nobody' is not in vendors.yml" in problems[0]


def test_vendors_named_by_name_or_alias_the_longest_only(config):
    meta = {"product": "cdn", "symptom": "access", "title": "回源失败", "id": "a"}
    payload = build_index([search_doc("a/", meta, "# 回源失败\n\n检查源站。", config)], config)
    a = Analyzer.from_lexicon(json.loads(json.dumps(payload))["lexicon"])
    assert a.vendors_in("腾讯云cdn回源失败") == {"腾讯云": "tencent"}
    assert a.vendors_in("腾讯的cdn") == {"腾讯": "tencent"}
    assert a.vendors_in("UCloud的redis") == {"ucloud": "ucloud"}
    assert a.vendors_in("UPYUN 上传 七牛 下载") == {"upyun": "upyun", "七牛": "qiniu"}
    assert a.vendors_in("upyunx 上传") == {}  # a Latin name is a whole word
    assert a.vendors_in("cdn回源失败") == {}


def test_the_vendor_in_the_query_ranks_its_pages_first(config):
    def page(n, vendor, title):
        meta = {"product": "kodo", "symptom": "upload", "title": title, "vendor": vendor}
        body = f"# {title}\n\n## 解决方法\n\n检查上传凭证和时间。"
        return search_doc(f"{vendor}-{n}/", dict(meta, id=str(n)), body, config)

    docs = [page(1, "upyun", "上传文件返回503"), page(2, "qiniu", "上传返回503是什么原因")]
    searcher = Searcher(json.loads(json.dumps(build_index(docs, config))))
    assert searcher.search("上传文件返回503")[0].location == "upyun-1/"  # by score alone
    # Neither page says 七牛 or 又拍云: the page's vendor does.
    assert searcher.search("七牛上传文件返回503")[0].location == "qiniu-2/"
    assert searcher.search("qiniu 上传文件返回503")[0].location == "qiniu-2/"
    assert searcher.search("又拍云上传返回503")[0].location == "upyun-1/"
    # A vendor no page is of names no page's vendor: the ranking stays the score's.
    assert searcher.search("华为云上传文件返回503")[0].location == "upyun-1/"
    hits = searcher.search("七牛上传文件返回503")
    assert hits[0].missing == () and "七牛" in hits[1].missing


def test_the_vendors_name_stands_for_the_words_cut_from_it(config):
    def page(n, vendor, title, answer):
        meta = {"product": "kodo", "symptom": "upload", "title": title, "vendor": vendor}
        body = f"# {title}\n\n## 解决方法\n\n{answer}"
        return search_doc(f"{vendor}-{n}/", dict(meta, id=str(n)), body, config)

    docs = [
        page(1, "tencent", "上传返回503", "检查上传凭证。"),
        page(2, "qiniu", "从腾讯迁来后上传返回503", "腾讯和七牛的凭证不同。"),
    ]
    searcher = Searcher(json.loads(json.dumps(build_index(docs, config))))
    assert "腾讯" in {c.unit for c in searcher.clauses("腾讯云上传返回503")}
    hits = searcher.search("腾讯云上传返回503")
    # 腾讯 of 腾讯云 is no word of its own, that the tencent page lacks and another page has.
    assert [h.location for h in hits] == ["tencent-1/", "qiniu-2/"]
    assert hits[0].missing == () and hits[1].missing == ("腾讯云",)
