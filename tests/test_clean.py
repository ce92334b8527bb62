"""From chat to answer: filler out, steps and code recognised, unsafe text escaped."""

from __future__ import annotations

from dataclasses import replace

import markdown

from generator.clean import (
    clean_entries,
    clean_faq,
    clean_ticket,
    split_code,
    split_steps,
    strip_filler,
)
from generator.markup import escape_text, sanitize_markdown
from generator.model import AGENT, CUSTOMER, Entry, Message, SourceRef
from generator.parse import parse_files

from .conftest import TICKETS


def ticket(*turns, title="标题", description="描述", cause="") -> Entry:
    messages = tuple(
        Message(AGENT if who == "客服" else CUSTOMER, text, i + 10)
        for i, (who, text) in enumerate(turns)
    )
    return Entry(
        SourceRef("t.txt", 1, title),
        "ticket",
        title,
        description=description,
        messages=messages,
        cause=cause,
    )


def one_reply(config, question: str, reply: str) -> Entry:
    """A ticket of one question and one reply, cleaned."""
    return clean_ticket(ticket(("客户", question), ("客服", reply)), config)


def answer_to(config, question: str, reply: str) -> str:
    """The answer a one-reply ticket's page shows."""
    return one_reply(config, question, reply).answer_md


def html(md: str) -> str:
    return markdown.markdown(md, extensions=["tables", "attr_list", "md_in_html"])


def test_greetings_and_hold_messages_go(config):
    assert strip_filler("您好，请稍等，这个有点问题", config) == "这个有点问题"
    assert strip_filler("稍等下，这边再查看下", config) == ""
    assert strip_filler("您好已经处理完成", config) == "已经处理完成"
    e = clean_ticket(
        ticket(
            ("客户", "[图片]怎么续费证书"),
            ("客服", "您好，请稍等"),
            ("客服", "您好，免费证书不能续费，需要重新申请一键 HTTPS 证书"),
        ),
        config,
    )
    assert e.answer_md == "免费证书不能续费，需要重新申请一键 HTTPS 证书"
    assert "[图片]" not in e.question_md + e.answer_md


def test_chat_inside_a_reply_goes_and_its_knowledge_stays(config):
    """Questions back to the customer, requests for screenshots, what staff did on this one
    account and apologies are chat; the clauses around them are the answer."""
    e = clean_ticket(
        ticket(
            ("客户", "怎么续费证书"),
            (
                "客服",
                "免费证书不能续费，只能重新购买，你们具体的报错是什么呢，麻烦截图看下",
            ),
            ("客服", "这边已经为您操作了，您这边重新登录创建一下即可"),
            ("客服", "和后端同事确认了下，暂不支持，我们控制台只支持了ipv4 的 ICMP，非常抱歉"),
            ("客服", "您这边是国内使用还是海外访问使用呢。"),
        ),
        config,
    )
    assert e.answer_md.split("\n\n") == [
        "免费证书不能续费，只能重新购买。",
        "您这边重新登录创建一下即可。",
        "暂不支持，我们控制台只支持了ipv4 的 ICMP。",
    ]


def test_follow_ups_keep_their_answers_and_duplicates_go(config):
    e = clean_ticket(
        ticket(
            ("客户", "DV 证书多少钱"),
            ("客服", "DV（限免）证书是免费的，DV 证书收费"),
            ("客户", "付费版流程一样吗"),
            ("客户", "付费版流程一样吗"),
            ("客服", "操作流程都是一样的"),
            ("客户", "好的，谢谢"),
        ),
        config,
    )
    assert e.answer_md == "DV（限免）证书是免费的，DV 证书收费"
    assert [(f.question, f.answer) for f in e.followups] == [
        ("付费版流程一样吗？", "操作流程都是一样的")
    ]


def test_follow_ups_without_knowledge_are_left_out(config):
    e = clean_ticket(
        ticket(
            ("客户", "域名一直在配置中"),
            ("客服", "这个是由于您域名有特殊配置导致，需要工单处理人工介入的"),
            ("客户", "现在好了吗"),
            ("客服", "已处理完成，您确认下呢"),
        ),
        config,
    )
    assert e.followups == () and "人工介入" in e.answer_md


def test_generic_cause_is_never_shown(config):
    generic = ticket(
        ("客服", "请在控制台重新申请免费证书并上传"),
        cause="需要根据具体情况分析，建议查看文档或联系技术支持",
    )
    real = ticket(
        ("客服", "请在控制台重新申请免费证书并上传"), cause="证书过期，需要重新申请或上传新证书"
    )
    assert clean_ticket(generic, config).cause_md == ""
    assert clean_ticket(real, config).cause_md == "证书过期，需要重新申请或上传新证书"


def test_answers_without_knowledge_are_excluded_with_a_reason(config):
    done = clean_ticket(
        ticket(("客户", "x"), ("客服", "您好已经处理完成"), ("客户", "好了")), config
    )
    assert done.excluded == "答复不含可复用的知识（如“已处理完成”）"
    silent = clean_ticket(ticket(("客户", "在吗")), config)
    assert silent.excluded == "客服没有给出实质答复"


def test_flattened_steps_become_a_list_and_urls_links():
    intro, steps, _ = split_steps(
        "步骤如下1.免费证书申请https://portal.qiniu.com/certificate/apply2.补全信息3.验证"
    )
    assert intro == "步骤如下"
    assert steps == ["免费证书申请https://portal.qiniu.com/certificate/apply", "补全信息", "验证"]
    assert split_steps("请升级到 7.13.2 版本") == ("请升级到 7.13.2 版本", [], "")


def test_steps_render_as_an_ordered_list(config):
    e = clean_ticket(
        ticket(("客服", "步骤如下1.申请证书https://portal.qiniu.com/certificate/apply2.补全信息")),
        config,
    )
    out = html(e.answer_md)
    assert "<ol>" in out
    assert '<a href="https://portal.qiniu.com/certificate/apply">' in out


def test_code_and_logs_go_into_code_blocks(config):
    prose, code = split_code(
        '您好，您查看下回调日志POST {"Content-Length":"392","X-Reqid":"abc","code":0}'
    )
    assert prose == "您好，您查看下回调日志" and code.startswith("POST {")
    e = clean_ticket(
        ticket(("客服", '返回：{"error":"The original image abnormal","code":400,"reqid":"x"}')),
        config,
    )
    assert '```text\n{\n  "error": "The original image abnormal"' in e.answer_md


def test_injected_markup_is_inert():
    nasty = (
        "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))\n"
        "# 标题\n---\n| a | b |\n{{ config }} {% raw %}"
    )
    out = html(escape_text(nasty))
    assert (
        "<script" not in out
        and "<img" not in out
        and "javascript:" not in out.replace("javascript:alert(3)", "")
    )
    assert "<h1" not in out and "<hr" not in out and "<table" not in out
    assert "href" not in out


def test_vendor_markdown_is_kept_but_made_safe():
    md = sanitize_markdown(
        "见 [文档](/document/product/1) 与 [危险](javascript:alert(1))。<span onclick=x>hi</span>\n"
        "![](//mc.qcloudimg.com/a.png)\n>! 注意事项\n```\nunclosed",
        base="https://cloud.tencent.com",
    )
    out = html(md)
    assert '<a href="https://cloud.tencent.com/document/product/1">文档</a>' in out
    assert "javascript" not in out and "<span" not in out
    assert '<img alt="" src="https://mc.qcloudimg.com/a.png"' in out
    assert md.rstrip().endswith("```")


def test_faq_sections_that_are_not_questions_are_excluded(config):
    intro = Entry(SourceRef("p.md", 1, "前言"), "faq", "前言", body="本文介绍常见问题。")
    assert clean_faq(intro, config).excluded == "不是问题章节（“前言”）"
    leaf = Entry(
        SourceRef("p.md", 9, "跨协议拦截"),
        "faq",
        "跨协议拦截",
        body="使用 HTTPS 页面播放 HTTPS 视频。",
        context=("视频播放失败", "网络"),
    )
    assert clean_faq(leaf, config).title == "视频播放失败：跨协议拦截"


def test_every_seed_entry_is_cleaned_without_raw_noise(config):
    entries, _ = parse_files([str(TICKETS)])
    cleaned = clean_entries(entries, config)
    assert len(cleaned) == len(entries)
    for e in cleaned:
        for text in (e.answer_md, *(f.answer for f in e.followups)):
            assert "[图片]" not in text
            assert "需要根据具体情况分析" not in e.cause_md
        if not e.excluded:
            assert e.answer_md.strip() or e.followups
            assert not e.answer_md.startswith(("您好", "稍等", "请稍等"))


def test_vendor_html_tables_keep_their_structure_not_their_attributes():
    md = sanitize_markdown(
        '<table style="x"><tr><th colspan="2">参数</th></tr>'
        '<tr><td onclick="alert(1)">key</td><td>值<br/>第二行</td></tr></table>\n\n'
        "<img src=x onerror=alert(2)> <iframe src=x></iframe>"
    )
    out = html(md)
    assert '<th colspan="2">参数</th>' in out and "<td>key</td>" in out and "值<br>第二行" in out
    assert "onclick" not in out.replace("&lt;", "") and "<img" not in out and "<iframe" not in out


def test_the_summary_starts_at_the_first_reply_that_carries_knowledge(config):
    import numpy as np

    from generator.render import summary
    from generator.topic import make_topic

    def topic(e):
        return make_topic("t1", [e], [np.arange(8, dtype=np.uint32)], [0], frozenset())

    e = clean_ticket(
        ticket(
            ("客户", "一直显示修改 HTTPS 配置处理中"),
            ("客服", "已处理完成，您确认下呢"),
            ("客户", "下次续签应该如何操作？"),
            ("客服", "这是由于您的域名有特殊配置，续签时需要提交工单由人工处理"),
        ),
        config,
    )
    assert e.answer_md == "" and not e.excluded
    assert summary(topic(e)) == "这是由于您的域名有特殊配置，续签时需要提交工单由人工处理"
    plain = one_reply(config, "怎么续费证书", "免费证书不能续费，需要重新申请")
    assert plain.summary_md == "" and summary(topic(plain)) == "免费证书不能续费，需要重新申请"
    # What staff saw on this one account stays in the answer, not in the one-line summary.
    seen = one_reply(
        config,
        "图片在网页里不显示",
        "这边看您的网站使用的是https协议的，页面引用http图片会被浏览器拦截",
    )
    assert "这边看您的网站" in seen.answer_md
    assert summary(topic(seen)) == "页面引用http图片会被浏览器拦截。"
    # A pasted log says nothing in a summary; a hold message is no answer at all.
    logged = clean_ticket(
        ticket(
            ("客户", "图片处理报错"),
            ("客服", '{"error":"The original image abnormal"}'),
            ("客户", "什么原因"),
            ("客服", "您稍等这边看下"),
            ("客服", "原图格式异常时图片处理会失败，请重新上传原图"),
        ),
        config,
    )
    assert summary(topic(logged)) == "原图格式异常时图片处理会失败，请重新上传原图"
    # A reply that says too little for the next customer gives way to the first that says
    # enough (clean.SUMMARY_CHARS).
    short = clean_ticket(
        ticket(
            ("客户", "安全组怎么放行 ICMPv6"),
            ("客服", "授权类型改成ipv6试试"),
            ("客户", "还是不行"),
            ("客服", "暂不支持，控制台目前只支持放行 IPv4 的 ICMP 规则"),
        ),
        config,
    )
    assert summary(topic(short)) == "暂不支持，控制台目前只支持放行 IPv4 的 ICMP 规则"
    # A link goes from the summary with the words that pointed at it, or with a label left
    # alone after the last sentence.
    rtc = "https://developer.qiniu.com/rtc/8802/pd-overview"
    pointed = one_reply(
        config, "uniapp 能接入实时音视频吗", f"实时音视频支持uniapp接入，可以参考下：{rtc}"
    )
    assert summary(topic(pointed)) == "实时音视频支持uniapp接入"
    labelled = one_reply(
        config, "有免费额度吗", f"是的，按月结算，每月都有免费额度。免费额度须知：{rtc}"
    )
    assert summary(topic(labelled)) == "是的，按月结算，每月都有免费额度。"


def test_the_question_loses_the_customers_framing_and_asks_about_no_one_value(config):
    e = clean_ticket(
        ticket(
            ("客户", "您好，短信一直待发送"),
            ("客服", "短信需要先通过签名和模板审核才能发送"),
            ("客户", "好的，‹域名1› 这个可以吗？"),
            ("客服", "审核一般一个工作日内完成，模板需与实际发送内容一致"),
            description="您好，短信发不出去，一直待发送，请问是什么问题呢？谢谢",
        ),
        config,
    )
    assert e.question_md.startswith("短信发不出去") and "谢谢" not in e.question_md
    from generator.framing import unframed

    framed = "同学，你好，图片怎么压缩到128kb以内？谢谢"
    assert unframed(framed, config) == "图片怎么压缩到128kb以内？"
    assert [f.question for f in e.followups] == [""]
    # A description that is only a hidden link says nothing: the page shows no 问题现象.
    linked = clean_ticket(
        ticket(
            ("客户", "https://‹域名1›/‹已隐藏›"),
            ("客服", "证书已更新，浏览器有本地缓存，清除缓存或用无痕模式再访问即可"),
            title="证书更新后还是提示过期",
            description="https://‹域名1›/‹已隐藏›",
        ),
        config,
    )
    assert linked.question_md == "" and "无痕模式" in linked.answer_md


def test_remembered_cleaning_follows_the_configuration(config, tmp_path):
    """Canned replies are cleaned once per configuration: another configuration with other
    filler rules cleans the same text its own way."""
    import shutil

    from generator.config import load_config

    text = "好滴，请在控制台重新申请证书"
    assert strip_filler(text, config) == text
    other_dir = tmp_path / "site_config"
    shutil.copytree(config.directory, other_dir)
    cleaning = other_dir / "cleaning.yml"
    cleaning.write_text(
        cleaning.read_text(encoding="utf-8").replace(
            "filler_clauses:\n", "filler_clauses:\n  - '好滴'\n", 1
        ),
        encoding="utf-8",
    )
    assert strip_filler(text, load_config(other_dir)) == "请在控制台重新申请证书"
    assert strip_filler(text, config) == text


def test_titles_lose_the_customers_framing_and_known_typos(config):
    def title(raw: str) -> str:
        return clean_ticket(ticket(("客服", "在控制台续期即可。"), title=raw), config).title

    assert title("您好，请问SLL证书怎么续期？谢谢") == "SSL证书怎么续期？"
    assert title("急！上传到AppStroe被拒，在线等") == "上传到App Store被拒"
    assert title("请问如何开通直播") == "如何开通直播"
    # Framing inside the question, or glued to a word it belongs to, stays.
    assert title("急需开通直播推流") == "急需开通直播推流"
    assert title("为什么提示谢谢惠顾") == "为什么提示谢谢惠顾"
    assert title("sslvpn 无法连接") == "sslvpn 无法连接"  # (a typo only as a whole word)
    # A title that would say nothing without its framing keeps it.
    assert title("您好，在吗") == "您好，在吗"
    # The source keeps the customer's own words.
    entry = clean_ticket(ticket(("客服", "在控制台续期即可。"), title="请问SLL证书续期"), config)
    assert entry.source.title == "请问SLL证书续期"


def test_what_staff_did_on_one_account_and_run_together_greetings_leave_the_answer(config):
    entry = clean_ticket(
        ticket(
            ("客户", "图片访问不了"),
            ("客服", "域名已解冻，这个是由于配置了referer防盗链导致的，关闭referer即可。"),
            ("客户", "对公充值多久到账"),
            ("客服", "已到账了哈，对公转账一般3个工作日到账您好，到账后余额会自动更新。"),
        ),
        config,
    )
    assert entry.cause_md == "由于配置了referer防盗链导致。"
    assert entry.answer_md == "关闭referer即可。"
    answer = entry.followups[0].answer
    assert "已到账" not in answer and "您好" not in answer
    assert "对公转账一般3个工作日到账。到账后余额会自动更新" in answer
    looked = "这边没查到您账号下有这个空间呢，空间要用所在账号登录控制台管理，我们查询下"
    assert answer_to(config, "空间的图片访问不了", looked) == "空间要用所在账号登录控制台管理。"


def test_a_bare_yes_or_no_to_a_question_the_page_does_not_show_goes(config):
    long_question = "所以，" + "对象存储的文件客户端缓存会在请求返回的 header 中设置，" * 3 + "对吗"
    entry = clean_ticket(
        ticket(
            ("客户", "CDN缓存时间设置无效"),
            ("客服", "CDN缓存时间只控制节点缓存，浏览器缓存由 Cache-Control 控制。"),
            ("客户", long_question),
            ("客服", "1、是的2、存储侧没有针对文件类型的缓存策略配置"),
        ),
        config,
    )
    assert [f.question for f in entry.followups] == [""]
    assert entry.followups[0].answer == "存储侧没有针对文件类型的缓存策略配置"


def test_a_cause_the_reply_states_moves_to_the_cause(config):
    entry = clean_ticket(
        ticket(
            ("客户", "图片突然访问不了"),
            (
                "客服",
                "根据您的描述可以判断您的问题是由于空间使用的测试域名被回收导致的，"
                "请绑定自定义域名后再访问。",
            ),
        ),
        config,
    )
    assert entry.cause_md == "由于空间使用的测试域名被回收导致。"
    assert entry.answer_md == "请绑定自定义域名后再访问。"
    # The dataset's own cause comes first; an answer that is only a cause keeps it.
    only = clean_ticket(ticket(("客服", "这是由于证书过期导致的。")), config)
    assert only.cause_md == "" and "证书过期" in only.answer_md


def test_sign_offs_and_requests_to_paste_make_no_follow_up(config):
    entry = clean_ticket(
        ticket(
            ("客户", "黑名单不生效"),
            ("客服", "黑名单修改后需要约10分钟同步到全部节点，请用无痕窗口访问验证。"),
            ("客户", "还是不行，有的能访问有的不能，你有在看吗"),
            ("客服", "您访问异常的文件链接粘贴一下"),
            ("客户", "我申请了新的黑名单，帮忙处理一下"),
            ("客服", "配置已下发了哈"),
            ("客户", "我看下，谢谢"),
            ("客服", "好的不客气的"),
        ),
        config,
    )
    assert entry.followups == ()
    assert "10分钟同步到全部节点" in entry.answer_md


def test_follow_ups_become_sub_questions_only_when_they_ask_for_everyone(config):
    e = clean_ticket(
        ticket(
            ("客户", "视频链接打不开"),
            ("客服", "私有空间的链接需要签算，链接时间戳过期后需要重新生成"),
            ("客户", "链接多久会过期？我前两个星期才换的链接"),
            ("客服", "默认1小时，也可以根据需要自行签算更长的有效期"),
            ("客户", "所以我现在要怎么做？"),
            ("客服", "把空间调整为公开空间后，链接不再需要签算"),
            ("客户", "可以是什么意思？"),
            ("客服", "是的，公开空间的文件任何人都可以访问"),
        ),
        config,
    )
    assert [f.question for f in e.followups] == ["链接多久会过期？", "", ""]
    told = " ".join(f.answer for f in e.followups)
    assert "公开空间后" in told and "任何人都可以访问" in told and "是的" not in told


def test_a_cause_stated_without_because_moves_to_the_cause(config):
    e = clean_ticket(
        ticket(
            ("客户", "删除后上传同名图片，返回的还是旧图片"),
            ("客服", "这个是CDN缓存导致的，您刷新下CDN缓存即可，目录刷新需要30分钟左右生效"),
        ),
        config,
    )
    assert e.cause_md == "CDN缓存导致的。"
    assert e.answer_md.startswith("您刷新下CDN缓存即可")


def test_a_space_between_chinese_words_separates_chat_from_the_answer(config):
    """Chat replies use a space for a comma: hold phrases, requests and one account's status
    go piece by piece; a request that states a requirement stays whole; 申请发票 is no
    request to send something; the items of an enumeration (、) are no clauses; a clause
    that ends in 多少 asks."""
    entry = clean_ticket(
        ticket(
            ("客户", "验证码短信一直发不出去"),
            ("客服", "这个我们先提交报备 报备通过后再发送即可 请耐心等待"),
            ("客服", "麻烦给下贵司的营业执照 报备需要补充这个材料"),
            ("客服", "这个图片访问正常 您那边看到的报错是什么"),
            ("客服", "先帮您检查下短信 签名是否正常"),
            ("客服", "要在工单申请发票请您在控制台先添加发票抬头"),
            ("客服", "材料如下：a、个人：请提供注册邮箱、身份证照片；b、企业：请提供营业执照"),
            ("客服", "上传的文件数量多少"),
        ),
        config,
    )
    assert entry.answer_md.split("\n\n") == [
        "这个我们先提交报备 报备通过后再发送即可。",
        "麻烦给下贵司的营业执照 报备需要补充这个材料",
        "要在工单申请发票请您在控制台先添加发票抬头",
        "材料如下：a、个人：请提供注册邮箱、身份证照片；b、企业：请提供营业执照",
    ]


def test_a_topic_shows_the_tags_of_the_entries_filed_where_it_is(config):
    """An entry filed under another product that joined the topic brings no tag of its own."""
    import numpy as np

    from generator.topic import make_topic

    def filed(title, reply, product, tags):
        e = clean_ticket(ticket(("客户", title), ("客服", reply), title=title), config)
        return replace(e, product=product, symptom="access", tags=tags)

    members = [
        filed(
            "图片外链打不开", "空间开启了防盗链，把网站域名加入白名单即可", "kodo", ("对象存储",)
        ),
        filed(
            "图片在国外打不开", "空间开启了防盗链，把网站域名加入白名单即可", "kodo", ("对象存储",)
        ),
        filed("海外访问图片失败", "请提供无法访问的链接", "cdn", ("CDN",)),
    ]
    grams = [np.arange(8, dtype=np.uint32)] * 3
    topic = make_topic("t1", members, grams, [0, 0, 1], frozenset())
    assert (topic.product, topic.tags) == ("kodo", ("对象存储",))
