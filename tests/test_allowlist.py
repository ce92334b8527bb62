"""The vendors' public facts (site_config/vendors.yml) survive redaction; customer names under
a vendor's suffix do not; the file is validated with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import ConfigError
from generator.redact import Redactor

from .conftest import FIXTURES, ROOT

REAL_PAGES = sorted((FIXTURES / "real_pages").glob("*/*.md"))


def redacted(text: str, config) -> str:
    return Redactor(config).text(text)


@pytest.mark.parametrize(
    "text",
    [
        "文档见 https://developer.qiniu.com/kodo/1206/put-policy 和 https://help.aliyun.com/x",
        "NTP 服务器 time1.tencentyun.com、ntp.aliyun.com，DNS 183.60.83.19 和 119.29.29.29",
        "参考 https://github.com/qiniu/qshell/releases 与 https://www.jianshu.com/p/576dbf44b2ae",
        "请联系 support@qiniu.com 或拨打 95716",
        "错误码 ERR_SERVER_SSO_SIG_VERIFICATION_FAILED_1",
        "私有网段 10.0.0.0/8、172.16.0.0/12、192.168.0.0/16",
        "S3 公共域名 s3-cn-east-1.qiniucs.com，COS 广州 cos.ap-guangzhou.myqcloud.com",
    ],
)
def test_vendor_facts_stay(text, config):
    assert redacted(text, config) == text


def test_names_a_vendor_issued_to_a_customer_lose_the_customer_part(config):
    text = (
        "测试域名 q8x2k1m3p.bkt.clouddn.com，"
        "桶 starriver-1251234567.cos.ap-guangzhou.myqcloud.com，CNAME shop-xinghe-com.qiniudns.com"
    )
    out = redacted(text, config)
    for value in ("q8x2k1m3p", "starriver-1251234567", "shop-xinghe-com"):
        assert value not in out
    assert ".bkt.clouddn.com" in out and ".cos.ap-guangzhou.myqcloud.com" in out
    assert ".qiniudns.com" in out


def test_a_vendor_mailbox_stays_but_a_customer_at_a_vendor_domain_goes(config):
    out = redacted("客户 2468013579@qq.com 写信给 support@qiniu.com", config)
    assert "2468013579" not in out and "support@qiniu.com" in out


@pytest.mark.parametrize("page", REAL_PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_vendor_pages_lose_no_public_fact(page, config):
    """The vendors' own pages carry no customer data: redaction leaves every line alone."""
    lines = page.read_text(encoding="utf-8").split("\n")
    changed = [n for n, line in enumerate(lines, 1) if redacted(line, config) != line]
    assert changed == []


def copy_config(tmp_path: Path) -> Path:
    target = tmp_path / "site_config"
    shutil.copytree(ROOT / "site_config", target)
    return target


def test_vendors_file_is_validated_with_file_and_line(tmp_path):
    folder = copy_config(tmp_path)
    path = folder / "vendors.yml"
    path.write_text(
        "vendors:\n"
        "  acme:\n"
        "    domains: [acme.com]\n"
        "    doc_hosts: [docs.other.com]\n"
        "    customer_hosts: [bucket.acme.com]\n"
        "    addresses: [999.1.1.1]\n"
        "    error_codes: ['ERR_(']\n"
        "    colour: blue\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(folder)
    found = [str(p) for p in caught.value.problems]
    assert found == [
        f"{path}:8: unknown key 'colour' in vendor 'acme'; expected one of: addresses, "
        "aliases, contacts, customer_hosts, doc_hosts, domains, error_codes, examples, hosts, "
        "name",
        f"{path}:4: vendor 'acme': doc host 'docs.other.com' is not under its domains",
        f"{path}:5: vendor 'acme': customer host pattern 'bucket.acme.com' must start with '*.' "
        "and name a suffix",
        f"{path}:6: vendor 'acme': '999.1.1.1' is not an IP address or block",
        f"{path}:7: vendor 'acme': bad pattern 'ERR_(': missing ), unterminated subpattern at "
        "position 4",
    ]
