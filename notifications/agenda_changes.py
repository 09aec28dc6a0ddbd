"""After a publish: one e-mail to each attendee and speaker whose sessions
changed, listing only their own changes, in their language.

Written to the outbox inside the publish transaction and streamed: attendees
are read in chunks, never all at once.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.template.loader import get_template
from django.utils import dateformat, translation
from django.utils.html import escape

from attendees.enums import ADMITTED_STATUSES, ChoiceStatus
from attendees.models import Registration, SubForumChoice
from config.languages import LANGUAGE_CODES, normalise_language
from forums.models import edition_scope
from notifications import links
from notifications.enums import KIND_AGENDA_CHANGE
from outbox.services import MessageSpec, queue_messages
from sessions import changelog as cl
from sessions.models import AgendaVersion, Speaker
from sessions.snapshot import pick
from speakers.selectors import speaker_languages

DATETIME_FORMATS = {"zh-hans": "n月j日 H:i", "en": "j M, H:i"}
# Attendees with the same changes in the same language share one rendering; their
# name and link are put in afterwards (escaped for HTML).
_NAME, _MANAGE = "\x00name\x00", "\x00manage\x00"


class _Describer:
    """Turns changelog entries into lines a person can read, in one language."""

    def __init__(self, version: AgendaVersion) -> None:
        snapshot = version.snapshot
        self.tz = zoneinfo.ZoneInfo(snapshot["edition"]["time_zone"])
        self.speakers = {s["id"]: s["name"] for s in snapshot["speakers"]}
        previous = AgendaVersion.objects.filter(edition_id=version.edition_id, number=version.number - 1).first()
        if previous:
            for speaker in previous.snapshot["speakers"]:
                self.speakers.setdefault(speaker["id"], speaker["name"])
        self.edition_title = snapshot["edition"]["title"]
        self._lines: dict[tuple[int, str], dict[str, str]] = {}

    def _when(self, value: str, language: str) -> str:
        local = dt.datetime.fromisoformat(value).astimezone(self.tz)
        return dateformat.format(local, DATETIME_FORMATS.get(language, DATETIME_FORMATS["en"]))

    def lines(self, changelog: list[dict[str, Any]], indexes: Iterable[int], language: str) -> list[dict[str, str]]:
        result = []
        for index in indexes:
            key = (index, language)
            if key not in self._lines:
                self._lines[key] = self.line(changelog[index], language)
            result.append(self._lines[key])
        return result

    def line(self, entry: dict[str, Any], language: str) -> dict[str, str]:
        before = after = ""
        kind = entry["type"]
        if kind == cl.MOVED_TIME:
            before, after = (
                self._when(entry["before"]["start"], language),
                self._when(entry["after"]["start"], language),
            )
        elif kind == cl.MOVED_ROOM:
            before = pick(entry["before"]["name"], language) if entry["before"] else "—"
            after = pick(entry["after"]["name"], language) if entry["after"] else "—"
        elif kind == cl.SPEAKERS:
            names = lambda roles: "、".join(pick(self.speakers.get(r["speaker"], {}), language) for r in roles) or "—"  # noqa: E731
            before, after = names(entry["before"]), names(entry["after"])
        elif kind == cl.TITLE:
            before, after = pick(entry["before"], language), pick(entry["after"], language)
        return {
            "type": kind,
            "title": pick(entry["title"], language),
            "when": self._when(entry["start"], language),
            "before": before,
            "after": after,
        }


def _render(language: str, context: dict[str, Any]) -> tuple[str, str, str]:
    with translation.override(language):
        subject = get_template(f"notifications/email/agenda_change_subject.{language}.txt").render(context)
        text = get_template(f"notifications/email/agenda_change.{language}.txt").render(context)
        html = get_template(f"notifications/email/agenda_change.{language}.html").render(context)
    return " ".join(subject.split()), text, html


def _attendee_recipients(
    version: AgendaVersion,
) -> tuple[QuerySet[Registration] | None, dict[int | None, list[int]], list[int]]:
    """The admitted registrations the version's changes concern (None: nobody), with the
    changelog indexes by sub-forum and those of plenary sessions (which concern everyone)."""
    by_sub_forum: dict[int | None, list[int]] = defaultdict(list)
    for index, entry in enumerate(version.changelog):
        for sub_forum in entry["sub_forums"]:
            by_sub_forum[sub_forum].append(index)
    if not by_sub_forum:
        return None, by_sub_forum, []
    recipients = Registration.objects.filter(edition_id=version.edition_id, status__in=ADMITTED_STATUSES)
    plenary = by_sub_forum.get(None, [])
    if not plenary:
        # Plenary changes concern everyone; otherwise only those in a changed sub-forum.
        changed = [sf for sf in by_sub_forum if sf is not None]
        recipients = recipients.filter(
            Q(choices__sub_forum_id__in=changed, choices__status=ChoiceStatus.CONFIRMED)
        ).distinct()
    return recipients, by_sub_forum, plenary


def _speaker_indexes(version: AgendaVersion) -> dict[int, list[int]]:
    by_speaker: dict[int, list[int]] = defaultdict(list)
    for index, entry in enumerate(version.changelog):
        for speaker in entry["speakers"]:
            by_speaker[speaker].append(index)
    return by_speaker


def _speaker_recipients(by_speaker: dict[int, list[int]]) -> QuerySet[Speaker]:
    return Speaker.objects.filter(pk__in=list(by_speaker)).exclude(email="")


def _attendee_specs(version: AgendaVersion, describer: _Describer) -> Iterator[MessageSpec]:
    recipients, by_sub_forum, plenary = _attendee_recipients(version)
    if recipients is None:
        return
    recipients = recipients.only("pk", "code", "name", "email", "language").prefetch_related(
        Prefetch(
            "choices",
            queryset=SubForumChoice.objects.filter(status=ChoiceStatus.CONFIRMED).only(
                "pk", "registration_id", "sub_forum_id"
            ),
            to_attr="notice_choices",
        )
    )
    content_type_id = ContentType.objects.get_for_model(Registration).pk
    agenda_url = links.agenda_url(version.snapshot["edition"]["slug"])
    rendered: dict[tuple[tuple[int, ...], str, bool], tuple[str, str, str]] = {}
    for registration in recipients.order_by("pk").iterator(chunk_size=1000):
        indexes = tuple(
            sorted({*plenary, *(i for c in registration.notice_choices for i in by_sub_forum.get(c.sub_forum_id, ()))})
        )
        if not indexes:
            continue
        language = normalise_language(registration.language) or settings.LANGUAGE_CODE
        manage_url = links.manage_url(registration)
        key = (indexes, language, bool(manage_url))
        if key not in rendered:
            rendered[key] = _render(
                language,
                {
                    "name": _NAME,
                    "edition": pick(describer.edition_title, language),
                    "version": version.number,
                    "changes": describer.lines(version.changelog, indexes, language),
                    "agenda_url": agenda_url,
                    "manage_url": _MANAGE if manage_url else "",
                },
            )
        subject, text, html = rendered[key]
        text = text.replace(_NAME, registration.name).replace(_MANAGE, manage_url)
        html = html.replace(_NAME, escape(registration.name)).replace(_MANAGE, escape(manage_url))
        yield MessageSpec(
            kind=KIND_AGENDA_CHANGE,
            to=registration.email,
            subject=subject,
            text=text,
            html=html,
            language=language,
            dedupe_key=f"agenda-change:{version.pk}:registration:{registration.pk}",
            related_type_id=content_type_id,
            related_id=str(registration.pk),
            scope=edition_scope(version.edition_id),
        )


def _speaker_specs(version: AgendaVersion, describer: _Describer) -> Iterator[MessageSpec]:
    by_speaker = _speaker_indexes(version)
    if not by_speaker:
        return
    content_type_id = ContentType.objects.get_for_model(Speaker).pk
    agenda_url = links.agenda_url(version.snapshot["edition"]["slug"])
    speakers = _speaker_recipients(by_speaker).order_by("pk")
    # A speaker who answered an invitation or keeps their page has a language; the others
    # get both, Chinese first.
    chosen = speaker_languages(list(by_speaker))
    for speaker in speakers.iterator(chunk_size=500):
        languages = [chosen[speaker.pk]] if speaker.pk in chosen else list(LANGUAGE_CODES)
        parts = [
            _render(
                language,
                {
                    "name": pick({"zh-hans": speaker.name_zh_hans or "", "en": speaker.name_en or ""}, language),
                    "edition": pick(describer.edition_title, language),
                    "version": version.number,
                    "changes": describer.lines(version.changelog, by_speaker[speaker.pk], language),
                    "agenda_url": agenda_url,
                    "speaker": True,
                },
            )
            for language in languages
        ]
        yield MessageSpec(
            kind=KIND_AGENDA_CHANGE,
            to=speaker.email,
            subject=" / ".join(part[0] for part in parts),
            text="\n\n----\n\n".join(part[1] for part in parts),
            html="<hr>".join(part[2] for part in parts),
            language=languages[0],
            dedupe_key=f"agenda-change:{version.pk}:speaker:{speaker.pk}",
            related_type_id=content_type_id,
            related_id=str(speaker.pk),
            scope=edition_scope(version.edition_id),
        )


def queue_change_notices(*, version: AgendaVersion) -> int:
    """Queue one notice per affected attendee and speaker; call inside the publish transaction."""
    if not version.changelog:
        return 0
    describer = _Describer(version)

    def specs() -> Iterator[MessageSpec]:
        yield from _speaker_specs(version, describer)
        yield from _attendee_specs(version, describer)

    return queue_messages(specs())


@dataclass(frozen=True)
class NoticeCount:
    attendees: int
    speakers: int


def count_change_notices(*, version: AgendaVersion) -> NoticeCount:
    """How many notices ``queue_change_notices`` would queue for ``version`` (saved or not): the
    same recipients, counted (two queries)."""
    if not version.changelog:
        return NoticeCount(attendees=0, speakers=0)
    recipients, _by_sub_forum, _plenary = _attendee_recipients(version)
    by_speaker = _speaker_indexes(version)
    return NoticeCount(
        attendees=recipients.count() if recipients is not None else 0,
        speakers=_speaker_recipients(by_speaker).count() if by_speaker else 0,
    )


def describe_changes(*, version: AgendaVersion, language: str) -> list[dict[str, str]]:
    """The version's changelog as the notices word it, in ``language``: one line per entry
    (``type``, ``title``, ``when``, ``before``, ``after``)."""
    describer = _Describer(version)
    return describer.lines(version.changelog, range(len(version.changelog)), language)
