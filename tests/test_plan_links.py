"""Subpages keep the source's links, bold, italics and footnotes; nothing else gets through."""

from __future__ import annotations

from test_plan import Wiki, change, save, writes
from wikis import GERMAN

from recsync.config import JobConfig
from recsync.model import Action, PageState, Plan
from recsync.plan import PlanContext, make_plan
from recsync.source import parse_source
from recsync.subpage import read_call

JOB = JobConfig(source="User:Ex/Recs", prefix="Recs")
TEMPLATE = "Recommendation status"
SKELETON = "${call}\n[[${source}]] [[${index}]]\n"
LINKED = (
    "== Advocacy ==\n"
    "* Tell the [[Wikimedia movement|movement]] about it on the "
    "[https://example.org/blog '''blog''']<ref>Minutes of 3 May</ref>\n"
    "* Tidy up [[Category:X]] [[File:X.png|thumb]] {{Delete}} the rest ~~~~\n"
)


def plan(source: str, wiki: Wiki, revision: int = 100) -> Plan:
    parsed = parse_source(source, source=JOB.source)
    state = PageState(JOB.source, source, revision)
    return make_plan(JOB, parsed, state, list(wiki.values()), SKELETON)


def text_of(result: Plan, title: str) -> str:
    call = read_call(change(result, title).new_text or "", TEMPLATE)
    assert call is not None
    return call.raw["text"]


def test_links_bold_and_footnotes_reach_the_subpage() -> None:
    result = plan(LINKED, {})

    assert text_of(result, "Recs/Advocacy/1") == (
        "Tell the [[Wikimedia movement|movement]] about it on the "
        "[https://example.org/blog '''blog''']<ref>Minutes of 3 May</ref>"
    )


def test_categories_files_templates_and_signatures_do_not() -> None:
    text = text_of(plan(LINKED, {}), "Recs/Advocacy/2")

    assert "Category" not in text and "File:" not in text and "{{" not in text
    assert "~~~" not in text
    assert text.startswith("Tidy up") and text.endswith("the rest &#126;&#126;&#126;&#126;")


def test_the_index_and_summaries_use_the_plain_text() -> None:
    index = change(plan(LINKED, {}), "Recs/Index").new_text or ""

    assert "[[Recs/Advocacy/1|Tell the movement about it on the blog]]" in index


def test_a_subpage_of_the_plain_form_moves_to_the_new_form_once() -> None:
    wiki = save(plan(LINKED, {}), {})
    old = wiki["Recs/Advocacy/1"].text or ""
    plain = "Tell the movement about it on the blog"
    linked = text_of(plan(LINKED, {}), "Recs/Advocacy/1")
    wiki["Recs/Advocacy/1"] = PageState("Recs/Advocacy/1", old.replace(linked, plain), 2)

    result = plan(LINKED, wiki)

    assert writes(result) == {"Recs/Advocacy/1": Action.UPDATE}
    assert change(result, "Recs/Advocacy/1").summary == (
        "recsync: Advocacy no. 1 now shows the source's links and formatting, "
        "as of [[Special:PermanentLink/100|source revision 100]]"
    )
    assert plan(LINKED, save(result, wiki)).writes == []


GERMAN_JOB = JobConfig(source="Benutzer:Ex/Empfehlungen", prefix="Empfehlungen")
GERMAN_LINKED = (
    "== Fürsprache ==\n"
    "* Sagt es [[Benutzer:Ex|Ex]] und der [[:Kategorie:Strategie|Kategorie]] "
    "[[Kategorie:Strategie]] [[Datei:Logo.svg|mini]] [[Bild:Karte.png]]\n"
)


def test_on_a_german_wiki_its_categories_and_files_do_not_reach_the_subpage() -> None:
    parsed = parse_source(GERMAN_LINKED, source=GERMAN_JOB.source, namespaces=GERMAN)
    state = PageState(GERMAN_JOB.source, GERMAN_LINKED, 100)
    context = PlanContext(namespaces=GERMAN)

    result = make_plan(GERMAN_JOB, parsed, state, [], SKELETON, context)

    call = read_call(change(result, "Empfehlungen/Fürsprache/1").new_text or "", TEMPLATE)
    assert call is not None
    kept = "Sagt es [[Benutzer:Ex|Ex]] und der [[:Kategorie:Strategie|Kategorie]]"
    assert call.raw["text"] == kept
    index = change(result, "Empfehlungen/Index").new_text or ""
    assert "[[Empfehlungen/Fürsprache/1|Sagt es Ex und der Kategorie]]" in index
