"""Search: which of the words a customer typed count in the ranking (the site's commonest words,
a product's name no page has) and how the query is cut (stop-words whole)."""

from __future__ import annotations

import json

from generator.search.index import build_index, search_doc
from generator.search.query import COMMON_SHARE, COMMON_SITE, Searcher


def searcher(config, pages: list[tuple[str, str, str]], tags: dict | None = None) -> Searcher:
    def doc(n: int, product: str, title: str, body: str):
        meta = {"product": product, "symptom": "access", "title": title, "questions": []}
        meta["tags"] = (tags or {}).get(product, [])
        return search_doc(f"p{n:03d}/", dict(meta, id=str(n)), f"# {title}\n\n{body}", config)

    docs = [doc(n, *page) for n, page in enumerate(pages)]
    return Searcher(json.loads(json.dumps(build_index(docs, config))))


def test_the_sites_commonest_words_still_count_where_a_page_has_them(config):
    """On a large site a word on more than COMMON_SHARE of the pages (直播 on a site of live
    streaming error codes) brings no pages to a query, but it still counts where a page's own
    text has it: the live page that answers beats a CDN page with only the query's other words.
    The product's name every page of it shows does not count (the cvm pages here have 直播 only
    as a tag)."""
    filler = [("live", f"错误码 -{1300 + n}：直播推流失败", "直播 SDK 返回。") for n in range(90)]
    filler += [("cvm", f"云服务器问题 {n}", "请检查安全组。") for n in range(COMMON_SITE)]
    pages = [
        ("cdn", "如何配置 HTTPS 证书？", "在控制台上传 HTTPS 证书，播放地址也可以用 HTTPS。"),
        ("live", "直播怎么用 HTTPS 播放？", "直播的播放域名配置证书后即可。"),
        *filler,
    ]
    s = searcher(config, pages, tags={"cvm": ["直播"]})
    assert s.df["直播"] > COMMON_SHARE * len(s.docs)
    assert "直播" not in [c.term for c in s.telling(s.clauses("直播 https 证书 播放"))]
    hits = s.search("直播 https 证书 播放")
    assert hits[0].location == "p001/"
    assert "直播" in [h for h in hits if h.location == "p000/"][0].missing
    assert not s.has(2 + 90, "直播") and s.has(1, "直播")


def test_a_product_named_by_a_word_no_page_has_still_counts(config):
    """qvm names a product (an alias of the taxonomy) though no page says qvm: it is one of the
    query's words, found on that product's pages only, so a page of another product that has the
    rest of the query's words no longer outranks the product's own."""
    body = "可创建的实例数量有配额限制，超出后请提交工单申请，按地域计算，其他地域相同。"
    pages = [
        ("cdn", "CDN 的节点分布在哪些国家、地域和运营商？", "节点覆盖全球。"),
        ("compute", "单用户的实例配额是多少个？", body),
        ("sms", "短信问题", "请检查签名。"),
    ]
    s = searcher(config, pages)
    assert not s.known("qvm") and s.analyzer.products_in("qvm 地域", s.known) == {"qvm": "compute"}
    hits = s.search("qvm 地域")
    assert hits[0].location == "p001/"
    assert "qvm" in hits[1].missing


def test_stop_words_are_cut_out_whole(config):
    """能不能 is a stop-word (search.yml): the query is cut 能不能 + 用, not 能 + 不能 + 用, which
    would have asked every page for 不能."""
    pages = [
        ("mysql", "用户如何通过 API 下载 binlog？", "调用接口下载。"),
        ("compute", "Gem 经常很慢，不能用，如何更换源？", "更换成国内的源。"),
    ]
    s = searcher(config, pages)
    assert s.known("不能")
    assert "不能" not in [c.term for c in s.clauses("binlog能不能用api下载")]
    assert s.search("binlog能不能用api下载")[0].location == "p000/"


def test_curated_characters_of_a_run_without_words_are_kept(config):
    """一卡一卡 has no word and no bigram of the site: its character 卡, a word of synonyms.yml
    (searched as its group's first word), is still looked for."""
    pages = [
        ("live", "为什么直播收看时会有卡顿现象？", "检查推流端的上行带宽。"),
        ("live", "直播推流地址怎么生成？", "在控制台生成。"),
    ]
    s = searcher(config, pages)
    folded = s.analyzer.fold("卡")
    assert folded != "卡" and s.known(folded)
    assert folded in [c.term for c in s.clauses("直播一卡一卡的")]
    assert s.search("直播一卡一卡的")[0].location == "p000/"


def test_search_only_groups_fold_a_customers_word_but_never_reach_grouping(config):
    """search.yml's groups hold how customers say a thing against how pages say it (文件夹 for
    目录, 没钱 for 欠费, 算钱 among the charge words): the search box folds them on both sides,
    while grouping's words (synonyms.yml alone) keep them apart, so a pair added for search
    never moves how questions are grouped into topics."""
    from generator.words import Words

    pages = [
        ("cdn", "CDN 刷新支持对目录刷新吗？", "支持提交目录刷新。"),
        ("cdn", "CDN 如果欠费了，有什么影响吗？", "欠费后加速服务停止，网站无法访问。"),
        ("cdn", "CDN 如何收费？", "按流量或带宽扣费。"),
        ("cdn", "刷新多久生效？", "一般五分钟内生效，文件较多时更久。"),
        ("cdn", "网站打不开怎么办？", "请检查解析和源站。"),
    ]
    s = searcher(config, pages)
    for query, answer in (("整个文件夹一起刷新", "p000/"), ("账户没钱了 网站会停吗", "p001/")):
        assert s.search(query)[0].location == answer, query
    assert s.analyzer.fold("算钱") == s.analyzer.fold("扣费")
    grouping = Words(config)
    assert "目录" not in grouping.tokens("文件夹刷新") and "欠费" not in grouping.tokens("没钱了")
