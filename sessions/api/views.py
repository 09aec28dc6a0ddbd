"""Public, read-only speakers, sessions and agenda versions."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, viewsets

from config.api.base import ApiViewMixin
from forums.selectors import public_editions
from sessions.api.filters import SessionFilter, SpeakerFilter
from sessions.api.serializers import (
    AgendaVersionDetailSerializer,
    AgendaVersionSerializer,
    SessionSerializer,
    SpeakerDetailSerializer,
    SpeakerSerializer,
)
from sessions.models import AgendaVersion, Session, SessionSpeaker, Speaker
from sessions.speaker_profiles import public_speakers


@extend_schema_view(
    list=extend_schema(
        summary="List speakers",
        description="People speaking at public editions; public fields only (no contact details).",
        tags=["agenda"],
    ),
    retrieve=extend_schema(
        summary="A speaker",
        description="One speaker, by slug; public fields only, with their sessions in every public edition.",
        tags=["agenda"],
    ),
)
class SpeakerViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SpeakerSerializer
    lookup_field = "slug"
    filterset_class = SpeakerFilter
    search_fields = ["name_zh_hans", "name_en", "affiliation_zh_hans", "affiliation_en"]
    ordering_fields = ["name", "updated_at"]

    def get_queryset(self) -> QuerySet[Speaker]:
        # Only people who speak at a public edition; the subquery keeps rows unique.
        speaking = SessionSpeaker.objects.filter(session__edition__in=public_editions()).values("speaker_id")
        return public_speakers().filter(pk__in=speaking).order_by("name", "pk")

    def get_serializer_class(self) -> type[SpeakerSerializer]:
        return SpeakerDetailSerializer if self.action == "retrieve" else SpeakerSerializer


@extend_schema_view(
    list=extend_schema(
        summary="List sessions",
        description="Sessions of public editions (the live agenda, as organisers edit it), with their speakers.",
        tags=["agenda"],
    ),
    retrieve=extend_schema(summary="A session", description="One session of a public edition.", tags=["agenda"]),
)
class SessionViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    search_fields = ["title_zh_hans", "title_en", "abstract_zh_hans", "abstract_en"]
    ordering_fields = ["start", "updated_at", "title"]

    def get_queryset(self) -> QuerySet[Session]:
        return (
            Session.objects.filter(edition__in=public_editions())
            .select_related("edition", "room", "sub_forum")
            .prefetch_related(
                Prefetch(
                    "speaker_roles", queryset=SessionSpeaker.objects.select_related("speaker").order_by("order", "pk")
                )
            )
            .order_by("start", "pk")
        )


class _VersionsBase(ApiViewMixin):
    def versions(self) -> QuerySet[AgendaVersion]:
        edition = get_object_or_404(public_editions().only("pk"), slug=self.kwargs["slug"])
        return AgendaVersion.objects.filter(edition=edition).defer("snapshot").order_by("-number")


@extend_schema(
    summary="Published versions of an edition's agenda",
    description="Every published version, newest first, without its snapshot.",
    tags=["agenda"],
)
class AgendaVersionListView(_VersionsBase, generics.ListAPIView):
    serializer_class = AgendaVersionSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[AgendaVersion]:
        return self.versions()


@extend_schema(
    summary="One published version with its changelog",
    description="What changed in this version against the one before it.",
    tags=["agenda"],
)
class AgendaVersionDetailView(_VersionsBase, generics.RetrieveAPIView):
    serializer_class = AgendaVersionDetailSerializer
    lookup_field = "number"
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[AgendaVersion]:
        return self.versions()
