"""Stored exports of the published agenda (JSON, iCalendar, frab schedule.json/.xml).

Rendered once at publication and stored; served here as stored (gzipped, so to
a client that accepts gzip without decompressing), cached per version, and a
matching If-None-Match is answered 304 from the cache alone.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from config.api.base import ApiViewMixin
from sessions import agenda_cache, agenda_reader
from sessions.exports import DOWNLOAD_FORMATS
from sessions.models import AgendaExport
from sessions.responses import CACHE_CONTROL_PUBLISHED, if_none_match, not_modified, stored_response

FORMATS = DOWNLOAD_FORMATS


class ExportQuerySerializer(serializers.Serializer):
    sub_forum = serializers.SlugField(
        required=False,
        max_length=80,
        help_text="The calendar of one sub-forum (slug); only `ics` has these, others answer 404.",
    )
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=2_000_000_000, help_text="A published version (default: the latest)."
    )


class AgendaExportView(ApiViewMixin, APIView):
    @extend_schema(
        summary="A pre-rendered export of the published agenda",
        description="`json` (both languages, with the changelog), `ics` (iCalendar; per sub-forum with "
        "`sub_forum`), `frab-json` and `frab-xml` (frab/pretalx `schedule.json`/`schedule.xml`), in the language "
        "chosen by `lang`/Accept-Language. 404 until the agenda is first published.",
        tags=["agenda"],
        parameters=[
            ExportQuerySerializer,
            OpenApiParameter("export_format", OpenApiTypes.STR, OpenApiParameter.PATH, enum=FORMATS),
            OpenApiParameter("If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False),
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/calendar"): OpenApiTypes.STR,
            (200, "application/xml"): OpenApiTypes.STR,
            304: OpenApiResponse(description="Not modified"),
        },
    )
    def get(self, request: Request, slug: str, export_format: str) -> HttpResponse:
        if export_format not in FORMATS:
            raise Http404
        # A plain dict: given a QueryDict, DRF reads an empty optional value as "not sent".
        query = ExportQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        sub_forum = query.validated_data.get("sub_forum", "")
        if sub_forum and export_format != AgendaExport.Format.ICAL:
            raise Http404(_("Only the iCalendar export exists per sub-forum."))
        language = "" if export_format == AgendaExport.Format.JSON else self.language
        served = agenda_reader.resolve(slug, query.validated_data.get("version"))
        if served.live:
            raise Http404(_("The agenda of this edition is not published yet."))
        etag = agenda_reader.export_etag(served, export_format, language, sub_forum)
        if if_none_match(request, etag):
            return not_modified(etag, CACHE_CONTROL_PUBLISHED)
        stored = agenda_reader.stored_export(served, export_format, language=language, sub_forum=sub_forum)
        if stored is None:
            raise Http404(_("No such export."))
        return stored_response(request, stored, etag, CACHE_CONTROL_PUBLISHED, agenda_cache.body_key(slug, etag))
