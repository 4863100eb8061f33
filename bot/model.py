"""The plain data every stage shares: items from the source, pages, changes, plans, runs."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mwparserfromhell.nodes import Node

    from .config import JobConfig


#: An entry's markup as the source's parse read it (bold and italic left as text): it
#: spares bot.inline a second parse of every item.  Not part of what the item says: it
#: takes no part in comparing, showing or remembering items.
def _nodes() -> Any:
    return field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Translation:
    """An item's text in another language, from the translation of the source (Translate)."""

    language: str  # the wiki's language code: de, fr, zh-hans, ...
    wikitext: str  # the translated entry's own markup, as ``Item.wikitext``
    refs: tuple[str, ...] = ()  # plain text of its footnotes
    outdated: bool = False  # Translate marks a unit of it as outdated (!!FUZZY!!)
    nodes: tuple[Node, ...] | None = _nodes()


@dataclass(frozen=True)
class Item:
    """One recommendation: a top-level list entry under a group heading."""

    group: str
    number: int  # 1-based position in its group, in page order
    text: str  # plain text, as a reader sees it
    wikitext: str  # the entry's own markup, without translate markers
    details: tuple[str, ...] = ()  # plain text of deeper entries (**, ##, *:)
    refs: tuple[str, ...] = ()  # plain text of its footnotes
    links: tuple[str, ...] = ()  # link targets, in order
    anchor: str | None = None  # explicit identifier: {{anchor|X}} or <span id="X">
    line: int = 0  # 1-based line of the entry in the source
    units: tuple[str, ...] = ()  # the Translate units (<!--T:n-->) its line belongs to
    translations: tuple[Translation, ...] = ()  # its text in other languages, by language
    nodes: tuple[Node, ...] | None = _nodes()

    def to_json(self) -> dict[str, Any]:
        """What ``recsync parse --json`` shows: the item as readers of the source see it."""
        hidden = ("units", "translations", "nodes")
        data = {n: getattr(self, n) for n in self.__dataclass_fields__ if n not in hidden}
        for key in ("details", "refs", "links"):
            data[key] = list(data[key])
        return data


@dataclass(frozen=True)
class Caption:
    """A line ending with ':' that comes after a group's introduction: not an item."""

    text: str
    line: int
    after: int  # how many of the group's items come before it

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Group:
    name: str
    intro: str | None  # an entry ending with ':' that introduces the list
    count: int
    line: int  # line of the heading (0 for the default group)
    captions: tuple[Caption, ...] = ()  # later captions, in page order

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "intro": self.intro,
            "count": self.count,
            "captions": [caption.to_json() for caption in self.captions],
        }


@dataclass(frozen=True)
class ParseWarning:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class ParseResult:
    source: str  # the page title or file the text came from
    items: tuple[Item, ...]
    groups: tuple[Group, ...]
    warnings: tuple[ParseWarning, ...]
    redirect: str | None = None  # the target, when the page is a redirect (and has no items)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "redirect": self.redirect,
            "items": [item.to_json() for item in self.items],
            "groups": [group.to_json() for group in self.groups],
            "warnings": [{"line": w.line, "message": w.message} for w in self.warnings],
        }


# --- the wiki side: pages, changes, plans, runs -----------------------------------------


class Action(StrEnum):
    """What the plan does to one page."""

    CREATE = "create"
    UPDATE = "update"
    RETIRE = "retire"  # the item left the source: in_source = no
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"  # left alone and reported (bots kept out, moved away, ...)
    ERROR = "error"  # cannot be planned safely (two calls, a copied id, ...)
    DELETED = "deleted"  # an admin deleted the page: not recreated

    @property
    def writes(self) -> bool:
        return self in _WRITES


_WRITES = frozenset({Action.CREATE, Action.UPDATE, Action.RETIRE})


class Outcome(StrEnum):
    """What happened when one change was saved."""

    SAVED = "saved"
    NOOP = "noop"  # the wiki already says what the bot would write
    CONFLICT = "conflict"  # someone else changed the page; the bot's text was not saved
    SKIPPED = "skipped"  # protected, or edited meanwhile to keep bots out
    FAILED = "error"


class RunResult(StrEnum):
    """How a run ended, and the exit code that tells a scheduler whom to alert.

    "Failed" means something could not be done and someone should be told now (the
    deploy recipes mail on it); "needs attention" means the run did its work but a
    person should look when they next can (the status page and the log say what).
    """

    OK = "ok"  # every page in step
    FAILED = "failed"  # errors, conflicts, a run that could not be planned
    UNUSABLE = "unusable"  # the job cannot run as configured (a source on another wiki)
    REFUSED = "refused"  # the kill switch, a guard rail: stopped on purpose
    ATTENTION = "needs attention"  # skipped, declined, deleted, unknown statuses, ...

    @property
    def exit_code(self) -> int:
        return _EXIT_CODES[self]


_EXIT_CODES = {
    RunResult.OK: 0,
    RunResult.FAILED: 1,
    RunResult.UNUSABLE: 2,
    RunResult.REFUSED: 3,
    RunResult.ATTENTION: 4,
}


class Kind(StrEnum):
    """Whose page it is, and so how a change is redone after an edit conflict."""

    SUBPAGE = "subpage"  # re-apply the bot's own parameters onto the editor's text
    INDEX = "index"  # re-render the bot's marked section
    WHOLE = "whole"  # the bot writes the whole text: another's change is a conflict


@dataclass(frozen=True)
class PageState:
    """A page as the wiki holds it now."""

    title: str
    text: str | None  # None: the page does not exist
    revid: int | None = None
    bots_allowed: bool = True  # False: {{nobots}} or {{bots|deny=...}} keeps the bot out
    redirect: str | None = None  # the target, when the page is a redirect
    redirect_offsite: bool = False  # the redirect leads to another wiki
    user: str = ""  # who saved the latest revision (an IP for an anonymous edit)
    date: str = ""  # when, as YYYY-MM-DD

    @property
    def exists(self) -> bool:
        return self.text is not None


@dataclass(frozen=True)
class PageFate:
    """Why a page the bot knows is missing: the latest delete or move in its log."""

    title: str
    event: str  # "delete" or "move"
    user: str
    date: str  # YYYY-MM-DD
    reason: str = ""
    target: str = ""  # where a move took it

    def describe(self) -> str:
        """``deleted by Admin on 2026-12-02: out of scope``."""
        what = "deleted" if self.event == "delete" else f"moved to [[{self.target}]]"
        said = f": {self.reason}" if self.reason else ""
        return f"{what} by {self.user or 'an unknown user'} on {self.date}{said}"


@dataclass(frozen=True)
class PageChange:
    """What one page should become, and why."""

    title: str
    action: Action
    old_text: str | None
    new_text: str | None
    summary: str = ""
    item_id: str | None = None
    reason: str = ""  # for skipped, error and deleted
    kind: Kind = Kind.WHOLE
    fields: dict[str, str] = field(default_factory=dict)  # subpage: what the bot writes
    section: str = ""  # index: the bot's section

    @property
    def writes(self) -> bool:
        return self.action.writes


@dataclass(frozen=True)
class Plan:
    job: JobConfig
    source_title: str
    source_revision: int | None
    changes: tuple[PageChange, ...]
    items: int
    in_source_before: int = 0  # subpages that were on the source page at the last sync
    warnings: tuple[str, ...] = ()  # for people: unknown statuses, ...
    # What the parser said of the source, for the guard rails and every report.
    source_warnings: tuple[ParseWarning, ...] = ()
    groups: int = 0  # groups holding the items
    source_lines: int = 0  # non-blank lines of the source page

    def count(self, action: Action) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def writes(self) -> list[PageChange]:
        return [change for change in self.changes if change.writes]


#: A run's counts, in the order every report shows them: (attribute, label).
COUNTS = (
    ("created", "Created"),
    ("updated", "Updated"),
    ("retired", "Retired"),
    ("unchanged", "Unchanged"),
    ("skipped", "Skipped"),
    ("deleted", "Deleted"),
    ("conflicts", "Conflicts"),
    ("errors", "Errors"),
    ("declined", "Declined"),  # at the prompt (no, quit): shown when not 0
    ("deferred", "Left for the next run"),  # by the edit limit: shown when not 0
)
#: Counts a summary line shows only when they are not 0 (interactive runs, edit limits).
_WHEN_NOT_ZERO = frozenset({"declined", "deferred"})
#: How a run that made no edit says what it would have done.
WOULD = {"created": "would create", "updated": "would update", "retired": "would retire"}
#: The word a write is reported with once saved (and the count it adds to).
DONE = {Action.CREATE: "created", Action.UPDATE: "updated", Action.RETIRE: "retired"}
_PLANNED = {
    Action.UNCHANGED: "unchanged",
    Action.SKIPPED: "skipped",
    Action.ERROR: "errors",
    Action.DELETED: "deleted",
}
_FAILED = {Outcome.CONFLICT: "conflicts", Outcome.FAILED: "errors", Outcome.SKIPPED: "skipped"}


@dataclass
class RunSummary:
    """What one run did (or, for a dry run, would do)."""

    job: str
    created: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0
    skipped: int = 0
    deleted: int = 0  # pages an admin deleted, not recreated
    conflicts: int = 0
    errors: int = 0
    requests: int = 0
    reads: int = 0
    writes: int = 0
    declined: int = 0  # pages the operator answered "no" or "quit" to
    deferred: int = 0  # pages left for the next run by the edit limit
    source_revision: int | None = None
    #: Why the counts are of edits planned, not made: "dry run", "simulate" (pywikibot's
    #: -simulate), "preview" (--preview-page), "refused" (a guard rail or the run page
    #: stopped the run before its first edit); "" for a run that edited.
    dry_run: str = ""
    warnings: list[ParseWarning] = field(default_factory=list)  # the parser's, of the source
    status_page: str = ""  # the status page's title when it says how this run ended
    problems: list[str] = field(default_factory=list)  # what failed, page by page
    attention: list[str] = field(default_factory=list)  # for people: deleted, unknown statuses
    refused: str = ""  # why a guard rail or the kill switch stopped the run
    failure: str = ""  # why the run could not even be planned
    unusable: str = ""  # why the job cannot run as configured (a source on another wiki)

    def record(self, action: Action, outcome: Outcome | None = None) -> None:
        """Count one page: a planned action, or a write and how its save went.

        The one place where actions and outcomes become counts.
        """
        if outcome is None or outcome in (Outcome.SAVED, Outcome.NOOP):
            key = DONE.get(action) or _PLANNED[action]
        else:
            key = _FAILED[outcome]
        setattr(self, key, getattr(self, key) + 1)

    def add(self, other: RunSummary) -> None:
        """Count another job's run in: counts of edits made are not mixed with planned ones
        (a job that edited nothing adds its counts only to a total that edited nothing)."""
        if bool(other.dry_run) == bool(self.dry_run):
            for key, _ in COUNTS:
                setattr(self, key, getattr(self, key) + getattr(other, key))
        self.attention += other.attention
        self.warnings += other.warnings

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)

    # --- how the run ended: the one rule behind the exit code and the status page ---

    @property
    def needs_attention(self) -> bool:
        """Done, but a person should look: pages skipped, declined, deleted, left for the
        next run, or statuses the template does not know."""
        return bool(
            self.skipped or self.declined or self.deferred or self.deleted or self.attention
        )

    def result(self, preview: bool = False) -> RunResult:
        """A preview (dry run, preview page) only fails or is refused: it edits nothing."""
        if self.unusable:
            return RunResult.UNUSABLE
        if self.failure or (not preview and (self.errors or self.conflicts)):
            return RunResult.FAILED
        # The edit limit explains itself in `refused` (apply_plan), but it is no refusal.
        if self.refused and not self.deferred:
            return RunResult.REFUSED
        if not preview and self.needs_attention:
            return RunResult.ATTENTION
        return RunResult.OK

    def to_json(self) -> dict[str, Any]:
        """The counts (of edits planned when ``dry_run`` is true), what to look at, why."""
        data: dict[str, Any] = {
            "dry_run": bool(self.dry_run),
            "mode": self.dry_run or "run",
        }
        data.update({key: getattr(self, key) for key, _ in COUNTS})
        data["requests"] = self.requests
        data["attention"] = list(self.attention)
        data["warnings"] = [{"line": w.line, "message": w.message} for w in self.warnings]
        data["problems"] = list(self.problems)
        data["refused"] = self.refused
        data["failure"] = self.failure or self.unusable
        return data

    def line(self) -> str:
        """``default: 6 created, ...; 7 requests (...)``; a run that edited nothing says
        what it would do: ``default (dry run): would create 6, ...``."""
        counts = ", ".join(
            f"{WOULD[key]} {value}" if self.dry_run and key in WOULD else f"{value} {key}"
            for key, _ in COUNTS
            if (value := getattr(self, key)) or key not in _WHEN_NOT_ZERO
        )
        mode = f" ({self.dry_run})" if self.dry_run else ""
        return (
            f"{self.job}{mode}: {counts}; {plural(self.requests, 'request')} "
            f"({plural(self.reads, 'read')}, {plural(self.writes, 'write')})"
        )


def plural(count: int, word: str) -> str:
    """``1 request``, ``2 requests``, ``0 requests`` (the words this bot counts)."""
    if count == 1:
        return f"1 {word}"
    many = word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"
    return f"{count} {many}"


@dataclass(frozen=True)
class RecentChange:
    """One entry of the wiki's recent changes (``list=recentchanges``), as the watcher
    looks at it."""

    rcid: int
    timestamp: str  # as the wiki gives it: 2026-12-01T10:00:00Z
    title: str
    user: str
    kind: str  # edit, new or log
    log: str = ""  # a log entry's type and action: move/move, delete/delete, ...
    target: str = ""  # where a move took the page
