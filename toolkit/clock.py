"""Today's date, from one place that a user or a test can set.

Pages depend on the date (admissions dates that have passed, the school years still to come,
guides due for review). `guides --today 2027-09-01 ...` or the environment variable GUIDES_TODAY
sets it for a whole command, its worker processes and `mkdocs serve`: to see the sites as they
will be on a day, and so that tests never depend on the day they run.
"""

from __future__ import annotations

import datetime as dt
import os

from .errors import UsageError

VARIABLE = "GUIDES_TODAY"


def today() -> dt.date:
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return dt.date.today()
    return parse(value, f"{VARIABLE}={value}")


def parse(value: str, shown: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{shown}: '{value[:20]}' is not a date. Write it as year-month-day, like 2027-09-01.") from None


def set_today(value: str) -> None:
    """Set the date for this command and everything it starts."""
    parse(value, f"--today {value}")
    os.environ[VARIABLE] = value
