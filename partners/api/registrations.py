"""Registration through the API, on a partner's behalf, by the same service as the pages."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from attendees.api.filters import RegistrationFilter
from attendees.api.serializers import RegistrationCreateSerializer, RegistrationSerializer
from attendees.exceptions import RegistrationError, TryAgainError, refusal_codes
from attendees.models import Registration, SubForumChoice
from attendees.services import register_attendee
from config.api.base import ApiViewMixin
from config.api.errors import ErrorSerializer, error_body
from partners import idempotency
from partners.models import ApiKey
from partners.services import editions_for_key, key_allows_edition

# Refusals the API answers otherwise (503), or that registering never raises (the attendee's own pages).
NOT_400 = {TryAgainError.code, "invalid_state", "expired", "not_admitted"}


@extend_schema_view(
    list=extend_schema(
        summary="Registrations this partner made",
        description="Newest first. A key limited to forums or editions lists only their registrations.",
        tags=["registrations"],
    ),
    retrieve=extend_schema(
        summary="A registration this partner made",
        description="Another partner's registration, or one of an edition the key is not limited to, answers 404.",
        tags=["registrations"],
    ),
    create=extend_schema(
        summary="Register an attendee",
        description="Registers under exactly the rules of the registration pages (capacity, waiting list, "
        "overlapping sub-forums, confirmation e-mail). `status` tells the outcome.",
        tags=["registrations"],
        request=RegistrationCreateSerializer,
        parameters=[idempotency.SCHEMA_PARAMETER],
        responses={
            201: RegistrationSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="Invalid input (`errors` names each field), or refused by a registration rule, "
                "`code` saying which: "
                + ", ".join(f"`{code}`" for code in refusal_codes() if code not in NOT_400)
                + ". `no_registration_needed`: a chosen sub-forum is open to everyone, leave it out.",
            ),
            503: OpenApiResponse(
                ErrorSerializer,
                description="Too many registrations at this instant (`code`: `try_again`); nothing was written. "
                "Retry after `Retry-After` seconds, with the same Idempotency-Key.",
            ),
        },
    ),
)
class RegistrationViewSet(
    ApiViewMixin, mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = RegistrationSerializer
    # A replayed answer (Idempotency-Key) says so, whatever it was.
    response_headers = {"POST": dict.fromkeys(("201", "400", "403"), ("Idempotent-Replayed",))}
    lookup_field = "code"
    lookup_value_regex = "[A-Z0-9]{1,16}"
    scopes = {"GET": "registrations:read", "POST": "registrations:write"}
    filterset_class = RegistrationFilter
    search_fields = ["name", "email", "code"]
    ordering_fields = ["created_at", "name"]

    def get_queryset(self) -> QuerySet[Registration]:
        # Another partner's registration, or one of an edition the key is not limited to,
        # is simply not here: it answers 404.
        api_key = self.request.auth
        if not isinstance(api_key, ApiKey):  # schema generation
            return Registration.objects.none()
        return (
            Registration.objects.filter(editions_for_key(api_key, "edition__"), partner=api_key.organisation)
            .select_related("edition", "registration_type")
            .prefetch_related(Prefetch("choices", queryset=SubForumChoice.objects.select_related("sub_forum")))
            .order_by("-created_at", "pk")
        )

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        return idempotency.run_once(request, lambda: self._register(request))

    def _register(self, request: Request) -> Response:
        serializer = RegistrationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not key_allows_edition(request.auth, data["edition"]):
            raise exceptions.PermissionDenied(_("This API key is limited to other forums or editions."))
        try:
            registration = register_attendee(
                edition=data["edition"],
                registration_type=data["registration_type"],
                name=data["name"],
                email=data["email"],
                sub_forums=data["sub_forums"],
                phone=data["phone"],
                organisation=data["organisation"],
                job_title=data["job_title"],
                country=data["country"],
                language=data["language"],
                partner=request.auth.organisation,
            )
        except RegistrationError as exc:
            field = exc.field or "non_field_errors"
            body = error_body(str(exc.message), exc.code, {field: [str(exc.message)]})
            if isinstance(exc, TryAgainError):  # nothing was written; the same request may well succeed
                return Response(body, status=status.HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": "1"})
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        registration = self.get_queryset().get(pk=registration.pk)
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)
