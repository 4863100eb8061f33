"""Planning runs of a translated source: only the pages a translation affects change.

The source is ``tests/fixtures/translations/source.wiki`` (revision 100, Meta's markup: a
unit per item), translated into German and French with unit pages as Translate keeps them
(``Translations:User:Ex/Recs/<n>/<lang>``).  The wiki is a dict of pages, as in
tests/test_plan.py; the assertions are what an editor sees: which pages change, their
lines and their edit summaries.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

from recsync.config import JobConfig
from recsync.model import Action, PageChange, PageState, Plan
from recsync.plan import make_plan
from recsync.source import parse_source
from recsync.subpage import read_call
from recsync.translations import gather_translations, translate_items, unit_page_title

FIXTURES = Path(__file__).parent / "fixtures" / "translations"
SKELETON = (Path(__file__).parents[1] / "templates" / "subpage.wiki").read_text(encoding="utf-8")
SOURCE = (FIXTURES / "source.wiki").read_text(encoding="utf-8")
SOURCE_TITLE = "User:Ex/Recs"
JOB = JobConfig(source=SOURCE_TITLE, prefix="Recs")
TEMPLATE = "Recommendation status"
LINK = "[[Special:PermanentLink/100|source revision 100]]"

#: unit -> (German, French); unit 4 is Advocacy/2, with a link kept from the source's markup.
UNITS = {
    "3": ("Ein Kampagnenteam aufbauen", "Constituer une équipe de campagne"),
    "4": (
        "Einen Jahresbericht über die [[Special:MyLanguage/Policy|politische Arbeit]] "
        "veröffentlichen",
        "Publier un rapport annuel sur le [[Special:MyLanguage/Policy|travail politique]]",
    ),
    "5": ("", "Former des défenseurs locaux dans chaque région"),
    "8": ("Kleine Sprachprojekte fördern", ""),
}
Wiki = dict[str, PageState]


def unit_pages(units: dict[str, tuple[str, str]] = UNITS) -> list[PageState]:
    pages = []
    for unit, texts in units.items():
        for language, text in zip(("de", "fr"), texts, strict=True):
            if text:
                pages.append(PageState(unit_page_title(SOURCE_TITLE, unit, language), "* " + text))
    return pages


def plan(wiki: Wiki, units: list[PageState], source: str = SOURCE, revision: int = 100) -> Plan:
    """What sync plans: the parse, the translations on its items, the plan."""
    state = PageState(SOURCE_TITLE, source, revision)
    translations = gather_translations(units, wiki.values(), state, "en")
    parsed = translate_items(parse_source(source, SOURCE_TITLE), source, translations)
    return make_plan(JOB, parsed, state, list(wiki.values()), SKELETON)


def save(result: Plan, wiki: Wiki) -> Wiki:
    after = dict(wiki)
    for change in result.writes:
        after[change.title] = PageState(change.title, (change.new_text or "").rstrip(), 1)
    return after


def first_run(units: list[PageState] | None = None) -> Wiki:
    return save(plan({}, unit_pages() if units is None else units), {})


def change(result: Plan, title: str) -> PageChange:
    [found] = [c for c in result.changes if c.title == title]
    return found


def changed_lines(change: PageChange) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(
            (change.old_text or "").splitlines(),
            (change.new_text or "").splitlines(),
            lineterm="",
            n=0,
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_a_first_sync_writes_each_items_translations() -> None:
    result = plan({}, unit_pages())

    created = change(result, "Recs/Advocacy/2").new_text
    assert created == (FIXTURES / "Advocacy-2.created.wiki").read_text(encoding="utf-8")
    advocacy_3 = read_call(change(result, "Recs/Advocacy/3").new_text or "", TEMPLATE)
    assert advocacy_3 is not None
    assert advocacy_3.get("translations") == "fr"
    assert "text_de" not in advocacy_3.params
    diversity_1 = read_call(change(result, "Recs/Diversity/1").new_text or "", TEMPLATE)
    assert diversity_1 is not None and "translations" not in diversity_1.params


def test_a_no_op_run_with_translations_edits_nothing() -> None:
    wiki = first_run()

    result = plan(wiki, unit_pages())

    assert result.writes == []


def test_a_changed_translation_edits_only_its_items_page() -> None:
    wiki = first_run()
    units = dict(UNITS, **{"3": (UNITS["3"][0], "Former une équipe de campagne mondiale")})

    result = plan(wiki, unit_pages(units))

    [update] = result.writes
    assert update.title == "Recs/Advocacy/1"
    assert update.summary == (
        f"recsync: translations of Advocacy no. 1 updated (fr updated), as of {LINK}"
    )
    assert changed_lines(update) == [
        "-| text_fr = Constituer une équipe de campagne",
        "+| text_fr = Former une équipe de campagne mondiale",
    ]


def test_a_unit_marked_outdated_is_moved_to_outdated_and_counted_on_the_index() -> None:
    wiki = first_run()
    page = "Recs/Advocacy/2"
    text = (wiki[page].text or "").replace("| status = proposed", "| status = adopted")
    text = text.replace(
        "}}", "| text_alt = An editor's own parameter, whatever its name looks like\n}}", 1
    )
    wiki[page] = replace(wiki[page], text=text)
    wiki = save(plan(wiki, unit_pages()), wiki)  # the index learns the editor's status
    units = unit_pages()
    units = [
        replace(u, text="!!FUZZY!!" + (u.text or "")) if u.title.endswith("/4/fr") else u
        for u in units
    ]

    result = plan(wiki, units)

    assert {c.title for c in result.writes} == {page, "Recs/Index"}
    update = change(result, page)
    assert update.new_text == (FIXTURES / "Advocacy-2.outdated.wiki").read_text(
        encoding="utf-8"
    ).rstrip("\n")
    assert (
        update.summary
        == f"recsync: translations of Advocacy no. 2 updated (fr outdated), as of {LINK}"
    )
    index = change(result, "Recs/Index")
    assert index.summary == f"recsync: index: translated items counted again, as of {LINK}"
    n_of_m = "{{Recommendation status/i18n|index-n-of-m|"
    shown = [line for line in changed_lines(index) if "data-seen=" not in line]
    assert shown == [
        f"-| [[User:Ex/Recs/fr|{{{{#language:fr}}}}]] (fr) || {n_of_m}3|5}}}} || –",
        f"+| [[User:Ex/Recs/fr|{{{{#language:fr}}}}]] (fr) || {n_of_m}2|5}}}} || 1",
    ]


def test_the_index_counts_the_items_each_language_translates() -> None:
    index = change(plan({}, unit_pages()), "Recs/Index").new_text or ""

    words = "{{Recommendation status/i18n|"
    lines = index.splitlines()
    table = lines[lines.index(f"== {words}index-translations}}}} ==") :]
    assert table[1:8] == [
        '{| class="wikitable sortable recsync-translations"',
        f"! {words}index-language}}}} !! {words}index-translated}}}} !! {words}index-outdated}}}}",
        "|-",
        f"| [[User:Ex/Recs/de|{{{{#language:de}}}}]] (de) || {words}index-n-of-m|3|5}}}} || –",
        "|-",
        f"| [[User:Ex/Recs/fr|{{{{#language:fr}}}}]] (fr) || {words}index-n-of-m|3|5}}}} || –",
        "|}",
    ]


def test_an_untranslated_sources_index_has_no_translations_table() -> None:
    index = change(plan({}, []), "Recs/Index").new_text or ""

    assert "recsync-translations" not in index and "index-translations" not in index


def test_reordered_source_the_translations_stay_with_their_items() -> None:
    wiki = first_run()
    first, second = (
        "<!--T:3-->\n* Build a campaign team for global advocacy\n\n",
        "<!--T:5-->\n* Train local advocates in every region\n\n",
    )
    reordered = SOURCE.replace(first, "@@").replace(second, first).replace("@@", second)
    assert reordered != SOURCE

    result = plan(wiki, unit_pages(), reordered, 101)

    # Each item keeps its page; a translation filed by place would now be on the other one.
    assert [c for c in result.writes if "text_" in "".join(changed_lines(c))] == []
    after = save(result, wiki)
    calls = [read_call(after[f"Recs/Advocacy/{n}"].text or "", TEMPLATE) for n in (1, 3)]
    assert [(c.get("text"), c.get("text_fr")) for c in calls if c is not None] == [
        ("Build a campaign team for global advocacy", "Constituer une équipe de campagne"),
        (
            "Train local advocates in every region",
            "Former des défenseurs locaux dans chaque région",
        ),
    ]


def test_a_language_whose_translations_are_gone_is_emptied_not_removed() -> None:
    wiki = first_run()
    german_only = {unit: (de, "") for unit, (de, _) in UNITS.items()}

    result = plan(wiki, unit_pages(german_only))

    update = change(result, "Recs/Advocacy/3")
    assert update.action == Action.UPDATE
    assert (
        update.summary
        == f"recsync: translations of Advocacy no. 3 updated (fr removed), as of {LINK}"
    )
    assert changed_lines(update) == [
        "-| text_fr = Former des défenseurs locaux dans chaque région",
        "-| translations = fr",
        "+| text_fr = ",
        "+| translations = ",
    ]
    again = plan(save(result, wiki), unit_pages(german_only))
    assert again.writes == []


def test_a_reworded_item_keeps_its_translation_and_says_what_changed() -> None:
    wiki = first_run()
    reworded = SOURCE.replace("in every region", "in every region of the world")

    result = plan(wiki, unit_pages(), reworded, 101)

    update = change(result, "Recs/Advocacy/3")
    assert update.summary == (
        "recsync: Advocacy no. 3 reworded, as of [[Special:PermanentLink/101|source revision 101]]"
    )
    call = read_call(update.new_text or "", TEMPLATE)
    assert call is not None
    assert call.get("text_fr") == "Former des défenseurs locaux dans chaque région"


def test_a_new_translation_goes_right_after_the_text_in_the_editors_spacing() -> None:
    from recsync.subpage import merge_fields

    page = (
        "{{Recommendation status\n|id=Advocacy/1\n|text=Build a team\n|status=adopted\n"
        "|in_source=yes\n}}\nTalk here."
    )
    fields = {"text_fr": "Constituer une équipe", "text_de": "", "translations": "fr"}

    assert merge_fields(page, TEMPLATE, fields) == (
        "{{Recommendation status\n|id=Advocacy/1\n|text=Build a team\n"
        "|text_fr=Constituer une équipe\n|translations=fr\n|status=adopted\n"
        "|in_source=yes\n}}\nTalk here."
    )


def test_a_reworded_item_and_its_outdated_translation_in_one_summary() -> None:
    wiki = first_run()
    reworded = SOURCE.replace("in every region", "in every region of the world")
    units = [
        replace(u, text="!!FUZZY!!" + (u.text or "")) if u.title.endswith("/5/fr") else u
        for u in unit_pages()
    ]

    result = plan(wiki, units, reworded, 101)

    assert change(result, "Recs/Advocacy/3").summary == (
        "recsync: Advocacy no. 3 reworded; translations updated (fr outdated), "
        "as of [[Special:PermanentLink/101|source revision 101]]"
    )
