"""The public registration types of an edition. (Registering through the API is a
partner's act: ``partners.api.registrations``.)"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from attendees.api.serializers import RegistrationTypeSerializer
from attendees.models import RegistrationType
from config.api.base import ApiViewMixin
from forums.selectors import public_editions


@extend_schema(
    summary="Registration types of an edition",
    description="The kinds of registration an edition offers, with their sales windows and places left.",
    tags=["registrations"],
)
class RegistrationTypeListView(ApiViewMixin, generics.ListAPIView):
    serializer_class = RegistrationTypeSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[RegistrationType]:
        edition = get_object_or_404(public_editions().only("pk"), slug=self.kwargs["slug"])
        return RegistrationType.objects.filter(edition=edition).select_related("edition").order_by("order", "pk")
