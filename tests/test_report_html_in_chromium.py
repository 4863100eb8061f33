"""The HTML report as a person sees it: opened from a file in headless Chromium.

Chromium is the Debian package (``/usr/bin/chromium``; CI installs it with apt).  When
it is missing these tests FAIL with a message saying so: they are never skipped, or a
broken report page would pass unseen.

The second sync of ``test_report`` (an update, a retirement, a skipped page and
hostile text in a page) is written to a file; Chromium loads it with the network
machinery off, and the tests read what it shows: the DOM it built and a screenshot.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from test_report import PAGE, REPORT, REWORDED, Page, second_sync

from recsync.model import Action
from recsync.report import report_html

TIMEOUT = 90  # seconds for one Chromium call; a page this small loads in about one
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_binary() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found is None:
        pytest.fail(
            "chromium is not installed: these tests open the HTML report in it "
            "(Debian/Ubuntu: sudo apt-get install chromium)",
            pytrace=False,
        )
    return found


def chromium(tmp_path: Path, *args: str) -> str:
    """Run Chromium on ``args``; its stdout.  Fails on an error or after TIMEOUT."""
    command = [chromium_binary(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
    # A session of its own: on a timeout the browser and its helpers are ended together.
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "HOME": str(tmp_path)},
    ) as browser:
        try:
            out, err = browser.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(browser.pid, signal.SIGKILL)
            browser.communicate()
            pytest.fail(f"chromium did not finish within {TIMEOUT}s: {' '.join(command)}")
    assert browser.returncode == 0, f"chromium exited with {browser.returncode}:\n{err[-3000:]}"
    return out


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    path = tmp_path / "report.html"
    path.write_text(report_html(second_sync()), encoding="utf-8")
    return path


def test_chromium_shows_the_pages_actions_and_diff_lines(tmp_path: Path, report_file: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", report_file.as_uri())

    page = Page(dom)
    text = page.visible
    result = second_sync()
    for change in result.changes:
        if change.action != Action.UNCHANGED:
            assert f"{change.title} {change.action}" in text
    assert "1 unchanged page" in text
    assert ("del", f"| text = {REPORT}") in page.cells
    assert ("add", f"| text = {REWORDED}") in page.cells
    assert ("del", "| in_source = yes") in page.cells
    assert ("add", "| in_source = no") in page.cells
    assert page.tags["script"] == 0  # the page's <script> text stayed text
    assert "<script>alert(1)</script>" in text
    assert f"{PAGE}Diversity/1 skipped the page keeps bots out" in text


# --- the screenshot ---------------------------------------------------------------------


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) bytes of an 8-bit, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks: dict[bytes, bytes] = {}
    at = 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        chunks[kind] = chunks.get(kind, b"") + data[at + 8 : at + 8 + length]
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, interlace) == (8, 0) and colour in (2, 6), "an unusual PNG"
    size = 3 if colour == 2 else 4
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = width * size
    rows: list[bytes] = []
    above = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        method, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride) if method else ():  # undo the row's filter
            left = line[x - size] if x >= size else 0
            up, corner = above[x], above[x - size] if x >= size else 0
            if method == 1:  # Sub
                line[x] = (line[x] + left) & 255
            elif method == 2:  # Up
                line[x] = (line[x] + up) & 255
            elif method == 3:  # Average
                line[x] = (line[x] + (left + up) // 2) & 255
            else:  # Paeth
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                near = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + near) & 255
        rows.append(bytes(line))
        above = rows[-1]
    return width, height, [bytes(r[i] for i in range(len(r)) if i % size < 3) for r in rows]


def colours(rows: list[bytes]) -> set[tuple[int, int, int]]:
    return {(r[i], r[i + 1], r[i + 2]) for r in rows for i in range(0, len(r), 3)}


def css_colour(document: str, name: str) -> tuple[int, int, int]:
    """The light theme's value of a CSS colour variable of the report (``--del-bg``)."""
    found = re.search(rf"--{name}: #([0-9a-f]{{6}});", document)
    assert found, f"the report's CSS has no --{name}"
    red, green, blue = bytes.fromhex(found.group(1))
    return red, green, blue


def test_chromium_screenshot_shows_a_coloured_page(tmp_path: Path, report_file: Path) -> None:
    shot = tmp_path / "report.png"
    document = report_file.read_text(encoding="utf-8")

    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", report_file.as_uri())

    assert shot.exists(), "chromium wrote no screenshot"
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1200, 1600)
    seen = colours(rows)
    assert len(seen) > 50, f"a nearly blank screenshot: {len(seen)} colours"
    assert css_colour(document, "bg") in seen, "no page background"
    assert css_colour(document, "del-bg") in seen, "no removed line (red) is visible"
    assert css_colour(document, "add-bg") in seen, "no added line (green) is visible"
    assert css_colour(document, "del-hi") in seen, "no removed word is marked"
    assert css_colour(document, "add-hi") in seen, "no added word is marked"
