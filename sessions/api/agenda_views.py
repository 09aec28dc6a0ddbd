"""The agenda endpoint: the agenda an edition serves, cached per published
version; a conditional GET is answered without SQL when the cache is warm.

Per request: validate the query (no SQL), resolve which agenda the slug serves,
answer a matching If-None-Match with 304, else send the body (see
``sessions.agenda_reader``).
"""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from config.api.base import ApiViewMixin
from sessions import agenda_reader
from sessions.api.agenda import AgendaQuerySerializer, AgendaSerializer, parse_agenda_query
from sessions.responses import (
    CACHE_CONTROL_LIVE,
    CACHE_CONTROL_PUBLISHED,
    accepts_gzip,
    body_response,
    if_none_match,
    not_modified,
)


class AgendaView(ApiViewMixin, APIView):
    response_headers = {"GET": {"200": ("ETag", "Cache-Control"), "304": ("ETag", "Cache-Control")}}

    @extend_schema(
        summary="The agenda of an edition",
        description="The latest published version of the agenda (the live agenda, `version: 0`, until the first "
        "publication), with sessions' speakers, room and sub-forum inlined as `expand` says. Sends `ETag` and "
        "`Cache-Control`; a matching `If-None-Match` is answered with 304.",
        tags=["agenda"],
        parameters=[
            AgendaQuerySerializer,
            OpenApiParameter("If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False),
        ],
        responses={
            200: AgendaSerializer,
            304: OpenApiResponse(description="Not modified: the ETag sent in If-None-Match is still current."),
        },
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        params = parse_agenda_query(request.query_params)
        served = agenda_reader.resolve(slug, params.pop("version", None))
        etag = agenda_reader.agenda_etag(served, self.language, params)
        cache_control = CACHE_CONTROL_LIVE if served.live else CACHE_CONTROL_PUBLISHED
        if if_none_match(request, etag):
            return not_modified(etag, cache_control)
        body, encoding = agenda_reader.agenda_body(
            served, etag=etag, language=self.language, params=params, gzip_ok=accepts_gzip(request)
        )
        return body_response(body, "application/json", etag=etag, cache_control=cache_control, encoding=encoding)
