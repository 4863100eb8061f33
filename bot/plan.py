"""Items x the pages that exist -> the page changes of one run.  Pure.

Nothing here talks to the wiki: the I/O shell reads the pages (``PageState``) and the
logs of missing ones (``PageFate``), this module decides what every page should say,
and the shell previews or applies it.  The plan's steps, in order: read what exists,
match items to pages, the matched pages, the new pages, the pages that left the
source, the index.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .config import JobConfig
from .dashboard import is_known
from .existing import (
    Absent,
    StaleMemory,
    Subpage,
    memorable_call,
    read_again,
    read_existing,
)
from .index import IndexRow, index_order, read_rows
from .index_plan import IndexSection, index_change
from .match import Known, match_items
from .model import Action, Item, Kind, PageChange, PageState, ParseResult, Plan
from .plan_state import PlanContext, PlanError, PlanRun, broken, skipped, unchanged
from .seen import memorable, same_key, seen_value, trusted_rows
from .source import _no_cyclic_gc as no_cyclic_gc
from .subpage import (
    INITIAL_STATUS,
    LANGUAGES,
    differs,
    merge_fields,
    new_subpage,
    template_call_name,
)
from .summaries import describe_update, left_source, new_page
from .titles import MIN_ROOM, Claim, segment_room, segments_for, under
from .translations import (
    describe_translations,
    translation_counts,
)

__all__ = ["PlanContext", "PlanError", "make_plan"]


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
    run = PlanRun(job, template, source, skeleton, context, existing, {r.id: r for r in memory})
    run.changes.extend(existing.errors)
    _number_from(run)
    known = [_known(sub, run.memory.get(sub.id)) for sub in existing.subpages]
    known += [_known_absent(absent) for absent in existing.absent]
    matches = match_items(parsed.items, known, job.similarity)
    subpages = {sub.id: sub for sub in existing.subpages}
    absent = {a.row.id: a for a in existing.absent}
    notes = _segments(run, parsed, matches)
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
    _warn_titles(run, parsed, notes)
    _in_index_order(run)
    _warn_unknown_statuses(run)
    run.changes.append(_index_change(run, index_page, parsed))
    _refuse_outside(run, {sub.state.title for sub in existing.subpages})
    before = sum(1 for sub in existing.subpages if sub.call.in_source)
    return Plan(
        job, source.title, source.revid, tuple(run.changes), len(parsed.items), before,
        warnings=tuple(run.warnings), source_warnings=parsed.warnings,
        groups=sum(1 for group in parsed.groups if group.count),
        source_lines=sum(1 for line in (source.text or "").splitlines() if line.strip()),
    )  # fmt: skip


def _segments(run: PlanRun, parsed: ParseResult, matches: Mapping[int, str]) -> dict[str, str]:
    """Each heading's title segment, kept from the pages its items are on; the notes
    on those decided now that are not the heading as written."""
    group_of = {sub.id: sub.call.get("group") for sub in run.existing.subpages}
    group_of |= {a.row.id: a.row.group for a in run.existing.absent}
    claims = [
        Claim(parsed.items[index].group, page_id.rpartition("/")[0], True)
        for index, page_id in matches.items()
    ]
    matched = set(matches.values())
    claims += [
        Claim(group, page_id.rpartition("/")[0], False)
        for page_id, group in group_of.items()
        if page_id not in matched
    ]
    room = max(MIN_ROOM, segment_room(run.job, run.context.namespaces))
    titled = segments_for([item.group for item in parsed.items], room, claims)
    run.segments = titled.of
    return titled.notes


def _warn_titles(run: PlanRun, parsed: ParseResult, notes: Mapping[str, str]) -> None:
    """A heading whose new title is not the heading as written: said once, when its
    pages are made (they keep that title on later runs)."""
    lines = {group.name: group.line for group in parsed.groups}
    for group, note in sorted(notes.items(), key=lambda kv: lines.get(kv[0], 0)):
        if group in run.first_titles:
            where = f"line {lines[group]}: " if lines.get(group) else ""
            run.warnings.append(f"{where}{note} ([[{run.first_titles[group]}]])")


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


def _number_from(run: PlanRun) -> None:
    """Ids in use (existing pages and remembered ones): a new page never takes one."""
    ids = [sub.id for sub in run.existing.subpages] + [a.row.id for a in run.existing.absent]
    for page_id in ids:
        run.used_ids.add(page_id)
        segment, _, number = page_id.rpartition("/")
        if number.isdigit():
            run.next_number[segment] = max(run.next_number.get(segment, 0), int(number))


def _matched(run: PlanRun, item: Item, sub: Subpage) -> None:
    """An item that has its page: update the bot's parameters where they differ."""
    number = sub.number if sub.number is not None else sub.call.get("number")
    key = run.key(item, sub.id, number)
    if sub.from_memory and same_key(sub.from_memory, key):  # what the bot last read or wrote
        change, seen = unchanged(sub.state.title, sub.state.text or "", sub.id), sub.from_memory
    else:
        if sub.from_memory:
            sub = read_again(sub, run.template)  # raises StaleMemory if not as remembered
        fields = run.fields(item, sub.id, number, sub.call.get(LANGUAGES))
        change, seen = _update(run, sub, fields), ""
        if change.action in (Action.UNCHANGED, Action.UPDATE) and memorable_call(sub, fields):
            seen = seen_value(change.new_text or "", key)
    run.rows.append(run.row(sub, group=item.group, text=item.text, seen=seen))
    run.changes.append(change)


def _update(run: PlanRun, sub: Subpage, fields: dict[str, str]) -> PageChange:
    old_text, title = sub.state.text or "", sub.state.title
    if sub.broken:
        return broken(sub)
    # The revision alone is no reason to edit: it is written with a real change.
    if not differs(sub.call, {k: v for k, v in fields.items() if k != "source_revision"}):
        return unchanged(title, old_text, sub.id)
    if not sub.state.bots_allowed:
        return skipped(title, old_text, sub.id)
    words = run.context.words
    translated = describe_translations(sub.call, fields, words)
    said = run.summary(describe_update(sub.id, sub.call, fields, words, translated))
    return _merged(run, sub, Action.UPDATE, fields, said)


def _remembered(run: PlanRun, item: Item, absent: Absent) -> None:
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


def _new_page(run: PlanRun, item: Item) -> None:
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


def _number_taken(run: PlanRun, segment: str, number: int) -> bool:
    return (
        f"{segment}/{number}" in run.used_ids
        or run.job.subpage_title(segment, number) in run.existing.taken_titles
    )


def _create(run: PlanRun, item: Item, page_id: str, title: str, number: int) -> None:
    run.used_ids.add(page_id)
    run.existing.taken_titles.add(title)
    fate = run.context.fates.get(title)
    if fate is not None and fate.event == "delete" and title not in run.context.recreate:
        # The index forgot it (lost, reverted): the deletion log has not.
        row = IndexRow(page_id, item.group, item.text, title, "", number=str(number))
        _remembered(run, item, Absent(row, "deleted", fate.describe()))
        return
    run.first_titles.setdefault(item.group, title)
    fields = run.fields(item, page_id, number)
    text = new_subpage(run.skeleton, run.template, fields, run.job.index_title)
    said = run.summary(new_page(page_id, run.context.words))
    run.changes.append(
        PageChange(
            title, Action.CREATE, None, text, said, page_id, kind=Kind.SUBPAGE, fields=fields
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


def _left_source(run: PlanRun, sub: Subpage) -> None:
    """A page whose item is no longer on the source: in_source = no, nothing else."""
    title, old_text = sub.state.title, sub.state.text or ""
    if not sub.call.in_source:
        change = unchanged(title, old_text, sub.id)
    elif sub.broken:
        change = broken(sub)
    elif not sub.state.bots_allowed:
        change = skipped(title, old_text, sub.id)
    else:
        said = run.summary(left_source(sub.id, run.context.words))
        change = _merged(run, sub, Action.RETIRE, {"in_source": "no"}, said)
    remember = bool(sub.from_memory) or memorable_call(sub, {})
    remember = remember and change.action in (Action.UNCHANGED, Action.RETIRE)
    run.rows.append(
        run.row(sub, in_source=False, seen=seen_value(change.new_text or "") if remember else "")
    )
    run.changes.append(change)


def _merged(
    run: PlanRun, sub: Subpage, action: Action, fields: dict[str, str], summary: str
) -> PageChange:
    """A change of an existing subpage: the bot's fields merged into the editors' text."""
    old_text = sub.state.text or ""
    new_text = merge_fields(old_text, run.template, fields)
    return PageChange(
        sub.state.title, action, old_text, new_text, summary, sub.id, kind=Kind.SUBPAGE,
        fields=fields,
    )  # fmt: skip


def _in_index_order(run: PlanRun) -> None:
    """Pages and rows in the order the index lists them, so that the reports, the run's
    output and the status page read as the index does (pages it lists none of first)."""
    run.rows = index_order(run.rows, run.segments)
    place = {row.id: number for number, row in enumerate(run.rows)}
    run.changes.sort(key=lambda change: place.get(change.item_id or "", -1))


def _warn_unknown_statuses(run: PlanRun) -> None:
    for row in run.rows:
        if row.in_source and not row.note and not is_known(row.status):
            run.warnings.append(
                f"{row.id} has status {row.status!r}, which the template does not know"
            )


def _refuse_outside(run: PlanRun, followed: set[str]) -> None:
    """The bot writes only below its prefix, its index and pages a move took there."""
    prefix = run.job.effective_prefix
    for change in run.changes:
        inside = change.title == run.job.index_title or under(change.title, prefix)
        if change.writes and not inside and change.title not in followed:
            raise PlanError(f"refusing to write [[{change.title}]]: it is outside {prefix!r}")


def _index_change(run: PlanRun, state: PageState | None, parsed: ParseResult) -> PageChange:
    section = IndexSection(
        tuple(run.rows),
        run.source.title,
        run.template,
        run.context.namespaces,
        run.segments,
        tuple(translation_counts(parsed.items)),
    )
    written = {c.title for c in run.changes if c.writes}
    return index_change(
        run.job.index_title, state, section, run.source.revid, len(parsed.items),
        run.job.summary_prefix, run.link, run.context.words, run.memory, written,
    )  # fmt: skip
