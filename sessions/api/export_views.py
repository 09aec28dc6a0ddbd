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
from sessions.models import AgendaExport
from sessions.responses import CACHE_CONTROL_PUBLISHED, if_none_match, not_modified, stored_response


class VersionQuerySerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=2_000_000_000, help_text="A published version (default: the latest)."
    )


class ExportQuerySerializer(VersionQuerySerializer):
    sub_forum = serializers.SlugField(
        required=False, max_length=80, help_text="The calendar of one sub-forum (slug); not empty."
    )


IF_NONE_MATCH = OpenApiParameter("If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False)
NOT_MODIFIED = OpenApiResponse(description="Not modified: the ETag sent in If-None-Match is still current.")
NOT_PUBLISHED = " 404 until the agenda is first published; `version` picks an older published version."
XML_TYPES = ("application/xml", "text/xml")


class AgendaExportView(ApiViewMixin, APIView):
    # One route and one documented operation per format (``export_view``), so a generated
    # client reads each as what it is: JSON as an object, iCalendar and XML as text.
    export_format = ""
    response_headers = {"GET": {"200": ("ETag", "Cache-Control"), "304": ("ETag", "Cache-Control")}}

    def get(self, request: Request, slug: str) -> HttpResponse:
        export_format = self.export_format
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
        response = stored_response(request, stored, etag, CACHE_CONTROL_PUBLISHED, agenda_cache.body_key(slug, etag))
        if export_format == AgendaExport.Format.FRAB_XML and _prefers_text_xml(request):
            response["Content-Type"] = "text/xml; charset=utf-8"
        return response


def _prefers_text_xml(request: Request) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "")
    return "text/xml" in accept and "application/xml" not in accept


def export_view(export_format: str, summary: str, description: str, responses: dict) -> type[AgendaExportView]:
    """The view of one export format, documented as one operation."""
    parameters = [ExportQuerySerializer if export_format == AgendaExport.Format.ICAL else VersionQuerySerializer]
    schema = extend_schema(
        summary=summary,
        description=description + NOT_PUBLISHED,
        tags=["agenda"],
        parameters=[*parameters, IF_NONE_MATCH],
        responses={**responses, 304: NOT_MODIFIED},
    )

    def get(self: AgendaExportView, request: Request, slug: str) -> HttpResponse:
        return AgendaExportView.get(self, request, slug)  # a function of its own, to carry its own schema

    name = f"AgendaExport{export_format.title().replace('-', '')}View"
    return type(name, (AgendaExportView,), {"export_format": export_format, "get": schema(get)})


EXPORT_VIEWS = {
    AgendaExport.Format.JSON: export_view(
        AgendaExport.Format.JSON,
        "The published agenda as JSON",
        "Both languages, with the version's changelog.",
        {(200, "application/json"): OpenApiTypes.OBJECT},
    ),
    AgendaExport.Format.ICAL: export_view(
        AgendaExport.Format.ICAL,
        "The published agenda as an iCalendar file",
        "`text/calendar` in the language chosen by `lang`/Accept-Language; one sub-forum's with `sub_forum`.",
        {(200, "text/calendar"): OpenApiTypes.STR},
    ),
    AgendaExport.Format.FRAB_JSON: export_view(
        AgendaExport.Format.FRAB_JSON,
        "The published agenda as frab schedule.json",
        "The frab/pretalx `schedule.json` format, in the language chosen by `lang`/Accept-Language.",
        {(200, "application/json"): OpenApiTypes.OBJECT},
    ),
    AgendaExport.Format.FRAB_XML: export_view(
        AgendaExport.Format.FRAB_XML,
        "The published agenda as frab schedule.xml",
        "The frab/pretalx `schedule.xml` format, in the language chosen by `lang`/Accept-Language: "
        "`application/xml`, or the same document as `text/xml` when the Accept header asks for that.",
        {(200, media_type): OpenApiTypes.STR for media_type in XML_TYPES},
    ),
}
