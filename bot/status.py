"""A run's summary -> the status page's wikitext.  Pure.

Maintainers look at the bot once a month: the status page says when it last ran,
from which source revision, what it did and what went wrong.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from .model import COUNTS, WOULD, RunResult
from .wikitext import escape

if TYPE_CHECKING:
    from .config import JobConfig
    from .model import RunSummary


_RESULTS = {
    RunResult.OK: "every page in step",
    RunResult.FAILED: "some pages failed (see below)",
    RunResult.UNUSABLE: "the job cannot run as configured",
    RunResult.REFUSED: "refused",
    RunResult.ATTENTION: "some pages need attention (see below)",
}


def same_report(old: str, new: str) -> bool:
    """Do two status pages say the same, apart from when the run was?"""

    def without_time(text: str) -> str:
        return re.sub(r"(! Last run\n\| )[^\n]*", r"\1", text).rstrip()

    return without_time(old) == without_time(new)


def status_text(summary: RunSummary, job: JobConfig, when: datetime) -> str:
    revision = (
        f"[[Special:PermanentLink/{summary.source_revision}|{summary.source_revision}]]"
        if summary.source_revision
        else "unknown"
    )
    outcome = summary.result()
    if summary.failure or summary.unusable:
        result = f"{outcome}: {escape(summary.failure or summary.unusable)}"
    elif summary.refused:
        result = f"{outcome}: {escape(summary.refused)}"
    else:
        result = _RESULTS[outcome]
    rows = [
        ("Last run", when.strftime("%Y-%m-%d %H:%M UTC")),
        ("Job", escape(job.name)),
        ("Source", f"[[{job.source}]], revision {revision}"),
        ("Result", result),
        ("Exit code", f"{outcome.exit_code} ({outcome})"),
        *_counts(summary),
        ("Requests", str(summary.requests)),
    ]
    out = [
        "Report of the last recsync run that changed, failed, was refused or found "
        "something to look at.",
        "",
    ]
    out.append('{| class="wikitable"')
    for label, value in rows:
        out += ["|-", f"! {label}", f"| {value}"]
    out.append("|}")
    if summary.problems:
        out += ["", "== Problems =="]
        out += [f"* {escape(problem)}" for problem in summary.problems]
    if summary.attention:
        out += ["", "== Needs attention =="]
        out += [f"* {escape(note)}" for note in summary.attention]
    if summary.warnings:
        out += ["", "== Source warnings ==", f"What the parser found odd on [[{job.source}]]:"]
        out += [f"* line {w.line}: {escape(w.message)}" for w in summary.warnings]
    return "\n".join(out) + "\n"


def _counts(summary: RunSummary) -> list[tuple[str, str]]:
    """The count rows; a run that made no edit shows what it would have done."""
    rows = []
    for key, label in COUNTS:
        value = getattr(summary, key)
        if key in ("declined", "deferred") and not value:
            continue
        if summary.dry_run and key in WOULD:
            label = WOULD[key].capitalize()
        rows.append((label, str(value)))
    return rows
