"""How a save the wiki refused is told apart from one that failed (bot/wiki.py).

The local wiki shows $wgSpamRegex, create protection and the title blacklist live
(tests/live/test_refused_saves.py); AbuseFilter needs filters made in its own forms, so
its answer is checked here as the API gives it.
"""

from __future__ import annotations

import pytest
from pywikibot.exceptions import APIError, Error

from recsync.answers import PROTECTION_CODES, REFUSAL_CODES, api_error


def raised_like_pywikibot(code: str, info: str, then: type[Exception] | None = None) -> Exception:
    """pywikibot turns some API errors into exceptions of its own, ``from None``."""
    try:
        try:
            raise APIError(code, info)
        except APIError:
            if then is None:
                raise
            raise then("pywikibot's own words") from None
    except Exception as error:
        return error


@pytest.mark.parametrize(
    "code",
    ["abusefilter-disallowed", "abusefilter-warning", "spamblacklist", "spamprotectionmatch",
     "titleblacklist-forbidden"],
)  # fmt: skip
def test_the_wikis_filters_are_refusals_not_failures(code: str) -> None:
    assert code in REFUSAL_CODES


def test_protection_codes_are_protections() -> None:
    assert {"protectedpage", "protectedtitle", "cascadeprotected"} <= PROTECTION_CODES
    assert "readonly" not in REFUSAL_CODES | PROTECTION_CODES  # the whole wiki: a failure


def test_the_wikis_own_words_are_found_behind_pywikibots_exception() -> None:
    info = "This action has been automatically identified as <b>harmful</b>.\nFilter: 7"
    error = raised_like_pywikibot("abusefilter-disallowed", info, then=Error)

    assert api_error(error) == (
        "abusefilter-disallowed",
        "This action has been automatically identified as harmful. Filter: 7",
    )


def test_an_api_error_gives_its_own_code_and_words() -> None:
    error = raised_like_pywikibot("spamprotectionmatch", "The following text is what triggered")

    assert api_error(error) == ("spamprotectionmatch", "The following text is what triggered")
    assert api_error(ValueError("no API in sight")) == ("", "")
