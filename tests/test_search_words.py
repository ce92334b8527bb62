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


# A query the way a customer types it, a page that says its words the documentation's way (the
# title, search.yml's groups) and the rest in the answer, and a page with the rest in its title.
CUSTOMER_WORDS = [
    ("文件夹能刷新吗", "能否提交目录？", "可以提交刷新任务。", "刷新多久生效？"),
    ("没钱了网站会停吗", "欠费后会怎样？", "网站将会停止服务。", "网站停止服务怎么办？"),
    ("流量怎么算钱", "如何扣费？", "按流量计算。", "流量包怎么用？"),
    ("泛解析的域名能加速吗", "是否支持泛域名？", "支持，加速即可。", "域名加速多久生效？"),
    ("缓存以哪个为准", "如何调整优先级？", "缓存配置从上到下匹配。", "缓存多久过期？"),
    ("日志拉下来", "如何下载？", "调用接口获取日志。", "日志保存多久？"),
    ("dump数据库", "如何导出？", "使用工具备份数据库。", "数据库怎么连接？"),
    ("源站填好几个", "能否配置多个？", "源站最多填写十个。", "源站是什么？"),
    ("回源太大", "带宽过大怎么办？", "降低回源次数。", "回源是什么？"),
    ("cpu太高", "使用率过高怎么办？", "检查 CPU 占用的进程。", "CPU 怎么升级？"),
    ("连接数太多", "过多怎么办？", "调大连接数上限。", "连接数怎么看？"),
    ("耗时太长", "过长怎么办？", "接口耗时与网络有关。", "耗时怎么统计？"),
    ("磁盘满了", "写满了如何处理？", "清理磁盘上的文件。", "磁盘怎么扩容？"),
    ("主播掐掉", "如何禁播？", "调用接口禁止主播推流。", "主播怎么推流？"),
    ("直播有多少人在线", "直播观看人数", "在控制台查看在线观看人数。", "直播在线时长"),
]


def test_a_customers_word_finds_the_page_that_says_it_the_documentations_way(config):
    """Each pair of search.yml's groups (文件夹 for 目录, 太大 for 过大, 满了 for 写满 …), asked the
    customer's way, finds the page that says it the documentation's way before the page that
    has only the query's other word."""
    pages = []
    for _, title, body, other in CUSTOMER_WORDS:
        pages += [("cdn", title, body), ("cdn", other, "请参考文档。")]
    s = searcher(config, pages)
    for n, (query, *_) in enumerate(CUSTOMER_WORDS):
        hits = s.search(query)
        assert hits and hits[0].location == f"p{2 * n:03d}/", (query, [h.title for h in hits])


def test_search_only_groups_never_reach_grouping(config):
    """search.yml's groups fold on the search box's two sides only: grouping's words
    (synonyms.yml alone) keep 文件夹 and 目录 apart, so a pair added for search never moves how
    questions are grouped into topics."""
    from generator.words import Words

    s = searcher(config, [("cdn", "刷新支持目录吗？", "支持。")])
    grouping = Words(config)
    for customer, page in [
        ("文件夹", "目录"),
        ("没钱", "欠费"),
        ("太大", "过大"),
        ("满了", "写满"),
    ]:
        assert s.analyzer.fold(customer) == s.analyzer.fold(page)
        assert page not in grouping.tokens(f"{customer}怎么办")


def test_what_to_do_about_a_problem_is_not_how_to_do_a_thing(config):
    """The longest intent word wins (search.yml's intents): 怎么 of 怎么办 asks what to do about
    a problem, so the page titled with how to do a thing (怎么访问) no longer answers it by that
    alone, and 如何 of 如何处理 makes no how-to title of a page on a fault; a word that asks two
    things is listed under both (怎么看)."""
    pages = [
        ("es", "外网怎么访问集群？", "暂不支持。"),
        ("es", "集群状态为什么会异常？", "集群存在未分配的分片时，集群状态为 RED。"),
    ]
    s = searcher(config, pages)
    assert s.analyzer.intents_in("es集群变红了怎么办") == {"fix": ["怎么办"]}
    assert s.analyzer.intents_in("怎么看集群状态") == {"how": ["怎么看"], "check": ["怎么看"]}
    assert s.analyzer.intents_in("证书上传失败如何处理？") == {"fix": ["如何处理"]}
    assert s.search("es集群变红了怎么办")[0].location == "p001/"
    assert s.search("es集群怎么从外网访问")[0].location == "p000/"


def test_where_to_get_a_thing_finds_the_page_titled_with_getting_it(config):
    """去哪找 asks where to get a thing (search.yml's get intent): the page titled with 获取 has
    what the query asks, though the error-code page says the query's words more often."""
    pages = [
        ("sms", "签名校验失败", "公钥与私钥不匹配：请检查公钥、私钥和算法，公钥私钥需成对使用。"),
        ("sms", "如何获取 SDK 密钥？", "在控制台的 API 密钥页面查看公钥和私钥。"),
    ]
    s = searcher(config, pages)
    assert s.analyzer.intents_in("公钥私钥去哪找") == {"get": ["去哪找"]}
    assert s.search("公钥私钥去哪找")[0].location == "p001/"
    assert s.search("公钥私钥不匹配")[0].location == "p000/"
