"""Parse (and plan) time as the source grows: 1,000 / 10,000 / 100,000 items.

    .venv/bin/python bench/bench_parse.py [--runs 5] [--sizes 1000 10000 100000]
                                          [--translate 10000]

Pure: no wiki.  Prints a Markdown table (median, min and max of the runs) and the
time per item, to show whether parsing and planning grow linearly.  The
"mwparserfromhell alone" column times ``mwparserfromhell.parse`` of the same page
(as ``parse_source`` calls it, with the cyclic garbage collector paused; fewer runs):
the floor under recsync's parse, which reads the tree it builds.  Plans at 100,000
items are timed once.

A second table (``--translate N``, 0 to skip) holds the target of issue 12: a page of N
items as Meta holds it for Translate (``<translate>`` tags, a ``<!--T:n-->`` marker, a link
with its target in a ``<tvar>`` and a cited footnote on every line) must parse in at most
1.3x the time of a bare ``mwparserfromhell.parse`` of the same page in the same process.
The bare parse is timed with the cyclic garbage collector running (as a caller gets it)
and paused (as ``parse_source`` runs); the three are interleaved run by run, so that a
busy machine slows them alike.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import mwparserfromhell
from generate import plain_page, source_page

from recsync.config import JobConfig
from recsync.model import ParseResult
from recsync.plan import PageState, make_plan
from recsync.source import parse_source

#: Fewer runs for the costly extras (mwparserfromhell alone, plans) at the largest sizes.
BIG = 10000

SKELETON = (Path(__file__).resolve().parents[1] / "templates" / "subpage.wiki").read_text()


def timed(function, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def without_gc(function):  # type: ignore[no-untyped-def]
    """``function`` run with the cyclic garbage collector paused."""

    def run():  # type: ignore[no-untyped-def]
        gc.collect()
        gc.disable()
        try:
            return function()
        finally:
            gc.enable()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--translate", type=int, default=10000, metavar="N")
    args = parser.parse_args()

    print(
        "| page | items | groups | parse median (s) | min | max | µs/item "
        "| µs/item, mwparserfromhell alone | plan, first sync (s) | plan, no-op (s) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind in ("plain", "meta"):
        for size in args.sizes:
            print(measure(kind, size, args.runs))
    if args.translate:
        print()
        print(against_bare_parse(args.translate, args.runs))


def translate_page(items: int, per_group: int = 100) -> str:
    """A page as Meta holds it for Translate, with a tvar link and a citation on every line."""
    lines = ["<languages/>", "<translate>", "<!--T:0-->", "Recommendations, rephrased.", ""]
    marker = 1
    for number in range(items):
        if number % per_group == 0:
            lines += ["", f"== Working group {number // per_group + 1} == <!--T:{marker}-->"]
            marker += 1
        draft = number % 7 + 1
        bold = "'" * 3
        lines.append(
            f"* <!--T:{marker}--> Recommendation {number + 1}: build "
            f'[[<tvar name="1">Special:MyLanguage/Capacity</tvar>|capacity]] for '
            f"{bold}group {number // per_group + 1}{bold} communities"
            f"<ref>{{{{cite web|title=Draft {draft}|url=https://example.org/drafts/{draft}}}}}</ref>"
        )
        marker += 1
    lines += ["", f"== References == <!--T:{marker}-->", "<references/>", "</translate>", ""]
    return "\n".join(lines)


def against_bare_parse(size: int, runs: int) -> str:
    """The issue-12 table: recsync's parse of a Translate page against a bare parse of it."""
    text = translate_page(size)

    def bare() -> None:
        mwparserfromhell.parse(text, skip_style_tags=True)

    def ours() -> None:
        assert len(parse_source(text).items) == size

    times: dict[str, list[float]] = {"on": [], "paused": [], "ours": []}
    for _ in range(runs):
        gc.collect()
        times["on"] += timed(bare, 1)
        times["paused"] += timed(without_gc(bare), 1)
        gc.collect()
        times["ours"] += timed(ours, 1)
    on, paused, mine = (statistics.median(times[key]) for key in ("on", "paused", "ours"))
    return "\n".join(
        [
            f"Translate page of {size:,} items (tvar link and cited footnote on every line), "
            f"median of {runs} interleaved runs; target: recsync at most 1.3× the bare parse",
            "",
            "| bare parse, GC on (s) | bare parse, GC paused (s) | recsync parse (s) "
            "| recsync / bare, GC on | recsync / bare, GC paused |",
            "|---:|---:|---:|---:|---:|",
            f"| {on:.3f} | {paused:.3f} | {mine:.3f} | {mine / on:.2f}× | {mine / paused:.2f}× |",
        ]
    )


def measure(kind: str, size: int, runs: int) -> str:
    """One table row: parse, then plan a first sync and a no-op sync of ``size`` items."""
    text = (plain_page if kind == "plain" else source_page)(size)
    last: list[ParseResult] = []  # the latest run's result only, as a plain call keeps

    def parse() -> None:
        last.clear()
        last.append(parse_source(text))

    parse_times = timed(parse, runs)
    parsed = last.pop()
    assert len(parsed.items) == size, len(parsed.items)
    plan_runs = runs if size <= BIG else 1
    floor = timed(
        without_gc(lambda: mwparserfromhell.parse(text, skip_style_tags=True)),
        min(runs, 3) if size <= BIG else 1,
    )
    job = JobConfig(source="User:Bench/Source")
    source = PageState("User:Bench/Source", text, 1)
    first = timed(lambda: make_plan(job, parsed, source, [source], SKELETON), plan_runs)
    plan = make_plan(job, parsed, source, [source], SKELETON)
    pages = [source] + [PageState(c.title, c.new_text, 2) for c in plan.changes]
    noop = timed(lambda: make_plan(job, parsed, source, pages, SKELETON), plan_runs)
    median = statistics.median(parse_times)
    return (
        f"| {kind} | {size:,} | {len(parsed.groups)} | {median:.3f} | {min(parse_times):.3f} "
        f"| {max(parse_times):.3f} | {median / size * 1e6:.1f} "
        f"| {statistics.median(floor) / size * 1e6:.1f} "
        f"| {statistics.median(first):.3f} | {statistics.median(noop):.3f} |"
    )


if __name__ == "__main__":
    main()
