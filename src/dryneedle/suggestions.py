"""Errors that carry "did you mean" suggestions, and finding close matches among known ids."""

import difflib
from collections.abc import Iterable

from django.utils.translation import gettext


class SuggestingError(ValueError):
    """Bad input naming an unknown id; `suggestions` lists close known ids."""

    def __init__(self, message: str, suggestions: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.suggestions = list(suggestions)

    @property
    def with_suggestions(self) -> str:
        if not self.suggestions:
            return str(self)
        return gettext("%(message)s Did you mean: %(suggestions)s?") % {
            "message": self,
            "suggestions": ", ".join(self.suggestions),
        }


def close_matches(word: str, known: Iterable[str], limit: int = 5) -> list[str]:
    """Known ids that look like `word`: similar spelling first, then ids containing it."""
    candidates = list(known)
    matches = difflib.get_close_matches(word, candidates, n=limit, cutoff=0.5)
    matches += [c for c in candidates if word and word in c and c not in matches]
    return matches[:limit]
