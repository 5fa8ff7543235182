"""The shape of every data file, declared once.

These pydantic models validate guide front matter, `authority.yml` and `schools/<URN>.yml`, and are
exported as JSON Schema (`guides schema`) so that editors can autocomplete and check the files.
Unknown keys are refused, so a misspelt field is named instead of silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Optional, Union

from pydantic import (BaseModel, ConfigDict, Field, HttpUrl, PlainSerializer, PlainValidator, StrictInt,
                      StringConstraints, WithJsonSchema, field_validator, model_validator)

from .colour import contrast_problem

Nation = Literal["England", "Wales"]
Stage = Literal["early-years", "primary", "secondary", "post-16", "all"]
LANGUAGE_CODE = r"^[a-z]{2,3}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Translations:
    """A piece of local text written in more than one language, like `uniform: {en: Green jumper,
    cy: Siwmper werdd}`. Each site shows its own language's text, or else the English.
    (A plain class, not a dataclass, so that pydantic hands it over as it is.)"""

    def __init__(self, texts: dict[str, str]):
        self.texts = texts

    def __eq__(self, other) -> bool:
        return isinstance(other, Translations) and other.texts == self.texts

    def __repr__(self) -> str:
        return f"Translations({self.texts!r})"

    def in_language(self, locale: str) -> str:
        return self.texts.get(locale) or self.texts.get("en") or next(iter(self.texts.values()))

    def __str__(self) -> str:
        return self.in_language("en")


def _local_text(value) -> str | Translations:
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, dict) or not value:
        raise ValueError("should be text, or the text in each language, like {en: Green jumper, cy: Siwmper werdd}. "
                         "If it has a colon followed by a space, put the whole text in double quotes")
    for code, text in value.items():
        if not re.match(LANGUAGE_CODE, str(code)):
            raise ValueError(f"'{code}' is not a language code: use two letters, like en, cy or pl")
        if not isinstance(text, str):
            raise ValueError(f"the '{code}' text should be text. If it has a colon followed by a space, put it in "
                             "double quotes")
    return Translations({code: text.strip() for code, text in value.items()})


# Local text a school or council writes: one text for every site, or a text per language.
Text = Annotated[
    Union[str, Translations],
    PlainValidator(_local_text),
    # Templates and pages get the object (render.py picks the site's language); JSON gets the mapping.
    PlainSerializer(lambda value, info: value if info.mode == "python" or isinstance(value, str) else value.texts),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "object", "minProperties": 1,
                                                   "propertyNames": {"pattern": LANGUAGE_CODE},
                                                   "additionalProperties": {"type": "string"}}]}),
]


def in_language(text: str | Translations, locale: str) -> str:
    """A piece of local text as the site for `locale` shows it."""
    return text.in_language(locale) if isinstance(text, Translations) else text


def _time_in_quotes(value):
    # YAML 1.1 reads 8:45 as the number 525 (base 60); catch it before pydantic gives a puzzling message.
    if isinstance(value, int):
        raise ValueError('write times in quotes, like "08:45"')
    return value


# --- guides ---------------------------------------------------------------------------------------


class Source(Strict):
    title: str = Field(description="The name of the page or document, as it appears there.")
    url: HttpUrl = Field(description="Its web address, starting https://")
    nations: list[Nation] = Field(default=["England", "Wales"],
                                  description="Where it applies: Careers Wales is no source for a parent in England.")


# What each field a guide needs is for, in a parent volunteer's words: the validator's message for
# a missing or too-short field says it (validate.py).
GUIDE_FIELD_HELP = {
    "title": "the name of the guide, in plain words",
    "summary": "one sentence about what the guide helps a parent do",
    "audience": "who it is for, like 'Parents of children starting secondary school'",
    "key_points": "the things a parent should remember",
    "reviewed": "the date you checked the facts, written like 2026-11-24",
    "sources": "where the facts come from, a title and a web address (starting https://) for each",
}


class GuideMeta(Strict):
    """The front matter of a guide, a translation of one, or a local override."""

    title: str = Field(min_length=3, description="The page title, in plain words.")
    summary: str = Field(min_length=10, description="One sentence: what this guide helps a parent do.")
    audience: str = Field(description="Who this guide is for, e.g. 'Parents of children starting Reception'.")
    stages: list[Stage] = Field(default=["all"], description="The child's stage, for the home page.")
    questions: list[str] = Field(default=[], description="Questions a parent might ask that this guide answers.")
    key_points: list[str] = Field(min_length=3, max_length=5, description="3 to 5 short key points.")
    reviewed: dt.date = Field(description="When someone last checked the facts (YYYY-MM-DD).")
    review_interval_months: int = Field(default=12, ge=1, le=36)
    sources: list[Source] = Field(min_length=1, description="Authoritative sources for the facts in the guide.")
    nations: list[Nation] = Field(default=["England", "Wales"], description="Where this guide applies.")
    order: int = Field(default=100, description="Position in the menu: lower comes first.")
    text_message: Optional[str] = Field(default=None, description="A short text message version of the guide.")
    translated_from: Optional[str] = Field(default=None, description="Translations: the English commit.")
    reviewed_by: Optional[str] = Field(
        default=None, description="Translations: who checked it, a speaker of the language by name, or "
                                  "'machine-assisted' while no speaker has read it yet (its pages then say so).")
    based_on: Optional[str] = Field(default=None, description="Local overrides: the central commit.")
    draft: bool = Field(default=False, description="A translation or local version just started: readers see the "
                                                   "English (or central) guide until `--up-to-date` records it done.")
    unnamed_contributors: list[str] = Field(
        default=[], description="Contributors (git author names) who prefer not to be named on the page."
    )


# --- authorities ----------------------------------------------------------------------------------


class Contact(Strict):
    name: Optional[Text] = Field(default=None, description="Its name as parents see it, in each language the "
                                 "council offers: {en: School admissions team, pl: Dział przyjęć do szkół}.")
    kind: Literal["team", "service", "directory", "helpline"] = Field(
        default="team", description="What it is: a team of people, a service, a directory of help (such as the SEND "
                                    "local offer) or a helpline. Guides word their sentence to suit it.")
    phone: Optional[str] = None
    email: Optional[str] = None
    website: Optional[HttpUrl] = None


class Contacts(Strict):
    general: Optional[Contact] = None
    admissions: Optional[Contact] = None
    send: Optional[Contact] = Field(default=None, description="SEND local offer (England) or ALN (Wales).")
    free_school_meals: Optional[Contact] = None
    attendance: Optional[Contact] = None
    school_transport: Optional[Contact] = None


class AdmissionRound(Strict):
    entry: dt.date = Field(description="When the children start, e.g. 2027-09-01.")
    opens: Optional[dt.date] = None
    closes: dt.date = Field(description="The closing date for applications.")
    offers: dt.date = Field(description="The day families hear which school they have been offered.")
    apply_url: Optional[HttpUrl] = None

    @model_validator(mode="after")
    def _in_order(self):
        # A typo here tells parents a deadline after the day their child starts.
        steps = [("opens", self.opens), ("closes", self.closes), ("offers", self.offers), ("entry", self.entry)]
        given = [(name, day) for name, day in steps if day is not None]
        for (first, early), (then, late) in zip(given, given[1:]):
            if late <= early:
                raise ValueError(f"'{then}' ({late}) should come after '{first}' ({early}): check the dates")
        return self


class Admissions(Strict):
    primary: Optional[AdmissionRound] = None
    secondary: Optional[AdmissionRound] = None


def _in_order(dates):
    # A swapped pair would put nothing, or a year of events, in a parent's calendar.
    if dates.ends < dates.starts:
        raise ValueError(f"it ends ({dates.ends}) before it starts ({dates.starts}): check the two dates")
    return dates


class Holiday(Strict):
    starts: dt.date
    ends: dt.date

    _order = model_validator(mode="after")(_in_order)


class Term(Strict):
    name: Text
    starts: dt.date
    ends: dt.date
    half_term: Optional[Holiday] = None

    _order = model_validator(mode="after")(_in_order)

    @model_validator(mode="after")
    def _half_term_inside(self):
        half = self.half_term
        if half and not (self.starts <= half.starts and half.ends <= self.ends):
            raise ValueError(f"the half term ({half.starts} to {half.ends}) is not inside the term "
                             f"({self.starts} to {self.ends}): check the dates")
        return self


class Authority(Strict):
    name: Text
    la_code: int = Field(ge=100, le=999, description="The GIAS local authority code, e.g. 371.")
    gss_code: Optional[str] = Field(default=None, pattern=r"^[EW]\d{8}$")
    nation: Nation
    languages: list[str] = Field(default=["en"], min_length=1, description="Site languages; the first is the default.")
    website: HttpUrl
    site_url: Optional[HttpUrl] = Field(
        default=None, description="Where this authority's sites are published, e.g. https://guides.example.org/doncaster/ "
        "(needed for text messages and QR codes, which must carry a full address)."
    )
    colour: Optional[str] = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$",
                                  description="Brand colour, #rrggbb, dark enough for white text (4.5:1).")
    example: bool = Field(default=False, description="True when the details are made up for a demonstration.")
    contacts: Contacts = Contacts()
    admissions: Admissions = Admissions()
    term_dates: list[Term] = []

    @field_validator("colour")
    @classmethod
    def _readable_colour(cls, colour):
        problem = colour and contrast_problem(colour)
        if problem:
            raise ValueError(problem)
        return colour

    @field_validator("languages")
    @classmethod
    def _language_codes(cls, languages):
        for code in languages:
            if not re.match(LANGUAGE_CODE, code):
                raise ValueError(f"'{code}' is not a language code: use two letters, like en, cy or pl")
        return languages


# --- schools --------------------------------------------------------------------------------------


class Ages(Strict):
    low: int = Field(ge=0, le=25)
    high: int = Field(ge=0, le=25)


class Address(Strict):
    street: Optional[str] = None
    locality: Optional[str] = None
    address3: Optional[str] = None
    town: Optional[str] = None
    county: Optional[str] = None
    postcode: Optional[str] = None


class HeadTeacher(Strict):
    title: Optional[str] = None
    first_name: Optional[str] = None
    last_name: Optional[str] = None
    job_title: Optional[str] = None


class ContactMethod(Strict):
    channel: Literal["text", "email", "app", "letter", "phone", "website", "social media", "book bag"]
    detail: Text = Field(description="What the school sends this way, in plain words.")


class App(Strict):
    name: str
    url: Optional[HttpUrl] = None
    what_you_can_see: Optional[Text] = None


class School(Strict):
    """A school: the first block comes from GIAS (import overwrites it), the rest is local."""

    urn: int = Field(ge=100000, le=999999, description="The school's unique reference number (URN).")
    name: str
    phase: Optional[str] = Field(default=None, description="GIAS phase, e.g. Primary, Secondary.")
    type: Optional[str] = Field(default=None, description="GIAS type of establishment.")
    status: str = "Open"
    la_code: Optional[int] = None
    ages: Optional[Ages] = None
    gender: Optional[str] = None
    religious_character: Optional[str] = None
    sixth_form: Optional[bool] = None
    address: Optional[Address] = None
    phone: Optional[str] = None
    website: Optional[HttpUrl] = None
    head_teacher: Optional[HeadTeacher] = None
    opening_date: Optional[dt.date] = Field(default=None, description="GIAS: when a school proposed to open "
                                            "is due to open.")
    closing_date: Optional[dt.date] = Field(default=None, description="GIAS: when a school proposed to close "
                                            "is due to close.")

    # Local fields: the school or the authority fills these in; an import never touches them.
    example: bool = Field(default=False, description="True when the school is made up for a demonstration.")
    language_medium: Optional[Literal["English", "Welsh", "Bilingual"]] = None
    day_starts: Optional[dt.time] = Field(default=None, description='When the school day starts, in quotes: "08:45".')
    day_ends: Optional[dt.time] = Field(default=None, description='When the school day ends, in quotes: "15:15".')
    office_email: Optional[str] = None
    absence_phone: Optional[str] = Field(default=None, description="The number to ring when a child is ill.")
    contact_methods: list[ContactMethod] = []
    app: Optional[App] = None
    parents_evenings: list[dt.date] = []
    uniform: Optional[Text] = None
    breakfast_club: Optional[Text] = None
    senco: Optional[str] = Field(default=None, description="The name of the SENCO (England) or ALNCo (Wales).")
    parent_group: Optional[Text] = None
    term_dates: list[Term] = Field(default=[], description="The school's own terms, if it sets them (academies, "
                                   "voluntary-aided schools); they replace the authority's.")
    inset_days: list[dt.date] = Field(default=[], description="Training (INSET) days: no school for pupils.")
    custom: dict[str, Text] = Field(default={}, description="Anything else, as short text.")

    _times = field_validator("day_starts", "day_ends", mode="before")(_time_in_quotes)


# --- glossary -------------------------------------------------------------------------------------


class GlossaryTerm(Strict):
    term: str = Field(description="The word or abbreviation as parents meet it, e.g. SENCO.")
    stands_for: Optional[str] = Field(default=None, description="What an abbreviation stands for.")
    meaning: str = Field(description="The plain meaning in one or two short sentences.")
    instead: Optional[str] = Field(default=None, description="Plainer words to use instead, if any.")
    also: list[str] = Field(default=[], description="Other spellings or forms of the term.")
    nations: list[Nation] = Field(default=["England", "Wales"])
    old: bool = Field(default=False, description="True for an older name no longer used (NQT, LEA...).")


class Glossary(Strict):
    reviewed_by: Optional[str] = Field(
        default=None, description="A translated glossary: who checked it, a speaker of the language by name, "
                                  "or 'machine-assisted' while no speaker has read it yet (its page then says so).")
    terms: list[GlossaryTerm]


# --- facts that change --------------------------------------------------------------------------


class Fact(Strict):
    value: Union[StrictInt, str] = Field(description="The fact: a number (80, 45) or text such as a phone number.")
    unit: Optional[Literal["pounds"]] = Field(default=None, description="'pounds' shows the value as money.")
    meaning: str = Field(description="What the value is, in a sentence, for whoever checks it next.")
    source: HttpUrl = Field(description="Where it was checked: a GOV.UK, gov.wales or legislation page if possible.")
    checked: dt.date = Field(description="The day someone last checked the value against the source.")


FactName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class Facts(Strict):
    facts: dict[FactName, Fact]


SCHEMAS = {"guide": GuideMeta, "authority": Authority, "school": School, "glossary": Glossary, "facts": Facts}
