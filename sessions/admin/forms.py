"""Admin forms for the agenda; a session's time and place keep the rules of ``sessions.conflicts``."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from forums.models import Edition, SubForum
from sessions.conflicts import has_span, room_clashes, room_error, span_errors, speaker_clashes, speaker_error
from sessions.images import reencode
from sessions.models import Session


class SessionAdminForm(forms.ModelForm):
    """A session on its own page: its room must be free; the speaker inline checks people."""

    def _edition(self) -> Edition | None:
        return self.cleaned_data.get("edition")

    def _sub_forum(self) -> SubForum | None:
        return self.cleaned_data.get("sub_forum")

    def _edition_id(self) -> int | None:
        edition = self._edition()
        return edition.pk if edition else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # The rules of sessions.conflicts, on the session as it would be saved.
        candidate = Session(
            pk=self.instance.pk,
            edition=self._edition(),
            sub_forum=self._sub_forum(),
            room=cleaned.get("room"),
            start=cleaned.get("start"),
            end=cleaned.get("end"),
            is_cancelled=cleaned.get("is_cancelled", False),
        )
        errors = span_errors(candidate)
        if not errors and (clashes := room_clashes(candidate)):
            errors["room"] = [room_error(candidate.room, clashes)]
        for field, field_errors in errors.items():
            self.add_error(field if field in self.fields else None, field_errors)
        return cleaned


class SessionInlineForm(SessionAdminForm):
    """A session edited in its sub-forum's programme: the edition is the sub-forum's.

    Speakers are not edited here, but moving a session can still put its speakers
    in two places at once, so changed times are checked against them too.
    """

    # Rows nobody touched are not re-checked: an old clash elsewhere in the
    # programme must not block editing another session's title.
    checked_fields = frozenset({"start", "end", "room", "is_cancelled"})

    def _edition(self) -> Edition | None:
        return self.instance.sub_forum.edition  # the sub-forum's (SessionInlineFormSet sets it)

    def _sub_forum(self) -> SubForum | None:
        return self.instance.sub_forum

    def _edition_id(self) -> int | None:
        return self.instance.edition_id

    def needs_check(self) -> bool:
        return self.instance.pk is None or bool(self.checked_fields & set(self.changed_data))

    def clean(self) -> dict[str, Any]:
        edition_id = self._edition_id()
        if not self.needs_check():
            return forms.ModelForm.clean(self)
        cleaned = super().clean()
        if self.instance.pk and not self.errors:
            candidate = Session(
                pk=self.instance.pk,
                edition_id=edition_id,
                start=cleaned.get("start"),
                end=cleaned.get("end"),
                is_cancelled=cleaned.get("is_cancelled", False),
            )
            roles = list(self.instance.speaker_roles.select_related("speaker"))
            clashes = speaker_clashes(candidate, {role.speaker_id for role in roles})
            for role in roles:
                if role.speaker_id in clashes:
                    self.add_error(None, speaker_error(role.speaker, clashes.pop(role.speaker_id)))
        return cleaned


class SessionInlineFormSet(BaseInlineFormSet):
    """A sub-forum's programme: its sessions take the sub-forum's edition, and two
    sessions added or moved in the same save must not share a room either."""

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form = super()._construct_form(i, **kwargs)
        # The stock formset sets only the parent's id, which is still None while
        # the sub-forum itself is being added; the edition is known either way
        # (the parent form has been cleaned by the time forms are built).
        form.instance.sub_forum = self.instance
        form.instance.edition_id = self.instance.edition_id
        return form

    def clean(self) -> None:
        super().clean()
        # Read every row's slot first: add_error() drops the field from cleaned_data.
        slots = [
            (form, data["room"], data["start"], data["end"])
            for form in self.forms
            if (data := getattr(form, "cleaned_data", None))
            and not data.get("DELETE")
            and not form.errors
            and data.get("room") is not None
            and not data.get("is_cancelled")
            and has_span(data.get("start"), data.get("end"))
        ]
        for i, (form, room, start, end) in enumerate(slots):
            for other, other_room, other_start, other_end in slots[i + 1 :]:
                if not (form.needs_check() or other.needs_check()):
                    continue  # an old clash between untouched rows does not block this save
                if room == other_room and start < other_end and other_start < end:
                    other.add_error(
                        "room",
                        _("%(room)s is already booked at this time by “%(session)s”, also in this list.")
                        % {"room": other_room, "session": form.instance},
                    )


class SessionSpeakerFormSet(BaseInlineFormSet):
    """The speakers of a session must not be booked elsewhere in the edition at the same time.

    Runs on the session as the page submits it, so changing the time and the
    speakers in one save is checked as a whole.
    """

    def clean(self) -> None:
        super().clean()
        forms_by_speaker: dict[int, list[forms.Form]] = defaultdict(list)
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if data and not data.get("DELETE") and data.get("speaker") is not None:
                forms_by_speaker[data["speaker"].pk].append(form)
        clashes = speaker_clashes(self.instance, set(forms_by_speaker))
        for speaker_id, sessions in clashes.items():
            form = forms_by_speaker[speaker_id][0]
            form.add_error("speaker", speaker_error(form.cleaned_data["speaker"], sessions))


class SessionSpeakerAdminForm(forms.ModelForm):
    """A speaker role edited on its own page."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        session, speaker = cleaned.get("session"), cleaned.get("speaker")
        if session is not None and speaker is not None:
            clashes = speaker_clashes(session, {speaker.pk})
            if clashes:
                self.add_error("speaker", speaker_error(speaker, clashes[speaker.pk]))
        return cleaned


class SpeakerAdminForm(forms.ModelForm):
    """A speaker's photo is checked and kept re-encoded (``sessions.images``)."""

    # A plain file field: sessions.images says what is wrong with a file, in the visitor's language.
    photo = forms.FileField(
        label=_("photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("A JPEG, PNG or WebP picture; it is kept re-encoded, without its metadata."),
    )

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            return reencode(photo)
        return photo
