"""On the registration form a sub-forum at the same time as a ticked one, or one
beyond the edition's maximum, is greyed out with the reason (headless Chromium)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from attendees.models import Registration
from tests.browser import chromium
from tests.factories import EditionFactory, RegistrationTypeFactory, SubForumFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_clashing_and_surplus_sub_forums_are_greyed_out_with_the_reason(live_server) -> None:
    edition = EditionFactory(max_subforum_choices=2)
    RegistrationTypeFactory(edition=edition, name_en="Delegate", capacity=100)
    day = edition.start.replace(hour=2, minute=0, second=0, microsecond=0)  # 10:00 in Asia/Shanghai

    def sub_forum(title: str, hour: int, hours: int = 2):
        start = day + dt.timedelta(hours=hour)
        return SubForumFactory(edition=edition, title_en=title, start=start, end=start + dt.timedelta(hours=hours))

    robots, chips, energy, oceans = (
        sub_forum("Robots", 0),
        sub_forum("Chips", 1),
        sub_forum("Energy", 4),
        sub_forum("Oceans", 6),
    )

    with chromium() as browser:
        page = browser.new_page(locale="en-US", viewport={"width": 390, "height": 844})
        page.goto(f"{live_server.url}/e/{edition.slug}/register/")
        box = {sf.title_en: page.get_by_role("checkbox", name=sf.title_en) for sf in (robots, chips, energy, oceans)}

        box["Robots"].check()
        expect(box["Chips"]).to_be_disabled()
        expect(page.locator(f"#{box['Chips'].get_attribute('id')}_note")).to_have_text(" — Same time as “Robots”")
        expect(box["Energy"]).to_be_enabled()

        box["Energy"].check()  # two of at most two
        expect(box["Oceans"]).to_be_disabled()
        oceans_note = page.locator(f"#{box['Oceans'].get_attribute('id')}_note")
        expect(oceans_note).to_have_text(" — You have chosen as many as you may")

        box["Robots"].uncheck()
        expect(box["Chips"]).to_be_enabled()
        expect(box["Oceans"]).to_be_enabled()

        box["Chips"].check()
        page.get_by_label("Delegate").check()
        page.get_by_label("Full name").fill("Li Lei")
        page.get_by_role("textbox", name="E-mail").fill("li.lei@example.org")
        page.get_by_role("button", name="Register").click()
        expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    chosen = {c.sub_forum_id for c in Registration.objects.get().choices.all()}
    assert chosen == {chips.pk, energy.pk}
