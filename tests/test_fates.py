"""Why a page the index remembers is missing, from its log (newest entry first)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from recsync.answers import fate_from_log
from recsync.model import PageFate

TITLE = "Recs/Advocacy/6"


@dataclass
class Entry:
    """A log entry as pywikibot gives it, with what the fate reads."""

    kind: str
    act: str
    by: str = "Admin"
    reason: str = ""
    target_title: str = ""

    def type(self) -> str:
        return self.kind

    def action(self) -> str:
        return self.act

    def user(self) -> str:
        return self.by

    def comment(self) -> str:
        return self.reason

    def timestamp(self) -> datetime:
        return datetime(2026, 12, 2)


CREATED = Entry("create", "create", "RecsyncBot")
MOVED = Entry("move", "move", "Jane", "mine", "User:Jane/Partners")
DELETED = Entry("delete", "delete", "Admin", "out of scope")


def test_a_deleted_page_is_deleted() -> None:
    assert fate_from_log(TITLE, [DELETED, CREATED]) == PageFate(
        TITLE, "delete", "Admin", "2026-12-02", "out of scope"
    )


def test_a_page_moved_away_is_followed() -> None:
    fate = fate_from_log(TITLE, [MOVED, CREATED])

    assert fate is not None and (fate.event, fate.target) == ("move", "User:Jane/Partners")


def test_the_redirect_a_move_left_being_deleted_is_no_deletion_of_the_page() -> None:
    redirect_deleted = Entry("delete", "delete", "Admin", "cross-namespace redirect")

    fate = fate_from_log(TITLE, [redirect_deleted, MOVED, CREATED])

    assert fate is not None and (fate.event, fate.target) == ("move", "User:Jane/Partners")


def test_a_move_before_the_page_was_created_is_not_its_fate() -> None:
    assert fate_from_log(TITLE, [DELETED, CREATED, MOVED]) == PageFate(
        TITLE, "delete", "Admin", "2026-12-02", "out of scope"
    )


def test_an_undeleted_page_has_no_fate() -> None:
    restored = Entry("delete", "restore")

    assert fate_from_log(TITLE, [restored, DELETED, CREATED]) is None
    assert fate_from_log(TITLE, []) is None
