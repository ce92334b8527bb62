"""What of a support chat is knowledge: the clauses a help article would keep.

A support reply mixes the answer with chat: greetings and hold messages, questions back to the
customer ("您这边是国内访问还是海外访问呢"), requests for details or screenshots, what staff did
on this one account ("这边已经为您处理了"), apologies. A help article keeps the rest: the
steps, the cause, the setting, the limit, the policy, the link.

Each message is cut into sentences and each sentence into clauses (at ，；); a clause goes
when it is filler (``cleaning.yml`` ``filler_clauses``), carries no knowledge
(``no_knowledge_answers``), is chat (``chat_clauses``) or asks the customer something. What
is left of a sentence keeps its clauses in order. Code and logs are never cut.

Some kept clauses are weak (``weak_clauses``: what staff saw on this one account, advice that
fits every problem): they stay in the answer, but an answer of only these is no knowledge
(``substance``).

A customer's follow-up question becomes a sub-question of the article (``followup_question``)
when the support side's answer to it carries knowledge.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from .config import Config
from .markup import URL

_SENTENCE_END = re.compile(r"(?<=[。！!？?；;])|\n")
_CLAUSE_END = re.compile(r"([，,；;])")
# In chat a space between two Chinese characters often stands for a comma ("这个我们报备一下
# 报备通过后您再发送 请耐心等待"); not in a sentence that states a requirement, whose pieces
# belong together ("麻烦给下您的营业执照资质信息 报备需要补充这个材料").
_CHAT_CLAUSE_END = re.compile(r"([，,；;]|(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff]))")
# A clause asks when it ends with a question mark, or ends with 吗/么/呢 and asks with a word
# that asks (是否, 什么, 哪, 还是 ...); "关闭试试呢" suggests, it does not ask.
_ASKS_AT_END = re.compile(r"[？?]$|(?:吗|么|嘛|多少)[。.!！]?$")
_ASKING_WORD = re.compile(r"是否|是不是|什么|哪|多少|还是|方便|对吧|是吧|能否|可否|有没有|几")
_PARTICLE_END = re.compile(r"(?:呢|哈|哦|呀|啊|吧)[。.!！]?$")
# "您这边访问有什么报错" asks without a question mark: it names the customer and asks what.
_ASKS_THE_CUSTOMER = re.compile(r"(?:您|你们|你).*(?:什么|哪个|哪些|哪里|多少|有没有|是不是)")
# "是不是没有配置对应的验证解析" asks, but names what is missing: a hint, kept.
_HINTS = re.compile(
    r"(?:是不是|是否)(?:还)?(?:没有|没|未)(?:配置|设置|开启|添加|绑定|上传|部署|修改|关闭)"
)
_WHICH = re.compile(r"哪个|哪些|哪里|什么|是否|是不是")
SHORT_QUESTION = 8  # a clause this short with a word that asks which is a question back
_TELLS = re.compile(r"可以|需要|请|建议|参考|查看|必须|要求")
# A request that states what is required ("报备需要补充这个材料", or for one case of a list:
# "企业用户：请提供营业执照") is a requirement, not chat.
_REQUIRES = re.compile(
    r"必须|要求|才能|才可以|需要(?:补充|提供|上传|提交)|[：:]\s*请?(?:提供|准备|提交)"
)
# A greeting opens a message; inside a sentence ("迁移到新空间的您好，…") it is where two
# messages were run together.
_GREETING_INSIDE = re.compile(
    r"(?:^|(?<=[，,。！!？?\s]))(?:(?:您好|你好)[呀啊哦]?[，,！!。 ]*|嗯嗯?(?=\S)|嗯呢(?=\S))"
    r"|(?P<joined>(?<=[\u4e00-\u9fff])(?:您好|你好)[呀啊哦]?[，,！!])"
)


def _ungreet(m: re.Match) -> str:
    return "。" if m.group("joined") else ""  # (two run-together messages: two sentences)


_CUSTOMER_FRAMING = re.compile(
    r"^(?:(?:好的|好|嗯嗯?|谢谢|感谢|已经好了|可以了|明白了?|了解了?|收到)[，,！!。 ]*)*"
    r"(?:请问(?:一下)?|想问(?:一下)?|问一下|另外|还有|那么?|那个)?[，, ]*"
)
MAX_QUESTION = 60  # a follow-up longer than this is a description, not a sub-question
MAX_CHAT = 40  # a clause longer than this is never dropped as chat: it holds more than chat


def asks(clause: str) -> bool:
    """A clause that asks the customer something.

    >>> asks("您这边是国内使用还是海外访问使用呢"), asks("你们将referer关闭试试呢")
    (True, False)
    >>> asks("您这边控制台是否支持自行开票呢？"), asks("http://example.com/a?")
    (True, False)
    >>> asks("您这边访问有什么报错"), asks("您可以查看有没有开启防盗链")
    (True, False)
    >>> asks("哪个空间"), asks("这个是什么原因导致的，需要重新部署证书"), asks("链接是否正常")
    (True, False, True)
    >>> asks("请问你们具体是怎么设置的合流转推"), asks("列举的文件数量多少")
    (True, True)
    """
    bare = URL.sub("", clause).strip()
    if not bare or _HINTS.search(bare):
        return False
    if _ASKS_AT_END.search(bare) or bare.startswith("请问"):
        return True  # (staff who say 请问 ask the customer something)
    if _ASKS_THE_CUSTOMER.search(bare) and not _TELLS.search(bare):
        return True
    if len(bare) <= SHORT_QUESTION and _WHICH.search(bare) and not _TELLS.search(bare):
        return True  # ("哪个空间", "具体什么报错": a few words that ask)
    return bool(_PARTICLE_END.search(bare) and _ASKING_WORD.search(bare))


def _drops(clause: str, config: Config) -> bool:
    bare = clause.strip()
    return (
        not bare
        or bool(config.filler_clauses.match(bare))
        or bool(config.no_knowledge_answers.match(bare))
        or (
            len(bare) <= MAX_CHAT
            and (
                (config.chat_clauses.match(bare) is not None and not _REQUIRES.search(bare))
                or asks(bare)
            )
        )
    )


@functools.lru_cache(maxsize=50_000)
def knowledge_of(text: str, config: Config) -> str:
    """The sentences and clauses of a support message (prose, one or more lines) that a help
    article keeps; '' when none. Remembered: canned replies come back in many tickets."""
    return _kept(_GREETING_INSIDE.sub(_ungreet, text), lambda clause: _drops(clause, config))


def without_weak(text: str, config: Config) -> str:
    """``text`` without its ``weak_clauses`` (what staff saw on this one account): what a
    one-line summary says of an answer. '' when nothing else is left.

    >>> from generator.config import load_config
    >>> text = "这边看您的网站是https的，页面引用http图片会被浏览器拦截。"
    >>> without_weak(text, load_config("site_config"))
    '页面引用http图片会被浏览器拦截。'
    """
    return _kept(text, lambda clause: config.weak_clauses.match(clause) is not None)


def _kept(text: str, drops: Callable[[str], bool]) -> str:
    """The lines of ``text``, each without the clauses ``drops`` says go ('' when none is left)."""
    lines = []
    for line in text.split("\n"):
        sentences = [k for s in _SENTENCE_END.split(line) if (k := _kept_clauses(s.strip(), drops))]
        if sentences:
            lines.append("".join(sentences))
    return "\n".join(lines)


def _kept_clauses(sentence: str, drops: Callable[[str], bool]) -> str:
    if not sentence:
        return ""
    end = sentence[-1] if sentence[-1] in "。！!；;" else ""
    body = sentence[: len(sentence) - len(end)]
    split = _CLAUSE_END if _REQUIRES.search(body) else _CHAT_CLAUSE_END
    parts = split.split(body)  # clause, separator, clause, ...
    clauses = [
        (parts[i], parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)
    ]
    kept = [(c.strip(), sep) for c, sep in clauses if not drops(c.strip())]
    if not kept:
        return ""
    if len(kept) == len(clauses):
        return sentence
    text = "".join(c + sep for c, sep in kept[:-1]) + kept[-1][0]
    return text + (end or "。")


def substance(text: str, config: Config) -> int:
    """How many characters of kept text make it knowledge: those of its clauses that are not
    ``weak_clauses`` (what staff saw on this account, advice that fits every problem)."""
    total = 0
    for sentence in _SENTENCE_END.split(text):
        for clause in _CLAUSE_END.split(sentence)[::2]:
            bare = clause.strip().rstrip("。！!；;")
            if bare and not config.weak_clauses.match(bare):
                total += len("".join(bare.split()))
    return total


# A bare yes or no ("是的", "1、不会的，…") answers a question; shown without that question it
# tells the reader nothing. Matched at the start of a reply or of one of its numbered items.
_BARE_REPLY = re.compile(
    r"(?:^|(?<=\n)|(?<=[。；;\s]))\s*(?P<n>\d+[.、)）]\s*)?"
    r"(?:是的|对的|不是|不会|会的|可以的|不可以|可以|不行|没有的|有的|不支持|支持的|这个(?:是)?不会的)"
    r"(?:的|呢|哈|哦)?(?:[，,。！!；;\s]+|(?=\d+[.、)）])|$)"
)


_ITEM = re.compile(r"(?:^|(?<=\s))\d+[.、)）]\s*|(?<=[\u4e00-\u9fff。；;])\d+[.、)）]\s*")


def without_bare_replies(question: str, answer: str) -> str:
    """A follow-up's answer without the bare yes and no of a question the page does not show
    (``question`` is ''); unchanged when the page shows its question.

    >>> without_bare_replies("", "1、是的2、存储侧没有这种缓存策略配置")
    '存储侧没有这种缓存策略配置'
    >>> without_bare_replies("", "这个是不会的，跨区域迁移是会计费的")
    '跨区域迁移是会计费的'
    >>> without_bare_replies("支持 HTTP/2 吗？", "是的，控制台开启即可")
    '是的，控制台开启即可'
    >>> without_bare_replies("", "支持的格式有 mp4、flv")
    '支持的格式有 mp4、flv'
    """
    if question:
        return answer
    left = _BARE_REPLY.sub("", answer).strip()
    if left != answer.strip() and len(_ITEM.findall(left)) == 1 and _ITEM.match(left):
        left = _ITEM.sub("", left, count=1)  # (the one item left of a list is no list)
    return left


# A cause the support side states ("这个是由于配置了防盗链导致的", "原因是…"): one clause.
# The clause around it is the cause (found from the words, then widened to the clause's ends:
# a pattern that starts anywhere in a clause would read a long clause once per character).
_CAUSE = re.compile(
    r"(?:由于|因为)[^，,。；;！!？?\n]{2,60}?(?:导致|引起|造成)|原因(?:是|为|在于)[^，,。；;！!？?\n]{4,60}"
    r"|(?<![否不])是[^，,。；;！!？?\n]{2,30}?(?:导致|引起|造成)的"
)
_CLAUSE_STOPS = "，,。；;！!？?\n"
_CAUSE_FRAMING = re.compile(
    r"^(?:根据您的描述|经排查|经过排查|经核实)?[，,]?(?:可以判断|判断)?(?:您的|这个)?(?:问题)?"
    r"(?:这个|这|那|主要|应该|可能)?(?:是|就是)?|的?[，,。；;！!]?$"
)


def stated_cause(prose: str) -> tuple[str, str]:
    """The cause a reply states, as one sentence, and the reply without it ('' and the reply
    when it states none).

    >>> stated_cause("这个是由于配置了referer防盗链导致的，将referer关闭即可")
    ('由于配置了referer防盗链导致。', '将referer关闭即可')
    >>> stated_cause("这个是CDN缓存导致的，你们刷新下CDN缓存即可")
    ('CDN缓存导致的。', '你们刷新下CDN缓存即可')
    >>> stated_cause("在控制台重新申请证书即可")
    ('', '在控制台重新申请证书即可')
    """
    m = _CAUSE.search(prose)
    if m is None:
        return "", prose
    start = max(prose.rfind(stop, 0, m.start()) for stop in _CLAUSE_STOPS) + 1
    stops = [i for stop in _CLAUSE_STOPS if (i := prose.find(stop, m.end())) >= 0]
    end = min(stops, default=len(prose))
    if end < len(prose) and prose[end] in "，,。；;！!":
        end += 1  # (the clause's own punctuation goes with it)
    cause = _CAUSE_FRAMING.sub("", prose[start:end].strip())
    if not cause.startswith(("由于", "因为", "原因")) and cause.endswith(("导致", "引起", "造成")):
        cause += "的"  # ("这个是CDN缓存导致的": said without 由于, it keeps its 的)
    rest = (prose[:start] + prose[end:]).strip(" ，,")
    return (cause + "。", rest) if len(cause) >= 6 else ("", prose)


# What a customer's sentence asks with (also: a title that asks, topic.is_label).
QUESTION = re.compile(r"[？?]$|如何|怎么|怎样|为什么|为何|是否|能否|可否|吗$|哪里|哪些|多少")
ASKS_STAFF = re.compile(r"帮我|帮忙|麻烦(?:你|您)|给我|替我")
# What a customer's sentence states a problem with (also: a title that does, topic.is_label).
PROBLEM = re.compile(
    r"无法|不能|失败|报错|错误|异常|不生效|没生效|打不开|卡住|超时|不显示|不了|不到|不上"
    r"|还是|还能|仍然|依然|一直|总是|长时间"
)
_CONTINUES = re.compile(r"^(?:或者|还有|另外|那么?|但是|所以|而且|然后|如果)")


def first_question(description: str) -> str:
    """The first sentence of a customer's description that asks a short, clean question, else
    the first that states a problem.

    >>> first_question("我上传的视频有的能播放，有的直接下载。为什么有的视频不能在线播放？")
    '为什么有的视频不能在线播放？'
    >>> first_question("设置如图"), first_question("添加了一个IP到黑名单，但是还能访问网站")
    ('', '添加了一个IP到黑名单，但是还能访问网站')
    """
    clean = []
    for sentence in re.findall(r"[^。！!？?\n]+[。！!？?]?", description):
        sentence = sentence.strip(" ，,。")
        if _CONTINUES.match(sentence) or ASKS_STAFF.search(sentence) or "‹" in sentence:
            continue  # (a sentence that goes on from another, or asks staff to act on one case)
        if 6 <= len(sentence) <= 40:
            clean.append(sentence)
    asks = next((s for s in clean if QUESTION.search(s)), "")
    if asks:
        return re.sub(r"呢([？?])$", r"\1", asks)
    return next((s for s in clean if PROBLEM.search(s)), "")


# What asks: a question mark, a word that asks, a final 吗 or 呢.
_ASKS_SOMETHING = re.compile(
    QUESTION.pattern + "|" + _ASKING_WORD.pattern + r"|怎|哪|谁|[吗呢][。.！!]*$"
)
# A question that makes sense only inside the conversation: it points at what was shown or
# said ("这个是什么问题", "是这个意思吗", "粘贴给你吗") or argues ("难道…").
_REFERS_BACK = re.compile(
    r"什么意思|这个意思|难道|是这里吗|是这个吗|是这样吗|是不是这个|对吗|是吧|给你|你们那"
    r"|^(?:这个|这块|这一步|这里|那个|那里)(?:是|在)?(?:什么|哪|那)"
)
# A question about the customer's own case speaks of "I" ("我现在要怎么做", "明明我又加上了")
# or of a day; a sub-question of a help article asks for everyone. (我们 asks for a company.)
OWN_CASE = re.compile(r"我(?!们)|你帮|帮我")
A_DAY = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]")


# An answer that leans on its question: it points at it, or says yes or no.
_LEANS = re.compile(
    r"\s*(?:这个|这种|这样|那个|是的|不是|可以|不可以|不能|能的|不会|会的|没有|有的|支持|不支持)"
)


def followup_question(text: str, answer: str = "") -> str:
    """A customer's later message as a sub-question of the article: its framing
    ("好的，谢谢！请问一下，") gone; '' when it is no short question. A question about the
    customer's own case stays when ``answer`` leans on it ("这个您无法调整的").

    >>> followup_question("已经好了，谢谢！请问一下，下次续签，应该如何操作才能正常配置呢？")
    '下次续签，应该如何操作才能正常配置？'
    >>> followup_question("DV和DV（限免），这两个有什么区别呢")
    'DV和DV（限免），这两个有什么区别？'
    >>> followup_question("https://cdn.example.com/a.mp4？")
    ''
    >>> followup_question("本地ip ‹IP 地址› 访问域名 http://‹域名1›/ 可以吗？")
    ''
    >>> followup_question("链接多久会过期？我前一两个星期才重新更换的视频链接？")
    '链接多久会过期？'
    >>> followup_question("可以是什么意思？是调整为公开了，别人不购买也可以看的意思吗？")
    ''
    >>> followup_question("所以我现在要怎么做？"), followup_question("这个是什么问题呢？")
    ('', '')
    >>> followup_question("调整计费方式我这边可以自己调吗", "这个您无法调整的")
    '调整计费方式我这边可以自己调吗？'
    """
    framed = _CUSTOMER_FRAMING.sub("", " ".join(text.split())).strip()
    # (the first sentence that asks is the question: what comes before it is context, what
    # comes after it is the customer's own case)
    sentences = re.findall(r"[^。！!？?]+[。！!？?]*", framed)
    question = next((s for s in sentences if _ASKS_SOMETHING.search(s)), "")
    own = OWN_CASE.search(question) and not _LEANS.match(answer)
    if _REFERS_BACK.search(question) or A_DAY.search(question) or own:
        return ""  # (it makes sense only inside the conversation, or only for this customer)
    text = question
    question = re.sub(r"[呢吗哈]?[？?。.！!]*$", "", question).strip("，, ")
    words = re.sub(r"‹[^›]*›|\[REDACTED_\w+\]", "", URL.sub("", question))
    if len(re.findall(r"[\u4e00-\u9fff]|[A-Za-z]{2,}", words)) < 3 or len(question) > MAX_QUESTION:
        return ""  # (a pasted link or ID, or a long description: no sub-question)
    if words != question:
        return ""  # (it asks about this customer's own values: a link, a hidden name)
    asked = re.search(r"吗$", text.strip().rstrip("？?。. ")) is not None
    return question + ("吗？" if asked else "？")
