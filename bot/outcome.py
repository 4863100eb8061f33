"""How a run ended, and the exit code that tells a scheduler whom to alert.  Pure.

"Failed" means something could not be done and someone should be told now (the
deploy recipes mail on it); "needs attention" means the run did its work but a
person should look when they next can (the status page and the log say what).
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    OK = "ok"  # every page in step
    FAILED = "failed"  # errors, conflicts, a run that could not be planned
    REFUSED = "refused"  # the kill switch, a guard rail: stopped on purpose
    ATTENTION = "needs attention"  # skipped, declined, left for the next run

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self]


EXIT_CODES = {Outcome.OK: 0, Outcome.FAILED: 1, Outcome.REFUSED: 3, Outcome.ATTENTION: 4}
