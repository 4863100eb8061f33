"""After an edit conflict, each kind of page is redone by its own rule (recsync.rebase)."""

from __future__ import annotations

import pytest

from recsync.index import BEGIN, END
from recsync.model import Action, Kind, PageChange
from recsync.rebase import Conflict, rebase

TEMPLATE = "Template:Recommendation status"
SUBPAGE = "{{Recommendation status\n| id = A/1\n| text = Old\n| status = proposed\n}}\nTalk."


def subpage_change(action: Action = Action.UPDATE) -> PageChange:
    new = SUBPAGE.replace("Old", "New")
    return PageChange(
        "Recs/A/1", action, SUBPAGE, new, "s", "A/1", kind=Kind.SUBPAGE, fields={"text": "New"}
    )


def test_a_subpage_gets_the_bots_fields_on_the_editors_fresh_text() -> None:
    fresh = SUBPAGE.replace("proposed", "adopted").replace("Talk.", "Talk. More talk.")

    assert rebase(subpage_change(), fresh, TEMPLATE) == fresh.replace("Old", "New")


def test_a_subpage_created_by_someone_else_meanwhile_is_a_conflict() -> None:
    with pytest.raises(Conflict, match="created by someone else"):
        rebase(subpage_change(Action.CREATE), SUBPAGE, TEMPLATE)


def test_a_subpage_whose_call_is_gone_is_a_conflict() -> None:
    with pytest.raises(Conflict, match="no call"):
        rebase(subpage_change(), "An editor replaced everything.", TEMPLATE)


def test_the_index_gets_its_section_into_the_fresh_page() -> None:
    section = f"{BEGIN}\nnew table\n{END}"
    change = PageChange("Recs/Index", Action.UPDATE, "", "", kind=Kind.INDEX, section=section)
    fresh = f"Intro an editor just wrote.\n{BEGIN}\nold table\n{END}\nOutro."

    assert rebase(change, fresh, TEMPLATE) == f"Intro an editor just wrote.\n{section}\nOutro."


def test_an_index_with_broken_markers_is_a_conflict() -> None:
    change = PageChange("Recs/Index", Action.UPDATE, "", "", kind=Kind.INDEX, section="x")

    with pytest.raises(Conflict, match="markers"):
        rebase(change, f"{BEGIN} only", TEMPLATE)


def test_a_whole_page_changed_by_someone_else_is_a_conflict_not_saved() -> None:
    change = PageChange("User:Bot/Status", Action.UPDATE, "old report", "new report")

    with pytest.raises(Conflict, match="not saved"):
        rebase(change, "an editor's note", TEMPLATE)


def test_a_whole_page_that_already_says_the_same_is_left_as_it_is() -> None:
    change = PageChange("User:Bot/Status", Action.UPDATE, "old report", "new report\n")

    assert rebase(change, "new report", TEMPLATE) == "new report"


@pytest.mark.parametrize("kind", list(Kind))
def test_a_page_deleted_meanwhile_is_a_conflict(kind: Kind) -> None:
    change = PageChange("P", Action.UPDATE, "a", "b", kind=kind, fields={"text": "b"}, section="s")

    with pytest.raises(Conflict, match="deleted meanwhile"):
        rebase(change, None, TEMPLATE)
