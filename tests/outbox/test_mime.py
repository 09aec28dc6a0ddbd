# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
import base64
import email
from email.header import decode_header, make_header

from outbox.channels import mime
from outbox.models import OutboxMessage
from outbox.services import attachment, message_id_for


def test_lean_mime_parses_back_with_every_part_intact() -> None:
    message = OutboxMessage(
        subject="提醒：第19届长三角科技论坛 即将开始 " * 3,
        body_text="王小明，您好：\n议程见附件。\n.\nA line with a lone dot above.",
        body_html="<p>王小明，您好</p>",
        recipient="wang@example.org",
        message_id=message_id_for("reminder:1:2"),
        attachments=[attachment("议程.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
    )
    sender, recipients, raw = mime.render(message, from_email="Agora 论坛 <noreply@agora.example.org>")
    assert recipients == ["wang@example.org"]
    assert "noreply@agora.example.org" in sender
    parsed = email.message_from_bytes(raw)
    assert str(make_header(decode_header(parsed["Subject"]))) == message.subject
    assert parsed["Message-ID"] == message.message_id
    assert [p.get_content_type() for p in parsed.walk()] == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    parts = [p for p in parsed.walk() if not p.is_multipart()]
    assert parts[0].get_payload(decode=True).decode() == message.body_text
    assert parts[1].get_payload(decode=True).decode() == message.body_html
    assert parts[2].get_filename() == "议程.ics"
    assert parts[2].get_payload(decode=True) == base64.b64decode(message.attachments[0]["content"])
    assert str(make_header(decode_header(parsed["From"]))).startswith("Agora 论坛")
