"""pywikibot's start-up for recsync: whose options are whose, retries, User-Agent, reasons."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from recsync import __version__
from recsync.startup import UNATTENDED_RETRIES, one_line_per_retry, reason, split_arguments


def test_single_dash_words_are_pywikibots_except_ours() -> None:
    ours, theirs = split_arguments(
        ["-dir:/srv/x", "sync", "--config", "job.toml", "-always", "-simulate", "-pt:0"]
    )

    assert ours == ["sync", "--config", "job.toml", "-always"]
    assert theirs == ["-dir:/srv/x", "-simulate", "-pt:0"]


@pytest.mark.parametrize("word", ["-help", "-help:global"])
def test_pywikibots_help_is_argparses(word: str) -> None:
    assert split_arguments(["sync", word]) == (["sync", "--help"], [])


def configured(tmp_path: Path, user_config: str, unattended: bool, *options: str) -> dict[str, str]:
    """pywikibot's settings after recsync's start-up, in a process of their own (no request)."""
    (tmp_path / "user-config.py").write_text(
        "family_files['x'] = 'http://127.0.0.1:9/api.php'\nfamily = mylang = 'x'\n" + user_config
    )
    (tmp_path / "user-config.py").chmod(0o600)
    script = (
        "import json, sys\nfrom recsync.startup import configure_pywikibot\n"
        f"configure_pywikibot({unattended})\n"
        "import pywikibot\nfrom pywikibot import config\nfrom pywikibot.comms import http\n"
        "for word in sys.argv[1:]:\n"
        "    name, _, value = word[1:].partition(':')\n    setattr(config, name, int(value))\n"
        "names = ['max_retries', 'retry_wait', 'retry_max']\n"
        "print(json.dumps({**{n: getattr(config, n) for n in names}, 'ua': http.user_agent()}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *options], capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYWIKIBOT_DIR": str(tmp_path)}, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result: dict[str, str] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_an_unattended_run_gets_bounded_retries(tmp_path: Path) -> None:
    settings = configured(tmp_path, "", unattended=True)

    assert {k: settings[k] for k in UNATTENDED_RETRIES} == UNATTENDED_RETRIES


def test_at_a_terminal_pywikibots_retries_stay(tmp_path: Path) -> None:
    settings = configured(tmp_path, "", unattended=False)

    assert settings["max_retries"] == 15


def test_user_config_retries_win_over_the_unattended_default(tmp_path: Path) -> None:
    settings = configured(tmp_path, "max_retries = 15\nretry_max = 120\n", unattended=True)

    assert (settings["max_retries"], settings["retry_max"]) == (15, 120)
    assert settings["retry_wait"] == UNATTENDED_RETRIES["retry_wait"]


def test_the_user_agent_names_recsync_and_its_version(tmp_path: Path) -> None:
    settings = configured(tmp_path, "", unattended=True)

    assert f"(recsync/{__version__}" in settings["ua"]


def test_a_user_agent_description_in_user_config_is_kept(tmp_path: Path) -> None:
    settings = configured(tmp_path, "user_agent_description = 'ExampleBot ops'\n", True)

    assert "ExampleBot ops" in settings["ua"]
    assert "recsync/" not in settings["ua"]


@pytest.mark.parametrize(
    ("message", "said"),
    [
        (
            "HTTPSConnectionPool(host='meta.wikimedia.org', port=443): Max retries exceeded "
            "(Caused by NameResolutionError(\"<...>: Failed to resolve 'meta.wikimedia.org' "
            '([Errno -3] Temporary failure in name resolution)"))',
            "Failed to resolve 'meta.wikimedia.org' ([Errno -3] Temporary failure in name "
            "resolution)",
        ),
        (
            "HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded (Caused by "
            "NewConnectionError('<...>: Failed to establish a new connection: [Errno 111] "
            "Connection refused'))",
            "[Errno 111] Connection refused",
        ),
        (
            "HTTPSConnectionPool(host='meta.wikimedia.org', port=443): Read timed out. "
            "(read timeout=45)",
            "Read timed out",
        ),
        (
            "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed "
            "certificate (_ssl.c:1006)",
            "certificate verify failed: self-signed certificate",
        ),
        (
            "503 Server Error: Service Unavailable for url: https://x/api.php",
            "503 Server Error: Service Unavailable",
        ),
    ],
    ids=["name resolution", "refused", "timeout", "TLS", "HTTP 5xx"],
)
def test_a_network_fault_is_said_in_a_few_words(message: str, said: str) -> None:
    assert reason(message) == said


def _record(message: str, caller: str) -> logging.LogRecord:
    record = logging.LogRecord("pywiki", logging.ERROR, __file__, 1, message, (), None)
    record.caller_name = caller  # what pywikibot's logoutput() puts on each record
    return record


TRACEBACK = (
    'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\n'
    "FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/x.json'\n"
)


def test_only_a_failed_http_attempt_is_called_a_failed_request() -> None:
    local = _record(TRACEBACK, "flush")  # pywikibot logs an uncaught exception at exit
    http = _record(TRACEBACK.replace("FileNotFoundError", "ConnectionError"), "_http_request")

    assert one_line_per_retry(local) and local.msg == TRACEBACK  # left as it is
    assert one_line_per_retry(http)
    assert str(http.msg).startswith("request failed: ")


def test_pywikibots_line_for_a_refused_save_is_not_said_twice() -> None:
    refused = _record("API error spamprotectionmatch: The following text is what ...", "x")
    other = _record("API error readonly: The wiki is in read-only mode", "x")

    assert not one_line_per_retry(refused)  # the run's page line says it, with the title
    assert one_line_per_retry(other)
