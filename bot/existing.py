"""The pages the wiki holds -> which item's page is where, and which are gone.  Pure.

A subpage is a page below the prefix with one call of the status template.  Admins
and editors move and delete them, so the index's memory of every item's page is
checked against what the tree read found:

* a redirect at an item's page is followed: the target is the item's page when it
  holds the status call with that id (wherever it is); nothing is written over a
  redirect;
* a remembered page that is missing is looked up in its log: deleted pages stay
  deleted (unless the operator asks to recreate them), moved pages are followed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from .config import JobConfig
from .index import IndexRow
from .model import Action, PageChange, PageFate, PageState
from .seen import memorable, remembered_call, same_content
from .subpage import StatusCall, SubpageError, read_call
from .titles import under

_TRAILING_NUMBER = re.compile(r"/(\d+)$")


@dataclass
class Subpage:
    """An existing subpage with its call read."""

    state: PageState
    call: StatusCall
    id: str
    broken: str = ""  # why the bot cannot edit it (it still names its item)
    moved_from: str = ""  # the title the index knew, when a move took it elsewhere
    #: The index's ``data-seen`` when the call was taken from the index's row, the page
    #: being what the bot last read or wrote there (bot.seen); '' when it was parsed.
    from_memory: str = ""

    @property
    def number(self) -> int | None:
        found = _TRAILING_NUMBER.search("/" + self.id)
        return int(found.group(1)) if found else None


@dataclass(frozen=True)
class Absent:
    """An item's page the index remembers and the wiki no longer has."""

    row: IndexRow
    state: str  # "deleted", "lost" (moved, and the target lacks the call) or "missing"
    note: str = ""  # what an editor reads on the index and in the run's output


@dataclass
class Existing:
    subpages: list[Subpage]
    errors: list[PageChange]  # pages the bot cannot edit safely
    taken_titles: set[str]  # every title that exists or that the index remembers
    absent: list[Absent]


def missing_titles(pages: Sequence[PageState], memory: Sequence[IndexRow]) -> list[str]:
    """Remembered pages that are gone: their logs say whether deleted or moved.

    One request per missing page, none per page.  A page the index notes as deleted is
    asked about too: the index is editable, the deletion log is not.
    """
    present = {page.title for page in pages if page.exists}
    return [row.title for row in memory if row.title not in present]


def remembered_outside(memory: Sequence[IndexRow], prefix: str) -> list[str]:
    """Item pages a move took out of the tree: the tree read misses them, the index
    names them (read in one batch, and only when there are any)."""
    return [row.title for row in memory if not row.deleted and not under(row.title, prefix)]


def followed_targets(
    pages: Sequence[PageState], prefix: str, remembered: Collection[str] = ()
) -> list[str]:
    """Where redirects in the tree (or at remembered pages outside it) point, to be
    read with the next batch."""
    read = {page.title for page in pages}
    targets = [
        p.redirect
        for p in pages
        if p.redirect
        and not p.redirect_offsite
        and (under(p.title, prefix) or p.title in remembered)
    ]
    return [t for t in dict.fromkeys(targets) if t not in read]


def read_existing(
    pages: Sequence[PageState],
    job: JobConfig,
    template: str,
    memory: Sequence[IndexRow] = (),
    fates: Mapping[str, PageFate] | None = None,
    recreate: Collection[str] = (),
    trusted: Mapping[str, IndexRow] | None = None,
) -> Existing:
    """Every subpage (followed through moves), and what happened to the others.

    A page whose text is the one a ``trusted`` row (title -> row) remembers is not
    parsed: its call is taken from the row.
    """
    prefix = job.effective_prefix
    by_title = {page.title: page for page in pages}
    remembered = {row.title: row.id for row in memory}
    found: list[Subpage] = []
    lost: dict[str, str] = {}  # id -> why its page is not where a move took it
    skip = {job.source, job.index_title}
    followed: set[str] = set()  # pages a redirect led to (redirects are few)
    for page in sorted(pages, key=lambda p: p.title):
        if page.title in skip or not under(page.title, prefix) or page.text is None:
            continue
        if page.redirect:
            page_id = remembered.get(page.title) or page.title[len(prefix) + 1 :]
            _follow(page.title, page.redirect, page_id, by_title, template, found, lost)
            followed = {sub.state.title for sub in found if sub.moved_from}
            continue
        if page.title in followed:
            continue  # a redirect led here already
        title_id = page.title[len(prefix) + 1 :]
        subpage = _from_memory(page, (trusted or {}).get(page.title)) or _subpage(
            page, template, title_id if _own_title(job, title_id, page.title) else ""
        )
        if subpage is not None and not _translation(job, page.title, subpage.id):
            found.append(subpage)
    subpages, errors = _one_page_an_id(found, job)
    ids = {sub.id for sub in subpages}
    absent = []
    for row in memory:
        if row.id in ids:
            continue
        fate = (fates or {}).get(row.title)
        target = fate.target if fate is not None and fate.event == "move" else ""
        outside = by_title.get(row.title)
        if not target and outside is not None and outside.exists and not under(row.title, prefix):
            # A move took it out of the tree on an earlier run: the index names it there.
            target = outside.redirect or row.title
        if (
            target
            and row.id not in lost
            and _follow(row.title, target, row.id, by_title, template, subpages, lost)
        ):
            ids.add(row.id)
            continue
        absent.append(_absent(row, fate, lost.get(row.id, ""), row.title in recreate, by_title))
    taken = {page.title for page in pages if page.exists} | {row.title for row in memory}
    return Existing(subpages, errors, taken, absent)


def _absent(
    row: IndexRow,
    fate: PageFate | None,
    lost: str,
    recreate: bool,
    by_title: Mapping[str, PageState],
) -> Absent:
    if lost:
        return Absent(row, "lost", lost)
    state = by_title.get(row.title)
    if state is not None and state.exists:  # there, but not the item's page any more
        return Absent(row, "lost", "the page no longer holds its status template call")
    if recreate:
        return Absent(row, "missing")
    if fate is not None and fate.event == "delete":
        return Absent(row, "deleted", fate.describe())
    return Absent(row, "missing")


def _subpage(page: PageState, template: str, title_id: str = "") -> Subpage | None:
    """The page's status call and the id it names; None if the page is not an item's.

    A call without an ``id`` is taken for the item at ``title_id``, given only for a
    title the bot's own pattern makes: an editor's draft that uses the template is theirs.
    """
    text = page.text or ""
    broken = ""
    try:
        call = read_call(text, template)
    except SubpageError as error:
        # Still read which item it is, or that item would get a second page.
        broken, call = str(error), read_call(text, template, strict=False)
    page_id = call.get("id") if call is not None else ""
    if call is None or not (page_id or title_id):
        return None  # some other page: not ours
    return Subpage(page, call, page_id or title_id, broken)


def _from_memory(page: PageState, row: IndexRow | None) -> Subpage | None:
    if row is None or not same_content(row.seen, page.text):
        return None
    return Subpage(page, remembered_call(row), row.id, from_memory=row.seen)


class StaleMemory(Exception):
    """A remembered page, parsed after all, does not say what its row said."""


#: What the plan reads of a remembered page's call (matching, rows, what to change).
_REMEMBERED = ("id", "group", "number", "status", "anchor")


def read_again(sub: Subpage, template: str) -> Subpage:
    """A remembered page, parsed after all (the run is about to change it).

    Raises StaleMemory when it does not say what the row said: then the row should
    never have stood in for it, and the plan is made again from parsed pages.
    """
    try:
        call = read_call(sub.state.text or "", template)
    except SubpageError as error:
        raise StaleMemory(f"[[{sub.state.title}]]: {error}") from error
    if call is None or call.in_source != sub.call.in_source:
        raise StaleMemory(f"[[{sub.state.title}]] is not what the index remembers")
    if any(call.get(name) != sub.call.get(name) for name in _REMEMBERED):
        raise StaleMemory(f"[[{sub.state.title}]] is not what the index remembers")
    return Subpage(sub.state, call, sub.id, "", sub.moved_from)


def memorable_call(sub: Subpage, fields: Mapping[str, str]) -> bool:
    """Can the index's row stand in for the page's call once ``fields`` are in it?"""
    after = {**sub.call.params, **fields}
    after["text"] = sub.call.get("text") or fields.get("text", "")
    return not sub.broken and memorable(sub.id, after)


_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")


def _translation(job: JobConfig, title: str, page_id: str) -> bool:
    """``…/Advocacy/3/de``: a page in another language, the translators' own, even with
    a copy of the status call and whether or not the page it translates still exists
    (else a deleted page's translation would stand in for it).  A page the bot's own
    title pattern makes for the id is not one; a move to such a title is still followed."""
    last = title.rpartition("/")[2]
    return bool(_LANGUAGE.fullmatch(last)) and not _own_title(job, page_id, title)


def _follow(
    title: str,
    target: str,
    page_id: str,
    by_title: Mapping[str, PageState],
    template: str,
    found: list[Subpage],
    lost: dict[str, str],
) -> bool:
    """Take the page a move led to when it holds this item's call; else note why not."""
    state = by_title.get(target)
    subpage = next((sub for sub in found if sub.state.title == target), None)
    if subpage is not None:  # read in the tree already
        if subpage.id == page_id:
            return True
    elif state is not None and state.exists and not state.redirect:
        subpage = _subpage(state, template)  # a page elsewhere is the item's by its id only
    if subpage is not None and subpage.id == page_id and subpage not in found:
        subpage.moved_from = title
        found.append(subpage)
        return True
    where = (
        "which no longer exists"
        if state is None or not state.exists
        else ("which no longer holds its status template call")
    )
    lost[page_id] = f"moved to [[{target}]], {where}"
    return False


def _one_page_an_id(found: list[Subpage], job: JobConfig) -> tuple[list[Subpage], list[PageChange]]:
    """Two pages with one id (a copied page): the page at the id's own title keeps it,
    whatever the copy's title; else the first title."""
    owner: dict[str, str] = {}
    for sub in sorted(found, key=lambda s: not _own_title(job, s.id, s.state.title)):
        owner.setdefault(sub.id, sub.state.title)
    subpages, errors = [], []
    for sub in found:
        if owner[sub.id] == sub.state.title:
            subpages.append(sub)
            continue
        reason = f"id {sub.id!r} is already used by [[{owner[sub.id]}]]"
        errors.append(
            PageChange(sub.state.title, Action.ERROR, sub.state.text, None, reason=reason)
        )
    return subpages, errors


def _own_title(job: JobConfig, page_id: str, title: str) -> bool:
    """Is ``title`` the title the bot gives the page with this id?"""
    segment, _, number = page_id.rpartition("/")
    return number.isdigit() and job.subpage_title(segment, int(number)) == title
