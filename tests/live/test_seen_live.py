"""The index's memory of each subpage, against a real MediaWiki: the sha1 the bot predicts
for what it saves is the one the wiki stores, an editor's edit is seen on the next run,
and a row someone forged is not trusted.

Runs are ``recsync sync -always`` in this process (tests/cli_runs.py); each subpage
parse the plan makes is counted by wrapping ``read_call`` (the real one still runs).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runs import sync
from harness import Editor

import recsync.existing
from recsync.seen import content_sha1

pytestmark = pytest.mark.live

SOURCE = """== Advocacy ==
* Create an advocacy hub
* Protect advocates
* Enable advocates to collaborate
== Diversity ==
* Planned community diversification
* Reflective policies for participation
"""
SUBPAGES = 5


@pytest.fixture
def source(request: pytest.FixtureRequest, editor: Editor) -> str:
    title = f"User:Editor/Remembered {request.node.name.removeprefix('test_').replace('_', ' ')}"
    editor.save(title, SOURCE, "source page for a memory test")
    return title


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    seen: list[str] = []
    real = recsync.existing.read_call

    def counted(text: str, template: str, strict: bool = True):  # type: ignore[no-untyped-def]
        call = real(text, template, strict)
        seen.append(call.get("id") if call is not None else "?")
        return call

    monkeypatch.setattr(recsync.existing, "read_call", counted)
    yield seen


def remembered(index: str) -> dict[str, str]:
    """title -> the sha1 part of its row's data-seen."""
    rows = re.findall(r'data-title="([^"]+)"[^\n]*data-seen="([0-9a-f]{20})', index)
    return {html.unescape(title): sha1 for title, sha1 in rows}


def stored_sha1(editor: Editor, titles: list[str]) -> dict[str, str]:
    data = editor.api(action="query", prop="revisions", rvprop="sha1", titles="|".join(titles))
    return {p["title"]: p["revisions"][0]["sha1"] for p in data["query"]["pages"]}


def status_row(index: str, page_id: str) -> str:
    return next(line for line in index.splitlines() if f'data-id="{page_id}"' in line)


def test_the_sha1_the_bot_predicts_is_the_one_the_wiki_stores(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    assert sync(source, tmp_path).exit_code == 0

    memory = remembered(editor.text(f"{source}/Index") or "")
    stored = stored_sha1(editor, list(memory))

    assert len(memory) == SUBPAGES
    assert {title: sha1[:20] for title, sha1 in stored.items()} == memory
    assert all(content_sha1(editor.text(t) or "") == memory[t] for t in memory)


def test_a_no_op_reads_no_subpage_and_an_editor_s_status_is_seen(
    editor: Editor, source: str, tmp_path: Path, parses: list[str]
) -> None:
    sync(source, tmp_path)
    parses.clear()

    again = sync(source, tmp_path)

    assert again.exit_code == 0 and again.edits == 0
    assert parses == []

    page = f"{source}/Diversity/1"
    editor.save(page, (editor.text(page) or "").replace("status = proposed", "status = adopted"))
    later = sync(source, tmp_path)

    assert later.exit_code == 0
    assert parses == ["Diversity/1"]  # the one page that is not what the bot last saw
    index = editor.text(f"{source}/Index") or ""
    assert 'data-status="adopted"' in status_row(index, "Diversity/1")
    assert remembered(index)[page] == content_sha1(editor.text(page) or "")


def test_a_forged_row_does_not_hide_an_editor_s_edit(
    editor: Editor, source: str, tmp_path: Path, parses: list[str]
) -> None:
    """Someone changes a status and makes the index's row name the new text's sha1 and
    the old status: the index is theirs now, so no row is trusted."""
    sync(source, tmp_path)
    page = f"{source}/Advocacy/2"
    editor.save(page, (editor.text(page) or "").replace("status = proposed", "status = rejected"))
    index_title = f"{source}/Index"
    index = editor.text(index_title) or ""
    row = status_row(index, "Advocacy/2")
    new_sha1 = content_sha1(editor.text(page) or "")
    forged = re.sub(r'data-seen="[0-9a-f]{20}', f'data-seen="{new_sha1}', row)
    editor.save(index_title, index.replace(row, forged), "a forged memory")
    parses.clear()

    run = sync(source, tmp_path)

    assert sorted(parses) == sorted(["Advocacy/1", "Advocacy/2", "Advocacy/3", "Diversity/1",
                                     "Diversity/2"])  # fmt: skip
    assert run.counts["updated"] == 1  # the index, with the status the page has
    assert 'data-status="rejected"' in status_row(editor.text(index_title) or "", "Advocacy/2")
