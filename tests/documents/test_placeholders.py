# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from documents.placeholders import fill, validate_placeholders


def test_paragraphs_and_lines_are_kept_and_placeholders_filled() -> None:
    text = "尊敬的{name}：\n\n第一行\n{sessions}\n\n{passport_number}结束"
    assert fill(text, {"name": "王𠈌", "sessions": "《甲》\n《乙》"}) == [
        ["尊敬的王𠈌："],
        ["第一行", "《甲》", "《乙》"],
        ["结束"],
    ]


def test_nothing_but_a_known_word_in_braces_is_read() -> None:
    assert fill("{name.__class__} {0} {name}", {"name": "李"}) == [["{name.__class__} {0} 李"]]


def test_an_unknown_placeholder_is_refused_by_name() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_placeholders("Dear {nmae}, {name} {titel}")
    with translation.override("en"):  # the message is put in words when read, in the language then
        assert caught.value.messages == ["Unknown placeholders: {nmae}, {titel}. Use only those listed below the text."]
    validate_placeholders("{name} {passport_number} {sessions}")
