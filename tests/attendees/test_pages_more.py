"""More of the public pages: the language switch, "please try again" on the
registration form, and changing to a full sub-forum through the manage link."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from attendees import services, tokens
from attendees.enums import ChoiceStatus, RegistrationStatus
from attendees.exceptions import TryAgainError
from attendees.models import Registration
from tests.attendees.form_data import registration_form
from tests.factories import SubForumFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _switch_form(page: str) -> str:
    match = re.search(r'<form class="lang-switch" action="([^"]*)" method="post">(.*?)</form>', page, re.S)
    assert match, page
    assert match.group(1) == "/i18n/setlang/"
    return match.group(2)


def _next(form: str) -> str:
    match = re.search(r'<input name="next" type="hidden" value="([^"]*)">', form)
    assert match, form
    return html.unescape(match.group(1))


# ---------------------------------------------------------- language switch


@pytest.mark.parametrize("url_name", ["attendees:edition", "attendees:register"])
def test_language_switch_form_is_on_the_page_with_a_label(client, edition, reg_type, url_name):
    url = reverse(url_name, args=[edition.slug])
    for headers, label_text, button_text in [(EN, "Language", "Switch"), (ZH, "语言", "切换")]:
        form = _switch_form(client.get(url, **headers).content.decode())
        assert f'<label for="lang-select" class="visually-hidden">{label_text}</label>' in form
        assert '<select id="lang-select" name="language">' in form
        assert '<option value="en"' in form
        assert '<option value="zh-hans"' in form
        assert f'<button type="submit">{button_text}</button>' in form
        assert _next(form) == url


def test_language_switch_changes_the_edition_page_language(client, edition, reg_type):
    SubForumFactory(edition=edition, title_en="AI forum", title_zh_hans="人工智能分论坛")
    url = reverse("attendees:edition", args=[edition.slug])
    next_url = _next(_switch_form(client.get(url).content.decode()))

    # The switch wins over the browser's own preference, sent the other way each time.
    response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})
    assert (response.status_code, response["Location"]) == (302, url)
    body = client.get(url, **ZH).content.decode()
    assert '<html lang="en">' in body
    assert "AI forum" in body
    assert "Registration types" in body
    assert "人工智能分论坛" not in body

    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": next_url})
    assert (response.status_code, response["Location"]) == (302, url)
    body = client.get(url, **EN).content.decode()
    assert '<html lang="zh-hans">' in body
    assert "人工智能分论坛" in body
    assert "报名类别" in body
    assert "AI forum" not in body


# -------------------------------------------------------- please try again


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (EN, "Many people are registering right now. Please try again in a moment."),
        (ZH, "当前报名人数较多，请稍后再试。"),  # noqa: RUF001
    ],
)
def test_try_again_keeps_the_typed_values(client, edition, reg_type, monkeypatch, headers, message):
    def busy(**kwargs):
        raise TryAgainError

    monkeypatch.setattr(services, "register_attendee", busy)
    data = registration_form(reg_type)
    response = client.post(reverse("attendees:register", args=[edition.slug]), data, **headers)
    body = response.content.decode()
    assert response.status_code == 400
    assert f'<ul class="errorlist message error" role="alert"><li>{message}</li></ul>' in body
    assert 'value="Li Lei"' in body
    assert 'value="li.lei@example.org"' in body
    assert 'value="Anhui University"' in body
    assert Registration.objects.count() == 0


# ------------------------------------------------ change to a full sub-forum


def _choice_rows(page: str) -> list[tuple[str, str]]:
    """(sub-forum, status) of each row of the manage page's choices table."""
    return re.findall(r'<tr>\s*<td[^>]*>([^<]*)</td>.*?<span class="badge \w+">([^<]*)</span></td>\s*</tr>', page, re.S)


@pytest.mark.parametrize(
    ("headers", "language", "waiting", "saved"),
    [
        (EN, "en", "On the waiting list", "Your sub-forum choices are saved."),
        (ZH, "zh-hans", "候补中", "分论坛选择已保存。"),
    ],
)
def test_changing_to_a_full_sub_forum_puts_the_choice_on_its_waiting_list(
    client, edition, sub_forum, register, headers, language, waiting, saved
):
    full = SubForumFactory(
        edition=edition, start=sub_forum.end, capacity=1, title_en="Full forum", title_zh_hans="满员分论坛"
    )
    register(2, sub_forums=[full])
    registration = services.confirm_registration(registration=register(1, sub_forums=[sub_forum]))
    assert registration.choices.get().status == ChoiceStatus.CONFIRMED
    manage = tokens.manage_path(registration.code)

    response = client.post(manage + "choices/", {"sub_forums": [full.pk]}, **headers)

    assert response.status_code == 302
    page = client.get(response["Location"], **headers).content.decode()
    assert saved in page
    title = full.title_en if language == "en" else full.title_zh_hans
    assert _choice_rows(page) == [(title, waiting)]
    assert [(c.sub_forum_id, c.status) for c in registration.choices.all()] == [(full.pk, ChoiceStatus.WAITLISTED)]
    full.refresh_from_db()
    sub_forum.refresh_from_db()
    assert full.seats_taken == 1
    assert sub_forum.seats_taken == 0
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
