"""The data that ships with the bot, read through ``importlib.resources``.

The wiki pages live in the checkout's top-level ``templates/`` folder, which
pyproject.toml maps to the package ``recsync.templates``: the same names work from a
checkout, an editable install and a wheel, wherever it is installed.
"""

from __future__ import annotations

from importlib.resources import files

TEMPLATES_PACKAGE = f"{__package__}.templates"


def template_text(name: str) -> str:
    """The text of ``templates/<name>``, e.g. ``template_text("status.wiki")``."""
    return files(TEMPLATES_PACKAGE).joinpath(name).read_text(encoding="utf-8")
