"""Saving a plan: one change at a time, asking when asked to, each conflict by its rule.

The wiki module only reads and saves; this is where a refused save is looked at
again (``bot.rebase`` says how each kind of page is redone) and turned into what the
run reports: saved, conflict, skipped or error.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .answers import CreatedMeanwhile, EditConflict, Protected, Refused, SaveError
from .model import DONE, Action, Outcome, PageChange, Plan, RunSummary, plural
from .rebase import Conflict, rebase
from .wiki import Wiki

#: What the person at the terminal answered for one page: yes, no, all, quit.
Ask = Callable[[PageChange], str]
Say = Callable[[str], None]


@dataclass(frozen=True)
class Saved:
    outcome: Outcome
    message: str = ""


def save_change(wiki: Wiki, change: PageChange, template: str) -> Saved:
    """Make one planned change; on an edit conflict, redo it once by its kind's rule."""
    create = change.action == Action.CREATE and change.old_text is None
    try:
        wiki.save(change.title, change.new_text or "", change.summary, create=create)
        return Saved(Outcome.SAVED)
    except CreatedMeanwhile:
        fresh = wiki.read_page(change.title)
        if fresh.text is not None and fresh.text.strip() == (change.new_text or "").strip():
            return Saved(Outcome.NOOP, "saved; the wiki's answer was lost")
        return Saved(Outcome.CONFLICT, "the page was created by someone else meanwhile")
    except EditConflict:
        return _redo(wiki, change, template)
    except (Protected, Refused) as error:
        return _refused(error, create)
    except SaveError as error:
        return Saved(Outcome.FAILED, f"not saved: {error}")


def _refused(error: Protected | Refused, create: bool = False) -> Saved:
    """A save the wiki's protection or filters refused: skipped, with the wiki's words.

    The run goes on; the page is planned again by the next run, which saves it once
    the protection or the filter is lifted.
    """
    if isinstance(error, Protected):
        what = "the title is protected from creation" if create else "the page is protected"
        return Saved(Outcome.SKIPPED, f"{what} against the bot's account: {error}")
    return Saved(Outcome.SKIPPED, f"the wiki refused the save: {error}")


def _redo(wiki: Wiki, change: PageChange, template: str) -> Saved:
    fresh = wiki.read_page(change.title)
    try:
        text = rebase(change, fresh.text, template)
    except Conflict as error:
        return Saved(Outcome.CONFLICT, f"edited meanwhile: {error}")
    if text == fresh.text:
        return Saved(Outcome.NOOP, "the page already says what the bot would write")
    if not fresh.bots_allowed:
        return Saved(Outcome.SKIPPED, "edited meanwhile to keep bots out")
    try:
        wiki.save(change.title, text, change.summary, create=False)
        return Saved(Outcome.SAVED, "saved after an edit conflict")
    except EditConflict:
        return Saved(Outcome.CONFLICT, "edited again while retrying")
    except (Protected, Refused) as error:
        return _refused(error)
    except SaveError as error:
        return Saved(Outcome.FAILED, f"not saved: {error}")


class Progress:
    """``[12/85]`` before each page line; on a terminal, what is left and how long."""

    def __init__(self, total: int, terminal: bool | None = None) -> None:
        self.total = total
        self.done = 0
        self.terminal = sys.stdout.isatty() if terminal is None else terminal
        self.started = time.monotonic()

    def next(self) -> str:
        self.done += 1
        width = len(str(self.total))
        counter = f"[{self.done:>{width}}/{self.total}]"
        return counter

    def eta(self) -> str:
        """`` (73 left, about 2 min)`` on a terminal for long runs, else ''."""
        left = self.total - self.done
        if not self.terminal or left <= 0 or self.done < 3 or self.total < 20:
            return ""
        per_page = (time.monotonic() - self.started) / self.done
        seconds = per_page * left
        about = f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"
        return f"  ({left} left, about {about})"


def _line(counter: str, word: str, title: str, detail: str = "") -> str:
    return f"{counter} {word:<9} [[{title}]]{detail}"


def apply_plan(
    plan: Plan,
    wiki: Wiki,
    summary: RunSummary,
    say: Say,
    ask: Ask | None = None,
    edit_limit: int = 0,
) -> None:
    """Save the pages that change, subpages first and the index last; a line a page."""
    apply_changes(plan.changes, wiki, plan.job.template, summary, say, ask, edit_limit)


def apply_changes(
    changes: Sequence[PageChange],
    wiki: Wiki,
    template: str,
    summary: RunSummary,
    say: Say,
    ask: Ask | None = None,
    edit_limit: int = 0,
) -> None:
    """Save each change in turn, asking first unless ``ask`` is None (-always).

    Under pywikibot's -simulate the saves go as far as the API layer, which drops
    them: each line then says what would have been saved.
    """
    always = ask is None
    edits = 0
    quit_at = ""
    progress = Progress(sum(1 for c in changes if c.action != Action.UNCHANGED))
    for change in changes:
        if change.action == Action.UNCHANGED:
            summary.record(change.action)
            continue
        counter = progress.next()
        if not change.writes:
            summary.record(change.action)
            if change.action == Action.ERROR:
                summary.problems.append(f"[[{change.title}]]: {change.reason}")
            else:  # deleted, skipped: done, but a person should look
                summary.attention.append(f"[[{change.title}]]: {change.reason}")
            say(_line(counter, change.action.value, change.title, f": {change.reason}"))
            continue
        if quit_at or (edit_limit and edits >= edit_limit):
            if quit_at:
                summary.declined += 1  # the operator quit: this page was not saved either
            else:
                summary.deferred += 1
            continue
        if not always and ask is not None:
            answer = ask(change)
            if answer == "q":
                quit_at = change.title
                summary.declined += 1
                continue
            if answer == "n":
                summary.declined += 1
                continue
            if answer == "a":
                always = True
        edits += 1
        saved = save_change(wiki, change, template)
        summary.record(change.action, saved.outcome)
        if saved.outcome in (Outcome.SAVED, Outcome.NOOP):
            note = f" ({saved.message})" if saved.message else ""
            word = f"would {change.action.value}" if wiki.simulate else DONE[change.action]
            say(_line(counter, word, change.title, note) + progress.eta())
            continue
        word = saved.outcome.value
        notes = summary.attention if saved.outcome == Outcome.SKIPPED else summary.problems
        notes.append(f"[[{change.title}]]: {saved.message}")
        say(_line(counter, word, change.title, f": {saved.message}"))
    if quit_at:
        say(
            f"stopped at the operator's request at [[{quit_at}]]: "
            f"{plural(summary.declined, 'page')} declined, not saved"
        )
    if summary.deferred:
        summary.refused = (
            f"edit limit of {edit_limit} reached: "
            f"{plural(summary.deferred, 'page')} left for the next run"
        )
