"""scripts/demo takes the wiki's port and folder, and a busy port names the option.

These run no wiki: a busy port and a bad option are said before anything is installed.
(tests/live/test_demo_live.py runs the whole demo on a port and folder of its own.)
"""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

from harness import ROOT

DEMO = ROOT / "scripts" / "demo"


def demo(*words: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(DEMO), *words], capture_output=True, text=True, timeout=60, cwd="/",
        stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_a_busy_port_names_the_option_that_moves_it(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        result = demo("--port", str(port), "--dir", str(tmp_path / "wiki"))

    assert result.returncode == 2
    assert result.stderr == (
        f"demo: port {port} on 127.0.0.1 is already in use: pass --port with a free one, "
        f"e.g. scripts/demo --port {port + 1}\n"
    )
    assert not (tmp_path / "wiki").exists()


def test_an_unknown_option_shows_the_usage() -> None:
    result = demo("--prot", "8812")

    assert result.returncode == 2
    assert result.stderr == (
        "demo: unknown option --prot (usage: scripts/demo [--port PORT] [--dir DIR])\n"
    )


def test_help_says_what_the_options_do() -> None:
    result = demo("--help")

    assert result.returncode == 0
    assert "usage: scripts/demo [--port PORT] [--dir DIR]" in result.stdout
    assert "--port PORT  the wiki's port on 127.0.0.1 (default: 8765)" in result.stdout
