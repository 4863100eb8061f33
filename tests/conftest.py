"""Test harness: a clean pywikibot for every test, the live wiki, cassettes.

* pywikibot reads its config dir once, at import: this file points PYWIKIBOT_DIR at
  a config dir of the test session before anything imports pywikibot.  The same
  user-config.py serves live tests and cassette replays (same URL, same family).
* ``live`` tests share one real MediaWiki per session (scripts/devwiki on port 8766).
  If it cannot start, they fail: they are never skipped.
* ``cassette`` tests replay recorded sessions with the network blocked.  With
  ``RECSYNC_RECORD=1`` they run against the live wiki and re-record instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import (
    CASSETTES,
    DUMMY_SECRET,
    RECORD,
    RECORDED_PORT,
    TEST_API,
    TEST_PORT,
    Accounts,
    LiveWiki,
    same_api_call,
    user_config,
    vcr_config,
    write_password_file,
)

SESSION_DIR = Path(tempfile.mkdtemp(prefix="recsync-tests-"))
PYWIKIBOT_DIR = SESSION_DIR / "pywikibot"
PASSWORD_FILE = PYWIKIBOT_DIR / "user-password.cfg"
PYWIKIBOT_DIR.mkdir()
(PYWIKIBOT_DIR / "user-config.py").write_text(user_config(TEST_API, PASSWORD_FILE))
(PYWIKIBOT_DIR / "user-config.py").chmod(0o600)
write_password_file(PASSWORD_FILE, DUMMY_SECRET)
os.environ["PYWIKIBOT_DIR"] = str(PYWIKIBOT_DIR)
os.environ.pop("PYWIKIBOT_TEST_RUNNING", None)
assert "pywikibot" not in sys.modules, "pywikibot was imported before the test config was set"

# CI replays the same examples on every run (a red CI is then a real regression, not a
# rare input found by chance); at a desk hypothesis explores anew each time.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(SESSION_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def clean_pywikibot() -> Iterator[None]:
    """Each test starts with no cached site, no cookies and a cold API cache."""
    _reset_pywikibot()
    yield
    _reset_pywikibot()


def _reset_pywikibot() -> None:
    if "pywikibot" not in sys.modules:
        return
    import pywikibot
    from pywikibot.comms import http

    pywikibot._sites.clear()
    http.cookie_jar.clear()
    for name in ("apicache", "apicache-py3"):
        shutil.rmtree(PYWIKIBOT_DIR / name, ignore_errors=True)
    (PYWIKIBOT_DIR / "apicache").mkdir()
    for cookie_file in PYWIKIBOT_DIR.glob("pywikibot-*.lwp"):
        cookie_file.unlink()


@pytest.fixture(scope="session")
def live_wiki() -> Iterator[LiveWiki]:
    """The session's real MediaWiki; the bot's password file points at its account."""
    wiki = LiveWiki.start(SESSION_DIR / "wiki")
    write_password_file(PASSWORD_FILE, wiki.bot_secret)
    try:
        yield wiki
    finally:
        wiki.stop()
        write_password_file(PASSWORD_FILE, DUMMY_SECRET)


@pytest.fixture
def editor(live_wiki: LiveWiki) -> Any:
    return live_wiki.editor()


@pytest.fixture
def admin(live_wiki: LiveWiki) -> Any:
    return live_wiki.admin()


def _no_network(*args: Any, **kwargs: Any) -> None:
    raise OSError("network blocked: this test replays a cassette")


@pytest.fixture
def cassette(request: pytest.FixtureRequest) -> Iterator[Accounts]:
    """Replay ``cassettes/<test name>.yaml`` with sockets blocked, or record it anew.

    Yields the accounts to log in with: the live wiki's when recording, stand-ins
    when replaying (secrets are neither recorded nor matched).
    """
    import vcr

    name = request.node.name
    if TEST_PORT != RECORDED_PORT:
        pytest.fail(f"cassettes were recorded on port {RECORDED_PORT}; unset RECSYNC_TEST_PORT")
    recorder = vcr.VCR(**vcr_config())
    recorder.register_matcher("api_call", same_api_call)
    if RECORD:
        live = request.getfixturevalue("live_wiki")
        (CASSETTES / f"{name}.yaml").unlink(missing_ok=True)  # vcr would append to it
        with recorder.use_cassette(f"{name}.yaml") as tape:
            yield Accounts(live.accounts)
        assert len(tape) > 0, "nothing was recorded"
        return
    original = socket.socket.connect
    socket.socket.connect = _no_network  # type: ignore[method-assign]
    try:
        with recorder.use_cassette(f"{name}.yaml") as tape:
            yield Accounts(None)
            unplayed = [
                str(request.body)[:120]
                for index, (request, _) in enumerate(tape.data)
                if not tape.play_counts[index]
            ]
            assert not unplayed, f"{name}.yaml: requests recorded but not replayed: {unplayed}"
    finally:
        socket.socket.connect = original  # type: ignore[method-assign]
