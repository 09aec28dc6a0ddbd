"""The move the timetable's script posts: a session, its new start and end (in the edition's
zone, to the minute) and its room (empty: no room)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from forums.models import Room
from sessions.models import Session

MINUTE_FORMAT = "%Y-%m-%dT%H:%M"


class MoveForm(forms.Form):
    session = forms.ModelChoiceField(queryset=Session.objects.none())
    start = forms.DateTimeField(input_formats=[MINUTE_FORMAT])
    end = forms.DateTimeField(input_formats=[MINUTE_FORMAT])
    room = forms.ModelChoiceField(queryset=Room.objects.select_related("venue"), required=False)

    def __init__(self, *args: Any, sessions: QuerySet[Session], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions.select_related("edition", "sub_forum")
