"""A speaker's own pages behind their signed link: profile, photo, consents, slides, travel."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from sessions.models import Speaker
from speakers import tokens
from speakers.models import Consent, Material, SpeakerProfile, TravelPlan
from tests.factories import EditionFactory, SessionFactory, SessionSpeakerFactory
from tests.speakers.conftest import picture
from tests.speakers.factories import pdf_upload

pytestmark = pytest.mark.django_db


def _url(name: str, profile: SpeakerProfile, **kwargs) -> str:
    return reverse(f"speakers:{name}", kwargs={"token": tokens.profile_token(profile), **kwargs})


def test_page_lists_sessions_across_editions(client, accepted) -> None:
    earlier = SessionFactory(edition=EditionFactory(), title_en="Last year's keynote")
    SessionSpeakerFactory(session=earlier, speaker=accepted.speaker)
    response = client.get(_url("profile", accepted), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Last year&#x27;s keynote" in body
    assert "Panelist" in body
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("token", ["nonsense", "x:y:z"])
def test_a_bad_profile_link_is_404(client, accepted, token) -> None:
    assert client.get(reverse("speakers:profile", kwargs={"token": token})).status_code == 404


def test_an_expired_profile_link_is_404(client, accepted, settings) -> None:
    url = _url("profile", accepted)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=settings.SPEAKERS_PROFILE_LINK_MAX_AGE + 5)):
        assert client.get(url).status_code == 404


def test_profile_is_saved_in_both_languages(client, accepted) -> None:
    data = {
        "name_zh_hans": "李华",
        "name_en": "Li Hua",
        "honorific_zh_hans": "中国科学院院士",
        "honorific_en": "Academician of the Chinese Academy of Sciences",
        "position_zh_hans": "教授",
        "position_en": "Professor",
        "affiliation_zh_hans": "复旦大学",
        "affiliation_en": "Fudan University",
        "biography_zh_hans": "长期从事材料科学研究。",
        "biography_en": "Works on materials science.",
        "website": "lihua.example.org",
        "language": "en",
    }
    response = client.post(_url("profile", accepted), data)
    assert response.status_code == 302
    speaker = Speaker.objects.get(pk=accepted.speaker_id)
    assert (speaker.honorific_zh_hans, speaker.affiliation_en) == ("中国科学院院士", "Fudan University")
    assert speaker.website == "https://lihua.example.org"
    assert SpeakerProfile.objects.get(pk=accepted.pk).language == "en"


def test_profile_without_a_name_is_refused_with_a_message(client, accepted) -> None:
    response = client.post(_url("profile", accepted), {"language": "zh-hans"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "请至少用一种语言填写您的姓名。" in response.content.decode()


def test_photo_is_cropped_to_the_standard_portrait(client, accepted) -> None:
    response = client.post(_url("photo", accepted), {"photo": picture(1200, 700)})
    assert response.status_code == 302
    speaker = Speaker.objects.get(pk=accepted.speaker_id)
    with speaker.photo.open("rb") as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("JPEG", (600, 800))


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This file is not a picture. Please upload a JPEG, PNG or WebP image."),
        ("zh-hans", "该文件不是图片"),
    ],
)
def test_a_file_that_is_no_picture_is_refused_with_a_clear_message(client, accepted, language, message) -> None:
    upload = SimpleUploadedFile("me.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    response = client.post(_url("photo", accepted), {"photo": upload}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Speaker.objects.get(pk=accepted.speaker_id).photo


def test_an_oversized_photo_is_refused(client, accepted, settings) -> None:
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    response = client.post(_url("photo", accepted), {"photo": picture(900, 900)}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "a picture may have at most 0.001 MB" in response.content.decode()
    assert not Speaker.objects.get(pk=accepted.speaker_id).photo


def test_consent_is_recorded_with_its_wording_and_time(client, accepted) -> None:
    url = _url("consent", accepted)
    client.post(url, {"consent-biography": "on", "consent-photo": "on"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    consents = {c.subject: c for c in Consent.objects.filter(speaker=accepted.speaker)}
    assert {s: c.granted for s, c in consents.items()} == {"biography": True, "photo": True, "recording": False}
    assert consents["photo"].wording == "我同意主办方将我的照片发布在论坛网站、会议手册以及展示论坛议程的合作网站上。"
    assert consents["photo"].language == "zh-hans"
    assert timezone.now() - consents["photo"].recorded_at < dt.timedelta(minutes=1)
    speaker = Speaker.objects.get(pk=accepted.speaker_id)
    assert (speaker.publish_biography, speaker.publish_photo) == (True, True)
    assert not SpeakerProfile.objects.get(pk=accepted.pk).publish_recording
    client.post(url, {"consent-biography": "on", "consent-photo": "on"})  # the same answers again: nothing new
    assert Consent.objects.filter(speaker=accepted.speaker).count() == 3
    client.post(url, {"consent-biography": "on"}, HTTP_ACCEPT_LANGUAGE="en")  # the photo withdrawn
    latest = Consent.objects.filter(speaker=accepted.speaker).order_by("-pk").first()
    assert (latest.subject, latest.granted, latest.language) == ("photo", False, "en")
    assert latest.wording.startswith("I agree that the organisers publish my photo")
    assert not Speaker.objects.get(pk=accepted.speaker_id).publish_photo


def _session_id(profile: SpeakerProfile) -> int:
    return profile.speaker.roles.get().session_id


def test_slides_are_stored_privately_and_published_only_on_the_organisers_word(client, accepted) -> None:
    response = client.post(
        _url("upload_material", accepted), {"session": _session_id(accepted), "kind": "slides", "file": pdf_upload()}
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert (material.original_name, material.content_type, material.is_published) == (
        "slides.pdf",
        "application/pdf",
        False,
    )
    assert material.file.storage is storages["private"]
    assert material.file.name.startswith("materials/")
    assert "slides" not in material.file.name  # a random name, never the uploader's
    own = client.get(_url("own_material", accepted, key=material.key))
    assert own.status_code == 200
    assert own["Content-Disposition"].startswith("attachment")
    assert b"".join(own.streaming_content).startswith(b"%PDF-")
    public = reverse("speakers:material", kwargs={"key": material.key})
    assert client.get(public).status_code == 404
    Material.objects.filter(pk=material.pk).update(is_published=True)
    assert client.get(public).status_code == 200


def _pptx() -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p/>")
    return SimpleUploadedFile("talk.pptx", out.getvalue())


def test_powerpoint_is_recognised_by_its_contents(client, accepted) -> None:
    client.post(
        _url("upload_material", accepted), {"session": _session_id(accepted), "kind": "slides", "file": _pptx()}
    )
    assert Material.objects.get().content_type.endswith("presentationml.presentation")


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("slides.pdf", b"<html><script>alert(1)</script></html>"),
        SimpleUploadedFile("slides.pptx", b"PK\x03\x04 broken zip"),
        SimpleUploadedFile("virus.exe", b"MZ\x90\x00"),
    ],
    ids=["html-named-pdf", "broken-zip", "exe"],
)
def test_a_file_of_another_type_is_refused_with_a_message(client, accepted, upload) -> None:
    response = client.post(
        _url("upload_material", accepted),
        {"session": _session_id(accepted), "kind": "slides", "file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "This file is not a PDF, PowerPoint or Word document." in response.content.decode()
    assert not Material.objects.exists()


def test_an_oversized_file_is_refused(client, accepted, settings) -> None:
    settings.SPEAKERS_MATERIAL_MAX_BYTES = 2_000_000
    response = client.post(
        _url("upload_material", accepted),
        {"session": _session_id(accepted), "kind": "paper", "file": pdf_upload(size=2_500_000)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "This file is 2.5 MB; at most 2 MB are accepted." in response.content.decode()
    assert not Material.objects.exists()


def test_slides_only_for_the_speakers_own_sessions(client, accepted) -> None:
    other = SessionFactory()
    response = client.post(
        _url("upload_material", accepted), {"session": other.pk, "kind": "slides", "file": pdf_upload()}
    )
    assert response.status_code == 400
    assert not Material.objects.exists()


def test_travel_is_saved_in_the_forums_time_zone(client, accepted) -> None:
    edition = accepted.speaker.roles.get().session.edition
    url = _url("travel", accepted, edition_id=edition.pk)
    data = {
        "arrival_at": "2030-07-05T14:30",
        "arrival_station": "芜湖站",
        "arrival_number": "G7123",
        "departure_at": "2030-07-07T18:00",
        "departure_station": "芜湖站",
        "departure_number": "G7130",
        "needs_pickup": "on",
        "hotel_check_in": "2030-07-05",
        "hotel_check_out": "2030-07-07",
        "dietary_needs": "清真",
    }
    assert client.post(url, data).status_code == 302
    plan = TravelPlan.objects.get(speaker=accepted.speaker, edition=edition)
    assert plan.arrival_at.astimezone(edition.tz).strftime("%H:%M") == "14:30"
    assert (plan.hotel_nights, plan.needs_pickup, plan.is_complete) == (2, True, True)


def test_travel_departure_before_arrival_is_a_field_error(client, accepted) -> None:
    edition = accepted.speaker.roles.get().session.edition
    response = client.post(
        _url("travel", accepted, edition_id=edition.pk),
        {"arrival_at": "2030-07-05T14:30", "departure_at": "2030-07-05T10:00"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "Departure must be after arrival." in response.content.decode()
    assert not TravelPlan.objects.exists()


def test_travel_page_only_for_the_speakers_editions(client, accepted) -> None:
    assert client.get(_url("travel", accepted, edition_id=EditionFactory().pk)).status_code == 404


def test_other_links_are_kept_as_labelled_web_addresses(client, accepted) -> None:
    data = {
        "name_zh_hans": "李华",
        "language": "zh-hans",
        "links": "Google Scholar | scholar.example.org/lihua\n\nhttps://orcid.org/0000",
    }
    assert client.post(_url("profile", accepted), data).status_code == 302
    assert Speaker.objects.get(pk=accepted.speaker_id).links == [
        {"label": "Google Scholar", "url": "https://scholar.example.org/lihua"},
        {"label": "https://orcid.org/0000", "url": "https://orcid.org/0000"},
    ]
    page = client.get(_url("profile", accepted)).content.decode()
    assert "Google Scholar | https://scholar.example.org/lihua" in page
    bad = client.post(
        _url("profile", accepted), {**data, "links": "homepage | javascript:alert(1)"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert bad.status_code == 400
    assert "Line 1 is not a web address: homepage | javascript:alert(1)" in bad.content.decode()
    assert len(Speaker.objects.get(pk=accepted.speaker_id).links) == 2
