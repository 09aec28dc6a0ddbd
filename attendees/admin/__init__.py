"""Organiser admin for registration types, registrations and their sub-forum choices.

Statuses, codes, sub-forum choices and the places-taken counters are
maintained by ``attendees.services`` (capacity, waiting lists, e-mails), so they
are shown read-only here and changed through the actions in
``attendees.admin.actions``, which call those services: editing or deleting them
by hand would put the counters out of step.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from attendees.admin.actions import (
    CapacityRaceMixin,
    approve_registrations,
    cancel_registrations,
    promote_registration_types,
    reject_registrations,
)
from attendees.enums import ACTIVE_STATUSES, RegistrationStatus
from attendees.exceptions import DuplicateRegistrationError, RegistrationError
from attendees.forms import add_service_error
from attendees.models import Registration, RegistrationType, SubForumChoice
from attendees.services import change_sub_forums, register_attendee, save_and_promote
from forums.admin.scope import (
    ForumScopedAdminMixin,
    ForumScopedInlineMixin,
    RelatedChoicesFilter,
)
from forums.models import SubForum
from forums.permissions import Can, ObjectScope, access_for


class RegistrationAdminForm(forms.ModelForm):
    # Only on the add page: the sub-forums a new registration chooses.
    sub_forums = forms.ModelMultipleChoiceField(
        label=_("sub-forums"),
        queryset=SubForum.objects.select_related("edition"),
        required=False,
        widget=FilteredSelectMultiple(_("sub-forums"), is_stacked=False),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        edition, registration_type = cleaned.get("edition"), cleaned.get("registration_type")
        if edition is not None and registration_type is not None and registration_type.edition_id != edition.pk:
            self.add_error("registration_type", _("This registration type belongs to another edition."))
        elif self.instance.pk is None and not self.errors:
            self._register(cleaned)
        elif "email" in cleaned and self._email_taken(cleaned["email"]):
            self.add_error("email", DuplicateRegistrationError.default_message)
        return cleaned

    def _email_taken(self, email: str) -> bool:
        """Another active registration of this edition has the address (the database would refuse it)."""
        registration = self.instance
        return (
            Registration.objects.filter(
                edition_id=registration.edition_id, email__iexact=email, status__in=ACTIVE_STATUSES
            )
            .exclude(pk=registration.pk)
            .exists()
        )

    def _register(self, cleaned: dict[str, Any]) -> None:
        """An organiser's registration follows the attendees' rules (capacity, waiting
        list, overlap, confirmation e-mail): it is made by the same service, here so
        that a refusal shows on the form. The admin wraps this view in a transaction."""
        try:
            self.instance = register_attendee(
                edition=cleaned["edition"],
                registration_type=cleaned["registration_type"],
                sub_forums=cleaned.get("sub_forums") or (),
                **{field: cleaned.get(field) or "" for field in SERVICE_FIELDS},
                partner=cleaned.get("partner"),
            )
        except RegistrationError as error:
            add_service_error(self, error)


SERVICE_FIELDS = ["name", "email", "phone", "organisation", "job_title", "country", "language"]
REGISTRATION_TIMESTAMPS = [
    "client_ip",
    "created_at",
    "updated_at",
    "expires_at",
    "confirmed_at",
    "waitlisted_at",
    "cancelled_at",
    "checked_in_at",
]


@admin.register(RegistrationType)
class RegistrationTypeAdmin(CapacityRaceMixin, ForumScopedAdminMixin, TranslationAdmin):
    forum_path = "edition__forum"
    edition_path = "edition"
    change_capability = Can.MANAGE_REGISTRATIONS
    list_display = [
        "name",
        "edition",
        "capacity",
        "seats_taken",
        "requires_approval",
        "waitlist_enabled",
        "sales_start",
        "sales_end",
    ]
    list_filter = [("edition", RelatedChoicesFilter), "requires_approval", "waitlist_enabled"]
    list_select_related = ["edition"]
    search_fields = ["name_zh_hans", "name_en", "slug"]
    date_hierarchy = "sales_start"
    autocomplete_fields = ["edition"]
    readonly_fields = ["seats_taken"]
    actions = [promote_registration_types]

    def save_model(self, request: HttpRequest, obj: RegistrationType, form: Any, change: bool) -> None:
        promoted = save_and_promote(obj=obj, created=not change, actor=request.user)
        if promoted:
            self.message_user(request, _("%(count)d promoted from the waiting list.") % {"count": promoted})


class ServiceMaintainedMixin:
    """Rows only the attendee services write: viewable, never added, edited or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SubForumChoiceInline(ServiceMaintainedMixin, ForumScopedInlineMixin, admin.TabularInline):
    model = SubForumChoice
    fields = ["sub_forum", "status", "created_at", "waitlisted_at", "checked_in_at"]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("sub_forum")


class SuspiciousFilter(admin.SimpleListFilter):
    """Unconfirmed registrations sent from an address that sent many (a flood holding places):
    an organiser selects them all and cancels them in one action."""

    title = _("suspicious")
    parameter_name = "suspicious"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, Any]]:
        return [
            (
                "address",
                _("Unconfirmed, from an address with %(count)d or more")
                % {"count": settings.ATTENDEES_SUSPICIOUS_SAME_ADDRESS},
            )
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Registration]) -> QuerySet[Registration]:
        if self.value() != "address":
            return queryset
        crowded = (
            Registration.objects.filter(
                status=RegistrationStatus.PENDING, edition=OuterRef("edition"), client_ip=OuterRef("client_ip")
            )
            .order_by()
            .values("edition")
            .annotate(count=Count("pk"))
            .filter(count__gte=settings.ATTENDEES_SUSPICIOUS_SAME_ADDRESS)
        )
        return queryset.filter(status=RegistrationStatus.PENDING, client_ip__isnull=False).filter(Exists(crowded))


@admin.register(Registration)
class RegistrationAdmin(ForumScopedAdminMixin, admin.ModelAdmin):
    forum_path = "edition__forum"
    edition_path = "edition"
    # A sub-forum host sees the registrations that chose its sub-forums; a registration
    # is changed (approved, cancelled …) as a whole, by the edition's organisers.
    sub_forum_path = "choices__sub_forum"
    change_scope_override = ObjectScope(forum="edition__forum", edition="edition")
    change_capability = Can.MANAGE_REGISTRATIONS
    form = RegistrationAdminForm
    list_display = ["code", "name", "email", "registration_type", "status", "created_at"]
    list_filter = [
        SuspiciousFilter,
        "status",
        ("edition", RelatedChoicesFilter),
        ("registration_type", RelatedChoicesFilter),
        "language",
    ]
    list_select_related = ["registration_type"]
    search_fields = ["=code", "name", "email", "organisation", "phone"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["edition", "registration_type", "partner"]
    fieldsets = [
        (None, {"fields": ["edition", "registration_type", "code", "status"]}),
        (
            _("Attendee"),
            {"fields": ["name", "email", "phone", "organisation", "job_title", "country", "language", "partner"]},
        ),
        (_("Record"), {"fields": REGISTRATION_TIMESTAMPS}),
    ]
    inlines = [SubForumChoiceInline]
    actions = [approve_registrations, reject_registrations, cancel_registrations]

    # Deleting would leave its places counted; the cancel action releases them.
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Registration | None = None) -> list[str]:
        # A new registration starts pending; later changes go through the services.
        # Its edition and type hold its places, so they are fixed once it exists
        # (to move someone, cancel and register them again).
        fixed = ["edition", "registration_type"] if obj is not None else []
        return [*fixed, "code", "status", *REGISTRATION_TIMESTAMPS]

    def get_fieldsets(self, request: HttpRequest, obj: Registration | None = None) -> list:
        if obj is not None:
            return self.fieldsets
        _main, attendee, _record = self.fieldsets
        return [(None, {"fields": ["edition", "registration_type", "sub_forums"]}), attendee]

    def get_form(self, request: HttpRequest, obj: Registration | None = None, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, **kwargs)
        if obj is None and not request.user.is_superuser:
            access = access_for(request)
            sub_forum_scope = ObjectScope(forum="edition__forum", edition="edition")

            # Scoped per request on the form instance: base_fields are shared by every request.
            class ScopedForm(form):
                def __init__(self, *args: Any, **kwargs: Any) -> None:
                    super().__init__(*args, **kwargs)
                    field = self.fields["sub_forums"]
                    field.queryset = access.filter(field.queryset, Can.MANAGE_REGISTRATIONS, sub_forum_scope)

            return ScopedForm
        return form

    def get_inlines(self, request: HttpRequest, obj: Registration | None) -> list:
        # Choices of a new registration are made by the service, from the form's field.
        return self.inlines if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Registration, form: Any, change: bool) -> None:
        if change:  # Only the attendee's details are editable; status and places are not.
            super().save_model(request, obj, form, change)
        # A new registration was saved by register_attendee() during validation.


class AddChoiceForm(forms.ModelForm):
    """Adding a choice is a change of the registration's choices, under the same
    rules as the attendee's own (capacity, waiting list, overlap, limits)."""

    # The organiser adding the choice, set by SubForumChoiceAdmin.get_form (recorded in the audit trail).
    actor: Any = None

    class Meta:
        model = SubForumChoice
        fields = ["registration", "sub_forum"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        registration, sub_forum = cleaned.get("registration"), cleaned.get("sub_forum")
        if registration is None or sub_forum is None or self.errors:
            return cleaned
        current = list(registration.choices.values_list("sub_forum_id", flat=True))
        if sub_forum.pk in current:
            self.add_error("sub_forum", _("This registration has already chosen this sub-forum."))
            return cleaned
        try:
            change_sub_forums(registration=registration, sub_forums=[*current, sub_forum.pk], actor=self.actor)
        except RegistrationError as error:
            add_service_error(self, error)
            return cleaned
        self.instance = SubForumChoice.objects.get(registration=registration, sub_forum=sub_forum)
        return cleaned


@admin.register(SubForumChoice)
class SubForumChoiceAdmin(ServiceMaintainedMixin, ForumScopedAdminMixin, admin.ModelAdmin):
    forum_path = "registration__edition__forum"
    edition_path = "registration__edition"
    sub_forum_path = "sub_forum"
    change_capability = Can.MANAGE_REGISTRATIONS
    add_form = AddChoiceForm
    list_display = ["registration", "sub_forum", "status", "created_at"]
    list_filter = ["status", ("sub_forum", RelatedChoicesFilter)]
    list_select_related = ["registration", "sub_forum"]
    search_fields = ["=registration__code", "registration__name", "registration__email"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["registration", "sub_forum"]

    def get_form(self, request: HttpRequest, obj: SubForumChoice | None = None, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = type("AddChoiceFormFor", (self.add_form,), {"actor": request.user})
        return super().get_form(request, obj, **kwargs)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return ForumScopedAdminMixin.has_add_permission(self, request)

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        # The choice was written by change_sub_forums() during validation; checked like any save.
        return ForumScopedAdminMixin.save_form(self, request, form, change)

    def save_model(self, request: HttpRequest, obj: SubForumChoice, form: Any, change: bool) -> None:
        """Nothing to save: change_sub_forums() wrote the choice during validation."""
