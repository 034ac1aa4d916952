"""What the forms need to know about an instrument's items, from instruments.py."""

from django.utils.translation import gettext as _

from dryneedle.outcomes import instruments


def item_range(instrument_id: str, number: int) -> tuple[int, int]:
    return instruments.lookup(instrument_id).item_range(number)


def item_label(instrument_id: str, number: int) -> str:
    instrument = instruments.lookup(instrument_id)
    for subscale in instrument.subscales:
        if subscale.first <= number <= subscale.last:
            return _("Item %(number)d (%(subscale)s)") % {"number": number, "subscale": subscale.id}
    return _("Item %(number)d") % {"number": number}


def allows_not_applicable(instrument_id: str) -> bool:
    return instruments.lookup(instrument_id).not_applicable
