"""Text messages counted as phone networks bill them (GSM 03.38 or UCS-2)."""

from __future__ import annotations

import pytest

from toolkit.sms import count


def test_150_plain_characters_are_one_text():
    counted = count("a" * 150)
    assert (counted.encoding, counted.characters, counted.segments) == ("GSM-7", 150, 1)


@pytest.mark.parametrize("length,segments", [(160, 1), (161, 2), (306, 2), (307, 3)])
def test_gsm_segments_are_160_or_153_when_split(length, segments):
    assert count("x" * length).segments == segments


def test_euro_sign_counts_as_two_characters():
    counted = count("Trip: €5")
    assert counted.encoding == "GSM-7"
    assert counted.characters == 9


def test_welsh_w_circumflex_makes_the_whole_message_ucs2():
    message = "Mae'r ŵyl yn yr ysgol ddydd Gwener. " * 2  # 72 characters
    counted = count(message)
    assert counted.encoding == "UCS-2"
    assert counted.first_non_gsm == "ŵ"
    assert counted.characters == 72
    assert counted.segments == 2  # over 70, so split into parts of 67
    assert count("ŵ" * 70).segments == 1
    assert count("ŵ" * 135).segments == 3


def test_urdu_and_emoji():
    assert count("اسکول").encoding == "UCS-2"
    assert count("Hi 👋").characters == 5  # an emoji takes two UCS-2 places
