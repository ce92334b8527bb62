#!/usr/bin/env python3
"""Benchmark: site search in headless Chromium (Debian's package).

    .venv/bin/python scripts/bench_search.py [5000 ...]

Builds the bundled site (docs_src/ as committed), the real-pages site (the
labelled vendor pages of tests/fixtures/real_pages/, as scripts/real_site.py
makes it) and, for each size given, a scaled site with that many distinct
entries (as scripts/bench_site.py makes them). For each site, prints:

- index bytes, raw and gzip, in total and per topic;
- search ready: from navigation start to the worker's READY (index fetched,
  parsed and loaded, and Material's page script listening), median of 7 cold
  loads (the browser's cache off) in an open tab, and the same in a new tab
  each time; served as static hosts serve (gzip, no Nagle delay);
- query response: the labelled queries (tests/fixtures/search_queries.yml; on
  the real-pages site its own, tests/fixtures/real_pages/queries.yml) typed into
  the search box, time from the keystroke to the result list being rendered
  (p50, p95, max), and the worker's own time per query;
- on the bundled and the real-pages site, hit@1, hit@5, MRR and the number of
  queries without results (on the real-pages site also for the queries whose
  answers the parser read intact).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Type a query as Material sees it (the value, then a keyup); resolve when the results are redrawn.
ASK = """async (q) => {
  const input = document.querySelector(".md-search__input")
  const meta = document.querySelector(".md-search-result__meta")
  const start = performance.now()
  const done = new Promise(resolve => {
    const watch = new MutationObserver(() => {
      watch.disconnect(); resolve(performance.now() - start)
    })
    watch.observe(meta, {childList: true, characterData: true, subtree: true})
  })
  input.value = q
  input.dispatchEvent(new KeyboardEvent("keyup", {key: "End", bubbles: true}))
  const ms = await done
  await new Promise(r => requestAnimationFrame(r))
  const links = [...document.querySelectorAll(".md-search-result__item > a")].map(a => a.pathname)
  return {ms, links}
}"""


class _Static(http.server.SimpleHTTPRequestHandler):
    """Serves the site as static hosts do: text compressed with gzip when the browser accepts it."""

    packed: dict = {}
    # Headers and body go out as two writes; with Nagle's algorithm on, the body waits for the
    # client's delayed ACK (40 ms on Linux) on every request. Static hosts send without delay.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or path.suffix not in {".html", ".js", ".json", ".css"}
            or not path.is_file()
        ):
            return super().send_head()
        if path not in self.packed:
            self.packed[path] = gzip.compress(path.read_bytes(), 6)
        body = self.packed[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path):
    """The site over HTTP from a process of its own (so the browser driver never slows it)."""
    import multiprocessing

    ready = multiprocessing.get_context("fork").Queue()

    def run() -> None:
        for path in [*site.glob("search/*.json"), *site.rglob("*.js"), *site.rglob("*.css")]:
            _Static.packed[path] = gzip.compress(path.read_bytes(), 6)  # hosts keep them compressed
        handler = functools.partial(_Static, directory=str(site))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        ready.put(httpd.server_address[1])
        httpd.serve_forever()

    process = multiprocessing.get_context("fork").Process(target=run, daemon=True)
    process.start()
    return process, f"http://127.0.0.1:{ready.get(timeout=30)}"


def open_search(page, url: str):
    """Load url in page and wait for the search worker's READY; returns (worker, times in ms).

    The times count from the page's navigation start: READY, the worker started, the index
    requested, fetched and parsed, Material's SETUP, and the page's DOMContentLoaded.
    """
    page.goto("about:blank")
    with page.expect_worker() as info:
        page.goto(url)
    worker = info.value
    for _ in range(400):
        if worker.evaluate("self.helpgenStats && self.helpgenStats.ready"):
            break
        page.wait_for_timeout(25)
    stats = worker.evaluate("self.helpgenStats")
    origin = page.evaluate("performance.timeOrigin")
    loaded = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    return worker, tuple(
        stats[k] - origin for k in ("ready", "started", "requested", "fetched", "parsed", "setup")
    ) + (loaded,)


def ready_times(browser, url: str, fresh_tabs: bool) -> list[tuple]:
    """Seven cold loads (the browser's cache off), after one that warms the browser up.

    In one open tab, as a customer who follows a link or types the address; or each in a new
    tab, which in headless Chromium also starts the tab's own browser UI (the omnibox popup
    page), so that figure includes work that is not the site's.
    """
    times = []
    page = None
    for n in range(8):
        if page is None or fresh_tabs:
            if page is not None:
                page.close()
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.context.new_cdp_session(page).send(
                "Network.setCacheDisabled", {"cacheDisabled": True}
            )
        _, t = open_search(page, url)
        if n:
            times.append(t)
    page.close()
    return times


def measure(site: Path, queries: list[dict], label: str, topics: int) -> None:
    from playwright.sync_api import sync_playwright

    from generator.search.evaluate import figures, rates

    index = (site / "search" / "helpgen_index.json").read_bytes()
    packed = len(gzip.compress(index, 6))
    server, url = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            readies = ready_times(browser, url + "/", fresh_tabs=False)
            tabs = ready_times(browser, url + "/", fresh_tabs=True)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            worker, _ = open_search(page, url + "/")
            page.locator(".md-search__input").click()
            answers = [page.evaluate(ASK, item["q"]) for item in queries]
            log = worker.evaluate("self.helpgenStats.queries")
            inside = [q["ms"] for q in log]
            slow = sorted(log, key=lambda q: -q["ms"])[:5]
            browser.close()
    finally:
        server.terminate()
    times = sorted(a["ms"] for a in answers)
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    print(f"{label}: {topics} topics")
    print(
        f"  index {len(index) / 1024:.0f} KB raw, {packed / 1024:.0f} KB gzip; "
        f"{len(index) / topics / 1024:.2f} KB raw, {packed / topics / 1024:.2f} KB gzip per topic"
    )
    ready = sorted(r[0] for r in readies)

    def mid(k):
        return statistics.median(r[k] for r in readies)

    print(
        f"  search ready {statistics.median(ready):.0f} ms after navigation "
        f"(median of {len(ready)} cold loads in an open tab; min {ready[0]:.0f}, "
        f"max {ready[-1]:.0f}; each in a new tab: {statistics.median(r[0] for r in tabs):.0f} ms); "
        f"worker started at {mid(1):.0f} ms, index requested at {mid(2):.0f} ms, "
        f"fetched at {mid(3):.0f} ms, parsed at {mid(4):.0f} ms; Material's SETUP at "
        f"{mid(5):.0f} ms; the page's DOMContentLoaded at {mid(6):.0f} ms"
    )
    print(
        f"  query response, typed to rendered: p50 {statistics.median(times):.1f} ms, "
        f"p95 {p95:.1f} ms, "
        f"max {times[-1]:.1f} ms; in the worker: p95 "
        f"{sorted(inside)[min(len(inside) - 1, int(round(0.95 * len(inside))) - 1)]:.1f} ms"
    )
    print("  slowest in the worker: " + ", ".join(f"{q['query']} {q['ms']:.0f} ms" for q in slow))
    if label != "scaled":
        links = [[link.strip("/") for link in a["links"]] for a in answers]
        print(f"  in the search box: {figures(rates(links, queries))}")
        intact = [n for n, item in enumerate(queries) if not item.get("parse_lost", False)]
        if len(intact) < len(queries):
            kept = rates([links[n] for n in intact], [queries[n] for n in intact])
            print(f"  answers the parser read intact: {figures(kept)}")


def main(sizes: list[int]) -> None:
    from generator.config import load_config
    from generator.docsfolder import read_docs
    from generator.search.evaluate import answerable, followed
    from generator.site import build_site
    from scripts.bench_site import scaled_work, timed_build
    from scripts.real_site import build_real_site

    # As tests/test_search.py asks them: a wanted page that merged into another is answered by
    # the page it redirects to, and a query whose answers are all drafts has no page yet.
    asked = yaml.safe_load((ROOT / "tests/fixtures/search_queries.yml").read_text("utf-8"))
    docs = read_docs(ROOT / "docs_src", load_config(ROOT / "site_config"))
    published = {page.id for page in docs.existing() if page.status != "draft"}
    queries = answerable(followed(asked, docs.redirects()), published)
    with tempfile.TemporaryDirectory() as tmp:
        build_site(str(ROOT / "mkdocs.yml"), str(ROOT / "docs_src"), str(Path(tmp) / "site"))
        topics = sum(1 for p in (ROOT / "docs_src").rglob("*.md") if len(p.stem) == 10)
        measure(Path(tmp) / "site", queries, "bundled", topics)
    with tempfile.TemporaryDirectory() as tmp:
        real = build_real_site(Path(tmp))
        topics = sum(1 for p in real.docs.rglob("*.md") if len(p.stem) == 10)
        measure(real.site, real.queries, "real pages", topics)
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            scaled_work(n, work)
            r = timed_build(work, work / "raw")
            print(
                f"(scaled site built in {r['generate'] + r['build']:.0f} s: "
                f"generate {r['generate']:.0f} s, "
                f"MkDocs {r['build']:.0f} s)"
            )
            measure(work / "site", queries, "scaled", r["topics"])


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]])
