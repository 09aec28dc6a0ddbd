"""An invitation's life, as the invitee and the organiser see it: pages, rows and e-mails."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutboxMessage
from sessions.enums import SpeakerRole
from sessions.models import SessionSpeaker, Speaker
from speakers import invitations, tokens
from speakers.enums import InvitationStatus
from speakers.invitations import InvitationError
from speakers.models import Invitation, SpeakerProfile
from tests.factories import SessionFactory, SpeakerFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def _invite(**kwargs) -> Invitation:
    defaults = {
        "session": SessionFactory(),
        "role": SpeakerRole.PANELIST,
        "email": "li.hua@example.org",
        "name": "李华",
    }
    return invitations.invite_speaker(**{**defaults, **kwargs})


def _link(invitation: Invitation) -> str:
    return reverse("speakers:invitation", kwargs={"token": tokens.invitation_token(invitation)})


def test_invitation_sends_a_bilingual_email_with_the_signed_link(django_capture_on_commit_callbacks) -> None:
    user = StaffUserFactory(email="organiser@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(language="en", note="We hope you can come.", user=user)
    message = OutboxMessage.objects.get(related_id=str(invitation.pk), kind="speakers.invitation")
    assert message.recipient == "li.hua@example.org"
    assert message.language == "en"
    # English first (the invitee's language), Chinese below.
    assert message.body_text.index("Dear 李华") < message.body_text.index("尊敬的李华")
    assert "Panelist" in message.body_text
    assert "We hope you can come." in message.body_text
    assert tokens.invitation_url(invitation) in message.body_text
    assert message.subject.startswith(f"Invitation: {invitation.session.title_en}")
    assert invitation.status == InvitationStatus.SENT
    assert invitation.invited_by == user


def test_the_subject_is_plain_text_not_html_escaped() -> None:
    invitation = _invite(session=SessionFactory(title_en="AI & Society: “Robots” <now>"), language="en")
    message = OutboxMessage.objects.get(related_id=str(invitation.pk), kind="speakers.invitation")
    assert message.subject.startswith("Invitation: AI & Society: “Robots” <now> / ")


def test_inviting_again_keeps_the_one_open_invitation() -> None:
    first = _invite()
    again = _invite(session=first.session, email="LI.HUA@example.org")
    assert again.pk == first.pk
    assert Invitation.objects.count() == 1
    assert OutboxMessage.objects.filter(kind="speakers.invitation").count() == 1


def test_bulk_invitation_makes_one_per_session() -> None:
    sessions = SessionFactory.create_batch(3)
    made = invitations.invite_speakers(sessions=sessions, role=SpeakerRole.SPEAKER, email="w@example.org", name="王")
    assert sorted(i.session_id for i in made) == sorted(s.pk for s in sessions)
    assert OutboxMessage.objects.filter(kind="speakers.invitation", recipient="w@example.org").count() == 3


def test_existing_speaker_without_email_is_refused_with_a_reason() -> None:
    speaker = SpeakerFactory(email="")
    with pytest.raises(InvitationError) as caught:
        _invite(speaker=speaker, email="")
    assert caught.value.code == "no_email"


def test_opening_the_link_marks_it_opened(client) -> None:
    invitation = _invite()
    response = client.get(_link(invitation), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "我接受邀请" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPENED
    assert invitation.opened_at is not None


def test_accept_attaches_a_new_speaker_in_the_role_and_opens_their_page(client) -> None:
    invitation = _invite()
    response = client.post(reverse("speakers:accept", kwargs={"token": tokens.invitation_token(invitation)}))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    speaker = Speaker.objects.get(email="li.hua@example.org")
    assert speaker.name_zh_hans == "李华"
    assert SessionSpeaker.objects.filter(session=invitation.session, speaker=speaker, role="panelist").count() == 1
    profile = SpeakerProfile.objects.get(speaker=speaker)
    assert response.status_code == 302
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert tokens.read_profile_token(token) == profile.key


def test_accept_keeps_an_existing_profile() -> None:
    speaker = SpeakerFactory()
    invitation = invitations.accept_invitation(invitation=_invite(speaker=speaker, email=""))
    assert invitation.speaker == speaker
    assert Speaker.objects.count() == 1
    assert invitation.email == speaker.email


def test_link_used_twice_changes_nothing_the_second_time(client) -> None:
    invitation = _invite()
    accept = reverse("speakers:accept", kwargs={"token": tokens.invitation_token(invitation)})
    client.post(accept)
    second = client.post(accept, HTTP_ACCEPT_LANGUAGE="en")
    assert second.status_code == 409
    assert "This invitation was already answered." in second.content.decode()
    decline = client.post(reverse("speakers:decline", kwargs={"token": tokens.invitation_token(invitation)}))
    assert decline.status_code == 409
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.ACCEPTED
    assert SessionSpeaker.objects.filter(session=invitation.session).count() == 1
    page = client.get(_link(invitation), HTTP_ACCEPT_LANGUAGE="en")
    assert "You have accepted this invitation" in page.content.decode()


def test_decline_with_reason_tells_the_organiser(client, django_capture_on_commit_callbacks) -> None:
    organiser = StaffUserFactory(email="organiser@example.org")
    invitation = _invite(user=organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("speakers:decline", kwargs={"token": tokens.invitation_token(invitation)}),
            {"reason": "我那天在北京开会。"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert "You have declined this invitation" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert invitation.decline_reason == "我那天在北京开会。"
    notice = OutboxMessage.objects.get(kind="speakers.declined")
    assert notice.recipient == "organiser@example.org"
    assert "我那天在北京开会。" in notice.body_text
    assert "李华" in notice.subject
    assert not SessionSpeaker.objects.filter(session=invitation.session).exists()


def test_a_too_long_reason_is_a_field_error(client) -> None:
    invitation = _invite()
    response = client.post(
        reverse("speakers:decline", kwargs={"token": tokens.invitation_token(invitation)}),
        {"reason": "x" * 2001},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "Ensure this value has at most 2000 characters" in response.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.SENT


@pytest.mark.parametrize(
    "edit", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: "x" + t, lambda t: "nonsense"]
)
def test_tampered_link_is_404(client, edit) -> None:
    invitation = _invite()
    token = edit(tokens.invitation_token(invitation))
    assert client.get(reverse("speakers:invitation", kwargs={"token": token})).status_code == 404
    assert client.post(reverse("speakers:accept", kwargs={"token": token})).status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.SENT


def test_a_profile_token_is_no_invitation_token(client) -> None:
    profile = SpeakerProfile.objects.create(speaker=SpeakerFactory())
    token = tokens.profile_token(profile)
    assert client.get(reverse("speakers:invitation", kwargs={"token": token})).status_code == 404


def test_expired_invitation_cannot_be_answered(client) -> None:
    invitation = _invite()
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        response = client.post(
            reverse("speakers:accept", kwargs={"token": tokens.invitation_token(invitation)}), HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.EXPIRED
    assert not SessionSpeaker.objects.exists()


def test_beat_task_expires_what_is_due_only() -> None:
    due, fresh = _invite(), _invite(email="other@example.org")
    Invitation.objects.filter(pk=due.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert invitations.expire_invitations() == 1
    assert Invitation.objects.get(pk=due.pk).status == InvitationStatus.EXPIRED
    assert Invitation.objects.get(pk=fresh.pk).status == InvitationStatus.SENT


def test_resend_gives_a_new_answer_by_date_and_a_second_email(client) -> None:
    invitation = _invite()
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        invitations.expire_invitations()
        resent = invitations.resend_invitation(invitation=Invitation.objects.get(pk=invitation.pk))
        assert resent.status == InvitationStatus.SENT
        assert resent.expires_at > timezone.now() + dt.timedelta(days=13)
        response = client.post(reverse("speakers:accept", kwargs={"token": tokens.invitation_token(resent)}))
    assert response.status_code == 302
    assert OutboxMessage.objects.filter(kind="speakers.invitation", related_id=str(invitation.pk)).count() == 2


def test_withdrawn_invitation_says_so_and_cannot_be_accepted(client) -> None:
    invitation = invitations.withdraw_invitation(invitation=_invite())
    assert invitation.status == InvitationStatus.WITHDRAWN
    response = client.post(
        reverse("speakers:accept", kwargs={"token": tokens.invitation_token(invitation)}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 410
    assert "The organisers have withdrawn this invitation." in response.content.decode()
    with pytest.raises(InvitationError):
        invitations.resend_invitation(invitation=invitation)


def test_answered_invitation_cannot_be_withdrawn() -> None:
    invitation = invitations.accept_invitation(invitation=_invite())
    with pytest.raises(InvitationError):
        invitations.withdraw_invitation(invitation=invitation)


def test_automatic_reminders_with_a_frozen_clock(settings, django_capture_on_commit_callbacks) -> None:
    settings.SPEAKERS_INVITATION_REMIND_AFTER_HOURS = 72
    settings.SPEAKERS_INVITATION_MAX_REMINDERS = 2
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        invitation = _invite()
        answered = invitations.accept_invitation(invitation=_invite(email="yes@example.org"))

    def reminders() -> list[OutboxMessage]:
        return list(OutboxMessage.objects.filter(kind="speakers.invitation_reminder").order_by("pk"))

    with time_machine.travel(start + dt.timedelta(hours=71), tick=False):
        assert invitations.remind_invitations() == 0
    with time_machine.travel(start + dt.timedelta(hours=72), tick=False):
        assert invitations.remind_invitations() == 1
        assert invitations.remind_invitations() == 0  # run again: nothing twice
    with time_machine.travel(start + dt.timedelta(hours=140), tick=False):
        assert invitations.remind_invitations() == 0
    with time_machine.travel(start + dt.timedelta(hours=144), tick=False):
        assert invitations.remind_invitations() == 1
    with time_machine.travel(start + dt.timedelta(hours=300), tick=False):
        assert invitations.remind_invitations() == 0  # at most two
    sent = reminders()
    assert [m.recipient for m in sent] == [invitation.email, invitation.email]
    assert "提醒" in sent[0].subject
    assert answered.email not in {m.recipient for m in sent}
    assert Invitation.objects.get(pk=invitation.pk).reminders_sent == 2


def test_reminders_stop_at_the_answer_by_date(settings) -> None:
    settings.SPEAKERS_INVITATION_REMIND_AFTER_HOURS = 24
    invitation = _invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + dt.timedelta(hours=1))
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        assert invitations.remind_invitations() == 0
