"""``python -m recsync parse``: what a maintainer sees on the terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from harness import ROOT

DEMO = ROOT / "demo" / "89-strategy-recommendations-nov-2019.wiki"


def recsync(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recsync", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def test_listing_groups_the_items() -> None:
    result = recsync("parse", "--file", str(DEMO))

    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].endswith(": 84 items in 9 groups")
    assert "Resource Allocation (9)" in lines
    assert (
        "    intro: There are 9 draft recommendations by the Resource Allocation Working Group:"
        in lines
    )
    assert "    1. Common Framework of Principles for Resource Allocation  [line 79]" in lines


def test_json_has_every_field() -> None:
    result = recsync("parse", "--file", str(DEMO), "--json")

    data = json.loads(result.stdout)
    assert set(data) == {"source", "redirect", "items", "groups", "warnings"}
    assert len(data["items"]) == 84
    assert set(data["items"][0]) == {
        "group", "number", "text", "wikitext", "details", "refs", "links", "anchor", "line",
    }  # fmt: skip
    assert data["groups"][6] == {
        "name": "Resource Allocation",
        "intro": "There are 9 draft recommendations by the Resource Allocation Working Group:",
        "count": 9,
        "captions": [],
    }


def test_warnings_go_to_stderr_and_strict_makes_them_fatal(tmp_path: Path) -> None:
    page = str(tmp_path / "warnings.wiki")
    Path(page).write_text(
        "* Above any heading\n== Revenue streams ==\n*\n* Monetize merchandise\n"
        "* Monetize  merchandise\n"
    )

    relaxed = recsync("parse", "--file", page)
    strict = recsync("parse", "--file", page, "--strict")

    assert relaxed.returncode == 0
    assert f"warning: {page}:3: empty list entry skipped" in relaxed.stderr
    assert strict.returncode == 1
    assert "3 warnings with --strict" in strict.stderr


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = recsync("parse", "--file", str(tmp_path / "nope.wiki"))

    assert result.returncode == 2
    assert result.stderr.startswith(f"recsync: cannot read {tmp_path / 'nope.wiki'}")
    assert "Traceback" not in result.stderr


def test_page_without_items_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "prose.wiki"
    page.write_text("== Only prose ==\nNothing to list here.\n")

    result = recsync("parse", "--file", str(page))

    assert result.returncode == 1
    assert "holds no recommendation" in result.stderr


def test_redirect_is_one_clear_error(tmp_path: Path) -> None:
    page = tmp_path / "moved.wiki"
    page.write_text("#REDIRECT [[Strategy/Recommendations#Advocacy]]\n")

    result = recsync("parse", "--file", str(page))

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"recsync: {page} is a redirect to [[Strategy/Recommendations]], "
        "not a list of recommendations\n"
    )


def test_listing_shows_a_later_caption_between_items(tmp_path: Path) -> None:
    page = tmp_path / "captions.wiki"
    page.write_text("== Diversity ==\n* One\nAlso:\n* Two\n")

    result = recsync("parse", "--file", str(page))

    assert result.stdout.splitlines()[2:] == [
        "Diversity (2)",
        "    1. One  [line 2]",
        "    caption: Also:  [line 3]",
        "    2. Two  [line 4]",
    ]
    assert (
        f"warning: {page}:3: caption after item 1 of group 'Diversity' kept as a caption, "
        "not an item: 'Also:'" in result.stderr
    )
