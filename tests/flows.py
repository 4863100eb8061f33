"""Flows run both live and from cassettes: the same steps, the same assertions.

A live test runs a flow against the session's wiki; its cassette twin replays the
recording of the same flow with the network blocked.
"""

from __future__ import annotations

from pathlib import Path

from harness import Accounts

SMALL_SOURCE = """== Advocacy ==
* Create an advocacy hub
* Protect advocates with clearly defined safety measures

== Diversity ==
* Planned community diversification
"""


def first_sync_then_nothing_to_do(accounts: Accounts, source: str, tmp_path: Path) -> None:
    """The first sync creates the subpages and the index; the next one edits nothing."""
    from cli_runs import status_call_params, sync

    editor = accounts.editor()
    editor.save(source, SMALL_SOURCE, "a source page")

    first = sync(source, tmp_path)
    assert first.exit_code == 0, first.output + first.errors
    assert first.counts["created"] == 4
    params = status_call_params(editor.text(f"{source}/Advocacy/2") or "")
    assert params["text"] == "Protect advocates with clearly defined safety measures"

    second = sync(source, tmp_path)
    assert second.exit_code == 0
    assert second.edits == 0
    assert second.counts["unchanged"] == 4


def one_item_reworded(accounts: Accounts, source: str, tmp_path: Path) -> None:
    """After one item is reworded, exactly its subpage and the index change."""
    from cli_runs import status_call_params, sync

    editor = accounts.editor()
    editor.save(source, SMALL_SOURCE, "a source page")
    sync(source, tmp_path)
    editor.save(source, SMALL_SOURCE.replace("an advocacy hub", "a global advocacy hub"))

    run = sync(source, tmp_path)

    assert run.exit_code == 0
    assert run.counts == {**run.counts, "created": 0, "updated": 2, "retired": 0}
    assert "updated   [[" + source + "/Advocacy/1]]" in run.output
    params = status_call_params(editor.text(f"{source}/Advocacy/1") or "")
    assert params["text"] == "Create a global advocacy hub"
