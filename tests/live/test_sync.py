"""The bot's main job against a real MediaWiki: one scenario per test.

Every test has a source page of its own (``User:Editor/<test>``), so the subpages
(``User:Editor/<test>/<group>/<number>``) of one test never meet another's.  The
``editor`` fixture is a person editing through the API; the bot is recsync run as
a maintainer runs it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from cli_runs import Run, status_call_params, sync
from harness import ROOT, Editor

from recsync.model import RunSummary
from recsync.resources import template_text

if TYPE_CHECKING:  # recsync.sync imports pywikibot, which conftest.py must configure first
    pass

pytestmark = pytest.mark.live

DEMO = (ROOT / "demo" / "89-strategy-recommendations-nov-2019.wiki").read_text(encoding="utf-8")

SMALL = """Working groups' drafts, rephrased.

== Advocacy ==
* Create an advocacy hub
* Protect advocates with clearly defined safety measures
* Enable advocates to collaborate internationally with partners

== Diversity ==
* Planned community diversification
* Reflective policies for participation and governance
"""


@pytest.fixture
def source(request: pytest.FixtureRequest, editor: Editor) -> str:
    """A fresh source page title for this test, holding SMALL."""
    name = request.node.name.replace("_", " ").replace("[", " (").replace("]", ")")
    title = f"User:Editor/{name}"
    editor.save(title, SMALL, "source page for a test")
    return title


def subpages(editor: Editor, source: str) -> list[str]:
    return [t for t in editor.titles_under(source) if t != f"{source}/Index"]


def test_first_sync_of_the_84_item_page_creates_84_subpages_and_the_index(
    editor: Editor, tmp_path: Path
) -> None:
    source = "User:Editor/Seed"
    editor.save(source, DEMO, "the seed page")

    run = sync(source, tmp_path)

    assert run.exit_code == 0, run.output + run.errors
    assert run.counts["created"] == 85  # 84 subpages and the index
    assert len(subpages(editor, source)) == 84
    assert f"{source}/Resource Allocation/9" in subpages(editor, source)
    index = editor.text(f"{source}/Index") or ""
    assert index.count(f"[[{source}/") == 84
    params = status_call_params(editor.text(f"{source}/Advocacy/3") or "")
    assert params["text"] == (
        "Establish communication process for community advocates to have "
        "global/central conversations about advocacy"
    )
    assert params["status"] == "proposed"
    assert params["source_revision"] == str(editor.revision(source))

    again = sync(source, tmp_path)
    assert again.exit_code == 0
    assert again.edits == 0
    assert again.counts["unchanged"] == 85


def job_requests(run: Run) -> tuple[int, int]:
    """(reads, writes) from the run's summary line: ``... 92 requests (7 reads, 85 writes)``."""
    found = re.search(r"(\d+) requests? \((\d+) reads?, (\d+) writes?\)", run.output)
    assert found, run.output
    return int(found.group(2)), int(found.group(3))


def test_a_first_sync_sends_one_request_a_page_and_a_no_op_one_read(
    editor: Editor, tmp_path: Path
) -> None:
    """Reads come in batches, not one a page: the tree in one request, each save in one.

    Besides those, a first run on a cold cache asks for the site's and the API's
    description, the index page (not in the tree yet) and an edit token.
    """
    source = "User:Editor/Seed requests"
    editor.save(source, DEMO, "the seed page")

    first = sync(source, tmp_path)
    again = sync(source, tmp_path)

    assert first.counts["created"] == 85
    reads, writes = job_requests(first)
    assert writes == 85
    assert reads <= 8, first.output
    assert again.edits == 0
    assert job_requests(again) == (1, 0)


def test_a_second_sync_makes_no_edit(editor: Editor, source: str, tmp_path: Path) -> None:
    sync(source, tmp_path)
    last = editor.last_rcid()

    run = sync(source, tmp_path)

    assert run.exit_code == 0
    assert run.edits == 0
    assert editor.recent_changes(since_id=last) == []


def test_editors_status_parameter_and_discussion_survive_a_source_change(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    sync(source, tmp_path)
    page = f"{source}/Advocacy/2"
    text = editor.text(page) or ""
    text = text.replace("| status = proposed", "| status = adopted\n| owner = Meta:Advocacy team")
    text += "\n== Timeline ==\nDiscussed at the 2020 summit. ~~~~\n"
    editor.save(page, text, "set status, owner and a discussion")
    edited = editor.text(page) or ""
    editor.save(source, SMALL.replace("clearly defined safety", "well defined safety"))

    run = sync(source, tmp_path)

    assert run.exit_code == 0
    assert run.counts["updated"] == 2  # the subpage and the index
    after = editor.text(page) or ""
    params = status_call_params(after)
    assert params["text"] == "Protect advocates with well defined safety measures"
    assert params["status"] == "adopted"
    assert params["owner"] == "Meta:Advocacy team"
    assert after.endswith(edited.split("== Timeline ==")[1])
    assert (
        after.replace("well defined", "clearly defined").split("source_revision")[0]
        == (edited.split("source_revision")[0])
    )
    index = editor.text(f"{source}/Index") or ""
    badge = "{{Recommendation status/badge|adopted}}"
    [row] = [line for line in index.splitlines() if "well defined safety measures]]" in line]
    assert row.index("|Protect advocates with well defined safety measures]]") < row.index(badge)


def test_reworded_item_keeps_its_page(editor: Editor, source: str, tmp_path: Path) -> None:
    sync(source, tmp_path)
    editor.save(source, SMALL.replace("Create an advocacy hub", "Create a global advocacy hub"))

    run = sync(source, tmp_path)

    assert run.counts["created"] == 0
    assert status_call_params(editor.text(f"{source}/Advocacy/1") or "")["text"] == (
        "Create a global advocacy hub"
    )


def test_reordering_and_inserting_renumbers_nothing(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    sync(source, tmp_path)
    reordered = SMALL.replace(
        "* Create an advocacy hub\n* Protect advocates with clearly defined safety measures\n",
        "* Protect advocates with clearly defined safety measures\n"
        "* Articulate advocacy priorities in a living document\n"
        "* Create an advocacy hub\n",
    )
    editor.save(source, reordered)

    run = sync(source, tmp_path)

    assert run.counts["created"] == 1 + 0  # the new item; the index is updated
    new = status_call_params(editor.text(f"{source}/Advocacy/4") or "")
    assert new["text"] == "Articulate advocacy priorities in a living document"
    first = status_call_params(editor.text(f"{source}/Advocacy/1") or "")
    assert first["text"] == "Create an advocacy hub"
    assert first["number"] == "1"


def test_deleted_item_is_retired_not_blanked_and_comes_back(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    sync(source, tmp_path)
    page = f"{source}/Diversity/1"
    before = editor.text(page) or ""
    editor.save(source, SMALL.replace("* Planned community diversification\n", ""))

    run = sync(source, tmp_path)

    assert run.counts["retired"] == 1
    retired = editor.text(page) or ""
    assert status_call_params(retired)["in_source"] == "no"
    assert retired == before.replace("| in_source = yes", "| in_source = no")
    index = editor.text(f"{source}/Index") or ""
    assert "|index-retired}} ==" in index  # No longer on the source page

    editor.save(source, SMALL)
    back = sync(source, tmp_path)

    assert back.counts["created"] == 0
    assert status_call_params(editor.text(page) or "")["in_source"] == "yes"


def test_item_moved_to_another_group_keeps_its_page(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    sync(source, tmp_path)
    moved = SMALL.replace("* Create an advocacy hub\n", "").replace(
        "== Diversity ==\n", "== Diversity ==\n* Create an advocacy hub\n"
    )
    editor.save(source, moved)

    run = sync(source, tmp_path)

    assert run.counts["created"] == 0
    params = status_call_params(editor.text(f"{source}/Advocacy/1") or "")
    assert params["group"] == "Diversity"
    assert params["id"] == "Advocacy/1"
    assert params["in_source"] == "yes"


def _apply_with_an_edit_in_between(
    editor: Editor, source: str, page: str, edit: Callable[[str], str]
) -> tuple[RunSummary, list[str]]:
    """Plan a sync, let the editor save ``page`` (``edit`` maps its text), then apply."""
    from recsync import sync as syncing
    from recsync.apply import apply_plan
    from recsync.config import JobConfig
    from recsync.wiki import Wiki

    job = JobConfig(source=source)
    lines: list[str] = []
    with Wiki.connect(login=True) as wiki:
        plan = syncing.plan_pages(syncing.read_job(job, wiki), template_text("subpage.wiki"))
        editor.save(page, edit(editor.text(page) or ""), "an editor, meanwhile")
        summary = RunSummary(job="conflict")
        apply_plan(plan, wiki, summary, lines.append)
    return summary, lines


def test_editor_saving_another_line_meanwhile_is_merged_by_mediawiki(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    sync(source, tmp_path)
    page = f"{source}/Advocacy/1"
    editor.save(source, SMALL.replace("Create an advocacy hub", "Create an advocacy hub now"))

    summary, lines = _apply_with_an_edit_in_between(
        editor,
        source,
        page,
        lambda text: text.replace("status = proposed", "status = under discussion"),
    )

    assert summary.conflicts == 0 and summary.errors == 0, lines

    params = status_call_params(editor.text(page) or "")
    assert params["text"] == "Create an advocacy hub now"
    assert params["status"] == "under discussion"


def test_edit_conflict_is_redone_on_the_editors_text(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    """The editor rewrites the whole call on one line: a real conflict for the bot."""
    sync(source, tmp_path)
    page = f"{source}/Advocacy/1"
    editor.save(source, SMALL.replace("Create an advocacy hub", "Create an advocacy hub now"))

    def one_line_call(text: str) -> str:
        params = status_call_params(text)
        params["status"] = "under discussion"
        call = "{{Recommendation status|" + "|".join(f"{k}={v}" for k, v in params.items()) + "}}"
        return call + text[text.index("}}") + 2 :]

    summary, lines = _apply_with_an_edit_in_between(editor, source, page, one_line_call)

    assert summary.conflicts == 0 and summary.errors == 0, lines
    assert any("saved after an edit conflict" in line for line in lines), lines
    after = editor.text(page) or ""
    params = status_call_params(after)
    assert params["text"] == "Create an advocacy hub now"
    assert params["status"] == "under discussion"
    assert after.startswith("{{Recommendation status|id=Advocacy/1|")
    assert "\n" not in after[: after.index("}}")]


def test_page_with_nobots_is_skipped_and_reported(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    sync(source, tmp_path)
    page = f"{source}/Advocacy/1"
    kept = "{{nobots}}\n" + (editor.text(page) or "")
    editor.save(page, kept)
    editor.save(source, SMALL.replace("Create an advocacy hub", "Create two advocacy hubs"))

    run = sync(source, tmp_path)

    assert run.counts["skipped"] == 1
    assert run.exit_code == 4  # needs attention, not a failure: nobody is mailed
    assert f"skipped   [[{page}]]" in run.output
    assert editor.text(page) == kept


@pytest.mark.parametrize(
    ("template", "skipped"),
    [("{{bots|deny=RecsyncBot}}", True), ("{{bots|deny=SomeOtherBot}}", False)],
    ids=["this bot denied", "another bot denied"],
)
def test_bots_deny_keeps_out_only_the_bots_it_names(
    editor: Editor, source: str, tmp_path: Path, template: str, skipped: bool
) -> None:
    sync(source, tmp_path)
    page = f"{source}/Advocacy/1"
    kept = template + "\n" + (editor.text(page) or "")
    editor.save(page, kept)
    editor.save(source, SMALL.replace("Create an advocacy hub", "Create two advocacy hubs"))

    run = sync(source, tmp_path)

    after = editor.text(page) or ""
    assert (run.counts["skipped"], run.counts["updated"]) == ((1, 1) if skipped else (0, 2))
    assert (after == kept) is skipped
    assert after.startswith(template + "\n")
    expected = "Create an advocacy hub" if skipped else "Create two advocacy hubs"
    assert status_call_params(after)["text"] == expected


def test_page_created_by_an_editor_between_read_and_write_is_not_overwritten(
    editor: Editor, source: str
) -> None:
    page = f"{source}/Advocacy/1"
    theirs = "An editor's own notes on the advocacy hub."

    summary, lines = _apply_with_an_edit_in_between(editor, source, page, lambda _: theirs)

    assert editor.text(page) == theirs
    said = f"conflict  [[{page}]]: the page was created by someone else meanwhile"
    assert any(line.endswith(said) for line in lines), lines
    assert (summary.conflicts, summary.created) == (1, 5)  # 4 subpages and the index


def test_editor_saving_in_the_same_second_as_the_base_revision_is_not_reverted(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    """MediaWiki finds a merge base by timestamp, to the second: the bot sends the
    base revision's id, or an editor's save made in that same second would be undone."""
    from recsync import sync as syncing
    from recsync.apply import apply_plan
    from recsync.config import JobConfig
    from recsync.wiki import Wiki

    sync(source, tmp_path)
    page = f"{source}/Advocacy/1"
    for attempt in range(10):  # bounded: until the two saves share a second
        text = editor.text(page) or ""
        editor.save(
            page, text.replace("Create an advocacy hub", f"Create an advocacy hub {attempt}")
        )
        editor.save(source, SMALL.replace("Create an advocacy hub", "Create an advocacy hub now"))
        with Wiki.connect(login=True) as wiki:
            plan = syncing.plan_pages(
                syncing.read_job(JobConfig(source=source), wiki), template_text("subpage.wiki")
            )
            base = editor.text(page) or ""
            editor.save(page, base.replace("status = proposed", "status = adopted"))
            stamps = editor.api(
                action="query", prop="revisions", rvprop="timestamp", rvlimit=2, titles=page
            )["query"]["pages"][0]["revisions"]
            if stamps[0]["timestamp"] != stamps[1]["timestamp"]:
                editor.save(page, base)  # not the case under test: start again
                continue
            apply_plan(plan, wiki, RunSummary(job="same second"), print)
        break
    else:
        pytest.fail("could not get two saves into one second in 10 attempts")

    params = status_call_params(editor.text(page) or "")
    assert params["text"] == "Create an advocacy hub now"
    assert params["status"] == "adopted"
