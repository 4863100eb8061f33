"""recsync runs the three ways its users expect: python -m recsync, recsync, pwb recsync."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from harness import ROOT

DEMO = ROOT / "demo" / "89-strategy-recommendations-nov-2019.wiki"
BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "recsync"],
        [str(BIN / "recsync")],
        [str(BIN / "pwb"), "recsync"],  # pywikibot's wrapper, through the scriptspath entry point
    ],
    ids=["python -m recsync", "recsync", "pwb recsync"],
)
def test_parse_through_each_entry_point(command: list[str], tmp_path: Path) -> None:
    assert shutil.which(command[0]), f"{command[0]} is not installed (pip install -e .)"

    result = subprocess.run(
        [*command, "parse", "--file", str(DEMO)],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"{DEMO}: 84 items in 9 groups"


def test_pwbs_scripts_folder_holds_only_recsync() -> None:
    from recsync import SCRIPTS_PATH

    assert sorted(p.name for p in SCRIPTS_PATH.iterdir() if p.name != "__pycache__") == [
        "recsync.py"
    ]


@pytest.mark.parametrize("module", ["sync", "cli", "wiki", "model"])
def test_pwb_runs_no_module_of_the_package(module: str, tmp_path: Path) -> None:
    """``pwb sync`` once ran bot/sync.py as a script: it did nothing and exited 0."""
    result = subprocess.run(
        [str(BIN / "pwb"), module], capture_output=True, text=True, timeout=60, cwd=tmp_path,
        stdin=subprocess.DEVNULL, env={"PATH": str(BIN), "HOME": str(tmp_path)},
    )  # fmt: skip
    said = result.stdout + result.stderr

    assert f"{module}.py not found!" in said
    if "Starting the most similar script recsync.py" in said:  # pwb's guess for "sync"
        assert "usage: recsync" in said and result.returncode == 2
