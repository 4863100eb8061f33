"""Transient failures between the bot and the wiki, injected by tests/faultproxy.py.

Every test puts the fault proxy in front of the session's wiki and runs recsync as a
scheduler does: ``python -m recsync sync --source TITLE -always --summary-json F`` in a
process of its own.  pywikibot reads its config once per process, so that process gets
a copy of the session's config dir whose family points at the proxy and whose retries
are set as a maintainer sets them for a flaky link (RETRIES).

What is asserted is what a maintainer sees: the exit code, the summary JSON, the lines
the bot prints, and the pages on the wiki, read by the editor straight from the wiki
(not through the proxy).  "The job is done" means the wiki holds exactly what one clean
run writes: the planner's own pages for the source, whole, and no other page.

Each test has a source page of its own (``User:Editor/Faults <scenario>``).  Every wait
is bounded: the proxy's sockets and holds, and a hard timeout on each bot process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cli_runs import status_call_params
from faultproxy import (
    DROP,
    HANG,
    HTTP_503,
    LOSE_ANSWER,
    MAXLAG,
    RESET,
    SLOW,
    FaultProxy,
    Request,
    edit_of,
    edits,
)
from harness import ROOT, TEST_URL, Editor

from recsync.config import JobConfig
from recsync.model import Action, PageState
from recsync.plan import PlanContext, make_plan
from recsync.resources import rendering_fingerprint
from recsync.source import parse_source

pytestmark = pytest.mark.live

SMALL = """Working groups' drafts, rephrased.

== Advocacy ==
* Create an advocacy hub
* Protect advocates with clearly defined safety measures
* Enable advocates to collaborate internationally with partners

== Diversity ==
* Planned community diversification
* Reflective policies for participation and governance
"""
SKELETON = (ROOT / "templates" / "subpage.wiki").read_text(encoding="utf-8")  # as recsync.sync
ITEMS = 5
PAGES = ITEMS + 1  # and the index

#: pywikibot's retries as a maintainer sets them for these tests: at most 3 retries a
#: request, waiting 1 s, then 2 s, 2 s; a 3 s read timeout, so a slow answer times out.
RETRIES: dict[str, Any] = {
    "max_retries": 3,
    "retry_wait": 1,
    "retry_max": 2,
    "read_maxlag": 5,
    "write_maxlag": 5,
    "socket_timeout": (2, 3),
}
#: No bot run of these tests may take longer; retries included.
RUN_TIMEOUT = 45.0


# --- running the bot through the proxy ---------------------------------------------------


@dataclass
class BotRun:
    code: int
    counts: dict[str, int]
    out: str
    err: str
    seconds: float

    def line_for(self, title: str) -> str:
        """The one line the run printed about the page ``title``, without its ``[n/N]``."""
        lines = [line for line in self.out.splitlines() if f"[[{title}]]" in line]
        assert len(lines) == 1, f"{len(lines)} lines about [[{title}]]:\n{self.out}"
        return lines[0].partition("] ")[2] if lines[0].startswith("[") else lines[0]


class Bot:
    """recsync as a process of its own, its pywikibot reaching the wiki through a proxy."""

    def __init__(self, where: Path, api: str, **settings: Any) -> None:
        session = Path(os.environ["PYWIKIBOT_DIR"])  # the live_wiki fixture's password is in it
        self.dir = where / "pywikibot"
        self.dir.mkdir(parents=True)
        password = self.dir / "user-password.cfg"
        shutil.copy2(session / "user-password.cfg", password)
        password.chmod(0o600)
        config = (session / "user-config.py").read_text(encoding="utf-8")
        config = re.sub(r"(?m)^password_file = .*$", f"password_file = {str(password)!r}", config)
        config += "\n# The fault tests: the wiki through the fault proxy.\n"
        config += f"family_files['devwiki'] = {api!r}\n"
        config += "".join(f"{key} = {value!r}\n" for key, value in {**RETRIES, **settings}.items())
        (self.dir / "user-config.py").write_text(config, encoding="utf-8")
        (self.dir / "user-config.py").chmod(0o600)
        self.summary = where / "summary.json"

    def command(self, source: str) -> list[str]:
        return [
            sys.executable, "-m", "recsync", "sync", "--source", source, "-always",
            "--summary-json", str(self.summary),
        ]  # fmt: skip

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "PYWIKIBOT_DIR": str(self.dir)}

    def run(self, source: str, timeout: float = RUN_TIMEOUT) -> BotRun:
        self.summary.unlink(missing_ok=True)
        started = time.monotonic()
        done = subprocess.run(
            self.command(source), cwd=ROOT, env=self.env, capture_output=True, text=True,
            timeout=timeout, check=False,
        )  # fmt: skip
        return BotRun(
            done.returncode, self.counts(), done.stdout, done.stderr, time.monotonic() - started
        )

    def counts(self) -> dict[str, int]:
        return json.loads(self.summary.read_text()) if self.summary.exists() else {}


@dataclass
class Started:
    """A bot process still running, its output going to files."""

    process: subprocess.Popen[bytes]
    out: Path
    err: Path

    def output(self) -> tuple[str, str]:
        return self.out.read_text(errors="replace"), self.err.read_text(errors="replace")


@pytest.fixture
def started(tmp_path: Path) -> Iterator[list[Started]]:
    """Bot processes a test starts itself: none outlives the test."""
    processes: list[Started] = []
    yield processes
    for each in processes:
        if each.process.poll() is None:
            each.process.kill()
        each.process.wait(timeout=10)


def start(bot: Bot, source: str, started: list[Started], name: str) -> Started:
    out, err = bot.dir.parent / f"{name}.out", bot.dir.parent / f"{name}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            bot.command(source), cwd=ROOT, env=bot.env, stdout=stdout, stderr=stderr
        )
    started.append(Started(process, out, err))
    return started[-1]


@pytest.fixture
def proxy() -> Iterator[FaultProxy]:
    with FaultProxy(TEST_URL) as running:
        yield running
    assert running.threads() == [], "a proxy thread outlived the test"


@pytest.fixture
def bot(tmp_path: Path, proxy: FaultProxy) -> Bot:
    return Bot(tmp_path, proxy.api)


@pytest.fixture
def source(request: pytest.FixtureRequest, editor: Editor) -> str:
    """A fresh source page for this test, holding SMALL."""
    scenario = request.node.name.removeprefix("test_").replace("_", " ")
    title = f"User:Editor/Faults {scenario}"
    editor.save(title, SMALL, "source page for a fault test")
    return title


def tree_read(request: Request) -> bool:
    """The run's batched read of the source and every page below it."""
    return request.params.get("generator") == "allpages"


# --- what the wiki holds -----------------------------------------------------------------


def clean_run(editor: Editor, source: str) -> dict[str, str]:
    """Every page one uninterrupted first run writes for ``source``, with its text.

    Made by the planner itself from the source as the wiki holds it now.
    """
    text = editor.text(source)
    assert text is not None
    state = PageState(source, text, revid=editor.revision(source))
    job = JobConfig(source=source)
    parsed = parse_source(text, source=source, default_group=job.default_group)
    context = PlanContext(
        today=datetime.now(UTC).strftime("%Y-%m-%d"), bot_user="RecsyncBot",
        rendering=rendering_fingerprint(),  # as a run plans: the index remembers its pages
    )  # fmt: skip
    plan = make_plan(job, parsed, state, [state], SKELETON, context)
    assert plan.count(Action.CREATE) == PAGES
    return {change.title: change.new_text or "" for change in plan.changes}


def assert_job_done(editor: Editor, source: str) -> None:
    """The wiki holds what a clean run writes: the same pages, whole, and no other."""
    expected = clean_run(editor, source)
    assert editor.titles_under(source) == sorted(expected)
    for title, text in expected.items():
        # MediaWiki stores a page without its trailing whitespace.  The index's memory
        # keys digest the wiki's namespaces too, which a plan made here does not know:
        # their pages' sha1s are compared, the keys are not.
        held, wanted = (_unkeyed(t.rstrip()) for t in (editor.text(title) or "", text))
        assert held == wanted, f"[[{title}]] differs"


def _unkeyed(text: str) -> str:
    return re.sub(r'(data-seen="[0-9a-f]{20})-[0-9a-f]{16}"', r'\1"', text)


def assert_every_item_has_one_whole_page(editor: Editor, source: str) -> None:
    """Each item has exactly one subpage, with one status call naming it, and the index."""
    titles = editor.titles_under(source)
    assert f"{source}/Index" in titles
    subpages = [t for t in titles if t != f"{source}/Index"]
    texts = []
    for title in subpages:
        params = status_call_params(editor.text(title) or "")  # exactly one call
        assert title == f"{source}/{params['id']}", title
        assert title.endswith(f"/{params['group']}/{params['number']}")
        assert (params["in_source"], params["status"]) == ("yes", "proposed")
        texts.append(params["text"])
    items = [line[2:] for line in SMALL.splitlines() if line.startswith("* ")]
    assert sorted(texts) == sorted(items)
    index = editor.text(f"{source}/Index") or ""
    assert all(f"[[{t}|" in index for t in subpages)


# --- transient faults are retried ----------------------------------------------------------


def test_503s_on_the_first_edits_are_retried_and_the_run_completes(
    editor: Editor, source: str, proxy: FaultProxy, bot: Bot
) -> None:
    proxy.add(HTTP_503, times=2, when=edits, retry_after=1)

    run = bot.run(source)

    assert run.code == 0, run.err
    assert run.counts["created"] == PAGES
    assert run.counts["errors"] == 0
    assert proxy.injected[HTTP_503] == 2
    assert proxy.forwarded["edit"] == PAGES  # each page saved once
    # backoff: the wait doubles from retry_wait
    assert "Waiting 1.0 seconds before retrying." in run.err
    assert "Waiting 2.0 seconds before retrying." in run.err
    assert run.line_for(f"{source}/Advocacy/1").startswith("created")
    assert_job_done(editor, source)


def test_maxlag_on_a_read_and_on_an_edit_is_waited_out(
    editor: Editor, source: str, proxy: FaultProxy, bot: Bot
) -> None:
    proxy.add(MAXLAG, when=lambda r: tree_read(r) and "maxlag" in r.params, retry_after=1)
    proxy.add(MAXLAG, when=lambda r: edits(r) and "maxlag" in r.params, after=2, retry_after=1)

    run = bot.run(source)

    assert run.code == 0, run.err
    assert run.counts["created"] == PAGES
    assert proxy.injected[MAXLAG] == 2
    assert proxy.forwarded["edit"] == PAGES
    assert run.seconds >= 2  # pywikibot waited Retry-After each time
    assert_job_done(editor, source)


def test_dropped_and_reset_connections_on_edits_are_retried(
    editor: Editor, source: str, proxy: FaultProxy, bot: Bot
) -> None:
    proxy.add(DROP, when=edit_of(f"{source}/Advocacy/1"))  # closed without an answer
    proxy.add(RESET, when=edit_of(f"{source}/Diversity/1"))  # connection reset by peer

    run = bot.run(source)

    assert run.code == 0, run.err
    assert run.counts["created"] == PAGES
    assert proxy.injected == {DROP: 1, RESET: 1}
    assert proxy.forwarded["edit"] == PAGES
    assert_job_done(editor, source)


def test_slow_answers_beyond_the_timeout_are_retried_within_a_bounded_time(
    editor: Editor, source: str, proxy: FaultProxy, bot: Bot
) -> None:
    proxy.add(SLOW, seconds=4, when=tree_read)  # beyond the 3 s read timeout
    proxy.add(SLOW, seconds=1, when=edits)  # within it: waited for, not retried

    run = bot.run(source)

    assert run.code == 0, run.err
    assert run.seconds < 15
    assert "Read timed out" in run.err
    assert proxy.injected[SLOW] == 2
    reads = [s for s in proxy.log if "allpages" in s.request and s.outcome == "forwarded"]
    assert len(reads) == 2  # the late one and the retry
    assert proxy.forwarded["edit"] == PAGES
    assert_job_done(editor, source)


def test_a_wiki_that_refuses_connections_for_a_moment_is_retried(
    editor: Editor, source: str, proxy: FaultProxy, bot: Bot, started: list[Started]
) -> None:
    with proxy.refusing():
        running = start(bot, source, started, "refused")
        deadline = time.monotonic() + 20
        while "before retrying" not in running.output()[1]:  # one refused attempt
            assert time.monotonic() < deadline, "the bot never tried to connect"
            assert running.process.poll() is None, running.output()
            time.sleep(0.05)
    code = running.process.wait(timeout=RUN_TIMEOUT)

    out, err = running.output()
    assert code == 0, err
    assert "WARNING: Waiting 1.0 seconds before retrying." in err
    assert out.count("created   [[") == PAGES
    assert_job_done(editor, source)


# --- a run that fails part-way, and the next run ------------------------------------------


def test_a_page_whose_saves_keep_failing_is_reported_and_the_next_run_finishes_the_job(
    editor: Editor, source: str, proxy: FaultProxy, tmp_path: Path
) -> None:
    bot = Bot(tmp_path, proxy.api, max_retries=1)  # two tries a request
    failing = f"{source}/Advocacy/2"
    proxy.add(DROP, times=2, when=edit_of(failing))

    first = bot.run(source)

    assert first.code == 1
    assert first.counts["created"] == PAGES - 1  # the run went on with the others
    assert not first.line_for(failing).startswith("created")
    assert proxy.injected[DROP] == 2
    assert failing not in editor.titles_under(source)
    assert len(editor.titles_under(source)) == PAGES - 1

    second = bot.run(source)

    assert second.code == 0, second.err
    assert second.counts["created"] == 1
    assert second.counts["errors"] == second.counts["skipped"] == 0
    assert_every_item_has_one_whole_page(editor, source)


def test_a_page_whose_saves_keep_failing_is_counted_as_an_error_with_its_reason(
    source: str, proxy: FaultProxy, tmp_path: Path
) -> None:
    bot = Bot(tmp_path, proxy.api, max_retries=1)
    failing = f"{source}/Advocacy/2"
    proxy.add(DROP, times=2, when=edit_of(failing))

    run = bot.run(source)

    assert run.code == 1
    assert (run.counts["errors"], run.counts["skipped"]) == (1, 0)
    line = run.line_for(failing)
    assert line.startswith(f"error     [[{failing}]]: ")
    assert line.split("]]: ", 1)[1].strip() not in (
        "",
        f"Edit to page [[devwiki:{failing}]] failed:",
    )


def test_after_a_failed_creation_the_next_run_gives_the_item_the_page_a_clean_run_gives_it(
    editor: Editor, source: str, proxy: FaultProxy, tmp_path: Path
) -> None:
    bot = Bot(tmp_path, proxy.api, max_retries=1)
    proxy.add(DROP, times=2, when=edit_of(f"{source}/Advocacy/2"))
    assert bot.run(source).code == 1

    second = bot.run(source)

    assert second.code == 0, second.err
    assert_job_done(editor, source)


def test_a_run_killed_half_way_leaves_whole_pages_and_the_next_run_finishes_the_job(
    editor: Editor, source: str, proxy: FaultProxy, bot: Bot, started: list[Started]
) -> None:
    saved = 2
    proxy.add(HANG, when=edits, after=saved, seconds=30)  # the third save never arrives
    running = start(bot, source, started, "killed")
    assert proxy.wait_for(lambda p: p.injected[HANG] == 1, timeout=RUN_TIMEOUT), running.output()
    running.process.send_signal(signal.SIGKILL)
    assert running.process.wait(timeout=10) == -signal.SIGKILL

    expected = clean_run(editor, source)
    written = editor.titles_under(source)
    assert written == [f"{source}/Advocacy/1", f"{source}/Advocacy/2"]
    assert proxy.forwarded["edit"] == saved
    for title in written:  # whole pages, as a clean run writes them
        assert (editor.text(title) or "").rstrip() == expected[title].rstrip()

    assert list(bot.dir.glob("recsync-*.lock")), "the killed run's lock file is gone"
    again = bot.run(source)

    assert again.code == 0, again.err
    assert (again.counts["created"], again.counts["unchanged"]) == (PAGES - saved, saved)
    assert_job_done(editor, source)


def test_a_create_whose_answer_is_lost_is_not_reported_as_someone_elses(
    editor: Editor, source: str, proxy: FaultProxy, bot: Bot
) -> None:
    lost = f"{source}/Advocacy/2"
    proxy.add(LOSE_ANSWER, when=edit_of(lost))  # the wiki saves it; the answer never comes

    run = bot.run(source)

    assert proxy.injected[LOSE_ANSWER] == 1
    assert run.line_for(lost).startswith("created")
    assert run.counts["conflicts"] == 0
    assert run.code == 0, run.out
    assert_job_done(editor, source)


# --- what a maintainer reads ---------------------------------------------------------------


def test_a_wiki_that_refuses_every_connection_fails_fast_in_one_line(
    editor: Editor, source: str, proxy: FaultProxy, bot: Bot
) -> None:
    with proxy.refusing():
        run = bot.run(source)

    assert run.code != 0
    assert run.seconds < 15  # 3 retries: 1 + 2 + 2 s of waiting
    assert editor.titles_under(source) == []
    lines = run.err.splitlines()
    # pywikibot's own "ERROR: Traceback" of each attempt is the next test's business
    assert "Traceback (most recent call last):" not in lines, run.err
    assert "uncaught exception" not in run.err
    ours = [line for line in lines if line.startswith("recsync:")]
    assert len(ours) == 1, run.err
    assert ours == lines[-1:]
    assert f"127.0.0.1:{proxy.port}" in ours[0]


def test_a_retried_fault_is_one_line_in_the_output_not_a_traceback(
    source: str, proxy: FaultProxy, bot: Bot
) -> None:
    proxy.add(HTTP_503, when=edit_of(f"{source}/Advocacy/1"))
    proxy.add(DROP, when=edit_of(f"{source}/Advocacy/2"))

    run = bot.run(source)

    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    assert any("503" in line for line in run.err.splitlines())
