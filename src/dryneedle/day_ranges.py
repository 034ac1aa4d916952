"""Days that can be turned into a time range in a clinic's time zone.

A filter day becomes moments in the clinic's zone (its start, its end, the next day's start)
and those become UTC for the database. Python's dates stop at 0001-01-01 and 9999-12-31, so
the first and last of them overflow on one side of UTC or the other (an OverflowError, which
was a server error). Any day strictly between them is safe in every zone: zone offsets are
less than a day.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST = datetime.date.min + datetime.timedelta(days=1)
LAST = datetime.date.max - datetime.timedelta(days=1)
OUT_OF_RANGE = _("This date is outside the dates that can be searched.")


def is_searchable(day: datetime.date) -> bool:
    return FIRST <= day <= LAST


def validate_searchable_day(day: datetime.date | None) -> None:
    """Form-field validator: refuse a day that cannot be turned into a time range."""
    if day is not None and not is_searchable(day):
        raise ValidationError(OUT_OF_RANGE, code="out_of_range")
