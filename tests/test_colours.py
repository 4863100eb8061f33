"""The status colours (templates/colour.wiki): told apart in the bars, readable in the badges.

Any two statuses can be neighbours in a bar (those between them may count 0), so every
pair is checked, the grey of an unknown or unset status included.  No seven light colours
can all have 3:1 against each other, so the bar keeps neighbours apart as WCAG 1.4.11
allows: a divider with 3:1 against each colour (``bot.dashboard.DIVIDER``), and colours
that are plainly different hues (ΔE00 of 14 or more).  The live Chromium test measures
the same on the rendered index.
"""

from __future__ import annotations

import itertools
import re

import pytest
from colours import contrast, difference

from recsync.dashboard import DIVIDER, KNOWN_STATUSES
from recsync.resources import template_text

#: The badges' text colour (templates/badge.wiki).
TEXT = "#202122"
#: The page's background.
PAGE = "#ffffff"


def template_colours() -> dict[str, str]:
    """Status -> colour, as the colour template switches on them."""
    switch = re.findall(r"^ \| ([^=\n]+?) = (#[0-9a-f]{6})$", template_text("colour.wiki"), re.M)
    colours = dict(switch)
    assert set(colours) == {*KNOWN_STATUSES, "#default"}, colours
    return colours


PAIRS = list(itertools.combinations(template_colours().items(), 2))


@pytest.mark.parametrize(("first", "second"), PAIRS, ids=[f"{a[0]}/{b[0]}" for a, b in PAIRS])
def test_any_two_status_colours_are_plainly_different(
    first: tuple[str, str], second: tuple[str, str]
) -> None:
    assert difference(first[1], second[1]) >= 14, (first, second)


@pytest.mark.parametrize(("status", "colour"), template_colours().items())
def test_the_divider_stands_out_against_every_colour(status: str, colour: str) -> None:
    assert contrast(DIVIDER, colour) >= 3, status


@pytest.mark.parametrize(("status", "colour"), template_colours().items())
def test_a_badges_text_is_readable_on_its_colour(status: str, colour: str) -> None:
    assert contrast(TEXT, colour) >= 4.5, status


def test_the_unknown_grey_is_no_longer_near_white() -> None:
    grey = template_colours()["#default"]

    # the old #eaecf0 had 1.18:1 against the page: a segment one could take for a gap
    assert contrast(grey, PAGE) >= 2
    assert difference(grey, PAGE) >= 20  # the old one: 4.4
