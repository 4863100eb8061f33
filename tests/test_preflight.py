"""No silent fallback to another wiki, and no output path found wrong after the edits.

pywikibot, given no usable user-config.py, goes on against test.wikipedia.org and
writes logs/ and throttle.ctrl into the current folder.  recsync finds the config dir
first, as pywikibot would, and stops in one line instead: these tests run the
installed command in an empty folder with an empty home, and check that nothing was
written anywhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from recsync.preflight import (
    PreflightError,
    assigned_names,
    config_dir,
    output_file,
    output_folder,
)
from recsync.report import REPORT_FORMATS

RECSYNC = Path(sys.executable).parent / "recsync"
GOOD_CONFIG = "family_files['x'] = 'http://127.0.0.1:9/api.php'\nfamily = mylang = 'x'\n"


def config_folder(path: Path, text: str = GOOD_CONFIG, mode: int = 0o600) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "user-config.py").write_text(text)
    (path / "user-config.py").chmod(mode)
    return path


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """An empty current folder and an empty home."""
    cwd, home = tmp_path / "cwd", tmp_path / "home"
    cwd.mkdir()
    home.mkdir()
    return cwd, home


def everything_in(*folders: Path) -> list[str]:
    return sorted(str(p) for folder in folders for p in folder.rglob("*"))


def run(cwd: Path, home: Path, *words: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PYWIKIBOT")}
    return subprocess.run(
        [str(RECSYNC), *words], capture_output=True, text=True, timeout=60, cwd=cwd,
        env={**environ, "HOME": str(home), **env}, stdin=subprocess.DEVNULL,
    )  # fmt: skip


# --- the installed command, as a new user meets it ---------------------------------------


@pytest.mark.parametrize(
    ("how", "said"),
    [
        ("no config anywhere", "no user-config.py in the current folder ({cwd}) nor in "
         "{home}/.pywikibot, so pywikibot would use its default wiki: pass -dir:FOLDER"),
        ("PYWIKIBOT_DIR missing", "PYWIKIBOT_DIR={tmp}/missing: no such folder: make it and "
         "put your user-config.py in it"),
        ("PYWIKIBOT_DIR empty", "PYWIKIBOT_DIR={tmp}/empty: no user-config.py in {tmp}/empty, "
         "so pywikibot would use its default wiki: put your user-config.py there"),
        ("-dir: missing", "-dir:/nonexistent: no such folder: make it and put your "
         "user-config.py in it"),
        ("writable by others", "{tmp}/shared/user-config.py is writable by others, so "
         "pywikibot skips it: chmod o-w {tmp}/shared/user-config.py"),
        ("names no wiki", "{tmp}/blank/user-config.py names no wiki (no family = ...), so "
         "pywikibot would use its default, test.wikipedia.org: set family and mylang"),
    ],
)  # fmt: skip
def test_no_usable_config_is_one_line_exit_2_and_nothing_written(
    how: str, said: str, places: tuple[Path, Path], tmp_path: Path
) -> None:
    cwd, home = places
    (tmp_path / "empty").mkdir()
    config_folder(tmp_path / "shared", mode=0o666)
    config_folder(tmp_path / "blank", "# nothing here yet\n")
    env, options = {
        "no config anywhere": ({}, []),
        "PYWIKIBOT_DIR missing": ({"PYWIKIBOT_DIR": str(tmp_path / "missing")}, []),
        "PYWIKIBOT_DIR empty": ({"PYWIKIBOT_DIR": str(tmp_path / "empty")}, []),
        "-dir: missing": ({}, ["-dir:/nonexistent"]),
        "writable by others": ({}, [f"-dir:{tmp_path / 'shared'}"]),
        "names no wiki": ({"PYWIKIBOT_DIR": str(tmp_path / "blank")}, []),
    }[how]
    before = everything_in(tmp_path)

    result = run(cwd, home, "sync", "--source", "User:X/Y", "--dry-run", *options, **env)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("recsync: " + said.format(cwd=cwd, home=home, tmp=tmp_path))
    assert len(result.stderr.splitlines()) == 1
    assert everything_in(tmp_path) == before  # no logs/, no throttle.ctrl, no ~/.pywikibot


def test_the_job_file_typed_the_pywikibot_way_is_refused_with_the_right_spelling(
    places: tuple[Path, Path], tmp_path: Path
) -> None:
    cwd, home = places
    config_folder(cwd)
    before = everything_in(tmp_path)

    result = run(cwd, home, "sync", "-config:job.toml", "--dry-run")

    assert result.returncode == 2
    assert result.stderr.startswith("usage: recsync sync ")  # sync's usage, not the top one
    assert result.stderr.splitlines()[-1] == (
        "recsync sync: error: -config:job.toml: recsync's own options take two dashes: "
        "--config job.toml; pywikibot's -config names another user-config.py, which "
        "recsync does not take"
    )
    assert everything_in(tmp_path) == before


@pytest.mark.parametrize("word", ["--bogus", "-job:strategy"])
def test_an_unknown_or_misspelt_option_of_sync_shows_syncs_usage(
    word: str, places: tuple[Path, Path]
) -> None:
    cwd, home = places

    result = run(cwd, home, "sync", "--source", "User:X/Y", word)

    assert result.returncode == 2
    assert result.stderr.startswith("usage: recsync sync ")
    assert result.stderr.splitlines()[-1].startswith("recsync sync: error: ")
    assert word in result.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    ("option", "name", "said"),
    [
        ("--summary-json", "missing/x.json", "--summary-json {tmp}/missing/x.json: no folder "
         "{tmp}/missing: make it, or name a file elsewhere"),
        ("--summary-json", "run.txt", "--summary-json {tmp}/run.txt: the name must end in "
         ".json (JSON)"),
        ("--report", "plan.pdf", "--report {tmp}/plan.pdf: the name must end in .md (Markdown),"
         " .html (HTML), .json (JSON), .wiki (wikitext), .txt (plain text, as the terminal "
         "shows it)"),
        ("--report", "", "--report {tmp}: the name must end in"),
    ],
)  # fmt: skip
def test_an_output_path_is_checked_before_the_wiki_is_read(
    option: str, name: str, said: str, places: tuple[Path, Path], tmp_path: Path
) -> None:
    cwd, home = places
    config_folder(cwd)  # a wiki on port 9: any request would fail as "cannot reach"
    path = tmp_path / name if name else tmp_path

    result = run(cwd, home, "sync", "--source", "User:X/Y", "-always", option, str(path))

    assert result.returncode == 2
    assert result.stderr.startswith("recsync: " + said.format(tmp=tmp_path))
    assert "cannot reach" not in result.stderr and "request" not in result.stderr
    assert not (cwd / "throttle.ctrl").exists()  # pywikibot never started


# --- the rules, one by one ----------------------------------------------------------------


def test_the_config_dir_is_found_where_pywikibot_finds_it(tmp_path: Path) -> None:
    here, home, named = tmp_path / "cwd", tmp_path / "home", tmp_path / "named"
    here.mkdir()
    config_folder(home / ".pywikibot")
    config_folder(named)

    assert config_dir([], {}, here, home) == home / ".pywikibot"
    config_folder(here)
    assert config_dir([], {}, here, home) == here  # the current folder comes first
    assert config_dir([], {"PYWIKIBOT_DIR": str(named)}, here, home) == named
    assert config_dir([f"-dir:{named}"], {"PYWIKIBOT_DIR": str(here)}, here, home) == named
    assert config_dir(["-dir:../named"], {}, here, home) == named  # relative to the cwd


def test_pywikibots_switch_to_ignore_user_config_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PreflightError, match="PYWIKIBOT_NO_USER_CONFIG=1 makes pywikibot"):
        config_dir([], {"PYWIKIBOT_NO_USER_CONFIG": "1"}, config_folder(tmp_path), tmp_path)


def test_a_user_config_that_is_not_python_names_its_line(tmp_path: Path) -> None:
    folder = config_folder(tmp_path / "c", "family = 'meta'\nmylang = \n")

    with pytest.raises(PreflightError, match=r"user-config.py: not valid Python: line 2: "):
        config_dir([], {}, folder, tmp_path)


def test_every_way_of_assigning_family_counts() -> None:
    assert {"family", "mylang"} <= assigned_names("family = mylang = 'meta'\n")
    assert {"family", "mylang"} <= assigned_names("family, mylang = 'meta', 'meta'\n")
    assert "family" not in assigned_names("usernames['meta']['meta'] = 'Bot'\n")


def test_an_output_file_must_be_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    # The tests may run as root, who may write anywhere: this folder is one we may not.
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != locked and real_access(p, mode))

    with pytest.raises(PreflightError, match=r"cannot write in .*locked \(permission denied\)"):
        output_file(locked / "plan.html", "--report", REPORT_FORMATS)
    with pytest.raises(PreflightError, match=r"cannot write in .*locked \(to make .*\): perm"):
        output_folder(locked / "logs", "default: log_dir")


def test_an_output_folder_may_be_made_but_not_inside_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")

    output_folder(tmp_path / "new" / "logs", "default: log_dir")
    with pytest.raises(PreflightError, match="is not a folder"):
        output_folder(tmp_path / "file" / "logs", "default: log_dir")
