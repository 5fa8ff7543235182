"""Language codes, checked at the door: a folder `locales/wl/` or `--locale xx` is a typo to name
plainly, with the codes that would work, before babel (which knows every real language) fails on it."""

from __future__ import annotations

import difflib
from functools import lru_cache


@lru_cache(maxsize=None)
def is_language(code: str) -> bool:
    """True for a language code babel knows (cy, pl, ur, ar, so...), which the sites can name and date."""
    from babel import Locale, UnknownLocaleError

    from .render import babel_locale

    try:
        Locale.parse(babel_locale(code))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


# Codes people write for a language whose ISO 639 code is another: Welsh is cy (Cymraeg), not wl.
MISTAKES = {"wl": "cy", "we": "cy", "wa": "cy", "wel": "cy", "cym": "cy", "eng": "en", "gb": "en", "pol": "pl",
            "po": "pl", "urd": "ur"}


def unknown_language(code: str, choices: list[str], what: str = "a language of this project") -> str:
    """The message for a code that is not one of `choices`: the valid codes, and the one probably meant."""
    guess = MISTAKES.get(code) or next(iter(difflib.get_close_matches(code, choices, n=1, cutoff=0.4)), None)
    hint = f" Did you mean '{guess}'?" if guess else ""
    first = f"'{code[:20]}' is not {what}." if is_language(code) else f"'{code[:20]}' is not a language code we know."
    return f"{first}{hint} The languages are: {', '.join(sorted(choices))} (ISO 639 codes, like cy for Welsh)."
