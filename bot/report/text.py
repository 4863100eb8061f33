"""A plan as terminal text: one line per page, its unified diff, a summary table.  Pure."""

from __future__ import annotations

import difflib

from ..model import Action, PageChange, Plan


def unified_diff(
    change: PageChange, context: int = 2, labels: tuple[str, str] = ("now", "after")
) -> str:
    """The change as a unified diff of the page's wikitext ('' when nothing changes)."""
    old = (change.old_text or "").splitlines()
    new = (change.new_text or "").splitlines() if change.new_text is not None else old
    lines = difflib.unified_diff(
        old,
        new,
        fromfile=f"{change.title} ({labels[0]})" if change.old_text is not None else "/dev/null",
        tofile=f"{change.title} ({labels[1]})",
        n=context,
        lineterm="",
    )
    return "\n".join(lines)


def change_line(change: PageChange) -> str:
    """One line for one page: what the run does to it and why."""
    verb = {
        Action.CREATE: "create",
        Action.UPDATE: "update",
        Action.RETIRE: "retire",
        Action.UNCHANGED: "unchanged",
        Action.SKIPPED: "skip",
        Action.ERROR: "error",
        Action.DELETED: "deleted",
    }[change.action]
    why = change.reason or change.summary
    return f"{verb:<9} [[{change.title}]]" + (f": {why}" if why else "")


def plan_text(plan: Plan, diffs: bool = True) -> str:
    """A dry run for the terminal: each page's action and diff, then a summary table."""
    out: list[str] = []
    for change in plan.changes:
        if change.action == Action.UNCHANGED:
            continue
        out.append(change_line(change))
        if diffs and change.writes:
            out.append(unified_diff(change))
            out.append("")
    out.extend(f"attention {warning}" for warning in plan.warnings)
    out.append(summary_table(plan))
    return "\n".join(out)


def summary_table(plan: Plan) -> str:
    rows = [(action, plan.count(action)) for action in tuple(Action)]
    width = max(len(a) for a, _ in rows)
    lines = [f"Plan for [[{plan.source_title}]] (revision {plan.source_revision}):"]
    lines += [f"  {action:<{width}}  {count:>5}" for action, count in rows]
    return "\n".join(lines)
