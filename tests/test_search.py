"""Search: the analyzer's rules, its browser twin agreeing with it, ranking quality, the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.config import load_config
from generator.docsfolder import read_docs
from generator.search.analyzer import Analyzer, one_edit
from generator.search.evaluate import answerable, followed, rates, topic_id
from generator.search.index import build_index, docs_from_folder, search_doc, write_index
from generator.search.query import Searcher
from generator.search.sounds import Sounds, sound_table
from generator.search.vocabulary import page_codes

ROOT = Path(__file__).resolve().parent.parent
# (a wanted page that merged into another is answered by the page it now redirects to)
QUERIES = followed(
    yaml.safe_load((ROOT / "tests" / "fixtures" / "search_queries.yml").read_text("utf-8")),
    read_docs(ROOT / "docs_src", load_config(ROOT / "site_config")).redirects(),
)
ANALYZER_JS = ROOT / "overrides" / "assets" / "javascripts" / "helpgen" / "analyzer.js"
REAL_QUERIES = yaml.safe_load(
    (ROOT / "tests" / "fixtures" / "real_pages" / "queries.yml").read_text(encoding="utf-8")
)

FREQ = {
    "证书": 1691,
    "过期": 186,
    "续费": 3,
    "增值税": 50,
    "专用": 300,
    "发票": 271,
    "专用发票": 20,
    "误删除": 3,
    "删除": 900,
    "文件": 4288,
    "网站": 4817,
    "打不开": 3,
    "怎么": 5000,
    "证": 100,
    "书": 2000,
    "海外": 400,
    "访问": 3000,
    "超时": 200,
    "了": 90000,
    "的": 300000,
    "误": 500,
    "删": 300,
    "找": 800,
    "回": 900,
    "吗": 5000,
}


def analyzer() -> Analyzer:
    return Analyzer(
        FREQ,
        60_000_000,
        ["怎么", "了", "的", "吗"],
        {"续签": "续费", "sll": "ssl"},
        {"證": "证", "書": "书"},
    )


def terms(clauses) -> list[str]:
    return [
        c.term + ("*" if c.prefix else "") + ("~" if c.fuzzy else "") + ("" if c.required else "?")
        for c in clauses
    ]


def test_chinese_next_to_latin_and_digits_is_split():
    a = analyzer()
    assert terms(a.query("SSL证书续费", lambda t: True)) == ["ssl", "证书", "续费"]
    assert terms(a.query("海外访问504超时", lambda t: True)) == ["海外", "访问", "504", "超时"]


def test_the_last_word_is_kept_and_stop_words_dropped():
    a = analyzer()
    assert terms(a.query("证书过期了网站打不开", lambda t: True)) == [
        "证书",
        "过期",
        "网站",
        "打不开",
    ]
    assert a.segment("增值税专用发票") == ["增值税", "专用发票"]
    assert a.query("怎么了吗", lambda t: True) == []


def test_words_the_index_lacks_fall_back_to_bigrams():
    a = analyzer()
    # No dictionary word starts at 误 here (the dictionary has 误删除, the query says 误删).
    known = {"误删", "文件", "找回"}
    assert terms(a.query("误删的文件能找回吗", known.__contains__)) == ["误删", "文件", "找回"]


def test_traditional_characters_and_full_width_letters_are_normalised():
    a = analyzer()
    assert a.normalize("證書過期ＳＳＬ") == "证书過期ssl"  # 過 is not in this small table
    assert terms(a.query("證書", lambda t: True)) == ["证书"]


def test_error_codes_exact_and_typos_forgiven():
    a = analyzer()
    assert terms(a.query("ERROR_PROXY_AUTH_FAILED", {"error_proxy_auth_failed"}.__contains__)) == [
        "error_proxy_auth_failed"
    ]
    # Unknown as a whole: its parts.
    assert terms(a.query("ERROR_PROXY_AUTH_FAILED", {"proxy", "auth"}.__contains__)) == [
        "proxy",
        "auth",
    ]
    # A finished word the index lacks is matched with one typo allowed; one still being typed,
    # by prefix.
    assert terms(a.query("certifcate 证书", lambda t: t == "证书")) == ["certifcate~", "证书"]
    assert terms(a.query("证书 certif", lambda t: t == "证书")) == ["证书", "certif*"]
    assert terms(a.query("SLL证书", lambda t: True)) == ["ssl", "证书"]
    assert one_edit("sll", "ssl") and one_edit("certifcate", "certificate")
    assert not one_edit("cdn", "dns")


def test_index_tokens_hold_every_dictionary_word_and_bigrams():
    a = analyzer()
    freq = dict(FREQ, 误删=0)  # a prefix, not a word

    def lookup(s):
        return freq.get(s) if s in freq else None

    tokens = a.index_tokens("误删除文件", lookup, bigrams=True)
    assert {"误删除", "删除", "文件", "误删", "除文"} <= set(tokens)
    assert "误删" in a.index_tokens("误删除文件", lookup, bigrams=True)  # as a bigram only
    assert "误删" not in a.index_tokens("误删除文件", lookup, bigrams=False)
    # A compound whole; its parts go to a field of their own (part_tokens).
    text = "ERROR_PROXY_AUTH_FAILED 7.13.2"
    assert a.index_tokens(text, lookup, bigrams=False) == ["error_proxy_auth_failed", "7.13.2"]
    assert a.part_tokens(text) == ["error", "proxy", "auth", "failed"]


@pytest.fixture(scope="module")
def bundled():
    config = load_config(ROOT / "site_config")
    payload = json.loads(
        json.dumps(build_index(docs_from_folder(ROOT / "docs_src", config), config))
    )
    return payload


@pytest.fixture(scope="module")
def real_payload(real_site_docs):
    config = load_config(real_site_docs.config)
    return json.loads(
        json.dumps(build_index(docs_from_folder(real_site_docs.docs, config), config))
    )


def test_labelled_queries_find_their_topics(bundled):
    searcher = Searcher(bundled)
    # A query whose answers are all drafts has no page a customer can find (yet): left out.
    published = {topic_id(d[0]) for d in bundled["docs"]}
    asked = answerable(QUERIES, published)
    assert len(QUERIES) - len(asked) <= 10
    result = rates(
        [[h.location for h in searcher.search(item["q"], limit=5)] for item in asked], asked
    )
    assert result["queries"] >= 80
    assert result["hit@1"] >= 0.85, result["misses"]
    assert result["hit@5"] >= 0.95, result["misses"]
    assert result["zero"] <= 0.01, result["misses"]


def test_titles_weigh_more_than_answers():
    config = load_config(ROOT / "site_config")
    meta = {"product": "cdn", "symptom": "access", "title": "回源超时", "questions": []}
    a = search_doc("a/", dict(meta, id="a"), "# 回源超时\n\n## 解决方法\n\n请检查源站。", config)
    b = search_doc(
        "b/",
        dict(meta, id="b", title="源站设置"),
        "# 源站设置\n\n## 解决方法\n\n回源超时请检查源站。",
        config,
    )
    hits = Searcher(json.loads(json.dumps(build_index([b, a], config)))).search("回源超时")
    assert [h.location for h in hits] == ["a/", "b/"]


def test_index_is_deterministic(tmp_path, bundled):
    config = load_config(ROOT / "site_config")
    again = build_index(list(reversed(docs_from_folder(ROOT / "docs_src", config))), config)
    assert json.dumps(again, ensure_ascii=False) == json.dumps(bundled, ensure_ascii=False)
    path = write_index(again, tmp_path)
    stub = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == [] and json.loads(path.read_text(encoding="utf-8")) == bundled


EXTRA = [
    "",
    "  ",
    "Ｘ５０９",
    "證書過期了嗎",
    "cdn缓存刷新不了。。。",
    "a",
    "error_proxy",
    "7.13.2版本上传失败",
    "https://example.com/x 打不开",
    "为什么为什么",
    "🙂证书",
    "kodo上传 sll 證書 504 timeout",
    "-1307 Ecs.0011 a-1 x-2",
    "cnd 秘钥登陆不了 审合 布署",
    "云直播 alb pod",
    "怎么DUMP整个库 磁盘满了 源站填好几个 以哪个为准",
    "腾讯云cdn 七牛 UPYUN上传 又拍云存储 阿里 aliyun的oss",
]


def node_clauses(payload: dict, texts: list[str], tmp_path: Path) -> list:
    """What analyzer.js makes of each text with this index's lexicon: clauses, products named,
    intents asked, vendors named."""
    vocabulary = [entry[0] for entry in payload["index"]["terms"]]
    (tmp_path / "in.json").write_text(
        json.dumps(
            {"lexicon": payload["lexicon"], "vocabulary": vocabulary, "texts": texts},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    script = (
        f"""
const fs = require("fs"); const Analyzer = require({json.dumps(str(ANALYZER_JS))});
const input = JSON.parse(fs.readFileSync({json.dumps(str(tmp_path / "in.json"))}, "utf8"));
const known = new Set(input.vocabulary); const a = new Analyzer(input.lexicon);
const out = input.texts.map(t => [a.query(t, x => known.has(x))"""
        """.map(c => [c.term, +c.required, +c.prefix, c.fuzzy, c.unit, c.parts]),
  Object.fromEntries(a.productsIn(t, x => known.has(x))), Object.fromEntries(a.intentsIn(t)),
  Object.fromEntries(a.vendorsIn(t))]);
process.stdout.write(JSON.stringify(out));
"""
    )
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def python_clauses(payload: dict, texts: list[str]) -> list:
    python = Analyzer.from_lexicon(payload["lexicon"])
    known = {entry[0] for entry in payload["index"]["terms"]}.__contains__
    return [
        [
            [c.as_json() for c in python.query(t, known)],
            python.products_in(t, known),
            python.intents_in(t),
            python.vendors_in(t),
        ]
        for t in texts
    ]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_browser_analyzer_cuts_queries_like_python(bundled, real_payload, tmp_path):
    """Both halves agree on the bundled and the real-site queries (homophones, products and
    vendors named, codes and typos among them), each with its own site's lexicon."""
    for payload, queries in ((bundled, QUERIES), (real_payload, REAL_QUERIES)):
        texts = [item["q"] for item in queries] + EXTRA
        assert node_clauses(payload, texts, tmp_path) == python_clauses(payload, texts)


def test_cli_answers_from_the_pages(capsys):
    status = main(
        [
            "search",
            "海外访问504超时",
            "--site-dir",
            "/nonexistent",
            "--docs-dir",
            str(ROOT / "docs_src"),
            "--config-dir",
            str(ROOT / "site_config"),
            "--explain",
            "--limit",
            "3",
        ]
    )
    out = capsys.readouterr()
    assert status == 0
    assert "terms: 海外访问 504 超时" in out.out  # a taxonomy keyword, kept whole
    assert "1. 海外访问出现504超时" in out.out
    assert "no search index" in out.err
    assert (
        main(
            [
                "search",
                "怎么",
                "--site-dir",
                "/nonexistent",
                "--docs-dir",
                str(ROOT / "docs_src"),
                "--config-dir",
                str(ROOT / "site_config"),
            ]
        )
        == 1
    )


def test_taxonomy_terms_stay_whole():
    """Keywords of site_config/taxonomy.yml are dictionary words for search, like
    jieba_user.txt's."""
    config = load_config(ROOT / "site_config")
    keyword = "海外访问"
    assert any(keyword in s.keywords for s in config.symptoms.values())
    meta = {"product": "cdn", "symptom": "access", "title": f"{keyword}很慢", "questions": []}
    doc = search_doc(
        "a/", dict(meta, id="a"), f"# {keyword}很慢\n\n## 解决方法\n\n切换线路。", config
    )
    searcher = Searcher(json.loads(json.dumps(build_index([doc], config))))
    assert keyword in [c.term for c in searcher.clauses(f"{keyword}出错")]


# The real-site floors, on the queries whose answers the parser read intact (the others wait for
# the FAQ-shapes work: scripts/eval_search.py lists them). Raise with the figures.
# (hit@5 0.934 -> 0.921 when the vendors' error identifiers stopped being redacted, issue 19:
# ERR_SERVER_SSO_INVALID_LOGIN_… now ranks for "docker login …"; one query, for the search work.)
# (0.789 / 0.934 -> 0.809 / 0.941 in the fourth search round, -> 0.822 / 0.961 in the fifth,
# -> 0.855 / 0.961 in the seventh: the issue's floor, hit@1 0.85, with no query to spare.)
REAL_HIT1 = 0.85
REAL_HIT5 = 0.96


def test_real_site_queries_find_their_topics(real_site_docs, real_payload):
    searcher = Searcher(real_payload)
    queries = real_site_docs.queries
    ranked = [[h.location for h in searcher.search(item["q"])] for item in queries]
    everything = rates(ranked, queries)
    intact = [n for n, item in enumerate(queries) if not item["parse_lost"]]
    kept = rates([ranked[n] for n in intact], [queries[n] for n in intact])
    assert everything["queries"] >= 150 and kept["queries"] >= 100
    assert everything["zero_count"] <= 1, everything["misses"]
    assert kept["hit@1"] >= REAL_HIT1 and kept["hit@5"] >= REAL_HIT5, kept["misses"]


def sounds_analyzer(freq: dict) -> Analyzer:
    table = sound_table("秘米蜜审核合部布署配置制仅进", "密钥审核部署配置不仅")
    return Analyzer(dict(FREQ, **freq), 60_000_000, ["怎么"], {}, {}, Sounds(table))


def test_a_word_the_index_lacks_is_found_by_its_sound():
    a = sounds_analyzer({"密钥": 63, "审核": 992, "部署": 3333, "不仅": 11895})
    known = {"密钥", "审核", "部署", "不仅", "过期"}.__contains__
    assert [(c.term, c.unit) for c in a.query("秘钥过期", known)] == [
        ("密钥", "秘钥"),
        ("过期", "过期"),
    ]
    assert terms(a.query("审合 布署", known)) == ["审核", "部署"]
    # A function word is never what a misheard one stands for (不进 is not 不仅).
    assert a.query("不进", known) == []
    # A word the index has is taken as typed.
    assert terms(a.query("秘钥", {"秘钥", "密钥"}.__contains__)) == ["秘钥"]


def test_codes_keep_their_sign_and_dots():
    a = analyzer()
    assert a.index_tokens("-1307 Ecs.0011 a-1", lambda s: None, bigrams=False) == [
        "-1307",
        "1307",
        "ecs.0011",
        "a-1",
    ]
    assert terms(a.query("报错-1307", {"1307"}.__contains__)) == ["1307"]
    assert terms(a.query("-1307", {"-1307", "1307"}.__contains__)) == ["-1307"]
    assert page_codes("| 40100005 | signature error |\n<td><p>Ecs.0011</p></td>") == [
        "40100005",
        "Ecs.0011",
    ]


def test_three_letters_forgive_only_a_swap():
    a = analyzer()
    assert terms(a.query("cnd 加速", {"cdn", "加速"}.__contains__)) == ["cdn", "加速"]
    assert terms(a.query("alb 配额", {"clb", "ulb", "配额"}.__contains__)) == ["配额"]
    assert one_edit("cdn", "cnd") and one_edit("alb", "clb") and not one_edit("cdn", "dns")


def test_products_named_by_name_alias_or_a_swap(config):
    meta = {"product": "cdn", "symptom": "access", "title": "回源失败", "id": "a"}
    doc = search_doc("a/", meta, "# 回源失败\n\n检查源站。", config)
    payload = json.loads(json.dumps(build_index([doc], config)))
    a = Analyzer.from_lexicon(payload["lexicon"])
    assert dict(payload["lexicon"]["products"])["cos"] == "kodo"
    assert a.products_in("COS 上传失败", lambda t: False) == {"cos": "kodo"}
    assert a.products_in("云直播推流断了", lambda t: False) == {"云直播": "live"}
    assert a.products_in("cnd 加速", lambda t: False) == {"cnd": "cdn"}
    # A word of the site one typo from an alias is that word (pod is not vod).
    assert a.products_in("pod 报错", lambda t: t == "pod") == {}
    assert a.products_in("其他问题", lambda t: False) == {}  # the fallback product names nothing


def test_the_product_in_the_query_ranks_its_pages_first(config):
    def page(product, symptom, title):
        meta = {"product": product, "symptom": symptom, "title": title, "questions": []}
        body = f"# {title}\n\n## 解决方法\n\n检查签名和时间。"
        return search_doc(f"{product}/{title}/", dict(meta, id=title), body, config)

    docs = [page("cdn", "access", "上传后返回403"), page("kodo", "upload", "上传文件返回403")]
    searcher = Searcher(json.loads(json.dumps(build_index(docs, config))))
    assert searcher.search("上传返回403")[0].location.startswith("cdn/")  # by score alone
    assert searcher.search("cos 上传返回403")[0].location.startswith("kodo/")
    assert searcher.search("cdn 上传返回403")[0].location.startswith("cdn/")


def test_the_index_learns_the_words_of_its_pages(config):
    def page(n, body):
        meta = {"product": "cdn", "symptom": "access", "title": f"问题{n}", "questions": []}
        return search_doc(f"p{n}/", dict(meta, id=str(n)), f"# 问题{n}\n\n{body}", config)

    words = "接入高防后回源失败，请把高防回源地址加入白名单。"
    docs = [page(1, words), page(2, "高防的转发规则需要开启。"), page(3, "源站正常。")]
    payload = json.loads(json.dumps(build_index(docs, config)))
    assert "高防" in payload["lexicon"]["freq"]  # no dictionary has it; two pages do
    hits = Searcher(payload).search("高防以后回源失败")
    assert [h.location for h in hits][:2] == ["p1/", "p2/"]


def test_an_error_code_outweighs_the_words_around_it(config):
    def page(n, title):
        meta = {"product": "sms", "symptom": "sdk", "title": title, "questions": []}
        return search_doc(f"p{n}/", dict(meta, id=str(n)), f"# {title}\n\n请检查参数。", config)

    titles = ["接口返回超时如何处理", "接口返回1014错误如何处理", "错误码 42900001：请求太多"]
    docs = [page(n, t) for n, t in enumerate(titles)]
    searcher = Searcher(json.loads(json.dumps(build_index(docs, config))))
    # The code page has one word of four, but the code counts twice: it is not left out.
    hits = searcher.search("接口返回超时42900001")
    assert [h.location for h in hits] == ["p0/", "p1/", "p2/"]
    assert hits[2].missing == ("接口", "返回", "超时")


def test_english_stop_words_only_hold_an_error_string_together(config):
    a = Analyzer(FREQ, 60_000_000, ["on", "for", "no"], {}, {})
    known = {"space", "left", "on", "device"}.__contains__
    assert terms(a.query("No space left on device", known)) == ["space", "left", "device"]
    assert terms(a.query("space on", known)) == ["space", "on"]  # still being typed: kept
    assert {"for", "the", "no"} <= config.search_stopwords
