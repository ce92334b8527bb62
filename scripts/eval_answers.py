#!/usr/bin/env python3
"""What a customer reads on the bundled site, measured against the hand labels.

    .venv/bin/python scripts/eval_answers.py [--show]

Runs `helpgen generate` on data/raw/qiniu-support-qa-part15.txt into a temporary folder and
reads the report and the pages it wrote. Labels (all made from the raw data only):
tests/fixtures/labels/tickets.yml (knowledge, product and symptom of every ticket; a second
annotator's accepted places in tickets_second_annotator.yml), ticket_facts.yml (the key facts
a page for the ticket must contain), causes.yml (which root-cause lines are boilerplate),
urls.yml (where each pasted URL really ends).

Printed:

- pages without knowledge: published topics all of whose entries are labelled knowledge: no;
- knowledge lost: entries labelled yes or partly that end excluded or in a draft;
- place accuracy: for each entry of a published topic, whether the topic's product (and
  product and symptom) is one its label accepts (annotator A; either annotator);
- catch-all share: published topics under the catch-all symptom;
- key facts: for each published topic, the share of the key facts of the entry whose answer
  it shows that its page contains (text compared after NFKC, lower case, no whitespace, no
  Markdown escapes); mean, minimum and topics under 95 %;
- boilerplate causes, transcripts (chat markers) and broken links (a URL that is not where a
  pasted URL really ends) on published pages.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import frontmatter
import yaml

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "fixtures" / "labels"
RAW = ROOT / "data" / "raw" / "qiniu-support-qa-part15.txt"
URL = re.compile(r"https?://[A-Za-z0-9][A-Za-z0-9\-._~:/?#@!$&'*+,;=%]*")
CHAT = re.compile(r"\*\*(?:客户|客服)\*\*|原始对话记录|^(?:客户|客服)[：:]", re.M)


def generate(work: Path) -> tuple[dict, dict[str, dict]]:
    """The report and the pages (id -> front matter and body) of a run on the bundled data."""
    docs, report = work / "docs", work / "report.json"
    cmd = [sys.executable, "-m", "generator", "generate", str(RAW), "--docs-dir", str(docs)]
    cmd += ["--report", str(report), "--no-cache", "-q"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"helpgen generate failed ({done.returncode}):\n{done.stderr}")
    pages = {}
    for path in docs.rglob("*.md"):
        post = frontmatter.load(path)
        pages[str(post.metadata["id"])] = {"meta": post.metadata, "body": post.content}
    return json.loads(report.read_text(encoding="utf-8")), pages


def plain(text: str) -> str:
    """Text as facts are compared: NFKC, lower case, no whitespace, no Markdown escapes."""
    text = re.sub(r"\\(.)", r"\1", unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", "", text).lower()


def load(name: str) -> list:
    return yaml.safe_load((LABELS / name).read_text(encoding="utf-8"))


def evaluate() -> dict:
    tickets = {t["line"]: t for t in load("tickets.yml")}
    second = {
        t["line"]: [tuple(p) for p in t["accept"]] for t in load("tickets_second_annotator.yml")
    }
    facts = {t["line"]: t["facts"] for t in load("ticket_facts.yml")}
    boilerplate = {plain(c["cause"]) for c in load("causes.yml") if c["boilerplate"]}
    urls = load("urls.yml")
    true_urls = {u["url"] for u in urls}
    glued = {u["raw"] for u in urls if u["raw"] != u["url"]}
    with tempfile.TemporaryDirectory() as tmp:
        report, pages = generate(Path(tmp))
    fates = [e for e in report["entries"] if Path(e["file"]).name == RAW.name]
    by_topic: dict[str, list[dict]] = {}
    for e in fates:
        if e["topic"]:
            by_topic.setdefault(e["topic"], []).append(e)
    published = {t: p for t, p in pages.items() if p["meta"].get("status") != "draft"}
    out: dict = {
        "topics": len(pages),
        "published": len(published),
        "drafts": len(pages) - len(published),
    }
    out["no_knowledge_pages"] = sorted(
        published[t]["meta"]["title"]
        for t in published
        if all(tickets[e["line"]]["knowledge"] == "no" for e in by_topic.get(t, []))
    )
    out["knowledge_lost"] = sorted(
        f"{e['line']} {e['title']} ({e['fate']})"
        for e in fates
        if tickets[e["line"]]["knowledge"] in ("yes", "partly")
        and (e["fate"] == "excluded" or e["fate"] == "drafted")
    )
    place_a = place_any = product_a = product_any = total = 0
    wrong = []
    for t, page in published.items():
        place = (page["meta"]["product"], page["meta"]["symptom"])
        for e in by_topic.get(t, []):
            label = tickets[e["line"]]
            a = [(label["product"], label["symptom"])] + [tuple(x) for x in label.get("also") or []]
            both = a + second[e["line"]]
            total += 1
            place_a += place in a
            place_any += place in both
            product_a += place[0] in {p for p, _ in a}
            product_any += place[0] in {p for p, _ in both}
            if place not in both:
                wrong.append(f"{e['line']} {e['title']}: {place} (labels {a[0]})")
    out["place"] = {
        "product (A)": product_a / total,
        "product (A or B)": product_any / total,
        "product+symptom (A)": place_a / total,
        "product+symptom (A or B)": place_any / total,
    }
    out["misplaced"] = wrong
    out["catch_all_share"] = sum(p["meta"]["symptom"] == "other" for p in published.values()) / max(
        1, len(published)
    )
    shares, missing = [], []
    for t, page in published.items():
        shown = next((e for e in by_topic.get(t, []) if e["fate"] == "published"), None)
        wanted = facts.get(shown["line"], []) if shown else []
        if not wanted:
            continue
        text = plain(page["meta"]["title"] + page["body"])
        found = [any(plain(alt) in text for alt in fact) for fact in wanted]
        shares.append(sum(found) / len(found))
        missing += [f"{shown['line']}: {fact[0]}" for fact, ok in zip(wanted, found) if not ok]
    out["facts"] = {
        "topics": len(shares),
        "mean": sum(shares) / max(1, len(shares)),
        "min": min(shares, default=1.0),
        "under_95": sum(s < 0.95 for s in shares),
    }
    out["facts_missing"] = missing
    causes, transcripts, broken = [], [], []
    for page in published.values():
        body, title = page["body"], page["meta"]["title"]
        cause = re.search(r"^## 原因\n\n(.*?)(?:\n## |\Z)", body, re.S | re.M)
        if cause and plain(cause.group(1)) in boilerplate:
            causes.append(title)
        if CHAT.search(body):
            transcripts.append(title)
        for match in URL.finditer(body):
            if body.startswith("‹", match.end()):
                continue  # (its end hidden as personal data: shown as text, not as a link)
            url = match.group(0).rstrip(".,;:!?)>")
            if url in glued or (url not in true_urls and any(u.startswith(url) for u in true_urls)):
                broken.append(f"{title}: {url}")
    out["boilerplate_causes"], out["transcripts"], out["broken_links"] = causes, transcripts, broken
    out["titles"] = titles(published, by_topic, tickets)
    return out


def bigrams(text: str) -> set[str]:
    chars = re.sub(r"\W", "", text.lower())
    return {chars[i : i + 2] for i in range(len(chars) - 1)} or {chars}


def likeness(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    return len(x & y) / len(x | y)


def titles(published: dict, by_topic: dict, tickets: dict) -> dict:
    """The titles against the labels' ``title_good`` (what a writer would call the question):
    for a topic asked in several phrasings, was the phrasing chosen the one closest to its
    members' good titles? And how many titles keep a customer's framing, a known typo or a
    placeholder."""
    from generator.config import load_config
    from generator.framing import known_typos

    config = load_config(ROOT / "site_config")
    chosen_best, several, closeness, wrong = 0, 0, [], []
    framed, typos, hidden = [], [], []
    for t, page in published.items():
        title = str(page["meta"]["title"])
        good = [tickets[e["line"]]["title_good"] for e in by_topic.get(t, [])]

        def near(q: str, good: list[str] = good) -> float:
            return max((likeness(q, g) for g in good), default=0.0)

        closeness.append(near(title))
        phrasings = list(dict.fromkeys(str(q) for q in page["meta"].get("questions") or []))
        if len(phrasings) > 1:
            several += 1
            best = max(phrasings, key=near)
            if near(title) >= near(best):
                chosen_best += 1
            else:
                wrong.append(f"{title!r} (closer to the labels: {best!r})")
        if config.title_framing.search(title) or config.title_prefixes.match(title):
            framed.append(title)
        if config.typos and known_typos(config)[0].search(title):
            typos.append(title)
        if "‹" in title:
            hidden.append(title)
    return {
        "several": several,
        "chosen_best": chosen_best,
        "closeness": sum(closeness) / max(1, len(closeness)),
        "wrong": wrong,
        "framed": framed,
        "typos": typos,
        "hidden": hidden,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", action="store_true", help="list what is wrong")
    args = ap.parse_args()
    r = evaluate()
    print(f"topics {r['topics']}: published {r['published']}, drafts {r['drafts']}")
    print(f"published pages without knowledge: {len(r['no_knowledge_pages'])}")
    print(f"entries with knowledge lost (excluded or drafted): {len(r['knowledge_lost'])}")
    for name, value in r["place"].items():
        print(f"{name} accuracy: {value:.3f}")
    print(f"published topics in the catch-all: {r['catch_all_share']:.1%}")
    f = r["facts"]
    print(
        f"key facts on the page: mean {f['mean']:.3f}, min {f['min']:.3f}, "
        f"topics under 95%: {f['under_95']} of {f['topics']}"
    )
    print(
        f"boilerplate causes shown: {len(r['boilerplate_causes'])}; transcripts: "
        f"{len(r['transcripts'])}; broken links: {len(r['broken_links'])}"
    )
    t = r["titles"]
    print(
        f"titles: the phrasing closest to the labels chosen in {t['chosen_best']} of "
        f"{t['several']} topics asked in several phrasings; mean likeness to the labels' good "
        f"title {t['closeness']:.3f}; with framing {len(t['framed'])}, known typos "
        f"{len(t['typos'])}, placeholders {len(t['hidden'])}"
    )
    if args.show:
        for key in ("wrong", "framed", "typos", "hidden"):
            for line in t[key]:
                print(f"  titles {key}: {line}")
        for key in ("no_knowledge_pages", "knowledge_lost", "misplaced", "facts_missing"):
            for line in r[key]:
                print(f"  {key}: {line}")
        for key in ("boilerplate_causes", "transcripts", "broken_links"):
            for line in r[key]:
                print(f"  {key}: {line}")


if __name__ == "__main__":
    main()
