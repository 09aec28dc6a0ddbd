"""What speakers gave, as the organisers see it: materials (published on their word),
travel plans (organisers only) and their private profiles (read only). The consents are in
``speakers.admin.consents``."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from forums.admin.scope import ForumScopedAdminMixin, RelatedChoicesFilter, SharedDirectoryAdminMixin
from forums.permissions import Can
from speakers import services
from speakers.models import Material, SpeakerProfile, TravelPlan
from speakers.tokens import profile_url
from speakers.views.selfservice import material_response


def _publish(modeladmin: MaterialAdmin, request: HttpRequest, queryset: QuerySet[Material], published: bool) -> int:
    allowed = modeladmin.permitted_rows(request, queryset, Can.PUBLISH)
    return services.publish_materials(materials=allowed, published=published, actor=request.user)


@admin.action(description=_("Publish the files"), permissions=["publish"])
def publish_materials(modeladmin: MaterialAdmin, request: HttpRequest, queryset: QuerySet[Material]) -> None:
    count = _publish(modeladmin, request, queryset, True)
    modeladmin.message_user(request, _("%(count)d file(s) published.") % {"count": count}, messages.SUCCESS)


@admin.action(description=_("Unpublish the files"), permissions=["publish"])
def unpublish_materials(modeladmin: MaterialAdmin, request: HttpRequest, queryset: QuerySet[Material]) -> None:
    count = _publish(modeladmin, request, queryset, False)
    modeladmin.message_user(request, _("%(count)d file(s) no longer published.") % {"count": count}, messages.SUCCESS)


@admin.register(Material)
class MaterialAdmin(ForumScopedAdminMixin, admin.ModelAdmin):
    forum_path = "session__edition__forum"
    edition_path = "session__edition"
    sub_forum_path = "session__sub_forum"
    list_display = ["original_name", "kind", "speaker", "session", "size", "uploaded_at", "is_published", "download"]
    list_filter = ["is_published", "kind", ("session__edition", RelatedChoicesFilter)]
    list_select_related = ["speaker", "session"]
    search_fields = ["original_name", "speaker__name_zh_hans", "speaker__name_en", "session__title_zh_hans"]
    actions = [publish_materials, unpublish_materials]
    fields = [
        "speaker",
        "session",
        "kind",
        "original_name",
        "content_type",
        "size",
        "uploaded_at",
        "is_published",
        "published_at",
        "download",
    ]
    readonly_fields = fields

    @admin.display(description=_("download"))
    def download(self, obj: Material) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:speakers_material_download", args=[obj.pk]), _("download")
        )

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # speakers upload their own files

    def get_urls(self) -> list:
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="speakers_material_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request: HttpRequest, pk: int) -> FileResponse:
        return material_response(self.get_object(request, str(pk)))


@admin.register(TravelPlan)
class TravelPlanAdmin(ForumScopedAdminMixin, admin.ModelAdmin):
    forum_path = "edition__forum"
    edition_path = "edition"
    list_display = [
        "speaker",
        "edition",
        "arrival_at",
        "arrival_station",
        "arrival_number",
        "departure_at",
        "needs_pickup",
        "hotel_check_in",
        "hotel_check_out",
    ]
    list_filter = [("edition", RelatedChoicesFilter), "needs_pickup"]
    list_select_related = ["speaker", "edition"]
    search_fields = ["speaker__name_zh_hans", "speaker__name_en", "arrival_number", "departure_number"]
    autocomplete_fields = ["speaker", "edition"]


@admin.register(SpeakerProfile)
class SpeakerProfileAdmin(SharedDirectoryAdminMixin, admin.ModelAdmin):
    list_display = ["speaker", "language", "publish_recording", "updated_at"]
    list_filter = ["language", "publish_recording"]
    list_select_related = ["speaker"]
    search_fields = ["speaker__name_zh_hans", "speaker__name_en", "speaker__email"]
    fields = [
        "speaker",
        "language",
        "publish_recording",
        "own_link",
        "updated_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("the speaker's own link"))
    def own_link(self, obj: SpeakerProfile) -> str:
        url = profile_url(obj)
        return format_html('<a href="{}">{}</a>', url, url)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
