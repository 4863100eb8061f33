"""bench/results.json -> the generated part of BENCHMARKS.md (Markdown).

    .venv/bin/python bench/run_all.py --render

Pure: every figure comes from the raw runs that run_all.py stored; nothing is
measured here.  Medians, minima and maxima are over the runs of one scenario.
"""

from __future__ import annotations

import math
import statistics
from typing import Any

PER_REQUEST_TARGET = 500  # pages a no-op read request should carry (the target)
PYWIKIBOT_CONTENT_CAP = 250  # what pywikibot asks for when it wants page content
LINEAR_SLACK = 1.25  # per-item time at 100,000 items within this factor of 1,000's
COMMAND = ".venv/bin/python bench/run_all.py"
#: The groups run_all.py runs, in its order; results.json also holds "run" (the last run).
GROUPS = ("demo", "translate", "scaling", "profile", "parse", "watch")
SYNC_GROUPS = ("demo", "translate")
PLAN_SLACK = 1.5  # issue 21: a plan at most this many times the parses it needs
WITHIN_SECONDS = 30.0  # issue 21: "in step within seconds", not within the hour


def render(results: dict[str, Any]) -> str:
    groups = {name: results[name] for name in GROUPS if name in results}
    out: list[str] = []
    facts = _facts(groups)
    out += _how(groups, facts, results.get("run", {}))
    scenarios = [
        s
        for group in SYNC_GROUPS
        for s in groups.get(group, {}).get("scenarios", [])
        if not s["key"].endswith("-probe")  # shown with the no-op reads instead
    ]
    out += _targets(groups, results.get("run"))
    if scenarios:
        out += _key_table(scenarios)
    for group in SYNC_GROUPS:
        if group in groups:
            out += _ratios(groups[group], group)
    if "watch" in groups:
        out += _watch(groups["watch"])
    out += _scaling(groups)
    if scenarios:
        out += _first_sync_cost(scenarios)
    if "profile" in groups:
        out += _profile(groups["profile"])
    if "parse" in groups:
        out += _parse(groups["parse"])
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- helpers


def _facts(results: dict[str, Any]) -> dict[str, Any]:
    for group in ("demo", "translate", "scaling", "parse"):
        if group in results and results[group].get("facts", {}).get("mediawiki"):
            return dict(results[group]["facts"])
    for group in results.values():
        return dict(group.get("facts", {}))
    return {}


def _values(runs: list[dict[str, Any]], name: str) -> list[float]:
    return [run[name] for run in runs]


def _count(values: list[float]) -> str:
    """One number when every run agrees, else the median and the range."""
    low, high = min(values), max(values)
    if low == high:
        return f"{low:,.0f}"
    return f"{statistics.median(values):,.0f} ({low:,.0f}–{high:,.0f})"


def _seconds(value: float) -> str:
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def _median(runs: list[dict[str, Any]], name: str) -> float:
    return float(statistics.median(_values(runs, name)))


def _job_requests(runs: list[dict[str, Any]]) -> float:
    return float(statistics.median(run["reads"] + run["writes"] for run in runs))


def _by_key(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        s["key"]: s for group in SYNC_GROUPS for s in results.get(group, {}).get("scenarios", [])
    }


def _ratio(peer: float, ours: float) -> str:
    if ours == 0:
        return "—" if peer == 0 else "∞"
    return f"{peer / ours:.2f}×"


# --------------------------------------------------------------------------- sections


def _how(results: dict[str, Any], facts: dict[str, Any], run: dict[str, Any]) -> list[str]:
    runs = sorted({g.get("runs_per_scenario", 0) for g in results.values()})
    seconds = run.get("seconds") or sum(g.get("seconds", 0) for g in results.values())
    groups = ", ".join(
        f"`{name}` {g.get('seconds', 0) / 60:.1f} min" for name, g in results.items()
    )
    dirty = facts.get("dirty") or []
    commit = facts.get("commit", "?") + (
        f" with uncommitted changes in {', '.join(line[3:] for line in dirty)}" if dirty else ""
    )
    commits = {name: g.get("facts", {}).get("commit", "?") for name, g in results.items()}
    if len(set(commits.values())) > 1:
        commit = ", ".join(f"{c} (`{name}`)" for name, c in commits.items())
    dates = sorted(g["facts"]["date"] for g in results.values() if g.get("facts", {}).get("date"))
    when = f"{dates[0]} to {dates[-1]}" if dates and dates[0] != dates[-1] else "?"
    if dates and dates[0] == dates[-1]:
        when = dates[0]
    first_runs = run.get("first_runs", 1)
    throttle = "; ".join(f"`{line}`" for line in facts.get("throttle", [])) or "?"
    lines = [
        "## How these figures were made",
        "",
        f"Every figure below comes from one command, `{COMMAND}` "
        f"({seconds / 60:.0f} min here: {groups}; the `watch` group's idle watcher runs "
        "in the background of the others); `--only GROUP` re-runs one group and "
        "keeps the others' results (bench/results.json), `--render` only rewrites this "
        f"section. Runs per scenario: {', '.join(map(str, runs))}; each first sync of the "
        f"1,000-item page, recsync's and the peers', {first_runs} (`--first-runs`: each "
        "writes 1,001 pages, a few minutes for a peer).",
        "",
        "| machine | |",
        "|---|---|",
        f"| CPU | {facts.get('cores', '?')} cores, {facts.get('cpu', '?')} |",
        f"| memory | {facts.get('memory', '?')} |",
        f"| OS | {facts.get('os', '?')} |",
        f"| Python | {facts.get('python', '?')} |",
        f"| pywikibot | {facts.get('pywikibot', '?')} "
        f"(pywikibot-scripts {facts.get('pywikibot-scripts', '?')}) |",
        f"| mwparserfromhell | {facts.get('mwparserfromhell', '?')} |",
        f"| wiki | {facts.get('mediawiki', '?')}, SQLite, `php -S` on 127.0.0.1 "
        f"({facts.get('php', '?')}), made by `scripts/devwiki start` |",
        f"| recsync | commit {commit} |",
        f"| measured | {when} |",
        "",
        f"**Throttle.** The runs use the local wiki's pywikibot config: {throttle}. "
        "pywikibot's own default is `put_throttle = 10`, a 10 s wait between two edits: "
        "with it, a first sync of the 84-item page (85 edits) would wait 84 × 10 s = 14 "
        "minutes before any other cost, and a 1,000-item one 2.8 hours. The throttle "
        "does not change the request counts.",
        "",
        "**What is counted.** Each timed run is a fresh process (as cron starts it), run "
        "through `bench/counted.py`, which hooks `pywikibot.comms.http.session` before "
        "anything is imported and logs every HTTP request. *Setup* requests set up the "
        "session: site and user info, `paraminfo`, tokens, the login. A run that finds "
        "its login cookie and pywikibot's caches sends one `meta=userinfo` (and a `csrf` "
        "token query if it edits); the first run after a fresh start also fetches "
        "`paraminfo` and site info, 5 to 9 requests. *Job reads* are every other "
        "read (page and list queries); *writes* are `action=edit` requests; *edits* are "
        "the writes that made a new revision (a write that changes nothing is a *null "
        "edit*). *Wall* is the whole process, start-up included, timed from outside.",
        "",
        "**Fresh state.** A first run needs the pages not to exist: before each one the "
        "wiki is started afresh (`scripts/devwiki start` on the same dir, a new database "
        "holding the source page and the status template; not timed). After every start, "
        "one untimed login leaves the cookie and pywikibot's site-info cache, so every "
        "timed run starts like a cron run that has run before. Re-runs follow the last "
        "first run on the same wiki. Before each one-item-change run, the user Editor "
        "rewords one more item of the source page through the API (not timed), so each "
        "run sees exactly one item changed.",
        "",
    ]
    return lines


def _key_table(scenarios: list[dict[str, Any]]) -> list[str]:
    lines = [
        "## The scenarios",
        "",
        "`--only demo`: the 84-item page (`demo/89-strategy-recommendations-nov-2019.wiki`: 84 "
        "subpages and the index, 85 pages); `--only translate`: a generated 1,000-item page "
        "as Meta holds one for Translate (`bench/generate.py` `translate_page(1000)`: "
        "`<translate>`, a `<!--T:n-->` marker, a link whose target is a `<tvar>` and a "
        "`<ref>{{cite web}}</ref>` on every line; ten groups of 100; 1,001 pages). Before "
        "each changing re-run the user Editor edits the source (not timed): three more "
        "items reworded, two more groups swapped, one more group renamed. pagefromfile "
        "(`pwb pagefromfile -file:F -notitle`) and the naive loop (`bench/naive_loop.py`: "
        "`Page.get()` then `Page.save()` per page) write the same titles and texts, taken "
        "from recsync's own plan (`recsync.plan.make_plan`); at 1,000 items they run the "
        "first sync and pagefromfile's re-runs only (the naive loop's re-run is three "
        "requests a page, as at 84 items, and would cost the benchmark two more minutes).",
        "",
        "| items | run | program | runs | setup req. | job reads | writes | edits "
        "| wall median (s) | min | max |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scenarios:
        runs = s["runs"]
        walls = _values(runs, "wall")
        edits = _count(_values(runs, "edits"))
        nulls = _values(runs, "null_edits")
        if max(nulls):
            edits += f" + {_count(nulls)} null"
        lines.append(
            f"| {s['items']:,} | {s['case']} | {s['program']} | {len(runs)} "
            f"| {_count(_values(runs, 'setup'))} | {_count(_values(runs, 'reads'))} "
            f"| {_count(_values(runs, 'writes'))} | {edits} "
            f"| **{_seconds(statistics.median(walls))}** | {_seconds(min(walls))} "
            f"| {_seconds(max(walls))} |"
        )
    lines.append("")
    summaries = [(s, s["runs"][0].get("summary")) for s in scenarios if s["runs"][0].get("summary")]
    if summaries:
        lines.append("recsync's own summary (`--summary-json`) of the first run of each:")
        lines.append("")
        for s, summary in summaries:
            shown = ", ".join(
                f"{summary[k]:,} {k}"
                for k in ("created", "updated", "unchanged", "retired", "skipped", "errors")
                if summary.get(k)
            )
            lines.append(f"- {s['items']:,} items, {s['case']}: {shown}.")
        lines.append("")
    return lines


def _ratios(demo: dict[str, Any], tag: str = "demo") -> list[str]:
    by = {s["key"]: s for s in demo["scenarios"]}
    pairs = [
        ("first sync", f"{tag}-recsync-first", f"{tag}-pagefromfile-first", "pagefromfile"),
        ("first sync", f"{tag}-recsync-first", f"{tag}-naive-first", "naive loop"),
        ("re-run, nothing changed", f"{tag}-recsync-noop", f"{tag}-pagefromfile-rerun",
         "pagefromfile"),
        ("re-run, nothing changed", f"{tag}-recsync-noop", f"{tag}-pagefromfile-force",
         "pagefromfile -force"),
        ("re-run, nothing changed", f"{tag}-recsync-noop", f"{tag}-naive-rerun", "naive loop"),
    ]  # fmt: skip
    items = next(iter(by.values()))["items"] if by else 0
    lines = [
        f"## recsync against the peers ({items:,} items, same run)",
        "",
        "Ratios are the peer's median over recsync's (above 1: the peer is slower or sends "
        "more). Requests are job reads plus writes, setup left out.",
        "",
        "| run | peer | peer wall (s) | recsync wall (s) | wall ratio | peer requests "
        "| recsync requests | request ratio |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for case, ours_key, peer_key, peer in pairs:
        if ours_key not in by or peer_key not in by:
            continue
        ours, theirs = by[ours_key]["runs"], by[peer_key]["runs"]
        lines.append(
            f"| {case} | {peer} | {_seconds(_median(theirs, 'wall'))} "
            f"| {_seconds(_median(ours, 'wall'))} "
            f"| {_ratio(_median(theirs, 'wall'), _median(ours, 'wall'))} "
            f"| {_job_requests(theirs):,.0f} | {_job_requests(ours):,.0f} "
            f"| {_ratio(_job_requests(theirs), _job_requests(ours))} |"
        )
    lines.append("")
    parity = demo.get("parity", {})
    if parity:
        said = "; ".join(
            f"after {peer}: {summary.get('unchanged', 0):,} unchanged, "
            f"{summary.get('created', 0) + summary.get('updated', 0):,} to write"
            for peer, summary in parity.items()
        )
        lines += [
            f"Same pages: recsync's dry run on what each peer wrote finds {said} "
            f"(of {demo.get('pages', 0):,} pages): the index, whose rows the peers wrote "
            "from a plan made without a wiki, without since when and by whom each subpage "
            "has its status.",
            "",
        ]
    return lines


def _noop_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    """No-op sync reads by tree size: the demo, the scaling wikis and the 1,000 page."""
    rows = []
    by = _by_key(results)
    for tag in SYNC_GROUPS:
        key = f"{tag}-recsync-noop"
        if key in by:
            items = by[key]["items"]
            probe = by.get(f"{tag}-probe", {}).get("runs", [])
            rows.append(
                {"subpages": items, "tree": items + 2, "runs": by[key]["runs"], "probe": probe}
            )
    for row in results.get("scaling", {}).get("rows", []):
        rows.append(
            {
                "subpages": row["subpages"],
                "tree": row["tree"],
                "runs": row["runs"],
                "probe": row.get("probe", []),
            }
        )
    return sorted(rows, key=lambda row: row["subpages"])


def _scaling(results: dict[str, Any]) -> list[str]:
    rows = _noop_rows(results)
    if not rows:
        return []
    lines = [
        "## Requests as the subpages grow (no-op sync)",
        "",
        "`--only scaling` (400, 600 and 1,200 subpages) plus the no-op runs above (84 and "
        "1,000). The scaling wikis get their pages from `importDump.php` (the texts of "
        "recsync's plan; not timed): recsync finds them all unchanged. A no-op run reads "
        "the whole tree (the source page, the subpages and the index) with one `allpages` "
        "generator, with content and templates.",
        "",
        "| subpages | pages read | job reads | at 500 pages a request (target) "
        "| at 250 (pywikibot's cap) | probe at the wiki's limit | writes "
        "| wall median (s) | min | max | probe wall (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        runs, probe = row["runs"], row["probe"]
        walls = _values(runs, "wall")
        lines.append(
            f"| {row['subpages']:,} | {row['tree']:,} | {_count(_values(runs, 'reads'))} "
            f"| {math.ceil(row['tree'] / PER_REQUEST_TARGET)} "
            f"| {math.ceil(row['tree'] / PYWIKIBOT_CONTENT_CAP)} "
            f"| {_count(_values(probe, 'reads')) if probe else '—'} "
            f"| {_count(_values(runs, 'writes'))} | {_seconds(statistics.median(walls))} "
            f"| {_seconds(min(walls))} | {_seconds(max(walls))} "
            f"| {_seconds(_median(probe, 'wall')) if probe else '—'} |"
        )
    lines += [
        "",
        "Left to itself, pywikibot asks for at most 250 pages a request whenever it "
        "fetches content (`pywikibot/data/api/_generators.py`, `_handle_query_limit`: "
        "`min(new_limit, api_limit // 10, 250)`); the *at 250* column is what the tree "
        "would cost that way. MediaWiki gives a bot the content of 500 pages a request, and "
        "`Wiki.read_tree` asks for that many (`gaplimit` = pywikibot's `site.maxlimit`, "
        "500 for a bot, 50 for an anonymous dry run). The *probe* (`bench/allpages_probe.py`, "
        "the same query with `gaplimit=max` sent through `site.simple_request` and "
        "continued by hand) is the wiki's own limit, without recsync's work on the pages.",
        "",
    ]
    return lines


def _first_sync_cost(scenarios: list[dict[str, Any]]) -> list[str]:
    firsts = [s for s in scenarios if s["key"].endswith("-first")]
    if not firsts:
        return []
    lines = [
        "## What a created page costs",
        "",
        "Job requests per page written on a first run (median run), and where the wiki's "
        "answering time went (the sum of each request's `elapsed`, median run). The sums "
        "can exceed the wall time when requests overlap: pagefromfile, like every "
        "pywikibot bot run with `always`, saves in a background thread "
        "(`BaseBot.userPut` sets `asynchronous=True`), so a save and the next page's reads "
        "are on the wiki at once, each answered more slowly; recsync and the naive loop "
        "save one page at a time (`asynchronous=False`).",
        "",
        "| items | program | pages written | job reads | reads per page | writes per page "
        "| wiki time on reads (s) | on writes (s) | wall (s) | reads' share of wall |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in firsts:
        runs = s["runs"]
        written = _median(runs, "edits")
        reads = _median(runs, "reads")
        on_reads = statistics.median(r.get("wiki_seconds", {}).get("read", 0) for r in runs)
        on_writes = statistics.median(r.get("wiki_seconds", {}).get("write", 0) for r in runs)
        lines.append(
            f"| {s['items']:,} | {s['program']} | {written:,.0f} | {reads:,.0f} "
            f"| {reads / written:.2f} | {_median(runs, 'writes') / written:.2f} "
            f"| {_seconds(on_reads)} | {_seconds(on_writes)} | {_seconds(_median(runs, 'wall'))} "
            f"| {on_reads / _median(runs, 'wall'):.0%} |"
        )
    lines += ["", "The job reads of the first run of each, by what they asked for:", ""]
    for s in firsts:
        lines.append(f"- {s['items']:,} items, {s['program']}:")
        kinds = s["runs"][0]["read_kinds"]
        for what, count in sorted(kinds.items(), key=lambda item: -item[1]):
            lines.append(f"  - {count:,} × `{what}`")
    lines.append("")
    return lines


def _profile(profile: dict[str, Any]) -> list[str]:
    total = profile["total"]
    lines = [
        f"## Where a no-op sync of {profile['items']:,} subpages spends its time",
        "",
        f"`--only profile`: one no-op sync of the {profile['pages']:,}-page tree (pages "
        "imported as for the scaling runs) under `python -m cProfile`. cProfile slows "
        f"Python code down: this run took {total:.2f} s, against "
        f"{profile['wall_unprofiled']:.2f} s wall without it; the shares are what count. "
        "Cumulative time, nested parts indented.",
        "",
        "| part | calls | seconds | share |",
        "|---|---:|---:|---:|",
    ]
    for part in profile["parts"]:
        label = part["label"]
        indent = "&nbsp;&nbsp;&nbsp;&nbsp;" if label.startswith("  ") else ""
        lines.append(
            f"| {indent}{label.strip()} | {part['calls']:,} | {part['seconds']:.2f} "
            f"| {part['seconds'] / total:.0%} |"
        )
    lines += [f"| whole run | | {total:.2f} | 100% |", ""]
    return lines


def _parse_rows(table: str) -> list[dict[str, Any]]:
    rows = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 10 or not cells[1].replace(",", "").isdigit():
            continue
        rows.append(
            {
                "kind": cells[0],
                "items": int(cells[1].replace(",", "")),
                "per_item": float(cells[6]),
                "per_item_floor": float(cells[7]),
                "parse_median": float(cells[3]),
                "plan_first": float(cells[8]),
                "plan_noop": float(cells[9]),
            }
        )
    return rows


def _growth(rows: list[dict[str, Any]], kind: str, name: str) -> float | None:
    """Per-item cost at the largest size over that at the smallest."""
    mine = sorted((r for r in rows if r["kind"] == kind), key=lambda r: r["items"])
    if len(mine) < 2:
        return None
    small, large = mine[0], mine[-1]
    per = (lambda r: r[name] / r["items"]) if name.startswith("plan") else (lambda r: r[name])
    return float(per(large) / per(small)) if per(small) else None


def _parse(parse: dict[str, Any]) -> list[str]:
    rows = _parse_rows(parse["table"])
    lines = [
        "## Parse and plan time as the source grows",
        "",
        f"`--only parse` runs `bench/bench_parse.py --runs {parse['runs']}` (pure: no wiki). "
        "*plain* is bullets only; *meta* is the same with Meta's markup on every line "
        "(`<translate>` markers, a link, bold, a `<ref>`). Parse: median, min and max of the "
        "runs; *mwparserfromhell alone*: `mwparserfromhell.parse` of the same page, the "
        "floor under recsync's parse, which walks the tree it builds (up to 3 runs). At "
        "100,000 items the parse and the plans run once. Both parses run with Python's "
        "cyclic garbage collector paused, as `parse_source` does (and `make_plan`). Plan: "
        "median; a *no-op* plan is made against the pages the first sync wrote, the index "
        "saved by the bot, as a re-run finds them: no subpage is parsed (their index rows "
        "remember them). The second table is issue 12's target, the third issue 21's: the "
        "plans of the 10,000-item Translate page against the parses they need, interleaved "
        "run by run, and once the no-op plan of an index someone else saved last (every "
        "subpage parsed, as every no-op was before).",
        "",
        parse["table"],
        "",
    ]
    growth = []
    for kind in ("plain", "meta"):
        parts = []
        for name, label in (
            ("per_item", "parse"),
            ("per_item_floor", "mwparserfromhell alone"),
            ("plan_first", "first-sync plan"),
            ("plan_noop", "no-op plan"),
        ):
            value = _growth(rows, kind, name)
            if value is not None:
                parts.append(f"{label} {value:.2f}×")
        if parts:
            growth.append(f"- {kind}: " + ", ".join(parts))
    if growth:
        sizes = sorted({r["items"] for r in rows})
        lines += [
            f"Time per item at {sizes[-1]:,} items over time per item at {sizes[0]:,} "
            "(1.00× is perfectly linear):",
            "",
            *growth,
            "",
        ]
    return lines


def _targets(results: dict[str, Any], run: dict[str, Any] | None = None) -> list[str]:
    by = _by_key(results)
    rows: list[tuple[str, str, str]] = []
    if run and set(run.get("groups", [])) == set(GROUPS):
        rows.append(
            (
                "the whole benchmark (`bench/run_all.py`, every group) runs in under 20 minutes",
                f"{run['seconds'] / 60:.1f} min, with {run['runs']} runs a scenario",
                _met(run["seconds"] < 20 * 60),
            )
        )
    noop = by.get("demo-recsync-noop")
    if noop:
        reads, writes = max(_values(noop["runs"], "reads")), max(_values(noop["runs"], "writes"))
        rows.append(
            (
                "no-op sync of the 84-item page: at most 2 read requests after login, no write",
                f"{reads:.0f} job read(s), {writes:.0f} writes (at most, over "
                f"{len(noop['runs'])} runs)",
                _met(reads <= 2 and writes == 0),
            )
        )
    for key, what, pages in (
        ("demo-recsync-change", "one item changed", "its subpage and the index"),
        ("translate-recsync-three", "three items reworded", "their subpages and the index"),
        ("translate-recsync-swap", "two groups swapped", "the index alone"),
        ("translate-recsync-rename", "one group renamed", "its 100 subpages and the index"),
    ):
        change = by.get(key)
        if not change:
            continue
        runs = change["runs"]
        wanted = {"demo-recsync-change": 2, "translate-recsync-three": 4,
                  "translate-recsync-swap": 1, "translate-recsync-rename": 101}[key]  # fmt: skip
        summaries = [r.get("summary", {}) for r in runs]
        exact = all(
            r["edits"] == r["writes"] == wanted and not r["null_edits"] and not s.get("created")
            for r, s in zip(runs, summaries, strict=True)
        )
        rows.append(
            (
                f"{what} ({change['items']:,} items): writes exactly the pages that changed "
                f"({pages}: {wanted})",
                f"{_count(_values(runs, 'writes'))} writes, {_count(_values(runs, 'edits'))} "
                f"edits, {_count(_values(runs, 'reads'))} job read(s) per run",
                _met(exact),
            )
        )
    scaling = _noop_rows(results)
    if len(scaling) >= 2:
        measured = [(row["subpages"], max(_values(row["runs"], "reads"))) for row in scaling]
        expected = [math.ceil(row["tree"] / PER_REQUEST_TARGET) for row in scaling]
        shown = ", ".join(f"{n:,}: {r:.0f}" for n, r in measured)
        rows.append(
            (
                "requests grow by one per 500 subpages, not per page (no-op reads)",
                f"{shown} (target {', '.join(map(str, expected))})",
                _met(all(r <= e for (_, r), e in zip(measured, expected, strict=True))),
            )
        )
    first = [by[k] for k in ("demo-recsync-first", "translate-recsync-first") if k in by]
    if first:
        shown = "; ".join(
            f"{s['items']:,} items: {_median(s['runs'], 'reads'):,.0f} reads for "
            f"{_median(s['runs'], 'edits'):,.0f} pages created "
            f"({_median(s['runs'], 'reads') / _median(s['runs'], 'edits'):.2f} a page)"
            for s in first
        )
        batched = all(
            _median(s["runs"], "reads") <= math.ceil((s["items"] + 2) / PER_REQUEST_TARGET) + 2
            for s in first
        )
        rows.append(
            (
                "(the same on a first sync) reads grow by batch, not per page; one write a "
                "page is the floor",
                shown,
                _met(batched),
            )
        )
    if "parse" in results:
        parse_rows = _parse_rows(results["parse"]["table"])
        parts, ok = [], True
        for kind in ("plain", "meta"):
            for name, label in (("per_item", "parse"), ("plan_noop", "no-op plan")):
                value = _growth(parse_rows, kind, name)
                if value is not None:
                    parts.append(f"{kind} {label} {value:.2f}×")
                    ok = ok and value <= LINEAR_SLACK
        floor = [_growth(parse_rows, kind, "per_item_floor") for kind in ("plain", "meta")]
        floor_text = ", ".join(f"{v:.2f}×" for v in floor if v is not None)
        rows.append(
            (
                f"parse and plan stay linear (per-item time at 100,000 within "
                f"{LINEAR_SLACK}× of 1,000's)",
                "; ".join(parts) + f" (mwparserfromhell alone: plain, meta {floor_text})",
                _met(ok),
            )
        )
        at_10k = {r["kind"]: r for r in parse_rows if r["items"] == 10000}
        if at_10k:
            shown = "; ".join(
                f"{kind} {row['parse_median']:.2f} s (mwparserfromhell alone "
                f"{row['per_item_floor'] * row['items'] / 1e6:.2f} s)"
                for kind, row in at_10k.items()
            )
            rows.append(
                (
                    "a page of 10,000 items in 100 groups parses in under a second",
                    shown,
                    ", ".join(
                        f"{kind} {_met(row['parse_median'] < 1.0)}" for kind, row in at_10k.items()
                    ),
                )
            )
    figures = results.get("parse", {}).get("figures", {})
    plans = figures.get("plans")
    if plans:
        noop = plans["noop"] / (plans["parse"] + plans["index"])
        first = plans["first"] / plans["parse"]
        rows.append(
            (
                f"a no-op plan of {plans['items']:,} items (Translate page) costs at most "
                f"{PLAN_SLACK}× the parse of the source and the index",
                f"{plans['noop']:.2f} s against {plans['parse']:.2f} + {plans['index']:.2f} s: "
                f"{noop:.2f}× (every subpage parsed, as before: {plans['noop_parsing_all']:.2f} s)",
                _met(noop <= PLAN_SLACK),
            )
        )
        rows.append(
            (
                f"a first-sync plan of {plans['items']:,} items costs at most {PLAN_SLACK}× the "
                "parse of the source",
                f"{plans['first']:.2f} s against {plans['parse']:.2f} s: {first:.2f}×",
                _met(first <= PLAN_SLACK),
            )
        )
    bare = figures.get("bare")
    if bare:
        ratio = bare["ours"] / bare["paused"]
        rows.append(
            (
                f"a {bare['items']:,}-item Translate page parses in at most 1.3× a bare "
                "`mwparserfromhell.parse` of it (GC paused on both sides)",
                f"{bare['ours']:.2f} s against {bare['paused']:.2f} s: {ratio:.2f}×",
                _met(ratio <= 1.3),
            )
        )
    watch = results.get("watch", {})
    if "to_index" in watch:
        worst = max(watch["to_index"])
        rows.append(
            (
                f"watch: a source edit reaches its subpage and the index within seconds "
                f"(at most {WITHIN_SECONDS:.0f} s; a look every {watch['interval']:g} s)",
                f"median {statistics.median(watch['to_index']):.1f} s, max {worst:.1f} s "
                f"over {watch['edits']} edits",
                _met(worst <= WITHIN_SECONDS),
            )
        )
    if watch.get("idle"):
        rows.append(
            (
                "watch: what an idle hour costs (no target: the figure)",
                f"{_idle_hour(watch['idle']):.0f} requests, no edit "
                f"(measured over {watch['idle']['seconds'] / 60:.0f} min)",
                "—",
            )
        )
    if not rows:
        return []
    lines = [
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *[f"| {target} | {measured} | {met} |" for target, measured, met in rows],
        "",
    ]
    return lines


def _watch(watch: dict[str, Any]) -> list[str]:
    lines = ["## recsync watch: from an edit to the index, and an idle hour", ""]
    if "to_index" in watch:
        sub, index = watch["to_subpage"], watch["to_index"]
        lines += [
            f"`--only watch`: a watcher (`recsync watch --interval {watch['interval']:g}`) on "
            "the 84-item demo page; the user Editor rewords one item at a time, "
            f"{watch['edits']} times, each after a random wait of up to one interval (seeded), "
            "so that the edits fall anywhere in the watcher's cycle. Each is timed from the "
            "API's answer to the edit until the item's subpage, then the index, show it "
            "(polled every 0.1 s). The expected latency is half an interval (the wait for the "
            "next look) plus the sync; at the default interval of 30 s, add about 10 s to "
            "the median.",
            "",
            "| edits | poll interval (s) | to the subpage: median (s) | max | to the index: "
            "median (s) | max | min | syncs | changes seen |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {watch['edits']} | {watch['interval']:g} | {statistics.median(sub):.1f} "
            f"| {max(sub):.1f} | **{statistics.median(index):.1f}** | **{max(index):.1f}** "
            f"| {min(index):.1f} | {watch['syncs']} | {watch['changes_seen']} |",
            "",
            f"The watcher synced {watch['syncs']} times: once as it started, once per edit it saw "
            "(its own edits of the subpage and the index are no reason to sync again).",
            "",
        ]
    idle = watch.get("idle")
    if idle:
        per_hour = _idle_hour(idle)
        lines += [
            f"**An idle hour.** A second watcher, with the defaults (a look every "
            f"{idle['interval']:g} s, a full sync every {idle['resync'] / 60:.0f} min), ran "
            f"through `bench/counted.py` on a wiki of its own where nothing changed, in the "
            f"background of the other groups: {idle['seconds'] / 60:.1f} min after its first "
            f"sync it had sent {idle['looks']} looks (`list=recentchanges`) and "
            f"{idle['other_requests']} other requests"
            + (
                f", and said {idle['heartbeats']} times that it was alive"
                if idle["heartbeats"]
                else " (its hourly `alive` line was not due yet)"
            )
            + f". Extrapolated: {3600 / idle['interval']:.0f} "
            f"looks an hour and one full sync ({idle['sync_reads']} read at 84 items, no "
            f"write), **{per_hour:.0f} requests an idle hour**, none of them an edit. "
            f"Measured rate: {idle['looks'] / idle['seconds'] * 3600:.0f} looks an hour.",
            "",
        ]
    return lines


def _idle_hour(idle: dict[str, Any]) -> float:
    """An idle hour's requests: a look every interval, the hourly sync's reads."""
    syncs = 3600 / idle["resync"] if idle["resync"] else 0
    return float(3600 / idle["interval"] + syncs * idle["sync_reads"])


def _met(ok: bool) -> str:
    return "**yes**" if ok else "**no**"
