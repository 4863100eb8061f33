"""What admins and editors do to the bot's pages, on a real MediaWiki (issue 11).

Admins delete, move (with or without a redirect) and protect pages through the wiki's
API; editors move pages into their own space, edit the template and its
documentation.  Each test checks what an editor would see afterwards: no recreated
page, no duplicate, no junk item, nothing written over a redirect, no "saved" for
text that was not saved, the template untouched without ``--force``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runs import install_templates, status_call_params, sync
from harness import ROOT, Editor, LiveWiki

pytestmark = pytest.mark.live

SOURCE = """Working groups' drafts, rephrased.

== Advocacy ==
* Create an advocacy hub
* Protect advocates with clearly defined safety measures
* Establish communication processes for community advocates
* Articulate advocacy priorities in a living document
* Build a network of advocacy partners
* Enable advocates to collaborate internationally with partners

== Diversity ==
* Planned community diversification
* Reflective policies for participation and governance
"""
PAGES = 9  # eight subpages and the index


@pytest.fixture
def source(request: pytest.FixtureRequest, editor: Editor, tmp_path: Path) -> str:
    """A source page of this test's own, synced once: its subpages and index exist."""
    name = request.node.name.replace("_", " ")
    title = f"User:Editor/{name}"
    editor.save(title, SOURCE, "source page for a test")
    first = sync(title, tmp_path)
    assert first.counts["created"] == PAGES, first.output + first.errors
    return title


def reworded(old: str, new: str) -> str:
    assert old in SOURCE
    return SOURCE.replace(old, new)


def index_row(editor: Editor, source: str, page_id: str) -> str:
    """The index's two lines for one item: its memory (attributes) and its cells."""
    lines = (editor.text(f"{source}/Index") or "").splitlines()
    at = next(n for n, line in enumerate(lines) if f'data-id="{page_id}"' in line)
    return "\n".join(lines[at : at + 2])


def is_redirect_to(editor: Editor, title: str, target: str) -> bool:
    return (editor.text(title) or "").startswith(f"#REDIRECT [[{target}]]")


# --- deletions are final ------------------------------------------------------------------


def test_a_page_an_admin_deleted_stays_deleted_until_recreate_is_asked_for(
    editor: Editor, admin: Editor, source: str, tmp_path: Path
) -> None:
    page = f"{source}/Advocacy/3"
    admin.delete(page, "out of scope")
    said = f"deleted by Admin on {admin.log_date(page, 'delete')}: out of scope"

    run = sync(source, tmp_path)

    assert editor.text(page) is None
    assert run.exit_code == 4, run.output + run.errors  # needs attention
    assert run.counts["deleted"] == 1
    assert run.counts["created"] == 0
    assert f"deleted   [[{page}]]: {said}" in run.output
    assert f'--recreate "{page}"' in run.output
    row = index_row(editor, source, "Advocacy/3")
    assert f'data-note="{said}"' in row
    assert f"''{said}''" in row

    last = editor.last_rcid()
    again = sync(source, tmp_path)

    assert again.edits == 0
    assert editor.recent_changes(since_id=last) == []
    assert editor.text(page) is None
    assert again.counts["deleted"] == 1

    back = sync(source, tmp_path, "--recreate", page)

    assert back.exit_code == 0, back.output + back.errors
    assert back.counts["created"] == 1
    params = status_call_params(editor.text(page) or "")
    assert params["id"] == "Advocacy/3"
    assert params["text"] == "Establish communication processes for community advocates"
    assert "deleted by" not in index_row(editor, source, "Advocacy/3")


def test_a_deleted_page_stays_deleted_when_an_editor_blanks_the_index(
    editor: Editor, admin: Editor, source: str, tmp_path: Path
) -> None:
    page = f"{source}/Advocacy/3"
    admin.delete(page, "out of scope")
    sync(source, tmp_path)
    editor.save(f"{source}/Index", "Old notes.", "an editor blanks the index")

    run = sync(source, tmp_path)

    assert editor.text(page) is None
    assert run.counts["deleted"] == 1 and run.counts["created"] == 0, run.output
    assert "deleted by Admin" in index_row(editor, source, "Advocacy/3")


def test_an_index_redirected_to_another_page_stops_the_run_and_writes_nothing(
    editor: Editor, admin: Editor, source: str, tmp_path: Path
) -> None:
    admin.delete(f"{source}/Advocacy/3", "out of scope")
    sync(source, tmp_path)
    editor.save("User:Editor/Some policy", "An important policy page.")
    editor.save(f"{source}/Index", "#REDIRECT [[User:Editor/Some policy]]", "vandalism")
    last = editor.last_rcid()

    run = sync(source, tmp_path)

    assert run.exit_code == 1
    assert "does not hold the bot's section" in run.errors
    assert editor.recent_changes(since_id=last) == []
    assert editor.text("User:Editor/Some policy") == "An important policy page."


# --- moves are followed -------------------------------------------------------------------


def test_a_page_moved_into_user_space_is_followed_not_duplicated(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    page = f"{source}/Advocacy/6"
    mine = f"User:Editor/My partnerships page ({source.partition('/')[2]})"
    editor.move(page, mine, "I look after this one")
    before = editor.titles_under(source)

    run = sync(source, tmp_path)

    assert run.exit_code == 0, run.output + run.errors
    assert run.counts["created"] == 0
    assert editor.titles_under(source) == before  # no new page below the prefix
    assert f"[[{mine}|Enable advocates" in index_row(editor, source, "Advocacy/6")

    editor.save(source, reworded("collaborate internationally", "collaborate across borders"))
    update = sync(source, tmp_path)

    assert update.counts["created"] == 0
    assert f"updated   [[{mine}]]" in update.output
    params = status_call_params(editor.text(mine) or "")
    assert params["text"] == "Enable advocates to collaborate across borders with partners"
    assert params["id"] == "Advocacy/6"
    assert is_redirect_to(editor, page, mine)  # nothing is written over the redirect
    assert editor.titles_under(source) == before


def test_a_page_moved_inside_the_tree_keeps_its_item(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    page, hub = f"{source}/Advocacy/5", f"{source}/Advocacy/Hub"
    editor.move(page, hub, "a better name")
    before = editor.titles_under(source)

    editor.save(source, reworded("Build a network", "Build a worldwide network"))
    run = sync(source, tmp_path)

    assert run.exit_code == 0, run.output + run.errors
    assert run.counts["created"] == 0
    assert editor.titles_under(source) == before
    assert status_call_params(editor.text(hub) or "")["text"] == (
        "Build a worldwide network of advocacy partners"
    )
    assert is_redirect_to(editor, page, hub)
    assert f"[[{hub}|Build a worldwide network" in index_row(editor, source, "Advocacy/5")


def test_a_page_moved_without_a_redirect_is_found_through_its_move_log(
    editor: Editor, admin: Editor, source: str, tmp_path: Path
) -> None:
    page = f"{source}/Advocacy/2"
    archive = f"User:Editor/Safety archive ({source.partition('/')[2]})"
    admin.move(page, archive, "archived", redirect=False)
    assert editor.text(page) is None

    editor.save(source, reworded("clearly defined", "well defined"))
    run = sync(source, tmp_path)

    assert run.exit_code == 0, run.output + run.errors
    assert run.counts["created"] == 0
    assert editor.text(page) is None  # no duplicate where the page was
    assert status_call_params(editor.text(archive) or "")["text"] == (
        "Protect advocates with well defined safety measures"
    )
    assert f"[[{archive}|Protect advocates" in index_row(editor, source, "Advocacy/2")

    again = sync(source, tmp_path)  # the index now names the page where it went

    assert again.exit_code == 0, again.output + again.errors
    assert again.edits == 0
    assert editor.text(page) is None


def test_a_page_moved_out_whose_redirect_an_admin_deleted_is_still_followed(
    editor: Editor, admin: Editor, source: str, tmp_path: Path
) -> None:
    page = f"{source}/Advocacy/6"
    mine = f"User:Editor/My partnerships page ({source.partition('/')[2]})"
    editor.move(page, mine, "I look after this one")
    admin.delete(page, "cross-namespace redirect")  # cleaned up before any run saw the move

    editor.save(source, reworded("collaborate internationally", "collaborate across borders"))
    run = sync(source, tmp_path)

    assert run.exit_code == 0, run.output + run.errors
    assert (run.counts["created"], run.counts["deleted"]) == (0, 0)
    assert editor.text(page) is None
    assert status_call_params(editor.text(mine) or "")["text"] == (
        "Enable advocates to collaborate across borders with partners"
    )
    assert f"[[{mine}|Enable advocates" in index_row(editor, source, "Advocacy/6")


def test_a_moved_page_that_lost_its_status_call_is_reported_never_duplicated(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    page = f"{source}/Advocacy/4"
    notes = f"User:Editor/Priorities notes ({source.partition('/')[2]})"
    editor.move(page, notes, "my notes now")
    editor.save(notes, "My own notes on our advocacy priorities.")
    before = editor.titles_under(source)

    run = sync(source, tmp_path)

    assert run.exit_code == 4, run.output + run.errors  # needs attention
    assert run.counts["created"] == 0
    assert run.counts["skipped"] == 1
    assert (
        f"skipped   [[{page}]]: moved to [[{notes}]], which no longer holds its status "
        "template call"
    ) in run.output
    assert editor.titles_under(source) == before
    assert editor.text(notes) == "My own notes on our advocacy priorities."
    assert is_redirect_to(editor, page, notes)


# --- a moved source -----------------------------------------------------------------------


def test_a_source_moved_without_its_subpages_is_followed_with_a_line(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    target = f"{source} (list)"
    editor.move(source, target, "a clearer title")
    before = editor.titles_under(source)

    run = sync(source, tmp_path)

    assert run.exit_code == 0, run.output + run.errors
    assert f"source    [[{source}]] redirects to [[{target}]]: reading that page" in run.output
    assert (run.counts["created"], run.counts["retired"]) == (0, 0)
    assert editor.titles_under(source) == before  # no junk item's page
    index = editor.text(f"{source}/Index") or ""
    assert "REDIRECT" not in index and "General" not in index
    assert "|index-intro|8|" in index  # 8 recommendations
    assert status_call_params(editor.text(f"{source}/Advocacy/1") or "")["in_source"] == "yes"


def test_a_source_moved_with_its_subpages_updates_the_moved_pages(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    target = f"{source} (list)"
    editor.move(source, target, "a clearer title", subpages=True)
    old_tree, new_tree = editor.titles_under(source), editor.titles_under(target)
    assert len(new_tree) == PAGES

    editor.save(target, reworded("Create an advocacy hub", "Create a global advocacy hub"))
    run = sync(source, tmp_path)

    assert run.exit_code == 0, run.output + run.errors
    assert (run.counts["created"], run.counts["retired"]) == (0, 0)
    assert (editor.titles_under(source), editor.titles_under(target)) == (old_tree, new_tree)
    moved = status_call_params(editor.text(f"{target}/Advocacy/1") or "")
    assert moved["text"] == "Create a global advocacy hub"
    assert is_redirect_to(editor, f"{source}/Advocacy/1", f"{target}/Advocacy/1")
    assert is_redirect_to(editor, f"{source}/Index", f"{target}/Index")
    assert "[[" + target + "/Advocacy/1|Create a global" in (editor.text(f"{target}/Index") or "")


def test_a_source_that_is_a_double_redirect_stops_the_job_with_a_clear_message(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    middle, target = f"{source} (renamed)", f"{source} (list)"
    editor.save(target, SOURCE)
    editor.save(middle, f"#REDIRECT [[{target}]]")
    editor.save(source, f"#REDIRECT [[{middle}]]")
    before = editor.titles_under(source)

    run = sync(source, tmp_path)

    assert run.exit_code == 2
    assert (
        f"the source page [[{source}]] is a double redirect: [[{middle}]] redirects on to "
        f"[[{target}]]; point the job at the list itself"
    ) in run.errors
    assert run.edits == 0
    assert editor.titles_under(source) == before


# --- protection ---------------------------------------------------------------------------


def test_a_protected_page_is_skipped_and_reported_while_the_run_goes_on(
    editor: Editor, admin: Editor, source: str, tmp_path: Path
) -> None:
    page = f"{source}/Advocacy/1"
    admin.protect(page, edit="sysop")
    kept = editor.text(page)
    text = reworded("Create an advocacy hub", "Create two advocacy hubs")
    editor.save(source, text.replace("Planned community", "Planned and measured community"))

    run = sync(source, tmp_path)

    assert run.exit_code == 4, run.output + run.errors  # needs attention
    assert (run.counts["skipped"], run.counts["updated"]) == (1, 2)  # Diversity/1, the index
    assert f"skipped   [[{page}]]" in run.output
    assert editor.text(page) == kept
    assert status_call_params(editor.text(f"{source}/Diversity/1") or "")["text"] == (
        "Planned and measured community diversification"
    )


# --- an edit conflict on a page the bot writes whole --------------------------------------


def test_an_editors_change_to_the_status_page_meanwhile_is_a_conflict_not_saved(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    """The status page is written after the index: the editor saves it in between."""
    from recsync import sync as syncing
    from recsync.config import JobConfig
    from recsync.resources import template_text
    from recsync.wiki import Wiki

    status = f"{source}/Bot status"
    job = JobConfig(source=source, status_page=status)
    editor.save(status, "The bot's reports go here.")
    editor.save(source, reworded("Create an advocacy hub", "Create two advocacy hubs"))
    theirs = "Reports moved to the talk page, please."
    lines: list[str] = []

    def say(line: str) -> None:
        lines.append(line)
        if f"[[{source}/Index]]" in line:
            editor.save(status, theirs, "an editor, meanwhile")

    with Wiki.connect(login=True) as wiki:
        options = syncing.RunOptions()
        syncing.run_job(job, wiki, template_text("subpage.wiki"), options, say)

    assert any(f"updated   [[{source}/Index]]" in line for line in lines), lines
    assert editor.text(status) == theirs
    said = [line for line in lines if f"[[{status}]]" in line]
    assert said == [
        f"status    [[{status}]] not saved: edited meanwhile: changed by someone else "
        "meanwhile; the bot's text was not saved"
    ]


# --- install-templates --------------------------------------------------------------------

TEMPLATE = "Template:Recommendation status"


@pytest.fixture
def templates(admin: Editor) -> Iterator[list[str]]:
    """No template page yet (as on a new wiki); none left after the test either."""
    from recsync.install import wanted_pages

    titles = [page.title for page in wanted_pages(TEMPLATE)]

    def clear() -> None:
        for title in titles:
            if admin.text(title) is not None:
                admin.delete(title, "reset for a test")

    clear()
    yield titles
    clear()  # later tests install the template afresh


def bot_text(title: str) -> str:
    from recsync.install import wanted_pages

    return next(page.text for page in wanted_pages(TEMPLATE) if page.title == title)


def test_a_first_install_creates_the_template_its_pages_and_categories(
    editor: Editor, templates: list[str]
) -> None:
    code, output = install_templates()

    assert code == 0, output
    for title in templates:
        assert f"created   [[{title}]]" in output
        assert editor.text(title) is not None, title
    assert templates[:5] == [
        f"{TEMPLATE}/i18n",  # first: what the others call
        TEMPLATE,
        f"{TEMPLATE}/badge",
        f"{TEMPLATE}/colour",
        f"{TEMPLATE}/doc",
    ]
    assert "Category:Recommendations" in templates
    assert f"{len(templates)} created" in output
    assert f"{len(templates)} writes)" in output  # the summary counts the requests it sent


def test_an_editors_change_to_the_template_is_shown_and_kept_without_force(
    editor: Editor, templates: list[str]
) -> None:
    install_templates()
    theirs = bot_text(TEMPLATE) + "<!-- Editor: keep the labels short -->\n"
    editor.save(TEMPLATE, theirs, "a note for the next editor")
    last = editor.last_rcid()

    code, output = install_templates()

    assert code == 3, output  # refused
    assert editor.text(TEMPLATE) == theirs.rstrip("\n")
    assert editor.recent_changes(since_id=last) == []
    assert f"skipped   [[{TEMPLATE}]]: last edited by Editor on " in output
    assert "not overwritten without --force" in output
    assert "+<!-- Editor: keep the labels short -->" in output  # what they changed


def test_force_updates_the_template_but_never_the_documentation_editors_wrote(
    editor: Editor, templates: list[str]
) -> None:
    install_templates()
    editor.save(TEMPLATE, bot_text(TEMPLATE) + "<!-- Editor's tweak -->\n")
    doc = f"{TEMPLATE}/doc"
    editor.save(doc, "Our own documentation of the status template.")

    code, output = install_templates("--force")

    assert code == 0, output
    assert f"updated   [[{TEMPLATE}]]" in output
    assert (editor.text(TEMPLATE) or "").rstrip() == bot_text(TEMPLATE).rstrip()
    assert editor.text(doc) == "Our own documentation of the status template."


def test_install_without_a_terminal_and_without_always_stops_with_exit_2(
    editor: Editor, templates: list[str], live_wiki: LiveWiki
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "recsync", "install-templates"],
        capture_output=True, text=True, timeout=60, cwd=ROOT, env=dict(os.environ),
        stdin=subprocess.DEVNULL,
    )  # fmt: skip

    assert result.returncode == 2, result.stdout + result.stderr
    assert "no terminal to ask on: pass -always" in result.stderr
    assert all(editor.text(title) is None for title in templates)


def test_a_dry_run_of_install_shows_the_diffs_and_writes_nothing(
    editor: Editor, templates: list[str]
) -> None:
    install_templates()
    badge = f"{TEMPLATE}/badge"
    theirs = bot_text(badge).replace("= {{Template:Recommendation status/i18n|status-adopted}}",
                                     "= Accepted")  # fmt: skip
    assert theirs != bot_text(badge)
    editor.save(badge, theirs, "an editor's wording")
    last = editor.last_rcid()

    code, output = install_templates("--dry-run", "--force")

    assert code == 0, output
    assert editor.recent_changes(since_id=last) == []
    assert editor.text(badge) == theirs.rstrip("\n")
    assert f"[[{badge}]]" in output
    lines = output.splitlines()
    assert any(line.startswith("-") and "= Accepted" in line for line in lines), output
    assert any(line.startswith("+") and "|status-adopted}}" in line for line in lines), output
