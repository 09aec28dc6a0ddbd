"""The consents on record (read only), and the page where an organiser records a consent the
speaker gave on paper or by e-mail (``/admin/speakers/consent/record/<speaker id>/``).

Recording is for whoever may edit a session the speaker has a part in (``speakers.scopes``:
a host, its sub-forums' speakers); anyone else gets 404. Answers given so are kept apart
from the speaker's own: their source, date, wording, where the paper is kept and who recorded them.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from forums.admin.scope import SharedDirectoryAdminMixin
from forums.permissions import Can, access_for
from sessions.models import Speaker
from speakers import services
from speakers.consent import wording
from speakers.enums import ConsentSubject
from speakers.forms import PaperConsentForm
from speakers.models import Consent, SpeakerProfile
from speakers.scopes import may_act_for_speaker


@admin.register(Consent)
class ConsentAdmin(SharedDirectoryAdminMixin, admin.ModelAdmin):
    list_display = ["speaker", "subject", "granted", "source", "given_on", "language", "recorded_at", "recorded_by"]
    list_filter = ["subject", "granted", "source"]
    list_select_related = ["speaker", "recorded_by"]
    search_fields = ["speaker__name_zh_hans", "speaker__name_en"]
    fields = [
        "speaker",
        "subject",
        "granted",
        "source",
        "given_on",
        "wording",
        "language",
        "reference",
        "recorded_at",
        "recorded_by",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # the speaker's page, or the record page for an answer on paper

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # never edited: a new answer is a new row

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def get_urls(self) -> list:
        record = path(
            "record/<int:speaker_id>/",
            self.admin_site.admin_view(self.record_view),
            name="speakers_consent_record",
        )
        return [record, *super().get_urls()]

    def record_view(self, request: HttpRequest, speaker_id: int) -> HttpResponse:
        speaker = get_object_or_404(Speaker, pk=speaker_id)
        if not may_act_for_speaker(access_for(request), speaker, Can.EDIT):
            raise Http404
        if request.method == "POST":
            form = PaperConsentForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                recorded = services.record_consents(
                    speaker=speaker,
                    answers=form.answers,
                    language=data["language"],
                    user=request.user,
                    source=data["source"],
                    given_on=data["given_on"],
                    wording_given=data["wording"],
                    reference=data["reference"],
                )
                if recorded:
                    self.message_user(
                        request,
                        _("Recorded for %(speaker)s: %(answers)s.")
                        % {"speaker": speaker, "answers": ", ".join(_answer(c) for c in recorded)},
                        messages.SUCCESS,
                    )
                else:
                    self.message_user(request, _("Nothing changed: these answers were already in force."))
                return HttpResponseRedirect(
                    f"{reverse('admin:speakers_consent_changelist')}?speaker__id__exact={speaker.pk}"
                )
        else:
            with translation.override("zh-hans"):
                standard = "\n".join(str(wording(subject)) for subject in ConsentSubject)
            form = PaperConsentForm(initial={"language": "zh-hans", "wording": standard})
        profile = SpeakerProfile.objects.filter(speaker=speaker).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Record a consent given on paper or by e-mail: %(speaker)s") % {"speaker": speaker},
            "speaker": speaker,
            "form": form,
            "in_force": [
                (ConsentSubject.BIOGRAPHY.label, speaker.publish_biography),
                (ConsentSubject.PHOTO.label, speaker.publish_photo),
                (ConsentSubject.RECORDING.label, bool(profile and profile.publish_recording)),
            ],
        }
        return TemplateResponse(request, "admin/speakers/record_consent.html", context)


def _answer(consent: Consent) -> str:
    verdict = _("agreed") if consent.granted else _("refused")
    return f"{consent.get_subject_display()} ({verdict})"
