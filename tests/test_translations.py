"""The source's translations reach their items by unit: the cases of
``tests/fixtures/translations/matching.cases``, the property that a translation follows its
item through any reordering, and the pieces (titles, unit pages, translation pages)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recsync.inline import safe_inline
from recsync.model import Item, PageState, ParseResult
from recsync.source import parse_source
from recsync.translations import (
    LanguageCount,
    UnitTranslation,
    gather_translations,
    has_translation_pages,
    read_translation_page,
    read_unit_pages,
    render_translation,
    translate_items,
    translation_counts,
    translation_fields,
    translation_language,
    translation_table,
    unit_key,
    unit_page_title,
)

FIXTURES = Path(__file__).parent / "fixtures" / "translations"
SOURCE = "User:Ex/Recs"
KEYWORD = re.compile(r"^(source|edited|unit [^/\n]+/[a-z-]+|page [a-z-]+|expect|expect edited):$")


@dataclass
class Case:
    name: str
    label: str
    blocks: dict[str, str] = field(default_factory=dict)

    @property
    def unit_pages(self) -> list[PageState]:
        return [
            PageState(f"Translations:{SOURCE}/{key[5:]}", text)
            for key, text in self.blocks.items()
            if key.startswith("unit ")
        ]

    @property
    def translation_pages(self) -> list[PageState]:
        return [
            PageState(f"{SOURCE}/{key[5:]}", text)
            for key, text in self.blocks.items()
            if key.startswith("page ")
        ]


def read_cases(path: Path) -> list[Case]:
    text = path.read_text(encoding="utf-8")
    cases = []
    for chunk in re.split(r"(?m)^---\n", text[text.index("\nname:") + 1 :]):
        chunk = chunk.lstrip("\n")
        head = re.match(r"name:\s*(\S+)\nlabel:\s*(.+)\n", chunk)
        assert head, f"{path.name}: a case does not start with name: and label: {chunk[:80]!r}"
        case = Case(head.group(1), head.group(2).strip())
        key = None
        for line in chunk[head.end() :].splitlines():
            match = KEYWORD.match(line)
            if match:
                key = match.group(1)
                assert key not in case.blocks, f"{case.name}: {key} twice"
                case.blocks[key] = ""
            else:
                assert key is not None, f"{case.name}: text before any keyword: {line!r}"
                case.blocks[key] += line + "\n"
        assert "source" in case.blocks and "expect" in case.blocks, case.name
        assert ("edited" in case.blocks) == ("expect edited" in case.blocks), case.name
        cases.append(case)
    return cases


CASES = read_cases(FIXTURES / "matching.cases")


def translated(source: str, case: Case) -> ParseResult:
    """The parse of ``source`` with the case's translations on its items."""
    state = PageState(SOURCE, source, 100)
    translations = gather_translations(case.unit_pages, case.translation_pages, state, "en")
    return translate_items(parse_source(source, SOURCE), source, translations)


def shown(result: ParseResult) -> list[str]:
    """What each item's subpage gets, one line per translation parameter that has a value."""
    lines = []
    for item in result.items:
        fields = translation_fields(item.translations, "", safe_inline)
        values = [f"{n} = {v}" for n, v in sorted(fields.items()) if v and n != "translations"]
        lines += [f"{item.group}/{item.number} {v}" for v in values] or [
            f"{item.group}/{item.number} -"
        ]
    return lines


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_matching(case: Case) -> None:
    assert shown(translated(case.blocks["source"], case)) == case.blocks["expect"].splitlines()


@pytest.mark.parametrize(
    "case", [c for c in CASES if "edited" in c.blocks], ids=lambda case: case.name
)
def test_matching_after_the_edit(case: Case) -> None:
    after = shown(translated(case.blocks["edited"], case))
    assert after == case.blocks["expect edited"].splitlines()


def test_every_case_has_a_name_of_its_own() -> None:
    assert len({case.name for case in CASES}) == len(CASES)


def test_the_cases_cover_what_the_issue_names() -> None:
    names = {case.name for case in CASES}
    assert {"reworded", "reordered", "moved_between_groups", "fuzzy"} <= names
    assert {"unit_split_before_marking", "units_merged", "translation_breaking_out"} <= names


# --- a translation follows its item -------------------------------------------------------


def numbered_page(order: list[int], headings: list[int]) -> str:
    """Items 0..n-1 (unit 10+i, text "Item i"), in ``order``, a group heading (its own
    unit) before the items at the positions in ``headings``."""
    lines = ["<languages/>", "<translate>", "== First == <!--T:1-->", ""]
    for position, item in enumerate(order):
        if position in headings:
            lines += [f"== Group {position} == <!--T:{100 + position}-->", ""]
        lines += [f"<!--T:{10 + item}-->", f"* Item {item} in English", ""]
    lines.append("</translate>")
    return "\n".join(lines)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.booleans(), min_size=1, max_size=9).flatmap(
        lambda done: st.tuples(
            st.just(done),
            st.permutations(range(len(done))),
            st.sets(st.integers(1, len(done) - 1)) if len(done) > 1 else st.just(set()),
        )
    )
)
def test_a_translation_follows_its_item_through_any_reordering(
    drawn: tuple[list[bool], list[int], set[int]],
) -> None:
    done, order, headings = drawn
    units = [
        PageState(unit_page_title(SOURCE, str(10 + i), "fr"), f"* Élément {i} en français")
        for i, translated_ in enumerate(done)
        if translated_
    ]
    source = numbered_page(list(order), sorted(headings))
    state = PageState(SOURCE, source, 100)
    translations = gather_translations(units, [], state, "en")

    result = translate_items(parse_source(source, SOURCE), source, translations)

    assert len(result.items) == len(done)
    for item in result.items:
        number = int(item.text.split()[1])
        wanted = [f"Élément {number} en français"] if done[number] else []
        assert [t.wikitext for t in item.translations] == wanted


# --- the titles the bot reads -------------------------------------------------------------


def test_unit_pages_are_named_as_translate_names_them() -> None:
    title = unit_page_title(SOURCE, "3", "zh-hans")

    assert title == "Translations:User:Ex/Recs/3/zh-hans"
    assert unit_key(title, SOURCE) == ("3", "zh-hans")
    assert unit_key("Übersetzungen:User:Ex/Recs/3/de", SOURCE) == ("3", "de")  # a local name
    assert unit_key("Translations:User:Ex/Other/3/de", SOURCE) is None


@pytest.mark.parametrize(
    ("title", "language"),
    [
        ("User:Ex/Recs/de", "de"),
        ("User:Ex/Recs/pt-br", "pt-br"),
        ("User:Ex/Recs/be-tarask", "be-tarask"),
        ("User:Ex/Recs/en", None),  # the source's own language
        ("User:Ex/Recs/qqq", None),
        ("User:Ex/Recs/Index", None),
        ("User:Ex/Recs/Advocacy/3", None),
        ("User:Ex/Recs/Advocacy/3/de", None),  # an editor's translation of a subpage
        ("User:Ex/Other/de", None),
    ],
)
def test_translation_pages_are_the_sources_language_subpages(
    title: str, language: str | None
) -> None:
    assert translation_language(title, SOURCE, "en") == language


def test_the_tree_says_whether_there_is_anything_to_read() -> None:
    assert has_translation_pages(["User:Ex/Recs", "User:Ex/Recs/fr"], SOURCE, "en")
    assert not has_translation_pages(["User:Ex/Recs", "User:Ex/Recs/Index"], SOURCE, "en")
    assert not has_translation_pages(["User:Ex/Recs/en"], SOURCE, "en")


# --- unit pages and translation pages -----------------------------------------------------


def test_a_unit_page_with_the_fuzzy_mark_is_outdated_and_loses_the_mark() -> None:
    pages = [PageState(unit_page_title(SOURCE, "4", "fr"), "!!FUZZY!!Protéger les défenseurs")]

    assert read_unit_pages(pages, SOURCE, "en") == {
        "fr": {"4": UnitTranslation("Protéger les défenseurs", outdated=True)}
    }


def test_an_empty_unit_page_is_no_translation() -> None:
    pages = [PageState(unit_page_title(SOURCE, "4", "fr"), "!!FUZZY!!  ")]

    assert read_unit_pages(pages, SOURCE, "en") == {}


def test_a_block_units_fuzzy_wrapper_on_a_translation_page() -> None:
    source = "<translate>\n<!--T:2-->\n* Create a hub\n* Fund it\n</translate>"
    page = '<!--T:2-->\n<div class="mw-translate-fuzzy">\n* Créer\n* Financer\n</div>'

    assert read_translation_page(page, source, "en") == {
        "2": UnitTranslation("* Créer\n* Financer", outdated=True, placeholders=False)
    }


def test_translates_wrapper_around_an_untranslated_unit_is_no_translation() -> None:
    source = "<translate>\n<!--T:2-->\n* Create a hub\n</translate>"
    page = '<!--T:2-->\n<div lang="en" dir="ltr" class="mw-content-ltr">\n* Create a hub\n</div>'

    assert read_translation_page(page, source, "en") == {}


def test_rendering_keeps_the_markers_and_fills_in_the_tvars() -> None:
    source = (
        "<translate>\n== Advocacy == <!--T:1-->\n\n"
        '<!--T:2-->\n* See <tvar name="1">[[Safety]]</tvar> and <tvar|who>helpers</>\n</translate>'
    )
    texts = {
        "1": UnitTranslation("== Plaidoyer =="),
        "2": UnitTranslation("* Voir $1 et $who ({{TRANSLATIONLANGUAGE}})"),
    }

    assert render_translation(source, texts, "fr") == (
        "<translate>\n== Plaidoyer == <!--T:1-->\n\n"
        "<!--T:2-->\n* Voir [[Safety]] et helpers (fr)\n</translate>"
    )


# --- what the subpage and the index get ---------------------------------------------------


def item(*translations: tuple[str, str, bool]) -> Item:
    from recsync.model import Translation

    return Item(
        "Advocacy", 1, "Create a hub", "Create a hub", units=("2",),
        translations=tuple(Translation(lang, text, (), out) for lang, text, out in translations),
    )  # fmt: skip


def test_fields_a_pair_per_language_and_the_list() -> None:
    fields = translation_fields(
        item(("fr", "Créer", False), ("de", "Schaffen", True)).translations, "", safe_inline
    )

    assert fields == {
        "text_de": "",
        "outdated_de": "Schaffen",
        "text_fr": "Créer",
        "outdated_fr": "",
        "translations": "de, fr",
    }


def test_fields_a_language_the_bot_wrote_before_and_has_nothing_for_now_is_emptied() -> None:
    fields = translation_fields(item(("fr", "Créer", False)).translations, "fr, es", safe_inline)

    assert fields["text_es"] == "" and fields["outdated_es"] == ""
    assert fields["translations"] == "fr"


def test_fields_none_for_an_item_never_translated() -> None:
    assert translation_fields((), "", safe_inline) == {}


def test_counts_per_language() -> None:
    items = [
        item(("fr", "a", False), ("de", "b", True)),
        item(("fr", "c", False)),
        item(),
    ]

    assert translation_counts(items) == (LanguageCount("de", 0, 1), LanguageCount("fr", 2, 0))


def test_the_index_table_names_each_language_and_its_counts() -> None:
    counts = [LanguageCount("de", 0, 1), LanguageCount("fr", 2, 0)]
    lines = translation_table(counts, 3, SOURCE, "Recommendation status")

    assert lines[1] == "== {{Recommendation status/i18n|index-translations}} =="
    assert (
        "| [[User:Ex/Recs/de|{{#language:de}}]] (de) || "
        "{{Recommendation status/i18n|index-n-of-m|0|3}} || 1"
    ) in lines
    assert (
        "| [[User:Ex/Recs/fr|{{#language:fr}}]] (fr) || "
        "{{Recommendation status/i18n|index-n-of-m|2|3}} || –"
    ) in lines
    assert translation_table([], 3, SOURCE, "Recommendation status") == []
