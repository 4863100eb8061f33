"""install-templates plans like a sync: the bot's pages are kept, the editors' created once."""

from __future__ import annotations

from recsync import __version__
from recsync.install import CATEGORY, plan_install, wanted_pages
from recsync.model import Action, PageState

TEMPLATE = "Template:Recommendation status"
WANTED = wanted_pages(TEMPLATE)
BOT = "RecsyncBot"


def titles() -> list[str]:
    return [page.title for page in WANTED]


def existing(user: str = BOT, changed: str = "") -> dict[str, PageState]:
    """The wiki after a first install, with one page's text replaced by ``user``."""
    pages = {p.title: PageState(p.title, p.text, 1, user=BOT, date="2026-12-01") for p in WANTED}
    if changed:
        pages[changed] = PageState(changed, "An editor's version.", 2, user=user, date="2026-12-02")
    return pages


def plan(pages: dict[str, PageState], force: bool = False) -> dict[str, Action]:
    changes = plan_install(WANTED, pages, BOT, "recsync", force, {})
    return {c.title: c.action for c in changes}


def test_the_template_its_badge_colours_doc_and_categories_are_wanted() -> None:
    assert titles()[:4] == [
        TEMPLATE,
        f"{TEMPLATE}/badge",
        f"{TEMPLATE}/colour",
        f"{TEMPLATE}/doc",
    ]
    assert CATEGORY in titles()
    assert f"{CATEGORY} – adopted" in titles() and f"{CATEGORY} – unknown status" in titles()


def test_the_pages_name_the_template_they_belong_to() -> None:
    status = WANTED[0].text
    assert "{{Template:Recommendation status/badge|{{{status|}}}}}" in status
    assert "@TEMPLATE@" not in "".join(page.text for page in WANTED)


def test_a_first_install_creates_every_page_and_names_the_version() -> None:
    changes = plan_install(WANTED, {}, BOT, "recsync")

    assert {c.action for c in changes} == {Action.CREATE}
    assert changes[0].summary == f"recsync: install {TEMPLATE} (recsync {__version__})"


def test_a_second_install_changes_nothing() -> None:
    assert set(plan(existing()).values()) == {Action.UNCHANGED}


def test_an_editors_change_to_the_template_is_not_overwritten() -> None:
    changes = plan_install(
        WANTED, existing("Jane", TEMPLATE), BOT, "recsync", False, {TEMPLATE: "-x\n+y"}
    )

    held = next(c for c in changes if c.title == TEMPLATE)
    assert held.action == Action.SKIPPED
    assert "last edited by Jane on 2026-12-02" in held.reason and "-x\n+y" in held.reason


def test_force_overwrites_an_editors_change_to_the_template() -> None:
    assert plan(existing("Jane", TEMPLATE), force=True)[TEMPLATE] == Action.UPDATE


def test_the_bots_own_older_version_is_updated() -> None:
    assert plan(existing(BOT, TEMPLATE))[TEMPLATE] == Action.UPDATE


def test_the_documentation_and_categories_belong_to_editors_once_created() -> None:
    doc = f"{TEMPLATE}/doc"

    assert plan(existing("Jane", doc))[doc] == Action.UNCHANGED
    assert plan(existing("Jane", CATEGORY))[CATEGORY] == Action.UNCHANGED
