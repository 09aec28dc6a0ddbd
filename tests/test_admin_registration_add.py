"""An organiser's registration in the admin follows the attendees' rules."""

import pytest
from django.core import mail

from attendees.enums import ChoiceStatus, RegistrationStatus
from attendees.models import Registration
from tests.factories import EditionFactory, RegistrationTypeFactory, SubForumFactory

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/attendees/registration/add/"


def post_data(edition, registration_type, **extra) -> dict:
    return {
        "edition": edition.pk,
        "registration_type": registration_type.pk,
        "name": "王小明",
        "email": "Wang.Xiaoming@Example.org",
        "language": "en",
        "_save": "Save",
        **extra,
    }


def test_admin_add_registers_through_the_service(admin_client, django_capture_on_commit_callbacks) -> None:
    edition = EditionFactory()
    registration_type = RegistrationTypeFactory(edition=edition)
    sub_forum = SubForumFactory(edition=edition, capacity=1)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(ADD_URL, post_data(edition, registration_type, sub_forums=[sub_forum.pk]))

    assert response.status_code == 302, response.context["adminform"].form.errors
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.PENDING
    assert list(registration.choices.values_list("sub_forum", "status")) == [(sub_forum.pk, ChoiceStatus.CONFIRMED)]
    sub_forum.refresh_from_db()
    registration_type.refresh_from_db()
    assert (sub_forum.seats_taken, registration_type.seats_taken) == (1, 1)
    assert [message.to for message in mail.outbox] == [[registration.email]]


def test_admin_add_shows_the_service_refusal_on_the_form(admin_client) -> None:
    edition = EditionFactory()
    full = RegistrationTypeFactory(edition=edition, capacity=0, waitlist_enabled=False)

    response = admin_client.post(ADD_URL, post_data(edition, full))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_admin_add_refuses_a_second_active_registration(admin_client) -> None:
    edition = EditionFactory()
    registration_type = RegistrationTypeFactory(edition=edition)
    assert admin_client.post(ADD_URL, post_data(edition, registration_type)).status_code == 302

    response = admin_client.post(ADD_URL, post_data(edition, registration_type, email="wang.xiaoming@example.org"))

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert Registration.objects.count() == 1


def test_admin_add_offers_an_organiser_only_their_forums_sub_forums(client, superuser) -> None:
    from tests.factories import ForumMembershipFactory, StaffUserFactory

    own, other = SubForumFactory(), SubForumFactory()
    organiser = StaffUserFactory()
    ForumMembershipFactory(forum=own.edition.forum, user=organiser, role="organiser")

    client.force_login(organiser)
    offered = client.get(ADD_URL).context["adminform"].form.fields["sub_forums"].queryset
    assert list(offered) == [own]

    client.force_login(superuser)  # and the scoping does not stick to the form class
    offered = client.get(ADD_URL).context["adminform"].form.fields["sub_forums"].queryset
    assert set(offered) == {own, other}
