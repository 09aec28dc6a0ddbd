"""The registration form works with the keyboard alone (Tab, Space, typing, Enter),
in headless Chromium at a phone's width, and a field error takes the focus back
to a place the visitor can reach."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from attendees.models import Registration
from tests.browser import chromium
from tests.factories import EditionFactory, RegistrationTypeFactory, SubForumFactory

ACTIVE = "(() => { const e = document.activeElement; return e.id || e.name || e.tagName; })()"


def _tab_to(page, element_id: str, *, limit: int = 60) -> list[str]:
    """Press Tab until ``element_id`` has the focus; returns what had it on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(ACTIVE))
        if seen[-1] == element_id:
            return seen
    raise AssertionError(f"Tab never reached {element_id}: {seen}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_registering_with_the_keyboard_only(live_server, mailoutbox) -> None:
    edition = EditionFactory(title_en="The 20th Science Forum")
    registration_type = RegistrationTypeFactory(edition=edition, name_en="Delegate", capacity=100)
    RegistrationTypeFactory(edition=edition, name_en="Student", capacity=100)
    sub_forum = SubForumFactory(edition=edition, title_en="AI", capacity=50)

    with chromium() as browser:
        page = browser.new_page(locale="en-US", viewport={"width": 390, "height": 844})
        page.goto(f"{live_server.url}/e/{edition.slug}/register/")

        order = _tab_to(page, "id_email")
        assert order.index("id_registration_type_0") < order.index("id_name") < order.index("id_email")
        page.keyboard.type("not an address")
        _tab_to(page, "id_sub_forums_0")
        page.keyboard.press("Space")  # tick the sub-forum
        page.keyboard.press("Enter")  # submits the form from a checkbox
        expect(page.locator("#id_email_error")).to_contain_text("Enter a valid email address")

        _tab_to(page, "id_registration_type_0")
        page.keyboard.press("Space")  # choose the first type
        _tab_to(page, "id_name")
        page.keyboard.type("Li Lei")
        _tab_to(page, "id_email")
        page.keyboard.press("Control+A")
        page.keyboard.type("li.lei@example.org")
        _tab_to(page, "id_sub_forums_0")
        assert page.is_checked("#id_sub_forums_0")  # kept from the first try
        submit = _tab_to(page, "BUTTON")
        assert submit[-1] == "BUTTON"
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    registration = Registration.objects.get()
    assert (registration.name, registration.email, registration.registration_type) == (
        "Li Lei", "li.lei@example.org", registration_type,
    )  # fmt: skip
    assert [c.sub_forum for c in registration.choices.all()] == [sub_forum]
    assert mailoutbox[0].to == ["li.lei@example.org"]
