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
from generator.search.analyzer import Analyzer
from generator.search.evaluate import rates
from generator.search.index import build_index, docs_from_folder, search_doc, write_index
from generator.search.analyzer import one_edit
from generator.search.query import Searcher

ROOT = Path(__file__).resolve().parent.parent
QUERIES = yaml.safe_load(
    (ROOT / "tests" / "fixtures" / "search_queries.yml").read_text(encoding="utf-8")
)
ANALYZER_JS = ROOT / "overrides" / "assets" / "javascripts" / "helpgen" / "analyzer.js"

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
    assert a.index_tokens("ERROR_PROXY_AUTH_FAILED 7.13.2", lookup, bigrams=False) == [
        "error_proxy_auth_failed",
        "error",
        "proxy",
        "auth",
        "failed",
        "7.13.2",
    ]


@pytest.fixture(scope="module")
def bundled():
    config = load_config(ROOT / "site_config")
    payload = json.loads(
        json.dumps(build_index(docs_from_folder(ROOT / "docs_src", config), config))
    )
    return payload


def test_labelled_queries_find_their_topics(bundled):
    searcher = Searcher(bundled)
    result = rates(
        [[h.location for h in searcher.search(item["q"], limit=5)] for item in QUERIES], QUERIES
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


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_browser_analyzer_cuts_queries_like_python(bundled, tmp_path):
    extra = [
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
    ]
    texts = [item["q"] for item in QUERIES] + extra
    vocabulary = [entry[0] for entry in bundled["index"]["terms"]]
    (tmp_path / "in.json").write_text(
        json.dumps(
            {"lexicon": bundled["lexicon"], "vocabulary": vocabulary, "texts": texts},
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
        """.map(c => [c.term, +c.required, +c.prefix, c.fuzzy, c.unit]),
  Object.fromEntries(a.productsIn(t, x => known.has(x)))]);
process.stdout.write(JSON.stringify(out));
"""
    )
    got = json.loads(
        subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout
    )
    python = Analyzer.from_lexicon(bundled["lexicon"])
    known = set(vocabulary)
    want = [
        [
            [c.as_json() for c in python.query(t, known.__contains__)],
            python.products_in(t, known.__contains__),
        ]
        for t in texts
    ]
    assert got == want


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
