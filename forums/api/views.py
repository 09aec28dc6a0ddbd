"""Public, read-only forums, editions, sub-forums and rooms."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from config.api.base import ApiViewMixin
from forums.api.filters import EditionFilter, RoomFilter, SubForumFilter
from forums.api.serializers import EditionSerializer, ForumSerializer, RoomSerializer, SubForumSerializer
from forums.models import ROOM_ORDERING, Forum, Room, SubForum
from forums.selectors import public_editions


@extend_schema_view(
    list=extend_schema(
        summary="List forum series",
        description="Every forum series (e.g. the annual forum of a society), its initiator and website.",
        tags=["forums"],
    ),
    retrieve=extend_schema(summary="A forum series", description="One forum series, by its slug.", tags=["forums"]),
)
class ForumViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ForumSerializer
    lookup_field = "slug"
    search_fields = ["name_zh_hans", "name_en", "slug"]
    ordering_fields = ["name", "slug", "first_held_year"]
    filterset_fields: list[str] = []

    def get_queryset(self) -> QuerySet[Forum]:
        return Forum.objects.select_related("initiator").order_by("slug")


@extend_schema_view(
    list=extend_schema(
        summary="List editions",
        description="Editions open to the public (announced, registration open or closed, held), newest first.",
        tags=["forums"],
    ),
    retrieve=extend_schema(
        summary="An edition",
        description="One public edition, by its slug, with its venue and registration window.",
        tags=["forums"],
    ),
)
class EditionViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = EditionSerializer
    lookup_field = "slug"
    filterset_class = EditionFilter
    search_fields = ["title_zh_hans", "title_en", "theme_zh_hans", "theme_en", "host_city_zh_hans", "host_city_en"]
    ordering_fields = ["start", "year", "number"]

    def get_queryset(self):
        return public_editions().select_related("forum", "venue").order_by("-start", "pk")


@extend_schema_view(
    list=extend_schema(
        summary="List sub-forums",
        description="Sub-forums of public editions with their times, rooms, hosts and places left.",
        tags=["forums"],
    ),
    retrieve=extend_schema(summary="A sub-forum", description="One sub-forum of a public edition.", tags=["forums"]),
)
class SubForumViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SubForumSerializer
    filterset_class = SubForumFilter
    search_fields = ["title_zh_hans", "title_en", "theme_zh_hans", "theme_en"]
    ordering_fields = ["start", "order", "title"]

    def get_queryset(self) -> QuerySet[SubForum]:
        return (
            SubForum.objects.filter(edition__in=public_editions())
            .select_related("edition", "room__venue")
            .prefetch_related("hosts")
            .order_by("edition", "start", "order", "pk")
        )


@extend_schema_view(
    list=extend_schema(summary="List rooms", description="Rooms of the venues of public editions.", tags=["forums"]),
    retrieve=extend_schema(summary="A room", description="One room of a public edition's venue.", tags=["forums"]),
)
class RoomViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RoomSerializer
    filterset_class = RoomFilter
    search_fields = ["name_zh_hans", "name_en"]
    ordering_fields = ["name", "capacity"]

    def get_queryset(self) -> QuerySet[Room]:
        return (
            Room.objects.filter(venue__editions__in=public_editions())
            .select_related("venue")
            .distinct()
            .order_by("venue", *ROOM_ORDERING)
        )
