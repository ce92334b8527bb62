"""A red-team fixture with every category of personal or secret data and the injection cases.

Built into a real site: none of the values may appear in any HTML file or in
the search index, the report counts categories (never values), and
``helpgen check`` over the result finds nothing, while it fails on a page
that adds a phone number, naming file, line and category only.
"""

from __future__ import annotations

import json
import shutil

import pytest

from generator.check import check_docs, check_site

from .conftest import FIXTURES, build_site_in, shown

SECRETS = [
    "li.lei@corp-example.cn",
    "13912345678",
    "010-62345678",
    "11010519491231002X",
    "203.0.113.45",
    "2001:db8:85a3::8a2e:370:7334",
    "customer-site",
    "6704848bce27951dbff8cf22",
    "156****1964",
    "138-1234-5678",
    "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd",
    "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE1",
    "LTAI5tQwErTyUiOpAsDfGh12",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
    "QiNiUtOkEn12345",
    "1381702002",
    "wL4X34YWB6LaV_wX99",
    "Xk9fQ2LmZp7RtY4wBv8NcJ3sHd6GaE1u",
    "cWluaXUtMjAyMjEwMjUtMTM4MTM0NDUw",
    "6222021234567890128",
    "北京星辰科技",
]
SURVIVORS = [
    "7.13.2",
    "504",
    "128kb",
    "2024-10-08",
    "0.51 元",
    "华东-浙江2",
    "ERROR_PROXY_AUTH_FAILED",
    "x509",
    "https://developer.qiniu.com/kodo/1206/put-policy",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    work = tmp_path_factory.mktemp("redteam")
    assert (
        build_site_in(work, {"redteam.txt": (FIXTURES / "redteam.txt").read_text(encoding="utf-8")})
        == 0
    )
    return work


def built_text(work) -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted((work / "site").rglob("*.html"))]
    parts += [
        p.read_text(encoding="utf-8") for p in sorted((work / "site" / "search").glob("*.json"))
    ]
    parts += [p.read_text(encoding="utf-8") for p in sorted((work / "docs_src").rglob("*.md"))]
    return "\n".join(parts)


def test_no_value_reaches_any_page_or_the_search_index(site):
    text = built_text(site)
    leaked = [value for value in SECRETS if value in text]
    assert leaked == []


def test_what_must_survive_survives(site):
    text = "\n".join(p.read_text(encoding="utf-8") for p in (site / "docs_src").rglob("*.md"))
    assert [v for v in SURVIVORS if v not in text and v.replace("-", "\\-") not in text] == []


def test_report_counts_categories_never_values(site):
    report = json.loads((site / "report.json").read_text(encoding="utf-8"))
    counts = report["redactions"][shown(site / "raw" / "redteam.txt")]
    for category in (
        "email",
        "phone",
        "resident_id",
        "bank_card",
        "ipv4",
        "ipv6",
        "access_key",
        "jwt",
        "url_secret",
        "customer_host",
        "order_id",
        "account_id",
        "request_id",
        "dns_verification",
        "invoice_title",
        "secret",
    ):
        assert counts.get(category, 0) >= 1, category
    assert [value for value in SECRETS if value in json.dumps(report, ensure_ascii=False)] == []


def test_customer_domain_title_becomes_neutral(site):
    titles = [
        json.loads(json.dumps(e))["title"]
        for e in json.loads((site / "report.json").read_text(encoding="utf-8"))["entries"]
        if e["file"].endswith("redteam.txt")
    ]
    assert "域名 证书续费失败" in titles


def test_check_passes_on_the_result_and_fails_on_a_leak(site, config):
    assert check_docs(str(site / "docs_src"), config) == []
    assert check_site(str(site / "site"), config) == []
    leaky = site / "leaky"
    shutil.copytree(site / "docs_src", leaky)
    page = next(p for p in sorted(leaky.rglob("*.md")) if p.name != "index.md")
    lines = page.read_text(encoding="utf-8").split("\n")
    page.write_text(
        "\n".join(lines + ["", "有问题请致电 13800138000 或写信给 wang.wu@mail-example.com"]),
        encoding="utf-8",
    )
    found = [str(p) for p in check_docs(str(leaky), config)]
    assert found == [
        f"{leaky / page.relative_to(leaky)}:{len(lines) + 2}: email: looks like personal or "
        "secret data; remove it or write ‹已隐藏›",
        f"{leaky / page.relative_to(leaky)}:{len(lines) + 2}: phone: looks like personal or "
        "secret data; remove it or write ‹已隐藏›",
    ]
    assert not any("13800138000" in f or "wang.wu" in f for f in found)
