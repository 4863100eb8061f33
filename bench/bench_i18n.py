"""What the readers' languages cost when MediaWiki renders the pages (issue 20, point 1).

    .venv/bin/python bench/bench_i18n.py [--dir DIR] [--port PORT] [--runs N]

Starts a throwaway wiki (scripts/devwiki) with the demo's source page, installs the
templates and syncs, then has MediaWiki render the index and one subpage afresh (the
parse API with the page's text, so no parser cache) for readers of several languages,
and reports the parser's own limit report: CPU time, preprocessor nodes visited and
post-expand include size, medians of N runs.  For comparison the same pages are
rendered with an English-only ``/i18n`` (a plain #switch on the key, no
``{{int:lang}}``): what the words would cost if they did not follow the reader.  The
wiki is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from recsync.messages import FALLBACK, load, to_wikitext  # noqa: E402

SOURCE = "User:Econterms/89 strategy recommendations as of Nov 2019"
PAGES = {"index": f"{SOURCE}/Index", "subpage": f"{SOURCE}/Advocacy/5"}
LANGUAGES = ("en", "de", "ar", "ja")
TEMPLATE = "Template:Recommendation status"


def api(url: str, **params: Any) -> Any:
    data = urllib.parse.urlencode({**params, "format": "json", "formatversion": "2"})
    with urllib.request.urlopen(f"{url}/api.php", data=data.encode(), timeout=120) as answer:
        return json.load(answer)


def english_only() -> str:
    """An /i18n that always shows English: the same switch on the key, no language."""
    catalogue = load()
    lines = [f" | {key} = {to_wikitext(catalogue.text(key, FALLBACK))}" for key in catalogue.keys]
    return "{{#switch:{{{1|}}}\n | @lang = en\n | @dir = ltr\n" + "\n".join(lines) + "\n}}"


def measure(url: str, title: str, language: str, runs: int) -> dict[str, float]:
    text = api(url, action="parse", page=title, prop="wikitext")["parse"]["wikitext"]
    cpu, nodes, size = [], [], []
    for _ in range(runs):
        parsed = api(url, action="parse", title=title, text=text, contentmodel="wikitext",
                     prop="limitreportdata", uselang=language)["parse"]  # fmt: skip
        report = {r["name"]: r.get("0") for r in parsed["limitreportdata"]}
        cpu.append(float(report["limitreport-cputime"]))
        nodes.append(int(report["limitreport-ppvisitednodes"]))
        size.append(int(report["limitreport-postexpandincludesize"]))
    return {"cpu": statistics.median(cpu), "nodes": statistics.median(nodes),
            "size": statistics.median(size)}  # fmt: skip


def save_as_admin(url: str, accounts: dict[str, Any], title: str, text: str) -> None:
    import http.cookiejar

    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )

    def call(**params: str) -> Any:
        data = urllib.parse.urlencode({**params, "format": "json"}).encode()
        with opener.open(f"{url}/api.php", data=data, timeout=60) as answer:
            return json.load(answer)

    token = call(action="query", meta="tokens", type="login")["query"]["tokens"]["logintoken"]
    admin = accounts["admin"]
    call(action="login", lgname=admin["user"], lgpassword=admin["password"], lgtoken=token)
    csrf = call(action="query", meta="tokens")["query"]["tokens"]["csrftoken"]
    call(action="edit", title=title, text=text, token=csrf, summary="bench: English only")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/recsync-bench-i18n"))
    parser.add_argument("--port", type=int, default=8771)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    devwiki = str(REPO / "scripts" / "devwiki")
    demo = REPO / "demo" / "89-strategy-recommendations-nov-2019.wiki"
    url = subprocess.run(
        [devwiki, "start", "--dir", str(args.dir), "--port", str(args.port),
         "--page", f"{SOURCE}={demo}"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    try:
        env = {**os.environ, "PYWIKIBOT_DIR": str(args.dir / "pywikibot")}
        job = ["--config", str(REPO / "demo" / "recsync.toml"), "-always"]
        for command in ("install-templates", "sync"):
            subprocess.run([sys.executable, "-m", "recsync", command, *job], env=env,
                           check=True, capture_output=True)  # fmt: skip
        rows = []
        for name, title in PAGES.items():
            for language in LANGUAGES:
                rows.append((name, language, measure(url, title, language, args.runs)))
        accounts = json.loads((args.dir / "accounts.json").read_text(encoding="utf-8"))
        save_as_admin(url, accounts, f"{TEMPLATE}/i18n", english_only())
        for name, title in PAGES.items():
            rows.append((name, "English only", measure(url, title, "de", args.runs)))
    finally:
        subprocess.run([devwiki, "stop", "--dir", str(args.dir)], check=False,
                       capture_output=True)  # fmt: skip
    print(f"| page | reader | parser CPU | nodes visited | post-expand size |  ({args.runs} runs)")
    print("|---|---|---|---|---|")
    for name, language, figures in rows:
        print(f"| {name} | {language} | {figures['cpu']:.3f} s | {figures['nodes']:.0f} "
              f"| {figures['size']:.0f} B |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
