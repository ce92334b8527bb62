"""Search: the compounds of a query and of a page (addresses, error identifiers) and their
parts."""

from __future__ import annotations

import json

from generator.search.index import build_index, search_doc
from generator.search.query import Searcher


def searcher(config, pages: list[tuple[str, str, str]]) -> Searcher:
    def doc(n: int, product: str, title: str, body: str):
        meta = {"product": product, "symptom": "access", "title": title, "questions": []}
        return search_doc(f"p{n}/", dict(meta, id=str(n)), f"# {title}\n\n{body}", config)

    docs = [doc(n, *page) for n, page in enumerate(pages)]
    return Searcher(json.loads(json.dumps(build_index(docs, config))))


def test_a_word_inside_a_pages_identifier_is_not_one_of_its_words(config):
    """login of ERR_SERVER_SSO_INVALID_LOGIN_STATUS ranked that code's page first for a docker
    login to a registry: the parts of a page's identifiers are a field of their own, and a
    query word found only there counts for half."""
    s = searcher(
        config,
        [
            (
                "live",
                "错误码 -70221（ERR_SERVER_SSO_INVALID_LOGIN_STATUS）：登录状态无效",
                "请重新鉴权。",
            ),
            (
                "k8s",
                "为什么我的 UHub 登陆失败了?",
                "请确认是在公网还是 UCloud 内网登陆的，并在 UHub 的控制台打开外网访问。",
            ),
            ("k8s", "镜像下载很慢", "可以 docker pull uhub.service.ucloud.cn/library/nginx 重试。"),
            # 登录 is on many pages of a site, uhub on few.
            *(("cvm", f"{what}登录不上", "请检查安全组。") for what in ("SSH", "控制台", "VNC")),
        ],
    )
    hits = s.search("docker login uhub.service.ucloud.cn 登录不上")
    assert [h.location for h in hits].index("p1/") < [h.location for h in hits].index("p0/")
    assert s.search("ERR_SERVER_SSO_INVALID_LOGIN_STATUS")[0].location == "p0/"
    assert s.search("invalid login status")[0].location == "p0/"  # its parts still find it


def test_a_compound_the_index_knows_is_also_looked_for_by_its_parts(config):
    """A page may name the thing without the rest of its address (uhub for
    uhub.service.ucloud.cn); each part found is that share of the compound, so the page with
    the whole identifier still comes first."""
    s = searcher(
        config,
        [
            ("k8s", "UHub 登录失败", "请确认密码。"),
            ("k8s", "镜像下载很慢", "docker pull uhub.service.ucloud.cn/library/nginx"),
            ("live", "头像上传失败", "日志里有 ERROR_PROXY_AUTH_FAILED。"),
            ("live", "代理服务器配置", "proxy 的地址请填内网地址。"),
        ],
    )
    clauses = s.clauses("uhub.service.ucloud.cn 登录")
    assert [(c.term, c.parts) for c in clauses][:2] == [("uhub.service.ucloud.cn", 0), ("uhub", 4)]
    assert {h.location for h in s.search("uhub.service.ucloud.cn 登录")[:2]} == {"p0/", "p1/"}
    assert [h.location for h in s.search("ERROR_PROXY_AUTH_FAILED")][:1] == ["p2/"]
