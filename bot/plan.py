"""Items x the pages that exist -> the page changes of one run.  Pure.

Nothing here talks to the wiki: the I/O shell reads the pages (``PageState``), this
module decides what every page should say, and the shell previews or applies it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.config import JobConfig
from bot.index import IndexPageError, IndexRow, merge_section, render_section, shown_revision
from bot.match import Known, match_items
from bot.model import Item, ParseResult
from bot.subpage import (
    INITIAL_STATUS,
    StatusCall,
    SubpageError,
    differs,
    merge_fields,
    new_subpage,
    read_call,
    template_call_name,
)
from bot.titles import segments_for, under

CREATE = "create"
UPDATE = "update"
RETIRE = "retire"
UNCHANGED = "unchanged"
SKIPPED = "skipped"
ERROR = "error"
ACTIONS = (CREATE, UPDATE, RETIRE, UNCHANGED, SKIPPED, ERROR)
WRITES = frozenset({CREATE, UPDATE, RETIRE})


class PlanError(ValueError):
    """The run cannot be planned at all (nothing is changed)."""


@dataclass(frozen=True)
class PageState:
    """A page as the wiki holds it now."""

    title: str
    text: str | None  # None: the page does not exist
    revid: int | None = None
    bots_allowed: bool = True  # False: {{nobots}} or {{bots|deny=...}} keeps the bot out

    @property
    def exists(self) -> bool:
        return self.text is not None


@dataclass(frozen=True)
class PageChange:
    """What one page should become, and why."""

    title: str
    action: str  # one of ACTIONS
    old_text: str | None
    new_text: str | None
    summary: str = ""
    item_id: str | None = None  # None for the index page
    reason: str = ""  # for skipped and error
    fields: dict[str, str] = field(default_factory=dict)  # subpage: what the bot writes
    section: str = ""  # index: the bot's section

    @property
    def writes(self) -> bool:
        return self.action in WRITES

    def rebase(self, fresh_text: str | None, template_name: str) -> str:
        """The same change made again on text an editor saved meanwhile."""
        if self.item_id is None:
            return merge_section(fresh_text or "", self.section, self.title)
        if fresh_text is None or self.action == CREATE:
            raise SubpageError("the page was created meanwhile")
        return merge_fields(fresh_text, template_call_name(template_name), self.fields)


@dataclass(frozen=True)
class Plan:
    job: JobConfig
    source_title: str
    source_revision: int | None
    changes: tuple[PageChange, ...]
    items: int
    in_source_before: int = 0  # subpages that were on the source page at the last sync

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def writes(self) -> list[PageChange]:
        return [change for change in self.changes if change.writes]


@dataclass
class _Subpage:
    """An existing subpage with its call read."""

    state: PageState
    call: StatusCall
    id: str
    number: int | None
    broken: str = ""  # why the bot cannot edit it (it still names its item)


_TRAILING_NUMBER = re.compile(r"/(\d+)$")
_SHOWN_REVISION = re.compile(
    r"<!-- recsync:begin -->\n''\d+ recommendations from \[\[Special:PermanentLink/(\d+)\|"
)


def _source_link(revision: int | None, source: str) -> str:
    if revision:
        return f"[[Special:PermanentLink/{revision}|source]]"
    return f"[[{source}|source]]"


def _describe_update(page_id: str, old: StatusCall, fields: dict[str, str]) -> str:
    """``text and group of Advocacy/3 updated (moved from Advocacy to Diversity)``."""
    changed = [
        name
        for name in ("text", "group", "number", "anchor", "source")
        if name in fields and old.get(name) != " ".join(fields[name].split())
    ]
    parts = []
    if not old.in_source and fields.get("in_source") == "yes":
        parts.append(f"{page_id} is back on the source page")
    if changed:
        what = changed[0] if len(changed) == 1 else ", ".join(changed[:-1]) + " and " + changed[-1]
        moved = (
            f" (moved from {old.get('group')} to {fields['group']})" if "group" in changed else ""
        )
        parts.append(f"{what} of {page_id} updated{moved}")
    return "; ".join(parts) or f"{page_id} updated"


def _read_subpages(
    pages: Sequence[PageState], job: JobConfig, template: str, skip: set[str]
) -> tuple[list[_Subpage], list[PageChange], set[str]]:
    """Existing subpages (with a call), errors for unreadable ones, and all titles taken."""
    prefix = job.effective_prefix
    subpages: list[_Subpage] = []
    errors: list[PageChange] = []
    taken_titles = {page.title for page in pages if page.exists}
    read: list[tuple[PageState, StatusCall, str, str]] = []
    for page in sorted(pages, key=lambda p: p.title):
        if page.text is None or page.title in skip or not under(page.title, prefix):
            continue
        broken = ""
        try:
            call = read_call(page.text, template)
        except SubpageError as error:
            # Still read which item it is, or that item would get a second page.
            broken, call = str(error), read_call(page.text, template, strict=False)
        if call is None:
            continue  # some other page below the prefix: not ours
        read.append((page, call, call.get("id") or page.title[len(prefix) + 1 :], broken))
    # Two pages with one id (a copied page): the page at the id's own title keeps it,
    # whatever the copy's title; else the first title.
    ids: dict[str, str] = {}
    for page, _, page_id, _ in sorted(read, key=lambda r: (not _own_title(job, r[2], r[0].title),)):
        ids.setdefault(page_id, page.title)
    for page, call, page_id, broken in read:
        if ids[page_id] != page.title:
            reason = f"id {page_id!r} is already used by [[{ids[page_id]}]]"
            errors.append(PageChange(page.title, ERROR, page.text, None, reason=reason))
            continue
        number = _TRAILING_NUMBER.search("/" + page_id)
        subpages.append(
            _Subpage(page, call, page_id, int(number.group(1)) if number else None, broken)
        )
    return subpages, errors, taken_titles


def _number_taken(
    job: JobConfig, segment: str, number: int, used_ids: set[str], taken_titles: set[str]
) -> bool:
    return f"{segment}/{number}" in used_ids or job.subpage_title(segment, number) in taken_titles


def _own_title(job: JobConfig, page_id: str, title: str) -> bool:
    """Is ``title`` the title the bot gives the page with this id?"""
    segment, _, number = page_id.rpartition("/")
    return number.isdigit() and job.subpage_title(segment, int(number)) == title


def _item_fields(
    item: Item, page_id: str, number: int | str, source: str, revision: int | None
) -> dict[str, str]:
    fields = {
        "id": page_id,
        "group": item.group,
        "number": str(number),
        "text": item.text,
        "source": source,
        "source_revision": str(revision or ""),
        "in_source": "yes",
    }
    if item.anchor:
        fields["anchor"] = item.anchor
    return fields


def make_plan(
    job: JobConfig,
    parsed: ParseResult,
    source: PageState,
    pages: Sequence[PageState],
    skeleton: str,
) -> Plan:
    """Decide every page of the run: create, update, retire, leave, skip or report."""
    template = template_call_name(job.template)
    prefix = job.effective_prefix
    index_title = job.index_title
    revision = source.revid
    link = _source_link(revision, source.title)
    say = job.summary_prefix

    segments = segments_for(list(dict.fromkeys(item.group for item in parsed.items)))
    subpages, changes, taken_titles = _read_subpages(
        pages, job, template, skip={source.title, index_title}
    )
    changes = list(changes)
    by_id = {sub.id: sub for sub in subpages}
    known = [
        Known(
            sub.id, sub.call.get("group"), sub.call.get("text"), sub.call.get("anchor"),
            sub.call.in_source,
        )
        for sub in subpages
    ]  # fmt: skip
    matches = match_items(parsed.items, known, job.similarity)

    used_ids = set(by_id)
    next_number: dict[str, int] = {}
    for sub in subpages:
        segment, _, _ = sub.id.rpartition("/")
        if sub.number is not None:
            next_number[segment] = max(next_number.get(segment, 0), sub.number)

    rows: list[IndexRow] = []
    created = updated = retired = 0
    for index, item in enumerate(parsed.items):
        page_id = matches.get(index)
        if page_id is not None:
            sub = by_id[page_id]
            number = sub.number if sub.number is not None else sub.call.get("number")
            fields = _item_fields(item, page_id, number, source.title, revision)
            old_text = sub.state.text or ""
            title = sub.state.title
            rows.append(IndexRow(page_id, item.group, item.text, title, sub.call.get("status")))
            if sub.broken:
                changes.append(_broken(sub))
                continue
            # The revision alone is no reason to edit: it is written with a real change.
            if not differs(sub.call, {k: v for k, v in fields.items() if k != "source_revision"}):
                changes.append(PageChange(title, UNCHANGED, old_text, old_text, item_id=page_id))
                continue
            what = _describe_update(page_id, sub.call, fields)
            summary = f"{say}: {what} " + (f"({link})" if what.endswith("page") else f"from {link}")
            if not sub.state.bots_allowed:
                changes.append(_skipped(title, old_text, page_id))
                continue
            new_text = merge_fields(old_text, template, fields)
            changes.append(
                PageChange(title, UPDATE, old_text, new_text, summary, page_id, fields=fields)
            )
            updated += 1
            continue
        segment = segments[item.group]
        # The item's own position when no page ever had that number (a first sync, or
        # one whose creation failed last time); else the next number after all used.
        number = item.number
        if _number_taken(job, segment, number, used_ids, taken_titles):
            number = next_number.get(segment, 0) + 1
            while _number_taken(job, segment, number, used_ids, taken_titles):
                number += 1
        next_number[segment] = max(next_number.get(segment, 0), number)
        page_id = f"{segment}/{number}"
        used_ids.add(page_id)
        title = job.subpage_title(segment, number)
        taken_titles.add(title)
        fields = _item_fields(item, page_id, number, source.title, revision)
        text = new_subpage(skeleton, template, fields, index_title)
        summary = f"{say}: created {page_id} from {link}"
        changes.append(PageChange(title, CREATE, None, text, summary, page_id, fields=fields))
        rows.append(IndexRow(page_id, item.group, item.text, title, INITIAL_STATUS))
        created += 1

    matched_ids = set(matches.values())
    for sub in subpages:
        if sub.id in matched_ids:
            continue
        title, old_text = sub.state.title, sub.state.text or ""
        rows.append(
            IndexRow(
                sub.id, sub.call.get("group"), sub.call.get("text"), title,
                sub.call.get("status"), in_source=False,
            )
        )  # fmt: skip
        if not sub.call.in_source:
            changes.append(PageChange(title, UNCHANGED, old_text, old_text, item_id=sub.id))
            continue
        if sub.broken:
            changes.append(_broken(sub))
            continue
        if not sub.state.bots_allowed:
            changes.append(_skipped(title, old_text, sub.id))
            continue
        fields = {"in_source": "no"}
        summary = f"{say}: {sub.id} has left the source page ({link})"
        new_text = merge_fields(old_text, template, fields)
        changes.append(
            PageChange(title, RETIRE, old_text, new_text, summary, sub.id, fields=fields)
        )
        retired += 1

    changes.append(
        _index_change(job, pages, rows, source, revision, (created, updated, retired), link)
    )
    for change in changes:
        if change.writes and change.title != index_title and not under(change.title, prefix):
            raise PlanError(f"refusing to write [[{change.title}]]: it is outside {prefix!r}")
    before = sum(1 for sub in subpages if sub.call.in_source)
    return Plan(job, source.title, revision, tuple(changes), len(parsed.items), before)


def retire_guard(plan: Plan, max_share: float) -> str | None:
    """Why this plan must not run (a blanked or vandalised source), or None.

    A source that suddenly has no item, or has lost more than ``max_share`` of the
    items of the last sync, is far likelier an accident than a decision.
    """
    if plan.items == 0:
        return (
            f"[[{plan.source_title}]] has no recommendation now "
            f"({plan.in_source_before} at the last sync): blanked or vandalised?"
        )
    retiring = plan.count(RETIRE)
    if plan.in_source_before and retiring > max_share * plan.in_source_before:
        return (
            f"{retiring} of the {plan.in_source_before} recommendations would leave "
            f"[[{plan.source_title}]] at once, more than {max_share:.0%}: "
            "check the source page's history"
        )
    return None


def _broken(sub: _Subpage) -> PageChange:
    text = sub.state.text
    return PageChange(sub.state.title, ERROR, text, None, item_id=sub.id, reason=sub.broken)


def _skipped(title: str, text: str, page_id: str) -> PageChange:
    reason = "the page keeps bots out ({{nobots}} or {{bots|deny=...}})"
    return PageChange(title, SKIPPED, text, text, item_id=page_id, reason=reason)


def _index_change(
    job: JobConfig,
    pages: Sequence[PageState],
    rows: list[IndexRow],
    source: PageState,
    revision: int | None,
    counts: tuple[int, int, int],
    link: str,
) -> PageChange:
    title = job.index_title
    state = next((p for p in pages if p.title == title), PageState(title, None))
    old = state.text
    # A source edit that changes nothing in the table does not touch the index: the
    # section is first tried with the revision it already names.
    shown = shown_revision(old or "")
    if shown is not None and old is not None:
        same = render_section(rows, source.title, shown)
        try:
            if merge_section(old, same, f"[[{title}]]") == old:
                return PageChange(title, UNCHANGED, old, old, section=same)
        except IndexPageError:
            pass  # reported below
    section = render_section(rows, source.title, revision)
    try:
        new = merge_section(old or "", section, f"[[{title}]]")
    except IndexPageError as error:
        return PageChange(title, ERROR, old, None, reason=str(error), section=section)
    if old is not None and new == old:
        return PageChange(title, UNCHANGED, old, old, section=section)
    if old is not None and not state.bots_allowed:
        return PageChange(title, SKIPPED, old, old, reason="the page keeps bots out")
    created, updated, retired = counts
    what = [
        f"{n} {label}"
        for n, label in ((created, "created"), (updated, "updated"), (retired, "retired"))
        if n
    ] or ["statuses"]
    summary = f"{job.summary_prefix}: index updated ({', '.join(what)}) from {link}"
    action = CREATE if old is None else UPDATE
    return PageChange(title, action, old, new, summary, section=section)
