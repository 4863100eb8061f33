"""Help, --version and network faults as a maintainer meets them: no wiki needed.

Every help form works with the network cut off (``unshare -rn``: a network namespace
of its own, with no interface up) and a user-config.py whose wiki cannot be resolved.
"""

from __future__ import annotations

import importlib.metadata
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from recsync.config import job_file_keys
from recsync.help import EXIT_MEANINGS, EXIT_NOTES

BIN = Path(sys.executable).parent
UNRESOLVABLE = "http://recsync-unresolvable.invalid/api.php"
HELP_FORMS = [
    ["-help"], ["-h"], ["--help"],
    ["sync", "-help"], ["sync", "--help"], ["sync", "-h"],
    ["parse", "-help"], ["install-templates", "-help"], ["install-templates", "--help"],
]  # fmt: skip
ENTRY_POINTS = {
    "recsync": [str(BIN / "recsync")],
    "python -m recsync": [sys.executable, "-m", "recsync"],
    "pwb recsync": [str(BIN / "pwb"), "recsync"],
}


@pytest.fixture
def unresolvable(tmp_path: Path) -> dict[str, str]:
    """An environment whose pywikibot config points at a wiki no resolver knows."""
    config_dir = tmp_path / "pywikibot"
    config_dir.mkdir()
    (config_dir / "user-config.py").write_text(
        f"family_files['meta'] = {UNRESOLVABLE!r}\nfamily = mylang = 'meta'\n"
        "usernames['meta']['meta'] = 'ExampleBot'\n"
    )
    (config_dir / "user-config.py").chmod(0o600)
    return {**os.environ, "PYWIKIBOT_DIR": str(config_dir)}


def offline(command: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str, str, float]:
    """Run with no network at all; return code, stdout, stderr and the CPU seconds used."""
    unshare = shutil.which("unshare")
    assert unshare, "unshare is missing (Debian package util-linux)"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [unshare, "-rn", *command], capture_output=True, text=True, env=env, cwd=cwd,
        timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done.returncode, done.stdout, done.stderr, cpu


def test_the_network_namespace_is_really_cut_off(tmp_path: Path) -> None:
    probe = "import socket; socket.create_connection(('127.0.0.1', 9), timeout=5)"

    code, _, err, _ = offline([sys.executable, "-c", probe], dict(os.environ), tmp_path)

    assert code != 0
    assert "Network is unreachable" in err


@pytest.mark.parametrize("words", HELP_FORMS, ids=" ".join)
def test_every_help_form_works_offline(
    words: list[str], unresolvable: dict[str, str], tmp_path: Path
) -> None:
    code, out, err, cpu = offline([*ENTRY_POINTS["recsync"], *words], unresolvable, tmp_path)

    assert code == 0, err
    assert out.startswith("usage: recsync")
    assert "exit codes:" in out
    assert err == ""
    assert cpu < 1.0


@pytest.mark.parametrize("entry", ["python -m recsync", "pwb recsync"])
@pytest.mark.parametrize("words", [["-help"], ["sync", "-help"]], ids=" ".join)
def test_help_works_offline_through_each_entry_point(
    entry: str, words: list[str], unresolvable: dict[str, str], tmp_path: Path
) -> None:
    code, out, err, _ = offline([*ENTRY_POINTS[entry], *words], unresolvable, tmp_path)

    assert code == 0, err
    assert out.startswith("usage: recsync")


def test_help_imports_no_pywikibot(unresolvable: dict[str, str], tmp_path: Path) -> None:
    script = (
        "import sys\nfrom recsync.cli import main\n"
        "try:\n    main(['sync', '-help'])\nexcept SystemExit:\n    pass\n"
        "print('pywikibot' in sys.modules, file=sys.stderr)\n"
    )

    code, _, err, _ = offline([sys.executable, "-c", script], unresolvable, tmp_path)

    assert code == 0
    assert err.strip() == "False"


def test_sync_help_lists_every_job_file_key_and_the_exit_codes(
    unresolvable: dict[str, str], tmp_path: Path
) -> None:
    _, out, _, _ = offline([*ENTRY_POINTS["recsync"], "sync", "-help"], unresolvable, tmp_path)

    for name, _, what in job_file_keys():
        assert f"  {name} = " in out
        assert what in out
    shown = " ".join(out.split())
    for code, meaning in EXIT_MEANINGS:
        assert f"{code} {meaning}" in shown
    assert EXIT_NOTES in shown
    assert "examples:\n  recsync sync --config job.toml" in out


def test_version_is_the_installed_distributions(
    unresolvable: dict[str, str], tmp_path: Path
) -> None:
    code, out, _, _ = offline([*ENTRY_POINTS["recsync"], "--version"], unresolvable, tmp_path)

    assert code == 0
    assert out == f"recsync {importlib.metadata.version('recsync')}\n"


def test_a_dry_run_against_an_unresolvable_wiki_is_one_line(
    unresolvable: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "job.toml").write_text('source = "User:Example/Source"\n')
    started = time.monotonic()

    # A resolver that only answers "try again" would be retried: once is enough here.
    done = subprocess.run(
        [*ENTRY_POINTS["recsync"], "sync", "--config", "job.toml", "--dry-run", "-max_retries:1",
         "-retry_wait:0"],
        capture_output=True, text=True, env=unresolvable, cwd=tmp_path, timeout=60,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip

    lines = (done.stdout + done.stderr).splitlines()
    assert done.returncode == 1
    assert len(lines) <= 4, lines
    assert "Traceback" not in done.stderr
    assert lines[-1].startswith(f"recsync: cannot reach {UNRESOLVABLE}: Failed to resolve")
    assert all(line.startswith("WARNING: Waiting") for line in lines if "retrying" in line)
    assert time.monotonic() - started < 30


def test_pywikibot_options_are_no_options_of_parse_file(tmp_path: Path) -> None:
    page = tmp_path / "page.wiki"
    page.write_text("== A ==\n* one\n")

    done = subprocess.run(
        [*ENTRY_POINTS["recsync"], "parse", "--file", str(page), "-simulate"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert done.returncode == 2
    assert done.stderr == "recsync: parse --file reads no wiki: -simulate is not an option of it\n"


def test_the_readme_lists_every_exit_code_as_help_does() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Exit codes**") : readme.index("## Pointing it at Meta-Wiki")]
    said = " ".join(section.replace("`", "").replace("* ", " ").split())

    for code, meaning in EXIT_MEANINGS:
        assert f"{code} {meaning}" in said
    assert EXIT_NOTES in said
