"""One sync run: read -> parse -> plan -> guards -> preview or apply.

The module that strings the pure core and the wiki together.  It reads what the run
needs in a few batches (the tree, where redirects lead, the logs of pages that went
missing), plans the whole run, then (unless it is a dry run) saves the pages that
change, subpages first and the index last.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from .apply import Ask, Say, apply_plan, save_change
from .config import JobConfig
from .existing import followed_targets, missing_titles, remembered_outside
from .guards import Verdict, verdict
from .index import BEGIN, END, read_rows
from .model import (
    Action,
    Kind,
    Outcome,
    PageChange,
    PageFate,
    PageState,
    Plan,
    RunResult,
    RunSummary,
)
from .namespaces import ENGLISH, USER, Namespaces
from .plan import make_plan
from .plan_state import PlanContext, PlanError
from .preflight import write_output
from .report import plan_text, render_report, report_wikitext
from .resources import rendering_fingerprint
from .site_wording import site_messages
from .source import parse_source
from .status import same_report, status_text
from .summaries import preview_summary, run_report_summary
from .titles import under
from .translations import gather_translations, has_translation_pages, translate_items
from .wiki import Wiki
from .wording import ENGLISH as ENGLISH_WORDS
from .wording import Messages


class SyncError(Exception):
    """The run cannot start (no source page, a plan that cannot be made)."""


class SourceError(SyncError):
    """The job names a source the bot cannot follow: fix the job (exit 2)."""


@dataclass(frozen=True)
class JobPages:
    """Everything one job reads: the tree below the prefix, its extras, the logs."""

    job: JobConfig  # with titles as the wiki spells them
    pages: tuple[PageState, ...]
    source: PageState  # the list itself, after a redirect
    fates: dict[str, PageFate] = field(default_factory=dict)
    namespaces: Namespaces = ENGLISH  # the wiki's, from its siteinfo
    unit_pages: tuple[PageState, ...] = ()  # Translate's pages of the source's units
    content_language: str = "en"  # the source's language: its translations are the others
    words: Messages = ENGLISH_WORDS  # the edit summaries' words, in the wiki's language

    def page(self, title: str) -> PageState | None:
        return next((p for p in self.pages if p.title == title), None)


def _normalized(job: JobConfig, wiki: Wiki) -> JobConfig:
    # Titles as the wiki spells them (User:A_b -> User:A b), or pages read back would
    # not be recognised as the ones the job names.
    return replace(
        job,
        source=wiki.normalize(job.source),
        prefix=wiki.normalize(job.effective_prefix),
        index=wiki.normalize(job.index_title),
        run_page=wiki.normalize(job.run_page) if job.run_page else "",
        status_page=wiki.normalize(job.status_page) if job.status_page else "",
        template=wiki.template_title(job.template),
    )


def read_job(job: JobConfig, wiki: Wiki, say: Say = print) -> JobPages:
    """Read what the run needs: a batch for the tree, more only where pages moved."""
    job = _normalized(job, wiki)
    extra = [t for t in (job.source, job.index, job.run_page, job.status_page) if t]
    pages = {p.title: p for p in wiki.read_tree(job.effective_prefix, extra=extra)}
    source = _follow_source(pages.get(job.source), job.source, wiki)
    pages[source.title] = source
    index = pages.get(job.index)
    moved_index = index is not None and index.redirect and not index.redirect_offsite
    if source.title != job.source:
        say(f"source    [[{job.source}]] redirects to [[{source.title}]]: reading that page")
        say(f"          {_advice(job, source.title, bool(moved_index))}")
    if index is not None and index.redirect and moved_index:
        # Nothing is written over a redirect.  A moved index goes on where it went; a
        # redirect to a page without the bot's section is not the index (vandalism?).
        target = wiki.read_page(index.redirect)
        pages[target.title] = target
        if BEGIN not in (target.text or "") or END not in (target.text or ""):
            raise SyncError(
                f"the index page [[{index.title}]] redirects to [[{index.redirect}]], which "
                "does not hold the bot's section: restore the index page (nothing was changed)"
            )
        job = replace(job, index=target.title)
        say(f"index     [[{index.title}]] redirects to [[{target.title}]]: writing there")
    _read_more(pages, followed_targets(list(pages.values()), job.effective_prefix), wiki)
    index = pages.get(job.index)
    memory = read_rows(index.text or "") if index is not None else []
    # Pages a move took out of the tree on an earlier run, and where they went since.
    outside = remembered_outside(memory, job.effective_prefix)
    _read_more(pages, outside, wiki)
    _read_more(pages, followed_targets(list(pages.values()), job.effective_prefix, outside), wiki)
    fates = wiki.fates(missing_titles(list(pages.values()), memory))
    moved = [f.target for f in fates.values() if f.event == "move" and f.target]
    _read_more(pages, moved, wiki)
    language = wiki.content_language
    # One batch more for the translations, when there are any: Translate writes the
    # page <source>/<lang> with a language's first unit, and the tree read has them.
    translated = job.effective_prefix != source.title or has_translation_pages(
        pages, source.title, language
    )
    units = wiki.read_unit_pages(source.title) if translated else []
    return JobPages(
        job, tuple(pages.values()), source, fates, wiki.namespaces, tuple(units), language,
        site_messages(wiki.site),
    )  # fmt: skip


def _read_more(pages: dict[str, PageState], titles: list[str], wiki: Wiki) -> None:
    wanted = [t for t in dict.fromkeys(titles) if t not in pages]
    if wanted:
        pages.update((p.title, p) for p in wiki.read_pages(wanted))


def _advice(job: JobConfig, target: str, subpages_moved: bool) -> str:
    """What the maintainer should change in the job file after the source moved."""
    if subpages_moved or job.prefix != job.source:
        return f'set source = "{target}" in the job file'
    # The subpages stayed below the old title: a new source alone would start a new tree.
    return f'set source = "{target}" and prefix = "{job.source}" in the job file'


def _follow_source(source: PageState | None, title: str, wiki: Wiki) -> PageState:
    """The source page; a redirect is followed one hop on the same wiki, with a line."""
    if source is None or source.text is None:
        raise SyncError(f"the source page [[{title}]] does not exist")
    if not source.redirect:
        return source
    if source.redirect_offsite:
        raise SourceError(
            f"the source page [[{title}]] redirects to [[{source.redirect}]] on another "
            "wiki: point the job at the list itself"
        )
    if source.redirect == title:
        raise SourceError(f"the source page [[{title}]] redirects to itself")
    target = wiki.read_page(source.redirect)
    if target.text is None:
        raise SourceError(
            f"the source page [[{title}]] redirects to [[{source.redirect}]], which does not exist"
        )
    if target.redirect:
        loop = " (a loop)" if target.redirect == title else ""
        raise SourceError(
            f"the source page [[{title}]] is a double redirect{loop}: "
            f"[[{source.redirect}]] redirects on to [[{target.redirect}]]; "
            "point the job at the list itself"
        )
    return target


def plan_pages(
    read: JobPages,
    skeleton: str,
    recreate: tuple[str, ...] = (),
    bot_user: str = "",
    today: str = "",
) -> Plan:
    job = read.job
    source = read.source
    parsed = parse_source(
        source.text or "", source=source.title, default_group=job.default_group,
        namespaces=read.namespaces,
    )  # fmt: skip
    translations = gather_translations(read.unit_pages, read.pages, source, read.content_language)
    parsed = translate_items(
        parsed, source.text or "", translations, job.default_group, read.namespaces
    )
    context = PlanContext(
        fates=read.fates,
        namespaces=read.namespaces,
        recreate=frozenset(recreate),
        today=today or datetime.now(UTC).strftime("%Y-%m-%d"),
        bot_user=bot_user,
        rendering=rendering_fingerprint(),
        words=read.words,
    )
    try:
        return make_plan(job, parsed, source, read.pages, skeleton, context)
    except PlanError as error:
        raise SyncError(f"[[{source.title}]]: {error}") from error


def _deleted_creations(plan: Plan, read: JobPages, wiki: Wiki) -> dict[str, PageFate]:
    """The deletions the logs know of among the subpages a later run would create.

    The index remembers deletions, but an editor can revert or blank it: the deletion
    log cannot be.  A first sync (no index yet) asks nothing.
    """
    index = read.page(read.job.index)
    if index is None or not index.exists:
        return {}
    titles = [
        c.title
        for c in plan.changes
        if c.action == Action.CREATE and c.kind == Kind.SUBPAGE and c.title not in read.fates
    ]
    fates = wiki.fates(titles) if titles else {}
    return {title: fate for title, fate in fates.items() if fate.event == "delete"}


@dataclass(frozen=True)
class RunOptions:
    dry_run: bool = False
    force: bool = False  # past the guard rails
    ask: Ask | None = None  # None: save without asking (-always)
    report: Path | None = None  # write the plan here (.md, .html, .json, .wiki, .txt)
    preview_page: str = ""  # save the plan here as wikitext instead of applying it
    recreate: tuple[str, ...] = ()  # deleted pages to create again on purpose
    strict: bool = False  # write nothing while the parser warns (or the job's strict)


def preview_refusal(
    title: str, bot_user: str | None, allowed_prefix: str, user_namespace: str = "User"
) -> str:
    """Why a preview may not be saved at ``title`` ('' when it may).  ``user_namespace``
    is the wiki's name for it (``Benutzer`` on a German wiki), as ``title`` spells it."""
    own = f"{user_namespace}:{bot_user}" if bot_user else ""
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
        read, plan = _read_and_plan(job, wiki, skeleton, options.recreate, say)
    except SourceError as error:
        summary.unusable = str(error)
        return counted(summary, wiki, reads, writes)
    except SyncError as error:
        summary.failure = str(error)
        return counted(summary, wiki, reads, writes)
    _tell(plan, summary, say)
    if options.report is not None:
        write_output(options.report, render_report(plan, options.report.suffix))
        say(f"report    {options.report}")
    run_page = read.page(read.job.run_page) if read.job.run_page else None
    guards = verdict(plan, run_page, force=options.force, strict=options.strict)
    summary.failure, summary.refused = guards.failure, guards.stop or guards.refused
    if options.dry_run or options.preview_page or guards.blocked:
        # Nothing but (perhaps) the preview page is written: say what a run would do.
        summary.dry_run = _no_edit_mode(options, guards)
        say(plan_text(plan, diffs=options.dry_run or bool(options.preview_page), notes=False))
        count_plan(plan, summary)
        if options.preview_page and not guards.stop:
            _save_preview(plan, wiki, options.preview_page, summary, say)
    else:
        if wiki.simulate:
            summary.dry_run = "simulate"
        apply_plan(plan, wiki, summary, say, options.ask, edit_limit=read.job.edit_limit)
    if _reports_status(read, summary, options, guards):
        _report_status(read, wiki, summary, say)
    return counted(summary, wiki, reads, writes)


def _read_and_plan(
    job: JobConfig, wiki: Wiki, skeleton: str, recreate_titles: tuple[str, ...], say: Say
) -> tuple[JobPages, Plan]:
    read = read_job(job, wiki, say)
    recreate = tuple(wiki.normalize(t) for t in recreate_titles)
    plan = plan_pages(read, skeleton, recreate, wiki.username or "", wiki.today)
    if deleted := _deleted_creations(plan, read, wiki):  # plan again, knowing them
        read = replace(read, fates={**read.fates, **deleted})
        plan = plan_pages(read, skeleton, recreate, wiki.username or "", wiki.today)
    deleted_titles = {title for title, fate in read.fates.items() if fate.event == "delete"}
    for title in recreate:
        if title not in deleted_titles:
            raise SourceError(
                f"--recreate [[{title}]]: not a page of this job that an admin deleted "
                "(the deletion log of the pages below its prefix names no such page)"
            )
    return read, plan


def _tell(plan: Plan, summary: RunSummary, say: Say) -> None:
    """The parser's warnings, once a run with their lines, and what needs attention."""
    summary.source_revision = plan.source_revision
    summary.warnings += plan.source_warnings
    for warning in plan.source_warnings:
        say(f"warning   [[{plan.source_title}]] line {warning.line}: {warning.message}")
    for note in plan.warnings:
        say(f"attention {note}")
    summary.attention += plan.warnings


def _no_edit_mode(options: RunOptions, guards: Verdict) -> str:
    if options.dry_run:
        return "dry run"
    if guards.blocked:
        return "refused"
    return "preview"


def _reports_status(
    read: JobPages, summary: RunSummary, options: RunOptions, guards: Verdict
) -> bool:
    """Is this a run the status page tells of?  Never one the run page stopped."""
    if not read.job.status_page or guards.stop or options.dry_run or options.preview_page:
        return False
    return bool(summary.changed or summary.warnings or summary.result() is not RunResult.OK)


def count_plan(plan: Plan, summary: RunSummary) -> None:
    """A dry run's summary: what the run would do."""
    for change in plan.changes:
        summary.record(change.action)
        if change.action == Action.DELETED:
            summary.attention.append(f"[[{change.title}]]: {change.reason}")


def _save_whole(change: PageChange, wiki: Wiki, template: str) -> str:
    """Save a page the bot writes whole; '' when saved, else why not."""
    saved = save_change(wiki, change, template)
    return "" if saved.outcome in (Outcome.SAVED, Outcome.NOOP) else saved.message


def _whole_change(
    wiki: Wiki, title: str, text: str, summary: str, old: PageState | None = None
) -> PageChange:
    """A page the bot writes whole, from its state in the run's read (or read now)."""
    old = old or wiki.read_page(title)
    action = Action.UPDATE if old.exists else Action.CREATE
    return PageChange(title, action, old.text, text, summary, kind=Kind.WHOLE)


def _save_preview(plan: Plan, wiki: Wiki, title: str, summary: RunSummary, say: Say) -> None:
    """The plan as wikitext on one page: the only edit of a preview run."""
    title = wiki.normalize(title)
    allowed = wiki.normalize(plan.job.preview_prefix) if plan.job.preview_prefix else ""
    refusal = preview_refusal(title, wiki.username, allowed, wiki.namespaces.name(USER))
    if refusal:
        summary.refused = refusal
        return
    said = preview_summary(plan, site_messages(wiki.site))
    change = _whole_change(wiki, title, report_wikitext(plan, wiki.username), said)
    problem = _save_whole(change, wiki, plan.job.template)
    if not problem:
        say(f"preview   [[{title}]]")
        return
    summary.failure = f"the preview [[{title}]] was not saved: {problem}"
    say(f"error     [[{title}]]: {problem}")


def counted(summary: RunSummary, wiki: Wiki, reads: int, writes: int) -> RunSummary:
    summary.reads = wiki.counter.reads - reads
    summary.writes = wiki.counter.writes - writes
    summary.requests = summary.reads + summary.writes
    return summary


def _report_status(read: JobPages, wiki: Wiki, summary: RunSummary, say: Say) -> None:
    """Save the run's report; ``summary.status_page`` names the page once it says it."""
    title = read.job.status_page
    text = status_text(summary, read.job, datetime.now(UTC))
    old = read.page(title)
    if old is not None and old.text is not None and same_report(old.text, text):
        # The same state as last time: no hourly edit to say so again.
        summary.status_page = "" if wiki.simulate else title
        return
    change = _whole_change(
        wiki,
        title,
        text,
        run_report_summary(read.job.summary_prefix, summary, read.words),
        read.page(title) or PageState(title, None),
    )
    problem = _save_whole(change, wiki, read.job.template)
    if problem:
        say(f"status    [[{title}]] not saved: {problem}")
    elif not wiki.simulate:
        summary.status_page = title
