"""recsync as a real package: the wheel, installed into a fresh venv outside the checkout,
installs the templates and syncs the demo source against the local wiki.

Offline: the wheel is built with the project venv's setuptools (no build isolation, no
index); the fresh venv gets it with --no-deps, and finds pywikibot, mwparserfromhell and
requests through a .pth line naming the project venv's site-packages (whose own .pth
files, the editable install's among them, are not read: the checkout stays out of reach).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from harness import ROOT, Editor

pytestmark = pytest.mark.live

DEMO = ROOT / "demo" / "89-strategy-recommendations-nov-2019.wiki"
NOT_SHIPPED = shutil.ignore_patterns(
    ".git", ".venv", ".devwiki", "build", "dist", "*.egg-info", "__pycache__", ".*_cache",
    "cassettes", "bench", "tests",
)  # fmt: skip


def check(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, cwd=cwd, timeout=300,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with recsync's wheel installed, and nothing of the checkout."""
    work = tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, work / "src", ignore=NOT_SHIPPED)
    check(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "--wheel-dir", work / "dist", work / "src", cwd=work,
    )  # fmt: skip
    [wheel] = (work / "dist").glob("recsync-*.whl")
    venv = work / "venv"
    check(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    check(
        sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install",
        "--no-deps", "--no-index", wheel, cwd=work,
    )  # fmt: skip
    python = venv / "bin" / "python"
    site = check(python, "-c", "import site; print(site.getsitepackages()[0])", cwd=work)
    site_packages = Path(site.stdout.strip())
    (site_packages / "recsync-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def test_the_installed_package_is_the_wheels_not_the_checkouts(venv: Path, tmp_path: Path) -> None:
    where = check(
        venv / "bin" / "python", "-c",
        "import recsync, importlib.resources as r; print(recsync.__file__); "
        "print(r.files('recsync.templates').joinpath('status.wiki')); "
        "print(*(r.files('recsync.i18n').joinpath('recsync', f) for f in ('en.json', 'de.json')))",
        cwd=tmp_path,
    ).stdout.split()  # fmt: skip

    assert all(Path(path).is_relative_to(venv) for path in where), where
    assert all(Path(path).is_file() for path in where[1:]), where  # the summaries' messages too


def test_the_wheel_installs_the_template_and_syncs_the_demo(
    venv: Path, editor: Editor, tmp_path: Path
) -> None:
    source = "User:Editor/Synced from the wheel"
    editor.save(source, DEMO.read_text(encoding="utf-8"))
    (tmp_path / "job.toml").write_text(f'source = "{source}"\n')
    recsync = venv / "bin" / "recsync"
    config_dir = f"-dir:{os.environ['PYWIKIBOT_DIR']}"

    check(recsync, "install-templates", "-always", config_dir, cwd=tmp_path)
    check(recsync, "sync", "--config", "job.toml", "-always", config_dir, "--summary-json",
          "run.json", cwd=tmp_path)  # fmt: skip

    counts = json.loads((tmp_path / "run.json").read_text())
    assert counts["created"] == 85  # 84 subpages and the index
    index = editor.api(action="query", prop="revisions", rvprop="comment", titles=f"{source}/Index")
    said = index["query"]["pages"][0]["revisions"][0]["comment"]
    assert said.startswith(
        "recsync: index created: 84 recommendations, as of "
    )  # the wheel's words
    assert len(editor.titles_under(source)) == 85
    assert editor.text("Template:Recommendation status") is not None
