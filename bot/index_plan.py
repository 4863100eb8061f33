"""The plan's last step: what the index page becomes.  Pure.

The index is written last, from the rows the other steps made.  A source edit that
changes nothing in the tables does not touch it: the section is first rendered with the
source revision it already names, and only a real change names the new one.  Nor
does the memory of a few pages alone (``bot.seen``), someone else's edits since or the
bot's own: those pages are read on each run until the index is next saved for a change
a reader sees (or for the memory of many pages).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .index import BEGIN, IndexPageError, IndexRow, merge_section, read_rows, render_section
from .index import shown_revision as _shown_revision
from .model import Action, Kind, PageChange, PageState
from .namespaces import Namespaces
from .seen import old_memory, worth_saving
from .summaries import SUMMARY_LIMIT, index_summary, summary
from .translations import LanguageCount, translation_lines
from .wording import ENGLISH, Messages


@dataclass(frozen=True)
class IndexSection:
    """What the bot's section of the index is made of, to render for a source revision."""

    rows: tuple[IndexRow, ...]
    source: str
    template: str
    namespaces: Namespaces
    segments: Mapping[str, str]
    translations: Sequence[LanguageCount] = ()

    def render(self, revision: int | None, rows: Sequence[IndexRow] | None = None) -> str:
        """The section naming ``revision``, of ``rows`` (default: the run's)."""
        return render_section(
            self.rows if rows is None else rows, self.source, revision, self.template,
            self.namespaces, self.segments, translations=self.translations,
        )  # fmt: skip


def index_change(
    title: str,
    state: PageState | None,
    section: IndexSection,
    revision: int | None,
    items: int,
    summary_prefix: str,
    link: str,
    words: Messages = ENGLISH,
    memory: Mapping[str, IndexRow] = MappingProxyType({}),
    written: Collection[str] = (),
) -> PageChange:
    """Create, update or leave the index page; an error when its markers are broken.

    ``memory``: the rows the index holds now, by id; ``written``: the pages the run saves.
    """
    old = state.text if state is not None else None
    shown = _shown_revision(old or "")
    rows = section.rows
    # The memory alone is no reason to edit, not even that of the pages this run writes:
    # a translation or a footnote of one item changes that subpage and nothing else.
    tries = [rows] if worth_saving(rows, memory, written) else [rows, old_memory(rows, memory)]
    for tried in tries if shown is not None and old is not None else []:
        same = section.render(shown, tried)
        try:
            if merge_section(old or "", same, f"[[{title}]]") == old:
                return PageChange(title, Action.UNCHANGED, old, old, kind=Kind.INDEX, section=same)
        except IndexPageError:
            break  # reported below
    text = section.render(revision)
    try:
        new = merge_section(old or "", text, f"[[{title}]]")
    except IndexPageError as error:
        return PageChange(
            title, Action.ERROR, old, None, reason=str(error), kind=Kind.INDEX, section=text
        )
    if old is not None and new == old:
        return PageChange(title, Action.UNCHANGED, old, old, kind=Kind.INDEX, section=text)
    if old is not None and state is not None and not state.bots_allowed:
        return PageChange(
            title, Action.SKIPPED, old, old, reason="the page keeps bots out", kind=Kind.INDEX
        )
    unnamed = ""  # what to say when no item's status or text changed
    if old is not None and BEGIN in old and "data-id=" not in old:
        unnamed = words("recsync-index-new-layout")
    elif old is not None and translation_lines(old) != translation_lines(new):
        unnamed = words("recsync-index-translations-counted")
    elif old is not None and shown is not None:
        before = section.render(shown, old_memory(rows, memory))
        if merge_section(old, before, f"[[{title}]]") == old:
            unnamed = words("recsync-index-memory")
    # MediaWiki keeps 500 characters: the list is cut to what the prefix and link leave.
    room = SUMMARY_LIMIT - len(summary(summary_prefix, "", link, words))
    what = index_summary(
        read_rows(old or ""), section.rows, old is None, items, room, words, unnamed
    )
    action = Action.CREATE if old is None else Action.UPDATE
    said = summary(summary_prefix, what, link, words)
    return PageChange(title, action, old, new, said, kind=Kind.INDEX, section=text)
