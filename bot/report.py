"""Results -> text for people and tools.  Pure."""

from __future__ import annotations

import difflib
import html
import json
import re

from bot.model import Action, PageChange, Plan
from bot.wikitext import escape

ACTIONS = tuple(Action)
CREATE, UPDATE, RETIRE = Action.CREATE, Action.UPDATE, Action.RETIRE
UNCHANGED, SKIPPED, ERROR = Action.UNCHANGED, Action.SKIPPED, Action.ERROR


def unified_diff(change: PageChange, context: int = 2) -> str:
    """The change as a unified diff of the page's wikitext ('' when nothing changes)."""
    old = (change.old_text or "").splitlines()
    new = (change.new_text or "").splitlines() if change.new_text is not None else old
    lines = difflib.unified_diff(
        old,
        new,
        fromfile=f"{change.title} (now)" if change.old_text is not None else "/dev/null",
        tofile=f"{change.title} (after)",
        n=context,
        lineterm="",
    )
    return "\n".join(lines)


def change_line(change: PageChange) -> str:
    """One line for one page: what the run does to it and why."""
    verb = {
        CREATE: "create",
        UPDATE: "update",
        RETIRE: "retire",
        UNCHANGED: "unchanged",
        SKIPPED: "skip",
        ERROR: "error",
    }[change.action]
    why = change.reason or change.summary
    return f"{verb:<9} [[{change.title}]]" + (f": {why}" if why else "")


def plan_text(plan: Plan, diffs: bool = True) -> str:
    """A dry run for the terminal: each page's action and diff, then a summary table."""
    out: list[str] = []
    for change in plan.changes:
        if change.action == UNCHANGED:
            continue
        out.append(change_line(change))
        if diffs and change.writes:
            out.append(unified_diff(change))
            out.append("")
    out.append(summary_table(plan))
    return "\n".join(out)


def summary_table(plan: Plan) -> str:
    rows = [(action, plan.count(action)) for action in ACTIONS]
    width = max(len(a) for a, _ in rows)
    lines = [f"Plan for [[{plan.source_title}]] (revision {plan.source_revision}):"]
    lines += [f"  {action:<{width}}  {count:>5}" for action, count in rows]
    return "\n".join(lines)


# --- reports: one plan, four formats ------------------------------------------------------
#
# Every report shows the same things: the source page and its revision, the counts by
# action, every page that is not unchanged with its edit summary (or the reason it is
# left alone), and the diff of every page the run writes.  Diffs come from the same
# ``difflib`` hunks as ``unified_diff`` (context 2), so all formats agree line for line.

_SUFFIXES = {".md": "markdown", ".html": "html", ".json": "json", ".wiki": "wiki", ".txt": "wiki"}


def _revision(plan: Plan) -> str:
    return f"revision {plan.source_revision}" if plan.source_revision else "unknown revision"


def _listed(plan: Plan) -> list[PageChange]:
    """The pages a report lists: all but the unchanged ones, in the plan's order."""
    return [change for change in plan.changes if change.action != UNCHANGED]


def _why(change: PageChange) -> str:
    return change.reason or change.summary


def _diff(change: PageChange) -> str:
    """The unified diff of a page the run writes; '' for the pages it leaves alone."""
    return unified_diff(change) if change.writes else ""


# --- Markdown ---------------------------------------------------------------------------


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
    listed = _listed(plan)
    out = [
        f"# recsync plan for {_md_code(plan.source_title)} ({_revision(plan)})",
        "",
        f"Job {_md_code(plan.job.name)}: {plan.items} items on the source page, "
        f"{len(plan.writes)} pages to write, {plan.count(UNCHANGED)} unchanged.",
        "",
    ]
    if listed:
        out += ["| Page | Action | Edit summary or reason |", "| --- | --- | --- |"]
        out += [f"| {_md_code(c.title)} | {c.action} | {_md_code(_why(c))} |" for c in listed]
    else:
        out.append("Every page is in step with the source: nothing to do.")
    out += ["", "| Action | Pages |", "| --- | ---: |"]
    out += [f"| {action} | {plan.count(action)} |" for action in ACTIONS]
    for change in plan.writes:
        diff = _diff(change)
        fence = _md_fence(diff)
        out += ["", f"## {_md_code(change.title)} ({change.action})", ""]
        if change.summary:
            out += [f"Summary: {_md_code(change.summary)}", ""]
        out += [f"{fence}diff", diff, fence]
    return "\n".join(out) + "\n"


# --- JSON -------------------------------------------------------------------------------


def report_json(plan: Plan) -> str:
    """The plan for other tools, as one JSON object.

    ``{"source": title, "source_revision": int | null, "job": name, "items": n,
    "counts": {action: n for every action, zeros included}, "changes": [...]}``.
    ``changes`` holds EVERY page of the plan in its order, the unchanged ones too, so a
    tool sees each page the run looked at and ``counts`` is the tally of ``changes``;
    each change is ``{"title", "action", "item_id" (null for the index), "summary",
    "reason", "diff"}``.  ``diff`` is the unified diff of a page the run writes and ""
    for the pages it leaves alone (unchanged, skipped, error).
    """
    data = {
        "source": plan.source_title,
        "source_revision": plan.source_revision,
        "job": plan.job.name,
        "items": plan.items,
        "counts": {action: plan.count(action) for action in ACTIONS},
        "changes": [
            {
                "title": change.title,
                "action": change.action,
                "item_id": change.item_id,
                "summary": change.summary,
                "reason": change.reason,
                "diff": _diff(change),
            }
            for change in plan.changes
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- wikitext ---------------------------------------------------------------------------

#: Characters no page title holds; a "title" with one is shown as text, never linked.
_NOT_IN_TITLES = re.compile(r"[\[\]{}|<>#\n]|~~~")
#: What would end a syntaxhighlight block early: MediaWiki closes the tag at the first
#: ``</syntaxhighlight\s*>``, in any case.
_CLOSE_HIGHLIGHT = re.compile(r"</(syntaxhighlight)", re.IGNORECASE)


def _wikilink(title: str, label: str = "") -> str:
    """``[[:Title]]``: the colon keeps a Category: or File: title a plain link."""
    if not title or _NOT_IN_TITLES.search(title):
        return escape(title)
    return f"[[:{title}|{escape(label)}]]" if label else f"[[:{title}]]"


def _section_link(change: PageChange) -> str:
    """A link to the page's diff heading below (its anchor is the heading's text)."""
    if _NOT_IN_TITLES.search(change.title):
        return ""
    return f"[[#{change.title} ({change.action})|diff]]"


def _highlight(diff: str) -> str:
    """The diff in a syntaxhighlight block it cannot close.

    Inside the block the wiki shows text as it is (no links, templates, categories or
    signatures), so only a closing tag could let page text out: it is shown as
    ``&lt;/syntaxhighlight``, which the block displays literally.
    """
    body = _CLOSE_HIGHLIGHT.sub(r"&lt;/\1", diff)
    return f'<syntaxhighlight lang="diff">\n{body}\n</syntaxhighlight>'


def report_wikitext(plan: Plan, bot_user: str | None = None) -> str:
    """The plan as wikitext for a preview page on the wiki.

    ``__NOINDEX__`` first (a preview is a scratch page: search engines need not keep
    it), a heading with the source page and revision, a line naming the bot account
    (``bot_user``, when given), a wikitable of the counts, a sortable wikitable of the
    pages the run acts on (``[[:Title]]`` links, the action, the edit summary or
    reason escaped with ``bot.wikitext.escape``, a link to the diff), then per page
    the run writes a heading and its diff in ``<syntaxhighlight lang="diff">``.  No
    text from the wiki can become markup: titles are links (or escaped text), all
    other wiki text is escaped or inside a syntaxhighlight block it cannot close.
    """
    source = _wikilink(plan.source_title)
    if plan.source_revision:
        revision = _wikilink(
            f"Special:PermanentLink/{plan.source_revision}", f"revision {plan.source_revision}"
        )
    else:
        revision = "unknown revision"
    who = "recsync"
    if bot_user:
        name = bot_user.removeprefix("User:")
        who = _wikilink(f"User:{name}", name)
    listed = _listed(plan)
    out = [
        "__NOINDEX__",
        f"== recsync preview: {source} ({revision}) ==",
        f"The edits {who} would make for the job ''{escape(plan.job.name)}''; "
        f"nothing on this page has been saved. {plan.items} items on the source page, "
        f"{len(plan.writes)} pages to write, {plan.count(UNCHANGED)} unchanged.",
        "",
        '{| class="wikitable"',
        "! Action !! Pages",
    ]
    for action in ACTIONS:
        out += ["|-", f'| {action} || style="text-align:right" | {plan.count(action)}']
    out += ["|}", ""]
    if listed:
        out += [
            '{| class="wikitable sortable"',
            "! Page !! Action !! Edit summary or reason !! Diff",
        ]
        for change in listed:
            diff = _section_link(change) if change.writes else ""
            why = escape(_why(change))
            out += [
                "|-",
                f"| {_wikilink(change.title)} || {change.action} || {why} || {diff}".rstrip(),
            ]
        out += ["|}"]
    else:
        out.append("Every page is in step with the source: nothing to do.")
    for change in plan.writes:
        out += ["", f"=== {_wikilink(change.title)} ({change.action}) ==="]
        if change.summary:
            out.append(f"Edit summary: {escape(change.summary)}")
        out.append(_highlight(_diff(change)))
    return "\n".join(out) + "\n"


# --- HTML -------------------------------------------------------------------------------

_CSS = """
:root {
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa;
  --link: #0757b8; --hunk-bg: #e4f1fb; --hunk-fg: #0b4f8a;
  --add-bg: #e3f9e8; --add-num: #c9efd3; --add-hi: #9be5ae; --add-mark: #1a7f37;
  --del-bg: #ffebe9; --del-num: #fdd3d0; --del-hi: #ffb1ab; --del-mark: #c4262e;
  --create: #1a7f37; --update: #0757b8; --retire: #9a6700; --skipped: #6e7781;
  --error: #cf222e; --unchanged: #8c959f;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --soft: #151b23;
    --link: #4493f8; --hunk-bg: #102a44; --hunk-fg: #9ccbf5;
    --add-bg: #12261e; --add-num: #1b3a2a; --add-hi: #2a6b40; --add-mark: #3fb950;
    --del-bg: #2d1517; --del-num: #4a1f22; --del-hi: #7d2a2f; --del-mark: #f85149;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans",
    "Liberation Sans", Arial, sans-serif;
}
main { max-width: 1440px; margin: 0 auto; padding: 1.5rem 1.5rem 3rem; }
h1 { font-size: 1.65rem; line-height: 1.25; margin: 0 0 .3rem; overflow-wrap: anywhere; }
h2 {
  font-size: 1.25rem; margin: 2.2rem 0 .8rem; padding-bottom: .3rem;
  border-bottom: 1px solid var(--line);
}
h3 {
  font-size: 1.05rem; margin: 0 0 .35rem; display: flex; flex-wrap: wrap;
  align-items: baseline; gap: .5rem; overflow-wrap: anywhere;
}
a { color: var(--link); text-underline-offset: .15em; }
.meta { color: var(--muted); margin: 0; }
.wiki { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono",
  Menlo, Consolas, monospace; font-size: .87em; overflow-wrap: anywhere; }
.counts { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem; padding: 0;
  margin: 1.1rem 0 0; }
.counts li { min-width: 7.5rem; padding: .4rem .8rem; border: 1px solid var(--line);
  border-left: 5px solid var(--c); border-radius: 6px; background: var(--soft); }
.counts b { display: block; font-size: 1.45rem; line-height: 1.2;
  font-variant-numeric: tabular-nums; }
.counts .zero { opacity: .5; }
.create { --c: var(--create); } .update { --c: var(--update); }
.retire { --c: var(--retire); } .skipped { --c: var(--skipped); }
.error { --c: var(--error); } .unchanged { --c: var(--unchanged); }
.badge { display: inline-block; padding: .05rem .6rem; border-radius: 999px;
  background: var(--c); color: #fff; font-size: .78rem; font-weight: 600;
  letter-spacing: .02em; white-space: nowrap; }
table.pages { width: 100%; border-collapse: collapse; }
.pages th, .pages td { padding: .5rem .65rem; text-align: left; vertical-align: top;
  border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
.pages th { background: var(--soft); color: var(--muted); font-size: .85rem; }
.pages td:nth-child(2) { width: 7rem; }
.pages .title { width: 34%; font-weight: 600; overflow-wrap: break-word; }
details { margin-top: .9rem; color: var(--muted); }
details ul { margin: .4rem 0 0; columns: 18rem; }
.page { margin: 1.2rem 0 2rem; padding: 1rem 1.1rem 1.1rem; border: 1px solid var(--line);
  border-radius: 8px; scroll-margin-top: 1rem; }
.page:target { outline: 3px solid var(--link); outline-offset: 2px; }
.summary { margin: 0 0 .8rem; color: var(--muted); overflow-wrap: anywhere; }
.back { margin: .6rem 0 0; font-size: .85rem; }
table.diff { width: 100%; table-layout: fixed; border-collapse: collapse;
  border: 1px solid var(--line); font: 13px/1.5 ui-monospace, "SFMono-Regular",
  "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; }
.diff col.num { width: 3.4em; }
.diff th { padding: .35rem .7rem; text-align: left; background: var(--soft);
  border-bottom: 1px solid var(--line); font: 600 .8rem/1.4 system-ui, sans-serif;
  color: var(--muted); }
.diff td { height: 1.5em; padding: .05rem .6rem; vertical-align: top; }
.diff td.n { padding: .05rem .45rem; text-align: right; color: var(--muted);
  font-size: 12px; user-select: none; }
.diff .side2 { border-left: 1px solid var(--line); }
.diff td.c { position: relative; padding-left: 1.35rem; white-space: pre-wrap;
  overflow-wrap: anywhere; word-break: break-word; tab-size: 4; unicode-bidi: plaintext; }
.diff td.del { background: var(--del-bg); } .diff td.n.del { background: var(--del-num); }
.diff td.add { background: var(--add-bg); } .diff td.n.add { background: var(--add-num); }
.diff td.c.del::before, .diff td.c.add::before { position: absolute; left: .45rem;
  font-weight: 700; }
.diff td.c.del::before { content: "\\2212"; color: var(--del-mark); }
.diff td.c.add::before { content: "+"; color: var(--add-mark); }
.diff td.gap { background: var(--soft); background-image: repeating-linear-gradient(
  -45deg, transparent 0 7px, var(--line) 7px 8px); opacity: .7; }
.diff del, .diff ins { text-decoration: none; border-radius: 3px; padding: 0 1px; }
.diff del { background: var(--del-hi); } .diff ins { background: var(--add-hi); }
.diff tr.hunk td { height: auto; padding: .2rem .7rem; background: var(--hunk-bg);
  color: var(--hunk-fg); font: 12px/1.4 system-ui, sans-serif; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 720px) {
  main { padding: 1rem .6rem 2rem; }
  h1 { font-size: 1.3rem; }
  .page { padding: .7rem .5rem; }
  table.diff { font-size: 11.5px; }
  .diff col.num { width: 2.4em; }
  .diff td { padding: .05rem .3rem; }
  .diff td.n { padding: .05rem .2rem; font-size: 10.5px; }
  .diff td.c { padding-left: 1rem; }
  .diff td.c.del::before, .diff td.c.add::before { left: .2rem; }
  .pages th, .pages td { padding: .4rem .35rem; }
  .pages td:nth-child(2) { width: auto; }
}
@media print { .back { display: none; } .page { break-inside: avoid-page; } }
"""

#: Words, runs of spaces and single marks: the units a changed line is compared in.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _inline(old: str, new: str) -> tuple[str, str]:
    """A changed pair of lines with the words that differ marked (``<del>``, ``<ins>``)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < 0.4:  # little in common: marking every word helps nobody
        return _h(old), _h(new)
    left: list[str] = []
    right: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        was, now = _h("".join(a[i1:i2])), _h("".join(b[j1:j2]))
        if tag == "equal":
            left.append(was)
            right.append(now)
            continue
        if was:
            left.append(f"<del>{was}</del>")
        if now:
            right.append(f"<ins>{now}</ins>")
    return "".join(left), "".join(right)


def _cells(kind: str, number: int | None, code: str, side: int) -> str:
    """The number and text cells of one side of a row (``kind``: ctx, del, add, gap)."""
    two = " side2" if side == 2 else ""
    if number is None:
        return f'<td class="n gap{two}"></td><td class="c gap"></td>'
    return f'<td class="n {kind}{two}">{number}</td><td class="c {kind}">{code}</td>'


def _diff_rows(old: list[str], new: list[str], context: int) -> list[str]:
    """Side-by-side rows, hunk by hunk (the hunks of ``unified_diff``)."""
    rows: list[str] = []
    for group in difflib.SequenceMatcher(None, old, new).get_grouped_opcodes(context):
        i1, j1 = group[0][1], group[0][3]
        was = f"line {i1 + 1}" if old else "no page yet"
        rows.append(
            f'<tr class="hunk"><td colspan="2">{was}</td>'
            f'<td colspan="2" class="side2">line {j1 + 1}</td></tr>'
        )
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                for offset in range(a2 - a1):
                    code = _h(old[a1 + offset])
                    rows.append(
                        "<tr>"
                        + _cells("ctx", a1 + offset + 1, code, 1)
                        + _cells("ctx", b1 + offset + 1, code, 2)
                        + "</tr>"
                    )
                continue
            for i, j in _pairs(old, new, a1, a2, b1, b2):
                left = old[i] if i is not None else None
                right = new[j] if j is not None else None
                if left is not None and right is not None:
                    left_code, right_code = _inline(left, right)
                else:
                    left_code, right_code = _h(left or ""), _h(right or "")
                rows.append(
                    "<tr>"
                    + _cells("del", None if i is None else i + 1, left_code, 1)
                    + _cells("add", None if j is None else j + 1, right_code, 2)
                    + "</tr>"
                )
    return rows


#: Lines at least this similar are shown side by side as one changed line (difflib's
#: ``Differ`` uses the same cutoff).
_SIMILAR = 0.75
#: Above this many line pairs in one changed block, lines are paired in order.
_MAX_PAIRINGS = 10_000

_Pair = tuple[int | None, int | None]


def _pairs(old: list[str], new: list[str], a1: int, a2: int, b1: int, b2: int) -> list[_Pair]:
    """The rows of a changed block: which old line stands beside which new line.

    The most similar pair is put on one row and the lines before and after it are
    paired the same way, so a removed row and a reworded row are not shown as one
    changed line; lines with no similar partner are paired in order, as they come.
    """
    best, at = _SIMILAR, None
    if (a2 - a1) * (b2 - b1) <= _MAX_PAIRINGS:
        for i in range(a1, a2):
            for j in range(b1, b2):
                matcher = difflib.SequenceMatcher(None, old[i], new[j], autojunk=False)
                if (
                    matcher.real_quick_ratio() > best
                    and matcher.quick_ratio() > best
                    and matcher.ratio() > best
                ):
                    best, at = matcher.ratio(), (i, j)
    if at is None:
        size = max(a2 - a1, b2 - b1)
        return [
            (a1 + k if a1 + k < a2 else None, b1 + k if b1 + k < b2 else None) for k in range(size)
        ]
    i, j = at
    before = _pairs(old, new, a1, i, b1, j) if (i > a1 or j > b1) else []
    after = _pairs(old, new, i + 1, a2, j + 1, b2) if (i + 1 < a2 or j + 1 < b2) else []
    return [*before, (i, j), *after]


def _diff_table(change: PageChange, context: int = 2) -> str:
    old = (change.old_text or "").splitlines()
    new = (change.new_text or "").splitlines() if change.new_text is not None else old
    before = "Now" if change.old_text is not None else "Now: the page does not exist"
    rows = _diff_rows(old, new, context)
    if not rows:
        rows = ['<tr class="hunk"><td colspan="4">No change in the text.</td></tr>']
    return "\n".join(
        [
            '<table class="diff">',
            '<colgroup><col class="num"><col><col class="num"><col></colgroup>',
            f'<thead><tr><th colspan="2">{before}</th>'
            '<th colspan="2" class="side2">After this run</th></tr></thead>',
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
        ]
    )


def _title(title: str) -> str:
    """An escaped page title that may break after its slashes in a narrow window."""
    return "/<wbr>".join(_h(part) for part in title.split("/"))


def _badge(action: str) -> str:
    return f'<span class="badge {action}">{action}</span>'


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
    source, revision = _h(plan.source_title), _h(_revision(plan))
    counts = "".join(
        f'<li class="{action}{"" if plan.count(action) else " zero"}">'
        f"<b>{plan.count(action)}</b> {action}</li>"
        for action in ACTIONS
    )
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        f"<title>recsync plan: {source} ({revision})</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f'<h1>recsync plan for <span class="wiki">{source}</span></h1>',
        f'<p class="meta">Source {revision} · job <b>{_h(plan.job.name)}</b> · '
        f"{plan.items} items on the source page · {len(plan.writes)} pages to write</p>",
        f'<ul class="counts" aria-label="Pages by action">{counts}</ul>',
        "</header>",
        '<section id="pages">',
        "<h2>Pages</h2>",
    ]
    listed = _listed(plan)
    if listed:
        out += [
            '<table class="pages">',
            "<thead><tr><th>Page</th><th>Action</th><th>Edit summary or reason</th></tr></thead>",
            "<tbody>",
        ]
        for change in listed:
            title = _title(change.title)
            if change.writes:
                title = f'<a href="#{ids[id(change)]}">{title}</a>'
            out.append(
                f'<tr class="{change.action}"><td class="title">{title}</td>'
                f"<td>{_badge(change.action)}</td>"
                f'<td><span class="wiki">{_h(_why(change))}</span></td></tr>'
            )
        out += ["</tbody>", "</table>"]
    else:
        out.append("<p>Every page is in step with the source: nothing to do.</p>")
    unchanged = [change for change in plan.changes if change.action == UNCHANGED]
    if unchanged:
        items = "".join(f'<li class="wiki">{_h(change.title)}</li>' for change in unchanged)
        out.append(
            f"<details><summary>{len(unchanged)} unchanged "
            f"page{'s' if len(unchanged) != 1 else ''}</summary><ul>{items}</ul></details>"
        )
    out.append("</section>")
    if plan.writes:
        out += ['<section id="diffs">', "<h2>Diffs</h2>"]
        for change in plan.writes:
            out += [
                f'<section class="page" id="{ids[id(change)]}">',
                f"<h3>{_badge(change.action)} "
                f'<span class="wiki">{_title(change.title)}</span></h3>',
            ]
            if change.summary:
                out.append(
                    f'<p class="summary">Edit summary: '
                    f'<span class="wiki">{_h(change.summary)}</span></p>'
                )
            out += [_diff_table(change), '<p class="back"><a href="#pages">↑ Pages</a></p>']
            out.append("</section>")
        out.append("</section>")
    out += [
        "<footer>Made by recsync from the plan of one run; nothing on this page has been "
        "saved to the wiki.</footer>",
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


# --- by file name -----------------------------------------------------------------------


def render_report(plan: Plan, path_suffix: str) -> str:
    """The report for a file name's suffix: .md, .html, .json, .wiki or .txt (wikitext).

    The suffix is compared without regard to case (``Path(name).suffix`` fits).
    """
    kind = _SUFFIXES.get(path_suffix.lower())
    if kind == "markdown":
        return report_markdown(plan)
    if kind == "html":
        return report_html(plan)
    if kind == "json":
        return report_json(plan)
    if kind == "wiki":
        return report_wikitext(plan)
    supported = ", ".join(_SUFFIXES)
    raise ValueError(f"no report format for {path_suffix!r}: use one of {supported}")
