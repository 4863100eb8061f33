"""A run's summary -> the status page's wikitext.  Pure.

Maintainers look at the bot once a month: the status page says when it last ran,
from which source revision, what it did and what went wrong.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.outcome import Outcome
from bot.wikitext import escape

if TYPE_CHECKING:
    from bot.config import JobConfig
    from bot.sync import RunSummary


_RESULTS = {
    Outcome.OK: "every page in step",
    Outcome.FAILED: "some pages failed (see below)",
    Outcome.REFUSED: "refused",
    Outcome.ATTENTION: "some pages need attention (see below)",
}


def status_text(summary: RunSummary, job: JobConfig, when: datetime) -> str:
    revision = (
        f"[[Special:PermanentLink/{summary.source_revision}|{summary.source_revision}]]"
        if summary.source_revision
        else "unknown"
    )
    outcome = summary.outcome()
    if summary.failure:
        result = f"failed: {escape(summary.failure)}"
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
        ("Created", str(summary.created)),
        ("Updated", str(summary.updated)),
        ("Retired", str(summary.retired)),
        ("Unchanged", str(summary.unchanged)),
        ("Skipped", str(summary.skipped)),
        ("Conflicts", str(summary.conflicts)),
        ("Errors", str(summary.errors)),
        ("Requests", str(summary.requests)),
    ]
    out = ["Report of the last recsync run that changed or failed something.", ""]
    out.append('{| class="wikitable"')
    for label, value in rows:
        out += ["|-", f"! {label}", f"| {value}"]
    out.append("|}")
    if summary.problems:
        out += ["", "== Problems =="]
        out += [f"* {escape(problem)}" for problem in summary.problems]
    return "\n".join(out) + "\n"
