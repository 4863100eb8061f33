"""Headings that cannot be titles as written: the plan gives each its own title, says so
once, and keeps that title on every later run whatever other headings do."""

from __future__ import annotations

from test_plan import SKELETON, Wiki, save, writes
from wikis import GERMAN

from recsync.config import JobConfig
from recsync.model import Action, PageState, Plan
from recsync.plan import PlanContext, make_plan
from recsync.source import parse_source
from recsync.subpage import read_call

JOB = JobConfig(source="User:Ex/Recs", prefix="Recs")
TEMPLATE = "Recommendation status"
LONG = "Überlänge " * 30 + "eins"  # 304 bytes

SOURCE = f"""== Roles | Responsibilities ==
* Define the roles
== Advocacy ==
* Create an advocacy hub
== advocacy ==
* Protect advocates
== Product_Technology ==
* Tech evangelism
== Product Technology ==
* Build tools
== {LONG} ==
* Long group item
== 多様性と包摂 ==
* 多様性
== 🌍 Climate ==
* Plant trees
"""


def plan(source: str, wiki: Wiki, job: JobConfig = JOB, context: PlanContext | None = None) -> Plan:
    parsed = parse_source(
        source, source=job.source, namespaces=(context or PlanContext()).namespaces
    )
    state = PageState(job.source, source, 100)
    return make_plan(job, parsed, state, list(wiki.values()), SKELETON, context)


def created(result: Plan) -> list[str]:
    return [c.title for c in result.writes if c.action == Action.CREATE and c.item_id]


def test_every_heading_gets_a_title_of_its_own_and_the_odd_ones_a_warning() -> None:
    result = plan(SOURCE, {})

    long_title = "Recs/" + "Überlänge " * 20 + "Übe/1"  # 244 bytes left for the heading
    assert created(result) == [
        "Recs/Roles - Responsibilities/1",
        "Recs/Advocacy/1",
        "Recs/advocacy/1",
        "Recs/Product Technology/1",
        "Recs/Product Technology (2)/1",
        long_title,
        "Recs/多様性と包摂/1",
        "Recs/🌍 Climate/1",
    ]
    assert result.warnings == (
        "line 1: heading 'Roles | Responsibilities' holds | that titles cannot hold as "
        "written: its title is 'Roles - Responsibilities' ([[Recs/Roles - Responsibilities/1]])",
        "line 3: heading 'Advocacy' differs from 'advocacy' only in case: two groups, with two "
        "titles ('Advocacy') ([[Recs/Advocacy/1]])",
        "line 5: heading 'advocacy' differs from 'Advocacy' only in case: two groups, with two "
        "titles ('advocacy') ([[Recs/advocacy/1]])",
        "line 9: heading 'Product Technology' would have the title of heading "
        "'Product_Technology' ('Product Technology'): its title is 'Product Technology (2)' "
        "([[Recs/Product Technology (2)/1]])",
        f"line 11: heading {LONG[:59] + '…'!r} is too long for a title (255 bytes with the "
        f"prefix and number): its title is {LONG[:59] + '…'!r} ([[{long_title}]])",
    )
    call = read_call(save(result, {})["Recs/Product Technology (2)/1"].text or "", TEMPLATE)
    assert call is not None and call.get("id") == "Product Technology (2)/1"
    assert call.get("group") == "Product Technology"


def test_the_next_run_changes_nothing_and_says_nothing() -> None:
    wiki = save(plan(SOURCE, {}), {})

    again = plan(SOURCE, wiki)

    assert again.writes == []
    assert again.warnings == ()


def test_a_new_item_goes_to_its_headings_title_and_is_not_warned_about_again() -> None:
    wiki = save(plan(SOURCE, {}), {})
    source = SOURCE.replace("* Build tools\n", "* Build tools\n* Fix bugs\n")

    result = plan(source, wiki)

    assert created(result) == ["Recs/Product Technology (2)/2"]
    assert result.warnings == ()


def test_a_colliding_heading_added_before_keeps_the_first_ones_title() -> None:
    first = "== Product Technology ==\n* Build tools\n"
    wiki = save(plan(first, {}), {})
    source = "== Product_Technology ==\n* Tech evangelism\n" + first + "* Fix bugs\n"

    result = plan(source, wiki)

    assert writes(result) == {
        "Recs/Product Technology (2)/1": Action.CREATE,
        "Recs/Product Technology/2": Action.CREATE,
        "Recs/Index": Action.UPDATE,
    }
    assert [w.split(":")[1].strip().split(" would")[0] for w in result.warnings] == [
        "heading 'Product_Technology'"
    ]


def test_reordered_and_removed_headings_leave_every_title_as_it_was() -> None:
    wiki = save(plan(SOURCE, {}), {})
    blocks = SOURCE.split("== ")[1:]
    shuffled = "".join("== " + b for b in reversed(blocks) if not b.startswith("Product_"))

    result = plan(shuffled, wiki)

    assert {c.title for c in result.writes} <= {"Recs/Index", "Recs/Product Technology/1"}
    assert result.warnings == ()
    assert writes(result).get("Recs/Product Technology/1") == Action.RETIRE
    grown = shuffled.replace("* Build tools\n", "* Build tools\n* Fix bugs\n")
    assert created(plan(grown, save(result, wiki))) == ["Recs/Product Technology (2)/2"]


def test_on_a_german_wiki_the_namespace_is_not_counted_in_the_255_bytes() -> None:
    job = JobConfig(source="Benutzer:Ex/Empfehlungen")
    source = f"== {LONG} ==\n* Eins\n"

    [title] = created(plan(source, {}, job, PlanContext(namespaces=GERMAN)))

    assert len(title.removeprefix("Benutzer:").encode("utf-8")) <= 255
    assert len(title.encode("utf-8")) > 255  # room was taken up to the limit
