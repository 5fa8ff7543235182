"""Count a text message the way phone networks bill it (3GPP TS 23.038, the GSM 03.38 alphabet).

A message that uses only the GSM 7-bit alphabet costs 160 characters a segment, or 153 a segment
once it is split (the rest carries the joining header). A few GSM characters ({ } [ ] ~ \\ | ^ €
and the form feed) take two places, an escape and the character. One character outside the
alphabet (Welsh ŵ and ŷ, Urdu, curly quotes...) turns the whole message into UCS-2: 70 characters
a segment, 67 once split, and each character outside the Basic Multilingual Plane (an emoji)
takes two.
"""

from __future__ import annotations

from dataclasses import dataclass

# The GSM 03.38 default alphabet (basic character set), in table order.
GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The basic character set extension table: each costs two places (escape + character).
GSM_EXTENDED = "\f^{}\\[~]|€"

GSM_SINGLE, GSM_MULTI = 160, 153
UCS2_SINGLE, UCS2_MULTI = 70, 67


@dataclass(frozen=True)
class Count:
    encoding: str  # "GSM-7" or "UCS-2"
    characters: int  # the places the message takes in its encoding
    segments: int
    first_non_gsm: str | None  # the character that forced UCS-2, if any


def count(message: str) -> Count:
    non_gsm = next((c for c in message if c not in GSM_BASIC and c not in GSM_EXTENDED), None)
    if non_gsm is None:
        places = sum(2 if c in GSM_EXTENDED else 1 for c in message)
        return Count("GSM-7", places, _segments(places, GSM_SINGLE, GSM_MULTI), None)
    places = sum(2 if ord(c) > 0xFFFF else 1 for c in message)  # UTF-16 code units
    return Count("UCS-2", places, _segments(places, UCS2_SINGLE, UCS2_MULTI), non_gsm)


def _segments(places: int, single: int, multi: int) -> int:
    if places == 0:
        return 0
    if places <= single:
        return 1
    return -(-places // multi)  # ceiling division


def describe(character: str) -> str:
    """A character as a volunteer can find it: itself, and its Unicode name when it is invisible."""
    import unicodedata

    name = unicodedata.name(character, f"U+{ord(character):04X}")
    return f"'{character}' ({name.lower()})" if character.isprintable() and not character.isspace() else name.lower()
