"""What every report file shows the same way.  Pure.

Every report shows the same things: the source page and its revision, the counts by
action, every page that is not unchanged with its edit summary (or the reason it is
left alone), and the diff of every page the run writes.  Diffs come from the same
``difflib`` hunks as ``unified_diff`` (context 2), so all formats agree line for line.
"""

from __future__ import annotations

from ..model import Action, PageChange, Plan
from .text import unified_diff


def revision(plan: Plan) -> str:
    return f"revision {plan.source_revision}" if plan.source_revision else "unknown revision"


def listed(plan: Plan) -> list[PageChange]:
    """The pages a report lists: all but the unchanged ones, in the plan's order."""
    return [change for change in plan.changes if change.action != Action.UNCHANGED]


def why(change: PageChange) -> str:
    return change.reason or change.summary


def written_diff(change: PageChange) -> str:
    """The unified diff of a page the run writes; '' for the pages it leaves alone."""
    return unified_diff(change) if change.writes else ""
