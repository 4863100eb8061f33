"""``parse --page`` reads the source page from the configured wiki, without logging in."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from flows import SMALL_SOURCE
from harness import Editor

from recsync.cli import main

pytestmark = pytest.mark.live


def test_parse_page_reads_the_wiki(editor: Editor) -> None:
    editor.save("User:Editor/Parse me", SMALL_SOURCE)
    out = io.StringIO()

    with contextlib.redirect_stdout(out):
        code = main(["parse", "--page", "User:Editor/Parse me", "--json"])

    assert code == 0
    data = json.loads(out.getvalue())
    assert data["source"] == "User:Editor/Parse me"
    assert [i["text"] for i in data["items"]] == [
        "Create an advocacy hub",
        "Protect advocates with clearly defined safety measures",
        "Planned community diversification",
    ]


def test_parse_page_that_does_not_exist(live_wiki: object) -> None:
    err = io.StringIO()

    with contextlib.redirect_stderr(err):
        code = main(["parse", "--page", "User:Editor/No such page"])

    assert code == 2
    assert "page [[User:Editor/No such page]] does not exist" in err.getvalue()
