"""One job's settings: a TOML file and command-line options -> frozen dataclasses.  Pure.

A file holds settings at the top level (defaults for every job) and, optionally,
one table per job::

    source = "User:Econterms/89 strategy recommendations as of Nov 2019"

    [jobs.strategy]
    prefix = "Strategy/Recommendations"

Without a ``[jobs]`` table the file describes one job named ``default``.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_TITLE_PATTERN = "{prefix}/{group}/{number}"
DEFAULT_TEMPLATE = "Template:Recommendation status"
DEFAULT_INDEX = "{prefix}/Index"


class ConfigError(ValueError):
    """A setting that cannot work; the message names the file and the key."""


def _key(default: Any, help: str) -> Any:
    """A job-file key: its default and the line ``recsync sync --help`` shows for it."""
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class JobConfig:
    name: str = "default"
    source: str = _key("", "the source page's title (required)")
    prefix: str = _key("", "subpages live below it (default: the source page)")
    title_pattern: str = _key(DEFAULT_TITLE_PATTERN, "a subpage's title")
    template: str = _key(DEFAULT_TEMPLATE, "the status template the subpages call")
    index: str = _key(DEFAULT_INDEX, "the index page")
    summary_prefix: str = _key("recsync", "edit summaries start with it")
    default_group: str = _key("General", "group of the items above any heading")
    similarity: float = _key(0.7, "a reworded item keeps its page above this text similarity")
    # --- running unattended ---
    run_page: str = _key(
        "", 'kill switch: unless this page reads "true", no edit at all (not even status_page)'
    )
    status_page: str = _key(
        "", "a run that changed, failed, was refused, needs attention or warns is reported here"
    )
    edit_limit: int = _key(0, "at most this many edits a run; the rest wait (0: no limit)")
    max_retire_share: float = _key(0.2, "refuse to retire more than this share of items at once")
    min_item_share: float = _key(
        0.1, "refuse a source fewer of whose non-blank lines are items (0: never)"
    )
    strict: bool = _key(False, "write nothing while the parser warns about the source")
    preview_prefix: str = _key("", "--preview-page may also write below this title")
    log_dir: str = _key("", "one log file a run here (default: <pywikibot dir>/logs/recsync)")
    log_keep_days: int = _key(30, "delete this job's run logs older than this (0: keep all)")
    lock_dir: str = _key("", "the one-run-at-a-time lock lives here (default: pywikibot dir)")

    @property
    def effective_prefix(self) -> str:
        return (self.prefix or self.source).rstrip("/")

    @property
    def index_title(self) -> str:
        return self.index.replace("{prefix}", self.effective_prefix)

    def subpage_title(self, group: str, number: int) -> str:
        return self.title_pattern.format(prefix=self.effective_prefix, group=group, number=number)


_KEYS = {f.name: f.type for f in fields(JobConfig) if f.name != "name"}
_SHARES = frozenset({"similarity", "max_retire_share"})
_COUNTS = frozenset({"edit_limit", "log_keep_days"})
_SHARES_OR_OFF = frozenset({"min_item_share"})  # 0 turns the guard off
_FLAGS = frozenset({"strict"})


def job_file_keys() -> list[tuple[str, Any, str]]:
    """Every key a job file may hold: name, default and what it does."""
    return [(f.name, f.default, f.metadata["help"]) for f in fields(JobConfig) if f.metadata]


def _check(values: dict[str, Any], where: str) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for key, value in values.items():
        name = key.replace("-", "_")
        if name not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{where}: unknown key {key!r} (known keys: {known})")
        if name in _SHARES | _SHARES_OR_OFF:
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ConfigError(f"{where}: {key!r} must be a number, not {value!r}")
            if name in _SHARES and not 0 < value <= 1:
                raise ConfigError(f"{where}: {key!r} must be above 0 and at most 1")
            if not 0 <= value <= 1:
                raise ConfigError(f"{where}: {key!r} must be from 0 to 1")
            value = float(value)
        elif name in _FLAGS:
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: {key!r} must be true or false, not {value!r}")
        elif name in _COUNTS:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"{where}: {key!r} must be a whole number >= 0, not {value!r}")
        elif not isinstance(value, str):
            raise ConfigError(f"{where}: {key!r} must be a string, not {value!r}")
        checked[name] = value
    return checked


def validate(job: JobConfig, where: str) -> JobConfig:
    """Reject settings that would make the bot write in the wrong place."""
    if not job.source.strip():
        raise ConfigError(f"{where}: 'source' (the source page's title) is required")
    pattern = job.title_pattern
    try:
        job.subpage_title("Group", 1)
        # The fields format() fills in: '{{number}}' is the literal text '{number}'.
        placed = {field for _, field, _, _ in string.Formatter().parse(pattern) if field}
    except (KeyError, IndexError, ValueError, AttributeError) as error:
        raise ConfigError(f"{where}: 'title_pattern' {pattern!r} is not valid: {error}") from error
    for needed in ("prefix", "group", "number"):
        if needed not in placed:
            raise ConfigError(f"{where}: 'title_pattern' must contain {{{needed}}}: {pattern!r}")
    if not job.title_pattern.startswith("{prefix}/"):
        raise ConfigError(f"{where}: 'title_pattern' must start with '{{prefix}}/': {pattern!r}")
    if not job.template.strip():
        raise ConfigError(f"{where}: 'template' must not be empty")
    return job


def load_jobs(path: Path | None, overrides: dict[str, Any] | None = None) -> list[JobConfig]:
    """Every job the file describes, command-line overrides applied last."""
    data: dict[str, Any] = {}
    where = str(path) if path else "command line"
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise ConfigError(f"cannot read {path}: {error}") from error
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: not valid TOML: {error}") from error
    jobs_table = data.pop("jobs", None)
    defaults = _check(data, where)
    given = _check({k: v for k, v in (overrides or {}).items() if v is not None}, "option")
    if jobs_table is None:
        tables: dict[str, Any] = {"default": {}}
    elif not isinstance(jobs_table, dict) or not jobs_table:
        raise ConfigError(f"{where}: 'jobs' must hold at least one [jobs.NAME] table")
    else:
        tables = jobs_table
    jobs = []
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: 'jobs.{name}' must be a table")
        # A file without [jobs] has no [jobs.default] table to point at.
        place = where if jobs_table is None else f"{where} [jobs.{name}]"
        values = {**defaults, **_check(table, place), **given}
        jobs.append(validate(replace(JobConfig(name=name), **values), place))
    return jobs


def select_job(jobs: list[JobConfig], name: str | None) -> list[JobConfig]:
    if name is None:
        return jobs
    chosen = [job for job in jobs if job.name == name]
    if not chosen:
        raise ConfigError(f"no job named {name!r} (jobs: {', '.join(j.name for j in jobs)})")
    return chosen
