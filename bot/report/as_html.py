"""A plan as one self-contained HTML page, readable offline in any browser.  Pure."""

from __future__ import annotations

from functools import cache
from html import escape
from importlib import resources

from ..model import Action, Plan
from .common import listed, revision, why
from .sidebyside import diff_table


@cache
def stylesheet() -> str:
    """The page's CSS: ``report.css``, package data next to this module."""
    return resources.files(__package__).joinpath("report.css").read_text(encoding="utf-8")


def report_html(plan: Plan) -> str:
    """The plan as one self-contained HTML page, to read in any browser, offline.

    A heading with the source page and revision, the counts by action, a table of the
    pages the run acts on (each page it writes links to its diff below; the unchanged
    ones are listed in a closed ``<details>``), then each written page's diff side by
    side: the text now | the text after the run, removed lines red, added lines green,
    the changed words marked, the hunks of ``unified_diff``.  A new page shows all its
    lines as added.  Inline CSS only: no script, no external font, image or sheet.
    Every text from the wiki is HTML-escaped; long lines wrap, narrow windows work.
    """
    ids = {id(change): f"diff-{n}" for n, change in enumerate(plan.changes, 1)}
    out = [
        *_head(plan),
        '<section id="pages">',
        "<h2>Pages</h2>",
        *_pages(plan, ids),
        "</section>",
        *_diffs(plan, ids),
        "<footer>Made by recsync from the plan of one run; nothing on this page has been "
        "saved to the wiki.</footer>",
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def _head(plan: Plan) -> list[str]:
    """The document's head and the page's header: source, revision, job, counts."""
    source, shown_revision = escape(plan.source_title), escape(revision(plan))
    counts = "".join(
        f'<li class="{action}{"" if plan.count(action) else " zero"}">'
        f"<b>{plan.count(action)}</b> {action}</li>"
        for action in tuple(Action)
    )
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        f"<title>recsync plan: {source} ({shown_revision})</title>",
        f"<style>\n{stylesheet()}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f'<h1>recsync plan for <span class="wiki">{source}</span></h1>',
        f'<p class="meta">Source {shown_revision} · job <b>{escape(plan.job.name)}</b> · '
        f"{plan.items} items on the source page · {len(plan.writes)} pages to write</p>",
        f'<ul class="counts" aria-label="Pages by action">{counts}</ul>',
        *_warnings(plan),
        "</header>",
    ]


def _warnings(plan: Plan) -> list[str]:
    """What needs a person's attention (unknown statuses, ...), and the parser's
    warnings about the source page, if anything."""
    out = []
    if plan.warnings:
        items = [f"<li>{escape(warning)}</li>" for warning in plan.warnings]
        out += ['<ul class="warnings" aria-label="Needs attention">', *items, "</ul>"]
    if plan.source_warnings:
        items = [f"<li>line {w.line}: {escape(w.message)}</li>" for w in plan.source_warnings]
        out += ['<ul class="warnings" aria-label="Source warnings">', *items, "</ul>"]
    return out


def _pages(plan: Plan, ids: dict[int, str]) -> list[str]:
    """The table of the pages the run acts on, then the unchanged ones, folded away."""
    out: list[str] = []
    pages = listed(plan)
    if pages:
        out += [
            '<table class="pages">',
            "<thead><tr><th>Page</th><th>Action</th><th>Edit summary or reason</th></tr></thead>",
            "<tbody>",
        ]
        for change in pages:
            title = _title(change.title)
            if change.writes:
                title = f'<a href="#{ids[id(change)]}">{title}</a>'
            out.append(
                f'<tr class="{change.action}"><td class="title">{title}</td>'
                f"<td>{_badge(change.action)}</td>"
                f'<td><span class="wiki">{escape(why(change))}</span></td></tr>'
            )
        out += ["</tbody>", "</table>"]
    else:
        out.append("<p>Every page is in step with the source: nothing to do.</p>")
    unchanged = [change for change in plan.changes if change.action == Action.UNCHANGED]
    if unchanged:
        items = "".join(f'<li class="wiki">{escape(change.title)}</li>' for change in unchanged)
        out.append(
            f"<details><summary>{len(unchanged)} unchanged "
            f"page{'s' if len(unchanged) != 1 else ''}</summary><ul>{items}</ul></details>"
        )
    return out


def _diffs(plan: Plan, ids: dict[int, str]) -> list[str]:
    """A section per page the run writes: its action, title, edit summary and diff."""
    if not plan.writes:
        return []
    out = ['<section id="diffs">', "<h2>Diffs</h2>"]
    for change in plan.writes:
        out += [
            f'<section class="page" id="{ids[id(change)]}">',
            f'<h3>{_badge(change.action)} <span class="wiki">{_title(change.title)}</span></h3>',
        ]
        if change.summary:
            out.append(
                f'<p class="summary">Edit summary: '
                f'<span class="wiki">{escape(change.summary)}</span></p>'
            )
        out += [diff_table(change), '<p class="back"><a href="#pages">↑ Pages</a></p>']
        out.append("</section>")
    out.append("</section>")
    return out


def _title(title: str) -> str:
    """An escaped page title that may break after its slashes in a narrow window."""
    return "/<wbr>".join(escape(part) for part in title.split("/"))


def _badge(action: str) -> str:
    return f'<span class="badge {action}">{action}</span>'
