"""The wiki pages the bot ships (templates/), as package data."""

from __future__ import annotations

from pathlib import Path

_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def template_text(name: str) -> str:
    """The text of ``templates/<name>``."""
    return (_TEMPLATES / name).read_text(encoding="utf-8")
