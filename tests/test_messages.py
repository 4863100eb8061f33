"""The words readers see, in their language: templates/i18n.json and the page made of it.

``install-templates`` renders the translation file into ``<template>/i18n``, a #switch on
``{{int:lang}}`` (see recsync.messages).  These tests read that page the way MediaWiki
would pick a branch from it (``shown`` below), without a wiki: which text a reader of a
language sees, that the file is complete, that the page is the same for the same file,
and that nothing a translator writes can break out of its branch.  The live rendering
is checked in tests/live/test_i18n_live.py.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import mwparserfromhell
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mwparserfromhell.nodes import Template

from recsync.dashboard import KNOWN_STATUSES, NOT_SET
from recsync.index import IndexRow, render_section
from recsync.messages import (
    Catalogue,
    MessagesError,
    call,
    check,
    load,
    render_template,
    status_message,
    to_wikitext,
)
from recsync.translations import LanguageCount

ROOT = Path(__file__).resolve().parents[1]
FILE = ROOT / "templates" / "i18n.json"
TEMPLATE = "Template:Recommendation status"
SHIPPED = ("en", "de", "fr", "es", "ar")
CATALOGUE = load()
PAGE = render_template(TEMPLATE)


def branches(switch: Template) -> dict[str, str]:
    """A #switch's cases -> their values (``a | b = x`` gives a and b the value x)."""
    out, waiting = {}, []
    for param in switch.params:
        if param.showkey:
            for case in [*waiting, str(param.name).strip()]:
                out[case] = str(param.value).strip()
            waiting = []
        else:
            waiting.append(str(param.value).strip())
    return out


def language_switch(page: str = PAGE) -> Template:
    top = [n for n in mwparserfromhell.parse(page).nodes if isinstance(n, Template)]
    assert len(top) == 1, "the page is one #switch (and its <noinclude> doc)"
    return top[0]


def shown(language: str, key: str, page: str = PAGE) -> str:
    """The wikitext a reader whose ``{{int:lang}}`` is ``language`` gets for ``key``."""
    languages = branches(language_switch(page))
    block = languages.get(language, languages["#default"])
    messages = branches(mwparserfromhell.parse(block).filter_templates(recursive=False)[0])
    return messages.get(key, messages["#default"])


def as_read(wikitext: str) -> str:
    """What a reader sees of a branch without parameters (entities decoded)."""
    return html.unescape(wikitext)


# --- the file is complete ---------------------------------------------------------------


def test_the_file_has_no_problem() -> None:
    assert check(CATALOGUE) == []


def test_every_message_has_english_and_documentation() -> None:
    data = json.loads(FILE.read_text(encoding="utf-8"))["messages"]

    assert [k for k, texts in data.items() if not texts.get("en")] == []
    assert [k for k, texts in data.items() if not texts.get("qqq")] == []


@pytest.mark.parametrize("language", SHIPPED)
def test_every_shipped_language_has_every_message(language: str) -> None:
    data = json.loads(FILE.read_text(encoding="utf-8"))
    about = data["languages"][language]

    assert "fallback" not in about  # no stated fallback: so every message is its own
    assert [k for k, texts in data["messages"].items() if not texts.get(language)] == []


def test_arabic_is_right_to_left_and_the_others_left_to_right() -> None:
    assert {lang: CATALOGUE.direction(lang) for lang in SHIPPED} == {
        "en": "ltr",
        "de": "ltr",
        "fr": "ltr",
        "es": "ltr",
        "ar": "rtl",
    }


def test_a_language_that_only_names_a_fallback_reads_its_fallbacks_texts() -> None:
    # de-formal falls back to German in MediaWiki; Moroccan Arabic to Arabic
    assert CATALOGUE.text("box-status", "de-formal") == CATALOGUE.text("box-status", "de")
    assert CATALOGUE.direction("ary") == "rtl"
    assert CATALOGUE.shown_language("ary") == "ar"


def test_a_missing_translation_without_a_fallback_is_named() -> None:
    data = json.loads(FILE.read_text(encoding="utf-8"))
    del data["messages"]["box-status"]["fr"]

    with pytest.raises(
        MessagesError, match=r"language fr: no fallback, and no text for \['box-status'\]"
    ):
        load(json.dumps(data))


def test_a_partial_language_with_a_stated_fallback_is_complete() -> None:
    data = json.loads(FILE.read_text(encoding="utf-8"))
    data["languages"]["de-formal"] = {"dir": "ltr", "fallback": ["de"]}
    data["messages"]["subpage-note"]["de-formal"] = "Der Kasten oben wird gepflegt; $1 $2."

    catalogue = load(json.dumps(data))

    assert catalogue.text("subpage-note", "de-formal").startswith("Der Kasten oben wird")
    assert catalogue.text("box-status", "de-formal") == "Status"  # from German


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Empfehlung", "uses [], English uses ['1']"),
        ("Empfehlung $1 $2", "uses ['1', '2'], English uses ['1']"),
        ("", "empty"),
        ("Empfehlung\n$1", "more than one line"),
        ("''Empfehlung $1", "'' and ''' must come in pairs"),
        ("''''Empfehlung'''' $1", "'' and ''' must come in pairs"),
    ],
)
def test_a_translation_that_would_not_read_right_is_named(text: str, problem: str) -> None:
    data = json.loads(FILE.read_text(encoding="utf-8"))
    data["messages"]["box-caption"]["de"] = text

    with pytest.raises(MessagesError, match=re.escape(f"message box-caption in de: {problem}")):
        load(json.dumps(data))


def test_english_and_a_language_in_use_are_required() -> None:
    broken = Catalogue({"de": "ltr"}, {}, {"x": {"de": "Y", "zz": "Z"}})

    assert check(broken) == [
        "English (en) must be a language with a dir",
        "message x: no English text",
        "message x: no documentation (qqq)",
        "message x in zz: the language is not in 'languages'",
    ]


# --- what each reader sees ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("de", "Status"),
        ("fr", "Statut"),
        ("es", "Estado"),
        ("ar", "الحالة"),
        ("de-at", "Status"),
        ("en", "Status"),
        ("ja", "Status"),  # a language without a translation: English
        ("xx-unknown", "Status"),
        ("⧼lang⧽", "Status"),  # a wiki without MediaWiki:Lang (content language: the default)
    ],
)
def test_a_reader_gets_their_language_or_english(language: str, label: str) -> None:
    assert shown(language, "box-status") == label


@pytest.mark.parametrize(("content", "group"), [("en", "Group"), ("de", "Gruppe"), ("ja", "Group")])
def test_a_wiki_without_mediawiki_lang_reads_its_content_language(content: str, group: str) -> None:
    page = render_template(TEMPLATE, content_language=content)

    assert shown("⧼lang⧽", "box-group", page) == group
    assert shown("fr", "box-group", page) == "Groupe"  # a reader's own language still wins


def test_each_language_says_which_language_and_direction_it_shows() -> None:
    assert (shown("ar", "@lang"), shown("ar", "@dir")) == ("ar", "rtl")
    assert (shown("arz", "@lang"), shown("arz", "@dir")) == ("ar", "rtl")
    assert (shown("de-formal", "@lang"), shown("de-formal", "@dir")) == ("de", "ltr")
    assert (shown("ja", "@lang"), shown("ja", "@dir")) == ("en", "ltr")


def test_the_page_asks_mediawiki_for_the_readers_language() -> None:
    name = str(language_switch().name).strip()

    assert name == "#switch:{{int:lang}}"  # once per call: it is the costly part


def test_every_message_is_in_every_branch_and_an_unknown_key_says_so() -> None:
    for language in ("de", "fr", "es", "ar", "#default"):
        messages = set(branches(mwparserfromhell.parse(
            branches(language_switch())[language]).filter_templates(recursive=False)[0]
        ))  # fmt: skip
        assert messages == {*CATALOGUE.keys, "@lang", "@dir", "#default"}
    assert "no message" in shown("de", "no-such-key")


def test_parameters_become_the_calls_arguments() -> None:
    assert shown("de", "box-caption") == "Empfehlung {{{2|}}}"
    assert shown("de", "box-source-revision") == "(Stand: [[{{{2|}}}|Version {{{3|}}}]])"
    assert shown("en", "index-on-source-page") == "[[{{{3|}}}|{{{2|}}} on the source page]]"


def test_bold_stays_bold_and_a_signature_stays_text() -> None:
    note = shown("fr", "subpage-note")
    sign = shown("de", "subpage-discussion-intro")

    assert "'''status'''" in note and "'''notes'''" in note
    assert "~" not in sign and as_read(sign).endswith("Bitte mit ~~~~ unterschreiben.")


def test_a_no_break_space_is_kept() -> None:
    assert (
        shown("fr", "index-bar-segment")
        == "{{{2|}}}\u00a0: {{{3|}}} sur {{{4|}}} ({{{5|}}}\u00a0%)"
    )


# --- the page is the file, deterministically ------------------------------------------------


def test_the_same_file_gives_the_same_page() -> None:
    assert render_template(TEMPLATE, load()) == PAGE


def test_the_files_order_does_not_change_the_page() -> None:
    data = json.loads(FILE.read_text(encoding="utf-8"))
    data["messages"] = dict(reversed(data["messages"].items()))
    data["languages"] = dict(reversed(data["languages"].items()))
    for texts in data["messages"].values():
        texts.update(dict(reversed(texts.items())))

    assert render_template(TEMPLATE, load(json.dumps(data))) == PAGE


def test_languages_that_show_the_same_texts_share_one_branch() -> None:
    first_cases = [line.split(" = ")[0] for line in PAGE.splitlines() if line.startswith("| ")]

    assert first_cases[0] == "| en | #default"  # English first: most readers' language
    assert [cases.split(" | ")[0] for cases in first_cases[1:]] == ["| ar", "| de", "| es", "| fr"]
    assert " de-formal " in first_cases[2] and " bar " in first_cases[2]


def test_the_most_called_messages_come_first() -> None:
    keys = CATALOGUE.keys

    assert keys[:7] == [status_message(s) for s in sorted((*KNOWN_STATUSES, NOT_SET))]
    assert keys.index("index-since-line") < keys.index("box-caption") < keys.index("subpage-note")


def test_the_page_says_where_its_words_come_from() -> None:
    doc = PAGE.partition("<noinclude>")[2]

    assert "templates/i18n.json" in doc and "install-templates" in doc


# --- a translation cannot break out ----------------------------------------------------------

HOSTILE = "}} | x = y {{Delete}} [[Category:X]] ~~~~ __NOTOC__ <noinclude> '''b''' !! [[$1|}}]]"


def test_a_translators_markup_shows_as_text() -> None:
    wikitext = to_wikitext(HOSTILE)

    code = mwparserfromhell.parse(wikitext)
    assert [str(t) for t in code.filter_templates()] == []
    assert [str(a) for a in code.filter_arguments()] == ["{{{2|}}}"]
    assert [str(link.title) for link in code.filter_wikilinks()] == ["{{{2|}}}"]
    assert [str(t.tag) for t in code.filter_tags()] == ["b"]  # the bold, nothing else
    assert "~~~" not in wikitext and "__" not in wikitext and "!!" not in wikitext
    assert as_read(wikitext.replace("{{{2|}}}", "$1")) == (
        "}} | x = y {{Delete}} [[Category:X]] ~~~~ __NOTOC__ <noinclude> '''b''' !! [[$1|}}]]"
    )


MESSAGE_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(list("{}|=[]<>'~_!-*#:$1")),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() and "\n" not in t)


@settings(max_examples=100, deadline=None)
@given(MESSAGE_TEXT)
def test_any_translation_keeps_the_pages_shape(text: str) -> None:
    data = json.loads(FILE.read_text(encoding="utf-8"))
    data["messages"]["box-status"]["de"] = text
    catalogue = Catalogue(*_parts(data))
    if check(catalogue):
        return  # refused with a message naming it: never rendered

    page = render_template(TEMPLATE, catalogue)

    german = branches(language_switch(page))["de"]
    messages = branches(mwparserfromhell.parse(german).filter_templates(recursive=False)[0])
    assert set(messages) == {*CATALOGUE.keys, "@lang", "@dir", "#default"}
    value = mwparserfromhell.parse(messages["box-status"])
    assert value.filter_templates() == [] and value.filter_wikilinks() == []
    assert value.filter_arguments() == []  # box-status has no parameter
    assert not re.search(r"~~~|__|!!|[{}|\[\]<>=]", messages["box-status"])
    assert messages["box-caption"] == shown("de", "box-caption")  # the others untouched


def _parts(data: dict) -> tuple[dict, dict, dict]:
    languages = data["languages"]
    directions = {k: v["dir"] for k, v in languages.items() if "dir" in v}
    fallbacks = {k: tuple(v["fallback"]) for k, v in languages.items() if "fallback" in v}
    return directions, fallbacks, data["messages"]


# --- the calls ---------------------------------------------------------------------------


def test_a_call_names_the_template_and_passes_an_equals_sign_by_number() -> None:
    assert (
        call("Recommendation status", "box-status") == "{{Recommendation status/i18n|box-status}}"
    )
    assert call("T", "index-on-source-page", "G", "User:A=B#G") == (
        "{{T/i18n|index-on-source-page|G|3=User:A=B#G}}"
    )
    assert call("T", "index-intro-unrevised", "3", "[[User:A=B]]") == (
        "{{T/i18n|index-intro-unrevised|3|[[User:A=B]]}}"
    )


def test_every_status_has_its_message() -> None:
    keys = {status_message(status) for status in (*KNOWN_STATUSES, NOT_SET)}

    assert keys <= set(CATALOGUE.keys)


def used_keys() -> set[str]:
    """The keys the templates and the index call (the subpage skeleton is a template)."""
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "templates").glob("*.wiki")]
    rows = [
        IndexRow("G/1", "G", "A text", "S/G/1", "", since="2026-12-01", by="Editor"),
        IndexRow("G/2", "G", "Left", "S/G/2", "adopted", in_source=False),
    ]
    translated = [LanguageCount("de", 1, 0)]
    texts += [render_section(rows, "S", 5, "T", translations=translated)]
    texts += [render_section(rows, "S", None, "T")]
    return set(re.findall(r"/i18n\|([^|}]+)", "\n".join(texts)))


def test_every_message_is_used_or_marked_reserved() -> None:
    reserved = {k for k in CATALOGUE.keys if CATALOGUE.messages[k]["qqq"].startswith("Reserved")}

    assert used_keys() - {"@lang", "@dir"} == set(CATALOGUE.keys) - reserved
    assert reserved == set()
