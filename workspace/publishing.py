"""Publishing the agenda through a preview: what will be recorded (the changelog), who will be
told (attendees, speakers) and which webhooks will fire, then a note and a confirmation.

Reached from the edition's page, the timetable, the edition list's action and the add page of
agenda versions (``preview_url``); the confirmation calls
``notifications.services.publish_and_notify``, as every publisher does.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from config.languages import normalise_language
from forums.models import Edition
from forums.permissions import Can, access_for
from notifications.agenda_changes import describe_changes
from notifications.services import PublicationPreview, preview_publication, publish_and_notify
from sessions import changelog as cl
from sessions.models import AgendaVersion

CHANGE_LABELS = {
    cl.ADDED: gettext_lazy("added"),
    cl.REMOVED: gettext_lazy("removed"),
    cl.CANCELLED: gettext_lazy("cancelled"),
    cl.REINSTATED: gettext_lazy("reinstated"),
    cl.MOVED_TIME: gettext_lazy("new time"),
    cl.MOVED_ROOM: gettext_lazy("new room"),
    cl.MOVED_SUB_FORUM: gettext_lazy("another sub-forum"),
    cl.SPEAKERS: gettext_lazy("speakers changed"),
    cl.TITLE: gettext_lazy("retitled"),
}


class PublishForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=AgendaVersion._meta.get_field("note").max_length,
        required=False,
        help_text=gettext_lazy(
            "Kept with the version and sent to partners' webhooks, e.g. “Room change for sub-forum 3”."
        ),
    )
    # What the organiser was shown: publishing waits if the agenda changed meanwhile.
    seen = forms.CharField(widget=forms.HiddenInput)


def fingerprint(preview: PublicationPreview) -> str:
    """Stands for the changelog shown and the version it follows."""
    shown = json.dumps([preview.number, preview.changelog], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(shown.encode()).hexdigest()[:32]


def publishable_edition(request: HttpRequest, object_id: int) -> Edition:
    """The edition, if this user may publish its agenda; otherwise 404, so nothing leaks."""
    edition = Edition.objects.select_related("forum").filter(pk=object_id).first()
    access = access_for(request)
    if edition is None or not access.allows_place(Can.PUBLISH, forum_id=edition.forum_id, edition_id=edition.pk):
        raise Http404
    return edition


def publish_view(model_admin: ModelAdmin, request: HttpRequest, object_id: int) -> HttpResponse:
    edition = publishable_edition(request, object_id)
    preview = preview_publication(edition=edition)
    seen = fingerprint(preview)
    changed_meanwhile = False
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["seen"] == seen:
                publication = publish_and_notify(edition=edition, user=request.user, note=form.cleaned_data["note"])
                model_admin.message_user(
                    request,
                    _(
                        "Published version %(number)d with %(changes)d change(s): %(notices)d notice(s) to "
                        "attendees and speakers queued, %(webhooks)d webhook delivery(ies)."
                    )
                    % {
                        "number": publication.version.number,
                        "changes": len(publication.version.changelog),
                        "notices": publication.notices,
                        "webhooks": publication.webhooks,
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:forums_edition_change", args=[edition.pk]))
            changed_meanwhile = True
            form = PublishForm(initial={"note": form.cleaned_data["note"], "seen": seen})
    else:
        # A note written on the way here (the add page of agenda versions) is kept.
        note = request.GET.get("note", "")[: PublishForm.base_fields["note"].max_length]
        form = PublishForm(initial={"seen": seen, "note": note})
    language = normalise_language(get_language()) or "en"
    lines = describe_changes(version=preview.draft, language=language)
    rows = [{"label": CHANGE_LABELS.get(line["type"], line["type"]), **line} for line in lines]
    context: dict[str, Any] = {
        **model_admin.admin_site.each_context(request),
        "title": _("Publish the agenda: %(edition)s") % {"edition": edition},
        "opts": model_admin.opts,
        "original": edition,
        "edition": edition,
        "preview": preview,
        "rows": rows,
        "form": form,
        "changed_meanwhile": changed_meanwhile,
        "has_view_permission": True,
    }
    return TemplateResponse(request, "admin/forums/edition/publish.html", context)


def preview_url(edition_id: int, *, note: str = "") -> str:
    """The edition's publishing preview, with a note to fill in."""
    url = reverse("admin:forums_edition_publish", args=[edition_id])
    return f"{url}?{urlencode({'note': note})}" if note else url


def publish_urls(model_admin: ModelAdmin) -> list:
    return [
        path(
            "<int:object_id>/publish/",
            model_admin.admin_site.admin_view(lambda request, object_id: publish_view(model_admin, request, object_id)),
            name="forums_edition_publish",
        ),
    ]
