"""A run's summary -> the status page's wikitext.  Pure.

Maintainers look at the bot once a month: the status page says when it last ran,
from which source revision, what it did and what went wrong.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.wikitext import escape

if TYPE_CHECKING:
    from bot.config import JobConfig
    from bot.model import RunSummary


def status_text(summary: RunSummary, job: JobConfig, when: datetime) -> str:
    revision = (
        f"[[Special:PermanentLink/{summary.source_revision}|{summary.source_revision}]]"
        if summary.source_revision
        else "unknown"
    )
    if summary.refused:
        result = f"refused: {escape(summary.refused)}"
    elif summary.failure:
        result = f"failed: {escape(summary.failure)}"
    elif summary.in_step:
        result = "every page in step"
    else:
        result = "some pages need attention (see below)"
    rows = [
        ("Last run", when.strftime("%Y-%m-%d %H:%M UTC")),
        ("Job", escape(job.name)),
        ("Source", f"[[{job.source}]], revision {revision}"),
        ("Result", result),
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
