"""The cassettes' matcher: which differences between a recorded and a replayed API call count."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from harness import same_api_call

ROW = '|- data-id="A/1" data-seen="{sha1}-{key}"'
SHA1, OTHER_SHA1 = "0" * 20, "1" * 20
KEY, OTHER_KEY = "a" * 16, "b" * 16


def call(**form: str) -> SimpleNamespace:
    return SimpleNamespace(body=urlencode(form).encode())


def test_the_digest_of_the_rendering_code_in_the_index_s_memory_does_not_count() -> None:
    recorded = call(action="edit", text=ROW.format(sha1=SHA1, key=KEY))
    replayed = call(action="edit", text=ROW.format(sha1=SHA1, key=OTHER_KEY))

    same_api_call(recorded, replayed)  # no error: a change of the code, not of the page


def test_the_sha1_of_a_page_in_the_index_s_memory_counts() -> None:
    recorded = call(action="edit", text=ROW.format(sha1=SHA1, key=KEY))
    replayed = call(action="edit", text=ROW.format(sha1=OTHER_SHA1, key=KEY))

    with pytest.raises(AssertionError, match="different API call"):
        same_api_call(recorded, replayed)


def test_secrets_and_the_order_of_ids_do_not_count() -> None:
    same_api_call(
        call(action="query", pageids="3|1|2", token="abc"),
        call(action="query", pageids="1|2|3", token="xyz"),
    )
