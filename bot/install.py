"""install-templates: the wiki pages the subpages rely on, installed like a sync.

The status template, its badge, its colours and its words in each language (``/i18n``,
rendered from templates/i18n.json) are the bot's: it updates them, but
only over its own last revision; a change someone else made is shown and left alone
unless the operator passes --force.  The documentation page and the categories are
created once, when missing, and belong to editors afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import __version__
from .dashboard import KNOWN_STATUSES
from .messages import render_template
from .model import Action, Kind, PageChange, PageState
from .report import change_line, unified_diff
from .resources import template_text
from .wording import ENGLISH, Messages

#: Pages below the status template, and the file each one comes from.
_OWNED = {"": "status.wiki", "/badge": "badge.wiki", "/colour": "colour.wiki"}
_ONCE = {"/doc": "doc.wiki"}
CATEGORY = "Category:Recommendations"


@dataclass(frozen=True)
class Wanted:
    """A page the template needs, and whether the bot keeps it or only creates it."""

    title: str
    text: str
    owned: bool


def wanted_pages(template: str, content_language: str = "en") -> list[Wanted]:
    """Every page one status template needs, its name filled in.

    ``content_language`` is the wiki's: the words' page shows it to the readers of a
    wiki without MediaWiki:Lang.
    """
    name = template.partition(":")[2] if template.lower().startswith("template:") else template

    def fill(text: str, what: str = "") -> str:
        return text.replace("@TEMPLATE@", template).replace("@NAME@", name).replace("@WHAT@", what)

    # The words first: a box saved before them would show a red link until purged.
    pages = [Wanted(f"{template}/i18n", render_template(template, None, content_language), True)]
    pages += [Wanted(template + sub, fill(template_text(f)), True) for sub, f in _OWNED.items()]
    pages += [Wanted(template + sub, fill(template_text(f)), False) for sub, f in _ONCE.items()]
    category = template_text("category.wiki")
    pages.append(Wanted(CATEGORY, fill(category, "All of them, whatever their status."), False))
    for status in (*KNOWN_STATUSES, "unknown status", "retired"):
        what = {
            "unknown status": "Those whose status is empty or a value the template does not know.",
            "retired": "Those no longer on their source page (in_source = no).",
        }.get(status, f"Those whose status is ''{status}''.")
        pages.append(Wanted(f"{CATEGORY} – {status}", fill(category, what), False))
    return pages


def plan_install(
    wanted: Sequence[Wanted],
    pages: Mapping[str, PageState],
    bot_user: str,
    prefix: str,
    force: bool = False,
    edited_by_others: Mapping[str, str] | None = None,
    words: Messages = ENGLISH,
) -> list[PageChange]:
    """What each page becomes.  Pure.

    ``edited_by_others`` maps a title to what someone else changed since the bot's
    last revision (a diff), for pages whose latest revision is not the bot's; ``words``:
    the edit summaries' words, in the wiki's language.
    """
    changes = []
    for page in wanted:
        state = pages.get(page.title) or PageState(page.title, None)
        old = state.text
        if old is None:
            what = words("recsync-install", title=page.title, version=__version__)
            summary = f"{prefix}: {what}"
            changes.append(PageChange(page.title, Action.CREATE, None, page.text, summary))
        elif not page.owned or old.rstrip() == page.text.rstrip():
            changes.append(PageChange(page.title, Action.UNCHANGED, old, old))
        elif state.user and state.user != bot_user and not force:
            changed = (edited_by_others or {}).get(page.title, "")
            reason = (
                f"last edited by {state.user} on {state.date}, not by the bot: not "
                "overwritten without --force" + (f"; they changed:\n{changed}" if changed else "")
            )
            changes.append(PageChange(page.title, Action.SKIPPED, old, old, reason=reason))
        else:
            what = words("recsync-install-update", title=page.title, version=__version__)
            summary = f"{prefix}: {what}"
            changes.append(
                PageChange(page.title, Action.UPDATE, old, page.text, summary, kind=Kind.WHOLE)
            )
    return changes


def install_text(changes: Sequence[PageChange]) -> str:
    """A dry run: each change's line, and the diff of those that write."""
    out = []
    for change in changes:
        out.append(change_line(change, would=True))
        if change.writes:
            out.append(unified_diff(change))
    return "\n".join(out)
