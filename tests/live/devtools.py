"""Headless Chromium driven over the DevTools protocol on a pipe: no websocket, no package.

``--remote-debugging-pipe`` makes Chromium read commands on its fd 3 and write answers
and events on its fd 4, as JSON messages ended by a NUL byte.  ``Browser.open(url)``
loads a page in a new tab and ``Tab.evaluate(expression)`` runs a script in it and
returns its value: what a test needs to measure what an editor sees (a computed
colour, a box's width).  Same flags and time limit as the report's Chromium tests;
every wait is bounded, and the browser's whole process group is ended on close.
"""

from __future__ import annotations

import base64
import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from test_report_html_in_chromium import FLAGS, TIMEOUT, chromium_binary

_ON_FDS_3_AND_4 = (
    "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
    "os.execv(sys.argv[3], sys.argv[3:])"
)


class DevToolsError(RuntimeError):
    """Chromium answered a command with an error, died, or did not answer in time."""


class Browser:
    def __init__(
        self, process: subprocess.Popen[bytes], commands: int, answers: int, log: Path
    ) -> None:
        self.process = process
        self.log = log  # Chromium's stderr
        self._commands = commands  # our end of Chromium's fd 3
        self._answers = answers  # our end of Chromium's fd 4
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """One command; its result.  Events that come meanwhile are kept in ``events``."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._commands, json.dumps(message).encode() + b"\0")
        except BrokenPipeError:
            raise DevToolsError(f"chromium is gone, before {method}:\n{self.said()}") from None
        while True:
            answer = self._receive(f"the answer to {method}")
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise DevToolsError(f"{method}: {answer['error']}")
                return dict(answer.get("result", {}))
            self.events.append(answer)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        """The first event ``method`` of a tab (one that came already counts)."""
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    self.events.remove(event)
                    return event
            self.events.append(self._receive(f"the event {method}"))

    def _receive(self, what: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._answers], [], [], max(left, 0))
            if not ready:
                raise DevToolsError(f"chromium sent no {what} within {TIMEOUT}s")
            chunk = os.read(self._answers, 1 << 16)
            if not chunk:
                raise DevToolsError(f"chromium closed the pipe before {what}:\n{self.said()}")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return dict(json.loads(message))

    def said(self) -> str:
        """The end of what Chromium wrote on stderr."""
        return self.log.read_text(errors="replace")[-3000:]

    def open(self, url: str, width: int = 1200, height: int = 1600) -> Tab:
        """A new tab of ``width`` x ``height`` CSS pixels with ``url`` loaded."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        tab = Tab(self, session)
        tab.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                 deviceScaleFactor=1, mobile=False)  # fmt: skip
        tab.send("Page.enable")
        navigated = tab.send("Page.navigate", url=url)
        if navigated.get("errorText"):
            raise DevToolsError(f"{url}: {navigated['errorText']}")
        self.wait_for("Page.loadEventFired", session)
        return tab


class Tab:
    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.send(method, self.session, **params)

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a script run in the page."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise DevToolsError(f"the script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, height: int | None = None) -> Path:
        """The page as a PNG at the tab's width, from the top: ``height`` CSS pixels of it,
        or all of it."""
        width, full = self.evaluate("[window.innerWidth, document.documentElement.scrollHeight]")
        clip = {"x": 0, "y": 0, "width": width, "height": min(height or full, full), "scale": 1}
        shot = self.send(
            "Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


@contextmanager
def chromium(profile: Path) -> Iterator[Browser]:
    """A headless Chromium listening on a pipe; ended (with its helpers) on exit."""
    to_chromium, commands = os.pipe()
    answers, from_chromium = os.pipe()

    profile.mkdir(parents=True, exist_ok=True)
    log = (profile / "chromium.log").open("wb")
    # Chromium wants the pipe as its fds 3 and 4: a small launcher puts the ends there
    # (dash's redirections take one digit only; preexec_fn's fds are closed after it).
    binary = [chromium_binary(), *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}"]
    command = [sys.executable, "-c", _ON_FDS_3_AND_4, str(to_chromium), str(from_chromium)]
    command += binary
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=log,
        pass_fds=(to_chromium, from_chromium),
        start_new_session=True,  # a group of its own: ended together with its helpers
        env={**os.environ, "HOME": str(profile)},
    )
    os.close(to_chromium)
    os.close(from_chromium)
    log.close()
    browser = Browser(process, commands, answers, profile / "chromium.log")
    try:
        yield browser
    finally:
        os.close(commands)
        os.close(answers)
        with suppress(ProcessLookupError):  # gone already
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):  # gone already
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
