"""Stored exports of the published agenda (JSON, iCalendar, frab schedule.json/.xml).

Rendered once by publish_agenda and stored as AgendaExport rows; served here
as stored (gzipped, so to a client that accepts gzip without decompressing),
with the agenda endpoint's caching: the body is cached per version,
and a matching If-None-Match is answered 304 from the cache alone.
"""

from __future__ import annotations

from functools import cache

from django.db import connection
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from forums.models import Edition
from partners.api import cache as agenda_cache
from partners.api.base import ApiViewMixin
from sessions.api.agenda_views import CACHE_CONTROL_PUBLISHED, load_latest, send_gzipped
from sessions.exports import DOWNLOAD_FORMATS
from sessions.models import AgendaExport, AgendaVersion

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
        query = ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        sub_forum = query.validated_data.get("sub_forum", "")
        if sub_forum and export_format != AgendaExport.Format.ICAL:
            raise Http404(_("Only the iCalendar export exists per sub-forum."))
        language = "" if export_format == AgendaExport.Format.JSON else self.language
        number = query.validated_data.get("version")
        if number is None:
            latest, _snapshot = load_latest(slug)
            number = latest["version"]
            if not number:
                raise Http404(_("The agenda of this edition is not published yet."))
        etag = agenda_cache.etag_for(f"v{number}", "export", export_format, language, sub_forum)
        key = agenda_cache.body_key(slug, etag)
        cached = agenda_cache.get_body(key)
        if cached is None:
            row = _stored_export(slug, number, export_format, language, sub_forum)
            if row is None:
                raise Http404(_("No such export."))
            cached = (bytes(row[0]), row[1], row[2])
            agenda_cache.set_body(key, cached, live=False)
        return send_gzipped(request, cached, etag, CACHE_CONTROL_PUBLISHED, key)


def _stored_export(slug: str, number: int, export_format: str, language: str, sub_forum: str) -> tuple | None:
    """(gzipped body, content type, file name) of one stored export, or None.

    One hand-written query: this is the first request after a publication (or
    in a fresh process), and the ORM took longer to build it than the database
    to answer it. The body is read as stored, without decompressing it.
    """
    with connection.cursor() as cursor:
        cursor.execute(_export_sql(), [slug, number, export_format, language, sub_forum])
        return cursor.fetchone()


@cache
def _export_sql() -> str:
    quote = connection.ops.quote_name

    def col(model: type, name: str) -> str:
        return quote(model._meta.get_field(name).column)

    export, version, edition = (quote(m._meta.db_table) for m in (AgendaExport, AgendaVersion, Edition))
    body, content_type, filename = (col(AgendaExport, name) for name in ("body", "content_type", "filename"))
    wanted = " AND ".join(f"x.{col(AgendaExport, name)} = %s" for name in ("format", "language", "sub_forum_slug"))
    # Only quoted table and column names are interpolated; the values are parameters.
    return (
        f"SELECT x.{body}, x.{content_type}, x.{filename} FROM {export} x "  # noqa: S608
        f"JOIN {version} v ON v.id = x.{col(AgendaExport, 'version')} "
        f"JOIN {edition} e ON e.id = v.{col(AgendaVersion, 'edition')} "
        f"WHERE e.{col(Edition, 'slug')} = %s AND v.{col(AgendaVersion, 'number')} = %s AND {wanted} LIMIT 1"
    )
