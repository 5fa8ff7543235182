"""The toolkit's settings, declared as a schema and validated up front (like mkdocs' config).

They live in an optional `guides.yml` at the repository root. Every bad key is named with its
file and line, and a setting left out keeps its default.

    checks:
      disable: [jargon.term]          # a check id or a whole family (readability, jargon, ...)
    languages:
      cy: {sentence_warning: 25}       # per language; anything not given comes from `default`
    well_known_abbreviations: [PE]     # added to the built-in list (UK, NHS, ...)
    sms_address_length: 42             # the page address in a text message (default: the authorities' short one)
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from .errors import DataError
from .validate import validate
from .yamlfile import load_yaml_file


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LanguageLimits(Strict):
    """GOV.UK writes for a reading age of 9; the NHS aims for 9 to 11."""

    reading_age_warning: float = Field(default=9, description="Warn when a page's reading age is above this.")
    reading_age_error: float = Field(default=11, description="An error when a page's reading age is above this.")
    sentence_warning: int = Field(default=25, description="Warn for a sentence with more words than this.")
    sentence_error: int = Field(default=35, description="An error for a sentence with more words than this.")
    paragraph_sentences: int = Field(default=5, description="Warn for a paragraph with more sentences than this.")


# Polish is measured with FOG-PL, not Flesch-Kincaid (see textmeasure.py). Jasnopis, the Polish
# plain-language tool built on it, calls FOG-PL 4 to 6 "easy" (read by primary school pupils) and
# 7 to 9 "fairly easy": so warn above 6 and stop above 9 (reading age = grade + 5, as for English).
LANGUAGE_DEFAULTS = {"pl": {"reading_age_warning": 11, "reading_age_error": 14}}


class Checks(Strict):
    disable: list[str] = Field(default=[], description="Check ids or families to switch off.")


class Settings(Strict):
    checks: Checks = Checks()
    default: LanguageLimits = LanguageLimits()
    languages: dict[str, dict] = Field(default={}, description="Limits for one language, over the default.")
    well_known_abbreviations: list[str] = Field(default=[], description="Abbreviations everyone knows.")
    review_interval_months: int = Field(default=12, ge=1, le=36)
    sms_address_length: int | None = Field(
        default=None, ge=1, description="Characters a page address takes in a text message. By default, the "
        "length of the longest authority's short address (its site_url and t/<code>/)."
    )

    def limits(self, locale: str) -> LanguageLimits:
        built_in = LANGUAGE_DEFAULTS.get(locale, {})
        return LanguageLimits(**{**self.default.model_dump(), **built_in, **self.languages.get(locale, {})})

    def enabled(self, check_id: str) -> bool:
        return not any(check_id == name or check_id.startswith(name + ".") for name in self.checks.disable)


def load_settings(root: Path) -> Settings:
    path = root / "guides.yml"
    if not path.is_file():
        return Settings()
    doc = load_yaml_file(path)
    settings, problems = validate(Settings, doc, "guides.yml", "guides.yml")
    if problems:
        raise DataError(problems)
    for locale, values in settings.languages.items():
        _, problems = validate(LanguageLimits, type(doc)(values, doc.node, doc.first_line), "guides.yml",
                               f"the limits for '{locale}'")
        if problems:
            raise DataError(problems)
    return settings
