"""A plan as wikitext, for a preview page on the wiki.  Pure."""

from __future__ import annotations

import re

from ..model import Action, PageChange, Plan
from ..wikitext import escape
from .common import listed, why, written_diff

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
    pages = listed(plan)
    out = [
        "__NOINDEX__",
        f"== recsync preview: {source} ({revision}) ==",
        f"The edits {who} would make for the job ''{escape(plan.job.name)}''; "
        f"nothing on this page has been saved. {plan.items} items on the source page, "
        f"{len(plan.writes)} pages to write, {plan.count(Action.UNCHANGED)} unchanged.",
        "",
        '{| class="wikitable"',
        "! Action !! Pages",
    ]
    for action in tuple(Action):
        out += ["|-", f'| {action} || style="text-align:right" | {plan.count(action)}']
    out += ["|}", ""]
    if plan.warnings:
        out += ["'''Needs attention:'''", *(f"* {escape(w)}" for w in plan.warnings), ""]
    if plan.source_warnings:
        out += [f"'''Source warnings''' (the parser's, about {source}):"]
        out += [f"* line {w.line}: {escape(w.message)}" for w in plan.source_warnings]
        out.append("")
    if pages:
        out += [
            '{| class="wikitable sortable"',
            "! Page !! Action !! Edit summary or reason !! Diff",
        ]
        for change in pages:
            diff = _section_link(change) if change.writes else ""
            reason = escape(why(change))
            out += [
                "|-",
                f"| {_wikilink(change.title)} || {change.action} || {reason} || {diff}".rstrip(),
            ]
        out += ["|}"]
    else:
        out.append("Every page is in step with the source: nothing to do.")
    for change in plan.writes:
        out += ["", f"=== {_wikilink(change.title)} ({change.action}) ==="]
        if change.summary:
            out.append(f"Edit summary: {escape(change.summary)}")
        out.append(_highlight(written_diff(change)))
    return "\n".join(out) + "\n"
