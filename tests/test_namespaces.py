"""Namespaces by any of their names: the wiki's own, the canonical English one, an alias."""

from __future__ import annotations

import pytest
from wikis import GERMAN

from recsync.namespaces import CATEGORY, ENGLISH, FILE, MAIN, MEDIA, USER


@pytest.mark.parametrize(
    ("name", "space"),
    [
        ("Kategorie", CATEGORY),
        ("Category", CATEGORY),  # the canonical name works on every wiki
        ("kategorie", CATEGORY),  # any case
        ("KATEGORIE", CATEGORY),
        ("Datei", FILE),
        ("Bild", FILE),  # German alias
        ("Image", FILE),  # English alias, kept by German wikis too
        ("Medium", MEDIA),
        ("Benutzerin", USER),  # the female form of the user namespace
        ("Benutzer_Diskussion", 3),  # underscores are spaces
        (" Benutzer  Diskussion ", 3),
        ("Benutzer\u00a0Diskussion", 3),  # so is a non-breaking space
        ("Vorlage", 10),
        ("Devwiki", 4),  # the project namespace is named after the wiki
    ],
)
def test_a_german_wiki_knows_its_namespaces_by_every_name(name: str, space: int) -> None:
    assert GERMAN.id_of(name) == space


def test_a_name_no_namespace_has_is_none() -> None:
    assert GERMAN.id_of("Kategori") is None
    assert GERMAN.id_of("de") is None
    assert ENGLISH.id_of("Kategorie") is None  # on an English wiki a page in the main namespace


def test_split_gives_the_namespace_and_the_rest() -> None:
    assert GERMAN.split("Benutzer:Econterms/Recs/Advocacy/3") == (USER, "Econterms/Recs/Advocacy/3")
    assert GERMAN.split("User:Econterms/Recs") == (USER, "Econterms/Recs")
    assert GERMAN.split("Recs: a list/Advocacy/1") == (MAIN, "Recs: a list/Advocacy/1")
    assert ENGLISH.split("Benutzer:X") == (MAIN, "Benutzer:X")


@pytest.mark.parametrize(
    ("target", "embeds"),
    [
        ("Kategorie:Strategie", True),
        ("Category:Strategie", True),
        ("kategorie : Strategie", True),
        ("Datei:Logo.svg", True),
        ("Bild:Logo.svg", True),
        ("Medium:Ton.ogg", True),
        (":Kategorie:Strategie", False),  # a colon link is a link
        (" :Datei:Logo.svg", False),
        ("Benutzer:Econterms", False),
        ("Hilfe:Links", False),
        ("Kategorien sind nützlich", False),
        ("Strategie", False),
    ],
)
def test_what_embeds_or_categorises_on_a_german_wiki(target: str, embeds: bool) -> None:
    assert GERMAN.embeds(target) is embeds


def test_an_english_wiki_knows_its_own_names_only() -> None:
    assert ENGLISH.embeds("Category:X") and ENGLISH.embeds("Image:X.png")
    assert ENGLISH.embeds("Media:X.ogg") and ENGLISH.embeds("File:X.png")
    assert not ENGLISH.embeds("Kategorie:X")
    assert not ENGLISH.embeds("Datei:X.png")


def test_the_names_the_wiki_shows() -> None:
    assert GERMAN.name(USER) == "Benutzer"
    assert GERMAN.name(MAIN) == ""
    assert ENGLISH.name(CATEGORY) == "Category"
