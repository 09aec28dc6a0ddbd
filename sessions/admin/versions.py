"""Published agenda versions in the admin: read-only, with their changelog and exports.

Registered by ``workspace.admin``, whose add page publishes the next version
(publishing tells attendees and partners, which this app cannot import).
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from forums.admin.scope import ForumScopedAdminMixin, RelatedChoicesFilter
from sessions.models import AgendaVersion


class AgendaVersionAdminBase(ForumScopedAdminMixin, admin.ModelAdmin):
    """Published versions are immutable: read-only, no add, no delete; within the user's forums."""

    forum_path = "edition__forum"
    edition_path = "edition"

    list_display = ["edition", "number", "published_at", "published_by", "change_count", "note"]
    list_filter = [("edition", RelatedChoicesFilter)]
    search_fields = ["note", "edition__title_zh_hans", "edition__title_en"]
    date_hierarchy = "published_at"
    list_select_related = ["edition", "published_by"]
    readonly_fields = ["edition", "number", "published_at", "published_by", "note", "changes", "exports_list"]
    exclude = ["snapshot", "changelog"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AgendaVersion]:
        return super().get_queryset(request).defer("snapshot")

    @admin.display(description=_("changes"))
    def change_count(self, obj: AgendaVersion) -> int:
        return len(obj.changelog)

    @admin.display(description=_("changelog"))
    def changes(self, obj: AgendaVersion) -> str:
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong> {} <code>{}</code></li>",
                (
                    (e["type"], e["title"].get("zh-hans") or e["title"].get("en"), json.dumps(e.get("after", ""))[:200])
                    for e in obj.changelog
                ),
            ),
        )

    @admin.display(description=_("exports"))
    def exports_list(self, obj: AgendaVersion) -> str:
        rows = obj.exports.values_list("format", "language", "sub_forum_slug", "filename")
        return format_html_join(
            "<br>",
            '<a href="{}?lang={}">{}</a> ({})',
            (
                (
                    reverse(
                        "agenda:export-sub-forum" if sub else "agenda:export",
                        args=[obj.edition.slug, fmt, sub] if sub else [obj.edition.slug, fmt],
                    ),
                    language,
                    filename,
                    language or "zh-hans+en",
                )
                for fmt, language, sub, filename in rows
            ),
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AgendaVersion | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AgendaVersion | None = None) -> bool:
        return False
