"""Search: what a question asks (search.yml's intents) and homophones of domain words."""

from __future__ import annotations

import json
import shutil

import pytest

from generator.config import load_config
from generator.errors import ConfigError
from generator.search.analyzer import DOMAIN_FREQ, Analyzer
from generator.search.index import build_index, search_doc
from generator.search.query import Searcher
from generator.search.sounds import Sounds, sound_table
from generator.words import USER_FREQ

from .conftest import ROOT


def searcher(config, titles: list[str], product: str = "live") -> Searcher:
    def page(n: int, title: str):
        meta = {"product": product, "symptom": "access", "title": title, "questions": []}
        return search_doc(f"p{n}/", dict(meta, id=str(n)), f"# {title}\n\n请参考文档。", config)

    docs = [page(n, t) for n, t in enumerate(titles)]
    return Searcher(json.loads(json.dumps(build_index(docs, config))))


def test_a_limit_asked_finds_the_page_titled_with_the_limit(config):
    s = searcher(config, ["直播观看人数统计", "直播在线人数是否有上限"])
    assert s.analyzer.intents_in("直播最多多少人看") == {"limit": ["最多"]}
    # 最多 is on neither page; the title with 上限 asks what the query asks.
    hits = s.search("直播最多多少人看")
    assert [h.location for h in hits] == ["p1/", "p0/"]
    assert hits[0].missing == ()


def test_a_how_asked_with_filler_words_prefers_the_how_to_page(config):
    s = searcher(config, ["推流地址过期", "如何在控制台里生成推流地址"])
    # 怎么 and 弄 are no clause: the intent they ask is one more word of the query, found on
    # the how-to page only (by its words alone the shorter title would win).
    hits = s.search("推流地址怎么弄")
    assert [h.location for h in hits] == ["p1/", "p0/"]
    assert hits[1].missing == ()  # the intent is never shown as a missing word
    assert s.search("推流地址过期")[0].location == "p0/"  # no intent asked: by words alone


def test_intents_ship_normalised_in_the_lexicon(config):
    lexicon = searcher(config, ["直播在线人数上限"]).analyzer
    assert dict(lexicon.intents)["how"][:2] == ("怎么", "如何")
    assert (
        Analyzer.from_lexicon(
            {"freq": {}, "total": 1, "stopwords": [], "synonyms": {}, "t2s": ""}
        ).intents_in("怎么")
        == {}
    )


def test_intents_must_list_their_words(tmp_path):
    target = tmp_path / "site_config"
    shutil.copytree(ROOT / "site_config", target)
    search = target / "search.yml"
    search.write_text("groups: []\nintents:\n  how: 怎么\n  limit: [上限]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(target)
    assert [str(p) for p in caught.value.problems] == [
        f"{search}:3: intent 'how' must list its words"
    ]


def test_a_domain_word_is_what_a_misheard_one_stands_for():
    # 配置 weighs as a word of the user dictionary (USER_FREQ, above the function words'
    # limit): 配制 is still looked for as 配置; 不仅 (jieba's weight) still never stands in.
    assert DOMAIN_FREQ == USER_FREQ
    table = sound_table("配置制仅进", "配置不仅")
    freq = {"配置": USER_FREQ, "不仅": 11895, "配": 500, "制": 500, "不": 9000, "进": 900}
    a = Analyzer(freq, 60_000_000, [], {}, {}, Sounds(table))
    known = {"配置", "不仅"}.__contains__
    assert [(c.term, c.unit) for c in a.query("怎么配制", known)] == [("配置", "配制")]
    assert a.query("不进", known) == []
