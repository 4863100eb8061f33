"""What the watcher decides, without a wiki: which changes are a reason to sync, how
long it waits while the wiki is away, when the safety net runs, how its lines look."""

from __future__ import annotations

import io
import os
import re
import signal
import time
from collections.abc import Iterator

import pytest

from recsync.model import RecentChange, RunResult
from recsync.unattended import Stop, Stopper
from recsync.watch import (
    BACKOFF_CEILING,
    Stamped,
    Watched,
    backoff,
    concerns,
    describe,
    resync_due,
    retry_after,
    translation_of,
)

SOURCE = "User:Econterms/89 strategy recommendations as of Nov 2019"
JOB = Watched(
    "default", SOURCE, SOURCE, f"{SOURCE}/Index", "User:ExampleBot/Run", "User:ExampleBot/Status"
)
ELSEWHERE = Watched(
    "elsewhere", SOURCE, "Strategy/Recommendations", "Strategy/Recommendations/Index"
)
BOT = "ExampleBot"


def change(title: str, user: str = "Editor", kind: str = "edit", **more: str) -> RecentChange:
    return RecentChange(1, "2026-12-01T10:00:00Z", title, user, kind, **more)


@pytest.mark.parametrize(
    ("title", "why"),
    [
        (SOURCE, "the source page"),
        (f"{SOURCE}/de", "a translation of the source page"),
        (f"{SOURCE}/zh-hant", "a translation of the source page"),
        (f"{SOURCE}/Advocacy/3", "a page below the prefix"),
        (f"{SOURCE}/Advocacy/3/de", "a page below the prefix"),  # a subpage's translation
        (f"{SOURCE}/Index", "the index"),
        ("User:ExampleBot/Run", "the run page"),
        ("User:ExampleBot/Status", ""),  # the bot's report, not its input
        (f"{SOURCE} (old)", ""),  # begins like the source, is not below it
        ("Template:Recommendation status", ""),
        ("User:Econterms", ""),
    ],
)
def test_which_pages_concern_a_job(title: str, why: str) -> None:
    assert concerns(change(title), JOB, BOT) == why


def test_the_bot_s_own_edits_are_no_reason() -> None:
    assert concerns(change(SOURCE, user=BOT), JOB, BOT) == ""
    assert concerns(change(f"{SOURCE}/Advocacy/3", user=BOT), JOB, BOT) == ""
    assert concerns(change(f"{SOURCE}/Advocacy/3", user="OtherBot"), JOB, BOT) != ""


def test_a_translation_of_the_source_counts_when_the_subpages_are_elsewhere() -> None:
    assert concerns(change(f"{SOURCE}/fr"), ELSEWHERE, BOT) == "a translation of the source page"
    assert concerns(change(f"{SOURCE}/Advocacy"), ELSEWHERE, BOT) == ""  # not a language
    assert concerns(change("Strategy/Recommendations/Advocacy/1"), ELSEWHERE, BOT) == (
        "a page below the prefix"
    )


def test_a_move_into_or_out_of_the_tree_and_a_deletion_count() -> None:
    into = change("User:Jane/Draft", kind="log", log="move/move", target=f"{SOURCE}/Advocacy/9")
    out = change(f"{SOURCE}/Advocacy/2", kind="log", log="move/move", target="User:Jane/Report")
    deleted = change(f"{SOURCE}/Advocacy/4", user="Admin", kind="log", log="delete/delete")

    assert concerns(into, JOB, BOT) == "a page below the prefix"
    assert concerns(out, JOB, BOT) == "a page below the prefix"
    assert concerns(deleted, JOB, BOT) == "a page below the prefix"
    assert describe(into) == (f"[[User:Jane/Draft]] move/move to [[{SOURCE}/Advocacy/9]] by Editor")
    assert describe(deleted) == f"[[{SOURCE}/Advocacy/4]] delete/delete by Admin"


def test_an_edit_and_a_creation_are_described_as_a_reader_says_them() -> None:
    assert describe(change(SOURCE)) == f"[[{SOURCE}]] edited by Editor"
    assert describe(change(f"{SOURCE}/de", kind="new")) == f"[[{SOURCE}/de]] created by Editor"
    assert describe(change(SOURCE, user="")) == f"[[{SOURCE}]] edited by someone hidden"


@pytest.mark.parametrize(
    ("title", "page", "translation"),
    [
        ("A/de", "A", True),
        ("A/pt-br", "A", True),
        ("A/Advocacy", "A", False),
        ("A/de/x", "A", False),
        ("B/de", "A", False),
        ("A/DE", "A", False),  # Translate's codes are lower case
    ],
)
def test_translation_pages_are_named_by_language_code(
    title: str, page: str, translation: bool
) -> None:
    assert translation_of(title, page) is translation


def test_the_wait_doubles_while_the_wiki_is_away_up_to_five_minutes() -> None:
    assert [backoff(n, 30) for n in range(7)] == [30, 30, 60, 120, 240, 300, 300]
    assert backoff(3, 1) == 4
    assert backoff(100, 1) == BACKOFF_CEILING
    assert backoff(2, 600) == 600  # an interval above the ceiling is kept


def test_the_safety_net_runs_after_the_resync_period_unless_it_is_off() -> None:
    assert resync_due(3600, 3600)
    assert not resync_due(3599, 3600)
    assert not resync_due(10**9, 0)


@pytest.mark.parametrize(
    ("result", "again"),
    [
        (RunResult.FAILED, True),
        (RunResult.OK, False),
        (RunResult.ATTENTION, False),  # the edit limit: the next change or the safety net
        (RunResult.REFUSED, False),  # the run page says no: wait for it to say yes
        (RunResult.UNUSABLE, False),
    ],
)
def test_only_a_failed_sync_is_tried_again_without_a_new_change(
    result: RunResult, again: bool
) -> None:
    assert retry_after(result) is again


def test_every_line_of_the_watch_starts_with_the_time() -> None:
    buffer = io.StringIO()
    out = Stamped(buffer)

    print("one", file=out)
    print("two\nthree", file=out)
    out.write("four, ")
    out.write("still four\n")

    lines = buffer.getvalue().splitlines()
    assert [line[21:] for line in lines] == ["one", "two", "three", "four, still four"]
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ", line) for line in lines)


# --- stopping on a signal ------------------------------------------------------------------


@pytest.fixture
def stopper() -> Iterator[Stopper]:
    stopping = Stopper()
    stopping.install()
    yield stopping
    stopping.restore()


def test_a_signal_between_saves_ends_the_watch_at_once(stopper: Stopper) -> None:
    with pytest.raises(Stop, match="SIGTERM"):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # never slept through: the handler raises


def test_a_signal_during_a_save_waits_for_its_end_and_stops_the_next(stopper: Stopper) -> None:
    saved = []
    with stopper.saving_now():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        saved.append("the page")  # the save goes on to its end

    assert saved == ["the page"]
    with pytest.raises(Stop, match="SIGINT"):
        stopper.ask(object())  # before the next save


def test_the_handlers_are_given_back(stopper: Stopper) -> None:
    stopper.restore()

    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    assert signal.getsignal(signal.SIGINT) == signal.default_int_handler
