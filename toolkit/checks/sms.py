"""Text messages: how many texts a guide's `text_message` costs a school.

Source: 3GPP TS 23.038 (the GSM 03.38 alphabet): 160 characters a text, 153 once split; one
character outside the alphabet makes it UCS-2, 70 characters a text, 67 once split. Schools pay
for each text.
"""

from __future__ import annotations

from . import Check, Examples, Finding
from .. import shortlinks
from ..sms import GSM_SINGLE, UCS2_SINGLE, count, describe

# Without an authority's site_url to go by: a council's own short address, like
# https://guides.example.gov.uk/t/abcdefgh/
TYPICAL_ADDRESS_LENGTH = 42
# A message needs room for a sentence besides the address; where one text cannot hold both (an
# Urdu text holds 70 characters), the aim is two texts.
FEWEST_WORDS = 40


def sms_length(document, context):
    """sms.length: a text message that needs more texts than it has to (3GPP TS 23.038)."""
    message = document.guide.meta.text_message
    if not message:
        return
    if "sms-address-length" not in context.cache:  # the same for every page of a run
        context.cache["sms-address-length"] = address_length(context)
    length = context.cache["sms-address-length"]
    text = " ".join(_stand_ins(message, "https://" + "x" * max(length - 8, 1)).split())
    counted = count(text)
    single = UCS2_SINGLE if counted.first_non_gsm else GSM_SINGLE
    aim = 1 if length + FEWEST_WORDS <= single else 2
    if counted.segments > aim:
        line = document.guide.front.line_of(("text_message",))
        why = (f" It is sent as UCS-2 (70 characters a text) because of {describe(counted.first_non_gsm)}."
               if counted.first_non_gsm else "")
        goal = ("so that it fits in one" if aim == 1 else
                "so that it fits in two (the address leaves too little room for one)")
        yield Finding("sms.length", "warning", document.path, line, 1,
                      f"This text message needs {counted.segments} texts: {counted.characters} characters "
                      f"in {counted.encoding}, counting the page address as {length}.{why} "
                      f"Make it shorter {goal}.", None, document.locale)


def address_length(context) -> int:
    """The page address a text carries: as set in guides.yml, else the longest authority's short address."""
    if context.settings.sms_address_length:
        return context.settings.sms_address_length
    authorities = context.project.authorities.values() if context.project else []
    lengths = [shortlinks.address_length(str(a.data.site_url)) for a in authorities if a.data.site_url]
    return max(lengths, default=TYPICAL_ADDRESS_LENGTH)


def _stand_ins(message: str, address: str) -> str:
    import re

    message = re.sub(r"\{\{\s*page_url\s*\}\}", address, message)
    message = re.sub(r"\{%.*?%\}", "", message)
    return re.sub(r"\{\{.*?\}\}", "Millbrook Primary School", message)


_LONG_ENGLISH = "Parents evening is next week. " * 6
_LONG_WELSH = "Mae'r ŵyl yn dechrau yfory yn yr ysgol. Dewch yn gynnar i gael sedd dda os gwelwch yn dda."
_SHORT_ENGLISH = "Parents' evening is next week: book a time."
# Urdu: 70 characters a text, and the address takes 42 of them, so two texts will do
_SHORT_URDU = "بچہ بیمار ہے؟ پہلے دن صبح اسکول کو فون کریں۔"


def _guide(message: str, body: str = "Text.") -> str:
    return f'---\ntext_message: "{message} {{{{ page_url }}}}"\n---\n{body}'


CHECKS = [
    Check("sms.length", sms_length,
          Examples(flag=[_guide(_LONG_ENGLISH), _guide(_LONG_WELSH, "Testun.")],
                   clean=[_guide(_SHORT_ENGLISH), _guide(_SHORT_URDU, "متن۔")]),
          scope="guide"),
]
