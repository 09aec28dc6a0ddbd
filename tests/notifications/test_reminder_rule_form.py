"""The reminder rule form asks “how long before” as a number and a unit, and the list
says it as people do: “7 days before”, “提前 7 天”."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from notifications import offsets
from notifications.models import ReminderRule
from tests.admin_post import changeform_data
from tests.notifications.factories import ReminderRuleFactory, ReminderTemplateFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (dt.timedelta(days=7), (7, "days")),
        (dt.timedelta(hours=36), (36, "hours")),
        (dt.timedelta(minutes=90), (90, "minutes")),
        (dt.timedelta(days=1), (1, "days")),
    ],
)
def test_offsets_split_into_the_largest_whole_unit(offset, expected) -> None:
    assert offsets.split(offset) == expected


def test_the_form_reads_and_writes_the_offset_as_number_and_unit(admin_client) -> None:
    rule = ReminderRuleFactory(offset=dt.timedelta(days=7))
    ReminderTemplateFactory(rule=rule)
    url = reverse("admin:notifications_reminderrule_change", args=[rule.pk])
    response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    form = response.context["adminform"].form
    assert (form.initial["offset_amount"], form.initial["offset_unit"]) == (7, "days")
    assert "offset" not in form.fields
    page = response.content.decode()
    assert 'name="offset_amount"' in page
    assert "days before" in page
    data = {**changeform_data(response), "offset_amount": 2, "offset_unit": "hours"}
    assert admin_client.post(url, data).status_code == 302
    assert ReminderRule.objects.get(pk=rule.pk).offset == dt.timedelta(hours=2)
    data["offset_amount"] = -1
    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "offset_amount" in response.context["adminform"].form.errors


def test_the_list_says_the_offset_in_each_language(admin_client) -> None:
    ReminderRuleFactory(offset=dt.timedelta(days=7))
    ReminderRuleFactory(offset=dt.timedelta(hours=1))
    url = reverse("admin:notifications_reminderrule_changelist")
    english = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "7 days before" in english
    assert "1 hour before" in english
    chinese = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "提前 7 天" in chinese
    assert "提前 1 小时" in chinese
    assert "7 days, 0:00:00" not in chinese
