"""The status template, installed on a real MediaWiki, renders what editors expect."""

from __future__ import annotations

import html

import pytest
from cli_runs import install_templates
from harness import Editor

pytestmark = pytest.mark.live

CALL = """{{{{Recommendation status
| id = Advocacy/3
| group = Advocacy
| number = 3
| text = Establish a process &#123;&#123;x&#125;&#125; &#91;&#91;Category:Hijack&#93;&#93;
| source = User:Editor/Source
| source_revision = 7
| in_source = {in_source}
| status = {status}
}}}}"""


@pytest.fixture(scope="module")
def installed(live_wiki: object) -> None:
    code, output = install_templates()
    assert code == 0, output


def test_install_templates_creates_then_leaves_the_template_alone(installed: None) -> None:
    code, output = install_templates()

    assert code == 0
    assert (
        output.strip()
        .splitlines()[-1]
        .startswith("install-templates: 0 created, 0 updated, 0 retired, 14 unchanged, 0 skipped")
    )


@pytest.mark.parametrize(
    ("status", "label", "category"),
    [
        ("adopted", "Adopted", "Recommendations_–_adopted"),
        ("In Progress", "In progress", "Recommendations_–_in_progress"),
        ("on hold", "on hold", "Recommendations_–_unknown_status"),
    ],
)
def test_status_renders_as_a_label_with_its_category(
    installed: None, editor: Editor, status: str, label: str, category: str
) -> None:
    rendered = editor.render(
        "User:Editor/Source/Advocacy/3", CALL.format(status=status, in_source="yes")
    )

    # a value the template does not know is shown as written, isolated (<bdi>)
    shown = html.unescape(rendered["text"]).replace("<bdi>", "").replace("</bdi>", "")
    categories = {c["category"] for c in rendered["categories"]}
    assert f">{label}</span>" in shown
    assert category in categories
    assert "Recommendations" in categories
    assert "Hijack" not in categories
    assert "Establish a process {{x}} [[Category:Hijack]]" in shown


def test_item_that_left_the_source_says_so(installed: None, editor: Editor) -> None:
    rendered = editor.render(
        "User:Editor/Source/Advocacy/3", CALL.format(status="proposed", in_source="no")
    )

    assert "no longer on the source page" in rendered["text"]
    assert "Recommendations_–_retired" in {c["category"] for c in rendered["categories"]}
