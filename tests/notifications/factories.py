# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
"""Factories of reminder rules and their templates."""

from __future__ import annotations

import datetime as dt

import factory

from notifications.enums import ReminderAnchor, ReminderAudience
from notifications.models import ReminderRule, ReminderTemplate
from tests.factories import EditionFactory


class ReminderRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderRule

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Reminder {n}")
    anchor = ReminderAnchor.EDITION_START
    offset = dt.timedelta(days=1)


class ReminderTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderTemplate

    rule = factory.SubFactory(ReminderRuleFactory)
    audience = ReminderAudience.CONFIRMED
    language = "zh-hans"
    subject = "提醒：{{ edition }} 即将开始"
    body_text = (
        "{{ attendee_name }}，您好：{{ edition }}将于{{ start_time }}开始。分论坛：{{ sub_forum }}，地点：{{ room }}。"
    )
    body_html = "<p>{{ attendee_name }}，您好：{{ edition }}将于{{ start_time }}开始。</p>"


def bilingual_rule(**kwargs) -> ReminderRule:
    """A rule with Chinese and English texts for confirmed attendees."""
    rule = ReminderRuleFactory(**kwargs)
    ReminderTemplateFactory(rule=rule, language="zh-hans")
    ReminderTemplateFactory(
        rule=rule,
        language="en",
        subject="Reminder: {{ edition }} starts soon",
        body_text="Dear {{ attendee_name }}, {{ edition }} starts at {{ start_time }}. "
        "Sub-forum: {{ sub_forum }}, room: {{ room }}. Code {{ registration_code }}.",
        body_html="<p>Dear {{ attendee_name }}, {{ edition }} starts at {{ start|date:'H:i' }}.</p>",
    )
    return rule
