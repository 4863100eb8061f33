"""One sync run: read -> parse -> plan -> preview or apply.

The only module that strings the pure core and the wiki together.  It reads every
page once, plans the whole run, then (unless it is a dry run) saves the pages that
change, subpages first and the index last.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config import JobConfig
from bot.outcome import Outcome
from bot.plan import (
    CREATE,
    ERROR,
    RETIRE,
    SKIPPED,
    UNCHANGED,
    UPDATE,
    PageChange,
    PageState,
    Plan,
    PlanError,
    make_plan,
    retire_guard,
)
from bot.report import change_line, plan_text, render_report, report_wikitext, unified_diff
from bot.resources import template_text
from bot.source import parse_source
from bot.status import status_text
from bot.titles import TitleError, under
from bot.wiki import CONFLICT, FAILED, NOOP, SAVED, Wiki

#: What the person at the terminal answered for one page: yes, no, all, quit.
Ask = Callable[[PageChange], str]
Say = Callable[[str], None]


class SyncError(Exception):
    """The run cannot start (no source page, a plan that cannot be made)."""


@dataclass
class RunSummary:
    job: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    skipped: int = 0
    conflicts: int = 0
    errors: int = 0
    requests: int = 0
    reads: int = 0
    writes: int = 0
    declined: int = 0  # pages the operator answered "no" to
    deferred: int = 0  # pages left for the next run by the edit limit
    source_revision: int | None = None
    problems: list[str] = field(default_factory=list)
    refused: str = ""  # why a guard rail or the kill switch stopped the run
    failure: str = ""  # why the run could not even be planned

    @property
    def in_step(self) -> bool:
        return not (
            self.skipped or self.conflicts or self.errors or self.declined or self.deferred
            or self.refused or self.failure
        )  # fmt: skip

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)

    # --- how the run ended: the one rule behind the exit code and the status page ---

    @property
    def needs_attention(self) -> bool:
        """Done, but a person should look: pages skipped, declined or left for the next run."""
        return bool(self.skipped or self.declined or self.deferred)

    def outcome(self, preview: bool = False) -> Outcome:
        """A preview (dry run, preview page) only fails or is refused: it edits nothing."""
        if self.failure or (not preview and (self.errors or self.conflicts)):
            return Outcome.FAILED
        # The edit limit explains itself in `refused` (apply_plan), but it is no refusal.
        if self.refused and not self.deferred:
            return Outcome.REFUSED
        if not preview and self.needs_attention:
            return Outcome.ATTENTION
        return Outcome.OK

    def to_json(self) -> dict[str, Any]:
        keys = ("created", "updated", "unchanged", "retired", "skipped", "conflicts", "errors")
        data = {key: asdict(self)[key] for key in keys}
        data["requests"] = self.requests
        return data

    def line(self) -> str:
        return (
            f"{self.job}: {self.created} created, {self.updated} updated, "
            f"{self.retired} retired, {self.unchanged} unchanged, {self.skipped} skipped, "
            f"{self.conflicts} conflicts, {self.errors} errors; "
            f"{self.requests} requests ({self.reads} reads, {self.writes} writes)"
        )


@dataclass(frozen=True)
class JobPages:
    """Everything one job reads, in one batch: the tree below the prefix and its extras."""

    job: JobConfig  # with titles as the wiki spells them
    pages: tuple[PageState, ...]

    def page(self, title: str) -> PageState | None:
        return next((p for p in self.pages if p.title == title), None)


def read_job(job: JobConfig, wiki: Wiki) -> JobPages:
    # Titles as the wiki spells them (User:A_b -> User:A b), or pages read back would
    # not be recognised as the ones the job names.
    job = replace(
        job,
        source=wiki.normalize(job.source),
        prefix=wiki.normalize(job.effective_prefix),
        index=wiki.normalize(job.index_title),
        run_page=wiki.normalize(job.run_page) if job.run_page else "",
        status_page=wiki.normalize(job.status_page) if job.status_page else "",
    )
    extra = [t for t in (job.source, job.index, job.run_page, job.status_page) if t]
    return JobPages(job, tuple(wiki.read_tree(job.effective_prefix, extra=extra)))


def plan_pages(read: JobPages, skeleton: str) -> Plan:
    job = read.job
    source = read.page(job.source)
    if source is None or source.text is None:
        raise SyncError(f"the source page [[{job.source}]] does not exist")
    parsed = parse_source(source.text, source=source.title, default_group=job.default_group)
    try:
        return make_plan(job, parsed, source, read.pages, skeleton)
    except (PlanError, TitleError) as error:
        raise SyncError(f"[[{source.title}]]: {error}") from error


def plan_job(job: JobConfig, wiki: Wiki, skeleton: str) -> Plan:
    """Read what the run needs (one batch) and plan it."""
    return plan_pages(read_job(job, wiki), skeleton)


def kill_switch(read: JobPages) -> str:
    """Why the run page stops this run ('' when it may go on)."""
    title = read.job.run_page
    if not title:
        return ""
    page = read.page(title)
    value = (page.text or "").strip() if page is not None else ""
    if value.lower() == "true":
        return ""
    shown = "does not exist" if page is None or page.text is None else f"reads {value[:40]!r}"
    return f"the run page [[{title}]] {shown}, not 'true': no edit made"


@dataclass(frozen=True)
class RunOptions:
    dry_run: bool = False
    force: bool = False  # past the guard rails
    ask: Ask | None = None  # None: save without asking (-always)
    report: Path | None = None  # write the plan here (.md, .html, .json, .wiki)
    preview_page: str = ""  # save the plan here as wikitext instead of applying it


def preview_refusal(title: str, bot_user: str | None, allowed_prefix: str) -> str:
    """Why a preview may not be saved at ``title`` ('' when it may)."""
    own = f"User:{bot_user}" if bot_user else ""
    for root in (own, allowed_prefix.rstrip("/")):
        if root and (title == root or under(title, root)):
            return ""
    where = f"[[{own}/...]]" if own else "the bot's own user space"
    extra = f" or below [[{allowed_prefix}]]" if allowed_prefix else ""
    return (
        f"a preview goes to {where}{extra}, not [[{title}]] "
        "(set preview_prefix in the job file to allow another place)"
    )


def run_job(job: JobConfig, wiki: Wiki, skeleton: str, options: RunOptions, say: Say) -> RunSummary:
    """One job, start to finish: read, plan, check the guard rails, preview or apply."""
    summary = RunSummary(job=job.name)
    reads, writes = wiki.counter.reads, wiki.counter.writes
    try:
        read = read_job(job, wiki)
        plan = plan_pages(read, skeleton)
    except SyncError as error:
        summary.failure = str(error)
        return _counted(summary, wiki, reads, writes)
    summary.source_revision = plan.source_revision
    if options.report is not None:
        options.report.write_text(render_report(plan, options.report.suffix), encoding="utf-8")
        say(f"report    {options.report}")
    if options.dry_run or options.preview_page:
        say(plan_text(plan))
        count_plan(plan, summary)
        if options.preview_page:
            _save_preview(plan, wiki, options.preview_page, summary, say)
        return _counted(summary, wiki, reads, writes)
    summary.refused = kill_switch(read) or (
        "" if options.force else retire_guard(plan, job.max_retire_share) or ""
    )
    if not summary.refused:
        apply_plan(plan, wiki, summary, say, options.ask, edit_limit=read.job.edit_limit)
    if read.job.status_page and (summary.changed or not summary.in_step):
        _report_status(read, wiki, summary, say)
    return _counted(summary, wiki, reads, writes)


def _save_preview(plan: Plan, wiki: Wiki, title: str, summary: RunSummary, say: Say) -> None:
    """The plan as wikitext on one page: the only edit of a preview run."""
    title = wiki.normalize(title)
    allowed = wiki.normalize(plan.job.preview_prefix) if plan.job.preview_prefix else ""
    refusal = preview_refusal(title, wiki.username, allowed)
    if refusal:
        summary.refused = refusal
        return
    old = wiki.read_page(title)
    change = PageChange(
        title,
        UPDATE if old.text is not None else CREATE,
        old.text,
        report_wikitext(plan, wiki.username),
        f"{plan.job.summary_prefix}: preview of the next sync of [[{plan.source_title}]] "
        f"({plan.count(CREATE)} to create, {plan.count(UPDATE)} to update, "
        f"{plan.count(RETIRE)} to retire)",
    )
    outcome = wiki.apply(change, plan.job.template)
    if outcome.status in (SAVED, NOOP):
        say(f"preview   [[{title}]]")
    else:
        summary.errors += 1
        summary.problems.append(f"[[{title}]]: {outcome.message}")
        say(f"error     [[{title}]]: {outcome.message}")


def _counted(summary: RunSummary, wiki: Wiki, reads: int, writes: int) -> RunSummary:
    summary.reads = wiki.counter.reads - reads
    summary.writes = wiki.counter.writes - writes
    summary.requests = summary.reads + summary.writes
    return summary


def _report_status(read: JobPages, wiki: Wiki, summary: RunSummary, say: Say) -> None:
    title = read.job.status_page
    old = read.page(title)
    text = status_text(summary, read.job, datetime.now(UTC))
    change = PageChange(
        title,
        UPDATE if old is not None and old.text is not None else CREATE,
        old.text if old is not None else None,
        text,
        f"{read.job.summary_prefix}: run report ({_short(summary)})",
    )
    outcome = wiki.apply(change, read.job.template)
    if outcome.status not in (SAVED, NOOP):
        say(f"status    [[{title}]] not saved: {outcome.message}")


def _short(summary: RunSummary) -> str:
    if summary.refused:
        return "refused"
    parts = [
        f"{n} {label}"
        for n, label in (
            (summary.created, "created"),
            (summary.updated, "updated"),
            (summary.retired, "retired"),
            (summary.errors + summary.conflicts, "failed"),
        )
        if n
    ]
    return ", ".join(parts) or "nothing to do"


_DONE = {CREATE: "created", UPDATE: "updated", RETIRE: "retired"}


def apply_plan(
    plan: Plan,
    wiki: Wiki,
    summary: RunSummary,
    say: Say,
    ask: Ask | None = None,
    edit_limit: int = 0,
) -> None:
    """Save the pages that change; one line per page acted on."""
    always = ask is None
    edits = 0
    for change in plan.changes:
        if change.writes and edit_limit and edits >= edit_limit:
            summary.deferred += 1
            continue
        if change.action == UNCHANGED:
            summary.unchanged += 1
            continue
        if change.action == SKIPPED:
            summary.skipped += 1
            say(f"skipped   [[{change.title}]]: {change.reason}")
            continue
        if change.action == ERROR:
            summary.errors += 1
            summary.problems.append(f"[[{change.title}]]: {change.reason}")
            say(f"error     [[{change.title}]]: {change.reason}")
            continue
        if not always and ask is not None:
            answer = ask(change)
            if answer == "q":
                say("stopped at the operator's request")
                summary.declined += 1
                break
            if answer == "n":
                summary.declined += 1
                continue
            if answer == "a":
                always = True
        edits += 1
        outcome = wiki.apply(change, plan.job.template)
        if outcome.status in (SAVED, NOOP):
            if change.action == CREATE:
                summary.created += 1
            elif change.action == RETIRE:
                summary.retired += 1
            else:
                summary.updated += 1
            note = f" ({outcome.message})" if outcome.message else ""
            say(f"{_DONE[change.action]:<9} [[{change.title}]]{note}")
        elif outcome.status == CONFLICT:
            summary.conflicts += 1
            summary.problems.append(f"[[{change.title}]]: {outcome.message}")
            say(f"conflict  [[{change.title}]]: {outcome.message}")
        elif outcome.status == FAILED:
            summary.errors += 1
            summary.problems.append(f"[[{change.title}]]: {outcome.message}")
            say(f"error     [[{change.title}]]: {outcome.message}")
        else:
            summary.skipped += 1
            say(f"skipped   [[{change.title}]]: {outcome.message}")
    if summary.deferred:
        summary.refused = (
            f"edit limit of {edit_limit} reached: {summary.deferred} pages left for the next run"
        )


def count_plan(plan: Plan, summary: RunSummary) -> None:
    """A dry run's summary: what the run would do."""
    summary.created = plan.count(CREATE)
    summary.updated = plan.count(UPDATE)
    summary.retired = plan.count(RETIRE)
    summary.unchanged = plan.count(UNCHANGED)
    summary.skipped = plan.count(SKIPPED)
    summary.errors = plan.count(ERROR)


def install_templates(titles: list[str], wiki: Wiki, dry_run: bool, say: Say, prefix: str) -> bool:
    """Create or update the status template pages; no edit where the text is the same.

    Returns False when a page could not be saved.
    """
    text = template_text("status.wiki")
    ok = True
    for title in dict.fromkeys(wiki.normalize(t) for t in titles):
        state = wiki.read_page(title)
        if state.text is not None and state.text.rstrip() == text.rstrip():
            say(f"unchanged [[{title}]]")  # MediaWiki drops trailing newlines on save
            continue
        new = state.text is None
        change = PageChange(
            title,
            CREATE if new else UPDATE,
            state.text,
            text,
            f"{prefix}: {'install' if new else 'update'} the status template "
            "from templates/status.wiki",
        )
        if dry_run:
            say(change_line(change))
            say(unified_diff(change))
            continue
        outcome = wiki.apply(change, title)
        if outcome.status in (SAVED, NOOP):
            say(f"{'created' if new else 'updated':<9} [[{title}]]")
        else:
            ok = False
            say(f"{outcome.status:<9} [[{title}]]: {outcome.message}")
    return ok
