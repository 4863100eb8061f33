"""The state one plan is made in, and the plain page changes its steps make.  Pure.

``bot.plan`` runs the steps; each step reads and extends a ``PlanRun``: the job, the
pages that exist, the index's memory, the changes and rows so far.  An item becomes
its page's parameters (``fields``) and its index row (``row``) here, so every step
makes them alike.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from mwparserfromhell.nodes import Node

from .config import JobConfig
from .existing import Existing, Subpage
from .footnotes import count_written
from .index import IndexRow
from .inline import safe_inline
from .model import Action, Item, Kind, PageChange, PageFate, PageState
from .namespaces import ENGLISH, Namespaces
from .seen import item_key
from .summaries import source_link, summary
from .translations import translation_fields
from .wording import ENGLISH as ENGLISH_WORDS
from .wording import Messages


class PlanError(ValueError):
    """The run cannot be planned at all (nothing is changed)."""


@dataclass(frozen=True)
class PlanContext:
    """What the plan needs beyond the pages: the logs of missing pages, the run."""

    fates: Mapping[str, PageFate] = field(default_factory=dict)
    recreate: Collection[str] = ()  # deleted pages the operator wants back
    today: str = ""  # YYYY-MM-DD: the date of pages created by this run
    bot_user: str = ""
    namespaces: Namespaces = ENGLISH  # the wiki's names for its namespaces
    rendering: str = ""  # a fingerprint of the code that renders an item (bot.seen)
    words: Messages = ENGLISH_WORDS  # the edit summaries' words, in the wiki's language


@dataclass
class PlanRun:
    """The state the steps share while one plan is made."""

    job: JobConfig
    template: str
    source: PageState
    skeleton: str
    context: PlanContext
    existing: Existing
    memory: dict[str, IndexRow]
    changes: list[PageChange] = field(default_factory=list)
    rows: list[IndexRow] = field(default_factory=list)
    used_ids: set[str] = field(default_factory=set)
    next_number: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    segments: dict[str, str] = field(default_factory=dict)  # group -> title segment
    first_titles: dict[str, str] = field(default_factory=dict)  # group -> its first new page

    @cached_property
    def inputs(self) -> list[str]:
        """What every item's parameters are made from, beside the item: the code that
        renders them and the wiki's namespaces (bot.seen)."""
        return [self.context.rendering, item_key([repr(self.context.namespaces)])]

    @property
    def link(self) -> str:
        return source_link(self.source.revid, self.source.title, self.context.words)

    def summary(self, what: str) -> str:
        """The edit summary: the job's prefix, what happened, the source revision."""
        return summary(self.job.summary_prefix, what, self.link, self.context.words)

    def fields(
        self, item: Item, page_id: str, number: int | str, listed: str = ""
    ) -> dict[str, str]:
        """The bot's parameters; ``listed``: the languages the page's call names."""
        text = self.inline(item.wikitext, item.refs, nodes=item.nodes)
        footnotes = count_written(text)
        fields = {
            "id": page_id,
            "group": item.group,
            "number": str(number),
            "text": text,
            "footnotes": str(footnotes) if footnotes else "",
            "source": self.source.title,
            "source_revision": str(self.source.revid or ""),
            "in_source": "yes",
        }
        if item.anchor:
            fields["anchor"] = item.anchor
        fields.update(translation_fields(item.translations, listed, self.inline))
        return fields

    def inline(
        self, wikitext: str, refs: tuple[str, ...], *, nodes: tuple[Node, ...] | None = None
    ) -> str:
        """Source markup as safe wikitext for the call (the item's text, a translation's)."""
        return safe_inline(wikitext, refs, self.context.namespaces, nodes)

    def key(self, item: Item, page_id: str, number: int | str) -> str:
        """What ``fields`` are made from, as a digest (bot.seen): the item, its
        translations, the wiki's namespaces and the code that renders them."""
        parts = [*self.inputs, page_id, item.group, str(number), item.wikitext]
        parts += [*item.refs, "|", item.anchor or "", self.source.title]
        return item_key([*parts, repr(item.translations)])

    def row(self, sub: Subpage, **override: object) -> IndexRow:
        """The index row of an existing page; since/by change when its status did."""
        status = sub.call.get("status")
        before = self.memory.get(sub.id)
        since, by = (before.since, before.by) if before is not None else ("", "")
        if before is None or before.status != status or not since:
            since, by = sub.state.date, sub.state.user
        values: dict[str, object] = {
            "id": sub.id,
            "group": sub.call.get("group"),
            "text": sub.call.get("text"),
            "title": sub.state.title,
            "status": status,
            "since": since,
            "by": by,
            "number": sub.call.get("number"),
        }
        values.update(override)
        return IndexRow(**values)  # type: ignore[arg-type]


# --- the page changes that need no run ------------------------------------------------


def unchanged(title: str, text: str, page_id: str) -> PageChange:
    return PageChange(title, Action.UNCHANGED, text, text, item_id=page_id, kind=Kind.SUBPAGE)


def broken(sub: Subpage) -> PageChange:
    text = sub.state.text
    return PageChange(
        sub.state.title, Action.ERROR, text, None, item_id=sub.id, reason=sub.broken,
        kind=Kind.SUBPAGE,
    )  # fmt: skip


def skipped(title: str, text: str, page_id: str) -> PageChange:
    reason = "the page keeps bots out ({{nobots}} or {{bots|deny=...}})"
    return PageChange(
        title, Action.SKIPPED, text, text, item_id=page_id, reason=reason, kind=Kind.SUBPAGE
    )
