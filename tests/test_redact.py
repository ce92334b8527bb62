"""Redaction: what must go goes, what must stay stays."""

from __future__ import annotations

from generator.model import Entry, Message, SourceRef
from generator.redact import Redactor, luhn_ok, redact_entry, valid_resident_id


def test_personal_data_goes(config):
    r = Redactor(config)
    text = r.text(
        "联系 zhang.san@example.org 或 156****1964、13812345678，服务器 203.0.113.7，"
        "访问 https://cdn.customer-shop.com/a.png 和 cdn.customer-shop.com"
    )
    for value in ("zhang.san", "1964", "13812345678", "203.0.113.7", "customer-shop"):
        assert value not in text
    assert text.count("‹域名1›") == 2  # the same host keeps the same name
    assert r.counts["phone"] == 2 and r.counts["email"] == 1


def test_dataset_placeholders_become_one_marker(config):
    assert (
        Redactor(config).text("路径 [REDACTED_PATH] 与 [REDACTED_IP]")
        == "路径 ‹已隐藏› 与 ‹已隐藏›"
    )


def test_what_must_survive(config):
    keep = (
        "升级到 7.13.2 版本，错误码 504，大小 128kb，2024-10-08 09:02，价格 0.51 元，华东-浙江2，"
        "参考 https://developer.qiniu.com/kodo/1206/put-policy 与 "
        "https://cloud.tencent.com/document/product/228 "
        "DNS 可用 114.114.114.114"
    )
    assert Redactor(config).text(keep) == keep


def test_checksums_decide_ids_and_cards(config):
    assert valid_resident_id("11010519491231002X")
    assert not valid_resident_id("110105194912310021")
    assert luhn_ok("4111 1111 1111 1111") and not luhn_ok("4111 1111 1111 1112")
    r = Redactor(config)
    assert "‹证件号›" in r.text("身份证 11010519491231002X") and "110105194912310021" in r.text(
        "单号 110105194912310021"
    )
    assert "‹卡号›" in r.text("卡号 4111 1111 1111 1111")


def test_titles_and_sources_are_redacted_too(config):
    e = Entry(
        SourceRef("t.txt", 1, "cdn1.xiayuyue.com 证书处理中"),
        "ticket",
        "cdn1.xiayuyue.com 证书处理中",
        messages=(Message("agent", "订单 6704848bce27951dbff8cf22 已处理", 3),),
    )
    out = redact_entry(e, config)
    assert out.title == out.source.title == "域名 证书处理中"
    assert out.messages[0].text == "订单 ‹编号› 已处理"
    assert dict(out.redactions) == {"customer_host": 1, "order_id": 1}


def test_names_and_ids_inside_pasted_json(config):
    r = Redactor(config)
    out = r.text(
        '{"accountName":"刘进辉","title": "请求 ID",  '
        '"content": "wL4X34YWB6LaV_wX, wL4X34YWB6LaV_wX"} 联系人：王小明'
    )
    assert "刘进辉" not in out and "wL4X34YWB6LaV_wX" not in out and "王小明" not in out
    assert r.counts["person_name"] == 2 and r.counts["request_id"] == 1


def test_words_and_codes_are_not_mistaken_for_tokens(config):
    keep = (
        "ERROR_PROXY_SIGN_BUCKET_NOTMATCH allowsInlineMediaPlayback kTCIMSDKAppId uploadToQiniu "
        "qn-regions-cache.jsonl"
    )
    assert Redactor(config).text(keep) == keep


def test_scan_names_categories_and_ignores_what_is_already_hidden(config):
    r = Redactor(config)
    assert r.scan("请拨打 13800138000") == ["phone"]
    assert r.scan("marker=‹已隐藏› 与 ‹域名1›") == []


def test_a_password_given_to_a_command_goes_its_user_and_options_stay(config):
    r = Redactor(config)
    out = r.text("`curl -u yunfan:Yf#2024pass https://x` 或 curl --user ops:s3cr3t!x -X POST")
    assert "Yf#2024pass" not in out and "s3cr3t!x" not in out
    assert "curl -u yunfan:‹密码›" in out and "--user ops:‹密码›" in out
    assert r.counts["credential"] == 2
    assert r.text("ls -u ./logs 与 sort -u a.txt") == "ls -u ./logs 与 sort -u a.txt"


def test_an_ascii_cue_starts_a_word(config):
    """'ip' in description, pipe or tip does not make a number an address; IP and ip do."""
    keep = "description: 帐号支持 QQ：3268519604 broken pipe 50300021"
    assert Redactor(config).text(keep) == keep
    assert "3232235777" not in Redactor(config).text("源站 ip 3232235777")
    assert "3232235777" not in Redactor(config).text("IP地址 3232235777")


def test_what_redaction_wrote_is_not_found_again_in_bold(config):
    """Cleaning may put a redacted question in bold: the check of the page finds nothing."""
    out = Redactor(config).text("查日志 x-m-log:QNM:cdn-hz-07;QNM:gw118")
    assert "gw118" not in out
    assert Redactor(config).scan(f"**{out}**") == []
    hidden = Redactor(config).text("回调 https://a.xinghe.live/cb?token=abc123def&session_id=s9x8")
    assert Redactor(config).scan(f"**{hidden}**") == [] and "s9x8" not in hidden


def test_url_parameters_that_are_not_secrets_stay(config):
    keep = (
        "https://qmall.qiniu.com/template/NTI?ref=respack&spec_combo=MTk0OA 与 "
        "https://help.aliyun.com/document_detail/27140.html?spm=a2c4g.11186623.6.579.3fca1e4cV8aNfY"
        " 与 a.jpg?imageView2/1/w/200/h/200 与 ?v=20241008&page=2&x-oss-process=image/resize,w_100"
    )
    assert Redactor(config).text(keep) == keep
