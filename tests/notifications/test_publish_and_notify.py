# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
import datetime as dt
import hashlib
import hmac
import json
from types import SimpleNamespace

import pytest
from django.utils import timezone

from attendees.enums import RegistrationStatus
from notifications import tasks, webhooks
from notifications.models import WebhookDelivery, WebhookSubscription
from notifications.services import publish_and_notify
from outbox.models import OutboxMessage
from sessions import changelog as cl
from sessions.enums import SpeakerRole
from sessions.models import AgendaExport, AgendaVersion
from tests.factories import (
    EDITION_START,
    EditionFactory,
    OrganisationFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SubForumChoiceFactory,
    SubForumFactory,
)
from tests.notifications.https_receiver import https_receiver, self_signed_certificate


def publish(**kwargs) -> AgendaVersion:
    return publish_and_notify(**kwargs).version


def types_by_session(version: AgendaVersion) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for entry in version.changelog:
        result.setdefault(entry["title"]["en"], []).append(entry["type"])
    return result


@pytest.fixture
def agenda():
    edition = EditionFactory(title_zh_hans="第19届论坛", title_en="19th Forum")
    first, second = SubForumFactory(edition=edition), SubForumFactory(edition=edition)
    sessions = {
        name: SessionFactory(edition=edition, sub_forum=sub_forum, title_en=name, title_zh_hans=f"报告{name}")
        for name, sub_forum in [
            ("Plenary", None),
            ("Timed", first),
            ("Roomed", first),
            ("Spoken", first),
            ("Titled", first),
            ("Cancelled", first),
            ("Removed", first),
            ("Quiet", second),
        ]
    }
    speakers = {name: SpeakerFactory(name_en=f"Speaker {name}") for name in ("A", "B", "Q")}
    SessionSpeakerFactory(session=sessions["Spoken"], speaker=speakers["A"])
    SessionSpeakerFactory(session=sessions["Timed"], speaker=speakers["B"])
    SessionSpeakerFactory(session=sessions["Quiet"], speaker=speakers["Q"])
    return SimpleNamespace(edition=edition, first=first, second=second, sessions=sessions, speakers=speakers)


def make_every_kind_of_change(agenda) -> None:
    s = agenda.sessions
    s["Timed"].start += dt.timedelta(hours=1)
    s["Timed"].end += dt.timedelta(hours=1)
    s["Timed"].save()
    s["Roomed"].room = RoomFactory(venue=agenda.edition.venue, name_en="Hall Z")
    s["Roomed"].save()
    s["Spoken"].speaker_roles.all().delete()
    SessionSpeakerFactory(session=s["Spoken"], speaker=agenda.speakers["B"], role=SpeakerRole.MODERATOR)
    s["Titled"].title_en = "Titled anew"
    s["Titled"].save()
    s["Cancelled"].is_cancelled = True
    s["Cancelled"].save()
    s["Removed"].delete()
    SessionFactory(edition=agenda.edition, sub_forum=agenda.first, title_en="Added")


@pytest.mark.django_db
def test_first_publish_is_version_one_with_exports_and_no_notices(agenda, django_capture_on_commit_callbacks) -> None:
    RegistrationFactory(edition=agenda.edition)
    with django_capture_on_commit_callbacks(execute=True):
        version = publish(edition=agenda.edition, note="first")
    assert (version.number, version.note) == (1, "first")
    assert {e["type"] for e in version.changelog} == {cl.ADDED}
    assert len(version.changelog) == 8
    assert OutboxMessage.objects.count() == 0
    formats = sorted(version.exports.values_list("format", "language", "sub_forum_slug"))
    expected = [("frab-json", lang, "") for lang in ("en", "zh-hans")]
    expected += [("frab-xml", lang, "") for lang in ("en", "zh-hans")]
    expected += [("ics", lang, sf) for lang in ("en", "zh-hans") for sf in ("", agenda.first.slug, agenda.second.slug)]
    expected += [("json", "", "")]
    expected += [("api-agenda", lang, "") for lang in ("en", "zh-hans")]
    expected += [("agenda-index", lang, "") for lang in ("en", "zh-hans")]
    assert formats == sorted(expected)


@pytest.mark.django_db
def test_changelog_records_every_kind_of_change(agenda) -> None:
    publish(edition=agenda.edition)
    make_every_kind_of_change(agenda)
    SessionFactory(edition=agenda.edition, title_en="Late", is_cancelled=True)
    version = publish(edition=agenda.edition)
    assert version.number == 2
    assert types_by_session(version) == {
        "Timed": [cl.MOVED_TIME],
        "Roomed": [cl.MOVED_ROOM],
        "Spoken": [cl.SPEAKERS],
        "Titled anew": [cl.TITLE],
        "Cancelled": [cl.CANCELLED],
        "Removed": [cl.REMOVED],
        "Added": [cl.ADDED],
        "Late": [cl.ADDED],
    }
    by_type = {e["type"]: e for e in version.changelog}
    assert by_type[cl.MOVED_ROOM]["after"]["name"]["en"] == "Hall Z"
    assert by_type[cl.SPEAKERS]["before"] == [{"speaker": agenda.speakers["A"].pk, "role": "speaker"}]
    assert by_type[cl.SPEAKERS]["after"] == [{"speaker": agenda.speakers["B"].pk, "role": "moderator"}]
    assert by_type[cl.TITLE]["before"]["en"] == "Titled"
    timed = agenda.sessions["Timed"]
    assert dt.datetime.fromisoformat(by_type[cl.MOVED_TIME]["after"]["start"]) == timed.start


@pytest.mark.django_db
def test_changelog_reinstated_and_moved_sub_forum(agenda) -> None:
    agenda.sessions["Cancelled"].is_cancelled = True
    agenda.sessions["Cancelled"].save()
    publish(edition=agenda.edition)
    agenda.sessions["Cancelled"].is_cancelled = False
    agenda.sessions["Cancelled"].save()
    agenda.sessions["Quiet"].sub_forum = agenda.first
    agenda.sessions["Quiet"].save()
    version = publish(edition=agenda.edition)
    assert types_by_session(version) == {"Cancelled": [cl.REINSTATED], "Quiet": [cl.MOVED_SUB_FORUM]}
    moved = version.changelog[-1] if version.changelog[-1]["type"] == cl.MOVED_SUB_FORUM else version.changelog[0]
    assert moved["sub_forums"] == sorted([agenda.first.pk, agenda.second.pk])


@pytest.mark.django_db
def test_only_affected_attendees_and_speakers_get_one_notice_each(
    agenda, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    affected = RegistrationFactory(edition=agenda.edition, language="en", name="Ada")
    SubForumChoiceFactory(registration=affected, sub_forum=agenda.first)
    chinese = RegistrationFactory(edition=agenda.edition, language="zh-hans", name="王")
    SubForumChoiceFactory(registration=chinese, sub_forum=agenda.first)
    unaffected = RegistrationFactory(edition=agenda.edition)
    SubForumChoiceFactory(registration=unaffected, sub_forum=agenda.second)
    cancelled = RegistrationFactory(edition=agenda.edition, status=RegistrationStatus.CANCELLED)
    SubForumChoiceFactory(registration=cancelled, sub_forum=agenda.first)
    publish(edition=agenda.edition)
    make_every_kind_of_change(agenda)

    with django_capture_on_commit_callbacks(execute=True):
        publish(edition=agenda.edition)

    recipients = sorted(m.to[0] for m in mailoutbox)
    speaker_a, speaker_b = agenda.speakers["A"].email, agenda.speakers["B"].email
    assert recipients == sorted([affected.email, chinese.email, speaker_a, speaker_b])
    english = next(m for m in mailoutbox if m.to == [affected.email])
    assert english.body.startswith("Dear Ada,")
    assert english.subject == "[19th Forum] Agenda updated (version 2): changes to your sessions"
    for title in ("Timed", "Roomed", "Spoken", "Titled anew", "Cancelled", "Removed", "Added"):
        assert f"- {title} (" in english.body
    assert "Quiet" not in english.body
    assert "moved from Hall" in english.body
    assert "retitled from “Titled” to “Titled anew”" in english.body
    zh = next(m for m in mailoutbox if m.to == [chinese.email])
    assert zh.body.startswith("王，您好")
    assert zh.subject == "【第19届论坛】议程已更新（第2版）：您的日程有变动"
    assert "已取消" in zh.body
    # Speaker A only lost the "Spoken" session; the notice lists that change alone, in both languages.
    a = next(m for m in mailoutbox if m.to == [speaker_a])
    assert "Spoken" in a.body
    assert "Timed" not in a.body
    assert "/" in a.subject


@pytest.mark.django_db
def test_plenary_change_notifies_every_attendee(agenda, django_capture_on_commit_callbacks, mailoutbox) -> None:
    attendees = RegistrationFactory.create_batch(3, edition=agenda.edition)
    publish(edition=agenda.edition)
    agenda.sessions["Plenary"].title_en = "Opening ceremony"
    agenda.sessions["Plenary"].save()
    with django_capture_on_commit_callbacks(execute=True):
        publish(edition=agenda.edition)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.email for r in attendees)


@pytest.mark.django_db
def test_republishing_unchanged_agenda_sends_nothing(agenda, django_capture_on_commit_callbacks, mailoutbox) -> None:
    SubForumChoiceFactory(registration=RegistrationFactory(edition=agenda.edition), sub_forum=agenda.first)
    publish(edition=agenda.edition)
    with django_capture_on_commit_callbacks(execute=True):
        version = publish(edition=agenda.edition)
    assert (version.number, version.changelog) == (2, [])
    assert mailoutbox == []


@pytest.fixture
def receiver(tmp_path, settings, monkeypatch):
    """An HTTPS receiver on this machine: ``localhost`` is allowed as an on-premise partner's host
    (WEBHOOK_ALLOWED_PRIVATE_HOSTS) and its self-signed certificate is trusted."""
    cert, key = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = ["localhost"]
    with https_receiver(cert, key) as server:
        yield SimpleNamespace(url=f"https://localhost:{server.port}/hook", handler=server.handler)


@pytest.mark.django_db
def test_webhook_is_signed_retried_and_every_attempt_recorded(
    agenda, receiver, django_capture_on_commit_callbacks
) -> None:
    partner = OrganisationFactory()
    subscription = WebhookSubscription.objects.create(
        organisation=partner, url=receiver.url, events=["agenda.published"], secret="s3cret"
    )
    WebhookSubscription.objects.create(organisation=partner, url=receiver.url, events=["other"], secret="x")
    elsewhere = WebhookSubscription.objects.create(
        organisation=partner, url=receiver.url, events=["agenda.published"], secret="y"
    )
    elsewhere.editions.add(EditionFactory())
    receiver.handler.replies = [503]

    with django_capture_on_commit_callbacks(execute=True):
        publish(edition=agenda.edition)

    delivery = WebhookDelivery.objects.get()
    assert delivery.subscription == subscription
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 503)
    assert delivery.next_attempt_at > timezone.now() + dt.timedelta(seconds=50)

    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    assert tasks.deliver_webhooks() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    assert list(delivery.attempt_log.values_list("status_code", flat=True)) == [503, 200]

    headers, body = receiver.handler.received[-1]
    expected = hmac.new(b"s3cret", f"{headers['X-Agora-Timestamp']}.".encode() + body, hashlib.sha256).hexdigest()
    assert headers["X-Agora-Signature"] == f"sha256={expected}"
    assert headers["X-Agora-Event"] == "agenda.published"
    payload = json.loads(body)
    assert payload["event"] == "agenda.published"
    assert payload["data"]["version"] == 1
    assert len(payload["data"]["changelog"]) == 8
    assert receiver.handler.received[0][1] == body  # a retry sends the same bytes


@pytest.mark.django_db
def test_webhook_gives_up_after_the_retry_window(agenda, settings) -> None:
    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = ["localhost"]  # nothing listens on port 9: a network error
    subscription = WebhookSubscription.objects.create(
        organisation=OrganisationFactory(), url="https://localhost:9/closed", events=["agenda.published"], secret="s"
    )
    webhooks.queue_event(event="agenda.published", edition=agenda.edition, event_id="e1", data={})
    WebhookDelivery.objects.update(created_at=timezone.now() - dt.timedelta(hours=settings.WEBHOOK_RETRY_HOURS))
    webhooks.deliver_due()
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 1, None)
    assert delivery.attempt_log.get().error


@pytest.mark.django_db
def test_exports_are_stored_once_and_served_as_stored(agenda, client) -> None:
    version = publish(edition=agenda.edition)
    AgendaExport.objects.filter(version=version, format="frab-xml", language="en").update(body="<stored/>")
    response = client.get(f"/e/{agenda.edition.slug}/agenda/export/frab-xml/?lang=en")
    assert response.status_code == 200
    assert response.content == b"<stored/>"
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    sub = client.get(f"/e/{agenda.edition.slug}/agenda/export/ics/{agenda.first.slug}/?lang=en")
    assert sub.status_code == 200
    assert b"Timed" in sub.content
    assert b"Quiet" not in sub.content
    assert client.get(f"/e/{agenda.edition.slug}/agenda/export/pdf/").status_code == 404
    assert client.get(f"/e/{agenda.edition.slug}/agenda/export/ics/nope/").status_code == 404


@pytest.mark.django_db
def test_version_numbers_count_per_edition() -> None:
    a, b = SessionFactory().edition, SessionFactory().edition
    numbers = [publish(edition=e).number for e in (a, a, b, a)]
    assert numbers == [1, 2, 1, 3]
    assert EDITION_START.tzinfo is not None
