"""The toolkit's own words on every site (content/ui.yml, translated in locales/<lang>/ui.yml):
which the sites cannot do without, and which placeholders each may use.

Interface text is filled in with Python's str.format, so a placeholder the toolkit does not pass
('{when}') would stop a build, and one with a format ('{date:>1500000000}') could take the
machine's memory: each text may use only its own placeholders, plainly.
"""

from __future__ import annotations

import string

# Every key the toolkit, its page templates and the theme use (tests/test_model.py checks this list
# against the code). content/ui.yml must have each of them.
REQUIRED = frozenset({
    "about", "absence_phone", "cannot_listen", "pause_listening", "resume_listening", "add_to_calendar", "app", "breakfast_club", "by_question", "by_stage",
    "calendar_apple", "calendar_google", "contact_authority", "date", "day_times",
    "day_times_unknown", "email", "example_notice", "glossary", "glossary_intro", "guides",
    "guides_for_school", "head_teacher", "home", "home_intro", "how_school_contacts", "key_points",
    "last_changed", "leaflet_contact", "listen", "machine_assisted", "no_schools", "not_found", "not_found_help",
    "not_translated", "old_term", "other_parents", "own_term_dates", "parents_evenings", "phase",
    "phone", "proposed_to_close", "proposed_to_open", "qr_code", "reviewed", "school",
    "school_contact", "school_contact_unknown", "school_day", "schools", "schools_intro",
    "schools_link", "senco", "site_name", "sources", "stop_listening", "subscribe_calendar",
    "suggest_change", "term_dates", "term_dates_inset", "term_dates_intro",
    "term_dates_own_schools", "term_dates_school", "term_dates_unknown", "translated_by",
    "translation_stale", "uniform", "website", "what", "written_by"
})

# The placeholders the toolkit fills in, by key. Any other key has none.
PLACEHOLDERS = {
    "site_name": {"authority"}, "contact_authority": {"authority"}, "reviewed": {"date"}, "last_changed": {"date"},
    "day_times": {"starts", "ends"}, "term_dates_school": {"school"}, "term_starts": {"term"}, "term_ends": {"term"},
    "bank_holiday": {"holiday"},
}


def placeholder_problem(key: str, text: str) -> str | None:
    """Why `text` cannot be the interface text `key`, or None: only its own placeholders, written plainly."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)
                  if name is not None]
    except ValueError:
        return "a { or } is not closed. Write placeholders like {date}, and a brace on its own as {{ or }}."
    allowed = PLACEHOLDERS.get(key, set())
    for name, spec, conversion in fields:
        if (spec or conversion) and name in allowed:
            return f"write the placeholder as {{{name}}}, with nothing else inside the braces."
        if name not in allowed or spec or conversion:
            known = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "none"
            return f"{{{name}}} is not a placeholder of this text. It can use: {known}."
    return None
