"""Static checks of the wiki pages in templates/: no wiki needed.

The rendering itself was checked against a real MediaWiki 1.39 (see templates/README.md);
these tests keep the files from drifting apart: the template's parameters, its TemplateData,
its status switch and the subpage skeleton the bot fills in.
"""

import json
import re
import string
from pathlib import Path

import mwparserfromhell
import pytest
from mwparserfromhell.nodes import Tag

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATUS_TEMPLATE = (TEMPLATES / "status.wiki").read_text(encoding="utf-8")
#: The badge and its colours: the one definition the subpages and the index share.
BADGE = (TEMPLATES / "badge.wiki").read_text(encoding="utf-8")
COLOUR = (TEMPLATES / "colour.wiki").read_text(encoding="utf-8")
#: The documentation (with the TemplateData), created once and then the editors'.
DOC = (TEMPLATES / "doc.wiki").read_text(encoding="utf-8")
SKELETON = (TEMPLATES / "subpage.wiki").read_text(encoding="utf-8")

STATUSES = ["proposed", "under discussion", "adopted", "in progress", "implemented", "declined"]
BOT_OWNED = {
    "id", "group", "number", "text", "footnotes", "source", "source_revision", "in_source", "anchor"
}  # fmt: skip
EDITOR_OWNED = {"status", "notes"}
#: The translations' parameters, one pair per language, looked up in the reader's language.
TRANSLATED = {"text_{{int:lang}}", "outdated_{{int:lang}}"}

# Tags whose contents MediaWiki does not parse as wikitext.
UNPARSED_TAGS = {"pre", "nowiki", "templatedata", "syntaxhighlight"}


def template_names(code, recursive=True):
    return [str(tpl.name).strip() for tpl in code.filter_templates(recursive=recursive)]


def templatedata():
    blocks = re.findall(r"<templatedata>(.*?)</templatedata>", DOC, re.S)
    assert len(blocks) == 1, "expected exactly one <templatedata> block"
    return json.loads(blocks[0])


def parsed_template():
    return mwparserfromhell.parse(STATUS_TEMPLATE)


def used_parameters():
    """The parameters the template reads by a fixed name (TemplateData documents those)."""
    return {str(arg.name).strip() for arg in parsed_template().filter_arguments()} - TRANSLATED


def status_switches():
    """The {{#switch:}} calls over a status: the category's in the template, the label's
    in the badge and the colour's in the colour page (over their parameter 1)."""
    return [
        tpl
        for text in (STATUS_TEMPLATE, BADGE, COLOUR)
        for tpl in mwparserfromhell.parse(text).filter_templates()
        if str(tpl.name).strip().startswith("#switch:")
        and ("{{{status|" in str(tpl.name) or "{{{1|" in str(tpl.name))
    ]


def switch_cases(switch):
    """The case values of a #switch: `a|b=x` gives a and b (fall-through) as cases."""
    cases = set()
    for param in switch.params:
        if param.showkey:
            cases.add(str(param.name).strip())
        else:
            cases.add(str(param.value).strip())
    return cases


def outside_unparsed_tags(code, node):
    return not any(
        isinstance(ancestor, Tag) and str(ancestor.tag).lower() in UNPARSED_TAGS
        for ancestor in code.get_ancestors(node)
    )


def transcluded_part():
    """What a page using the template receives: without <noinclude>, with <includeonly>.

    The file's final newline is dropped: MediaWiki strips trailing whitespace when it saves a page.
    """
    text = re.sub(r"<noinclude>.*?</noinclude>", "", STATUS_TEMPLATE.rstrip(), flags=re.S)
    return text.replace("<includeonly>", "").replace("</includeonly>", "")


def fill_skeleton(call="{{Recommendation status\n| id = A/1\n}}"):
    return string.Template(SKELETON).substitute(
        call=call,
        source="User:Example/Recommendations",
        index="Recommendations",
        template="Recommendation status",
    )


# --- TemplateData -------------------------------------------------------------------


def test_templatedata_block_is_valid_json():
    data = templatedata()
    assert isinstance(data, dict)
    assert data["params"]


def test_templatedata_asks_for_block_format():
    assert templatedata()["format"] == "block"


def test_templatedata_and_docs_are_not_transcluded():
    assert "<templatedata>" not in transcluded_part()
    assert "== Documentation ==" not in transcluded_part()


def test_every_used_parameter_is_documented():
    assert used_parameters() <= set(templatedata()["params"])


def test_every_documented_parameter_is_used():
    assert set(templatedata()["params"]) <= used_parameters()


def test_the_parameters_are_exactly_the_bot_and_editor_ones():
    assert set(templatedata()["params"]) == BOT_OWNED | EDITOR_OWNED


@pytest.mark.parametrize("name", sorted(BOT_OWNED | EDITOR_OWNED))
def test_each_parameter_has_label_description_and_type(name):
    param = templatedata()["params"][name]
    assert param.get("label")
    assert param.get("description")
    assert param.get("type")


@pytest.mark.parametrize("name", sorted(BOT_OWNED))
def test_bot_owned_parameters_say_so(name):
    assert templatedata()["params"][name]["description"].startswith("Bot-owned.")


@pytest.mark.parametrize("name", sorted(EDITOR_OWNED))
def test_editor_owned_parameters_say_so(name):
    assert templatedata()["params"][name]["description"].startswith("Editor-owned")


def test_status_suggestedvalues_are_the_six_statuses():
    assert templatedata()["params"]["status"]["suggestedvalues"] == STATUSES


def test_param_order_lists_every_parameter_once():
    data = templatedata()
    assert sorted(data["paramOrder"]) == sorted(data["params"])


# --- The template's wikitext ------------------------------------------------------------


def test_every_parameter_use_has_a_default():
    bare = [str(arg) for arg in parsed_template().filter_arguments() if arg.default is None]
    assert bare == []


def test_parameters_are_found_by_mwparserfromhell():
    assert used_parameters() == BOT_OWNED | EDITOR_OWNED


def test_the_translations_are_read_in_the_readers_language():
    names = {str(arg.name).strip() for arg in parsed_template().filter_arguments()}
    assert names - used_parameters() == TRANSLATED
    assert "{{int:lang}}" in STATUS_TEMPLATE  # Meta's convention: MediaWiki:Lang/xx says xx


def test_the_translations_parameters_are_documented_as_the_bots():
    bot_owned = next(line for line in DOC.splitlines() if line.startswith("* '''Bot-owned"))
    for name in ("text_", "outdated_", "translations"):
        assert f"<code>{name}" in bot_owned


def test_status_is_matched_lowercased():
    names = {str(switch.name).strip() for switch in status_switches()}
    assert names == {"#switch:{{lc:{{{status|}}}}}", "#switch:{{lc:{{{1|}}}}}"}


def test_switches_over_status_are_found():
    # one for the label colour, one for the label text, one for the category
    assert len(status_switches()) == 3


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_switch_covers_the_status(status):
    for switch in status_switches():
        assert status in switch_cases(switch), str(switch)[:60]


def test_every_status_switch_has_a_default_for_unknown_values():
    for switch in status_switches():
        assert "#default" in switch_cases(switch)


def test_empty_status_is_labelled_not_set():
    labels = [s for s in status_switches() if "status-under-discussion" in str(s)]
    assert len(labels) == 1
    assert labels[0].get("").value.strip() == "''{{@TEMPLATE@/i18n|status-not-set}}''"


@pytest.mark.parametrize("status", STATUSES)
def test_each_status_is_labelled_by_its_message(status):
    labels = next(s for s in status_switches() if "status-under-discussion" in str(s))
    label = labels.get(status).value.strip()
    assert label == "{{@TEMPLATE@/i18n|status-" + status.replace(" ", "-") + "}}"


def test_an_unknown_status_is_shown_as_written_isolated():
    labels = next(s for s in status_switches() if "status-under-discussion" in str(s))
    assert labels.get("#default").value.strip() == "<bdi>{{{1|}}}</bdi>"


# --- every word in the reader's language, in the reader's direction --------------------


def shown_words(text):
    """The words a page shows of its own: without calls, parameters, tags and categories."""
    text = re.sub(
        r"<includeonly>.*?</includeonly>|<noinclude>.*?</noinclude>", "", text, flags=re.S
    )
    while re.search(r"\{\{[^{}]*\}\}|\{\{\{[^{}]*\}\}\}", text):
        text = re.sub(r"\{\{\{[^{}]*\}\}\}|\{\{[^{}]*\}\}", "", text)
    text = re.sub(r"<[^>]*>|\[\[[^\]]*\]\]|&#\d+;|\$\{\w+\}", " ", text)
    return re.findall(r"[A-Za-z]{2,}", text)


@pytest.mark.parametrize("name", ["status", "badge"])
def test_no_english_word_is_written_into_what_readers_see(name):
    assert shown_words((TEMPLATES / f"{name}.wiki").read_text(encoding="utf-8")) == []


def test_no_english_word_is_written_into_a_new_subpage():
    assert shown_words(fill_skeleton(call="")) == []


def test_the_box_is_in_the_readers_language_and_direction():
    opening = STATUS_TEMPLATE.splitlines()[0]
    assert 'lang="{{@TEMPLATE@/i18n|@lang}}" dir="{{@TEMPLATE@/i18n|@dir}}"' in opening
    # Not MediaWiki's mw-content-rtl: its rules nest two levels deep only, and inside a page
    # (mw-content-ltr) and the box (mw-content-rtl) the footnotes' list (in the page's
    # language) would take the box's margins: the list would hang out of its cell.
    assert "mw-content-" not in opening


def test_the_footnotes_keep_the_page_s_language_and_direction():
    rlm = "\u200f<!-- U+200F RLM: the page reads rtl -->"
    page_direction = "{{#ifeq:{{DIRMARK}}|" + rlm + "|rtl|ltr}}"
    cell = f'<td class="mw-content-{page_direction}" lang="{{{{PAGELANGUAGE}}}}" '
    assert cell + f'dir="{page_direction}"><references /></td>' in STATUS_TEMPLATE


def test_the_box_has_no_left_or_right_of_its_own():
    # text-align:start and border-inline-start follow dir="rtl"; left and right would not
    assert not re.search(r"\b(left|right)\b", transcluded_part())


def test_the_sources_text_keeps_its_own_language_and_direction():
    cell = '<td lang="{{PAGELANGUAGE}}" dir="auto">{{#if:{{{text_{{int:lang}}|}}}|'
    assert cell in STATUS_TEMPLATE  # the reader's translation where there is one,
    assert '<div lang="{{int:lang}}" dir="auto">{{{text_{{int:lang}}|}}}</div>' in STATUS_TEMPLATE
    assert "|{{{text|}}}{{#if:{{{outdated_{{int:lang}}|}}}|" in STATUS_TEMPLATE  # else the text
    assert "<bdi>{{{group|}}}</bdi>" in STATUS_TEMPLATE
    assert "<bdi>[[{{{source|}}}]]</bdi>" in STATUS_TEMPLATE


@pytest.mark.parametrize("name", ["status", "badge", "colour", "doc"])
def test_braces_are_balanced(name):
    text = (TEMPLATES / f"{name}.wiki").read_text(encoding="utf-8")
    code = mwparserfromhell.parse(text)
    stray = [
        str(node)
        for node in code.filter_text()
        if ("{{" in node.value or "}}" in node.value) and outside_unparsed_tags(code, node)
    ]
    assert stray == []
    assert text.count("{") == text.count("}")


def test_the_badge_takes_its_colour_from_the_colour_page():
    assert "background:{{@TEMPLATE@/colour|{{{1|}}}}}" in BADGE
    assert "{{@TEMPLATE@/badge|{{{status|}}}}}" in STATUS_TEMPLATE
    assert "#" not in re.sub(
        r"<noinclude>.*?</noinclude>|#switch|#default|#[0-9a-f]{6}", "", BADGE, flags=re.S
    )


def test_the_template_shows_its_documentation_page():
    for text in (STATUS_TEMPLATE, BADGE):
        assert "<noinclude>\n{{@TEMPLATE@/doc}}\n</noinclude>" in text
    assert "<templatedata>" not in STATUS_TEMPLATE


def test_templatedata_json_has_no_double_braces():
    # "}}" inside the JSON would look like the end of a template to editors and tools.
    block = re.search(r"<templatedata>(.*?)</templatedata>", DOC, re.S).group(1)
    assert "{{" not in block and "}}" not in block


def test_categories_are_added_only_on_transclusion():
    outside = re.sub(r"<includeonly>.*?</includeonly>", "", STATUS_TEMPLATE, flags=re.S)
    assert "[[Category:" not in outside  # the docs link categories as [[:Category:...]]
    assert "[[Category:Recommendations" in transcluded_part()


def test_transcluded_part_has_no_surrounding_whitespace():
    part = transcluded_part()
    assert part == part.strip()


def test_transcluded_part_has_no_blank_lines():
    # a blank line inside the table would leave a stray paragraph above the box
    assert "\n\n" not in transcluded_part()


# --- The subpage skeleton ----------------------------------------------------------------


def test_skeleton_substitutes_with_call_source_and_index():
    page = fill_skeleton()
    assert "$" not in page
    assert "[[User:Example/Recommendations]]" in page
    assert "[[Recommendations]]" in page


def test_skeleton_contains_the_call_exactly_once():
    call = "{{Recommendation status\n| id = A/1\n| status = proposed\n}}"
    assert fill_skeleton(call).count(call) == 1


def test_skeleton_starts_with_the_call():
    call = "{{Recommendation status\n| id = A/1\n}}"
    assert fill_skeleton(call).startswith(call + "\n")


def test_skeleton_has_a_discussion_section():
    code = mwparserfromhell.parse(fill_skeleton())
    assert [str(heading.title).strip() for heading in code.filter_headings()] == [
        "{{Recommendation status/i18n|subpage-discussion}}"
    ]


def test_skeletons_sentences_are_in_the_readers_language_and_direction():
    page = fill_skeleton()
    note = (
        "{{Recommendation status/i18n|subpage-note"
        "|[[User:Example/Recommendations]]|[[Recommendations]]}}"
    )
    attributes = (
        'lang="{{Recommendation status/i18n|@lang}}" dir="{{Recommendation status/i18n|@dir}}"'
    )
    direction = "mw-content-{{Recommendation status/i18n|@dir}}"
    assert f"<div class=\"recsync-note {direction}\" {attributes}>''{note}''</div>" in page
    intro = "{{Recommendation status/i18n|subpage-discussion-intro}}"
    assert f'<div class="{direction}" {attributes}>{intro}</div>' in page


def test_skeleton_has_no_signature_that_would_expand_on_save():
    unescaped = re.sub(r"<nowiki>.*?</nowiki>", "", SKELETON, flags=re.S)
    assert "~~~" not in unescaped


def test_skeleton_requires_the_index_placeholder():
    with pytest.raises(KeyError, match="index"):
        string.Template(SKELETON).substitute(call="x", source="y", template="z")


def test_filled_skeleton_holds_one_status_template_call():
    call = "{{Recommendation status\n| id = A/1\n}}"
    code = mwparserfromhell.parse(fill_skeleton(call))
    assert template_names(code, recursive=False) == ["Recommendation status"]


def test_skeleton_mentions_editor_owned_fields():
    # in every language, by the names the parameters have
    data = json.loads((TEMPLATES / "i18n.json").read_text(encoding="utf-8"))
    note = data["messages"]["subpage-note"]
    assert [
        lang
        for lang, text in note.items()
        if lang != "qqq" and not ("'''status'''" in text and "'''notes'''" in text)
    ] == []


def test_template_page_does_not_call_itself():
    # a live example in the docs would transclude <includeonly> and categorise the template page
    assert "Recommendation status" not in template_names(parsed_template())
