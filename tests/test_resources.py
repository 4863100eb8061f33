"""The templates ship inside the package and read the same as the checkout's templates/."""

from __future__ import annotations

import pytest
from harness import ROOT

from recsync.resources import template_text


@pytest.mark.parametrize("name", ["status.wiki", "subpage.wiki"])
def test_template_text_is_the_checkout_file(name: str) -> None:
    assert template_text(name) == (ROOT / "templates" / name).read_text(encoding="utf-8")


def test_an_unknown_template_is_an_error_naming_it() -> None:
    with pytest.raises(FileNotFoundError, match=r"nonesuch\.wiki"):
        template_text("nonesuch.wiki")
