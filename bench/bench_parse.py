"""Parse (and plan) time as the source grows: 1,000 / 10,000 / 100,000 items.

    .venv/bin/python bench/bench_parse.py [--runs 3] [--sizes 1000 10000 100000]
                                          [--translate 10000] [--plans 10000] [--json F]

Pure: no wiki.  Prints a Markdown table (median, min and max of the runs) and the
time per item, to show whether parsing and planning grow linearly.  The
"mwparserfromhell alone" column times ``mwparserfromhell.parse`` of the same page
(as ``parse_source`` calls it, with the cyclic garbage collector paused; fewer runs):
the floor under recsync's parse, which reads the tree it builds.  At 100,000 items
the parse and the plans are timed once.  A no-op plan is planned as a re-run is:
against the pages the first sync wrote, with the index saved by the bot.

A second table (``--translate N``, 0 to skip) holds the target of issue 12: a page of N
items as Meta holds it for Translate (``<translate>`` tags, a ``<!--T:n-->`` marker, a link
with its target in a ``<tvar>`` and a cited footnote on every line) must parse in at most
1.3x the time of a bare ``mwparserfromhell.parse`` of the same page in the same process.
The bare parse is timed with the cyclic garbage collector running (as a caller gets it)
and paused (as ``parse_source`` runs); the three are interleaved run by run, so that a
busy machine slows them alike.

A third table (``--plans N``, 0 to skip) holds the targets of issue 21, on the same
Translate page of N items, interleaved run by run: a no-op plan at most 1.5x the parse
of the source and of the index, a first-sync plan at most 1.5x the parse of the source;
and, once, the no-op plan that cannot trust the index (someone else saved it last), so
that every subpage is parsed, as every no-op was before.  ``--json F`` also writes
every figure to F, for bench/render.py.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import mwparserfromhell
from generate import plain_page, source_page, translate_page

from recsync.config import JobConfig
from recsync.index import read_rows
from recsync.model import ParseResult, Plan
from recsync.plan import PageState, PlanContext, make_plan
from recsync.resources import rendering_fingerprint
from recsync.source import parse_source

#: Fewer runs for the costly extras (mwparserfromhell alone, plans) at the largest sizes.
BIG = 10000

SKELETON = (Path(__file__).resolve().parents[1] / "templates" / "subpage.wiki").read_text()
BOT = "RecsyncBot"
#: A re-run's context: the bot's account, the code that rendered the pages.
CONTEXT = PlanContext(today="2026-12-01", bot_user=BOT, rendering=rendering_fingerprint())
JOB = JobConfig(source="User:Bench/Source")


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
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--translate", type=int, default=10000, metavar="N")
    parser.add_argument("--plans", type=int, default=10000, metavar="N")
    parser.add_argument("--json", type=Path, metavar="FILE")
    args = parser.parse_args()

    figures: dict[str, object] = {"runs": args.runs}
    print(
        "| page | items | groups | parse median (s) | min | max | µs/item "
        "| µs/item, mwparserfromhell alone | plan, first sync (s) | plan, no-op (s) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    for kind in ("plain", "meta"):
        for size in args.sizes:
            row = measure(kind, size, args.runs)
            rows.append(row)
            print(row_line(row), flush=True)
    figures["rows"] = rows
    if args.translate:
        bare = against_bare_parse(args.translate, args.runs)
        figures["bare"] = bare
        print()
        print(bare_table(bare))
    if args.plans:
        plans = plan_targets(args.plans, args.runs + 2)
        figures["plans"] = plans
        print()
        print(plans_table(plans))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


def first_sync_pages(text: str, parsed: ParseResult, plan: Plan | None = None) -> list[PageState]:
    """The wiki after a first sync (``plan``, made here if not given): the source and
    every page it wrote, saved by the bot (MediaWiki trims a saved text's end)."""
    source = PageState(JOB.source, text, 1)
    plan = plan or make_plan(JOB, parsed, source, [source], SKELETON, CONTEXT)
    written = [PageState(c.title, (c.new_text or "").rstrip(), 2, user=BOT) for c in plan.changes]
    return [source, *written]


def against_bare_parse(size: int, runs: int) -> dict[str, float]:
    """The issue-12 figures: recsync's parse of a Translate page against a bare parse of it."""
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
    medians = {key: statistics.median(values) for key, values in times.items()}
    return {"items": size, "runs": runs, **medians}


def bare_table(bare: dict[str, float]) -> str:
    on, paused, mine = bare["on"], bare["paused"], bare["ours"]
    return "\n".join(
        [
            f"Translate page of {bare['items']:,} items (tvar link and cited footnote on every "
            f"line), median of {bare['runs']} interleaved runs; target: recsync at most 1.3× "
            "the bare parse",
            "",
            "| bare parse, GC on (s) | bare parse, GC paused (s) | recsync parse (s) "
            "| recsync / bare, GC on | recsync / bare, GC paused |",
            "|---:|---:|---:|---:|---:|",
            f"| {on:.3f} | {paused:.3f} | {mine:.3f} | {mine / on:.2f}× | {mine / paused:.2f}× |",
        ]
    )


def plan_targets(size: int, runs: int) -> dict[str, float]:
    """The issue-21 figures on the Translate page: plans against the parses they need."""
    text = translate_page(size)
    parsed = parse_source(text)
    source = PageState(JOB.source, text, 1)
    pages = first_sync_pages(text, parsed)
    index = next(p for p in pages if p.title == JOB.index_title)
    assert read_rows(index.text or "")[0].seen, "the index remembers the pages"
    untrusted = [p if p is not index else PageState(p.title, p.text, 2, user="Editor")
                 for p in pages]  # fmt: skip
    times: dict[str, list[float]] = {"parse": [], "index": [], "first": [], "noop": []}
    for _ in range(runs):
        gc.collect()
        times["parse"] += timed(lambda: parse_source(text), 1)
        times["index"] += timed(without_gc(lambda: read_rows(index.text or "")), 1)
        gc.collect()
        times["first"] += timed(lambda: make_plan(JOB, parsed, source, [source], SKELETON,
                                                  CONTEXT), 1)  # fmt: skip
        gc.collect()
        times["noop"] += timed(lambda: make_plan(JOB, parsed, source, pages, SKELETON,
                                                 CONTEXT), 1)  # fmt: skip
    gc.collect()
    every_page = timed(lambda: make_plan(JOB, parsed, source, untrusted, SKELETON, CONTEXT), 1)
    medians = {key: statistics.median(values) for key, values in times.items()}
    return {"items": size, "runs": runs, **medians, "noop_parsing_all": every_page[0]}


def plans_table(plans: dict[str, float]) -> str:
    parse, index, first, noop = (plans[k] for k in ("parse", "index", "first", "noop"))
    return "\n".join(
        [
            f"Plans of the Translate page of {plans['items']:,} items, median of "
            f"{plans['runs']} interleaved runs; targets: a no-op plan at most 1.5× the parse "
            "of the source and the index, a first-sync plan at most 1.5× the parse of the "
            "source",
            "",
            "| parse of the source (s) | parse of the index (s) | first-sync plan (s) "
            "| no-op plan (s) | no-op / (source + index) | first sync / source "
            "| no-op plan, every subpage parsed (s) |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            f"| {parse:.3f} | {index:.3f} | {first:.3f} | {noop:.3f} "
            f"| {noop / (parse + index):.2f}× | {first / parse:.2f}× "
            f"| {plans['noop_parsing_all']:.3f} |",
        ]
    )


def measure(kind: str, size: int, runs: int) -> dict[str, object]:
    """One table row: parse, then plan a first sync and a no-op sync of ``size`` items."""
    text = (plain_page if kind == "plain" else source_page)(size)
    last: list[ParseResult] = []  # the latest run's result only, as a plain call keeps

    def parse() -> None:
        last.clear()
        last.append(parse_source(text))

    big = size > BIG
    parse_times = timed(parse, 1 if big else runs)
    parsed = last.pop()
    assert len(parsed.items) == size, len(parsed.items)
    plan_runs = 1 if big else runs
    floor = timed(without_gc(lambda: mwparserfromhell.parse(text, skip_style_tags=True)),
                  1 if big else min(runs, 3))  # fmt: skip
    source = PageState(JOB.source, text, 1)
    plans: list[Plan] = []  # the latest first-sync plan: the pages a no-op plan finds

    def plan_first_sync() -> None:
        plans[:] = [make_plan(JOB, parsed, source, [source], SKELETON, CONTEXT)]

    first = timed(plan_first_sync, plan_runs)
    pages = first_sync_pages(text, parsed, plans[0])
    noop = timed(lambda: make_plan(JOB, parsed, source, pages, SKELETON, CONTEXT), plan_runs)
    return {
        "kind": kind,
        "items": size,
        "groups": len(parsed.groups),
        "parse": parse_times,
        "floor": statistics.median(floor),
        "first": statistics.median(first),
        "noop": statistics.median(noop),
    }


def row_line(row: dict[str, object]) -> str:
    times = row["parse"]
    assert isinstance(times, list)
    size = int(str(row["items"]))
    median = statistics.median(times)
    return (
        f"| {row['kind']} | {size:,} | {row['groups']} | {median:.3f} | {min(times):.3f} "
        f"| {max(times):.3f} | {median / size * 1e6:.1f} "
        f"| {float(str(row['floor'])) / size * 1e6:.1f} "
        f"| {float(str(row['first'])):.3f} | {float(str(row['noop'])):.3f} |"
    )


if __name__ == "__main__":
    main()
