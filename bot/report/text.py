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


def change_line(change: PageChange, would: bool = False) -> str:
    """One line for one page: what the run does to it and why.

    ``would``: the line of a run that saves nothing (a dry run, a refused run): a page
    it writes reads ``would create [[X]]: edit summary "..."``, since the summary, said
    as the wiki will keep it, is in the past tense.
    """
    verb = {
        Action.CREATE: "create",
        Action.UPDATE: "update",
        Action.RETIRE: "retire",
        Action.UNCHANGED: "unchanged",
        Action.SKIPPED: "skip",
        Action.ERROR: "error",
        Action.DELETED: "deleted",
    }[change.action]
    if would:
        if not change.writes:
            return f"{verb:<12} [[{change.title}]]" + (
                f": {change.reason}" if change.reason else ""
            )
        said = f': edit summary "{change.summary}"' if change.summary else ""
        return f"would {verb:<6} [[{change.title}]]{said}"
    why = change.reason or change.summary
    return f"{verb:<9} [[{change.title}]]" + (f": {why}" if why else "")


def plan_text(plan: Plan, diffs: bool = True, notes: bool = True, would: bool = True) -> str:
    """A dry run for the terminal: each page's action and diff, then a summary table.

    ``notes``: also what needs attention and the parser's warnings (a run says those
    once, as it reads the plan, and passes False).
    """
    out: list[str] = []
    for change in plan.changes:
        if change.action == Action.UNCHANGED:
            continue
        out.append(change_line(change, would))
        if diffs and change.writes:
            out.append(unified_diff(change))
            out.append("")
    if notes:
        out.extend(f"attention {warning}" for warning in plan.warnings)
        out.extend(source_warning_lines(plan))
    out.append(summary_table(plan))
    return "\n".join(out)


def source_warning_lines(plan: Plan) -> list[str]:
    """The parser's warnings about the source page, one line each with its line number."""
    return [
        f"warning   [[{plan.source_title}]] line {w.line}: {w.message}"
        for w in plan.source_warnings
    ]


def summary_table(plan: Plan) -> str:
    rows = [(action, plan.count(action)) for action in tuple(Action)]
    width = max(len(a) for a, _ in rows)
    lines = [
        f"Plan for [[{plan.source_title}]] (revision {plan.source_revision}), nothing saved yet:"
    ]
    lines += [f"  {action:<{width}}  {count:>5}" for action, count in rows]
    return "\n".join(lines)
