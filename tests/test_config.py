"""Jobs from a TOML file and command-line options.

A setting that cannot work stops the run before anything is read or written, with a
message that names the file, the job and the key.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from recsync.config import ConfigError, JobConfig, load_jobs, select_job

SOURCE = "User:Econterms/89 strategy recommendations as of Nov 2019"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "recsync.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_without_jobs_is_one_job(tmp_path: Path) -> None:
    path = write(tmp_path, f'source = "{SOURCE}"\nprefix = "Strategy/Recommendations/"\n')

    [job] = load_jobs(path)

    assert job.name == "default"
    assert job.source == SOURCE
    assert job.effective_prefix == "Strategy/Recommendations"
    assert job.index_title == "Strategy/Recommendations/Index"
    assert job.subpage_title("Advocacy", 3) == "Strategy/Recommendations/Advocacy/3"
    assert job.template == "Template:Recommendation status"
    assert job.similarity == 0.7


def test_the_prefix_defaults_to_the_source_page(tmp_path: Path) -> None:
    [job] = load_jobs(write(tmp_path, f'source = "{SOURCE}"\n'))

    assert job.subpage_title("Advocacy", 3) == f"{SOURCE}/Advocacy/3"
    assert job.index_title == f"{SOURCE}/Index"


def test_several_jobs_share_the_top_level_settings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"""
summary_prefix = "recsync (test)"
similarity = 0.8

[jobs.strategy]
source = "{SOURCE}"
prefix = "Strategy/Recommendations"

[jobs.movement]
source = "Movement Charter/Draft"
similarity = 0.6
index = "{{prefix}}/All"
""",
    )

    strategy, movement = load_jobs(path)

    assert (strategy.name, strategy.prefix, strategy.similarity) == (
        "strategy",
        "Strategy/Recommendations",
        0.8,
    )
    assert (movement.name, movement.source, movement.similarity) == (
        "movement",
        "Movement Charter/Draft",
        0.6,
    )
    assert strategy.summary_prefix == movement.summary_prefix == "recsync (test)"
    assert movement.index_title == "Movement Charter/Draft/All"


def test_keys_may_be_written_with_dashes(tmp_path: Path) -> None:
    path = write(
        tmp_path, f'source = "{SOURCE}"\ntitle-pattern = "{{prefix}}/{{group}} {{number}}"\n'
    )

    [job] = load_jobs(path)

    assert job.subpage_title("Advocacy", 3) == f"{SOURCE}/Advocacy 3"


def test_options_win_over_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f'source = "{SOURCE}"\nprefix = "Top"\n'
        '[jobs.a]\nprefix = "InJob"\n[jobs.b]\nsimilarity = 0.9\n',
    )

    jobs = load_jobs(path, {"prefix": "FromOption", "similarity": None})

    assert [(j.name, j.prefix, j.similarity) for j in jobs] == [
        ("a", "FromOption", 0.7),
        ("b", "FromOption", 0.9),
    ]


def test_options_alone_make_a_job() -> None:
    [job] = load_jobs(None, {"source": SOURCE, "prefix": None})

    assert job == JobConfig(source=SOURCE)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f'source = "{SOURCE}"\nprefx = "X"\n', "recsync.toml: unknown key 'prefx'"),
        (
            f'source = "{SOURCE}"\n[jobs.a]\nsimilarty = 0.5\n',
            r"recsync.toml \[jobs.a\]: unknown key 'similarty'",
        ),
        (
            f'source = "{SOURCE}"\n[jobs.a]\nname = "b"\n',
            r"recsync.toml \[jobs.a\]: unknown key 'name'",
        ),
    ],
)
def test_an_unknown_key_is_named_with_the_file(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_jobs(write(tmp_path, text))


def test_an_unknown_option_is_named() -> None:
    with pytest.raises(ConfigError, match="option: unknown key 'sauce'"):
        load_jobs(None, {"sauce": SOURCE})


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("prefix = 3", "'prefix' must be a string, not 3"),
        ("template = ['a']", "'template' must be a string"),
        ('similarity = "high"', "'similarity' must be a number, not 'high'"),
        ("similarity = true", "'similarity' must be a number, not True"),
        ("similarity = 0", "'similarity' must be above 0 and at most 1"),
        ("similarity = 1.5", "'similarity' must be above 0 and at most 1"),
        ('jobs = "strategy"', "'jobs' must hold at least one"),
        ("jobs = {}", "'jobs' must hold at least one"),
        ("[jobs]\nstrategy = 1", r"'jobs.strategy' must be a table"),
    ],
)
def test_bad_types_are_refused(tmp_path: Path, setting: str, message: str) -> None:
    path = write(tmp_path, f'source = "{SOURCE}"\n{setting}\n')

    with pytest.raises(ConfigError, match=message) as error:
        load_jobs(path)
    assert str(error.value).startswith(str(path))


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{prefix}/{number}", "must contain {group}"),
        ("{prefix}/{group}", "must contain {number}"),
        ("Recommendations/{group}/{number}", "must contain {prefix}"),
        ("{group}/{prefix}/{number}", "must start with '{prefix}/'"),
        ("{prefix}{group}/{number}", "must start with '{prefix}/'"),
        ("{prefix}/{group}/{number}/{lang}", "is not valid"),
        ("{prefix}/{group}/{number}/{", "is not valid"),
        ("{prefix}/{group.x}/{number}", "is not valid"),
        ("{prefix}/{group}/{{number}}", "must contain {number}"),  # a literal '{number}'
    ],
)
def test_a_title_pattern_that_cannot_name_each_page_is_refused(
    tmp_path: Path, pattern: str, message: str
) -> None:
    path = write(tmp_path, f'source = "{SOURCE}"\ntitle_pattern = "{pattern}"\n')

    with pytest.raises(ConfigError, match=f"recsync.toml.*{pattern_re(message)}"):
        load_jobs(path)


def pattern_re(text: str) -> str:
    return text.replace("{", r"\{").replace("}", r"\}")


def test_the_source_is_required(tmp_path: Path) -> None:
    path = write(tmp_path, 'prefix = "Recs"\n')

    with pytest.raises(ConfigError, match=r"recsync.toml: 'source' .* is required"):
        load_jobs(path)


def test_a_job_without_source_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, f'[jobs.a]\nsource = "{SOURCE}"\n[jobs.b]\nprefix = "Recs"\n')

    with pytest.raises(ConfigError, match=r"recsync.toml \[jobs.b\]: 'source'"):
        load_jobs(path)


def test_an_empty_template_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="'template' must not be empty"):
        load_jobs(write(tmp_path, f'source = "{SOURCE}"\ntemplate = " "\n'))


def test_a_missing_or_broken_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_jobs(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match=r"recsync\.toml: not valid TOML"):
        load_jobs(write(tmp_path, "source = \n"))


def test_select_job() -> None:
    jobs = [JobConfig(name="a", source="A"), JobConfig(name="b", source="B")]

    assert select_job(jobs, None) == jobs
    assert select_job(jobs, "b") == [jobs[1]]
    with pytest.raises(ConfigError, match=r"no job named 'c' \(jobs: a, b\)"):
        select_job(jobs, "c")


def test_log_keep_days_is_a_whole_number_of_days(tmp_path: Path) -> None:
    [job] = load_jobs(write(tmp_path, f'source = "{SOURCE}"\nlog_keep_days = 7\n'))
    assert job.log_keep_days == 7
    assert JobConfig().log_keep_days == 30

    with pytest.raises(ConfigError, match="'log_keep_days' must be a whole number >= 0"):
        load_jobs(write(tmp_path, f'source = "{SOURCE}"\nlog_keep_days = -1\n'))
