"""Planning after admins and editors acted on the bot's pages: deletions, moves, redirects.

Same fixtures as ``test_plan.py``: the first run creates five pages below ``Recs``;
then an admin or an editor acts on the dict that stands for the wiki, and the next
run is planned with what the wiki's logs say (``PageFate``).  Each test checks what
an editor would see: no recreated page, no duplicate, updates where the page went.
"""

from __future__ import annotations

from dataclasses import replace

from test_plan import REPORT, SOURCE, TEMPLATE, Wiki, change, edit, first_run, save, writes
from test_plan import SKELETON as FIRST_RUN_SKELETON

from recsync.config import JobConfig
from recsync.existing import followed_targets, remembered_outside
from recsync.index import read_rows
from recsync.model import Action, PageFate, PageState, Plan
from recsync.plan import PlanContext, make_plan
from recsync.source import parse_source
from recsync.subpage import read_call

JOB = JobConfig(source="User:Ex/Recs", prefix="Recs")
DELETED = PageFate("Recs/Advocacy/3", "delete", "Admin", "2026-12-02", "out of scope")


def plan(wiki: Wiki, context: PlanContext | None = None, source: str = SOURCE) -> Plan:
    parsed = parse_source(source, source=JOB.source)
    state = PageState(JOB.source, source, 100)
    # The first run's skeleton: a page created again is what it was, as its row remembers.
    return make_plan(JOB, parsed, state, list(wiki.values()), FIRST_RUN_SKELETON, context)


def without(wiki: Wiki, title: str) -> Wiki:
    return {t: p for t, p in wiki.items() if t != title}


def moved(wiki: Wiki, title: str, target: str, redirect: bool = True) -> Wiki:
    """An editor's move: the page goes to ``target``, a redirect stays unless suppressed."""
    after = without(wiki, title)
    after[target] = replace(wiki[title], title=target)
    if redirect:
        after[title] = PageState(title, f"#REDIRECT [[{target}]]", 7, redirect=target)
    return after


def index_row(result: Plan, page_id: str) -> str:
    index = change(result, "Recs/Index").new_text or change(result, "Recs/Index").old_text or ""
    lines = index.splitlines()
    at = next(n for n, line in enumerate(lines) if f'data-id="{page_id}"' in line)
    return "\n".join(lines[at : at + 2])  # its memory and its cells


# --- deletions are final ------------------------------------------------------------------


def test_a_deleted_page_is_not_recreated() -> None:
    wiki = without(first_run(), "Recs/Advocacy/3")

    result = plan(wiki, PlanContext(fates={"Recs/Advocacy/3": DELETED}))

    assert change(result, "Recs/Advocacy/3").action == Action.DELETED
    assert (
        "deleted by Admin on 2026-12-02: out of scope" in change(result, "Recs/Advocacy/3").reason
    )
    assert writes(result) == {"Recs/Index": Action.UPDATE}
    assert 'data-note="deleted by Admin on 2026-12-02: out of scope"' in index_row(
        result, "Advocacy/3"
    )


def test_a_remembered_deletion_stands_run_after_run() -> None:
    wiki = without(first_run(), "Recs/Advocacy/3")
    after = plan(wiki, PlanContext(fates={"Recs/Advocacy/3": DELETED}))
    index = change(after, "Recs/Index").new_text or ""
    wiki["Recs/Index"] = PageState("Recs/Index", index, 2)

    result = plan(wiki, PlanContext(fates={"Recs/Advocacy/3": DELETED}))

    assert change(result, "Recs/Advocacy/3").action == Action.DELETED
    assert result.writes == []
    assert [r.id for r in read_rows(index) if r.deleted] == ["Advocacy/3"]


def test_the_log_not_the_index_says_a_page_was_deleted() -> None:
    # A forged "deleted" note on the row of a page that never was deleted hides nothing.
    wiki = without(first_run(), "Recs/Advocacy/3")
    forged = (wiki["Recs/Index"].text or "").replace(
        'data-id="Advocacy/3"', 'data-id="Advocacy/3" data-note="deleted by Nobody"'
    )
    wiki["Recs/Index"] = PageState("Recs/Index", forged, 2)

    assert writes(plan(wiki))["Recs/Advocacy/3"] == Action.CREATE


def test_a_page_deleted_and_forgotten_by_the_index_is_not_recreated() -> None:
    # An editor blanked the index: the deletion log still knows (sync asks it before a
    # creation on a later run, and plans again with what it says).
    wiki = without(first_run(), "Recs/Advocacy/3")
    wiki["Recs/Index"] = PageState("Recs/Index", "Old notes.", 2)

    result = plan(wiki, PlanContext(fates={"Recs/Advocacy/3": DELETED}))

    assert change(result, "Recs/Advocacy/3").action == Action.DELETED
    assert "Recs/Advocacy/3" not in writes(result)


def test_recreate_brings_a_deleted_page_back_on_purpose() -> None:
    wiki = without(first_run(), "Recs/Advocacy/3")

    result = plan(wiki, PlanContext({"Recs/Advocacy/3": DELETED}, recreate={"Recs/Advocacy/3"}))

    assert writes(result) == {"Recs/Advocacy/3": Action.CREATE}  # the index row is as it was
    call = read_call(change(result, "Recs/Advocacy/3").new_text or "", TEMPLATE)
    assert call is not None and call.get("id") == "Advocacy/3"


def test_a_new_item_never_takes_a_deleted_pages_number() -> None:
    wiki = without(first_run(), "Recs/Advocacy/3")
    source = SOURCE.replace(
        "== Diversity ==", "* Open a policy office in Brussels\n\n== Diversity =="
    )

    result = plan(wiki, PlanContext(fates={"Recs/Advocacy/3": DELETED}), source)

    assert writes(result) == {"Recs/Advocacy/4": Action.CREATE, "Recs/Index": Action.UPDATE}


def test_a_page_missing_without_a_log_entry_is_created_where_the_index_says() -> None:
    # e.g. its creation failed last run: the index already lists it
    wiki = without(first_run(), "Recs/Advocacy/3")

    result = plan(wiki)

    assert writes(result) == {"Recs/Advocacy/3": Action.CREATE}


# --- moves are followed -------------------------------------------------------------------


def test_a_page_moved_out_of_the_tree_with_a_redirect_is_followed() -> None:
    wiki = moved(first_run(), "Recs/Advocacy/2", "User:Jane/Report")
    source = SOURCE.replace(REPORT, "Publish a yearly report on our policy work")

    result = plan(wiki, source=source)

    assert writes(result) == {"User:Jane/Report": Action.UPDATE, "Recs/Index": Action.UPDATE}
    assert "[[User:Jane/Report|Publish a yearly report on our policy work]]" in index_row(
        result, "Advocacy/2"
    )
    assert all(c.title != "Recs/Advocacy/2" for c in result.writes)  # never over a redirect


def test_a_followed_page_is_left_alone_when_nothing_changed() -> None:
    wiki = moved(first_run(), "Recs/Advocacy/2", "User:Jane/Report")

    result = plan(wiki)

    assert writes(result) == {"Recs/Index": Action.UPDATE}  # the index links to the new title
    assert change(result, "User:Jane/Report").action == Action.UNCHANGED


def test_a_move_inside_the_tree_keeps_the_page() -> None:
    wiki = moved(first_run(), "Recs/Advocacy/2", "Recs/Advocacy/Hub")

    result = plan(wiki)

    assert change(result, "Recs/Advocacy/Hub").action == Action.UNCHANGED
    assert not any(c.action == Action.CREATE for c in result.changes)


def test_a_page_moved_without_a_redirect_is_found_through_its_log() -> None:
    wiki = moved(first_run(), "Recs/Advocacy/2", "User:Jane/Report", redirect=False)
    fate = PageFate("Recs/Advocacy/2", "move", "Jane", "2026-12-02", "mine", "User:Jane/Report")

    result = plan(wiki, PlanContext(fates={"Recs/Advocacy/2": fate}))

    assert change(result, "User:Jane/Report").action == Action.UNCHANGED
    assert not any(c.action == Action.CREATE for c in result.changes)


def test_a_move_target_without_the_call_is_reported_never_duplicated() -> None:
    wiki = moved(first_run(), "Recs/Advocacy/2", "User:Jane/Report")
    wiki["User:Jane/Report"] = PageState("User:Jane/Report", "My own notes now.", 9)

    result = plan(wiki)

    skipped = change(result, "Recs/Advocacy/2")
    assert skipped.action == Action.SKIPPED
    assert skipped.reason == (
        "moved to [[User:Jane/Report]], which no longer holds its status template call"
    )
    assert not any(c.action == Action.CREATE for c in result.changes)


def test_a_redirect_to_another_items_page_is_not_taken_for_this_one() -> None:
    wiki = moved(first_run(), "Recs/Advocacy/2", "Recs/Advocacy/1")
    wiki["Recs/Advocacy/1"] = first_run()["Recs/Advocacy/1"]

    result = plan(wiki)

    assert change(result, "Recs/Advocacy/2").action == Action.SKIPPED
    assert not any(c.action == Action.CREATE for c in result.changes)


# --- pages that are not the item's, and editors' slips ---------------------------------


def test_a_remembered_page_without_the_call_is_reported_not_created_over() -> None:
    wiki = first_run()
    wiki["Recs/Advocacy/2"] = PageState("Recs/Advocacy/2", "{{Merged into|Advocacy/1}}", 5)

    result = plan(wiki)

    assert change(result, "Recs/Advocacy/2").action == Action.SKIPPED
    assert "no longer holds its status template call" in change(result, "Recs/Advocacy/2").reason
    assert not any(c.action == Action.CREATE for c in result.changes)


def test_a_blanked_text_parameter_is_written_again_not_duplicated() -> None:
    wiki = edit(first_run(), "Recs/Advocacy/2", f"| text = {REPORT}", "| text = ")

    result = plan(wiki)

    assert writes(result) == {"Recs/Advocacy/2": Action.UPDATE}
    assert f"| text = {REPORT}" in (change(result, "Recs/Advocacy/2").new_text or "")


def test_an_editors_draft_that_uses_the_template_without_an_id_is_theirs() -> None:
    wiki = first_run()
    wiki["Recs/Drafts/New idea"] = PageState(
        "Recs/Drafts/New idea", "{{Recommendation status|status=adopted|notes=keep}}", 5
    )

    result = plan(wiki)

    assert all(c.title != "Recs/Drafts/New idea" for c in result.changes)


def test_a_forged_row_does_not_make_a_page_outside_the_tree_the_bots() -> None:
    wiki = first_run()
    outside = "Template:Recommendation status/sandbox"
    wiki[outside] = PageState(outside, "{{Recommendation status|status=adopted}}", 5)
    forged = (wiki["Recs/Index"].text or "").replace(
        "|}\n<!-- recsync:end -->",
        f'|- data-id="Zzz/1" data-title="{outside}"\n| 1 || [[{outside}|x]]\n|}}\n'
        "<!-- recsync:end -->",
    )
    wiki["Recs/Index"] = PageState("Recs/Index", forged, 2)

    result = plan(wiki)

    assert all(c.title != outside or not c.writes for c in result.changes)


def test_a_translation_subpage_is_the_translators() -> None:
    wiki = first_run()
    wiki["Recs/Advocacy/2/de"] = replace(wiki["Recs/Advocacy/2"], title="Recs/Advocacy/2/de")

    result = plan(wiki)

    assert all(c.title != "Recs/Advocacy/2/de" for c in result.changes)
    assert result.writes == []


def translated(wiki: Wiki, title: str, language: str) -> Wiki:
    """A translator's page below an item's page: a copy of its call, in German, with a
    status of its own."""
    text = (wiki[title].text or "").replace(REPORT, "Einen Jahresbericht veröffentlichen")
    text = text.replace("| status = proposed", "| status = angenommen")
    return {**wiki, f"{title}/{language}": PageState(f"{title}/{language}", text, 40)}


REWORDED = SOURCE.replace(REPORT, REPORT + " and its sources")


def test_a_translation_with_a_copy_of_the_call_is_never_edited_nor_counted() -> None:
    wiki = translated(first_run(), "Recs/Advocacy/2", "de")

    result = plan(wiki, source=REWORDED)

    assert writes(result) == {"Recs/Advocacy/2": Action.UPDATE, "Recs/Index": Action.UPDATE}
    assert all(c.title != "Recs/Advocacy/2/de" for c in result.changes)
    assert 'data-title="Recs/Advocacy/2" data-status="proposed"' in index_row(result, "Advocacy/2")
    assert "angenommen" not in (change(result, "Recs/Index").new_text or "")


def test_the_translation_of_a_deleted_page_does_not_stand_in_for_it() -> None:
    wiki = without(translated(first_run(), "Recs/Advocacy/2", "de"), "Recs/Advocacy/2")
    fate = PageFate("Recs/Advocacy/2", "delete", "Admin", "2026-12-02", "duplicate")

    result = plan(wiki, PlanContext(fates={"Recs/Advocacy/2": fate}), source=REWORDED)

    assert change(result, "Recs/Advocacy/2").action == Action.DELETED
    assert writes(result) == {"Recs/Index": Action.UPDATE}
    assert all(c.title != "Recs/Advocacy/2/de" for c in result.changes)


def test_the_translation_of_a_missing_page_does_not_keep_it_from_being_made_again() -> None:
    wiki = without(translated(first_run(), "Recs/Advocacy/2", "de"), "Recs/Advocacy/2")

    result = plan(wiki)

    assert writes(result) == {"Recs/Advocacy/2": Action.CREATE}


def test_translations_in_every_language_code_shape_are_left_alone() -> None:
    wiki = first_run()
    for language in ("de", "zh-hans", "pt-br", "be-tarask", "sr-ec", "qqq", "de-formal"):
        wiki = translated(wiki, "Recs/Advocacy/2", language)

    result = plan(wiki, source=REWORDED)

    assert writes(result) == {"Recs/Advocacy/2": Action.UPDATE, "Recs/Index": Action.UPDATE}
    assert result.warnings == ()


def test_a_page_moved_to_a_title_shaped_like_a_translation_is_still_followed() -> None:
    with_redirect = moved(first_run(), "Recs/Advocacy/2", "Recs/Advocacy/2/old")
    fate = PageFate("Recs/Advocacy/2", "move", "Jane", "2026-12-02", "", "Recs/Advocacy/2/old")
    by_log = moved(first_run(), "Recs/Advocacy/2", "Recs/Advocacy/2/old", redirect=False)

    for result in (plan(with_redirect), plan(by_log, PlanContext(fates={"Recs/Advocacy/2": fate}))):
        assert change(result, "Recs/Advocacy/2/old").action == Action.UNCHANGED
        assert not any(c.action == Action.CREATE for c in result.changes)


# --- statuses: since when, by whom; values the template does not know ----------------------


def test_a_status_change_is_dated_from_the_revision_that_carries_it() -> None:
    wiki = edit(first_run(), "Recs/Diversity/1", "| status = proposed", "| status = adopted")
    wiki["Recs/Diversity/1"] = replace(wiki["Recs/Diversity/1"], user="Jane", date="2026-12-01")

    result = plan(wiki)

    row = index_row(result, "Diversity/1")
    assert 'data-status="adopted" data-since="2026-12-01" data-by="Jane"' in row
    assert change(result, "Recs/Index").summary.startswith(
        "recsync: index: Diversity no. 1 adopted, "
    )


def test_a_status_the_template_does_not_know_is_a_warning() -> None:
    wiki = edit(first_run(), "Recs/Diversity/1", "| status = proposed", "| status = rejected")

    result = plan(wiki)

    assert result.warnings == (
        "Diversity/1 has status 'rejected', which the template does not know",
    )


def test_pages_created_by_the_run_show_the_bot_and_the_day() -> None:
    result = plan({}, PlanContext(today="2026-12-02", bot_user="RecsyncBot"))

    assert 'data-since="2026-12-02" data-by="RecsyncBot"' in index_row(result, "Advocacy/1")
    assert change(result, "Recs/Index").summary.startswith(
        "recsync: index created: 5 recommendations"
    )


def test_a_retired_item_with_a_deleted_page_stays_remembered() -> None:
    wiki = without(first_run(), "Recs/Advocacy/2")

    result = plan(
        wiki,
        PlanContext(fates={"Recs/Advocacy/2": replace(DELETED, title="Recs/Advocacy/2")}),
        SOURCE.replace(f"* {REPORT}\n", ""),
    )

    assert "Advocacy/2" in index_row(result, "Advocacy/2")
    assert not any(c.writes and c.title == "Recs/Advocacy/2" for c in result.changes)


# --- pages a move took out of the tree, on the runs after --------------------------------


def moved_out_and_synced(redirect: bool) -> Wiki:
    """Jane moved Advocacy/2 to her user space; a run followed it: the index names it there."""
    wiki = moved(first_run(), "Recs/Advocacy/2", "User:Jane/Report", redirect=redirect)
    fate = PageFate("Recs/Advocacy/2", "move", "Jane", "2026-12-02", "mine", "User:Jane/Report")
    return save(plan(wiki, PlanContext(fates={"Recs/Advocacy/2": fate})), wiki)


def test_the_index_names_pages_outside_the_tree_so_the_shell_reads_them() -> None:
    wiki = moved_out_and_synced(redirect=False)
    memory = read_rows(wiki["Recs/Index"].text or "")

    assert remembered_outside(memory, "Recs") == ["User:Jane/Report"]


def test_a_page_moved_out_without_a_redirect_is_still_followed_on_the_next_run() -> None:
    wiki = moved_out_and_synced(redirect=False)

    result = plan(wiki)  # no log read: the page is not missing, the index names it

    assert result.writes == []
    assert change(result, "User:Jane/Report").action == Action.UNCHANGED


def test_a_page_moved_out_and_on_again_is_followed_to_where_it_is() -> None:
    wiki = moved(moved_out_and_synced(redirect=False), "User:Jane/Report", "User:Jane/Archive")
    pages = [p for t, p in wiki.items() if t != "User:Jane/Archive"]

    assert followed_targets(pages, "Recs", ["User:Jane/Report"]) == ["User:Jane/Archive"]
    result = plan(wiki)
    assert writes(result) == {"Recs/Index": Action.UPDATE}
    assert "[[User:Jane/Archive|" in index_row(result, "Advocacy/2")
