"""The product of a FAQ page from the page and its source (generator/parse/product.py) and
site_config/sources.yml, validated with file and line (generator/sourcesconfig.py)."""

from __future__ import annotations

import shutil

import pytest

from generator.classify import classify_entries
from generator.config import load_config
from generator.errors import ConfigError
from generator.parse import parse_text

from .conftest import FIXTURES, ROOT

PAGES = FIXTURES / "real_pages"


@pytest.fixture()
def config_dir(tmp_path):
    target = tmp_path / "site_config"
    shutil.copytree(ROOT / "site_config", target)
    return target


def with_sources(config_dir, text: str):
    (config_dir / "sources.yml").write_text(text, encoding="utf-8")
    return load_config(config_dir)


def page(name: str, config, shown: str | None = None):
    text = (PAGES / name).read_text(encoding="utf-8")
    return parse_text(text, shown or name, config)


@pytest.fixture(scope="module")
def corpus():
    from scripts.eval_faq import corpus_config

    return corpus_config()


def test_front_matter_keywords_name_the_product(corpus):
    entries, _ = page("qingcloud/eip-api-error-codes.md", corpus)
    assert {e.page_product for e in entries} == {"eip"}


def test_the_title_names_the_product(corpus):
    entries, _ = page("huawei/ecs-scsi-disk-reboot-failed.md", corpus)  # 弹性云服务器
    assert entries[0].page_product == "compute"


def test_the_file_name_names_the_product(corpus):
    entries, _ = page("tencent/mysql-connect-login-faq.md", corpus)
    assert entries[0].page_product == "mysql"


def test_a_path_rule_wins_over_what_the_page_says(config_dir):
    config = with_sources(config_dir, "sources:\n  - {path: 'vendor/tencent/*.md', product: cdn}\n")
    entries, _ = page("tencent/mysql-connect-login-faq.md", config, "vendor/tencent/x.md")
    assert entries[0].page_product == "cdn"
    elsewhere, _ = page("tencent/cvm-network-faq.md", config, "other/cvm-network-faq.md")
    assert elsewhere[0].page_product == "compute"  # (no rule: CVM in the file name)


def test_classify_files_the_page_under_the_product_it_names(corpus):
    entries, _ = page("ucloud/uredis-faq.md", corpus)
    classified, _ = classify_entries(entries, corpus)
    assert {e.product for e in classified} == {"redis"}


def test_a_product_nobody_declared_is_a_warning_not_a_wrong_product(config):
    entries, problems = page("tencent/tdsql-clickhouse-faq.md", config)
    # Filed under the fallback product until declared, never under a wrong existing one.
    assert {e.page_product for e in entries if e.kind == "faq"} == {config.fallback_product}
    classified, _ = classify_entries(entries, config)
    assert {e.product for e in classified} == {config.fallback_product}
    assert [str(p) for p in problems] == [
        "tencent/tdsql-clickhouse-faq.md:1: the page is about 'TDSQL-A ClickHouse 版' "
        "('什么是 TDSQL-A ClickHouse 版？'), a product neither taxonomy.yml nor sources.yml "
        "knows: it is filed under 'other' until you declare it under 'products' in "
        "site_config/sources.yml"
    ]


def test_a_declared_product_is_a_product_of_the_site(config_dir):
    config = with_sources(
        config_dir, "products:\n  clickhouse: {name: ClickHouse 数据库, names: [ClickHouse]}\n"
    )
    assert config.products["clickhouse"].name == "ClickHouse 数据库"
    assert "other" in config.products["clickhouse"].symptoms
    entries, problems = page("tencent/tdsql-clickhouse-faq.md", config)
    assert entries[0].page_product == "clickhouse" and problems == []


def test_sources_problems_are_reported_with_file_and_line(config_dir):
    path = config_dir / "sources.yml"
    path.write_text(
        "products:\n"
        "  cdn: {name: CDN}\n"
        "  Bad_Key: {name: x}\n"
        "  mysql: {name: MySQL, symptoms: [nowhere]}\n"
        "names:\n"
        "  nothing: [x]\n"
        "sources:\n"
        "  - {path: 'a/*.md', product: nope}\n"
        "  - {path: '', product: cdn}\n"
        "colour: blue\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(config_dir)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:10: unknown key 'colour' in sources.yml; expected one of: names, products, "
        "sources",
        f"{path}:2: product 'cdn' in sources.yml is already a product of taxonomy.yml",
        f"{path}:3: product 'Bad_Key' in sources.yml: key must be lowercase ASCII letters, "
        "digits and '-'",
        f"{path}:4: product 'mysql' in sources.yml: symptom 'nowhere' is not in taxonomy.yml",
        f"{path}:4: product 'mysql' in sources.yml: must offer the catch_all 'other'",
        f"{path}:6: names: 'nothing' is no product of taxonomy.yml or sources.yml",
        f"{path}:8: source rule 1 in sources.yml: product 'nope' is not known",
        f"{path}:9: source rule 2 in sources.yml: 'path' must not be empty",
    ]
