"""escape/unescape: plain text in a template parameter, a link label or a table cell.

The wiki must show exactly the text (whitespace folded), and no text may add markup:
no template, parameter, link, tag, signature, magic word or bold/italic.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recsync.wikitext import escape, unescape

#: Runs of characters that MediaWiki reads as markup.
MARKUP = ["{{", "}}", "|", "=", "[[", "]]", "<", ">", "~~~", "__", "''", "\n", "\r"]

HOSTILE_BITS = st.sampled_from(
    [
        "{{", "}}", "{{{", "|", "=", "[[", "]]", "[[Category:X]]", "<noinclude>", "<ref>",
        "</ref>", "__NOTOC__", "~~~~", "~~~", "''", "'''", "'", "!!", "----", "&amp;", "&#124;",
        "&", ";", "*", "#", ":", "-", "\n", "\t", "\u00a0", " ", "word",
    ]
)  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(HOSTILE_BITS, st.text(max_size=5)), max_size=30).map("".join),
)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_unescape_gives_back_the_folded_text(text: str) -> None:
    assert unescape(escape(text)) == " ".join(text.split())


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_escaped_text_holds_no_markup(text: str) -> None:
    escaped = escape(text)
    for markup in MARKUP:
        assert markup not in escaped, (text, escaped, markup)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_escaped_text_starts_and_ends_with_no_markup_character(text: str) -> None:
    # At the start of a line *, #, :, ; make a list; next to the template's own ''
    # a leading or trailing ' would change the bold/italic.
    escaped = escape(text)
    assert escaped[:1] not in set("*#:;!-'")
    assert escaped[-1:] != "'"


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéßø0123456789",
               min_size=1, max_size=8)  # fmt: skip
PUNCTUATION = st.sampled_from([",", ".", ";", "(", ")", "/", " –", "“", "”", "’", ""])


@st.composite
def prose(draw: st.DrawFn) -> str:
    """Sentences of ordinary words: letters, digits, ,.;()/–“”’ and it's/don't."""
    words = []
    for _ in range(draw(st.integers(1, 12))):
        word = draw(WORD)
        if draw(st.booleans()):
            word += "'" + draw(WORD)  # one apostrophe inside a word
        words.append(word + draw(PUNCTUATION))
    return " ".join(words)


@settings(max_examples=300, deadline=None)
@given(prose())
def test_ordinary_prose_stays_as_written(text: str) -> None:
    assert escape(text) == text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Global advocacy process (2020–2021)", "Global advocacy process (2020–2021)"),
        ("“Democratizing” participation; don’t stop", "“Democratizing” participation; don’t stop"),
        ("Women's health", "Women's health"),
        ("a | b = c", "a &#124; b &#61; c"),
        ("{{Delete}}", "&#123;&#123;Delete&#125;&#125;"),
        ("[[Category:X]]", "&#91;&#91;Category:X&#93;&#93;"),
        ("<noinclude>", "&lt;noinclude&gt;"),
        ("sign ~~~~", "sign &#126;&#126;&#126;&#126;"),
        ("__NOTOC__", "&#95;&#95;NOTOC&#95;&#95;"),
        ("''bold''", "&#39;&#39;bold&#39;&#39;"),
        ("* not a list", "&#42; not a list"),
        ("ends with a quote'", "ends with a quote&#39;"),
        ("R&D", "R&amp;D"),
        ("two\n\nlines\tand  spaces ", "two lines and spaces"),
    ],
)  # fmt: skip
def test_examples(text: str, escaped: str) -> None:
    assert escape(text) == escaped
    assert unescape(escaped) == " ".join(text.split())


def test_unescape_reads_entities_an_editor_typed() -> None:
    assert unescape("Product &amp; Technology&nbsp;&#40;P&T&#41;") == "Product & Technology (P&T)"
