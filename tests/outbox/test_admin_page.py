# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
"""An outbox message's page shows the message as its recipient reads it."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.outbox.factories import queue


@pytest.mark.django_db
def test_message_page_shows_subject_text_and_sandboxed_html(admin_client) -> None:
    with transaction.atomic():
        message = queue(
            kind="attendees.confirm",
            to="wang@example.org",
            subject="请确认您的报名：第十九届长三角科技论坛",
            text="王老师，您好：\n请点击链接确认。",
            html="<p>王老师，您好</p><script>alert('x')</script>",
            dedupe_key="page:1",
        )
    body = admin_client.get(f"/admin/outbox/outboxmessage/{message.pk}/change/").content.decode()
    assert "请确认您的报名：第十九届长三角科技论坛" in body
    assert "王老师，您好：\n请点击链接确认。</pre>" in body
    # The HTML is shown in a sandboxed frame, escaped into its srcdoc: no script of the message runs in the admin.
    assert 'sandbox=""' in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    assert "<script>alert('x')</script>" not in body
