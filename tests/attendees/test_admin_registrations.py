"""An organiser's registration in the admin follows the attendees' rules."""

import pytest
from django.core import mail
from django.db.models import Model
from django.urls import reverse

from attendees import services
from attendees.enums import ChoiceStatus, RegistrationStatus
from attendees.models import Registration
from tests.admin_post import changeform_data
from tests.factories import (
    EditionFactory,
    ForumMembershipFactory,
    RegistrationFactory,
    RegistrationTypeFactory,
    StaffUserFactory,
    SubForumFactory,
)

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
    own, other = SubForumFactory(), SubForumFactory()
    organiser = StaffUserFactory()
    ForumMembershipFactory(forum=own.edition.forum, user=organiser, role="organiser")

    client.force_login(organiser)
    offered = client.get(ADD_URL).context["adminform"].form.fields["sub_forums"].queryset
    assert list(offered) == [own]

    client.force_login(superuser)  # and the scoping does not stick to the form class
    offered = client.get(ADD_URL).context["adminform"].form.fields["sub_forums"].queryset
    assert set(offered) == {own, other}


# --- the change page --------------------------------------------------------------------


def _change_url(registration: Registration) -> str:
    return f"/admin/attendees/registration/{registration.pk}/change/"


def _registered(edition, registration_type, n: int) -> Registration:
    return services.register_attendee(
        edition=edition, registration_type=registration_type, name=f"参会者{n}", email=f"person{n}@example.org"
    )


def test_admin_change_keeps_edition_and_type_which_hold_the_places(admin_client) -> None:
    edition = EditionFactory()
    first_type, other_type = RegistrationTypeFactory(edition=edition), RegistrationTypeFactory(edition=edition)
    registration = _registered(edition, first_type, 1)
    data = changeform_data(admin_client.get(_change_url(registration)))
    assert "registration_type" not in data  # shown, not editable
    assert "edition" not in data
    data.update(registration_type=other_type.pk, edition=EditionFactory().pk, organisation="安徽大学")

    response = admin_client.post(_change_url(registration), data)

    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.edition, registration.registration_type) == (edition, first_type)
    assert registration.organisation == "安徽大学"  # the attendee's details still are
    first_type.refresh_from_db()
    other_type.refresh_from_db()
    assert (first_type.seats_taken, other_type.seats_taken) == (1, 0)


def test_admin_change_to_an_address_already_registered_is_a_field_error(admin_client) -> None:
    edition = EditionFactory()
    registration_type = RegistrationTypeFactory(edition=edition)
    _registered(edition, registration_type, 1)
    second = _registered(edition, registration_type, 2)
    data = changeform_data(admin_client.get(_change_url(second)))
    data["email"] = "PERSON1@example.org"

    response = admin_client.post(_change_url(second), data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [
        "This e-mail address is already registered for this edition. Use the link in your e-mail."
    ]
    second.refresh_from_db()
    assert second.email == "person2@example.org"


# --- the changelist, the change form and the cancel action -----------------------------------


def _url(model: type[Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.django_db
def test_registration_changelist_search_and_status_filter(admin_client, editions) -> None:
    edition = editions[0]
    waiting = RegistrationFactory(
        edition=edition, email="wang.fang@example.edu.cn", status=RegistrationStatus.WAITLISTED
    )
    response = admin_client.get(_url(Registration, "changelist"), {"q": "wang.fang@example.edu.cn"})
    assert list(response.context["cl"].result_list) == [waiting]
    response = admin_client.get(_url(Registration, "changelist"), {"q": waiting.code})
    assert list(response.context["cl"].result_list) == [waiting]

    response = admin_client.get(_url(Registration, "changelist"), {"status__exact": RegistrationStatus.WAITLISTED})
    assert list(response.context["cl"].result_list) == [waiting]
    body = response.content.decode()
    assert waiting.code in body


@pytest.mark.django_db
def test_registration_refuses_type_of_another_edition(admin_client, editions) -> None:
    url = _url(Registration, "add")
    data = changeform_data(admin_client.get(url))
    data.update(
        edition=editions[0].pk,
        registration_type=editions[1].registration_types.get().pk,
        name="王小明",
        email="new@example.org",
        language="zh-hans",
    )

    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["registration_type"] == [
        "This registration type belongs to another edition."
    ]
    assert not Registration.objects.filter(email="new@example.org").exists()


@pytest.mark.django_db
def test_cancel_action_goes_through_the_service_and_frees_the_place(admin_client, editions) -> None:
    edition = editions[0]
    registration_type = edition.registration_types.get()
    registration = services.register_attendee(
        edition=edition, registration_type=registration_type, name="王芳", email="wang.fang@example.edu.cn"
    )
    registration_type.refresh_from_db()
    assert registration_type.seats_taken == 1

    response = admin_client.post(
        _url(Registration, "changelist"),
        {"action": "cancel_registrations", "_selected_action": [registration.pk]},
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    registration_type.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert registration_type.seats_taken == 0


@pytest.mark.django_db
def test_registrations_are_cancelled_not_deleted(admin_client, editions) -> None:
    registration = Registration.objects.filter(edition=editions[0]).get()
    assert admin_client.get(_url(Registration, "delete", registration.pk)).status_code == 403
    response = admin_client.get(_url(Registration, "changelist"))
    assert "delete_selected" not in response.context["action_form"].fields["action"].choices.__str__()
