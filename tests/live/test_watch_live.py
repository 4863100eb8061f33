"""``recsync watch`` against the live wiki: an edit of the source reaches the subpage and
the index within seconds, the wiki going away and coming back, SIGTERM in the middle
of a run, the run page, the edit limit, maxlag.

Each test starts the watcher as a service manager does, a process of its own
(``python -m recsync watch --source TITLE --interval 1``), with a pywikibot config
dir of its own (tests/live/test_faults.py's ``Bot``): straight to the wiki, or through
the fault proxy.  What is asserted is what a maintainer sees: the lines it prints,
its exit code, the lock, and the pages on the wiki, read by the editor.  Every wait
is bounded.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_runs import status_call_params
from faultproxy import MAXLAG, SLOW, FaultProxy, edits
from harness import ROOT, TEST_API, TEST_PORT, TEST_URL, Editor, LiveWiki, _devwiki_module
from test_faults import Bot

from recsync.unattended import AlreadyRunning, job_lock, lock_path

pytestmark = pytest.mark.live

SOURCE = """== Advocacy ==
* Create an advocacy hub
* Protect advocates
* Enable advocates to collaborate
== Diversity ==
* Planned community diversification
* Reflective policies for participation
"""
PAGES = 6  # five items and the index
#: No wait of these tests is longer.
TIMEOUT = 60.0


@dataclass
class Watching:
    """A watcher process, its output going to a file."""

    process: subprocess.Popen[bytes]
    out: Path
    bot: Bot

    def output(self) -> str:
        return self.out.read_text(errors="replace")

    def syncs(self) -> int:
        return self.output().count("recsync default: [[")

    def stop(self, how: int = signal.SIGTERM) -> int:
        self.process.send_signal(how)
        return self.process.wait(timeout=TIMEOUT)


def until(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> float:
    """Wait for ``condition``; the seconds it took."""
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.1)
    return time.monotonic() - began


@pytest.fixture
def watchers() -> Iterator[list[Watching]]:
    """Watchers a test starts: none outlives it."""
    started: list[Watching] = []
    yield started
    for each in started:
        if each.process.poll() is None:
            each.process.kill()
        each.process.wait(timeout=10)


def watch(
    bot: Bot, source: str, watchers: list[Watching], *options: str, config: Path | None = None
) -> Watching:
    where = ["--config", str(config)] if config else ["--source", source]
    command = [sys.executable, "-m", "recsync", "watch", *where, "--interval", "1", *options]
    out = bot.dir.parent / f"watch-{len(watchers)}.out"
    with out.open("wb") as stdout:
        process = subprocess.Popen(
            command, cwd=ROOT, env=bot.env, stdout=stdout, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    watchers.append(Watching(process, out, bot))
    return watchers[-1]


def lock_is_free(bot: Bot, source: str) -> bool:
    try:
        with job_lock(lock_path(bot.dir, "default", source)):
            return True
    except AlreadyRunning:
        return False


@pytest.fixture
def source(request: pytest.FixtureRequest, editor: Editor) -> str:
    title = f"User:Editor/Watched {request.node.name.removeprefix('test_').replace('_', ' ')}"
    editor.save(title, SOURCE, "source page for a watch test")
    return title


@pytest.fixture
def direct(tmp_path: Path, live_wiki: LiveWiki) -> Bot:
    """A config dir whose family is the wiki itself (no proxy)."""
    return Bot(tmp_path, TEST_API)


def text_of(editor: Editor, title: str) -> str:
    return editor.text(title) or ""


# --- in step within seconds ----------------------------------------------------------------


def test_a_source_edit_reaches_the_subpage_and_the_index_within_seconds(
    editor: Editor, source: str, direct: Bot, watchers: list[Watching]
) -> None:
    watcher = watch(direct, source, watchers)
    until(lambda: len(editor.titles_under(source)) == PAGES, "the first sync")
    until(lambda: "look at the recent changes" in watcher.output(), "the watch's first line")

    editor.save(source, SOURCE.replace("advocacy hub", "advocacy hub and forum"))
    took = until(
        lambda: (
            "hub and forum" in text_of(editor, f"{source}/Index")
            and "hub and forum" in text_of(editor, f"{source}/Advocacy/1")
        ),
        "the edit on the subpage and the index",
    )

    assert took < 10  # a look a second, then the sync
    assert f"change    [[{source}]] edited by Editor (the source page of default)" in (
        watcher.output()
    )
    time.sleep(3)  # three more looks: the bot's own two edits are no reason to sync
    assert watcher.syncs() == 2  # when the watch started, and after the editor's edit
    assert watcher.stop() == 0
    assert "stopped by SIGTERM" in watcher.output()
    assert lock_is_free(direct, source)


def test_an_editor_s_status_reaches_the_index_and_other_pages_do_not_wake_it(
    editor: Editor, source: str, direct: Bot, watchers: list[Watching]
) -> None:
    watcher = watch(direct, source, watchers)
    until(lambda: len(editor.titles_under(source)) == PAGES and watcher.syncs() == 1, "a sync")

    editor.save("User:Editor/Elsewhere", "not the job's page")
    editor.save(f"{source} and more", "a title that only begins like the source's")
    page = f"{source}/Diversity/2"
    editor.save(page, text_of(editor, page).replace("status = proposed", "status = adopted"))
    until(lambda: 'data-status="adopted"' in text_of(editor, f"{source}/Index"), "the new status")

    output = watcher.output()
    assert f"change    [[{page}]] edited by Editor (a page below the prefix of default)" in output
    assert "Elsewhere" not in output and "and more" not in output
    assert watcher.syncs() == 2
    assert watcher.stop(signal.SIGINT) == 0


# --- the wiki goes away and comes back -----------------------------------------------------


def test_the_wiki_going_away_is_waited_out_and_the_watch_goes_on(
    editor: Editor, source: str, direct: Bot, watchers: list[Watching], live_wiki: LiveWiki
) -> None:
    """The php server is stopped and started again on the same database."""
    devwiki = _devwiki_module()
    watcher = watch(direct, source, watchers)
    until(lambda: watcher.syncs() == 1 and "default: 6 created" in watcher.output(), "a sync")

    devwiki.stop_server(live_wiki.dir)
    try:
        until(lambda: "cannot reach" in watcher.output(), "the watcher noticing")
        time.sleep(4)  # a few more failed looks, each waited for longer
    finally:
        pid = devwiki.serve(live_wiki.dir, TEST_PORT)
        devwiki.wait_until_up(live_wiki.dir, pid, TEST_API)
    editor = live_wiki.editor()  # a new session: the server's workers are new
    editor.save(source, SOURCE.replace("Protect advocates", "Protect advocates and partners"))

    until(
        lambda: "and partners" in text_of(editor, f"{source}/Advocacy/2"),
        "the edit made after the wiki came back",
    )
    output = watcher.output()
    assert output.count("cannot reach") == 1  # said once, not at every look
    assert "the wiki answers again" in output
    assert watcher.process.poll() is None  # it never gave up
    assert watcher.stop() == 0


# --- SIGTERM in the middle of a run --------------------------------------------------------


def test_sigterm_during_a_save_finishes_that_save_and_nothing_more(
    editor: Editor, source: str, tmp_path: Path, watchers: list[Watching]
) -> None:
    with FaultProxy(TEST_URL) as proxy:
        proxy.add(SLOW, seconds=2, times=PAGES, when=edits)  # each save takes 2 s
        bot = Bot(tmp_path, proxy.api)
        watcher = watch(bot, source, watchers)
        assert proxy.wait_for(lambda p: p.injected[SLOW] == 2, TIMEOUT)  # the 2nd save held

        began = time.monotonic()
        code = watcher.stop()
        took = time.monotonic() - began

    assert code == 0
    assert took < 10
    assert proxy.forwarded["edit"] == 2  # the save under way was finished, no other made
    titles = editor.titles_under(source)
    assert titles == [f"{source}/Advocacy/1", f"{source}/Advocacy/2"]
    assert status_call_params(text_of(editor, f"{source}/Advocacy/2"))["text"] == (
        "Protect advocates"
    )  # whole
    output = watcher.output()
    assert "created   [[" + f"{source}/Advocacy/2]]" in output
    assert "stopped by SIGTERM" in output
    assert lock_is_free(bot, source)


def test_a_second_watcher_waits_for_the_lock_and_takes_over(
    editor: Editor, source: str, direct: Bot, watchers: list[Watching]
) -> None:
    first = watch(direct, source, watchers)
    until(lambda: first.syncs() == 1, "the first watcher's sync")
    second = watch(direct, source, watchers)
    until(lambda: "waiting for the lock" in second.output(), "the second watcher waiting")
    assert "the job is already running (pid" in second.output()
    assert "watching; last look" in second.output()  # the holder's note says it is alive

    assert first.stop() == 0
    until(lambda: second.syncs() == 1, "the second watcher's sync")
    assert second.stop() == 0


# --- what a sync obeys ---------------------------------------------------------------------


def test_the_run_page_stops_every_edit_until_it_reads_true(
    editor: Editor, source: str, direct: Bot, watchers: list[Watching], tmp_path: Path
) -> None:
    run_page = f"{source}/Run"
    editor.save(run_page, "false")
    config = tmp_path / "job.toml"
    config.write_text(f'source = "{source}"\nrun_page = "{run_page}"\n')
    watcher = watch(direct, source, watchers, config=config)
    until(lambda: "reads 'false', not 'true': no edit made" in watcher.output(), "a refusal")

    editor.save(source, SOURCE.replace("Protect advocates", "Protect advocates well"))
    until(lambda: watcher.syncs() == 2, "a sync after the source edit")
    assert editor.titles_under(source) == [run_page]  # refused again: no edit

    editor.save(run_page, "true")
    until(lambda: len(editor.titles_under(source)) == PAGES + 1, "the sync the run page allows")
    assert f"change    [[{run_page}]] edited by Editor (the run page of default)" in (
        watcher.output()
    )
    assert watcher.stop() == 0


def test_the_edit_limit_holds_for_each_sync_and_the_safety_net_does_the_rest(
    editor: Editor, source: str, direct: Bot, watchers: list[Watching], tmp_path: Path
) -> None:
    config = tmp_path / "job.toml"
    config.write_text(f'source = "{source}"\nedit_limit = 4\n')
    watcher = watch(direct, source, watchers, "--resync", "3", config=config)
    limit = "edit limit of 4 reached: 2 pages left for the next run"
    until(lambda: limit in watcher.output(), "the first sync")
    assert len(editor.titles_under(source)) == 4

    until(lambda: len(editor.titles_under(source)) == PAGES, "the safety net's sync")
    assert "(no sync for 0 min)" in watcher.output()
    assert watcher.stop() == 0


def test_maxlag_is_waited_out_by_each_look(
    editor: Editor, source: str, tmp_path: Path, watchers: list[Watching]
) -> None:
    with FaultProxy(TEST_URL) as proxy:
        bot = Bot(tmp_path, proxy.api)
        watcher = watch(bot, source, watchers)
        until(lambda: watcher.syncs() == 1 and "default: 6 created" in watcher.output(), "sync")
        looks = lambda r: r.params.get("list") == "recentchanges"  # noqa: E731
        proxy.add(MAXLAG, times=2, when=looks, retry_after=1)
        editor.save(source, SOURCE.replace("Protect advocates", "Protect the advocates"))

        until(lambda: "the advocates" in text_of(editor, f"{source}/Advocacy/2"), "the sync")
        assert proxy.injected[MAXLAG] == 2
        assert "cannot reach" not in watcher.output()  # waited out by pywikibot, not a fault
        assert watcher.stop() == 0


def test_watch_without_a_job_is_a_usage_error(direct: Bot) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "recsync", "watch"], cwd=ROOT, env=direct.env,
        capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
    )  # fmt: skip

    assert done.returncode == 2
    assert "give --config FILE or --source TITLE" in done.stderr


def test_a_wiki_that_cannot_be_reached_at_the_start_is_exit_1(tmp_path: Path) -> None:
    """The service manager starts it again (once it runs, it waits the wiki out itself)."""
    closed = Bot(tmp_path, "http://127.0.0.1:9/api.php")  # the discard port: nothing listens
    done = subprocess.run(
        [sys.executable, "-m", "recsync", "watch", "--source", "User:Editor/Nowhere"],
        cwd=ROOT, env=closed.env, capture_output=True, text=True, timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip

    assert done.returncode == 1
    assert "recsync: cannot reach http://127.0.0.1:9/api.php" in done.stderr


def test_a_dry_run_watch_shows_each_sync_and_edits_nothing(
    editor: Editor, source: str, direct: Bot, watchers: list[Watching]
) -> None:
    watcher = watch(direct, source, watchers, "--dry-run")
    until(lambda: "(dry run: no edit)" in watcher.output(), "the watch's first line")
    until(lambda: "would create 6" in watcher.output(), "the first dry sync's summary")
    editor.save(source, SOURCE.replace("Protect advocates", "Protect advocates at once"))
    until(lambda: watcher.syncs() == 2, "a dry sync after the edit")

    assert editor.titles_under(source) == []
    assert lock_is_free(direct, source)  # a dry run holds no lock
    assert watcher.stop() == 0
