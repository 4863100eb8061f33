"""One sync run: read -> parse -> plan -> preview or apply.

The only module that strings the pure core and the wiki together.  It reads every
page once, plans the whole run, then (unless it is a dry run) saves the pages that
change, subpages first and the index last.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.config import JobConfig
from bot.plan import (
    CREATE,
    ERROR,
    RETIRE,
    SKIPPED,
    UNCHANGED,
    UPDATE,
    PageChange,
    Plan,
    PlanError,
    make_plan,
)
from bot.source import parse_source
from bot.titles import TitleError
from bot.wiki import CONFLICT, FAILED, NOOP, SAVED, Wiki

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
STATUS_TEMPLATE_FILE = TEMPLATES_DIR / "status.wiki"
SKELETON_FILE = TEMPLATES_DIR / "subpage.wiki"

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
    source_revision: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def in_step(self) -> bool:
        return not (self.skipped or self.conflicts or self.errors or self.declined)

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


def plan_job(job: JobConfig, wiki: Wiki, skeleton: str) -> Plan:
    """Read what the run needs (one batch) and plan it."""
    # Titles as the wiki spells them (User:A_b -> User:A b), or pages read back would
    # not be recognised as the ones the job names.
    job = replace(
        job,
        source=wiki.normalize(job.source),
        prefix=wiki.normalize(job.effective_prefix),
        index=wiki.normalize(job.index_title),
    )
    pages = wiki.read_tree(job.effective_prefix, extra=[job.source, job.index])
    source = next((p for p in pages if p.title == job.source), None)
    if source is None or source.text is None:
        raise SyncError(f"the source page [[{job.source}]] does not exist on {wiki.site}")
    parsed = parse_source(source.text, source=source.title, default_group=job.default_group)
    try:
        return make_plan(job, parsed, source, pages, skeleton)
    except (PlanError, TitleError) as error:
        raise SyncError(f"[[{source.title}]]: {error}") from error


_DONE = {CREATE: "created", UPDATE: "updated", RETIRE: "retired"}


def apply_plan(
    plan: Plan, wiki: Wiki, summary: RunSummary, say: Say, ask: Ask | None = None
) -> None:
    """Save the pages that change; one line per page acted on."""
    always = ask is None
    for change in plan.changes:
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


def count_plan(plan: Plan, summary: RunSummary) -> None:
    """A dry run's summary: what the run would do."""
    summary.created = plan.count(CREATE)
    summary.updated = plan.count(UPDATE)
    summary.retired = plan.count(RETIRE)
    summary.unchanged = plan.count(UNCHANGED)
    summary.skipped = plan.count(SKIPPED)
    summary.errors = plan.count(ERROR)


def finish(summary: RunSummary, wiki: Wiki) -> RunSummary:
    summary.reads = wiki.counter.reads
    summary.writes = wiki.counter.writes
    summary.requests = wiki.counter.total
    return summary
