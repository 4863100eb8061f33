"""On a German wiki every edit summary is German: what a German editor reads in the history.

The plan is given German messages (``bot/i18n/recsync/de.json``) as the shell gives it
pywikibot's for a wiki whose language is ``de``.  What is data stays as it is: the
headings (``Fürsprache``), the statuses editors set (``adopted``), language codes, titles,
the job's prefix.  Each kind of edit the bot makes has its scenario here; the English
ones are in test_summaries.py and the plan tests.
"""

from __future__ import annotations

from dataclasses import replace

from test_plan import save

from recsync import __version__
from recsync.config import JobConfig
from recsync.index import BEGIN, END, IndexRow, read_rows
from recsync.install import plan_install, wanted_pages
from recsync.model import Action, PageChange, PageState, ParseWarning, Plan, RunSummary
from recsync.plan import PlanContext, make_plan
from recsync.resources import template_text
from recsync.source import parse_source
from recsync.subpage import StatusCall
from recsync.summaries import (
    SUMMARY_LIMIT,
    describe_update,
    index_summary,
    preview_summary,
    run_report_summary,
)
from recsync.translations import describe_translations
from recsync.wording import FileMessages

GERMAN = FileMessages(("de",))
SOURCE_TITLE = "Benutzer:Ex/Empfehlungen"
JOB = JobConfig(source=SOURCE_TITLE, prefix="Empf")
SOURCE = """== Fürsprache ==
* Ein Kampagnenteam für weltweite Fürsprache aufbauen
* Jährlich einen Bericht über die Arbeit an Richtlinien veröffentlichen
* Örtliche Fürsprecher in jeder Region schulen

== Vielfalt ==
* Jede Hilfeseite in zehn Sprachen übersetzen
* Kleine Sprachprojekte fördern
"""
STAND = "Stand: [[Special:PermanentLink/{0}|Version {0} der Quellseite]]"

Wiki = dict[str, PageState]


def plan(wiki: Wiki, source: str = SOURCE, revision: int = 100) -> Plan:
    parsed = parse_source(source, source=SOURCE_TITLE)
    return make_plan(
        JOB, parsed, PageState(SOURCE_TITLE, source, revision), list(wiki.values()),
        template_text("subpage.wiki"), PlanContext(words=GERMAN),
    )  # fmt: skip


def first_run() -> Wiki:
    return save(plan({}), {})


def call(params: dict[str, str]) -> StatusCall:
    """A subpage's status call as the bot reads it back."""
    return StatusCall(params, dict(params))


def change(result: Plan, title: str) -> PageChange:
    [found] = [c for c in result.changes if c.title == title]
    return found


def summaries(result: Plan) -> dict[str, str]:
    return {c.title: c.summary for c in result.writes}


# --- the edits of a sync ------------------------------------------------------------------


def test_a_first_sync_makes_each_page_and_the_index_in_german() -> None:
    said = summaries(plan({}))

    assert said["Empf/Fürsprache/1"] == (
        f"recsync: neue Seite für Fürsprache Nr. 1, {STAND.format(100)}"
    )
    assert said["Empf/Index"] == f"recsync: Index angelegt: 5 Empfehlungen, {STAND.format(100)}"


def test_a_reworded_item_and_the_index_say_umformuliert() -> None:
    source = SOURCE.replace("Kleine Sprachprojekte", "Kleine und neue Sprachprojekte")

    said = summaries(plan(first_run(), source, 101))

    assert said == {
        "Empf/Vielfalt/2": f"recsync: Vielfalt Nr. 2 umformuliert, {STAND.format(101)}",
        "Empf/Index": f"recsync: Index: Vielfalt Nr. 2 umformuliert, {STAND.format(101)}",
    }


def test_an_item_that_left_the_source_and_came_back() -> None:
    gone = SOURCE.replace("* Kleine Sprachprojekte fördern\n", "")
    wiki = save(plan(first_run(), gone, 101), first_run())

    left = summaries(plan(first_run(), gone, 101))
    back = summaries(plan(wiki, SOURCE, 102))

    assert left == {
        "Empf/Vielfalt/2": (
            f"recsync: Vielfalt Nr. 2 steht nicht mehr auf der Quellseite, {STAND.format(101)}"
        ),
        "Empf/Index": (
            f"recsync: Index: Vielfalt Nr. 2 nicht mehr auf der Quellseite, {STAND.format(101)}"
        ),
    }
    assert back["Empf/Vielfalt/2"] == (
        f"recsync: Vielfalt Nr. 2 steht wieder auf der Quellseite, {STAND.format(102)}"
    )
    assert back["Empf/Index"] == (
        f"recsync: Index: Vielfalt Nr. 2 wieder auf der Quellseite, {STAND.format(102)}"
    )


def test_statuses_on_the_index_are_the_editors_words_and_a_group_is_said_once() -> None:
    wiki = first_run()
    for page, status in (("Empf/Fürsprache/1", "adopted"), ("Empf/Fürsprache/3", "angenommen")):
        text = (wiki[page].text or "").replace("| status = proposed", f"| status = {status}")
        wiki[page] = replace(wiki[page], text=text)

    index = change(plan(wiki), "Empf/Index")

    assert index.summary == (
        f"recsync: Index: Fürsprache Nr. 1 adopted, Nr. 3 angenommen, {STAND.format(100)}"
    )


def test_a_long_list_on_the_index_is_cut_in_german_to_what_mediawiki_keeps() -> None:
    before = [
        IndexRow(f"Fürsprache/{n}", "Fürsprache", "t", f"E/{n}", "proposed") for n in range(300)
    ]
    after = [replace(row, status="in progress") for row in before]

    said = index_summary(before, after, False, 300, 430, GERMAN)

    assert len(said) <= 430
    assert said.startswith("Index: Fürsprache Nr. 0 in progress, Nr. 1 in progress, ")
    shown = said.count(" in progress")
    assert said.endswith(f" und {300 - shown} weitere")


def test_a_whole_plan_with_many_changes_keeps_its_source_link_within_500_characters() -> None:
    source = "== Fürsprache ==\n" + "".join(f"* Empfehlung {n} im Wortlaut\n" for n in range(120))
    wiki = save(plan({}, source), {})
    reworded = source.replace(" im Wortlaut", " in neuem Wortlaut")

    index = change(plan(wiki, reworded, 101), "Empf/Index")

    assert len(index.summary) <= SUMMARY_LIMIT
    assert index.summary.endswith(f" weitere, {STAND.format(101)}")


def test_what_else_a_subpage_edit_can_say() -> None:
    old = call({"id": "Fürsprache/3", "group": "Fürsprache", "number": "3", "text": "A"})
    fields = {"text": "B", "group": "Vielfalt", "number": "3", "anchor": ""}

    assert describe_update("Fürsprache/3", old, fields, GERMAN) == (
        "Fürsprache Nr. 3 umformuliert und von Fürsprache nach Vielfalt verschoben"
    )
    footnotes = {"text": "A<ref>[[Quelle]]</ref>", "footnotes": "1"}
    old = call({"id": "Fürsprache/3", "text": "A<ref>Quelle</ref>"})
    assert describe_update("Fürsprache/3", old, footnotes, GERMAN) == (
        "Fürsprache Nr. 3 zeigt die Fußnoten jetzt im Kasten, mit den Links der Quellseite"
    )


def test_a_changed_translation_names_its_language_code() -> None:
    old = call({"id": "Vielfalt/1", "text": "A", "text_fr": "Un", "translations": "fr"})
    fields = {"text": "A", "text_fr": "Une", "text_es": "Uno", "translations": "es, fr"}
    translated = describe_translations(old, fields, GERMAN)

    assert translated == ["es hinzugefügt", "fr aktualisiert"]
    assert describe_update("Vielfalt/1", old, fields, GERMAN, translated) == (
        "Übersetzungen von Vielfalt Nr. 1 aktualisiert (es hinzugefügt, fr aktualisiert)"
    )
    reworded = {**fields, "text": "B"}
    assert describe_update("Vielfalt/1", old, reworded, GERMAN, translated) == (
        "Vielfalt Nr. 1 umformuliert; Übersetzungen aktualisiert (es hinzugefügt, fr aktualisiert)"
    )


def test_a_deleted_or_moved_page_on_the_index() -> None:
    before = [
        IndexRow(f"Vielfalt/{n}", "Vielfalt", "t", f"E/Vielfalt/{n}", "proposed") for n in (1, 2)
    ]
    after = [
        replace(before[0], note="deleted by Admin on 2026-12-02: out of scope"),
        replace(before[1], note="moved to [[E/Anderswo]], which no longer exists"),
    ]

    assert index_summary(before, after, False, 2, words=GERMAN) == (
        "Index: Vielfalt Nr. 1 gelöscht, Nr. 2 nach [[E/Anderswo]] verschoben, "
        "die Seite gibt es nicht mehr"
    )


def test_an_index_whose_layout_alone_changed_says_so() -> None:
    rows = read_rows(first_run()["Empf/Index"].text or "")

    assert index_summary(rows, rows, False, 5, words=GERMAN) == (
        "Index: Layout aktualisiert, kein Status und kein Text geändert"
    )


def test_an_index_of_the_first_format_moves_to_the_new_layout_and_says_so() -> None:
    wiki = first_run()
    rows = read_rows(wiki["Empf/Index"].text or "")
    first_format = "\n".join(
        [
            BEGIN,
            '{| class="wikitable sortable"',
            *(f"|-\n| {r.id} || {r.group} || [[{r.title}|{r.text}]] || {r.status}" for r in rows),
            "|}",
            END,
        ]
    )
    wiki["Empf/Index"] = PageState("Empf/Index", first_format, 7)

    assert change(plan(wiki), "Empf/Index").summary == (
        "recsync: Index im neuen Layout: eine Zusammenfassung, dann ein Abschnitt je Gruppe, "
        + STAND.format(100)
    )


# --- the other pages the bot writes -------------------------------------------------------


def test_install_templates_says_what_it_installs_and_updates() -> None:
    template = "Vorlage:Recommendation status"
    wanted = wanted_pages(template, "de")
    old = {template: PageState(template, "alt", 3, user="RecsyncBot")}

    changes = {
        c.title: c.summary for c in plan_install(wanted, old, "RecsyncBot", "recsync", words=GERMAN)
    }

    assert changes[f"{template}/badge"] == (
        f"recsync: {template}/badge installiert (recsync {__version__})"
    )
    assert changes[template] == f"recsync: {template} auf recsync {__version__} aktualisiert"


def test_the_preview_page_and_the_status_page() -> None:
    result = plan({})
    run = RunSummary(job="default", updated=2, warnings=[ParseWarning(3, "x")])

    assert preview_summary(result, GERMAN) == (
        f"recsync: Vorschau des nächsten Abgleichs von [[{SOURCE_TITLE}]] "
        "(6 anzulegen, 0 zu aktualisieren, 0 als entfallen zu markieren)"
    )
    assert run_report_summary("recsync", run, GERMAN) == (
        "recsync: Laufbericht (2 aktualisiert, 1 Warnung zur Quellseite)"
    )
    assert run_report_summary("recsync", RunSummary(job="default"), GERMAN) == (
        "recsync: Laufbericht (nichts zu tun)"
    )
    assert result.count(Action.CREATE) == 6
