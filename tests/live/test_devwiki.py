"""Live tests of scripts/devwiki: it starts, serves, refuses and stops real wikis.

Each test runs the command as a subprocess with a wiki of its own under tmp_path, on
a port of its own, and always stops what it started.
"""

from __future__ import annotations

import json
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from harness import RECORDED_PORT, TEST_PORT

DEVWIKI = Path(__file__).resolve().parents[2] / "scripts" / "devwiki"
#: A port of this file's own, moved with RECSYNC_TEST_PORT out of another run's way.
PORT = 8797 if TEST_PORT == RECORDED_PORT else TEST_PORT + 20
URL = f"http://127.0.0.1:{PORT}"

# Never skipped: without PHP and MediaWiki (scripts/devwiki install) these fail.
pytestmark = pytest.mark.live


def devwiki(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(DEVWIKI), *args], capture_output=True, text=True, timeout=120, check=False
    )


@contextmanager
def running_wiki(wiki_dir: Path, *pages: str) -> Iterator[subprocess.CompletedProcess[str]]:
    """Start a wiki in wiki_dir on PORT and stop it whatever happens."""
    page_args = [arg for page in pages for arg in ("--page", page)]
    try:
        result = devwiki("start", "--dir", str(wiki_dir), "--port", str(PORT), *page_args)
        assert result.returncode == 0, result.stderr
        yield result
    finally:
        devwiki("stop", "--dir", str(wiki_dir))


def api(**params: str) -> Any:
    query = urllib.parse.urlencode({**params, "format": "json", "formatversion": "2"})
    with urllib.request.urlopen(f"{URL}/api.php?{query}", timeout=30) as response:
        return json.load(response)


def page_text(title: str) -> str | None:
    data = api(action="query", prop="revisions", rvprop="content", rvslots="main", titles=title)
    page = data["query"]["pages"][0]
    if page.get("missing"):
        return None
    return str(page["revisions"][0]["slots"]["main"]["content"])


def server_pids(wiki_dir: Path) -> list[int]:
    """The live processes in the group of the recorded php pid (parent and workers)."""
    pgid = int((wiki_dir / "php.pid").read_text())
    pids = [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]
    return [pid for pid in pids if _group(pid) == pgid]


def alive(pid: int) -> bool:
    """Whether pid is a live process (a zombie waiting to be reaped is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat[stat.rindex(")") + 2] not in "ZX"


def _group(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    state, _ppid, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
    return int(pgrp) if state not in "ZX" else None


def test_start_serves_mediawiki_with_the_given_page(tmp_path: Path) -> None:
    text = "Hello from '''devwiki'''.\n\n== A section ==\n* a = b\n"
    source = tmp_path / "page.wiki"
    source.write_text(text)
    title = "User:Econterms/89 strategy recommendations as of Nov 2019"

    with running_wiki(tmp_path / "wiki", f"{title}={source}") as result:
        assert result.stdout.splitlines()[-1] == URL
        general = api(action="query", meta="siteinfo")["query"]["general"]
        assert general["generator"].startswith("MediaWiki 1.39")
        assert page_text(title) == text.rstrip()  # MediaWiki drops trailing whitespace

        accounts = json.loads((tmp_path / "wiki" / "accounts.json").read_text())
        assert accounts["api"] == f"{URL}/api.php"
        assert accounts["bot"]["user"] == "RecsyncBot"
        assert (tmp_path / "wiki" / "accounts.json").stat().st_mode & 0o077 == 0
        assert devwiki("status", "--dir", str(tmp_path / "wiki")).stdout.strip() == f"up {URL}"


def test_start_on_a_busy_port_is_refused(tmp_path: Path) -> None:
    with running_wiki(tmp_path / "first"):
        second = devwiki("start", "--dir", str(tmp_path / "second"), "--port", str(PORT))

        assert second.returncode != 0
        assert f"port {PORT}" in second.stderr and "in use" in second.stderr
        assert "Traceback" not in second.stderr
        assert api(action="query", meta="siteinfo")["query"]["general"]["server"] == URL


def test_second_start_on_the_same_dir_gives_a_fresh_wiki(tmp_path: Path) -> None:
    (tmp_path / "old.wiki").write_text("old text")
    (tmp_path / "new.wiki").write_text("new text")
    wiki_dir = tmp_path / "wiki"

    with running_wiki(wiki_dir, f"Old={tmp_path / 'old.wiki'}"):
        first_pids = server_pids(wiki_dir)
        assert page_text("Old") == "old text"
        # No stop in between: start must stop the running wiki itself.
        with running_wiki(wiki_dir, f"New={tmp_path / 'new.wiki'}"):
            assert not any(alive(pid) for pid in first_pids)
            assert page_text("Old") is None
            assert page_text("New") == "new text"


def test_stop_ends_the_server_and_all_its_workers(tmp_path: Path) -> None:
    wiki_dir = tmp_path / "wiki"
    with running_wiki(wiki_dir):
        pids = server_pids(wiki_dir)
        assert len(pids) > 1, "php -S should run with worker processes"

        stopped = devwiki("stop", "--dir", str(wiki_dir))

        assert stopped.returncode == 0
        assert not [pid for pid in pids if alive(pid)]
        status = devwiki("status", "--dir", str(wiki_dir))
        assert (status.returncode, status.stdout.strip()) == (1, "down")
        assert devwiki("stop", "--dir", str(wiki_dir)).returncode == 0  # idempotent
