"""Rules of grouping that the labelled figures rest on, each on entries of its own."""

from __future__ import annotations

import numpy as np

from generator.features import shingles_of
from generator.model import Features
from generator.similarity import Pair, Weights, core_of

from .conftest import generate

DONE = "您好，这边手动介入处理下，已经处理完成，您确认下。"  # (no knowledge: a draft)
CANNED = (
    "域名在其他账号下创建，会导致当前账号下创建失败。域名找回需要人工处理：请先在域名服务商"
    "添加一条 TXT 解析验证，提交工单后我们确认解析，再手动把域名过户到当前账号。"
    "注意：每月 1-3 号为出账期，不支持域名过户。"
)


def _ticket(title: str, chat: list[tuple[str, str]]) -> str:
    lines = [f"## {title}", "", "**问题分类**: CDN｜配置问题", "", "### 问题描述", ""]
    lines += [chat[0][1], "", "### 客服解答", ""]
    lines += [f"**{who}**：{text}" for who, text in chat]
    return "\n".join(lines + ["", "---", "", ""])


def _generated(tmp_path, *tickets: str) -> list[dict]:
    """The report's entries of ``helpgen generate`` on one raw file of these tickets."""
    raw = tmp_path / "a.txt"
    raw.write_text("".join(tickets), encoding="utf-8")
    return generate([raw], tmp_path / "docs", tmp_path / "r.json")["entries"]


def _item(words: str, answer: str) -> Features:
    grams = shingles_of(answer)
    return Features(frozenset(words.split()), frozenset(words.split()), grams, grams, frozenset())


def test_an_answer_given_only_after_asking_back_is_the_entrys_answer(tmp_path):
    """The first reply asked the customer something; the follow-up carries the answer. That
    answer is what the entry is compared by, so it meets the ticket that got it at once."""
    entries = _generated(
        tmp_path,
        _ticket("域名找回怎么操作", [("客户", "域名找回怎么操作？"), ("客服", CANNED)]),
        _ticket(
            "添加加速域名提示已被占用",
            [
                ("客户", "添加加速域名时提示域名已被占用，怎么办"),
                ("客服", "您好，您这边域名目前是否从原账号删除了呢？"),
                ("客户", "已经删除了，新账号添加还是报错"),
                ("客服", CANNED),
            ],
        ),
    )
    assert [e["fate"] for e in entries] in (["published", "merged"], ["merged", "published"])
    assert entries[0]["topic"] == entries[1]["topic"]


def test_a_few_words_alike_are_not_the_same_answer():
    """Two related questions whose replies are one short line each (可以, a pasted 好的 …) do
    not agree by that line; a substantive answer in common does."""
    short = "是可以对公充值的。"
    items = [_item("账户 充值 无法", short), _item("账户 余额 提现", short)]
    long = [_item("账户 充值 无法", CANNED), _item("账户 余额 提现", CANNED)]
    assert 0.1 < Pair(items, Weights.of(items), 0, 1).question() < 0.62
    assert Pair(items, Weights.of(items), 0, 1).agree() == 0.0
    assert Pair(long, Weights.of(long), 0, 1).agree() > 0.0


def test_a_core_keeps_the_answer_of_each_phrasing_it_joined():
    """A community that holds two phrasings of one question, each with its own answer, keeps
    both answers in its core (a quarter of its answers share each), so a third phrasing
    still finds the one it shares; a reply pasted into one member of five stays out."""
    first, second = "免费证书不能续期，到期后重新申请免费证书并部署。", CANNED
    pasted = "请您在控制台的财务中心查看实时消费明细与账单。"
    members = [
        _item("证书 过期", first),
        _item("证书 过期 续期", first),
        _item("证书 过期", second),
        _item("证书 过期 更换", second + pasted),
        _item("证书 过期", second),
    ]
    core = core_of(members, list(range(5)))
    for answer in (first, second):
        assert np.isin(shingles_of(answer), core.answer).all()
    assert not np.isin(np.setdiff1d(shingles_of(pasted), shingles_of(second)), core.answer).any()


def test_a_phrasing_meets_the_phrasing_it_shares_an_answer_with_inside_a_community():
    """A community holding two phrasings of one question (seven asked one way and answered
    one way, two another) has a core of what most of them say; a further entry that shares
    the two's answer meets their part's core, not the community's, and joins the community."""
    from generator.features import finished
    from generator.group import _join_cores

    first = "免费证书到期后不能续期，请到证书管理重新申请免费证书，签发后在域名管理里更换证书。"
    items = finished(
        [_item("证书 过期", CANNED) for _ in range(7)]
        + [_item("证书 更换", first) for _ in range(2)]
        + [_item("证书 更换 邮件", first)]
    )
    community = [0] * 9 + [1]
    listed = [""] * 10
    by_parts = _join_cores(items, [0] * 7 + [1, 1, 2], community, listed)
    assert len(set(by_parts)) == 1
    # Compared by the communities' cores alone, the last entry stays apart.
    assert len(set(_join_cores(items, community, community, listed))) == 2


def test_questions_without_an_answer_that_report_the_same_feature_stuck_are_one_draft(tmp_path):
    """Drafts whose questions say a change is still pending (synonyms.yml ``pending``) about
    the same features (the taxonomy's symptom keywords in the title) are one question, however
    they word it; the same state of another feature is another question, and a draft that
    reports nothing pending joins by its words alone."""
    entries = _generated(
        tmp_path,
        _ticket("证书处理中", [("客户", "新证书一直处理中，帮忙切换"), ("客服", DONE)]),
        _ticket("域名证书更新", [("客户", "提交了证书的更新，好久都没响应"), ("客服", DONE)]),
        _ticket("证书替换没有生效", [("客户", "到现在证书都没有生效"), ("客服", DONE)]),
        _ticket("域名配置卡住", [("客户", "域名配置卡住"), ("客服", DONE)]),
        _ticket("删除域名卡在处理中", [("客户", "提交了一段时间了，还没处理完"), ("客服", DONE)]),
        _ticket("证书到期", [("客户", "证书到期了"), ("客服", DONE)]),
        _ticket("证书部署后较长时间未配置完成", [("客户", "部署了很久"), ("客服", DONE)]),
    )
    assert {e["fate"] for e in entries} == {"drafted"}
    topic = [e["topic"] for e in entries]
    assert topic[0] == topic[1] == topic[2] == topic[6]  # (未…完成: a verb between)
    assert topic[3] == topic[4] != topic[0]
    assert topic[5] not in (topic[0], topic[3])


def test_a_stuck_question_meets_the_answered_one_that_reports_the_same_feature_stuck(tmp_path):
    """A draft that reports a change stuck joins the answered question reporting the same
    features stuck, and so does another answered one, however differently they are worded
    (they share no words to be compared by); 配置 (the taxonomy's ``generic`` symptom) names a
    feature only alone, so a stuck HTTPS 配置 is a stuck certificate, not a stuck
    configuration."""
    queue = (
        "CDN 域名的配置变更需要排队下发，一般 5-10 分钟生效；如果超过 1 小时仍显示处理中，"
        "通常是域名有特殊配置，需要提交工单由工程师人工处理，处理后状态会变为成功。"
    )
    special = (
        "您的域名有 QPS 限制等特殊配置，修改黑名单、防盗链这类配置时会与之冲突而停在处理中，"
        "需要工程师手动处理；以后修改这类配置前，可以先提交工单说明要改的内容。"
    )
    entries = _generated(
        tmp_path,
        _ticket("修改防盗链设置已经排队7天", [("客户", "防盗链改了好几天"), ("客服", queue)]),
        _ticket("域名配置卡住", [("客户", "域名配置卡住"), ("客服", DONE)]),
        _ticket("证书处理中", [("客户", "新证书一直处理中，帮忙切换"), ("客服", DONE)]),
        _ticket("https配置一直配不上", [("客户", "https配置一直配不上"), ("客服", DONE)]),
        _ticket("黑名单怎么久还没改完", [("客户", "黑名单还没改完"), ("客服", special)]),
    )
    assert [e["fate"] for e in entries] == ["published", "merged", "drafted", "drafted", "merged"]
    topic = [e["topic"] for e in entries]
    assert topic[0] == topic[1] == topic[4] != topic[2] == topic[3]


def test_a_stray_member_does_not_take_its_community_into_another_question():
    """One member of a community whose answer is a reply pasted from elsewhere is a part of
    its own; it agrees with the question that reply belongs to, but a part under a quarter
    of its community's largest part does not speak for the community. A phrasing of the same
    size does."""
    from generator.features import finished
    from generator.group import _join_cores

    own = "加速域名的使用场景在域名管理的基础配置里修改，改为点播场景后按新的场景调度节点。"
    pasted = "这个是由于您域名有特殊配置导致的，需要提交工单由工程师人工介入处理后才能生效。"
    scene = [_item("域名 场景 选错", own) for _ in range(8)]
    stuck = [_item("域名 证书 处理中", pasted) for _ in range(8)]
    stray = [_item("域名 场景 选错", pasted)]
    items = finished(scene + stray + stuck)
    community, listed = [0] * 9 + [1] * 8, [""] * 17
    assert Pair(items, Weights.of(items), 8, 9).agree() > 0
    groups = _join_cores(items, [0] * 8 + [1] + [2] * 8, community, listed)
    assert groups[0] == groups[8] != groups[9]
    phrasing = finished(scene + [_item("域名 场景 选错", pasted) for _ in range(8)] + stuck)
    groups = _join_cores(phrasing, [0] * 8 + [1] * 8 + [2] * 8, [0] * 16 + [1] * 8, [""] * 24)
    assert len(set(groups)) == 1


def test_answered_questions_that_report_the_same_feature_stuck_agree():
    """Two answered questions that report the same features stuck ask what to do when it stays
    so, whatever their words and answers; another feature stuck is another question."""
    from dataclasses import replace

    queue = "配置变更需要排队下发，超过 1 小时仍在处理中时请提交工单，由工程师人工处理。"
    special = "您的域名有 QPS 限制等特殊配置，修改黑名单时会冲突而停在处理中，需要手动处理。"
    stuck = [
        replace(_item("防盗链 设置 排队", queue), pending=frozenset({"config"})),
        replace(_item("黑名单 没改完", special), pending=frozenset({"config"})),
        replace(_item("证书 更新 没生效", special), pending=frozenset({"certificate"})),
    ]
    weights = Weights.of(stuck)
    assert Pair(stuck, weights, 0, 1).question() == 0.0
    assert Pair(stuck, weights, 0, 1).agree() > 0.0
    assert Pair(stuck, weights, 1, 2).agree() == 0.0
