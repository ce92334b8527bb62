"""One test per vendor dialect rule (generator/parse/dialects.py, blocks.py, tables.py), each
on lines of a real page of tests/fixtures/real_pages/."""

from __future__ import annotations

from generator.markup import sanitize_markdown
from generator.parse import blocks, dialects, tables
from generator.parse.outline import clean_heading

from .conftest import FIXTURES

PAGES = FIXTURES / "real_pages"


def lines(name: str, first: int = 1, last: int | None = None) -> list[tuple[int, str]]:
    """Lines ``first``..``last`` (1-based, inclusive) of a real page, with their numbers."""
    text = (PAGES / name).read_text(encoding="utf-8").split("\n")
    return list(enumerate(text, start=1))[first - 1 : last]


def texts(found: list[tuple[int, str]]) -> list[str]:
    return [t for _, t in found]


def no_warnings(line: int, message: str) -> None:
    raise AssertionError(f"{line}: {message}")


def test_front_matter_is_read_and_its_lines_kept_blank():
    meta, found = dialects.front_matter(lines("qingcloud/eip-api-error-codes.md"), no_warnings)
    assert meta["title"] == "错误码" and meta["keyword"] == "公网 IP, API 错误码"
    assert texts(found[:7]) == [""] * 7 and found[8][0] == 9  # numbering kept


def test_front_matter_that_is_not_yaml_is_a_warning_with_its_line():
    warned = []
    dialects.front_matter(
        [(1, "---"), (2, "title: [broken"), (3, "---")], lambda *w: warned.append(w)
    )
    assert warned and warned[0][0] >= 2 and "not valid YAML" in warned[0][1]


def test_scraped_site_chrome_and_the_outline_repeating_headings_go():
    found = dict(dialects.site_chrome(lines("aliyun/cdn-dns-record-conflict.md")))
    for chrome in (1, 3, 5, 7, 9, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37):
        assert found[chrome] == "", chrome
    assert found[11] == "# 如何解决DNS解析记录冲突"
    assert found[39].startswith("添加解析记录时")  # the page's text stays


def test_anchor_stubs_go_and_id_links_keep_their_text():
    assert dialects.anchors(lines("tencent/cdn-https-faq.md", 1, 1)[0][1]) == ""
    assert dialects.anchors(lines("tencent/antiddos-bgpip-502.md", 10, 10)[0][1]) == (
        "### 原因一：高防回源 IP 被源站拦截或限速"
    )
    heading = lines("huawei/ecs-scsi-disk-reboot-failed.md", 1, 1)[0][1]
    assert dialects.anchors(heading) == "# 挂载SCSI盘的Linux弹性云服务器，重启失败怎么办？"
    assert dialects.anchors(lines("tencent/cvm-cannot-login-causes.md", 5, 5)[0][1]) == ""


def test_dokuwiki_macros_go_and_its_links_become_markdown():
    page = "ucloud/ulb-error-codes.md"
    assert dialects.dokuwiki(lines(page, 1, 1)[0][1]) == ""
    assert dialects.dokuwiki(lines(page, 21, 21)[0][1]) == (
        "[![](https://static.ucloud.cn/e7fec9d74c744c448d757fad04fe1bcb.png)]"
        "(https://github.com/UCloudDocs/UCloud-document/issues/3)"
    )
    wrapped = lines("ucloud/ussl-dv-apply-failed.md", 18, 18)[0][1]
    assert dialects.dokuwiki(wrapped).strip() == "**解决办法**"


def test_heading_attribute_blocks_go_and_headings_get_their_space():
    aliyun = lines("aliyun/ecs-windows-credssp-function-not-supported.md", 7, 7)[0][1]
    assert dialects.heading_marks(aliyun) == "## 问题原因"
    qingcloud = lines("qingcloud/eip-connection-faq.md", 21, 21)[0][1]
    assert dialects.heading_marks(qingcloud).endswith("绑定一个公网 IP？")
    assert dialects.heading_marks(lines("upyun/cdn-faq.md", 1, 1)[0][1]) == "## 缓存相关"


def test_padded_bold_becomes_bold_and_escaped_stars_stay_text():
    upyun = lines("upyun/general-faq.md", 377, 377)[0][1]
    assert (
        dialects.padded_emphasis(upyun)
        == "**请问怎么使用你们的云存储，怎么通过 FTP 上传文件并且访问呢?**"
    )
    escaped = lines("ucloud/ues-elasticsearch-faq.md", 7, 7)[0][1]
    assert dialects.padded_emphasis(escaped) == escaped


def test_inline_html_images_links_and_wrappers_become_markdown():
    step = lines("tencent/cvm-network-faq.md", 11, 11)[0][1]
    assert "<img" not in dialects.inline_html(step)
    assert "![](https://main.qcloudimg.com/raw/87d894e564b7e837d9f478298cf2e292.png)" in (
        dialects.inline_html(step)
    )
    cell = '<td ><a href="#diskSpaceFull">检查硬盘空间是否已满</a></td>'  # (the page's line 15)
    assert cell in lines("tencent/cvm-no-space-left-on-device.md", 15, 15)[0][1]
    assert dialects.inline_html('<span style="x">错误码</span>') == "错误码"


def test_entities_are_decoded_once_and_nbsp_indentation_goes():
    heading = lines("tencent/cos-post-object-errors.md", 16, 16)[0][1]
    assert "doesn't match" in dialects.entities(heading)
    indented = lines("tencent/cvm-cannot-login-causes.md", 8, 8)[0][1]
    assert dialects.entities(indented) == "端口远程连接失败。"
    # Decoded once: the clean stage escapes the tag, so the page shows <live-pusher>, never
    # &lt;live-pusher&gt; (Tencent's mini-program pages write tags as entities).
    decoded = dialects.entities("基于 &lt;live-pusher&gt; 实现")
    assert decoded == "基于 <live-pusher> 实现"
    assert "&lt;live-pusher&gt;" in sanitize_markdown(decoded)
    assert dialects.entities("&lt;b&gt;") == "`<b>`"  # (a tag the clean stage would keep)


def test_multiline_tencent_notes_keep_every_line():
    found = texts(blocks.callouts(lines("tencent/cdn-https-faq.md", 38, 43)))
    body = [t for t in found if t.strip()]
    assert body[0] == "**注意：**" and len(body) == 6
    assert body[1] == "- 配置前需确保已成功配置 HTTPS 证书。"
    assert not any(t.lstrip().startswith(">") for t in found)


def test_notes_with_a_label_line_huawei_icons_and_one_line_notes():
    vpc = [
        t
        for t in texts(blocks.callouts(lines("tencent/vpc-vpn-tunnel-not-connected.md", 4, 5)))
        if t
    ]
    assert vpc == ["**注意：**", "任何一个参数不一致，VPN 通道都无法建立。"]
    huawei = texts(blocks.callouts(lines("huawei/sap-hana-ssh-jump-failed.md", 41, 42)))
    assert "    **说明：**" in huawei and not any("icon-note" in t for t in huawei)
    one = texts(blocks.callouts(lines("tencent/clb-udp-health-check.md", 13, 13)))
    assert one[0].startswith(">? 由于 UDP 健康检查")  # the clean stage shows it as a note


def test_dx_alert_blocks_become_notes():
    found = [t for t in texts(blocks.callouts(lines("tencent/cvm-network-faq.md", 5, 7))) if t]
    assert found == ["**说明：**", "以下操作以 Windows Server 2012 为例。"]


def test_dx_tabs_panes_become_bold_names_above_their_text():
    found = [t for t in texts(blocks.tabs(lines("tencent/scf-network-faq.md", 21, 32))) if t]
    assert found[0] == "**并发连接数限制**" and "**内网带宽限制**" in found
    assert not any("dx-tabs" in t or t.startswith(":::") for t in found)


def test_details_blocks_become_bold_questions_with_their_answers():
    found = [
        t for t in texts(blocks.details(lines("qingcloud/eip-helpcenter-faq.md", 26, 33))) if t
    ]
    assert found[0].startswith("**1.如果我有多台云服务器") and found[0].endswith("？**")
    assert found[1].startswith("不需要。") and "<p>" not in "".join(found)


def test_html_tables_become_pipe_tables_with_each_row_on_its_line():
    found = tables.html_tables(lines("huawei/ecs-console-error-codes.md", 24, 174), no_warnings)
    rows = [(n, t) for n, t in found if t.startswith("|")]
    assert rows[0][1] == "| 错误码 | 管理控制台提示信息 | 按需处理建议 | 包周期处理建议 |"
    assert rows[2][0] == 34 and rows[2][1].startswith("| Ecs.0000 | 请求错误")
    assert not any("<a name" in t or "<p" in t for _, t in found)


def test_an_html_table_never_closed_is_a_warning_with_its_line():
    warned = []
    tables.html_tables([(7, "<table><tr><td>x</td>")], lambda *w: warned.append(w))
    assert warned == [(7, "HTML table is never closed ('</table>' missing): kept as it is")]


def test_code_fences_written_after_a_step_stay_in_the_step():
    found = texts(blocks.steps_with_code(lines("tencent/cvm-ntp-faq.md", 3, 7)))
    assert found[0] == "1. 执行以下命令，修改 NTP 配置文件。"
    assert "    ```" in found and "    vi /etc/ntp.conf" in found
    assert found[-1].startswith("2. 按 **i** 进入编辑模式")


def test_lists_under_a_paragraph_get_a_blank_line_and_the_margin():
    found = texts(blocks.block_breaks(lines("tencent/cvm-no-space-left-on-device.md", 75, 78)))
    assert found == [
        "请根据返回结果，执行以下步骤：",
        "",
        "- kill 对应进程。",
        "- 重启服务。",
        "- 若较多进程占用文件句柄，可重启服务器。",
    ]


def test_pipe_tables_under_a_list_item_start_at_the_margin():
    found = texts(blocks.tables_at_margin(lines("aliyun/cdn-dns-record-conflict.md", 73, 79)))
    assert found[1] == "|     |     |     |" and found[-2].startswith("| TTL |")


def test_headings_lose_numbering_escapes_and_anchors_but_not_qq():
    assert clean_heading("1.3  API鉴权key ") == "API鉴权key"
    assert clean_heading("5 1004错误详解") == "1004错误详解"
    assert (
        clean_heading(r"怎么确定裸金属服务器规格的board\_type？")
        == "怎么确定裸金属服务器规格的board_type？"
    )
    assert clean_heading("Q：单用户的应用负载均衡配额？") == "单用户的应用负载均衡配额？"
    # (tencentyun/qcloud-documents: the CloudBase CMS install page's "### QQ 小程序开发者")
    assert clean_heading("QQ 小程序开发者") == "QQ 小程序开发者"
