"""The built site in headless Chromium (Debian's package): pages render, search answers,
phones fit."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from .conftest import FIXTURES, build_site_in, chromium_path
from .test_site import NASTY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="Debian's chromium is not installed"),
]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("browser")
    redteam = (FIXTURES / "redteam.txt").read_text(encoding="utf-8")
    assert build_site_in(work, {"nasty.txt": NASTY, "redteam.txt": redteam}) == 0
    handler = functools.partial(_Quiet, directory=str(work / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", work
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=ARGS)
        yield b
        b.close()


@pytest.fixture(params=[(1280, 900), (390, 844)], ids=["desktop", "phone"])
def page(browser, request, tmp_path):
    width, height = request.param
    pg = browser.new_page(viewport={"width": width, "height": height})
    pg.shots = tmp_path  # screenshots for a person to look at when a test fails
    yield pg
    pg.close()


def fits_width(pg) -> bool:
    return pg.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")


def too_wide(pg) -> list[str]:
    """The elements that stick out to the right of the viewport (for a failing test's message)."""
    return pg.evaluate(
        "[...document.querySelectorAll('body *')]\n"
        "      .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
        " && e.getClientRects().length)\n"
        "      .slice(0, 5).map(e => e.tagName + '.' + e.className + ': '"
        " + (e.textContent || '').trim().slice(0, 60))"
    )


def test_home_page_leads_with_search_and_products(server, page):
    url, _ = server
    page.goto(url + "/")
    assert page.locator("h1").first.inner_text() == "云服务帮助中心"
    assert page.locator(".grid.cards li").count() >= 5
    page.locator("label.hg-search-button").click()
    page.wait_for_function(
        "document.activeElement && document.activeElement.matches('.md-search__input')"
    )
    # Chinese arrives as text input without key events (as from an IME); the key
    # press afterwards is what a person's last keystroke gives Material's listener.
    page.keyboard.type("证书过期")
    # The index is built in a worker after the page loads; a person who typed too
    # early gets results with the next keystroke, so keep pressing a key a while.
    for _ in range(40):
        page.keyboard.press("End")
        if page.locator(".md-search-result__item").count():
            break
        page.wait_for_timeout(250)
    assert page.locator(".md-search__input").input_value() == "证书过期"
    assert page.locator(".md-search-result__item").count() > 0
    # Material opens search on a phone with a growing circle (a CSS transition): judge the layout
    # once it has settled, not mid-animation.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    assert fits_width(page), too_wide(page)
    page.screenshot(path=str(page.shots / "home.png"))


def test_index_pages_list_topics(server, page):
    url, _ = server
    page.goto(url + "/cdn/certificate/")
    assert page.locator("h1").first.inner_text() == "证书与 HTTPS"
    links = page.locator("article li a")
    assert links.count() >= 10
    links.first.click()
    page.wait_for_load_state()
    assert page.locator("h2", has_text="解决方法").count() == 1
    assert fits_width(page)


def test_topic_page_renders_answer_and_collapsed_conversation(server, page):
    url, work = server
    topic = (
        next((work / "docs_src" / "kodo").rglob("[0-9a-f]*.md"))
        .relative_to(work / "docs_src")
        .with_suffix("")
    )
    page.goto(f"{url}/{topic.as_posix()}/")
    assert page.locator(".hg-crumbs a").count() == 2
    details = page.locator("details.quote")
    if details.count():
        assert details.first.get_attribute("open") is None
    assert fits_width(page)


def test_injected_markup_is_not_live_in_the_page(server, page):
    url, work = server
    nasty = next(
        p for p in (work / "docs_src").rglob("*.md") if "nasty.txt" in p.read_text(encoding="utf-8")
    )
    rel = nasty.relative_to(work / "docs_src").with_suffix("").as_posix()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{url}/{rel}/")
    page.mouse.move(200, 400)
    page.wait_for_timeout(300)
    article = page.locator("article")
    assert (
        article.locator("script, img[onerror], [onmouseover], a[href^='javascript']").count() == 0
    )
    assert "<script>alert('title')</script>" in page.locator("h1").first.inner_text().replace(
        "＜", "<"
    ).replace("＞", ">").replace("’", "'")
    assert "{{ config.site_name }}" in article.inner_text()
    page.screenshot(path=str(page.shots / "nasty.png"), full_page=True)
    assert dialogs == []


@pytest.mark.parametrize("marker", ["页面注入测试", "证书续费失败"])
def test_redteam_pages_have_no_live_markup(server, page, marker):
    url, work = server
    source = next(
        p
        for p in (work / "docs_src").rglob("*.md")
        if p.name != "index.md" and marker in p.read_text(encoding="utf-8")
    )
    rel = source.relative_to(work / "docs_src").with_suffix("").as_posix()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{url}/{rel}/")
    for summary in page.locator("article details summary").all():
        summary.click()
    for link in page.locator("article a").all():
        href = link.get_attribute("href") or ""
        assert (
            href.startswith(("http://", "https://", "#", "../", "./", "mailto:"))
            or "/" not in href[:1]
        ), href
    article = page.locator("article")
    assert (
        article.locator(
            "script, iframe, object, embed, [onerror], [onmouseover], [onclick]"
        ).count()
        == 0
    )
    page.mouse.move(300, 300)
    page.wait_for_timeout(200)
    assert dialogs == []
    assert page.locator(".hg-redacted").count() >= 1 or marker == "页面注入测试"
    assert fits_width(page)


def test_feedback_is_sent_and_the_palette_toggles(server, page):
    url, work = server
    topic = next(
        p
        for p in sorted((work / "docs_src" / "cdn").rglob("[0-9a-f]*.md"))
        if "status: draft" not in p.read_text(encoding="utf-8")
    )
    posted = []
    page.route(
        "https://help.example.com/api/feedback",
        lambda route: (posted.append(route.request.post_data), route.fulfill(status=204)),
    )
    page.goto(f"{url}/{topic.relative_to(work / 'docs_src').with_suffix('').as_posix()}/")
    form = page.locator("form.md-feedback")
    form.wait_for(state="visible")
    assert "这篇文章对您有帮助吗？" in form.inner_text()
    page.locator('.md-feedback__icon[data-md-value="0"]').click()
    page.wait_for_function("document.querySelector('.md-feedback fieldset').disabled")
    assert "我们会改进这篇文章" in form.inner_text()
    for _ in range(20):
        if posted:
            break
        page.wait_for_timeout(100)
    assert posted and "rating=0" in posted[0] and f"{topic.stem}" in posted[0]
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    before = page.evaluate(scheme)
    page.locator("label.md-header__button[for^='__palette_']:visible").first.click()
    page.wait_for_function(f"{scheme} !== {before!r}")
    assert fits_width(page)
    page.screenshot(path=str(page.shots / "dark.png"))
