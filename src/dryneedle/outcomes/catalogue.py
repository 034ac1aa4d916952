"""What the forms need to know about an instrument's items, from the scoring catalogue."""

from django.utils.translation import gettext as _

from dryneedle.outcomes import scoring


def item_range(instrument_id: str, number: int) -> tuple[int, int]:
    instrument = scoring.lookup(instrument_id)
    for item, low, high in instrument.item_overrides:
        if item == number:
            return low, high
    return instrument.item_min, instrument.item_max


def item_label(instrument_id: str, number: int) -> str:
    instrument = scoring.lookup(instrument_id)
    for subscale in instrument.subscales:
        if subscale.first <= number <= subscale.last:
            return _("Item %(number)d (%(subscale)s)") % {"number": number, "subscale": subscale.id}
    return _("Item %(number)d") % {"number": number}


def allows_not_applicable(instrument_id: str) -> bool:
    return scoring.lookup(instrument_id).not_applicable
