"""Items x the pages that exist -> the page changes of one run.  Pure.

Nothing here talks to the wiki: the I/O shell reads the pages (``PageState``) and the
logs of missing ones (``PageFate``), this module decides what every page should say,
and the shell previews or applies it.  The plan's steps, in order: read what exists,
match items to pages, the matched pages, the new pages, the pages that left the
source, the index.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from .config import JobConfig
from .dashboard import is_known
from .existing import (
    Absent,
    Existing,
    StaleMemory,
    Subpage,
    memorable_call,
    read_again,
    read_existing,
)
from .index import BEGIN, IndexPageError, IndexRow, merge_section, read_rows, render_section
from .index import shown_revision as _shown_revision
from .inline import safe_inline
from .match import Known, match_items
from .model import Action, Item, Kind, PageChange, PageFate, PageState, ParseResult, Plan
from .seen import item_key, memorable, old_memory, same_key, seen_value, trusted_rows, worth_saving
from .source import _no_cyclic_gc as no_cyclic_gc
from .subpage import INITIAL_STATUS, differs, merge_fields, new_subpage, template_call_name
from .summaries import describe_update, index_summary, source_link
from .titles import segments_for, under


class PlanError(ValueError):
    """The run cannot be planned at all (nothing is changed)."""


@dataclass(frozen=True)
class PlanContext:
    """What the plan needs beyond the pages: the logs of missing pages, the run."""

    fates: Mapping[str, PageFate] = field(default_factory=dict)
    recreate: Collection[str] = ()  # deleted pages the operator wants back
    today: str = ""  # YYYY-MM-DD: the date of pages created by this run
    bot_user: str = ""
    rendering: str = ""  # a fingerprint of the code that renders an item (bot.seen)


@dataclass
class _Run:
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

    @property
    def link(self) -> str:
        return source_link(self.source.revid, self.source.title)

    def fields(self, item: Item, page_id: str, number: int | str) -> dict[str, str]:
        fields = {
            "id": page_id,
            "group": item.group,
            "number": str(number),
            "text": safe_inline(item.wikitext, item.refs),
            "source": self.source.title,
            "source_revision": str(self.source.revid or ""),
            "in_source": "yes",
        }
        if item.anchor:
            fields["anchor"] = item.anchor
        return fields

    def key(self, item: Item, page_id: str, number: int | str) -> str:
        """What ``fields`` are made from, as a digest (bot.seen)."""
        parts = [self.context.rendering, page_id, item.group, str(number), item.wikitext]
        return item_key([*parts, *item.refs, "|", item.anchor or "", self.source.title])

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


def make_plan(
    job: JobConfig,
    parsed: ParseResult,
    source: PageState,
    pages: Sequence[PageState],
    skeleton: str,
    context: PlanContext | None = None,
) -> Plan:
    """Decide every page of the run: create, update, retire, leave, skip or report.

    A page that is what the index remembers is not parsed (bot.seen); should one read
    after all differ from its row, every page is parsed.  The collector is paused.
    """
    context = context or PlanContext()
    index_page = next((p for p in pages if p.title == job.index_title), None)
    memory = read_rows(index_page.text or "") if index_page is not None else []
    user = index_page.user if index_page is not None else ""
    with no_cyclic_gc():
        try:
            trusted = trusted_rows(memory, user, context.bot_user)
            return _plan(job, parsed, source, pages, skeleton, context, memory, trusted)
        except StaleMemory:
            return _plan(job, parsed, source, pages, skeleton, context, memory, {})


def _plan(
    job: JobConfig,
    parsed: ParseResult,
    source: PageState,
    pages: Sequence[PageState],
    skeleton: str,
    context: PlanContext,
    memory: list[IndexRow],
    trusted: dict[str, IndexRow],
) -> Plan:
    template = template_call_name(job.template)
    index_page = next((p for p in pages if p.title == job.index_title), None)
    existing = read_existing(pages, job, template, memory, context.fates, context.recreate, trusted)
    run = _Run(job, template, source, skeleton, context, existing, {r.id: r for r in memory})
    run.segments = segments_for(list(dict.fromkeys(item.group for item in parsed.items)))
    run.changes.extend(existing.errors)
    _number_from(run)
    known = [_known(sub, run.memory.get(sub.id)) for sub in existing.subpages]
    known += [_known_absent(absent) for absent in existing.absent]
    matches = match_items(parsed.items, known, job.similarity)
    subpages = {sub.id: sub for sub in existing.subpages}
    absent = {a.row.id: a for a in existing.absent}
    for index, item in enumerate(parsed.items):
        page_id = matches.get(index)
        if page_id in subpages:
            _matched(run, item, subpages[page_id])
        elif page_id in absent:
            _remembered(run, item, absent[page_id])
        else:
            _new_page(run, item)
    matched = set(matches.values())
    for sub in existing.subpages:
        if sub.id not in matched:
            _left_source(run, sub)
    for gone in existing.absent:
        if gone.row.id not in matched and gone.state != "missing":
            run.rows.append(_absent_row(gone, in_source=False))
    _warn_unknown_statuses(run)
    run.changes.append(_index_change(run, index_page, parsed))
    _refuse_outside(run, {sub.state.title for sub in existing.subpages})
    before = sum(1 for sub in existing.subpages if sub.call.in_source)
    return Plan(
        job, source.title, source.revid, tuple(run.changes), len(parsed.items), before,
        warnings=tuple(run.warnings),
    )  # fmt: skip


def _known(sub: Subpage, remembered: IndexRow | None) -> Known:
    """A page as matching sees it.  Its text is the one the index remembers (what the bot
    last wrote) when there is one: an editor blanking ``text`` must not cost the item its
    page."""
    call = sub.call
    text = (remembered.text if remembered is not None else "") or call.get("text")
    return Known(sub.id, call.get("group"), text, call.get("anchor"), call.in_source)


def _known_absent(absent: Absent) -> Known:
    row = absent.row
    return Known(row.id, row.group, row.text, "", row.in_source)


def _number_from(run: _Run) -> None:
    """Ids in use (existing pages and remembered ones): a new page never takes one."""
    ids = [sub.id for sub in run.existing.subpages] + [a.row.id for a in run.existing.absent]
    for page_id in ids:
        run.used_ids.add(page_id)
        segment, _, number = page_id.rpartition("/")
        if number.isdigit():
            run.next_number[segment] = max(run.next_number.get(segment, 0), int(number))


def _matched(run: _Run, item: Item, sub: Subpage) -> None:
    """An item that has its page: update the bot's parameters where they differ."""
    number = sub.number if sub.number is not None else sub.call.get("number")
    key = run.key(item, sub.id, number)
    if sub.from_memory and same_key(sub.from_memory, key):  # what the bot last read or wrote
        change, seen = _unchanged(sub.state.title, sub.state.text or "", sub.id), sub.from_memory
    else:
        if sub.from_memory:
            sub = read_again(sub, run.template)  # raises StaleMemory if not as remembered
        fields = run.fields(item, sub.id, number)
        change, seen = _update(run, sub, fields), ""
        if change.action in (Action.UNCHANGED, Action.UPDATE) and memorable_call(sub, fields):
            seen = seen_value(change.new_text or "", key)
    run.rows.append(run.row(sub, group=item.group, text=item.text, seen=seen))
    run.changes.append(change)


def _update(run: _Run, sub: Subpage, fields: dict[str, str]) -> PageChange:
    old_text, title = sub.state.text or "", sub.state.title
    if sub.broken:
        return _broken(sub)
    # The revision alone is no reason to edit: it is written with a real change.
    if not differs(sub.call, {k: v for k, v in fields.items() if k != "source_revision"}):
        return _unchanged(title, old_text, sub.id)
    if not sub.state.bots_allowed:
        return _skipped(title, old_text, sub.id)
    what = describe_update(sub.id, sub.call, fields)
    link = run.link
    summary = f"{run.job.summary_prefix}: {what} " + (
        f"({link})" if what.endswith("page") else f"from {link}"
    )
    return _merged(run, sub, Action.UPDATE, fields, summary)


def _remembered(run: _Run, item: Item, absent: Absent) -> None:
    """An item whose page the index remembers and the wiki lacks."""
    row = absent.row
    if absent.state == "missing":  # never saved, or the operator asked for it back
        number = row.id.rpartition("/")[2]
        _create(run, item, row.id, row.title, int(number) if number.isdigit() else item.number)
        return
    run.rows.append(_absent_row(absent, in_source=True, group=item.group, text=item.text))
    action = Action.DELETED if absent.state == "deleted" else Action.SKIPPED
    reason = absent.note
    if action == Action.DELETED:
        reason += f'; not recreated (sync --recreate "{row.title}" recreates it)'
    run.changes.append(PageChange(row.title, action, None, None, item_id=row.id, reason=reason))


def _absent_row(absent: Absent, in_source: bool, **override: str) -> IndexRow:
    row = absent.row
    values = {"group": row.group, "text": row.text, **override}
    return IndexRow(
        row.id, values["group"], values["text"], row.title, row.status, in_source,
        row.since, row.by, absent.note, row.number,
    )  # fmt: skip


def _new_page(run: _Run, item: Item) -> None:
    """An item no page has: its own number when free (a first sync), else the next."""
    segment = run.segments[item.group]
    number = item.number
    if _number_taken(run, segment, number):
        number = run.next_number.get(segment, 0) + 1
        while _number_taken(run, segment, number):
            number += 1
    run.next_number[segment] = max(run.next_number.get(segment, 0), number)
    page_id = f"{segment}/{number}"
    _create(run, item, page_id, run.job.subpage_title(segment, number), number)


def _number_taken(run: _Run, segment: str, number: int) -> bool:
    return (
        f"{segment}/{number}" in run.used_ids
        or run.job.subpage_title(segment, number) in run.existing.taken_titles
    )


def _create(run: _Run, item: Item, page_id: str, title: str, number: int) -> None:
    run.used_ids.add(page_id)
    run.existing.taken_titles.add(title)
    fate = run.context.fates.get(title)
    if fate is not None and fate.event == "delete" and title not in run.context.recreate:
        # The index forgot it (lost, reverted): the deletion log has not.
        row = IndexRow(page_id, item.group, item.text, title, "", number=str(number))
        _remembered(run, item, Absent(row, "deleted", fate.describe()))
        return
    fields = run.fields(item, page_id, number)
    text = new_subpage(run.skeleton, run.template, fields, run.job.index_title)
    summary = f"{run.job.summary_prefix}: created {page_id} from {run.link}"
    run.changes.append(
        PageChange(
            title, Action.CREATE, None, text, summary, page_id, kind=Kind.SUBPAGE, fields=fields
        )
    )
    since, by = run.context.today, run.context.bot_user
    shown = {**fields, "text": item.text}
    seen = seen_value(text, run.key(item, page_id, number)) if memorable(page_id, shown) else ""
    run.rows.append(
        IndexRow(
            page_id, item.group, item.text, title, INITIAL_STATUS, True, since, by, "",
            str(number), seen,
        )
    )  # fmt: skip


def _left_source(run: _Run, sub: Subpage) -> None:
    """A page whose item is no longer on the source: in_source = no, nothing else."""
    title, old_text = sub.state.title, sub.state.text or ""
    if not sub.call.in_source:
        change = _unchanged(title, old_text, sub.id)
    elif sub.broken:
        change = _broken(sub)
    elif not sub.state.bots_allowed:
        change = _skipped(title, old_text, sub.id)
    else:
        summary = f"{run.job.summary_prefix}: {sub.id} has left the source page ({run.link})"
        change = _merged(run, sub, Action.RETIRE, {"in_source": "no"}, summary)
    remember = bool(sub.from_memory) or memorable_call(sub, {})
    remember = remember and change.action in (Action.UNCHANGED, Action.RETIRE)
    run.rows.append(
        run.row(sub, in_source=False, seen=seen_value(change.new_text or "") if remember else "")
    )
    run.changes.append(change)


def _merged(
    run: _Run, sub: Subpage, action: Action, fields: dict[str, str], summary: str
) -> PageChange:
    """A change of an existing subpage: the bot's fields merged into the editors' text."""
    old_text = sub.state.text or ""
    new_text = merge_fields(old_text, run.template, fields)
    return PageChange(
        sub.state.title, action, old_text, new_text, summary, sub.id, kind=Kind.SUBPAGE,
        fields=fields,
    )  # fmt: skip


def _warn_unknown_statuses(run: _Run) -> None:
    for row in run.rows:
        if row.in_source and not row.note and not is_known(row.status):
            run.warnings.append(
                f"{row.id} has status {row.status!r}, which the template does not know"
            )


def _refuse_outside(run: _Run, followed: set[str]) -> None:
    """The bot writes only below its prefix, its index and pages a move took there."""
    prefix = run.job.effective_prefix
    for change in run.changes:
        inside = change.title == run.job.index_title or under(change.title, prefix)
        if change.writes and not inside and change.title not in followed:
            raise PlanError(f"refusing to write [[{change.title}]]: it is outside {prefix!r}")


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
    retiring = plan.count(Action.RETIRE)
    if plan.in_source_before and retiring > max_share * plan.in_source_before:
        return (
            f"{retiring} of the {plan.in_source_before} recommendations would leave "
            f"[[{plan.source_title}]] at once, more than {max_share:.0%}: "
            "check the source page's history"
        )
    return None


def _unchanged(title: str, text: str, page_id: str) -> PageChange:
    return PageChange(title, Action.UNCHANGED, text, text, item_id=page_id, kind=Kind.SUBPAGE)


def _broken(sub: Subpage) -> PageChange:
    text = sub.state.text
    return PageChange(
        sub.state.title, Action.ERROR, text, None, item_id=sub.id, reason=sub.broken,
        kind=Kind.SUBPAGE,
    )  # fmt: skip


def _skipped(title: str, text: str, page_id: str) -> PageChange:
    reason = "the page keeps bots out ({{nobots}} or {{bots|deny=...}})"
    return PageChange(
        title, Action.SKIPPED, text, text, item_id=page_id, reason=reason, kind=Kind.SUBPAGE
    )


def _index_change(run: _Run, state: PageState | None, parsed: ParseResult) -> PageChange:
    title = run.job.index_title
    old = state.text if state is not None else None
    source = run.source
    # A source edit that changes nothing in the table does not touch the index: the
    # section is first tried with the revision it already names.
    # Nor does the memory of a few pages someone else edited since, alone: they are
    # read on each run until the index is next saved (bot.seen.worth_saving).  The
    # memory of pages this run writes is saved with them.
    shown = _shown_revision(old or "")
    written = {c.title for c in run.changes if c.writes}
    memory = worth_saving(run.rows, run.memory, written)
    tries = [run.rows] if memory else [run.rows, old_memory(run.rows, run.memory, written)]
    for rows in tries if shown is not None and old is not None else []:
        same = render_section(rows, source.title, shown, run.template)
        try:
            if merge_section(old or "", same, f"[[{title}]]") == old:
                return PageChange(title, Action.UNCHANGED, old, old, kind=Kind.INDEX, section=same)
        except IndexPageError:
            break  # reported below
    section = render_section(run.rows, source.title, source.revid, run.template)
    try:
        new = merge_section(old or "", section, f"[[{title}]]")
    except IndexPageError as error:
        return PageChange(
            title, Action.ERROR, old, None, reason=str(error), kind=Kind.INDEX, section=section
        )
    if old is not None and new == old:
        return PageChange(title, Action.UNCHANGED, old, old, kind=Kind.INDEX, section=section)
    if old is not None and state is not None and not state.bots_allowed:
        return PageChange(
            title, Action.SKIPPED, old, old, reason="the page keeps bots out", kind=Kind.INDEX
        )
    what = index_summary(read_rows(old or ""), run.rows, old is None, len(parsed.items))
    if what == "index updated" and old is not None and BEGIN in old and "data-id=" not in old:
        what = "index in its new layout: a summary, then a section per group"
    elif what == "index updated" and shown is not None:
        before = render_section(old_memory(run.rows, run.memory), source.title, shown, run.template)
        if merge_section(old or "", before, f"[[{title}]]") == old:
            what = "index: remembers what the subpages say, to read fewer (the table is unchanged)"
    summary = f"{run.job.summary_prefix}: {what} from {run.link}"
    action = Action.CREATE if old is None else Action.UPDATE
    return PageChange(title, action, old, new, summary, kind=Kind.INDEX, section=section)
