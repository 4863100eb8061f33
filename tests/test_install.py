"""install-templates plans like a sync: the bot's pages are kept, the editors' created once."""

from __future__ import annotations

from recsync import __version__
from recsync.install import CATEGORY, plan_install, wanted_pages
from recsync.messages import render_template
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


def test_the_template_its_words_badge_colours_doc_and_categories_are_wanted() -> None:
    assert titles()[:5] == [
        f"{TEMPLATE}/i18n",  # first: what the others call
        TEMPLATE,
        f"{TEMPLATE}/badge",
        f"{TEMPLATE}/colour",
        f"{TEMPLATE}/doc",
    ]
    assert CATEGORY in titles()
    assert f"{CATEGORY} – adopted" in titles() and f"{CATEGORY} – unknown status" in titles()


def test_the_pages_name_the_template_they_belong_to() -> None:
    status = WANTED[1].text
    assert "{{Template:Recommendation status/badge|{{{status|}}}}}" in status
    assert "{{Template:Recommendation status/i18n|box-status}}" in status
    assert "@TEMPLATE@" not in "".join(page.text for page in WANTED)


def test_a_first_install_creates_every_page_and_names_the_version() -> None:
    changes = plan_install(WANTED, {}, BOT, "recsync")

    assert {c.action for c in changes} == {Action.CREATE}
    assert changes[1].summary == f"recsync: install {TEMPLATE} (recsync {__version__})"


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


def test_the_words_are_the_bots_and_come_from_the_translation_file() -> None:
    words = next(page for page in WANTED if page.title == f"{TEMPLATE}/i18n")

    assert words.owned
    assert words.text == render_template(TEMPLATE)
    assert "| box-status = Statut" in words.text


def test_a_new_translation_updates_the_words_only() -> None:
    pages = existing()
    old = pages[f"{TEMPLATE}/i18n"]
    pages[f"{TEMPLATE}/i18n"] = PageState(old.title, old.text.replace("Statut", "État"), 1,
                                          user=BOT, date="2026-12-01")  # fmt: skip

    assert {t: a for t, a in plan(pages).items() if a != Action.UNCHANGED} == {
        f"{TEMPLATE}/i18n": Action.UPDATE
    }
