"""Configuration is validated in one pass; every problem names its file and line."""

from __future__ import annotations

import shutil

import pytest

from generator.config import load_config
from generator.errors import ConfigError

from .conftest import ROOT


@pytest.fixture()
def config_copy(tmp_path):
    target = tmp_path / "site_config"
    shutil.copytree(ROOT / "site_config", target)
    return target


def messages(directory) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(directory)
    return [str(p) for p in caught.value.problems]


def test_shipped_configuration_is_valid(config):
    assert config.catch_all == "other"
    assert all(config.catch_all in p.symptoms for p in config.products.values())
    assert config.products["kodo"].name == "对象存储"


def test_every_problem_is_reported_with_file_and_line(config_copy):
    tax = config_copy / "taxonomy.yml"
    text = tax.read_text(encoding="utf-8")
    text = text.replace("catch_all: other", "catch_all: other\ncolour: blue", 1)
    text = text.replace("    symptoms: [upload, access,", "    symptoms: [uplaod, access,", 1)
    tax.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    colour_line = lines.index("colour: blue") + 1
    symptoms_line = next(i for i, line in enumerate(lines, 1) if "[uplaod," in line)
    assert messages(config_copy) == [
        f"{tax}:{colour_line}: unknown key 'colour' in taxonomy.yml; expected one of: "
        "catch_all, fallback_product, products, symptoms",
        f"{tax}:{symptoms_line}: product 'kodo': symptom 'uplaod' is not defined in 'symptoms'",
    ]


def test_bad_yaml_and_bad_patterns(config_copy):
    (config_copy / "site.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    cleaning = config_copy / "cleaning.yml"
    cleaning.write_text(
        cleaning.read_text(encoding="utf-8").replace("  - '前言'", "  - '前言('", 1),
        encoding="utf-8",
    )
    found = messages(config_copy)
    assert any(m.startswith(f"{config_copy / 'site.yml'}:2: not valid YAML") for m in found)
    assert any("bad pattern '前言('" in m and m.startswith(f"{cleaning}:") for m in found)


def test_missing_folder():
    with pytest.raises(ConfigError) as caught:
        load_config(ROOT / "no-such-folder")
    assert str(caught.value.problems[0]).endswith(
        "no-such-folder:0: configuration folder not found"
    )


def test_redaction_patterns_may_not_use_word_boundaries(config_copy):
    """\\b finds no boundary between Chinese and Latin letters (回调z0.01…): such a rule
    silently misses."""
    path = config_copy / "redaction.yml"
    text = path.read_text(encoding="utf-8")
    old = "pattern: '(?<![0-9A-Za-z])(?:z\\d\\.[0-9A-Za-z]{20,200}?){1,4}(?![0-9A-Za-z])'"
    assert old in text
    path.write_text(text.replace(old, "pattern: '\\bz\\d\\.[0-9a-z]{20,}\\b'"), encoding="utf-8")
    line = next(
        i for i, row in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if "\\bz" in row
    )
    found = messages(config_copy)
    assert [m for m in found if "\\b does not separate" in m] and all(
        m.startswith(f"{path}:{line}:") for m in found if "\\b does not separate" in m
    )


def test_ids_glued_to_chinese_are_redacted(config):
    from generator.redact import Redactor

    text = (
        "没看到回调z0.01z012d4buxkbfc2jy00mumo36001vrn"
        "z0.01z011d4dgsusd7enr00mumo36001y2r上面几个是 persistentId"
    )
    out = Redactor(config).scan(text)
    assert "persistent_id" in out


def test_search_words_fold_onto_synonyms_and_are_validated(config, config_copy):
    # A search group's first word may be a synonyms.yml word: its words then fold as that does.
    assert config.search_synonyms["扣钱"] == config.synonyms["扣费"] == "扣费"
    assert "是不是" in config.search_stopwords and "是不是" not in config.stopwords
    search = config_copy / "search.yml"
    search.write_text("groups:\n  - [重启, 到期]\nstopword: [啊]\n", encoding="utf-8")
    assert messages(config_copy) == [
        f"{search}:3: unknown key 'stopword' in search.yml; "
        "expected one of: groups, intents, stopwords",
        f"{search}:2: '到期' is already in synonyms.yml's group of '过期'",
    ]


def test_typos_must_map_a_misspelling_to_a_spelling(config_copy):
    synonyms = config_copy / "synonyms.yml"
    text = synonyms.read_text(encoding="utf-8").replace("  SLL: SSL", "  SLL: [SSL]", 1)
    synonyms.write_text(text, encoding="utf-8")
    line = text.split("\n").index("typos:") + 1
    assert messages(config_copy) == [
        f"{synonyms}:{line}: each typo maps a misspelling to a spelling"
    ]
