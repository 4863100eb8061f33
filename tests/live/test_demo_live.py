"""The README's first command, scripts/demo, on a port and in a folder of its own."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from harness import ROOT, TEST_PORT, devwiki

pytestmark = pytest.mark.live

PORT = TEST_PORT + 21  # next to the test wiki, out of every other run's way


def test_the_demo_runs_on_the_port_and_in_the_folder_it_is_given(tmp_path: Path) -> None:
    wiki = tmp_path / "demo-wiki"
    try:
        result = subprocess.run(
            [str(ROOT / "scripts" / "demo"), "--port", str(PORT), "--dir", str(wiki)],
            capture_output=True, text=True, timeout=600, cwd=tmp_path,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip

        assert result.returncode == 0, result.stderr[-2000:]
        assert f"Index:  http://127.0.0.1:{PORT}/index.php?title=User%3AEconterms/" in (
            result.stdout
        )
        assert f"Stop the wiki: scripts/devwiki stop --dir {wiki}" in result.stdout
        assert f"PYWIKIBOT_DIR={wiki}/pywikibot .venv/bin/recsync sync" in result.stdout
        assert json.loads((wiki / "last-sync.json").read_text())["created"] == 85
        assert devwiki("status", "--dir", str(wiki)).stdout == f"up http://127.0.0.1:{PORT}\n"
    finally:
        devwiki("stop", "--dir", str(wiki))
