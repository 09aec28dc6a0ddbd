"""What a speaker changes through their own link, and what organisers decide about it:
the profile and photo, consents (kept with their wording and time), slides and
papers (private until published), travel needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation

from audit import services as audit
from audit.enums import ActorKind, Verb
from audit.places import places_of
from config.languages import normalise_language
from forums.models import Edition
from sessions.models import Session, Speaker
from speakers.consent import wording
from speakers.enums import ConsentSource, ConsentSubject
from speakers.materials import check_material
from speakers.models import Consent, Material, SpeakerProfile, TravelPlan
from speakers.photos import standard_portrait

# The profile fields a speaker edits on their own page (each in both languages).
PROFILE_FIELDS = ("name", "honorific", "position", "affiliation", "biography")
# Where each answer in force is kept: on the public profile (read by sessions.speaker_profiles)
# or, for recordings, on the private one.
CONSENT_FLAGS = {
    ConsentSubject.BIOGRAPHY: ("speaker", "publish_biography"),
    ConsentSubject.PHOTO: ("speaker", "publish_photo"),
    ConsentSubject.RECORDING: ("profile", "publish_recording"),
}


def _by_speaker(speaker: Speaker, **kwargs: Any) -> None:
    """An audit entry for what the speaker did through their own link."""
    audit.record(actor=None, actor_kind=ActorKind.SPEAKER, actor_name=speaker.email or str(speaker), **kwargs)


def ensure_profile(*, speaker: Speaker, language: str = "") -> SpeakerProfile:
    """The speaker's private profile, made on first need (with ``language`` as their language)."""
    profile, _created = SpeakerProfile.objects.get_or_create(
        speaker=speaker, defaults={"language": normalise_language(language) or settings.LANGUAGE_CODE}
    )
    return profile


def update_profile(*, speaker: Speaker, changes: Mapping[str, Any], language: str | None = None) -> Speaker:
    """Write the speaker's own changes to their public profile (translated fields, website, links, language)."""
    allowed = {f"{field}_{suffix}" for field in PROFILE_FIELDS for suffix in ("zh_hans", "en")} | {"website", "links"}
    with transaction.atomic():
        # Compared with the stored row: a bound ModelForm has already set the new values on ``speaker``.
        stored = Speaker.objects.filter(pk=speaker.pk).values(*allowed).get()
        fields = [name for name in changes if name in allowed and stored[name] != changes[name]]
        changed = {name: (stored[name], changes[name]) for name in fields}
        for name in fields:
            setattr(speaker, name, changes[name])
        if fields:
            speaker.save(update_fields=[*fields, "updated_at"])
            _by_speaker(speaker, verb=Verb.CHANGED, obj=speaker, changes=changed)
        if language and (code := normalise_language(language)):
            SpeakerProfile.objects.filter(speaker=speaker).update(language=code, updated_at=timezone.now())
    return speaker


def set_photo(*, speaker: Speaker, upload: UploadedFile) -> Speaker:
    """Check the picture (sessions.images), crop it to the standard portrait and keep it; the old file goes."""
    portrait = standard_portrait(upload)
    old = speaker.photo.name if speaker.photo else ""
    speaker.photo.save(portrait.name, portrait, save=False)
    speaker.save(update_fields=["photo", "updated_at"])
    _by_speaker(speaker, verb=Verb.CHANGED, obj=speaker, changes={"photo": (old, speaker.photo.name)})
    if old and old != speaker.photo.name:
        transaction.on_commit(lambda: speaker.photo.storage.delete(old))
    return speaker


def record_consents(
    *,
    speaker: Speaker,
    answers: Mapping[str, bool],
    language: str,
    user: Any = None,
    source: str = ConsentSource.OWN_PAGE,
    given_on: dt.date | None = None,
    wording_given: str = "",
    reference: str = "",
) -> list[Consent]:
    """Record each answer that differs from the one in force (or is the first), with the exact wording.

    The speaker's own answers carry the wording their page showed. An answer the speaker
    gave on paper or by e-mail is recorded by an organiser (``user``), with the date it was
    given and the words they agreed to (``wording_given``); it is in force like their own,
    so the public pages follow it, and it stays marked as given that way.
    """
    language = normalise_language(language) or settings.LANGUAGE_CODE
    on_behalf = source != ConsentSource.OWN_PAGE
    if on_behalf and not (getattr(user, "pk", None) and given_on and wording_given.strip()):
        raise ValueError("A consent given on paper or by e-mail needs who records it, its date and its wording.")
    with transaction.atomic():
        profile = SpeakerProfile.objects.select_for_update().get(
            pk=ensure_profile(speaker=speaker, language=language).pk
        )
        answered = set(Consent.objects.filter(speaker=speaker).values_list("subject", flat=True))
        holders = {"speaker": speaker, "profile": profile}
        recorded, changes = [], {}
        for subject, (holder, flag) in CONSENT_FLAGS.items():
            if subject not in answers:
                continue
            granted = bool(answers[subject])
            if subject in answered and getattr(holders[holder], flag) == granted:
                continue
            if on_behalf:
                text = wording_given.strip()
            else:
                with translation.override(language):
                    text = str(wording(subject))
            recorded.append(
                Consent(
                    speaker=speaker,
                    subject=subject,
                    granted=granted,
                    wording=text,
                    language=language,
                    recorded_by=user if getattr(user, "pk", None) else None,
                    source=source,
                    given_on=given_on,
                    reference=reference[:200],
                )
            )
            changes[flag] = (getattr(holders[holder], flag), granted)
            setattr(holders[holder], flag, granted)
        if recorded:
            Consent.objects.bulk_create(recorded)
            profile.save()
            speaker.save(update_fields=["publish_biography", "publish_photo", "updated_at"])
            detail = {"consent": language} | ({"source": source, "given_on": given_on} if on_behalf else {})
            if getattr(user, "pk", None):
                audit.record(actor=user, verb=Verb.CHANGED, obj=speaker, changes=changes, detail=detail)
            else:
                _by_speaker(speaker, verb=Verb.CHANGED, obj=speaker, changes=changes, detail=detail)
    return recorded


def add_material(*, speaker: Speaker, session: Session, kind: str, upload: UploadedFile) -> Material:
    """Keep an uploaded slide deck or paper (checked by its bytes), private until the organisers publish it."""
    checked = check_material(upload)
    material = Material(
        speaker=speaker,
        session=session,
        kind=kind,
        original_name=(upload.name or f"file.{checked.suffix}")[:200],
        content_type=checked.content_type,
        size=upload.size,
    )
    material.file.save(f"upload.{checked.suffix}", upload, save=False)
    material.save()
    _by_speaker(
        speaker, verb=Verb.CREATED, obj=material, detail={"file": material.original_name, "size": material.size}
    )
    return material


def publish_materials(*, materials: Iterable[Material], published: bool = True, actor: Any = None) -> int:
    """The organisers' word: these files may (or may no longer) be downloaded by anyone."""
    with transaction.atomic():
        changing = list(
            Material.objects.filter(pk__in=[m.pk for m in materials])
            .exclude(is_published=published)
            .select_related("session__edition")
        )
        Material.objects.filter(pk__in=[m.pk for m in changing]).update(
            is_published=published, published_at=timezone.now() if published else None
        )
        audit.record_many(
            actor=actor,
            verb=Verb.CHANGED,
            objects=((m, {"is_published": (not published, published)}, places_of(m)) for m in changing),
        )
    return len(changing)


def save_travel(*, speaker: Speaker, edition: Edition, details: Mapping[str, Any]) -> TravelPlan:
    """The speaker's travel and accommodation needs for one edition (one plan, replaced as a whole)."""
    fields = {f.name for f in TravelPlan._meta.concrete_fields} - {"id", "speaker", "edition", "updated_at"}
    with transaction.atomic():
        plan, created = TravelPlan.objects.update_or_create(
            speaker=speaker, edition=edition, defaults={k: v for k, v in details.items() if k in fields}
        )
        # Private details: the trail says that they changed, not what they are.
        _by_speaker(speaker, verb=Verb.CREATED if created else Verb.CHANGED, obj=plan)
    return plan
