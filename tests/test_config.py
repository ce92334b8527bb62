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
    symptoms_line = next(i for i, l in enumerate(lines, 1) if "[uplaod," in l)
    assert messages(config_copy) == [
        f"{tax}:{colour_line}: unknown key 'colour' in taxonomy.yml; expected one of: catch_all, fallback_product, products, symptoms",
        f"{tax}:{symptoms_line}: product 'kodo': symptom 'uplaod' is not defined in 'symptoms'",
    ]


def test_bad_yaml_and_bad_patterns(config_copy):
    (config_copy / "site.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    cleaning = config_copy / "cleaning.yml"
    cleaning.write_text(cleaning.read_text(encoding="utf-8").replace("  - '前言'", "  - '前言('", 1), encoding="utf-8")
    found = messages(config_copy)
    assert any(m.startswith(f"{config_copy / 'site.yml'}:2: not valid YAML") for m in found)
    assert any("bad pattern '前言('" in m and m.startswith(f"{cleaning}:") for m in found)


def test_missing_folder():
    with pytest.raises(ConfigError) as caught:
        load_config(ROOT / "no-such-folder")
    assert str(caught.value.problems[0]).endswith("no-such-folder:0: configuration folder not found")
