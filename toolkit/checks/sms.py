"""Text messages: how many texts a guide's `text_message` costs a school.

Source: 3GPP TS 23.038 (the GSM 03.38 alphabet): 160 characters a text, 153 once split; one
character outside the alphabet makes it UCS-2, 70 characters a text, 67 once split. Schools pay
for each text.
"""

from __future__ import annotations

from . import Check, Examples, Finding
from ..sms import count, describe


def sms_length(document, context):
    """sms.length: a text message that needs more than one text (3GPP TS 23.038)."""
    message = document.guide.meta.text_message
    if not message:
        return
    address = "https://" + "x" * max(context.settings.sms_address_length - 8, 1)
    text = " ".join(_stand_ins(message, address).split())
    counted = count(text)
    if counted.segments > 1:
        line = document.guide.front.line_of(("text_message",))
        why = (f" It is sent as UCS-2 (70 characters a text) because of {describe(counted.first_non_gsm)}."
               if counted.first_non_gsm else "")
        yield Finding("sms.length", "warning", document.path, line, 1,
                      f"This text message needs {counted.segments} texts: {counted.characters} characters "
                      f"in {counted.encoding}, counting the page address as {context.settings.sms_address_length}."
                      f"{why} Make it shorter so that it fits in one.", None, document.locale)


def _stand_ins(message: str, address: str) -> str:
    import re

    message = re.sub(r"\{\{\s*page_url\s*\}\}", address, message)
    message = re.sub(r"\{%.*?%\}", "", message)
    return re.sub(r"\{\{.*?\}\}", "Millbrook Primary School", message)


CHECKS = [
    Check("sms.length", sms_length,
          Examples(flag=["---\ntext_message: \"" + "Parents evening is next week. " * 6 + "{{ page_url }}\"\n---\nText.",
                         "---\ntext_message: \"Mae'r ŵyl yn dechrau yfory yn yr ysgol. Dewch yn gynnar i gael sedd dda "
                         "os gwelwch yn dda. {{ page_url }}\"\n---\nTestun."],
                   clean=["---\ntext_message: \"Parents' evening is next week: book a time. {{ page_url }}\"\n---\nText."]),
          scope="guide"),
]
