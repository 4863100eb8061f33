"""A plan as GitHub-flavoured Markdown.  Pure."""

from __future__ import annotations

import re

from ..model import Action, Plan
from .common import listed, revision, why, written_diff


def _md_code(text: str) -> str:
    """``text`` as a Markdown code span that is safe inside a table cell."""
    text = " ".join(text.split()).replace("|", "\\|")
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text[0] == "`" or text[-1] == "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_fence(text: str) -> str:
    """A backtick fence longer than any backtick run in ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def report_markdown(plan: Plan) -> str:
    """The plan as GitHub-flavoured Markdown (a CI summary, a pull request comment).

    A title with the source page and its revision, a table of the pages the run acts
    on (page, action, edit summary or reason), the counts by action, then one
    ```` ```diff ```` block per page the run writes.  Wiki text only ever appears in
    code spans and fenced blocks, so it cannot turn into Markdown or HTML.
    """
    pages = listed(plan)
    out = [
        f"# recsync plan for {_md_code(plan.source_title)} ({revision(plan)})",
        "",
        f"Job {_md_code(plan.job.name)}: {plan.items} items on the source page, "
        f"{len(plan.writes)} pages to write, {plan.count(Action.UNCHANGED)} unchanged.",
        "",
    ]
    if plan.warnings:
        out += ["**Needs attention:**", "", *(f"- {_md_code(w)}" for w in plan.warnings), ""]
    if plan.source_warnings:
        out += ["**Source warnings** (the parser's, about the source page):", ""]
        out += [f"- line {w.line}: {_md_code(w.message)}" for w in plan.source_warnings]
        out.append("")
    if pages:
        out += ["| Page | Action | Edit summary or reason |", "| --- | --- | --- |"]
        out += [f"| {_md_code(c.title)} | {c.action} | {_md_code(why(c))} |" for c in pages]
    else:
        out.append("Every page is in step with the source: nothing to do.")
    out += ["", "| Action | Pages |", "| --- | ---: |"]
    out += [f"| {action} | {plan.count(action)} |" for action in tuple(Action)]
    for change in plan.writes:
        diff = written_diff(change)
        fence = _md_fence(diff)
        out += ["", f"## {_md_code(change.title)} ({change.action})", ""]
        if change.summary:
            out += [f"Summary: {_md_code(change.summary)}", ""]
        out += [f"{fence}diff", diff, fence]
    return "\n".join(out) + "\n"
