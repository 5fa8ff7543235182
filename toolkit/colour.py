"""Colour contrast, as WCAG 2.2 defines it, for an authority's brand colour.

The brand colour is the background of the header (with white text on it) and the colour of links
(on a white page), so it must reach 4.5:1 against white: WCAG 2.2 AA for normal text (1.4.3).
"""

from __future__ import annotations

WHITE = "#ffffff"
MINIMUM = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(first: str, second: str = WHITE) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darker_passing(colour: str) -> str:
    """The same hue, darkened step by step until it reaches the minimum contrast with white."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    factor = 1.0
    while factor > 0:
        candidate = "#" + "".join(f"{int(c * factor):02x}" for c in (red, green, blue))
        if contrast(candidate) >= MINIMUM:
            return candidate
        factor -= 0.02
    return "#000000"


def contrast_problem(colour: str) -> str | None:
    """A plain explanation when `colour` is too light for white text, else None."""
    ratio = contrast(colour)
    if ratio >= MINIMUM:
        return None
    return (f"the colour {colour} has a contrast of only {ratio:.1f}:1 with white text; it needs at least "
            f"{MINIMUM}:1 (WCAG 2.2 AA), {MINIMUM - ratio:.1f} short. A darker shade such as "
            f"{darker_passing(colour)} would pass")
